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
# The same esbuild settings as plotly.js's own dist build (esbuild-config.js),
# minified. maplibre's CSS, pulled in by core, lands in a separate file that
# is not copied: no map traces are drawn.
node_modules/.bin/esbuild index.js --bundle --minify --format=iife --global-name=Plotly \
  --target=es2016 --define:global=window --define:define.amd=false \
  --define:process.env.NODE_DEBUG=false --alias:stream=stream-browserify \
  --legal-comments=none --log-level=warning --outfile="$out/plotly.js"
version="$(node -p "require('plotly.js/package.json').version")"
{
  printf '/* plotly.js v%s, partial bundle (scatter, bar, treemap; no images, menus, sliders, range sliders or error bars), MIT licence. Built by scripts/build-plotly-bundle.sh */\n' "$version"
  cat "$out/plotly.js"
} > "$root/assets/plotly-partial.min.js"
ls -l "$root/assets/plotly-partial.min.js"

# regenerator-runtime, the global that Dash's bundles expect from the
# @babel/polyfill the page no longer loads (scripts/plotly-bundle/regenerator.js).
node_modules/.bin/esbuild regenerator.js --bundle --minify --format=iife --target=es2016 \
  --legal-comments=none --log-level=warning --outfile="$out/regenerator.js"
runtime_version="$(node -p "require('regenerator-runtime/package.json').version")"
{
  printf '/* regenerator-runtime v%s, MIT licence. Built by scripts/build-plotly-bundle.sh */\n' "$runtime_version"
  cat "$out/regenerator.js"
} > "$root/assets/regenerator-runtime.min.js"
ls -l "$root/assets/regenerator-runtime.min.js"
