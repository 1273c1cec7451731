/* Keyboard and screen-reader repairs of what Dash and Plotly render (window.dashboardA11y).
 *
 * - The language toggle (dcc.RadioItems) is rendered as a listbox of
 *   role="option" labels around native radio buttons: an unnamed listbox
 *   with controls nested in its options (axe: aria-input-field-name,
 *   nested-interactive, aria-allowed-role). langToggle() makes it what it
 *   is, a radio group named by its label, and keeps it so: React sets the
 *   labels' aria-selected again on every change, so a MutationObserver on
 *   the toggle alone (never the page) removes it again.
 * - Plotly's toolbar buttons are mouse helpers; with five per chart they
 *   were most of the page's Tab stops. quietToolbar() takes them out of the
 *   Tab order after every drawing (the PNG and SVG buttons under each chart
 *   do the same from the keyboard); they keep their names for screen readers.
 * - A chart's PNG and SVG buttons are one toolbar, one Tab stop: the arrow
 *   keys (and Home, End) move between its buttons (roving tabindex).
 *
 * Called by clientside.js pageLanguage and by charts.js once a view's charts
 * are drawn; the toolbar keys are one document listener.
 */
(function () {
    'use strict';

    function repairToggle(toggle, labelId) {
        if (toggle.getAttribute('role') !== 'radiogroup') {
            toggle.setAttribute('role', 'radiogroup');
        }
        if (labelId && toggle.getAttribute('aria-labelledby') !== labelId) {
            toggle.setAttribute('aria-labelledby', labelId);
        }
        toggle.querySelectorAll('label[role], label[aria-selected]').forEach(function (label) {
            label.removeAttribute('role');
            label.removeAttribute('aria-selected');
        });
    }

    var watched = new WeakSet();

    // Called with the page load's callbacks: the toggle may be a frame from
    // being rendered.
    function langToggle(toggleId, labelId, tries) {
        var toggle = document.getElementById(toggleId);
        if (!toggle) {
            if ((tries || 0) < 60) {
                requestAnimationFrame(function () { langToggle(toggleId, labelId, (tries || 0) + 1); });
            }
            return;
        }
        repairToggle(toggle, labelId);
        if (!watched.has(toggle)) {
            watched.add(toggle);
            new MutationObserver(function () { repairToggle(toggle, labelId); })
                .observe(toggle, {attributes: true, subtree: true, childList: true, attributeFilter: ['role', 'aria-selected']});
        }
    }

    function quiet(gd) {
        gd.querySelectorAll('.modebar-btn:not([tabindex="-1"])').forEach(function (button) {
            button.setAttribute('tabindex', '-1');
        });
    }

    // Plotly builds the toolbar anew when its buttons change (the language
    // does that), always followed by plotly_afterplot.
    function quietToolbar(gd) {
        if (!gd || !gd.on) {
            return;
        }
        if (!gd.__dashboardQuietToolbar) {
            gd.__dashboardQuietToolbar = true;
            gd.on('plotly_afterplot', function () { quiet(gd); });
        }
        quiet(gd);
    }

    function quietToolbars(graphIds) {
        graphIds.forEach(function (g) { quietToolbar(document.querySelector('#' + CSS.escape(g) + ' .js-plotly-plot')); });
    }

    var MOVES = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1};

    document.addEventListener('keydown', function (event) {
        var button = event.target.closest && event.target.closest('.chart-export[role="toolbar"] button');
        if (!button || !(event.key in MOVES || event.key === 'Home' || event.key === 'End')) {
            return;
        }
        var buttons = Array.prototype.slice.call(button.parentNode.querySelectorAll('button'));
        var at = buttons.indexOf(button);
        var next = event.key === 'Home' ? 0 : event.key === 'End' ? buttons.length - 1
            : (at + MOVES[event.key] + buttons.length) % buttons.length;
        event.preventDefault();
        buttons.forEach(function (b, i) { b.setAttribute('tabindex', i === next ? '0' : '-1'); });
        buttons[next].focus();
    });

    window.dashboardA11y = {langToggle: langToggle, quietToolbars: quietToolbars};
}());
