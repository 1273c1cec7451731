/* Chart image export in the browser, shared by a chart's toolbar buttons and
 * its PNG/SVG buttons: a copy of the figure shown, with the view's export
 * patch (filter, language, marker notes, permalink) drawn under the source
 * line, downloaded by Plotly. No server Chromium needed. Loaded from /assets,
 * so the Content-Security-Policy allows it as a same-origin script. */
window.dashboardExport = {
  view: {},  // the current view's export data, kept by a clientside callback
  imageOfView: function (gd, graphId, format) {
    const view = this.view || {};
    this.image(gd, format, (view.patches || {})[graphId], (view.options || {})[graphId]);
  },
  image: function (gd, format, patch, options) {
    if (!gd || !gd.data || !window.Plotly) { return; }
    const opts = options || {};
    const layout = Object.assign({}, gd.layout);
    if (patch) {
      layout.annotations = (layout.annotations || []).concat([patch.annotation]);
      layout.margin = Object.assign({}, layout.margin, {b: ((layout.margin || {}).b || 0) + patch.extra});
      layout.height = patch.height;
    } else {
      layout.height = gd._fullLayout.height;
    }
    window.Plotly.downloadImage({data: gd.data, layout: layout}, {
      format: format,
      width: opts.width,
      height: layout.height,
      scale: format === 'png' ? opts.scale : 1,
      filename: opts.filename,
    }).catch(function (err) { console.warn('export failed', err); });
  },
};
