"""The serving layer on a real gunicorn ASGI worker in the test's own event loop, on loopback.

Each numbered test checks one assumption of ``components.web.http.serving``
about gunicorn's internals (numbered as in its docstring): after a gunicorn
upgrade, the failing test names what to revisit. The others check what the
layer adds: bodies read whole, 408/413, the connection cap, throttled logs,
and the app's log lines in gunicorn's error log. The same worker against
real slow clients at scale: tests/integration/test_slow_clients.py.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import socket
import subprocess
import time

import gunicorn
import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger
from gunicorn.workers import gasgi

from components.web.http import serving
from components.web.http.security import ERROR_PAGE_HEADERS


def echo_app(environ, start_response):
    """A WSGI app that answers with what it read: method, path, body length and body."""
    body = environ["wsgi.input"].read()
    start_response("200 OK", [("Content-Type", "text/plain"), ("X-Seen-Length", environ["CONTENT_LENGTH"])])
    return [f"{environ['REQUEST_METHOD']} {environ['PATH_INFO']} {len(body)}:".encode(), body]


class GunicornApp:
    """What a worker gets from gunicorn's arbiter: ``wsgi()`` returns the app."""

    def __init__(self, wsgi):
        self._wsgi = wsgi

    def wsgi(self):
        return self._wsgi


class Listener:
    """A bound loopback socket in the shape of gunicorn's listeners (``.sock``)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]

    def close(self):
        self.sock.close()

    def __str__(self):
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
def served(monkeypatch, tmp_path):
    """``served(coroutine_fn, **settings)``: run a BufferedWSGIWorker's ``_serve`` while ``coroutine_fn(port, worker)`` runs."""
    monkeypatch.setattr(gasgi, "ASGIProtocol", gasgi.ASGIProtocol)  # restored after the test

    def run(client, wsgi=echo_app, **settings):
        cfg = Config()
        for name, value in {"graceful_timeout": 1, "threads": 2, "errorlog": str(tmp_path / "error.log"), **settings}.items():
            cfg.set(name, value)
        listener = Listener()
        worker = serving.BufferedWSGIWorker(1, os.getppid(), [listener], GunicornApp(wsgi), 30, cfg, Logger(cfg))
        worker._setup_event_loop()
        worker.load_wsgi()

        async def main():
            serve = asyncio.ensure_future(worker._serve())
            await asyncio.sleep(0.05)
            try:
                return await client(listener.port, worker)
            finally:
                worker.alive = False
                await serve

        try:
            return worker.loop.run_until_complete(main())
        finally:
            worker._cleanup()  # as gunicorn's run() ends: pending tasks cancelled, the loop closed
            asyncio.set_event_loop(None)
            worker.tmp.close()
            listener.close()

    run.log = lambda: (tmp_path / "error.log").read_text() if (tmp_path / "error.log").exists() else ""
    return run


