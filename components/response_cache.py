"""Dynamic responses: gzipped when accepted, the chart callback's kept as the bytes sent.

Dash answers the page (``/``), ``/_dash-layout``, ``/_dash-dependencies``
and every callback uncompressed (the page alone is 30 KB of HTML); the chart callback's answer is 50-90 KB of figure
data that gzip shrinks about eightfold. ``init_response_cache`` adds:

* gzip (level ``GZIP_LEVEL``) of those responses when the client accepts
  it and the body is over ``MIN_SIZE``, with ``Vary: Accept-Encoding``;
* a cache in front of the chart callback (region filter + language -> every
  chart): its answer depends only on (data version, canonical regions,
  language), so the response body is stored once, plain and gzipped, in the
  app's one shared cache. A hit is answered before Dash parses the request
  or serialises a figure -- no build, no JSON encoding, no compression -- which
  is what lets the chart callback serve as fast as a trivial one. The data
  version in the key means a reload never serves charts of the old data, and
  the key holds nothing of the requester, so no view leaks between users.

Hooks are registered after ``security.protect``: Flask runs before-request
hooks in order, so a request is validated before the cache answers it.
"""

from __future__ import annotations

import gzip
import logging
import time

from dash import Dash
from flask import Response, g, request

from components.assets_serving import MIN_SIZE, accepts_gzip
from components.cache import cache
from components.callbacks import CHART_INPUTS, CHART_OUTPUTS, clean_view
from components.datastore import current_store
from components.i18n import LANGS
from components.security import UPDATE_PATH

log = logging.getLogger("dashboard.cache")

DYNAMIC_PATHS = ("/", UPDATE_PATH, "/_dash-layout", "/_dash-dependencies")
# Paid on every uncached response: on the 87 KB chart response level 5 is
# within 5% of level 9's size (11.0 vs 10.5 KB) in 0.7 ms instead of 1.9 ms.
GZIP_LEVEL = 5
# Dash's key of a multi-output callback: "..id.prop...id.prop..".
CHART_CALLBACK = ".." + "...".join(f"{o.component_id}.{o.component_property}" for o in CHART_OUTPUTS) + ".."
_PENDING_KEY = "chart_response_key"  # flask.g: where a miss waits for Dash's answer


def chart_response_key(body: object) -> str | None:
    """The cache key of a chart callback request (already validated), or None for other callbacks."""
    if not isinstance(body, dict) or body.get("output") != CHART_CALLBACK:
        return None
    values = {f"{item['id']}.{item['property']}": item.get("value") for item in body["inputs"]}
    regions, lang = (values.get(f"{i.component_id}.{i.component_property}") for i in CHART_INPUTS)
    kept, lang = clean_view(regions, lang)
    return f"chart-response:{current_store().version}:{','.join(kept)}:{lang}"


def _encoded(response: Response, plain: bytes, packed: bytes) -> Response:
    """``response`` carrying ``packed`` for a client that accepts gzip, else ``plain``."""
    if accepts_gzip(request):
        response.set_data(packed)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response.set_data(plain)
    response.vary.add("Accept-Encoding")
    return response


def _compress(body: bytes) -> bytes:
    # mtime=0: the same bytes from every worker, so cached copies agree.
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)


def init_response_cache(app: Dash) -> None:
    """Compress ``app``'s JSON responses and answer repeated chart requests from the cache."""
    server = app.server

    @server.before_request
    def answer_cached_charts() -> Response | None:
        if request.path != UPDATE_PATH or request.method != "POST":
            return None
        key = chart_response_key(request.get_json(silent=True))
        if key is None:
            return None
        try:
            stored = cache.get(key)
        except Exception:  # noqa: BLE001 - a damaged entry raises whatever unpickling it does
            # A miss, as flask-caching's memoize treats it: the response is rebuilt and rewritten.
            log.warning("cache: unreadable chart response %s; rebuilding it", key, exc_info=True)
            stored = None
        if stored is not None:
            return _encoded(Response(mimetype="application/json"), *stored)
        setattr(g, _PENDING_KEY, key)  # a miss: Dash answers, compress_dynamic stores
        return None

    @server.after_request
    def compress_dynamic(response: Response) -> Response:
        if request.path not in DYNAMIC_PATHS or response.status_code != 200 or "Content-Encoding" in response.headers:
            return response
        response.vary.add("Accept-Encoding")
        body = response.get_data()
        key = g.pop(_PENDING_KEY, None)
        if key is not None:
            packed = _compress(body)
            cache.set(key, (body, packed))
            return _encoded(response, body, packed)
        if len(body) >= MIN_SIZE and accepts_gzip(request):
            return _encoded(response, body, _compress(body))
        return response


def chart_request(regions: list[str], lang: str) -> dict:
    """The body dash-renderer posts for the chart callback."""
    return {
        "output": CHART_CALLBACK,
        "outputs": [{"id": o.component_id, "property": o.component_property} for o in CHART_OUTPUTS],
        "inputs": [
            {"id": i.component_id, "property": i.component_property, "value": value}
            for i, value in zip(CHART_INPUTS, (regions, lang))
        ],
        "changedPropIds": [],
        "state": [],
    }


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
