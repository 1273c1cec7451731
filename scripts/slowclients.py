"""Slow clients against a dashboard on loopback, while a prober measures everyone else's latency.

    .venv/bin/python scripts/slowclients.py --url http://127.0.0.1:8050 --mode body --sockets 200 --seconds 60

Modes (each attacking socket reconnects as soon as the server drops it, as a
real attacker would, so the server faces N slow sockets for the whole run):

* ``headers``: a request line and then one header byte every ``--interval``
  seconds; the headers never end.
* ``body``:  complete headers of ``POST /_dash-update-component`` with
  ``Content-Length: 1000``, then the body one byte every ``--interval`` s.
* ``stall``: the same headers and one body byte, then nothing at all.

Meanwhile the prober, on fresh connections, alternates ``GET /_dash-layout``
and the real chart callback POST every ``--probe-every`` seconds, each with a
``--probe-timeout``. Only 127.0.0.1 is accepted as a target. Prints a
table (``--json``: the full report): the probes' p50/p95/max latency
(failures counted at the time they failed) and failures; for the attackers,
how many connections the server dropped, after how long (min/median/max),
and what it answered, if anything.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
UPDATE_PATH = "/_dash-update-component"
BODY_LENGTH = 1000


def chart_body() -> bytes:
    """The body dash-renderer posts for the chart callback (default view, Chinese)."""
    sys.path.insert(0, str(ROOT))
    from components.web.http.responses import chart_request

    return json.dumps(chart_request([], "zh")).encode()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


# ----------------------------------------------------------------- attackers


class Attack:
    def __init__(self, host: str, port: int, mode: str, sockets: int, seconds: float, interval: float):
        self.host, self.port, self.mode = host, port, mode
        self.sockets, self.seconds, self.interval = sockets, seconds, interval
        self.opened = 0
        self.connect_errors = 0
        self.drops: list[float] = []  # seconds a connection lived before the server closed it
        self.answers: dict[str, int] = {}  # first line of what the server sent before closing
        self.ready = threading.Event()

    def head(self) -> bytes:
        host = f"Host: {self.host}:{self.port}\r\n"
        if self.mode == "headers":
            return f"GET /_dash-layout HTTP/1.1\r\n{host}User-Agent: slowclient\r\nX-Slow: ".encode()
        return (
            f"POST {UPDATE_PATH} HTTP/1.1\r\n{host}Content-Type: application/json\r\n"
            f"Content-Length: {BODY_LENGTH}\r\n\r\n"
        ).encode()

    async def one(self, index: int, end: float) -> None:
        loop = asyncio.get_running_loop()
        # Spread the sockets' byte times over the interval.
        await asyncio.sleep(index * self.interval / max(1, self.sockets) * 0.1)
        while loop.time() < end:
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(self.host, self.port), 5)
            except (OSError, asyncio.TimeoutError):
                self.connect_errors += 1
                await asyncio.sleep(0.5)
                continue
            self.opened += 1
            started = loop.time()
            closed = await self.trickle(reader, writer, end)
            if closed is not None:
                self.drops.append(loop.time() - started)
                key = closed.split(b"\r\n", 1)[0].decode("latin-1")[:60] or "(closed, nothing sent)"
                self.answers[key] = self.answers.get(key, 0) + 1
            writer.close()
            try:
                await asyncio.wait_for(writer.wait_closed(), 1)
            except (OSError, asyncio.TimeoutError):
                pass

    async def trickle(self, reader, writer, end: float) -> bytes | None:
        """Send slowly until ``end``; what the server sent if it closed first, else None."""
        loop = asyncio.get_running_loop()
        head = self.head()
        if self.mode == "headers":
            pending, payload = head[:1], head[1:] + b"a" * 1000
        else:
            writer.write(head)
            pending, payload = b"", b"x" * BODY_LENGTH
        read = asyncio.ensure_future(reader.read(65536))
        sent_one = False
        try:
            while loop.time() < end:
                chunk = pending or payload[:1]
                if chunk and not (self.mode == "stall" and sent_one):
                    if not pending:
                        payload = payload[1:]
                    pending = b""
                    try:
                        writer.write(chunk)
                        await writer.drain()
                    except OSError:
                        return b""
                    sent_one = True
                done, _ = await asyncio.wait({read}, timeout=min(self.interval, max(0.0, end - loop.time())))
                if read in done:
                    try:
                        data = read.result()
                    except OSError:
                        data = b""
                    # the server answered or closed: either way this socket is dropped
                    return data
            return None
        finally:
            read.cancel()

    def run(self) -> None:
        async def main():
            end = asyncio.get_running_loop().time() + self.seconds
            tasks = [asyncio.ensure_future(self.one(i, end)) for i in range(self.sockets)]
            await asyncio.sleep(1.0)
            self.ready.set()
            await asyncio.gather(*tasks)

        asyncio.run(main())

    def report(self) -> dict:
        drops = sorted(self.drops)
        return {
            "mode": self.mode,
            "sockets": self.sockets,
            "connections_opened": self.opened,
            "connect_errors": self.connect_errors,
            "dropped_by_server": len(drops),
            "drop_after_s": (
                {"min": round(drops[0], 2), "median": round(statistics.median(drops), 2), "max": round(drops[-1], 2)}
                if drops
                else None
            ),
            "server_answers": self.answers,
        }


# ------------------------------------------------------------------- prober


def probe(host: str, port: int, kind: str, body: bytes, timeout: float) -> tuple[bool, str]:
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        headers = {"Accept-Encoding": "gzip"}
        if kind == "layout":
            conn.request("GET", "/_dash-layout", headers=headers)
        else:
            conn.request("POST", UPDATE_PATH, body=body, headers=dict(headers, **{"Content-Type": "application/json"}))
        response = conn.getresponse()
        response.read()
        return response.status == 200, str(response.status)
    except Exception as exc:  # noqa: BLE001 - every failure is a result here
        return False, type(exc).__name__
    finally:
        conn.close()


def run(url: str, mode: str, sockets: int, seconds: float, interval: float, probe_every: float, probe_timeout: float) -> dict:
    parts = urlsplit(url)
    if parts.hostname != "127.0.0.1":
        raise SystemExit("only 127.0.0.1 is accepted as a target")
    host, port = parts.hostname, parts.port or 80
    body = chart_body()
    attack = Attack(host, port, mode, sockets, seconds, interval) if sockets else None
    thread = threading.Thread(target=attack.run, daemon=True) if attack else None
    started = time.monotonic()
    if thread:
        thread.start()
        attack.ready.wait(10)
    latencies: dict[str, list[float]] = {"layout": [], "chart": []}
    failures: dict[str, int] = {}
    failure_times: list[float] = []
    end = started + seconds - 0.5
    n = 0
    while time.monotonic() < end:
        kind = ("layout", "chart")[n % 2]
        n += 1
        t0 = time.monotonic()
        ok, what = probe(host, port, kind, body, probe_timeout)
        elapsed = time.monotonic() - t0
        latencies[kind].append(elapsed)
        if not ok:
            failures[f"{kind}:{what}"] = failures.get(f"{kind}:{what}", 0) + 1
            failure_times.append(round(t0 - started, 1))
        time.sleep(max(0.0, probe_every - elapsed))
    if thread:
        thread.join(seconds + 15)
    every = latencies["layout"] + latencies["chart"]

    def stats(values):
        return {
            "n": len(values),
            "p50_ms": round(1000 * percentile(values, 0.5), 1),
            "p95_ms": round(1000 * percentile(values, 0.95), 1),
            "max_ms": round(1000 * max(values), 1) if values else None,
        }

    return {
        "probes": dict(stats(every), failures=sum(failures.values()), failure_kinds=failures,
                       first_failures_at_s=failure_times[:10]),
        "layout": stats(latencies["layout"]),
        "chart": stats(latencies["chart"]),
        "attack": attack.report() if attack else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8050")
    parser.add_argument("--mode", choices=("headers", "body", "stall"), default="body")
    parser.add_argument("--sockets", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--interval", type=float, default=3.0, help="seconds between two bytes of a slow socket")
    parser.add_argument("--probe-every", type=float, default=0.1)
    parser.add_argument("--probe-timeout", type=float, default=5.0)
    parser.add_argument("--json", action="store_true", help="print the full report as JSON")
    args = parser.parse_args()
    if args.seconds > 60:
        raise SystemExit("bounded to 60 s")
    report = run(args.url, args.mode, args.sockets, args.seconds, args.interval, args.probe_every, args.probe_timeout)
    print(json.dumps(report, indent=1, ensure_ascii=False) if args.json else table(report))


def table(report: dict) -> str:
    """The report as a Markdown table (what docs/RELIABILITY.md quotes)."""
    attack = report["attack"] or {}
    drops = attack.get("drop_after_s") or {}
    rows = [
        ("slow sockets", f"{attack.get('sockets', 0)} ({attack.get('mode', '-')}), {attack.get('connections_opened', 0)} connections opened"),
        ("probes", f"{report['probes']['n']}, failures {report['probes']['failures']} {report['probes']['failure_kinds'] or ''}".rstrip()),
        ("probe latency", f"p50 {report['probes']['p50_ms']} ms, p95 {report['probes']['p95_ms']} ms, max {report['probes']['max_ms']} ms"),
        ("layout / chart p95", f"{report['layout']['p95_ms']} ms / {report['chart']['p95_ms']} ms"),
        ("dropped by the server", f"{attack.get('dropped_by_server', 0)}, after {drops.get('min', '-')}–{drops.get('max', '-')} s (median {drops.get('median', '-')} s)"),
        ("server answers", ", ".join(f"{k} × {v}" for k, v in (attack.get("server_answers") or {}).items()) or "-"),
    ]
    return "\n".join(["| | |", "| --- | --- |", *(f"| {k} | {v} |" for k, v in rows)])


if __name__ == "__main__":
    main()
