"""The performance benchmark: every measurement side by side, in one run, one table.

    .venv/bin/python -m bench.run            # about 8 minutes on 2 cores
    .venv/bin/python -m bench.run --quick    # fewer repetitions, no full-size step

Starts gunicorn (2 workers, control socket off, 127.0.0.1 on free ports) for
the dashboard on the curated data, the tutorial-style baseline Dash app and a
bare Flask endpoint; drives headless Chromium for page weight, time to first
chart and filter -> repaint; posts callbacks for latency and throughput
(8 client threads, bounded in time); reads RSS per worker from /proc; and
repeats load time, callback latency and memory on synthetic national data
(components.cli.synthetic) at growing sizes. Nothing here asserts: docs/PERFORMANCE.md
records the results with the targets.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from components.charts.registry import GRAPHS as CHART_GRAPHS
from components.web import dash_internals
from components.web.ids import CHART_DATA, INDICATOR_SELECT, LANG_TOGGLE, REGION_FILTER

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
GUNICORN = str(Path(PY).parent / "gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A gunicorn on a free loopback port, stopped by its PID."""

    def __init__(self, target: str, env: dict | None = None, ours: bool = False, cwd: Path = ROOT):
        self.port = free_port()
        args = [GUNICORN, "--bind", f"127.0.0.1:{self.port}", "--workers", "2", "--threads", "2"]
        args += ["-c", "gunicorn.conf.py"] if ours else ["--no-control-socket", "--preload"]
        self.started = time.perf_counter()
        # A file, not a pipe: nobody reads a pipe while the server runs, and a
        # full pipe would block the server mid-benchmark.
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            args + [target], cwd=cwd, env={**os.environ, "GUNICORN_LOGLEVEL": "warning", **(env or {})},
            stdout=subprocess.DEVNULL, stderr=self.log,
        )
        self.ready = self._wait()

    def log_tail(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-2000:]

    def _wait(self, timeout: float = 180) -> float:
        end = time.time() + timeout
        while time.time() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), 0.2):
                    return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def worker_rss_mb(self) -> list[float]:
        return [c.memory_info().rss / 2**20 for c in psutil.Process(self.proc.pid).children()]

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def post(port: int, path: str, body: bytes, conn: http.client.HTTPConnection | None = None) -> tuple[int, float]:
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    start = time.perf_counter()
    conn.request("POST", path, body, {"Content-Type": "application/json"})
    response = conn.getresponse()
    response.read()
    return response.status, time.perf_counter() - start


def get(port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    return conn.getresponse().read()


def callback_body(outputs: list[tuple[str, str]], inputs: list[tuple[str, str, object]]) -> bytes:
    """A /_dash-update-component request as dash-renderer sends it (components.web.dash_internals)."""
    return json.dumps(dash_internals.callback_body(outputs, inputs)).encode()


def charts_body(regions: list[str], lang: str = "zh") -> bytes:
    return callback_body([(CHART_DATA, "data")], [(REGION_FILTER, "value", regions), (LANG_TOGGLE, "value", lang), (INDICATOR_SELECT, "value", None)])


TRIVIAL_BODY = callback_body([("echo", "children")], [("choice", "value", "b")])


def latencies(port: int, bodies: list[bytes], n: int) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    out = []
    for i in range(n):
        status, seconds = post(port, "/_dash-update-component", bodies[i % len(bodies)], conn)
        if status != 200:
            raise RuntimeError(f"callback failed with {status}")
        out.append(seconds)
    return out


def throughput(port: int, path: str, body: bytes | None, clients: int = 8, seconds: float = 5.0) -> tuple[float, int]:
    """(requests per second, errors) of ``clients`` threads for ``seconds``."""
    counts, errors = [0] * clients, [0] * clients
    stop = time.perf_counter() + seconds

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < stop:
            try:
                if body is None:
                    conn.request("GET", path)
                else:
                    conn.request("POST", path, body, {"Content-Type": "application/json"})
                response = conn.getresponse()
                response.read()
                counts[k] += 1
                errors[k] += response.status != 200
            except (OSError, http.client.HTTPException):
                errors[k] += 1
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.perf_counter() - start), sum(errors)


# ---------------------------------------------------------------- browser

