"""Server-side rendering: one warm headless Chromium (kaleido) per process.

kaleido 1.x drives a Chromium through choreographer, which looks for the
browser in ``BROWSER_PATH`` and then on ``PATH``; we pass the path explicitly
(``find_chromium``) so Debian's ``/usr/bin/chromium`` is used and nothing is
downloaded. Starting Chromium takes about two seconds, so the renderer is
opened on first use and kept open; a lock serialises the renders of one
worker, and every wait has a timeout, so a stuck browser is discarded (and
restarted on the next export) instead of hanging a request. After
``idle_seconds`` without an export the browser is closed (about 1 GB per
worker otherwise stays resident), and opened again by the next one.

The renderer belongs to the process that opened it: after a fork (gunicorn
workers) the event-loop thread does not exist in the child, so a renderer
opened in another process is dropped and opened anew.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import shutil
import threading
import time
from pathlib import Path


log = logging.getLogger("dashboard.export")

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
OPEN_TIMEOUT = 30.0  # seconds for Chromium to start
RENDER_TIMEOUT = 30.0  # seconds for one image
WAIT_TIMEOUT = 60.0  # seconds to wait for another request's export to finish
CLOSE_TIMEOUT = 5.0


# Chromium's processes run at this niceness: a render takes a core for
# seconds, and the requests of everyone else must come first (an export may
# take longer; a page must not).
RENDER_NICENESS = 10


def lower_priority_of_children(niceness: int = RENDER_NICENESS) -> int:
    """Every thread of every descendant process (the renderer's Chromium) at ``niceness``; how many were set.

    Linux keeps a niceness per thread, and a new process or thread inherits
    its creator's, so setting the ones that exist after Chromium starts (and
    again after each render, for the processes it spawned meanwhile) covers
    them all. Best effort: elsewhere than Linux, nothing happens.
    """
    changed, pending, seen = 0, [os.getpid()], set()
    while pending:
        pid = pending.pop()
        try:
            tasks = [int(tid) for tid in os.listdir(f"/proc/{pid}/task")]
        except OSError:
            continue
        for tid in tasks:
            try:
                pending += [int(c) for c in Path(f"/proc/{pid}/task/{tid}/children").read_text().split() if int(c) not in seen]
            except OSError:
                pass
            if pid != os.getpid():
                try:
                    if os.getpriority(os.PRIO_PROCESS, tid) < niceness:
                        os.setpriority(os.PRIO_PROCESS, tid, niceness)
                        changed += 1
                except OSError:
                    pass
        seen.add(pid)
    return changed


class RendererUnavailable(RuntimeError):
    """No image can be rendered on the server; the message says why, for people."""


def find_chromium() -> str | None:
    """The Chromium to use: ``BROWSER_PATH`` (choreographer's own setting), Debian's, or one on PATH."""
    configured = os.environ.get("BROWSER_PATH")
    candidates = [configured] if configured else []
    candidates += list(CHROMIUM_PATHS) + [shutil.which(name) or "" for name in CHROMIUM_NAMES]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


class Renderer:
    """Renders figures to PNG/SVG bytes with one kaleido browser kept open."""

    def __init__(
        self,
        chromium: str | None = None,
        *,
        open_timeout: float = OPEN_TIMEOUT,
        render_timeout: float = RENDER_TIMEOUT,
        wait_timeout: float = WAIT_TIMEOUT,
    ):
        self._chromium = chromium
        self._open_timeout = open_timeout
        self._render_timeout = render_timeout
        self._wait_timeout = wait_timeout
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None
        self._pid: int | None = None
        # Chromium holds about 1 GB while open: closed after this many idle
        # seconds (None: kept open), opened again by the next export.
        self.idle_seconds: float | None = None
        self._last_used = 0.0
        self._idle_timer: threading.Timer | None = None

    def render(self, fig: dict, fmt: str, *, width: int, height: int, scale: float) -> bytes:
        """Image bytes of ``fig``; raises RendererUnavailable with a message for people."""
        if not self._lock.acquire(timeout=self._wait_timeout):
            raise RendererUnavailable("the server is busy with another export; try again in a minute")
        try:
            kaleido = self._open()
            opts = {"format": fmt, "width": width, "height": height, "scale": scale}
            return self._run(kaleido.calc_fig(fig, opts=opts), self._render_timeout, "rendering a chart")
        finally:
            lower_priority_of_children()  # processes Chromium started for this render
            self._last_used = time.monotonic()
            self._arm_idle_timer()
            self._lock.release()

    @property
    def is_open(self) -> bool:
        return self._kaleido is not None and self._pid == os.getpid()

    def close(self) -> None:
        with self._lock:
            self._discard()

    def _arm_idle_timer(self) -> None:
        if self.idle_seconds is None or self._kaleido is None:
            return
        if self._idle_timer is not None:
            self._idle_timer.cancel()
        self._idle_timer = threading.Timer(self.idle_seconds, self._close_if_idle)
        self._idle_timer.daemon = True
        self._idle_timer.start()

    def _close_if_idle(self) -> None:
        if not self._lock.acquire(blocking=False):
            return  # rendering: that render arms the timer again
        try:
            if self._kaleido is not None and time.monotonic() - self._last_used >= (self.idle_seconds or 0):
                log.info("kaleido renderer closed after %g s without an export", self.idle_seconds)
                self._discard()
        finally:
            self._lock.release()

    # -- internals (called with the lock held) -------------------------------

    def _open(self):
        if self._kaleido is not None and self._pid == os.getpid():
            return self._kaleido
        self._loop = self._kaleido = None  # opened before a fork: unusable here
        chromium = self._chromium or find_chromium()
        if not chromium:
            raise RendererUnavailable(
                "no Chromium on the server (install the 'chromium' package or set BROWSER_PATH); "
                "the PNG and SVG buttons of each chart still work in your browser"
            )
        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, name="kaleido-loop", daemon=True).start()
        self._loop, self._pid = loop, os.getpid()
        self._kaleido = self._run(self._start(chromium), self._open_timeout, "starting Chromium")
        lower_priority_of_children()
        log.info("kaleido renderer started with %s", chromium)
        return self._kaleido

    async def _start(self, chromium: str):
        import kaleido  # imported on first export only: it is not needed to serve the page

        # mathjax=False: kaleido would fetch MathJax from a CDN; no figure uses LaTeX.
        renderer = kaleido.Kaleido(path=chromium, mathjax=False, timeout=self._render_timeout)
        await renderer.open()
        return renderer

    def _run(self, coroutine, timeout: float, doing: str):
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            self._discard()
            raise RendererUnavailable(f"Chromium did not answer within {timeout:g} s while {doing}") from None
        except Exception as exc:  # kaleido and choreographer raise many types; report, then start afresh
            self._discard()
            log.warning("server-side rendering failed while %s: %r", doing, exc)
            raise RendererUnavailable(f"Chromium failed while {doing}: {exc}") from exc

    def _discard(self) -> None:
        """Close the browser (best effort, bounded) and stop its loop; the next render reopens."""
        kaleido, loop = self._kaleido, self._loop
        self._kaleido = self._loop = None
        if loop is None:
            return
        if kaleido is not None and self._pid == os.getpid():
            try:
                asyncio.run_coroutine_threadsafe(kaleido.close(), loop).result(CLOSE_TIMEOUT)
            except Exception as exc:  # a dying browser may fail to close in many ways
                log.warning("closing Chromium failed: %r", exc)
        loop.call_soon_threadsafe(loop.stop)


# One per process, opened on the first export (nothing starts at import).
RENDERER = Renderer()
# Closed before the interpreter shuts its thread pools down: choreographer
# needs one to close Chromium, and a plain atexit hook runs too late for it.
threading._register_atexit(RENDERER.close)
