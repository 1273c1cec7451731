/* The page's browser-side callbacks, as named functions (dash ClientsideFunction
 * "dashboard", wired in components/web/callbacks/).
 *
 * Each one is a thin adapter: it reads its settings from the page-settings
 * store (the server's ids, limits and texts, handed over as data, never
 * formatted into script text) and calls the module that does the work:
 * window.dashboardView (view-state.js), window.dashboardCharts (charts.js),
 * window.dashboardExport (export-image.js). Loaded from /assets, so the
 * Content-Security-Policy allows it as a same-origin script and no inline
 * script is needed for any callback.
 */
(function () {
    'use strict';

    var dc = window.dash_clientside = window.dash_clientside || {};

    function known(options) {
        return (options || []).map(function (option) { return option.value; });
    }

    dc.dashboard = {
        // The URL (page load, back/forward) or a click on the overview -> the view.
        viewFromUrl: function (search, click, options, indicatorOptions, regions, lang, indicator, sort, q, settings) {
            var trigger = dc.callback_context.triggered_id || null;
            var state = {search: search, regions: regions, lang: lang, indicator: indicator, sort: sort, q: q, click: click};
            var env = {known: known(options), indicators: known(indicatorOptions), settings: settings.view};
            return window.dashboardView.fromUrl(trigger, state, env, dc.no_update);
        },

        // The view's charts drawn, or the table sorted or searched -> the URL of the view (and a notice for a bad value).
        viewToUrl: function (settled, sort, q, regions, lang, indicator, options, indicatorOptions, search, notice, settings) {
            var state = {search: search, regions: regions, lang: lang, indicator: indicator, sort: sort, q: q, notice: notice};
            var env = {known: known(options), indicators: known(indicatorOptions), settings: settings.view};
            return window.dashboardView.toUrl(settled && settled.view, state, env, dc.no_update);
        },

        // The chart store -> each graph's figure, height, description and box.
        applyCharts: function (data, settings) {
            return window.dashboardCharts.apply(data, settings.charts, dc);
        },

        // A chart's PNG/SVG button -> an image of the chart with the view drawn in.
        exportImage: function () {
            var settings = arguments[arguments.length - 1];
            var store = arguments[arguments.length - 2] || {};
            var trigger = (dc.callback_context.triggered[0] || {}).prop_id || '';
            var button = settings.export.buttons[trigger.replace(/\.n_clicks$/, '')];
            if (!button || !window.dashboardExport) {
                return;
            }
            var gd = document.querySelector('#' + CSS.escape(button.graph) + ' .js-plotly-plot');
            window.dashboardExport.image(gd, button.format, (store.patches || {})[button.graph], (store.options || {})[button.graph]);
        },

        // The view's export data, kept for the toolbar buttons (read when clicked).
        keepExportView: function (view) {
            if (window.dashboardExport) {
                window.dashboardExport.view = view || {};
            }
        },

        // The language -> every graph's toolbar. A toolbar button is a
        // JavaScript function, which JSON cannot carry, so it is built here;
        // dcc.Graph applies a new config only with its next figure, so the
        // config holds no view: a button reads the view's export data when
        // clicked (window.dashboardExport.view).
        graphConfigs: function (lang, settings) {
            var toolbar = settings.toolbar;
            var titles = toolbar.titles[lang] || toolbar.titles[settings.view.defaultLang];
            return toolbar.graphs.map(function (graphId) {
                var button = function (name, format, icon) {
                    return {
                        name: name,
                        title: titles[format],
                        icon: window.Plotly && window.Plotly.Icons ? window.Plotly.Icons[icon] : undefined,
                        click: function (gd) { window.dashboardExport.imageOfView(gd, graphId, format); },
                    };
                };
                // Exactly these buttons: the image exports, then zoom and reset where there are axes.
                var buttons = [[button('export-png', 'png', 'camera'), button('export-svg', 'svg', 'disk')]];
                if ((toolbar.zoom[graphId] || []).length) {
                    buttons.push(toolbar.zoom[graphId]);
                }
                return Object.assign({}, toolbar.base, {
                    modeBarButtons: buttons,
                    locale: toolbar.locales[lang] || toolbar.locales[settings.view.defaultLang],
                });
            });
        },

        // Export all clicked -> what is being rendered, until the server answers.
        exportAllStarted: function (clicks, lang, settings) {
            var texts = settings.export.rendering;
            return texts[lang] || texts[settings.view.defaultLang];
        },

        // The language -> <html lang> and the page root's (screen readers
        // choose their voice by it; the server wrote the URL's), and the
        // language toggle a named radio group (assets/a11y.js).
        pageLanguage: function (lang, settings) {
            var page = settings.page;
            var tag = page.htmlLangs[lang] || page.htmlLangs[settings.view.defaultLang];
            document.documentElement.lang = tag;
            if (window.dashboardA11y) {
                window.dashboardA11y.langToggle(page.langToggle, page.langLabel);
            }
            return tag;
        },

        // A selection -> on narrow screens the provenance panel opens as a
        // sheet over the page where the tap was (no scrolling past the table),
        // with a button back to the chart; on wide screens it is beside them.
        revealProvenance: function (selection, settings) {
            var panel = document.getElementById(settings.provenance.panel);
            if (selection && panel && window.innerWidth < settings.provenance.besideFrom) {
                panel.dataset.sheet = 'open';
                panel.scrollTop = 0;
                panel.focus({preventScroll: true});
            }
        },
    };

    // Where the reader was before the sheet opened: the chart or button tapped.
    var origin = null;
    document.addEventListener('click', function (event) {
        var target = event.target;
        if (!target.closest || target.closest('[data-sheet]')) {
            return;
        }
        origin = target.closest('.dash-graph') || target.closest('button') || origin;
    }, true);

    function closeSheet(panel) {
        delete panel.dataset.sheet;
        if (origin && document.body.contains(origin)) {
            var focusable = origin.matches('button') ? origin : origin.querySelector('.main-svg') || origin;
            if (!focusable.hasAttribute('tabindex') && !focusable.matches('button')) {
                focusable.setAttribute('tabindex', '-1');
            }
            focusable.focus({preventScroll: true});
        }
    }

    document.addEventListener('click', function (event) {
        var back = event.target.closest && event.target.closest('[data-sheet-back]');
        var panel = back && back.closest('[data-sheet]');
        if (panel) {
            closeSheet(panel);
        }
    });
    document.addEventListener('keydown', function (event) {
        var panel = event.key === 'Escape' && document.querySelector('[data-sheet="open"]');
        if (panel) {
            closeSheet(panel);
        }
    });
}());
