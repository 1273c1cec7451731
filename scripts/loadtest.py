"""Bounded load on a dashboard served on loopback, optionally killing one worker mid-run.

    .venv/bin/python scripts/loadtest.py --url http://127.0.0.1:8050 --seconds 60 --clients 16 \
        [--kill-worker-at 20 --master-pid PID]

Each client loops over a mix of what a browser does: the page, its layout,
a chart callback with a random region selection and language, and a CSV
download. Only 127.0.0.1 is accepted as a target. The result (a table, or
JSON with ``--json``) counts requests, non-2xx answers and connection
errors, and gives latency percentiles; with ``--kill-worker-at`` it also
names the worker killed with SIGKILL and counts the requests that failed
around it; with ``--export-flood N``, N more clients ask for export-all in a
loop meanwhile, and their answers (ZIP, busy, cooldown) are counted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import threading
import time
from dataclasses import dataclass, field
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from components.web.dash_internals import declared_outputs  # noqa: E402

REGIONS = ["china", "chongqing", "huanjiang", "jiangxi", "yueqing", "zhangjiagang", "zhejiang"]
CHART_INPUTS = ("region-filter.value", "lang-toggle.value")
CHART_OUTPUT = "chart-data.data"


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[tuple[float, str]] = field(default_factory=list)  # (seconds into the run, what)
    by_kind: dict[str, int] = field(default_factory=dict)


def callback_body(callback: dict, values: dict) -> dict:
    """A /_dash-update-component body for one entry of /_dash-dependencies."""

    output = callback["output"]
    declared = declared_outputs(output)
    outputs = declared if output.startswith("..") else declared[0]
    inputs = [dict(i, value=values.get(f"{i['id']}.{i['property']}")) for i in callback["inputs"]]
    return {
        "output": output,
        "outputs": outputs,
        "inputs": inputs,
        "state": [dict(s, value=values.get(f"{s['id']}.{s['property']}")) for s in callback["state"]],
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
    }


def chart_callback_of(dependencies: list[dict]) -> dict:
    """The callback that draws the charts, from the page's /_dash-dependencies."""
    return next(cb for cb in dependencies if CHART_OUTPUT in cb["output"] and not cb.get("clientside_function"))


def chart_callback(host: str, port: int) -> dict:
    conn = http.client.HTTPConnection(host, port, timeout=30)
    conn.request("GET", "/_dash-dependencies")
    dependencies = json.loads(conn.getresponse().read())
    conn.close()
    return chart_callback_of(dependencies)


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


EXPORT_OUTPUT = "export-all-download.data"
EXPORT_INPUTS = {"export-all-button.n_clicks": 1, "region-filter.value": [], "lang-toggle.value": "en", "facts-table.sort_by": []}


def export_callback_of(dependencies: list[dict]) -> dict:
    """The export-all callback, from the page's /_dash-dependencies."""
    return next(cb for cb in dependencies if EXPORT_OUTPUT in cb["output"])


def export_answer(body: bytes) -> str:
    """What an export-all answer was: "done" (a ZIP), "busy", "cooldown", or "other" (the status line's reason)."""
    response = json.loads(body).get("response", {})
    if "data" in response.get("export-all-download", {}):
        return "done"
    status = str(response.get("export-all-status", {}).get("children", ""))
    return "busy" if "another export" in status else "cooldown" if "a moment ago" in status else "other"


def flood_exports(host: str, port: int, deadline: float, lock: threading.Lock, flood: dict) -> None:
    """One client asking for export-all in a loop until ``deadline``: answers and their times go to ``flood``."""
    conn = http.client.HTTPConnection(host, port, timeout=120)
    conn.request("GET", "/_dash-dependencies")
    body = json.dumps(callback_body(export_callback_of(json.loads(conn.getresponse().read())), EXPORT_INPUTS))
    while time.monotonic() < deadline:
        began = time.monotonic()
        try:
            conn.request("POST", "/_dash-update-component", body=body, headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            answer = export_answer(response.read()) if response.status == 200 else f"http {response.status}"
        except (OSError, http.client.HTTPException) as exc:
            answer = type(exc).__name__
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=120)
        with lock:
            flood.setdefault(answer, []).append(round(time.monotonic() - began, 3))
        time.sleep(0.05)
    conn.close()


