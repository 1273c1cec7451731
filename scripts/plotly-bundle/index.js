// The partial plotly.js of the dashboard: plotly.js's core (src/core.js)
// with only the components and trace types that components/figures.py uses.
// Built by scripts/build-plotly-bundle.sh into assets/; adding a trace type
// or a layout component to a figure means adding its module here and
// rebuilding.
//
// This file follows plotly.js/src/core.js of the pinned version, minus the
// components no chart uses: annotations3d, images, updatemenus, sliders,
// rangeslider, rangeselector and errorbars (~70 KB of minified code). Code
// elsewhere in plotly.js reaches components through the registry
// (Registry.getComponentMethod), which answers a no-op for one that is not
// registered, and their layout attributes are then unknown and ignored.
'use strict';

exports.version = require('plotly.js/src/version').version;

require('native-promise-only');
require('plotly.js/build/plotcss');

var Registry = require('plotly.js/src/registry');
var register = exports.register = Registry.register;

var plotApi = require('plotly.js/src/plot_api');
Object.keys(plotApi).forEach(function(name) {
    // _ -> private API methods, but still registered for internal use
    if(name.charAt(0) !== '_') exports[name] = plotApi[name];
    register({moduleType: 'apiMethod', name: name, fn: plotApi[name]});
});

register(require('plotly.js/src/traces/scatter'));

register([
    require('plotly.js/src/components/annotations'),
    require('plotly.js/src/components/selections'),
    require('plotly.js/src/components/shapes'),
    require('plotly.js/src/components/grid'),
    require('plotly.js/src/components/colorscale'),
    require('plotly.js/src/components/colorbar'),
    require('plotly.js/src/components/legend'), // after shapes: legend defaults depend on them
    require('plotly.js/src/components/fx'), // after legend: unified hover defaults depend on it
    require('plotly.js/src/components/modebar')
]);

register([
    require('plotly.js/src/locale-en'),
    require('plotly.js/src/locale-en-us')
]);

exports.Icons = require('plotly.js/src/fonts/ploticon');

var Fx = require('plotly.js/src/components/fx');
var Plots = require('plotly.js/src/plots/plots');

exports.Plots = {
    resize: Plots.resize,
    graphJson: Plots.graphJson,
    sendDataToCloud: Plots.sendDataToCloud
};
exports.Fx = {
    hover: Fx.hover,
    unhover: Fx.unhover,
    loneHover: Fx.loneHover,
    loneUnhover: Fx.loneUnhover
};
exports.Snapshot = require('plotly.js/src/snapshot');
exports.PlotSchema = require('plotly.js/src/plot_api/plot_schema');

// The trace types the charts draw besides scatter.
register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/treemap')
]);
