"""Static files: compressed once (brotli or gzip), cached by browsers for a year when fingerprinted.

Dash serves its own JavaScript (react, dash-renderer, dcc, dash_table) from
``/_dash-component-suites/`` and the files of ``assets/`` (among them the
partial plotly.js bundle) from ``/assets/``, both uncompressed. This module
compresses each such file the first time it is asked for and keeps the
bytes, so no request pays for compression again (unlike flask-compress,
which would compress every response anew).

Encodings: brotli at its best quality when the client accepts ``br``
(Chromium and Firefox do, on loopback HTTP too), else gzip. Brotli 11 ships
the page's JavaScript ~18 % smaller than gzip 9 but costs ~2 s for plotly.js,
so its output is also kept on disk, named by the sha256 of the input
(``DASHBOARD_STATIC_CACHE_DIR``): a restart, or another worker, reads it
instead of compressing again, once it has checked that the copy decompresses
to the file (a damaged or planted copy is compressed again and replaced). A
file that cannot be written is only kept in memory; a directory removed
under the server is created again.

The memory is keyed by the request path, the response's validator (ETag or
the fingerprint in the path), the length of the body and the encoding: the
same key always means the same bytes, whoever asked, so the table cannot leak
one user's view to another and gunicorn workers never disagree about content.
It is bounded by the set of files Dash is willing to serve.

Cache lifetimes: Dash already gives fingerprinted component-suite URLs
(``dcc.v4_1_0m1700000000.js``) a year. Asset URLs carry the file's mtime as
``?m=`` and change whenever the file does, so they get a year and
``immutable`` too; without ``m`` they stay revalidated through their ETag.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import re
import tempfile
import threading
from pathlib import Path

import brotli
from flask import Flask, Request, Response, g, request
from werkzeug.http import parse_etags

from components.config import ConfigError, private_cache_dir
from components.services.cache import Episode

log = logging.getLogger("dashboard.assets")

COMPRESSIBLE = ("application/javascript", "text/javascript", "text/css", "application/json", "image/svg+xml", "text/plain")
MIN_SIZE = 1024  # below one packet compression saves nothing worth a header
STATIC_GZIP_LEVEL = 9  # paid once per file, so the smallest output wins
STATIC_BROTLI_QUALITY = 11
YEAR = 31536000
# Preference order when a client accepts several.
ENCODINGS = ("br", "gzip")

_packed: dict[tuple[str, str, int, str], bytes] = {}
_lock = threading.Lock()


def negotiate(req: Request) -> str | None:
    """The encoding to send: "br", "gzip" or None, from Accept-Encoding (``q=0`` refuses one)."""
    accepted: dict[str, float] = {}
    for item in req.headers.get("Accept-Encoding", "").lower().split(","):
        name, _, params = item.strip().partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        if name:
            accepted[name] = quality
    for encoding in ENCODINGS:
        if accepted.get(encoding, accepted.get("*", 0.0)) > 0:
            return encoding
    return None


def compress(body: bytes, encoding: str, *, brotli_quality: int, gzip_level: int) -> bytes:
    if encoding == "br":
        return brotli.compress(body, quality=brotli_quality)
    # mtime=0: the same bytes on every worker and every start.
    return gzip.compress(body, compresslevel=gzip_level, mtime=0)


# One warning while a kind of trouble lasts, not one per file or request.
_damaged = Episode("static files on disk damaged or not what their name says", "compressing them again")
_unwritable = Episode("the static cache directory unwritable", "keeping compressed files in memory only")


def _read_copy(path: Path, body: bytes) -> bytes | None:
    """The copy at ``path`` if it decompresses to exactly ``body``, else None (missing, damaged or planted).

    The file is served as the page's own scripts, so it is checked, not
    trusted: decompressing plotly.js costs ~10 ms once per file and worker.
    """
    try:
        packed = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        _damaged.started(exc.strerror or exc)
        return None
    try:
        intact = brotli.decompress(packed) == body
    except brotli.error:
        intact = False
    if not intact:
        _damaged.started(f"first {path.name}")
        return None
    _damaged.ended()
    return packed


def _keep(path: Path, packed: bytes) -> None:
    """Write ``packed`` to ``path`` aside and rename it, so a reader never sees half a file."""
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as handle:
        handle.write(packed)
    os.replace(handle.name, path)


def _from_disk(body: bytes, encoding: str, static_dir: Path | None) -> bytes:
    """Brotli 11 of ``body``, read from ``static_dir`` when an earlier run wrote it there intact."""
    name = f"{hashlib.sha256(body).hexdigest()}-q{STATIC_BROTLI_QUALITY}.{encoding}"
    path = static_dir / name if static_dir is not None else None
    if path is not None and (packed := _read_copy(path, body)) is not None:
        return packed
    packed = compress(body, encoding, brotli_quality=STATIC_BROTLI_QUALITY, gzip_level=STATIC_GZIP_LEVEL)
    if path is not None:
        try:
            try:
                _keep(path, packed)
            except FileNotFoundError:  # the directory was removed under the running server
                private_cache_dir(str(static_dir), setting="DASHBOARD_STATIC_CACHE_DIR")
                log.warning("static cache: the directory %s was gone; created it again", static_dir)
                _keep(path, packed)
        except (OSError, ConfigError) as exc:
            _unwritable.started(getattr(exc, "strerror", None) or exc)
        else:
            _unwritable.ended()
    return packed


def compress_once(key: tuple[str, str, int, str], body: bytes, static_dir: Path | None = None) -> bytes:
    """``body`` in the encoding ``key[-1]``, computed the first time ``key`` is seen."""
    packed = _packed.get(key)
    if packed is None:
        encoding = key[-1]
        if encoding == "br":
            packed = _from_disk(body, encoding, static_dir)
        else:
            packed = compress(body, encoding, brotli_quality=STATIC_BROTLI_QUALITY, gzip_level=STATIC_GZIP_LEVEL)
        with _lock:
            _packed[key] = packed
    return packed


# Each encoding of a file is its own representation, so its own strong ETag:
# a cache (or a proxy) must never take gzip bytes for the plain ones.
ETAG_SUFFIX = {"br": "-br", "gzip": "-gz"}
# What a 304 drops of the 200 it stands for: it has no body (RFC 9110 section 15.4.5).
BODY_HEADERS = ("Content-Encoding", "Content-Length", "Content-Type")


def _compress(response: Response, encoding: str, static_dir: Path | None) -> Response:
    response.direct_passthrough = False  # Flask's static files stream; read them
    body = response.get_data()
    if len(body) < MIN_SIZE:
        return response
    validator = response.headers.get("ETag", "")
    response.set_data(compress_once((request.path, validator, len(body), encoding), body, static_dir))
    response.headers["Content-Encoding"] = encoding
    tag, weak = response.get_etag()
    if tag:
        response.set_etag(tag + ETAG_SUFFIX[encoding], weak=bool(weak))
    return response


# flask.g: the If-None-Match of a static request, answered here once the
# representation (and so its ETag) is chosen, not by Flask or Dash, which know
# only the plain file's tag and would answer 304 to a client holding another
# encoding's bytes, or 200 to one holding these.
CONDITIONAL = "static_if_none_match"


def _not_modified(response: Response) -> Response:
    """``response`` as a 304: its validators, caching and security headers, no body."""
    response.status_code = 304
    response.set_data(b"")
    for name in BODY_HEADERS:
        response.headers.pop(name, None)
    return response


def init_asset_serving(server: Flask, assets_url_path: str = "/assets/", static_cache_dir: str | None = None) -> None:
    """Compress and cache the static responses of ``server``'s Dash app.

    ``static_cache_dir``: where brotli output is kept across starts (None:
    memory only).
    """
    static_dir = Path(static_cache_dir) if static_cache_dir else None
    prefixes = (assets_url_path, "/_dash-component-suites/")

    @server.before_request
    def _take_the_condition():
        if request.method == "GET" and request.path.startswith(prefixes) and "HTTP_IF_NONE_MATCH" in request.environ:
            g.setdefault(CONDITIONAL, request.environ.pop("HTTP_IF_NONE_MATCH"))
            # If-None-Match rules over If-Modified-Since (RFC 9110 13.2.2); without it, Flask would use the date.
            request.environ.pop("HTTP_IF_MODIFIED_SINCE", None)

    @server.after_request
    def _answer_the_condition(response: Response) -> Response:
        condition = g.pop(CONDITIONAL, None)
        if condition is None or response.status_code != 200:
            return response
        tag, _ = response.get_etag()
        if tag and (condition.strip() == "*" or parse_etags(condition).contains_weak(tag)):
            return _not_modified(response)
        return response

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
        encoding = negotiate(request)
        if encoding and response.mimetype in COMPRESSIBLE and "Content-Encoding" not in response.headers:
            return _compress(response, encoding, static_dir)
        return response


_PAGE_URL = re.compile(r'(?:src|href)="(/[^"?#]+\.(?:js|css)(?:\?[^"#]*)?)"')


def warm_static(server: Flask, page: str) -> int:
    """Compress, in the preferred encoding, every script and stylesheet that ``page`` links to.

    Run by the factory in the gunicorn master when preloading: the workers
    fork with the bytes in memory, and the first visitor waits for no
    compression. Files that a component loads later (Dash's async chunks)
    are compressed on first request, from the disk copy after the first
    run. Returns the number of files warmed.
    """
    client = server.test_client()
    urls = sorted(set(_PAGE_URL.findall(page)))
    for url in urls:
        client.get(url, headers={"Accept-Encoding": ENCODINGS[0]})
    return len(urls)
