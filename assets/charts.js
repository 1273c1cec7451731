/* The charts of a view, in the browser: the chart store -> each graph.
 *
 * The server answers a view with every chart ({figure, description, style,
 * key}, or {empty, description} for a chart the view has no data for; see
 * callbacks.chart_item). apply() hands each graph only what changed: a
 * graph whose key is the one it holds is left as it is (redrawing an
 * unchanged chart costs 15-40 ms of the main thread for nothing), and a
 * chart without data is not drawn at all: its box closes to its description
 * line and the graph keeps the figure it had, so a later view with that
 * content opens it again without a redraw.
 *
 * Once the redrawn graphs report plotly_afterplot, apply() sets the
 * charts-settled store to {n, view}: the table, the export data and the
 * URL follow the charts instead of competing with them for the main thread
 * (each callback round of dash-renderer costs 10-15 ms of it), and they read
 * the view the charts show, not a filter that may have moved on.
 *
 * window.dashboardCharts also records the key each graph holds and which
 * graphs the last view redrew (the benchmark waits for exactly those).
 * Called by callbacks.APPLY_CHARTS_JS with the server's settings.
 */
(function () {
    'use strict';

    var state = window.dashboardCharts = {shown: {}, empty: {}, described: {}, redrawn: [], applied: 0};

    // Call settle() once every graph of `graphs` has drawn; if one never
    // reports (a drawing error), after fallbackMs anyway.
    function whenDrawn(graphs, settle, fallbackMs) {
        var waiting = new Set(graphs);
        graphs.forEach(function (g) {
            var gd = document.querySelector('#' + g + ' .js-plotly-plot');
            if (!gd || !gd.on) {
                waiting.delete(g);
                return;
            }
            var drawn = function () {
                gd.removeListener('plotly_afterplot', drawn);
                waiting.delete(g);
                if (!waiting.size) {
                    setTimeout(settle, 0);
                }
            };
            gd.on('plotly_afterplot', drawn);
        });
        setTimeout(settle, waiting.size ? fallbackMs : 0);
    }

    /* On narrow screens charts are drawn when they are about to be seen. A
     * chart whose box is more than a screen away from the viewport keeps its
     * new content in `pending` and is drawn when its box comes near
     * (IntersectionObserver): on a phone a view costs the drawing of the one
     * or two charts in sight, not seven in one long task. From
     * settings.drawAllFrom pixels wide every chart is drawn with the view. */
    var pending = state.pending = {};
    var observer = null;

    function near(box, settings) {
        if (window.innerWidth >= settings.drawAllFrom) {
            return true;
        }
        var r = box.getBoundingClientRect();
        var h = window.innerHeight || document.documentElement.clientHeight;
        return r.bottom >= -h && r.top <= 2 * h;
    }

    function draw(g) {
        var item = pending[g];
        if (!item) {
            return;
        }
        delete pending[g];
        state.shown[g] = item.key;
        window.dash_clientside.set_props(g, {figure: item.figure});
    }

    function watch(settings) {
        if (observer || !('IntersectionObserver' in window)) {
            return;
        }
        var byBox = {};
        settings.graphs.forEach(function (g) { byBox[settings.bodies[g]] = g; });
        observer = new IntersectionObserver(function (entries) {
            entries.forEach(function (entry) {
                if (entry.isIntersecting) {
                    draw(byBox[entry.target.id]);
                }
            });
        }, {rootMargin: '100% 0px'});
        settings.graphs.forEach(function (g) {
            var box = document.getElementById(settings.bodies[g]);
            if (box) {
                observer.observe(box);
            }
        });
        // A phone turned, a window widened: what is now near is drawn.
        window.addEventListener('resize', function () {
            Object.keys(pending).forEach(function (g) {
                var box = document.getElementById(settings.bodies[g]);
                if (!box || near(box, settings)) {
                    draw(g);
                }
            });
        });
    }

    /* [figure x N, style x N, description x N, box class x N] for the page's
     * graphs (settings.graphs), `dc.no_update` where nothing changes. */
    state.apply = function (data, settings, dc) {
        var skip = dc.no_update;
        var items = (data && data.graphs) || {};
        watch(settings);
        var known = settings.graphs.filter(function (g) { return items[g]; });
        // A newer view replaces whatever an earlier one left undrawn.
        known.forEach(function (g) { delete pending[g]; });
        var changed = known.filter(function (g) { return !items[g].empty && state.shown[g] !== items[g].key; });
        var redrawn = changed.filter(function (g) {
            var box = document.getElementById(settings.bodies[g]);
            return !observer || !box || near(box, settings);
        });
        changed.forEach(function (g) {
            if (redrawn.indexOf(g) < 0) {
                pending[g] = items[g];
            }
        });
        var boxes = known.filter(function (g) { return !!items[g].empty !== !!state.empty[g]; });
        var described = known.filter(function (g) { return state.described[g] !== items[g].description; });
        redrawn.forEach(function (g) { state.shown[g] = items[g].key; });
        boxes.forEach(function (g) { state.empty[g] = !!items[g].empty; });
        described.forEach(function (g) { state.described[g] = items[g].description; });
        state.redrawn = redrawn;
        var applied = state.applied += 1;
        var settled = false;
        whenDrawn(redrawn, function () {
            // A newer view's charts settle in their own turn.
            if (!settled && state.applied === applied) {
                settled = true;
                if (window.dashboardA11y) {
                    window.dashboardA11y.quietToolbars(settings.graphs);  // plotly's toolbars out of the Tab order
                }
                dc.set_props(settings.settled, {data: {n: applied, view: (data && data.view) || null}});
                if (window.dashboardBoot) {
                    window.dashboardBoot.live();
                }
            }
        }, settings.fallbackMs);
        var pick = function (list, value) {
            return settings.graphs.map(function (g) { return list.indexOf(g) >= 0 ? value(g) : skip; });
        };
        var closed = settings.bodyClass + ' ' + settings.emptyClass;
        // A chart drawn later takes its height now: the page does not move
        // when it is drawn (nor when the live page replaces the first paint).
        return pick(redrawn, function (g) { return items[g].figure; }).concat(
            pick(changed, function (g) { return items[g].style; }),
            pick(described, function (g) { return items[g].description; }),
            pick(boxes, function (g) { return items[g].empty ? closed : settings.bodyClass; })
        );
    };
}());
