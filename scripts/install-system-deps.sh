#!/usr/bin/env bash
# System packages for the browser tests and for Chinese text in exported
# images: Debian's Chromium and ChromeDriver, and a CJK font; redis-server
# for the shared-cache integration tests; Node.js and npm for the pinned
# axe-core of the accessibility audit (make axe). Installs only
# what is missing, so it is cheap to run again.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
# The integration tests start their own redis-server on a loopback port.
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
# `npm ci` installs axe-core (tests/browser/axe); CI images usually have node.
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  need+=(fonts-wqy-microhei fontconfig)
fi
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "error: installing ${need[*]} needs root or sudo" >&2; exit 1; }
  sudo="sudo"
fi
echo "installing system packages: ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
