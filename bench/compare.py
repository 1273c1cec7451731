"""Before and after, side by side in one run: the desktop page of two checkouts of the dashboard.

    git worktree add --detach /tmp/before <rev>
    .venv/bin/python -m bench.compare /tmp/before          # 8 loads and 48 filter changes each

Serves this checkout and the other one (same environment, curated data,
``gunicorn.conf.py``), each driven by its own headless Chromium at 1280 px,
alternating between them so both see the same machine: time until all seven
charts are drawn live (cache cleared before each load) and filter -> every
redrawn chart repainted (bench.run's measures). The machine is shared: only
ratios measured this way say whether a change made the page faster.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench.run import CHART_GRAPHS, REGION_FILTER, REPAINT_JS, Server, chromium, ms, page_load, pct


def measure(before_dir: Path, loads: int, changes: int) -> list[tuple[str, str, str]]:
    from bench.phone import previews_ready

    work = Path(tempfile.mkdtemp(prefix="bench-compare-"))
    servers = {
        "before": Server("app:server", {"DASHBOARD_CACHE_DIR": str(work / "before")}, ours=True, cwd=before_dir),
        "after": Server("app:server", {"DASHBOARD_CACHE_DIR": str(work / "after")}, ours=True),
    }
    drivers = {name: chromium() for name in servers}
    try:
        for name, driver in drivers.items():
            driver.execute_cdp_cmd("Network.enable", {})
            page_load(driver, servers[name].port, CHART_GRAPHS)
        previews_ready(servers["after"].port)
        firsts = {name: [] for name in servers}
        for _ in range(loads):
            for name, driver in drivers.items():
                driver.execute_cdp_cmd("Network.clearBrowserCache", {})
                firsts[name].append(page_load(driver, servers[name].port, CHART_GRAPHS)[1])
        repaint = {name: [] for name in servers}
        selections = (["huanjiang"], ["jiangxi", "yueqing"], ["zhangjiagang"], [])
        for i in range(changes):
            for name, driver in drivers.items():
                value = driver.execute_async_script(REPAINT_JS, list(CHART_GRAPHS), selections[i % len(selections)], REGION_FILTER)
                if value is not None:
                    repaint[name].append(value["ms"] / 1000)
                time.sleep(0.2)
        rows = []
        for name in servers:
            rows.append((f"{name}: all charts drawn after load, median", ms(statistics.median(firsts[name])), "≤ 1000 ms"))
            rows.append((f"{name}: filter -> repainted, median / p95",
                         f"{ms(statistics.median(repaint[name]))} / {ms(pct(repaint[name], 95))}", "p95 ≤ 150 ms"))
        rows.append(("after / before: all charts drawn", f"{statistics.median(firsts['after']) / statistics.median(firsts['before']):.2f}x", ""))
        rows.append(("after / before: repaint p95", f"{pct(repaint['after'], 95) / pct(repaint['before'], 95):.2f}x", ""))
        return rows
    finally:
        for driver in drivers.values():
            driver.quit()
        for server in servers.values():
            server.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Desktop load and repaint of two checkouts, side by side.")
    parser.add_argument("before", type=Path, help="the other checkout (e.g. a git worktree of the previous round)")
    parser.add_argument("--loads", type=int, default=8)
    parser.add_argument("--changes", type=int, default=48)
    args = parser.parse_args(argv)
    rows = measure(args.before.resolve(), args.loads, args.changes)
    width = max(len(r[0]) for r in rows)
    for name, value, target in rows:
        print(f"| {name.ljust(width)} | {value} | {target} |")


if __name__ == "__main__":
    main()
