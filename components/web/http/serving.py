"""Serving: gunicorn's asyncio worker in front of the Flask (WSGI) app, each request read whole first.

    worker_class = "components.web.http.serving.BufferedWSGIWorker"     # gunicorn.conf.py

gunicorn's threaded worker hands a connection to one of its few threads as
soon as a byte arrives, and the thread then blocks reading the rest of the
request: a handful of clients that send their headers or body slowly hold
every thread, and the site stops answering (the review: four sockets that
declared 1000 body bytes and sent one took it down for 40 s). Here gunicorn's
own ASGI worker (asyncio, no monkey-patching of the standard library) reads
every request on its event loop, where a slow client costs a socket and a few
kilobytes; only a request whose body has fully arrived is handed to the app,
in a pool of ``threads`` real threads per worker, so the app, its locks and
the kaleido renderer's own thread run exactly as under the threaded worker.
(gevent was measured and rejected: choreographer's blocking pipe read, which
the export renderer waits on, froze the whole worker.)

* a body not whole within ``BODY_TIMEOUT`` s is answered 408 and its
  connection closed, with a warning in gunicorn's error log;
* the headers of a connection's first request not complete within
  ``HEADER_TIMEOUT`` s close it (gunicorn itself bounds the later ones by
  ``keepalive``), logged at info;
* a body declared or found larger than ``MAX_BODY_BYTES`` is answered 413
  without reading it;
* more than ``worker_connections`` open connections in one worker: the new
  one is closed at once (the ASGI worker ignores that setting itself);
* gunicorn's own error pages (400 for a malformed request, 414, 431, 501)
  carry the security headers of every other response (``ERROR_PAGE_HEADERS``).

Responses are buffered whole before they are sent (the app's largest, the
CSV of every fact, is ~200 KB) and header names reach the app upper-cased in
``environ`` as under any WSGI server. Log lines about dropped clients are
throttled (``LogThrottle``): a few are each named, a flood is counted once a
minute. ``AppLogger`` gives the app's own loggers (``dashboard.*``) gunicorn's
error log, so their lines appear there, formatted, INFO included.

This leans on gunicorn 27.0.1's internals (the ASGI worker is new and has
no extension points): ``tests/unit/test_serving.py`` checks each assumption,
numbered as below, against the installed gunicorn, so an upgrade that
breaks one fails there by name.

1. ``ASGIWorker.load_wsgi`` stores the loaded app as ``self.asgi``.
2. ``ASGIWorker._setup_event_loop`` makes ``self.loop``, and ``_serve``
   listens through ``self.loop.create_server(..., sock=...)`` without a
   backlog (asyncio then listens with 100, whatever ``backlog`` says).
3. ``_serve`` builds each connection's protocol from the module global
   ``gasgi.ASGIProtocol``.
4. ``ASGIProtocol`` calls ``_on_headers_complete`` when a request's headers
   are parsed and sets ``_current_request``; ``_close_transport`` closes,
   sets ``_closed``; setting ``_request_ready`` wakes the connection's task,
   which then ends.
5. gunicorn answers malformed requests through
   ``ASGIProtocol._send_error_response(status, message, extra_headers)``.
"""

from __future__ import annotations

import asyncio
import functools
import io
import logging
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from gunicorn import glogging
from gunicorn.asgi import protocol as asgi_protocol
from gunicorn.workers import gasgi

from components.web.http.security import ERROR_PAGE_HEADERS, MAX_BODY_BYTES

GUNICORN_VERSION = "27.0.1"  # the version these assumptions were checked against
BODY_TIMEOUT = 10.0  # seconds for a whole request body (at most MAX_BODY_BYTES) to arrive
HEADER_TIMEOUT = 10.0  # seconds from connecting to the end of the first request's headers
APP_LOGGER = "dashboard"  # the app's loggers: dashboard.cache, dashboard.export, ...


class LogThrottle:
    """At most ``burst`` lines per ``window`` seconds for one kind of event, then one line counting the rest.

    A flood of slow clients must not become a flood of log lines. Thread-safe.
    """

    def __init__(self, emit, what: str, burst: int = 10, window: float = 60.0, clock=time.monotonic):
        self._emit, self._what, self._burst, self._window, self._clock = emit, what, burst, window, clock
        self._started = -window
        self._count = 0
        self._lock = threading.Lock()

    def __call__(self, message: str, *args) -> None:
        with self._lock:
            now = self._clock()
            suppressed = 0
            if now - self._started >= self._window:
                # A new window: first report what the last one held back.
                suppressed = max(0, self._count - self._burst)
                self._started, self._count = now, 0
            self._count += 1
            shown = self._count <= self._burst
        if suppressed:
            self._emit("... and %d more %s in the previous %.0f s", suppressed, self._what, self._window)
        if shown:
            self._emit(message, *args)

    def flush(self) -> None:
        """Report what the current window held back (at shutdown)."""
        with self._lock:
            suppressed, self._count = max(0, self._count - self._burst), 0
        if suppressed:
            self._emit("... and %d more %s in the last %.0f s", suppressed, self._what, self._window)


