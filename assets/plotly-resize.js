/* Skip the redraw of a chart whose drawing already fills its box.
 *
 * A view change gives a chart a new figure and its box a new height in one
 * callback. dcc.Graph draws the figure at the new size, then its resize
 * observer sees the box change and calls Plotly.Plots.resize, which relayouts
 * with autosize and draws the whole chart a second time at the same size:
 * twice the work for every chart whose height changed (~100 ms of the main
 * thread for five charts on the curated data). Resizes that change the size
 * (window, phone rotation) still go through.
 *
 * Loaded after plotly-partial.min.js (assets load in name order).
 */
(function () {
    'use strict';
    if (!window.Plotly || !window.Plotly.Plots || window.Plotly.Plots.__dashboardResize) {
        return;
    }
    var resize = window.Plotly.Plots.resize;
    window.Plotly.Plots.resize = function (gd) {
        var div = typeof gd === 'string' ? document.getElementById(gd) : gd;
        var full = div && div._fullLayout;
        if (full && Math.abs(div.clientWidth - full.width) < 1 && Math.abs(div.clientHeight - full.height) < 1) {
            return Promise.resolve(div);
        }
        return resize.apply(this, arguments);
    };
    window.Plotly.Plots.__dashboardResize = true;
}());
