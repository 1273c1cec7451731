"""Regenerate docs/screenshot.png: the dashboard as headless Chromium draws it.

    make screenshot
    .venv/bin/python scripts/screenshot.py --url "/?region=huanjiang&lang=en" --width 375 --out /tmp/phone.png
    .venv/bin/python scripts/screenshot.py --element clusters-graph --width 375 --out /tmp/clusters.png

Serves the app on a free loopback port in this process, opens it in Debian's
Chromium, waits until every chart is drawn and no callback is running, and
saves a full-page screenshot.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from components.charts.registry import GRAPHS  # noqa: E402

READY_JS = """
const graphs = arguments[0].map(id => document.querySelector('#' + id + ' .js-plotly-plot'));
const drawn = graphs.every(gd => gd && gd.layout && gd.layout.title);
const busy = document.querySelectorAll('[data-dash-is-loading="true"]').length;
return drawn && busy === 0 && document.querySelectorAll('#facts-table td').length > 0;
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="/", help="path and query of the view, e.g. /?lang=en")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--full", action="store_true", help="the whole page, not just the first screens")
    parser.add_argument("--element", help="only the element with this id, e.g. a chart's graph id")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as cache_dir:
        app = create_app({"DASHBOARD_CACHE_DIR": cache_dir})
        server = make_server("127.0.0.1", 0, app.server, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        options = Options()
        options.binary_location = "/usr/bin/chromium"
        for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                     f"--window-size={args.width},1000"):
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options)
        try:
            driver.get(f"http://127.0.0.1:{server.server_port}{args.url}")
            deadline = time.time() + 30
            while not driver.execute_script(READY_JS, list(GRAPHS)):
                if time.time() > deadline:
                    print("error: the dashboard did not finish drawing in 30 s", file=sys.stderr)
                    return 1
                time.sleep(0.2)
            time.sleep(1.0)  # let plotly finish its transitions
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(args.width, height if args.full else min(height, 2400))
            time.sleep(0.5)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            if args.element:
                driver.find_element("id", args.element).screenshot(str(args.out))
            else:
                driver.save_screenshot(str(args.out))
        finally:
            driver.quit()
            server.shutdown()
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
