"""Static files: compressed once, cached by browsers for a year when fingerprinted.

Dash serves its own JavaScript (react, dash-renderer, dcc, dash_table) from
``/_dash-component-suites/`` and the files of ``assets/`` (among them the
partial plotly.js bundle) from ``/assets/``, both uncompressed. This module
gzips each such file the first time it is asked for and keeps the bytes, so
no request pays for compression again (unlike flask-compress, which would
compress every response anew).

The memory is keyed by the request path and the response's validator (ETag
or the fingerprint in the path) and the length of the body: the same key
always means the same bytes, whoever asked, so the table cannot leak one
user's view to another and gunicorn workers never disagree about content.
It is bounded by the set of files Dash is willing to serve.

Cache lifetimes: Dash already gives fingerprinted component-suite URLs
(``dcc.v4_1_0m1700000000.js``) a year. Asset URLs carry the file's mtime as
``?m=`` and change whenever the file does, so they get a year and
``immutable`` too; without ``m`` they stay revalidated through their ETag.
"""

from __future__ import annotations

import gzip
import threading

from flask import Flask, Request, Response, request

COMPRESSIBLE = ("application/javascript", "text/javascript", "text/css", "application/json", "image/svg+xml", "text/plain")
MIN_SIZE = 1024  # below one packet gzip saves nothing worth a header
GZIP_LEVEL = 9  # paid once per file, so the smallest output wins
YEAR = 31536000

_gzipped: dict[tuple[str, str, int], bytes] = {}
_lock = threading.Lock()


def accepts_gzip(req: Request) -> bool:
    return "gzip" in req.headers.get("Accept-Encoding", "").lower()


def gzip_once(key: tuple[str, str, int], body: bytes) -> bytes:
    """The gzip of ``body``, computed the first time ``key`` is seen."""
    packed = _gzipped.get(key)
    if packed is None:
        # mtime=0: the same bytes on every worker and every start.
        packed = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
        with _lock:
            _gzipped[key] = packed
    return packed


def _compress(response: Response) -> Response:
    response.direct_passthrough = False  # Flask's static files stream; read them
    body = response.get_data()
    if len(body) < MIN_SIZE:
        return response
    validator = response.headers.get("ETag", "")
    packed = gzip_once((request.path, validator, len(body)), body)
    response.set_data(packed)
    response.headers["Content-Encoding"] = "gzip"
    return response


def init_asset_serving(server: Flask, assets_url_path: str = "/assets/") -> None:
    """Compress and cache the static responses of ``server``'s Dash app."""
    prefixes = (assets_url_path, "/_dash-component-suites/")

    @server.after_request
    def _static_headers(response: Response) -> Response:
        if request.method != "GET" or response.status_code != 200 or not request.path.startswith(prefixes):
            return response
        if request.path.startswith(assets_url_path) and request.args.get("m"):
            response.cache_control.no_cache = None  # Flask's default for static files
            response.cache_control.public = True
            response.cache_control.max_age = YEAR
            response.cache_control.immutable = True
        response.vary.add("Accept-Encoding")
        if response.mimetype in COMPRESSIBLE and "Content-Encoding" not in response.headers and accepts_gzip(request):
            return _compress(response)
        return response