WAIT_CHARTS_JS = """
const done = arguments[arguments.length - 1], ids = arguments[0];
function drawn() {
  return ids.every(id => { const gd = document.querySelector('#' + id + ' .js-plotly-plot');
    return gd && gd._fullLayout && gd.querySelector('.main-svg') && gd.data && gd.data.length; });
}
(function poll() { drawn() ? done(performance.now()) : requestAnimationFrame(poll); })();
"""
# Filter (or language) -> every chart shows the new view: the page's chart
# dispatcher (window.dashboardCharts, assets/clientside.js applyCharts) hands new
# figures only to the graphs whose content changed and closes the boxes of
# charts without data; done when each redrawn graph has drawn, at the next
# frame. A graph left as it was already shows the view.
REPAINT_JS = """
const done = arguments[arguments.length - 1], ids = arguments[0], value = arguments[1];
const control = arguments[2];
const plots = ids.map(id => document.querySelector('#' + id + ' .js-plotly-plot'));
const state = window.dashboardCharts, applied = state.applied, drawn = new Set();
const start = performance.now();
let finished = false;
const listeners = plots.map((gd, i) => () => { drawn.add(ids[i]); check(); });
function finish(result) {
  finished = true;
  plots.forEach((gd, i) => gd.removeListener('plotly_afterplot', listeners[i]));
  done(result);
}
function check() {
  if (finished) { return; }
  if (state.applied > applied && state.redrawn.every(id => drawn.has(id))) {
    finished = true;
    // The next frame: boxes opened or closed in the same commit are laid out by then.
    requestAnimationFrame(() => finish({ms: performance.now() - start, redrawn: state.redrawn.length}));
  }
}
plots.forEach((gd, i) => gd.on('plotly_afterplot', listeners[i]));
(function poll() { check(); if (!finished) { requestAnimationFrame(poll); } })();
window.dash_clientside.set_props(control, {value: value});
setTimeout(() => { if (!finished) { finish(null); } }, 10000);
"""


def chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(30)
    return driver


def transferred(driver) -> tuple[int, list[str]]:
    """Bytes on the wire (CDP encodedDataLength) and URLs since the last call."""
    total, urls, seen = 0, [], {}
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.requestWillBeSent":
            seen[params["requestId"]] = params["request"]["url"]
        elif message["method"] == "Network.loadingFinished":
            total += int(params.get("encodedDataLength", 0))
            urls.append(seen.get(params["requestId"], "?"))
    return total, urls


def page_load(driver, port: int, graphs: tuple[str, ...]) -> tuple[int, float, list[str]]:
    driver.get(f"http://127.0.0.1:{port}/")
    drawn_at = driver.execute_async_script(WAIT_CHARTS_JS, list(graphs)) / 1000
    time.sleep(1.0)  # the table and texts land after the charts
    total, urls = transferred(driver)
    return total, drawn_at, urls


