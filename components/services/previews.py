"""Chart previews: each chart of a view as a static SVG, drawn on the server, for the page's first paint.

A phone spends seconds of its main thread starting plotly.js and drawing
seven charts; the first paint (``components.web.firstpaint``) shows each
chart as an image instead, and the live charts take over once the page has
started (assets/boot.js). The images are the view's own figures, rendered by
the export renderer (kaleido, ``components.export.render``) at the two widths
the page lays charts out at (``WIDTHS``), at the figure's own height.

Nothing waits for a render: the first paint names the previews that are
already in the cache and asks for the rest (``request``), which a
background thread renders, one worker of the host at a time, one chart at a
time, and never while an export renders on the host (an export waits at
most one chart's render). A view's previews are keyed
like its chart response (code version, data version, regions, language,
indicator), so they never show another version's data.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import queue
import threading
import time

from components.charts.registry import GRAPHS
from components.export import is_empty
from components.data.store import current_store
from components.services.cache import cache, code_version
from components.services.charts import chart_outputs
from components.services.exportgate import GATE_EXTENSION_KEY

log = logging.getLogger("dashboard.previews")

# The chart's width in the page (CSS pixels): a 375-pixel phone (style.css:
# 8 px page and 12 px card padding; charts.style.PHONE_CHART_PX), and the
# chart column beside the provenance panel at 1280 pixels.
WIDTHS = {"phone": 335, "wide": 836}
PHONE_MEDIA = "(max-width: 640px)"  # below it the phone-width image is shown
EXPORT_WAIT_SECONDS = 120  # the longest a preview waits for exports before it renders anyway
QUEUE_SIZE = 32  # views waiting; more are dropped (asked for again by the next load)


def preview_key(view: tuple, graph: str, size: str) -> str:
    """The URL-safe name of one preview: a digest of everything it shows."""
    text = f"{code_version()}|{current_store().version}|{view}|{graph}|{size}"
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def _cache_key(key: str) -> str:
    return f"preview:{key}"


def stored(key: str) -> bytes | None:
    """The SVG of a preview, if rendered."""
    value = cache.get(_cache_key(key))
    return value if isinstance(value, bytes) else None


# Previews this process has stored so far: part of the key of its cached
# first paints (web.firstpaint), which then show new previews at once.
rendered = 0


def render_view(view: tuple, renderer, before_each=lambda: None) -> int:
    """Render and store every missing preview of ``view`` = (regions, lang, indicator); returns how many.

    ``before_each`` is called before each render (the queue waits there while an export renders).
    """
    regions, lang, indicator = view
    figs, _, _ = chart_outputs(current_store().version, regions, lang, indicator)
    made = 0
    for graph, fig in zip(GRAPHS, figs):
        if is_empty(fig):
            continue
        height = int(fig["layout"].get("height") or 440)
        for size, width in WIDTHS.items():
            key = preview_key(view, graph, size)
            if cache.get(_cache_key(key)) is not None:
                continue
            before_each()
            svg = renderer.render(fig, "svg", width=width, height=height, scale=1)
            cache.set(_cache_key(key), bytes(svg))
            made += 1
    global rendered
    rendered += made
    return made


class PreviewQueue:
    """Views whose previews are wanted, rendered by one daemon thread per process."""

    def __init__(self, app, renderer) -> None:
        self._app = app
        self._renderer = renderer
        self._queue: queue.Queue = queue.Queue(QUEUE_SIZE)
        self._waiting: set = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = None
        self.available = True  # False once the renderer could not start

    def request(self, view: tuple) -> None:
        if not self.available:
            return
        with self._lock:
            if view in self._waiting:
                return
            try:
                self._queue.put_nowait(view)
            except queue.Full:
                return
            self._waiting.add(view)
            self._ensure_thread()

    def _ensure_thread(self) -> None:
        import os

        # A thread started before a fork (gunicorn's preloading master) does
        # not exist in the worker: each process starts its own.
        if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
            self._pid = os.getpid()
            self._thread = threading.Thread(target=self._run, name="chart-previews", daemon=True)
            self._thread.start()

    def _yield_to_exports(self) -> None:
        """Wait while an export renders anywhere on the host: a reader's export goes first."""
        gate = self._app.server.extensions.get(GATE_EXTENSION_KEY)
        waited = 0.0
        while gate is not None and gate.rendering() and waited < EXPORT_WAIT_SECONDS:
            time.sleep(0.5)
            waited += 0.5

    def _run(self) -> None:
        from components.export.render import RendererUnavailable, find_chromium

        while True:
            view = self._queue.get()
            try:
                gate = self._app.server.extensions.get(GATE_EXTENSION_KEY)
                # One worker of the host renders previews at a time (one
                # Chromium for them, not one per worker); a view another worker
                # is busy beside is asked again by its next page load.
                with gate.background("previews") if gate is not None else contextlib.nullcontext(True) as mine:
                    if not mine:
                        continue
                    with self._app.server.app_context():
                        made = render_view(view, self._renderer, self._yield_to_exports)
                if made:
                    log.info("rendered %d chart previews of %s", made, view)
            except RendererUnavailable as exc:
                # No Chromium: no previews in this process (the page draws its
                # charts live). Busy with exports: this view is asked again.
                self.available = find_chromium() is not None
                log.warning("chart previews of %s not rendered: %s", view, exc)
            except Exception:  # noqa: BLE001 - a preview is optional; the live chart follows
                log.exception("rendering the chart previews of %s failed", view)
            finally:
                with self._lock:
                    self._waiting.discard(view)