def _header_list(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]


def _plain(status: int, message: bytes) -> list[dict]:
    """The ASGI messages of a short plain-text answer that closes the connection."""
    headers = {
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Length": str(len(message)),
        "Connection": "close",
        **ERROR_PAGE_HEADERS,
    }
    return [
        {"type": "http.response.start", "status": status, "headers": _header_list(headers)},
        {"type": "http.response.body", "body": message},
    ]


def _peer(scope) -> str:
    client = scope.get("client")
    return f"{client[0]}:{client[1]}" if client else "?"


class BufferedWSGI:
    """An ASGI app that reads the whole request on the event loop, then runs a WSGI app on it in a thread pool."""

    def __init__(self, wsgi_app, threads: int, log, body_timeout: float | None = None, max_body: int = MAX_BODY_BYTES):
        self.wsgi_app = wsgi_app
        self.threads = max(1, threads)
        self.body_timeout = BODY_TIMEOUT if body_timeout is None else body_timeout
        self.max_body = max_body
        self.log_slow_body = LogThrottle(log.warning, "slow clients dropped for their body")
        self.log_gone = LogThrottle(log.info, "clients gone before their body was whole")
        self._pool: ThreadPoolExecutor | None = None  # made in the worker, never in a preloading master

    @property
    def pool(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="wsgi")
        return self._pool

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    if self._pool is not None:
                        self._pool.shutdown(wait=False)
                    self.log_slow_body.flush()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return  # no websockets here: gunicorn closes the connection
        body = await self._body(scope, receive, send)
        if body is None:
            return
        environ = self.environ(scope, body)
        status, headers, content = await asyncio.get_running_loop().run_in_executor(self.pool, self.call_app, environ)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    async def _body(self, scope, receive, send) -> bytes | None:
        """The whole body, or None when it was refused or did not arrive in time (answered here)."""
        declared = None
        for name, value in scope["headers"]:
            if name == b"content-length":
                declared = int(value)  # gunicorn's parser has validated it (digits, one value)
        if declared is not None and declared > self.max_body:
            for message in _plain(413, b"request body too large\n"):
                await send(message)
            return None
        parts, size = [], 0
        try:
            async with asyncio.timeout(self.body_timeout):
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        self.log_gone(
                            "client %s went away before sending the body of %s %s (%d of %s bytes)",
                            _peer(scope), scope["method"], scope["path"], size, "?" if declared is None else declared,
                        )
                        return None
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > self.max_body:  # chunked: no length declared
                        for reply in _plain(413, b"request body too large\n"):
                            await send(reply)
                        return None
                    parts.append(chunk)
                    if not message.get("more_body", False):
                        return b"".join(parts)
        except TimeoutError:
            self.log_slow_body(
                "slow client %s dropped: %s %s sent %d of %s body bytes in %g s; answered 408 and closed",
                _peer(scope), scope["method"], scope["path"], size, "?" if declared is None else declared,
                self.body_timeout,
            )
            for message in _plain(408, b"request body not received in time\n"):
                await send(message)
            return None

    @staticmethod
    def environ(scope, body: bytes) -> dict:
        """The WSGI environ of an ASGI HTTP scope whose body has been read whole (PEP 3333)."""
        server = scope.get("server") or ("127.0.0.1", 80)
        client = scope.get("client") or ("", 0)
        environ = {
            "REQUEST_METHOD": scope["method"],
            # WSGI strings are bytes as latin-1: the path arrives percent-decoded as UTF-8 text.
            "SCRIPT_NAME": scope.get("root_path", "").encode("utf-8").decode("latin-1"),
            "PATH_INFO": scope["path"].encode("utf-8").decode("latin-1"),
            "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
            "RAW_URI": scope.get("raw_path", b"").decode("latin-1"),
            "SERVER_NAME": str(server[0]),
            "SERVER_PORT": str(server[1]),
            "SERVER_PROTOCOL": "HTTP/" + scope.get("http_version", "1.1"),
            "REMOTE_ADDR": str(client[0]),
            "REMOTE_PORT": str(client[1]),
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": scope.get("scheme", "http"),
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        for raw_name, raw_value in scope["headers"]:
            name = raw_name.decode("latin-1").upper()
            if "_" in name:
                continue  # "X_Forwarded_For" must not pass for X-Forwarded-For
            value = raw_value.decode("latin-1")
            if name == "CONTENT-TYPE":
                environ["CONTENT_TYPE"] = value
            elif name not in ("CONTENT-LENGTH", "TRANSFER-ENCODING"):  # the body is whole: CONTENT_LENGTH is its length
                key = "HTTP_" + name.replace("-", "_")
                separator = "; " if key == "HTTP_COOKIE" else ","
                environ[key] = f"{environ[key]}{separator}{value}" if key in environ else value
        return environ

    def call_app(self, environ: dict):
        """Run the WSGI app (in a pool thread): (status, headers, body)."""
        started: list = []
        chunks: list[bytes] = []

        def start_response(status, headers, exc_info=None):
            # Nothing is sent before the app returns, so a later call (an
            # error page replacing a response) may always replace the first.
            started[:] = [status, headers]
            return chunks.append

        result = self.wsgi_app(environ, start_response)
        try:
            chunks.extend(chunk for chunk in result if chunk)
        finally:
            if hasattr(result, "close"):
                result.close()
        status, headers = started
        code, body = int(status.split(" ", 1)[0]), b"".join(chunks)
        encoded = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers]
        if not any(name == b"content-length" for name, _ in encoded) and _has_body(environ["REQUEST_METHOD"], code):
            # The body is whole: its length, rather than chunks, frames it.
            encoded.append((b"content-length", str(len(body)).encode()))
        return code, encoded, body