async def exchange(port: int, data: bytes, *, pause: float = 0.0, then: bytes = b"", timeout: float = 5.0) -> tuple[bytes, float]:
    """Send ``data`` (then, after ``pause`` s, ``then``), read until the server closes: (answer, seconds to close)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    started = time.monotonic()
    writer.write(data)
    if pause:
        await asyncio.sleep(pause)
        if then:
            writer.write(then)
    try:
        answer = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    return answer, time.monotonic() - started


def headers_of(answer: bytes) -> dict[str, str]:
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")[1:]
    return {name.lower(): value.strip() for name, value in (line.split(":", 1) for line in head)}


POST = b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"


def test_the_gunicorn_version_these_assumptions_were_checked_against():
    """gunicorn is pinned (pyproject.toml); before changing the pin, re-check every assumption below."""
    assert gunicorn.__version__ == serving.GUNICORN_VERSION


def test_1_load_wsgi_keeps_the_loaded_app_which_the_worker_wraps():
    cfg = Config()
    plain = gasgi.ASGIWorker(1, os.getppid(), [], GunicornApp(echo_app), 30, cfg, Logger(cfg))
    plain.load_wsgi()
    assert plain.asgi is echo_app
    worker = serving.BufferedWSGIWorker(1, os.getppid(), [], GunicornApp(echo_app), 30, cfg, Logger(cfg))
    worker.load_wsgi()
    assert isinstance(worker.asgi, serving.BufferedWSGI) and worker.asgi.wsgi_app is echo_app
    plain.tmp.close(), worker.tmp.close()


@pytest.mark.skipif(shutil.which("ss") is None, reason="needs ss (iproute2) to read a socket's backlog")
def test_2_the_socket_listens_with_gunicorns_backlog_not_asyncios_100(served):
    async def client(port, worker):
        out = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True).stdout.split()
        return int(out[2])  # State Recv-Q Send-Q: Send-Q is the backlog of a listening socket

    assert served(client, backlog=37) == 37


def test_3_4_slow_headers_close_the_connection_and_its_task_ends(served, monkeypatch):
    """The protocol class is ours (3); its deadline closes, and the connection is counted gone (4)."""
    monkeypatch.setattr(serving.HeaderDeadlineProtocol, "header_timeout", 0.3)

    async def client(port, worker):
        answer, seconds = await exchange(port, b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: a")
        await asyncio.sleep(0.1)
        return answer, seconds, worker.nr_conns

    answer, seconds, open_after = served(client)
    assert answer == b"" and 0.25 <= seconds < 2
    assert open_after == 0, "the connection's task ended and gunicorn counted it closed"
    assert "no complete request headers in 0.3 s" in served.log()


def test_4_headers_on_time_lift_the_header_deadline(served, monkeypatch):
    """A request whose headers arrived is not closed by the header deadline: its body gets the body deadline."""
    monkeypatch.setattr(serving.HeaderDeadlineProtocol, "header_timeout", 0.2)
    monkeypatch.setattr(serving, "BODY_TIMEOUT", 0.8)

    async def client(port, worker):
        return await exchange(port, POST % 10 + b"x", pause=0.4, then=b"y")

    answer, seconds = served(client)
    assert answer.startswith(b"HTTP/1.1 408 ") and 0.75 <= seconds < 3
    assert "sent 2 of 10 body bytes in 0.8 s; answered 408 and closed" in served.log()


@pytest.mark.parametrize(
    "request_bytes, status",
    [
        (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        (b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n", 431),
        (b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", 400),
        (b"NOT A REQUEST\r\n\r\n", 400),
    ],
)
def test_5_gunicorns_own_error_pages_carry_the_security_headers(served, request_bytes, status):
    async def client(port, worker):
        return await exchange(port, request_bytes)

    answer, _ = served(client)
    assert answer.startswith(f"HTTP/1.1 {status} ".encode()), answer[:80]
    headers = headers_of(answer)
    for name, value in ERROR_PAGE_HEADERS.items():
        assert headers[name.lower()] == value, name


def test_a_body_is_read_whole_before_the_app_runs_it(served):
    async def client(port, worker):
        return await exchange(port, POST % 5 + b"ab", pause=0.3, then=b"cde")

    answer, _ = served(client)
    assert answer.startswith(b"HTTP/1.1 200 ") and answer.endswith(b"POST /_dash-update-component 5:abcde")
    assert headers_of(answer)["x-seen-length"] == "5"
    assert headers_of(answer)["content-length"] == str(len(b"POST /_dash-update-component 5:abcde"))


def test_a_body_declared_over_the_limit_is_413_unread(served):
    async def client(port, worker):
        return await exchange(port, POST % (serving.MAX_BODY_BYTES + 1))

    answer, seconds = served(client)
    assert answer.startswith(b"HTTP/1.1 413 ") and seconds < 1
    assert headers_of(answer)["x-content-type-options"] == "nosniff"


def test_a_chunked_body_over_the_limit_is_413(served):
    chunk = b"x" * 65536
    head = b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    body = (b"%x\r\n" % len(chunk) + chunk + b"\r\n") * (serving.MAX_BODY_BYTES // len(chunk) + 1) + b"0\r\n\r\n"

    async def client(port, worker):
        return await exchange(port, head + body)

    answer, _ = served(client)
    assert answer.startswith(b"HTTP/1.1 413 ")


def test_connections_over_worker_connections_are_closed_at_once(served):
    async def client(port, worker):
        held = [await asyncio.open_connection("127.0.0.1", port) for _ in range(3)]
        await asyncio.sleep(0.1)
        answer, seconds = await exchange(port, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        for _, writer in held:
            writer.close()
        return answer, seconds

    answer, seconds = served(client, worker_connections=3)
    assert answer == b"" and seconds < 1
    assert "refused: 3 open, worker_connections is 3" in served.log()


def test_the_app_runs_in_the_worker_threads_not_on_the_event_loop(served):
    """Two slow app calls overlap (2 threads), and the loop keeps accepting meanwhile."""

    def slow_app(environ, start_response):
        time.sleep(0.5)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"done"]

    async def client(port, worker):
        started = time.monotonic()
        get = b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        answers = await asyncio.gather(exchange(port, get), exchange(port, get))
        return [a for a, _ in answers], time.monotonic() - started

    answers, seconds = served(client, wsgi=slow_app, threads=2)
    assert all(a.endswith(b"done") for a in answers) and seconds < 0.9


def test_the_environ_is_what_a_wsgi_server_gives():
    scope = {
        "type": "http", "method": "GET", "path": "/assets/é.js", "raw_path": b"/assets/%C3%A9.js", "query_string": b"region=a&region=b",
        "http_version": "1.1", "scheme": "http", "server": ("127.0.0.1", 8050), "client": ("127.0.0.1", 5555), "root_path": "",
        "headers": [(b"host", b"x"), (b"cookie", b"a=1"), (b"cookie", b"b=2"), (b"x_forwarded_for", b"evil"), (b"accept", b"a"), (b"accept", b"b")],
    }
    environ = serving.BufferedWSGI.environ(scope, b"")
    assert environ["PATH_INFO"] == "/assets/é.js".encode().decode("latin-1")
    assert environ["QUERY_STRING"] == "region=a&region=b" and environ["CONTENT_LENGTH"] == "0"
    assert environ["HTTP_COOKIE"] == "a=1; b=2" and environ["HTTP_ACCEPT"] == "a,b"
    assert "HTTP_X_FORWARDED_FOR" not in environ


def test_log_lines_about_dropped_clients_are_throttled():
    lines: list[str] = []
    now = [0.0]
    throttle = serving.LogThrottle(lambda message, *args: lines.append(message % args), "slow clients", burst=2, window=60, clock=lambda: now[0])
    for i in range(5):
        throttle("client %d", i)
    assert lines == ["client 0", "client 1"]
    now[0] = 61.0
    throttle("client %d", 5)
    assert lines[2:] == ["... and 3 more slow clients in the previous 60 s", "client 5"]


def test_the_apps_loggers_write_to_gunicorns_error_log(tmp_path):
    """INFO lines of dashboard.* loggers appear in gunicorn's error log, in its format."""
    cfg = Config()
    cfg.set("errorlog", str(tmp_path / "error.log"))
    serving.AppLogger(cfg)
    try:
        logging.getLogger("dashboard.cache").info("serving %d facts", 92)
        for handler in logging.getLogger(serving.APP_LOGGER).handlers:
            handler.flush()
        text = (tmp_path / "error.log").read_text()
        assert "[INFO] serving 92 facts" in text and f"[{os.getpid()}]" in text
    finally:
        app_log = logging.getLogger(serving.APP_LOGGER)
        for handler in list(app_log.handlers):
            app_log.removeHandler(handler)
        app_log.propagate = True
        app_log.setLevel(logging.NOTSET)
