// The partial plotly.js of the dashboard: only the trace types that
// components/figures.py builds (scatter comes with core). Built by
// scripts/build-plotly-bundle.sh into assets/; adding a trace type to a figure
// means adding its module here and rebuilding.
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/treemap'),
]);

module.exports = Plotly;
