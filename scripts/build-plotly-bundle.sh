#!/usr/bin/env bash
# Build assets/plotly-partial.min.js: plotly.js with only the trace types the
# dashboard draws (scatter from core, bar, treemap) and the layout components
# they use (see scripts/plotly-bundle/index.js). dcc.Graph uses window.Plotly when a page
# script has set it, so Dash's full 4.8 MB plotly.min.js is never fetched.
#
# plotly.js is pinned in scripts/plotly-bundle/package-lock.json to the
# version plotly.py ships (head -c 300 .venv/lib/python3.11/site-packages/
# plotly/package_data/plotly.min.js); bump both together. Needs node and npm;
# the built file is committed, so serving needs neither.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$here/plotly-bundle"
npm ci --no-audit --no-fund --loglevel=error
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# bundle ENTRY ASSET HEADER [ESBUILD ARGS...]: minify ENTRY into assets/ASSET
# with HEADER (a /* */ comment) on its first line.
bundle() {
  local entry="$1" asset="$2" header="$3"
  shift 3
  node_modules/.bin/esbuild "$entry" --bundle --minify --format=iife --target=es2016 \
    --legal-comments=none --log-level=warning --outfile="$out/$asset" "$@"
  { printf '%s\n' "$header"; cat "$out/$asset"; } > "$root/assets/$asset"
  ls -l "$root/assets/$asset"
}

# The same esbuild settings as plotly.js's own dist build (esbuild-config.js),
# minified. maplibre's CSS, pulled in by core, lands in a separate file that
# is not copied: no map traces are drawn.
version="$(node -p "require('plotly.js/package.json').version")"
bundle index.js plotly-partial.min.js \
  "/* plotly.js v$version, partial bundle (scatter, bar, treemap; no images, menus, sliders, range sliders or error bars), MIT licence. Built by scripts/build-plotly-bundle.sh */" \
  --global-name=Plotly --define:global=window --define:define.amd=false \
  --define:process.env.NODE_DEBUG=false --alias:stream=stream-browserify

# regenerator-runtime, the global that Dash's bundles expect from the
# @babel/polyfill the page no longer loads (scripts/plotly-bundle/regenerator.js).
runtime_version="$(node -p "require('regenerator-runtime/package.json').version")"
bundle regenerator.js regenerator-runtime.min.js \
  "/* regenerator-runtime v$runtime_version, MIT licence. Built by scripts/build-plotly-bundle.sh */"