def _has_body(method: str, status: int) -> bool:
    return method != "HEAD" and status >= 200 and status not in (204, 304)


class HeaderDeadlineProtocol(asgi_protocol.ASGIProtocol):
    """gunicorn's ASGI protocol with a deadline on a connection's first request headers,
    a cap on connections, and the security headers on gunicorn's own error pages.

    gunicorn bounds the wait for a kept-alive connection's next request
    (``keepalive``) but not the headers of a connection's first request.
    """

    _header_deadline = None
    header_timeout = HEADER_TIMEOUT

    def connection_made(self, transport):
        super().connection_made(transport)
        worker = self.worker
        if worker.nr_conns > worker.cfg.worker_connections:
            worker.log_too_many(
                "connection from %s refused: %d open, worker_connections is %d",
                _peername(transport), worker.nr_conns - 1, worker.cfg.worker_connections,
            )
            self._give_up()
            return
        self._header_deadline = worker.loop.call_later(self.header_timeout, self._headers_too_slow)

    def _on_headers_complete(self):
        self._cancel_header_deadline()
        return super()._on_headers_complete()

    def connection_lost(self, exc):
        self._cancel_header_deadline()
        return super().connection_lost(exc)

    def _send_error_response(self, status, message, extra_headers=()):
        headers = list(extra_headers) + list(ERROR_PAGE_HEADERS.items())
        return super()._send_error_response(status, message, headers)

    def _cancel_header_deadline(self):
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _headers_too_slow(self):
        self._header_deadline = None
        if self._current_request is None and not self._closed:
            self.worker.log_slow_headers(
                "slow client %s dropped: no complete request headers in %g s", _peername(self.transport), self.header_timeout
            )
            self._give_up()

    def _give_up(self):
        self._close_transport()
        if self._request_ready is not None:
            self._request_ready.set()  # the connection's task sees it closed and ends


def _peername(transport) -> str:
    peer = transport.get_extra_info("peername") if transport else None
    return "%s:%s" % tuple(peer)[:2] if peer else "?"


class BufferedWSGIWorker(gasgi.ASGIWorker):
    """gunicorn's ASGI worker serving the WSGI app through BufferedWSGI, ``threads`` threads per worker."""

    @classmethod
    def check_config(cls, cfg, log):
        pass  # the ASGI worker warns that it ignores ``threads``; this one uses them

    def load_wsgi(self):
        super().load_wsgi()  # self.asgi is the WSGI app named on the command line (assumption 1)
        self.asgi = BufferedWSGI(self.asgi, threads=self.cfg.threads, log=self.log)
        self.log_slow_headers = LogThrottle(self.log.info, "slow clients dropped for their headers")
        self.log_too_many = LogThrottle(self.log.warning, "connections refused over worker_connections")

    def _setup_event_loop(self):
        super()._setup_event_loop()
        # asyncio listens with a backlog of 100 whatever gunicorn's ``backlog`` says (assumption 2)
        self.loop.create_server = functools.partial(self.loop.create_server, backlog=self.cfg.backlog)
        # the name _serve builds each connection's protocol from (assumption 3); a
        # worker process serves nothing else, so replacing it there is safe
        gasgi.ASGIProtocol = HeaderDeadlineProtocol


class AppLogger(glogging.Logger):
    """gunicorn's logger, whose error log also takes the app's own loggers (``dashboard.*``).

    Under gunicorn nothing gives them a handler: their warnings reached
    stderr unformatted through Python's last-resort handler and their INFO
    lines ("serving N facts ...") were lost. Here they share gunicorn's error
    log handlers (same format and destination; reopened with it on USR1),
    at gunicorn's log level.
    """

    def setup(self, cfg):
        super().setup(cfg)
        app_log = logging.getLogger(APP_LOGGER)
        for handler in list(app_log.handlers):
            if getattr(handler, "_gunicorn", False):
                app_log.removeHandler(handler)
        for handler in self.error_log.handlers:
            app_log.addHandler(handler)
        app_log.setLevel(self.loglevel)
        app_log.propagate = False
