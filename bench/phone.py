"""The page as a phone loads it: main-thread work, first chart, largest paint, layout shift.

    .venv/bin/python -m bench.phone             # 5 loads of each page, alternating
    .venv/bin/python -m bench.phone --loads 3 --profile

Serves the dashboard (curated data, ``gunicorn.conf.py``) and the default
one-graph Dash app (``bench/baseline_app.py``) side by side, and loads each
in a fresh headless Chromium that plays a mid-range phone: a 375 x 812
screen (``Emulation.setDeviceMetricsOverride``, mobile, 2x pixels), the CPU
slowed ``CPU_SLOWDOWN`` times (``Emulation.setCPUThrottlingRate``) and a
slow 4G network (``Network.emulateNetworkConditions``: ``NETWORK``, the
figures of Lighthouse's "slow 4G" preset). Loads alternate between the two
pages, so both see the same machine.

Measured in the page, from navigation (observers installed before any of its
scripts by ``Page.addScriptToEvaluateOnNewDocument``):

* total blocking time: the sum over long tasks of their time past 50 ms,
  until the page is idle (no long task for ``QUIET_MS``, the load event
  passed and a chart shown);
* the longest task;
* first chart visible: the first frame in which a chart is on screen -- a
  drawn plotly graph, or a chart's server-drawn preview image once decoded;
* largest contentful paint, and cumulative layout shift.

``--profile`` adds, for the dashboard, the main thread's self time per
script (a CDP CPU profile of one load), for finding what to cut. Nothing here
asserts: docs/PERFORMANCE.md records the results with the targets.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict

from bench.run import Server, chromium, get

CPU_SLOWDOWN = 4
# Lighthouse's "slow 4G": 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up.
NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
PHONE = {"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": True}
QUIET_MS = 5000
TIMEOUT_S = 90

# Installed before the page's own scripts: every long task, paint and shift
# from navigation on, and the first frame with a chart on screen.
OBSERVE_JS = r"""
(() => {
  const m = window.__phone = {tasks: [], lcp: 0, lcpTag: '', cls: 0, firstChart: null};
  new PerformanceObserver(list => { for (const e of list.getEntries()) { m.tasks.push([e.startTime, e.duration]); } })
    .observe({type: 'longtask'});
  new PerformanceObserver(list => { for (const e of list.getEntries()) {
    m.lcp = e.renderTime || e.loadTime || e.startTime; m.lcpTag = e.element ? e.element.tagName + '.' + e.element.className : ''; } })
    .observe({type: 'largest-contentful-paint', buffered: true});
  new PerformanceObserver(list => { for (const e of list.getEntries()) { if (!e.hadRecentInput) { m.cls += e.value; } } })
    .observe({type: 'layout-shift', buffered: true});
  const onScreen = el => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.top < innerHeight && r.bottom > 0; };
  // Layout is read only for a loaded candidate: the probe itself forces no layout while the page loads.
  const shown = () => [...document.querySelectorAll('.js-plotly-plot .main-svg, img.chart-preview')]
    .some(el => (el.tagName !== 'IMG' || (el.complete && el.naturalWidth > 0)) && onScreen(el));
  (function poll() { if (shown()) { m.firstChart = performance.now(); } else { requestAnimationFrame(poll); } })();
})();
"""
IDLE_JS = """
const m = window.__phone, now = performance.now();
const last = m.tasks.reduce((end, t) => Math.max(end, t[0] + t[1]), 0);
return {idle: document.readyState === 'complete' && m.firstChart !== null && now - last > arguments[0], now: now};
"""
RESULT_JS = "return window.__phone;"


def phone_driver():
    driver = chromium()
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", NETWORK)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVE_JS})
    return driver


TOUCH_JS = "window.__touchAt = performance.now(); window.scrollBy(0, 1); return window.__touchAt;"
LIVE_JS = "return !document.getElementById('first-paint') && !!window.DashRenderer && !document.querySelector('.is-booting');"


def load(port: int, profile: bool = False, touch: bool = False) -> dict:
    """One load in a fresh browser; the page's measures once it is idle.

    ``touch``: then the reader's first scroll, and the time until the live
    page has replaced the first paint (Dash started, its charts in view
    drawn), with the main thread's blocking time in between.
    """
    driver = phone_driver()
    try:
        if profile:
            driver.execute_cdp_cmd("Profiler.enable", {})
            driver.execute_cdp_cmd("Profiler.setSamplingInterval", {"interval": 500})
            driver.execute_cdp_cmd("Profiler.start", {})
        driver.get(f"http://127.0.0.1:{port}/")
        end = time.time() + TIMEOUT_S
        while time.time() < end and not driver.execute_script(IDLE_JS, QUIET_MS)["idle"]:
            time.sleep(0.5)
        result = driver.execute_script(RESULT_JS)
        tasks = result["tasks"]
        out = {
            "tbt": sum(max(0.0, d - 50) for _, d in tasks),
            "longest": max((d for _, d in tasks), default=0.0),
            "tasks": len(tasks),
            "first_chart": result["firstChart"],
            "lcp": result["lcp"],
            "lcp_tag": result["lcpTag"],
            "cls": result["cls"],
            "task_list": tasks,
        }
        if profile:
            out["profile"] = driver.execute_cdp_cmd("Profiler.stop", {})["profile"]
        if touch:
            at = driver.execute_script(TOUCH_JS)
            end = time.time() + TIMEOUT_S
            while time.time() < end and not driver.execute_script(LIVE_JS):
                time.sleep(0.2)
            live = driver.execute_script("return performance.now();") if driver.execute_script(LIVE_JS) else None
            after = [(s, d) for s, d in driver.execute_script(RESULT_JS)["tasks"] if s >= at]
            out["touch_to_live"] = live - at if live is not None else None
            out["touch_tbt"] = sum(max(0.0, d - 50) for s, d in after if live is None or s < live)
            out["touch_longest"] = max((d for s, d in after), default=0.0)
        return out
    finally:
        driver.quit()


def self_time_by_script(profile: dict) -> list[tuple[str, float]]:
    """Milliseconds of main-thread self time per script URL (and per program/GC/idle)."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    deltas = profile["timeDeltas"]
    per: dict[str, float] = defaultdict(float)
    for sample, delta in zip(profile["samples"], deltas[1:] + [0]):
        frame = nodes[sample]["callFrame"]
        url = frame.get("url") or f"({frame['functionName'] or 'program'})"
        per[url.rsplit("/", 1)[-1].split("?")[0] or url] += delta / 1000
    return sorted(per.items(), key=lambda kv: -kv[1])


