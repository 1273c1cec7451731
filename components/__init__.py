"""The regional-innovation dashboard, in rooms (docs/ARCHITECTURE.md draws the data's way):

  data/      the curated tables: schema and vocabularies, loader and checks,
             number parser, quote matching, coverage, the store
  charts/    one module per chart, the shared style, and the registry of charts
  services/  what the page, downloads and command line ask of the data: chart
             outputs, table pages, CSV, export bundles, the cache (no Dash)
  web/       the Dash page: layout, ids, URL state, callbacks, the download API,
             and http/ (security, static files, response caching)
  export/    chart images that carry their context, the bundle, the renderer
  text/      every text in both languages, and number formatting
  cli/       the command-line tools: curate, synthetic, export
  config     settings: embedded defaults < environment < tests
"""
