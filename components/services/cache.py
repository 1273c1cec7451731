"""The one flask-caching Cache of the app, initialised by the factory."""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
from pathlib import Path
import time
from typing import Any, Callable

from flask import g, has_request_context
from flask_caching import Cache
from flask_caching.backends.rediscache import RedisCache
from redis.exceptions import RedisError

from components.config import ROOT, private_cache_dir

COMPONENTS = ROOT / "components"  # every room of the package: a change anywhere is a new release

cache = Cache()
log = logging.getLogger("dashboard.cache")


@functools.cache
def code_version() -> str:
    """A digest of the app's Python source.

    Part of every cache key the app writes (with the data version): a shared
    cache outlives a deployment, and a release whose callbacks or figures
    differ must never be answered with results the previous one stored.
    """
    digest = hashlib.sha256()
    for path in sorted([*COMPONENTS.rglob("*.py"), ROOT / "app.py"]):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]



# flask.g: the cache key under which a chart response being answered will be
# stored (components.web.http.responses).
PENDING_RESPONSE = "chart_response_key"


def forget_pending_response() -> None:
    """Do not store the response being answered: it reports a failure, not the view."""
    if has_request_context():
        g.pop(PENDING_RESPONSE, None)

# Keys of this app in a Redis that others may share ("dashboard:memoize...").
REDIS_KEY_PREFIX = "dashboard:"
# A Redis that has gone away must cost little: fail fast, then leave it
# alone for a while instead of paying the timeout on every request.
REDIS_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}
REDIS_RETRY_AFTER = 5.0  # seconds


class TolerantRedisCache(RedisCache):
    """RedisCache that treats an unreachable Redis as a cache miss.

    flask-caching's memoize already falls back to calling the function when
    the backend raises, but it logs a traceback on every request and waits
    for the connection every time. Here each Redis error becomes a miss (the
    value is computed, as with no cache), one warning is logged per outage,
    Redis is not asked again for ``REDIS_RETRY_AFTER`` seconds, and the first
    call that succeeds after that logs the recovery: the cache is used again.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._down_until = 0.0  # monotonic time before which Redis is not asked
        self._down = False
        self._state_lock = threading.Lock()

    def _guarded(self, fallback: Any, method: Callable[..., Any], *args: Any) -> Any:
        """``method(self, *args)`` of RedisCache, or ``fallback`` while Redis is away."""
        if self._down and time.monotonic() < self._down_until:
            return fallback
        try:
            result = method(self, *args)
        except RedisError as exc:
            with self._state_lock:
                if not self._down:
                    log.warning("cache: Redis unavailable (%s); computing without the cache", exc)
                self._down = True
                self._down_until = time.monotonic() + REDIS_RETRY_AFTER
            return fallback
        if self._down:
            with self._state_lock:
                if self._down:
                    log.warning("cache: Redis is back; using the cache again")
                self._down = False
        return result

    def get(self, key: str) -> Any:
        return self._guarded(None, RedisCache.get, key)

    def get_many(self, *keys: str) -> list[Any]:
        return self._guarded([None] * len(keys), RedisCache.get_many, *keys)

    def has(self, key: str) -> bool:
        return self._guarded(False, RedisCache.has, key)

    def set(self, key: str, value: Any, timeout: Any = None) -> Any:
        return self._guarded(False, RedisCache.set, key, value, timeout)

    def add(self, key: str, value: Any, timeout: Any = None) -> Any:
        return self._guarded(False, RedisCache.add, key, value, timeout)

    def set_many(self, mapping: dict[str, Any], timeout: Any = None) -> list[Any]:
        return self._guarded([], RedisCache.set_many, mapping, timeout)

    def delete(self, key: str) -> bool:
        return self._guarded(False, RedisCache.delete, key)

    def delete_many(self, *keys: str) -> list[Any]:
        return self._guarded([], RedisCache.delete_many, *keys)

    def clear(self) -> bool:
        return self._guarded(False, RedisCache.clear)


def cache_config(config: dict) -> dict:
    """flask-caching settings from the dashboard's settings."""
    kind = config["DASHBOARD_CACHE_TYPE"]
    settings = {"CACHE_TYPE": kind, "CACHE_DEFAULT_TIMEOUT": int(config["DASHBOARD_CACHE_TIMEOUT"])}
    if kind == "FileSystemCache":
        settings["CACHE_DIR"] = private_cache_dir(config["DASHBOARD_CACHE_DIR"])
        settings["CACHE_THRESHOLD"] = 2000
    elif kind == "RedisCache":
        settings["CACHE_TYPE"] = f"{__name__}.{TolerantRedisCache.__name__}"
        settings["CACHE_REDIS_URL"] = config["DASHBOARD_CACHE_REDIS_URL"]
        settings["CACHE_KEY_PREFIX"] = REDIS_KEY_PREFIX
        settings["CACHE_OPTIONS"] = dict(REDIS_TIMEOUTS)
    return settings