def browser_measures(ours: int, baseline: int, loads: int, repaints: int) -> dict:
    driver = chromium()
    try:
        results: dict = {}
        driver.execute_cdp_cmd("Network.enable", {})
        # The first visit asks for the default view's chart previews, drawn in
        # the background: measured once they are there (and the renderer quiet).
        page_load(driver, ours, CHART_GRAPHS)
        from bench.phone import previews_ready

        results["previews"] = previews_ready(ours)
        driver.execute_cdp_cmd("Network.clearBrowserCache", {})
        transferred(driver)
        weight, _, urls = page_load(driver, ours, CHART_GRAPHS)
        repeat, _, _ = page_load(driver, ours, CHART_GRAPHS)
        results["weight"], results["repeat"] = weight, repeat
        results["plotly_min_fetched"] = any("plotly.min.js" in u for u in urls)
        firsts = []
        for _ in range(loads):
            driver.execute_cdp_cmd("Network.clearBrowserCache", {})
            firsts.append(page_load(driver, ours, CHART_GRAPHS)[1])
        results["first_chart"] = firsts
        times, redrawn, timeouts = [], [], 0
        selections = (["huanjiang"], ["jiangxi", "yueqing"], ["zhangjiagang"], [])
        for i in range(repaints):
            value = driver.execute_async_script(REPAINT_JS, list(CHART_GRAPHS), selections[i % len(selections)], REGION_FILTER)
            if value is None:
                timeouts += 1
            else:
                times.append(value["ms"] / 1000)
                redrawn.append(value["redrawn"])
            time.sleep(0.2)
        results["repaint"], results["repaint_timeouts"], results["redrawn"] = times, timeouts, redrawn
        # The worst case for comparison: a language switch redraws all seven.
        switches = []
        for i in range(max(4, repaints // 3)):
            value = driver.execute_async_script(REPAINT_JS, list(CHART_GRAPHS), "en" if i % 2 == 0 else "zh", LANG_TOGGLE)
            if value is not None:
                switches.append(value["ms"] / 1000)
            time.sleep(0.2)
        results["lang_repaint"] = switches
    finally:
        driver.quit()
    # The baseline in a browser of its own: nothing of the dashboard's session
    # (cache, handlers, timers) carries over into its measure.
    driver = chromium()
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        results["baseline_weight"] = page_load(driver, baseline, ("graph",))[0]
        return results
    finally:
        driver.quit()


# ---------------------------------------------------------------- scale


# The growth series: 1x is the curated data's order of size (3 counties, 900
# facts), each step ten times the counties before, up to all 2,850 (855,000).
STEP_NAMES = {0.001: "1x", 0.01: "10x", 0.1: "100x", 1.0: "full"}


def scale_step(scale: float, workdir: Path, calls: int) -> dict:
    from components.cli import synthetic

    out = workdir / f"scale_{scale}"
    counts = synthetic.generate(out, scale=scale)
    load = subprocess.run(
        [PY, "-c", "import time,sys;t=time.perf_counter();from components.data.loader import load_dataset;"
         "d=load_dataset(sys.argv[1],sys.argv[2]);print(time.perf_counter()-t)", str(out / "data"), str(out / "seeds")],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    env = {"DASHBOARD_DATA_DIR": str(out / "data"), "DASHBOARD_SEEDS_DIR": str(out / "seeds"),
           "DASHBOARD_CACHE_DIR": str(workdir / f"cache_{scale}"),
           # No views built ahead: "first" is then every selection's first build.
           "DASHBOARD_WARM_SECONDS": "0"}
    server = Server("app:server", env, ours=True)
    try:
        counties = [c[0] for c in synthetic.counties_for(scale)]
        cold = latencies(server.port, [charts_body([c]) for c in counties[:calls]], calls)
        warm = latencies(server.port, [charts_body([c]) for c in counties[:calls]], calls)
        return {"facts": counts["facts"], "load": float(load.stdout.strip()), "cold": cold, "warm": warm,
                "rss": server.worker_rss_mb(), "start": server.ready}
    finally:
        server.stop()
        shutil.rmtree(out, ignore_errors=True)


# ---------------------------------------------------------------- report


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run every performance measurement and print one table.")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions; skip the full-size scale step")
    parser.add_argument("--no-phone", action="store_true", help="skip the phone-class loads (bench.phone)")
    args = parser.parse_args(argv)
    n_lat, n_loads, n_repaint, tp_seconds = (60, 3, 12, 3.0) if args.quick else (300, 5, 30, 5.0)
    scales = (0.001, 0.01, 0.1) if args.quick else (0.001, 0.01, 0.1, 1.0)
    rows: list[tuple[str, str, str]] = []
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    servers = []
    try:
        ours = Server("app:server", {"DASHBOARD_CACHE_DIR": str(workdir / "cache")}, ours=True)
        servers.append(ours)
        baseline = Server("bench.baseline_app:server")
        servers.append(baseline)
        floor = Server("bench.baseline_app:floor")
        servers.append(floor)

        b = browser_measures(ours.port, baseline.port, n_loads, n_repaint)
        rows += [
            ("first page load, bytes transferred", f"{b['weight'] / 1024:.0f} KB", "≤ 700 KB"),
            ("  default Dash app (baseline)", f"{b['baseline_weight'] / 1024:.0f} KB", ""),
            ("  ratio to baseline", f"{b['weight'] / b['baseline_weight']:.2f}x", "≤ 0.4x"),
            ("  plotly.min.js requested", str(b["plotly_min_fetched"]), "False"),
            ("  chart previews in the first paint", str(b["previews"]), "True"),
            ("repeat visit, bytes transferred", f"{b['repeat'] / 1024:.1f} KB", "almost nothing"),
            ("time to first chart, median", ms(statistics.median(b["first_chart"])), "≤ 1000 ms"),
            ("filter -> every chart repainted, median / p95",
             f"{ms(statistics.median(b['repaint']))} / {ms(pct(b['repaint'], 95))}", "p95 ≤ 150 ms"),
            ("  charts redrawn per change (of 7), mean; timeouts",
             f"{statistics.mean(b['redrawn']):.1f}; {b['repaint_timeouts']}", "0 timeouts"),
            ("language switch -> all 7 charts redrawn, median / p95",
             f"{ms(statistics.median(b['lang_repaint']))} / {ms(pct(b['lang_repaint'], 95))}", "(worst case)"),
        ]

        selections = [[], ["huanjiang"], ["jiangxi", "yueqing"], ["zhangjiagang"], ["chongqing"]]
        charts = latencies(ours.port, [charts_body(s, lang) for s in selections for lang in ("zh", "en")], n_lat)
        trivial = latencies(baseline.port, [TRIVIAL_BODY], n_lat)
        start = time.perf_counter()
        for _ in range(n_lat):
            get(floor.port, "/ping")
        flask_floor = (time.perf_counter() - start) / n_lat
        rows += [
            ("chart callback p50 / p95 / p99",
             f"{ms(statistics.median(charts))} / {ms(pct(charts, 95))} / {ms(pct(charts, 99))}", ""),
            ("trivial Dash callback p50 / p95 / p99",
             f"{ms(statistics.median(trivial))} / {ms(pct(trivial, 95))} / {ms(pct(trivial, 99))}", ""),
            ("  chart p99 / trivial p99", f"{pct(charts, 99) / pct(trivial, 99):.2f}x", "≤ 3x"),
            ("bare Flask JSON GET, mean", ms(flask_floor), "(floor)"),
        ]
        rps, errors = throughput(ours.port, "/_dash-update-component", charts_body(["huanjiang"]), seconds=tp_seconds)
        rps_trivial, err_trivial = throughput(baseline.port, "/_dash-update-component", TRIVIAL_BODY, seconds=tp_seconds)
        rps_floor, err_floor = throughput(floor.port, "/ping", None, seconds=tp_seconds)
        rows += [
            ("throughput, chart callback, 8 clients", f"{rps:.0f} req/s, {errors} errors", "≥ 1000 req/s, 0 errors"),
            ("  trivial Dash callback", f"{rps_trivial:.0f} req/s, {err_trivial} errors", ""),
            ("  bare Flask", f"{rps_floor:.0f} req/s, {err_floor} errors", ""),
            ("RSS per worker, curated data", " / ".join(f"{r:.0f} MB" for r in ours.worker_rss_mb()), "≤ 150 MB"),
        ]
        for server in servers:
            server.stop()
        servers = []

        if not args.no_phone:
            from bench import phone

            phone_rows, _ = phone.measure(3 if args.quick else 5, profile=False)
            rows += [(f"phone: {name}", value, phone.TARGETS.get(name, "")) for name, value in phone_rows]

        for scale in scales:
            step = scale_step(scale, workdir, 20 if args.quick else 40)
            label = f"{STEP_NAMES.get(scale, 'scale')} (scale {scale:g}, {step['facts']:,} facts)"
            rows += [
                (f"{label}: load / server ready", f"{step['load']:.1f} s / {step['start']:.1f} s", "≤ 10 s at full size"),
                (f"{label}: filter callback median, first / cached",
                 f"{ms(statistics.median(step['cold']))} / {ms(statistics.median(step['warm']))}", "≤ 50 ms"),
                (f"{label}: RSS per worker", " / ".join(f"{r:.0f} MB" for r in step["rss"]), "≤ 600 MB at full size"),
            ]
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    print(f"| {'measure'.ljust(width)} | {'result'.ljust(value_width)} | target |")
    print(f"| {'-' * width} | {'-' * value_width} | --- |")
    for name, value, target in rows:
        print(f"| {name.ljust(width)} | {value.ljust(value_width)} | {target} |")


if __name__ == "__main__":
    main()
