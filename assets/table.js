/* The data table's buttons (components/web/table.py renders them), and the
 * provenance panel's (a derived value's inputs, components/web/provenance.py):
 * a row's indicator or an input -> the provenance panel shows that fact; a header ->
 * the table is sorted by its column; a pager button -> that page. The
 * table's box names the stores each sets (data-*-store), so nothing here
 * knows an id. Arrow keys move between the rows' buttons.
 */
(function () {
    'use strict';

    function set(store, data) {
        if (store && window.dash_clientside && window.dash_clientside.set_props) {
            window.dash_clientside.set_props(store, {data: data});
        }
    }

    document.addEventListener('click', function (event) {
        var button = event.target.closest && event.target.closest('button');
        var box = button && button.closest('[data-provenance-store]');
        if (!box) {
            return;
        }
        var stores = box.dataset;
        if (button.dataset.factId) {
            set(stores.provenanceStore, {kind: 'fact', id: button.dataset.factId});
        } else if (button.dataset.sortColumn) {
            set(stores.sortStore, {column: button.dataset.sortColumn, direction: button.dataset.sortDirection});
            set(stores.pageStore, 0);
        } else if (button.dataset.page !== undefined) {
            set(stores.pageStore, parseInt(button.dataset.page, 10) || 0);
        }
    });

    document.addEventListener('keydown', function (event) {
        if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') {
            return;
        }
        var current = event.target.closest && event.target.closest('.facts-table .fact-link');
        if (!current) {
            return;
        }
        var links = Array.prototype.slice.call(current.closest('.facts-table').querySelectorAll('.fact-link'));
        var next = links[links.indexOf(current) + (event.key === 'ArrowDown' ? 1 : -1)];
        if (next) {
            event.preventDefault();
            next.focus();
        }
    });
}());
