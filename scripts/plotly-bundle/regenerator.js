// regenerator-runtime as the page's global regeneratorRuntime: the one part
// of @babel/polyfill that Dash's own bundles use (their lazy component
// loaders call regeneratorRuntime.mark/wrap). The page ships this instead of
// the 100 KB polyfill (see components/assets_serving.py, LeanDash), which
// also replaced native builtins such as String.prototype.trim with slower
// copies. Built by scripts/build-plotly-bundle.sh into assets/.
'use strict';

window.regeneratorRuntime = require('regenerator-runtime/runtime');