def summarise(name: str, runs: list[dict]) -> list[tuple[str, str]]:
    def med(key):
        values = [r[key] for r in runs if r[key] is not None]
        return statistics.median(values) if values else float("nan")

    return [
        (f"{name}: total blocking time, median", f"{med('tbt'):.0f} ms"),
        (f"{name}: longest task, median / max", f"{med('longest'):.0f} ms / {max(r['longest'] for r in runs):.0f} ms"),
        (f"{name}: long tasks, median", f"{med('tasks'):.0f}"),
        (f"{name}: first chart visible, median", f"{med('first_chart'):.0f} ms"),
        (f"{name}: largest contentful paint, median", f"{med('lcp'):.0f} ms ({runs[0]['lcp_tag'][:40]})"),
        (f"{name}: layout shift, median / max", f"{med('cls'):.3f} / {max(r['cls'] for r in runs):.3f}"),
    ] + ([
        (f"{name}: first scroll -> live page, median", f"{med('touch_to_live'):.0f} ms"),
        (f"{name}:   blocking time until then, median; longest task", f"{med('touch_tbt'):.0f} ms; {med('touch_longest'):.0f} ms"),
    ] if "touch_to_live" in runs[0] else [])


def previews_ready(port: int, timeout: float = 120) -> bool:
    """Wait until the page's first paint shows chart previews (rendered in the background after the first load)."""
    end = time.time() + timeout
    while time.time() < end:
        if b'class="chart-preview"' in get(port, "/"):
            return True
        time.sleep(1)
    return False


def measure(loads: int, profile: bool) -> tuple[list[tuple[str, str]], dict]:
    import tempfile

    workdir = tempfile.mkdtemp(prefix="bench-phone-")
    ours = Server("app:server", {"DASHBOARD_CACHE_DIR": f"{workdir}/cache"}, ours=True)
    baseline = Server("bench.baseline_app:server")
    try:
        runs: dict[str, list[dict]] = {"dashboard": [], "default Dash app": []}
        load(ours.port)  # warm the server's caches and compressed files, not measured
        previews_ready(ours.port)
        for _ in range(loads):
            runs["dashboard"].append(load(ours.port, touch=True))
            runs["default Dash app"].append(load(baseline.port))
        rows = summarise("dashboard", runs["dashboard"]) + summarise("default Dash app", runs["default Dash app"])
        tbt = statistics.median(r["tbt"] for r in runs["dashboard"])
        base = statistics.median(r["tbt"] for r in runs["default Dash app"])
        rows.append(("total blocking time, dashboard / default app", f"{tbt / base:.2f}x" if base else "n/a"))
        extra = {"runs": runs}
        if profile:
            extra["profile"] = self_time_by_script(load(ours.port, profile=True)["profile"])
        return rows, extra
    finally:
        ours.stop()
        baseline.stop()


TARGETS = {
    "dashboard: total blocking time, median": "≤ 0.1x default app",
    "dashboard: longest task, median / max": "≤ 250 ms",
    "dashboard: first chart visible, median": "≤ 1500 ms",
    "dashboard: largest contentful paint, median": "≤ 2500 ms",
    "dashboard: layout shift, median / max": "≤ 0.05",
    "total blocking time, dashboard / default app": "≤ 0.1x",
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Phone-class load of the dashboard and the default Dash app, side by side.")
    parser.add_argument("--loads", type=int, default=5, help="loads of each page (alternating)")
    parser.add_argument("--profile", action="store_true", help="also print the dashboard's main-thread self time per script")
    parser.add_argument("--tasks", action="store_true", help="also print every long task of the dashboard's loads")
    args = parser.parse_args(argv)
    rows, extra = measure(args.loads, args.profile)
    print(f"CPU {CPU_SLOWDOWN}x slower, network {NETWORK['latency']} ms / {NETWORK['downloadThroughput'] * 8 / 1e6:.1f} Mbit/s, "
          f"{PHONE['width']}x{PHONE['height']} mobile; {args.loads} loads each")
    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    print(f"| {'measure'.ljust(width)} | {'result'.ljust(value_width)} | target |")
    print(f"| {'-' * width} | {'-' * value_width} | --- |")
    for name, value in rows:
        print(f"| {name.ljust(width)} | {value.ljust(value_width)} | {TARGETS.get(name, '')} |")
    if args.tasks:
        for run in extra["runs"]["dashboard"]:
            print("tasks:", ", ".join(f"{s:.0f}+{d:.0f}" for s, d in run["task_list"]))
    if args.profile:
        print("\nself time per script, one dashboard load (ms):")
        for url, spent in extra["profile"][:20]:
            print(f"  {spent:8.0f}  {url}")


if __name__ == "__main__":
    main()
