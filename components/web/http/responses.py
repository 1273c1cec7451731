"""Dynamic responses: compressed when accepted, the chart callback's kept as the bytes sent.

Dash answers the page (``/``), ``/_dash-layout``, ``/_dash-dependencies``
and every callback uncompressed (the page alone is 30 KB of HTML); the chart callback's answer is 50-90 KB of figure
data that compression shrinks about ninefold. ``init_response_cache`` adds:

* brotli (quality ``BROTLI_QUALITY``) or gzip (level ``GZIP_LEVEL``) of those
  responses, whichever the client prefers (``assets_serving.negotiate``),
  when the body is over ``MIN_SIZE``, with ``Vary: Accept-Encoding``;
* a cache in front of the chart callback (region filter + language -> every
  chart): its answer depends only on (data version, canonical regions,
  language, explorer indicator; and the code version, ``cache.code_version()``), so the response
  body is stored once, plain and in each
  encoding, in the app's one shared cache, and the most recent answers also
  in the worker's memory (``LOCAL_ENTRIES``), which spares a hit the read of
  50-90 KB from the cache's file or Redis. A hit is answered before Dash parses the request
  or serialises a figure -- no build, no JSON encoding, no compression -- which
  is what lets the chart callback serve as fast as a trivial one. The data
  version in the key means a reload never serves charts of the old data, and
  the key holds nothing of the requester, so no view leaks between users.

Hooks are registered after ``security.protect``: Flask runs before-request
hooks in order, so a request is validated before the cache answers it.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from dash import Dash
from flask import Response, g, request

from components.web.http.static import ENCODINGS, MIN_SIZE, compress, negotiate
from components.services.cache import PENDING_RESPONSE, cache, code_version
from components.services.view import clean_indicator, clean_view
from components.web.callbacks.charts import CHART_INPUTS, CHART_OUTPUT
from components.data.store import current_store
from components.text import LANGS
from components.web.dash_internals import UPDATE_PATH, body_values, callback_body, output_key


DYNAMIC_PATHS = ("/", UPDATE_PATH, "/_dash-layout", "/_dash-dependencies")
# Paid on every uncached response. On the 87 KB chart response: gzip 5 is
# within 5 % of gzip 9's size (11.0 vs 10.5 KB) in 0.7 ms instead of 1.9 ms;
# brotli 5 gives 9.5 KB in 0.9 ms (brotli 7 and up: 4-70 ms for < 10 % more).
GZIP_LEVEL = 5
BROTLI_QUALITY = 5
# Chart responses a worker keeps in memory, most recently used first: the
# curated data's views are a few dozen, 50-90 KB each in three encodings.
LOCAL_ENTRIES = 64
LOCAL_EXTENSION_KEY = "dashboard.local_responses"
CHART_CALLBACK = output_key([(CHART_OUTPUT.component_id, CHART_OUTPUT.component_property)])


def chart_response_key(body: object) -> str | None:
    """The cache key of a chart callback request (already validated), or None for other callbacks."""
    if not isinstance(body, dict) or body.get("output") != CHART_CALLBACK:
        return None
    values = body_values(body)
    regions, lang, indicator = (values.get(f"{i.component_id}.{i.component_property}") for i in CHART_INPUTS)
    kept, lang = clean_view(regions, lang)
    return f"chart-response:{code_version()}:{current_store().version}:{','.join(kept)}:{lang}:{clean_indicator(indicator) or ''}"


class LocalResponses:
    """The worker's most recent chart responses, bounded by ``LOCAL_ENTRIES``.

    Keys carry the data version, so an entry never goes stale; eviction is
    least recently used. Thread-safe: gunicorn threads share it.
    """

    def __init__(self, size: int = LOCAL_ENTRIES) -> None:
        self._size = size
        self._entries: OrderedDict[str, tuple[bytes, dict[str, bytes]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple[bytes, dict[str, bytes]] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def put(self, key: str, entry: tuple[bytes, dict[str, bytes]]) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)


def _encoded(response: Response, plain: bytes, packed: dict[str, bytes]) -> Response:
    """``response`` carrying the encoding the client prefers, else ``plain``."""
    encoding = negotiate(request)
    if encoding in packed:
        response.set_data(packed[encoding])
        response.headers["Content-Encoding"] = encoding
    else:
        response.set_data(plain)
    response.vary.add("Accept-Encoding")
    return response


def _compress(body: bytes, encoding: str) -> bytes:
    return compress(body, encoding, brotli_quality=BROTLI_QUALITY, gzip_level=GZIP_LEVEL)


def init_response_cache(app: Dash) -> None:
    """Compress ``app``'s JSON responses and answer repeated chart requests from the caches."""
    server = app.server
    local = server.extensions[LOCAL_EXTENSION_KEY] = LocalResponses()

    @server.before_request
    def answer_cached_charts() -> Response | None:
        if request.path != UPDATE_PATH or request.method != "POST":
            return None
        key = chart_response_key(request.get_json(silent=True))
        if key is None:
            return None
        stored = local.get(key)
        if stored is None:
            # A damaged or foreign entry is a miss (the backends say so once):
            # the response is rebuilt below and the entry written again.
            stored = cache.get(key)
            if stored is not None:
                local.put(key, stored)
        if stored is not None:
            return _encoded(Response(mimetype="application/json"), *stored)
        setattr(g, PENDING_RESPONSE, key)  # a miss: Dash answers, compress_dynamic stores
        return None

    @server.after_request
    def compress_dynamic(response: Response) -> Response:
        if request.path not in DYNAMIC_PATHS or response.status_code != 200 or "Content-Encoding" in response.headers:
            return response
        response.vary.add("Accept-Encoding")
        body = response.get_data()
        key = g.pop(PENDING_RESPONSE, None)
        if key is not None:
            entry = (body, {encoding: _compress(body, encoding) for encoding in ENCODINGS})
            cache.set(key, entry)
            local.put(key, entry)
            return _encoded(response, *entry)
        encoding = negotiate(request)
        if len(body) >= MIN_SIZE and encoding:
            return _encoded(response, body, {encoding: _compress(body, encoding)})
        return response


def chart_request(regions: list[str], lang: str, indicator: str | None = None) -> dict:
    """The body dash-renderer posts for the chart callback."""
    inputs = [(i.component_id, i.component_property, v) for i, v in zip(CHART_INPUTS, (regions, lang, indicator))]
    return callback_body([(CHART_OUTPUT.component_id, CHART_OUTPUT.component_property)], inputs, changed=[])


def warm_chart_responses(app: Dash, budget_seconds: float) -> int:
    """Answer the default view, then each region alone, in every language, while the budget lasts.

    Run by the factory: in the gunicorn master when preloading, so the shared
    cache is filled before any worker forks and a visitor's first filter
    change is a cache hit. The budget bounds start-up when the regions are
    too many to build them all (the curated data's 16 views take 4-5 s on two
    cores). Returns the number of views answered.
    """
    server = app.server
    client = server.test_client()
    with server.app_context():
        singles = [[region] for region in current_store().region_ids()]
    started, answered = time.monotonic(), 0
    for regions in [[], *singles]:
        for lang in LANGS:
            if regions and time.monotonic() - started > budget_seconds:
                return answered
            response = client.post(UPDATE_PATH, json=chart_request(regions, lang))
            if response.status_code != 200:
                raise RuntimeError(f"the chart callback failed at start-up (HTTP {response.status_code})")
            answered += 1
    return answered