def run(
    url: str, seconds: float, clients: int, kill_at: float | None = None, master: int | None = None,
    export_flood: int = 0, think: float = 0.0,
) -> dict:
    parts = urlsplit(url)
    if parts.hostname != "127.0.0.1":
        raise SystemExit("error: load is sent to 127.0.0.1 only")
    host, port = parts.hostname, parts.port or 80
    chart = chart_callback(host, port)
    result = Result()
    lock = threading.Lock()
    start = time.monotonic()
    deadline = start + seconds

    def one_request(conn: http.client.HTTPConnection, rng: random.Random) -> tuple[str, int]:
        kind = rng.choice(["page", "layout", "callback", "callback", "download"])
        regions = rng.sample(REGIONS, rng.randint(0, 2))
        if kind == "page":
            conn.request("GET", "/")
        elif kind == "layout":
            conn.request("GET", "/_dash-layout")
        elif kind == "download":
            conn.request("GET", "/api/facts.csv" + ("?region=" + ",".join(regions) if regions else ""))
        else:
            values = {CHART_INPUTS[0]: regions, CHART_INPUTS[1]: rng.choice(["zh", "en"])}
            body = json.dumps(callback_body(chart, values))
            conn.request("POST", "/_dash-update-component", body=body, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        return kind, response.status

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection(host, port, timeout=30)
        while time.monotonic() < deadline:
            began = time.monotonic()
            try:
                kind, status = one_request(conn, rng)
            except (OSError, http.client.HTTPException) as exc:
                with lock:  # when it failed, which is when the worker died for one in flight
                    result.errors.append((round(time.monotonic() - start, 2), type(exc).__name__))
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
                continue
            with lock:
                result.latencies.append(time.monotonic() - began)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                result.by_kind[kind] = result.by_kind.get(kind, 0) + 1
            if think:
                time.sleep(think)
        conn.close()

    flood: dict[str, list[float]] = {}
    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(clients)]
    threads += [threading.Thread(target=flood_exports, args=(host, port, deadline, lock, flood)) for _ in range(export_flood)]
    for thread in threads:
        thread.start()
    killed = None
    if kill_at is not None and master is not None:
        time.sleep(max(0.0, kill_at - (time.monotonic() - start)))
        killed = worker_pids(master)[0]
        os.kill(killed, signal.SIGKILL)
    for thread in threads:
        thread.join()

    latencies = sorted(result.latencies)

    def percentile(p: float) -> float:
        return round(1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1) if latencies else 0.0

    non_2xx = sum(count for status, count in result.statuses.items() if not 200 <= status < 300)
    report = {
        "url": url,
        "seconds": seconds,
        "clients": clients,
        "requests": len(latencies) + len(result.errors),
        "by_kind": result.by_kind,
        "statuses": {str(k): v for k, v in sorted(result.statuses.items())},
        "non_2xx": non_2xx,
        "connection_errors": len(result.errors),
        "error_times": result.errors[:20],
        "p50_ms": percentile(0.50),
        "p90_ms": percentile(0.90),
        "p99_ms": percentile(0.99),
        "max_ms": round(1000 * latencies[-1], 1) if latencies else 0.0,
        "requests_per_second": round(len(latencies) / seconds, 1),
    }
    if killed is not None:
        report["killed_worker"] = killed
        report["workers_after"] = worker_pids(master)
    if export_flood:
        report["export_flood"] = {
            "clients": export_flood,
            "answers": {answer: len(times) for answer, times in sorted(flood.items())},
            "answer_s": {
                answer: {"median": round(sorted(times)[len(times) // 2], 3), "max": max(times)} for answer, times in sorted(flood.items())
            },
        }
        report["p95_ms"] = percentile(0.95)
    return report


def table(report: dict) -> str:
    """The report as a Markdown table (what docs/RELIABILITY.md quotes)."""
    rows = [
        ("requests", f"{report['requests']} ({', '.join(f'{k} {v}' for k, v in sorted(report['by_kind'].items()))}), "
                     f"{report['requests_per_second']} per second"),
        ("answers", f"{', '.join(f'{v} × {k}' for k, v in report['statuses'].items())}; non-2xx {report['non_2xx']}; "
                    f"connection errors {report['connection_errors']}"),
        ("latency", f"p50 {report['p50_ms']} ms, p90 {report['p90_ms']} ms, p99 {report['p99_ms']} ms, max {report['max_ms']} ms"),
    ]
    if "export_flood" in report:
        flood = report["export_flood"]
        rows.insert(2, ("p95 of the others", f"{report['p95_ms']} ms"))
        rows.append((f"export-all, {flood['clients']} clients in a loop", ", ".join(
            f"{answer} × {count} (median {flood['answer_s'][answer]['median']} s, max {flood['answer_s'][answer]['max']} s)"
            for answer, count in flood["answers"].items()
        )))
    return "\n".join(["| | |", "| --- | --- |", *(f"| {k} | {v} |" for k, v in rows)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8050")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--kill-worker-at", type=float, help="seconds into the run to SIGKILL one worker")
    parser.add_argument("--master-pid", type=int, help="the gunicorn master whose worker is killed")
    parser.add_argument("--export-flood", type=int, default=0, help="clients that ask for export-all in a loop meanwhile")
    parser.add_argument("--think", type=float, default=0.0, help="seconds each ordinary client waits between requests")
    parser.add_argument("--json", action="store_true", help="print the full report as JSON instead of a table")
    args = parser.parse_args()
    if args.seconds > 120:
        raise SystemExit("error: bounded to 120 s")
    report = run(args.url, args.seconds, args.clients, args.kill_worker_at, args.master_pid, args.export_flood, args.think)
    print(json.dumps(report, indent=1) if args.json else table(report))


if __name__ == "__main__":
    main()
