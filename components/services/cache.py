"""The one flask-caching Cache of the app, initialised by the factory; nothing it reads can run code.

flask-caching's backends pickle their values, and unpickling runs whatever
the bytes say: whoever could write to the cache directory or to Redis ran
code in the server (the review planted such an entry). Here every value is
stored *sealed* (``Sealer``): plain JSON, with bytes carried beside it
unencoded, behind an HMAC-SHA256 of the cache key, expiry and content under
a key that lives outside the cache (``config.cache_key``). An entry whose tag
does not check -- damaged, truncated, written with another key, or moved
from another cache key -- is a miss: the value is computed again and the
entry overwritten. Nothing from the cache is ever unpickled.

The file backend (``PrivateFileCache``) also survives its directory being
damaged under a running server: deleted (created again), unreadable or read
only (every request a miss, computed). Each such trouble is logged once
when it starts and once when it ends (``Episode``), never a traceback per
request. Redis going away is the same (``TolerantRedisCache``).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import logging
import os
import struct
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable

from flask import g, has_request_context
from flask_caching import Cache
from flask_caching.backends.base import BaseCache
from flask_caching.backends.rediscache import RedisCache
from redis.exceptions import RedisError

from components.config import ROOT, ConfigError, cache_key, private_cache_dir

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


class Episode:
    """A trouble that lasts: one warning when it starts, one line when it ends, nothing in between.

    Thread-safe; one per kind of trouble and process.
    """

    def __init__(self, what: str, consequence: str):
        self._what, self._consequence = what, consequence
        self._active = False
        self._lock = threading.Lock()

    @property
    def active(self) -> bool:
        return self._active

    def started(self, detail: object) -> None:
        with self._lock:
            if self._active:
                return
            self._active = True
        log.warning("cache: %s (%s); %s", self._what, detail, self._consequence)

    def ended(self) -> None:
        if not self._active:
            return
        with self._lock:
            if not self._active:
                return
            self._active = False
        log.info("cache: %s: over, the cache answers again", self._what)


# ---------------------------------------------------------------- sealed entries

MAGIC = b"DSC1"  # the format of a sealed entry
_TAG = hashlib.sha256().digest_size
_HEAD = struct.Struct(">4s32sQI")  # magic, tag, expires (unix s, 0: never), length of the JSON part
_BLOB = "\u0000blob"  # the JSON stand-in for a bytes value: {"\u0000blob": index}; no JSON text of the app has that key


class BadEntry(ValueError):
    """Bytes that are not a sealed entry of this key under this secret."""


def _pack(value: Any) -> tuple[bytes, list[bytes]]:
    blobs: list[bytes] = []

    def stand_in(obj):
        if isinstance(obj, (bytes, bytearray, memoryview)):
            blobs.append(bytes(obj))
            return {_BLOB: len(blobs) - 1}
        if hasattr(obj, "item") and hasattr(obj, "dtype"):  # a numpy scalar in a figure: its Python value
            return obj.item()
        raise TypeError(f"the cache stores JSON values and bytes, not {type(obj).__name__}")

    text = json.dumps(value, default=stand_in, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return text, blobs


class Sealer:
    """Seals values as authenticated bytes, and opens them again; see the module's docstring."""

    def __init__(self, secret: bytes):
        self._secret = secret

    def _tag(self, cache_key: str, body: memoryview | bytes) -> bytes:
        mac = hmac.new(self._secret, digestmod=hashlib.sha256)
        name = cache_key.encode("utf-8")
        mac.update(struct.pack(">I", len(name)) + name)  # the key too: an entry cannot be moved to another key
        mac.update(body)
        return mac.digest()

    def seal(self, cache_key: str, value: Any, expires: int = 0) -> bytes:
        text, blobs = _pack(value)
        lengths = struct.pack(f">I{len(blobs)}Q", len(blobs), *map(len, blobs))
        body = struct.pack(">QI", expires, len(text)) + text + lengths + b"".join(blobs)
        return MAGIC + self._tag(cache_key, body) + body

    def open(self, cache_key: str, data: bytes, now: float | None = None) -> tuple[bool, Any]:
        """(True, value) of a sealed entry; (False, None) when it has expired. Raises BadEntry."""
        if len(data) < _HEAD.size or not data.startswith(MAGIC):
            raise BadEntry("not a sealed entry")
        view = memoryview(data)
        body = view[len(MAGIC) + _TAG :]
        if not hmac.compare_digest(bytes(view[len(MAGIC) : len(MAGIC) + _TAG]), self._tag(cache_key, body)):
            raise BadEntry("its tag does not check")
        # Authentic from here on: written by this app with this secret, for this key.
        expires, length = struct.unpack_from(">QI", body)
        if expires and expires < (time.time() if now is None else now):
            return False, None
        at = 12 + length
        (count,) = struct.unpack_from(">I", body, at)
        lengths = struct.unpack_from(f">{count}Q", body, at + 4)
        blobs, at = [], at + 4 + 8 * count
        for size in lengths:
            blobs.append(bytes(body[at : at + size]))
            at += size

        def restore(obj: dict):
            return blobs[obj[_BLOB]] if len(obj) == 1 and _BLOB in obj else obj

        return True, json.loads(bytes(body[12 : 12 + length]), object_hook=restore)


SEALER_KEY = "DASHBOARD_CACHE_SEALER"  # where cache_config hands the backends their Sealer


class _Sealed:
    """What both backends share: sealing on the way in, opening on the way out, bad entries as misses."""

    def _init_sealed(self, sealer: Sealer) -> None:
        self._sealer = sealer
        self._bad_entries = Episode(
            "entries damaged or failing their authentication check",
            "treating them as misses and writing them again",
        )

    def _open(self, key: str, data: bytes | None) -> Any:
        if data is None:
            return None
        try:
            fresh, value = self._sealer.open(key, data)
        except BadEntry as exc:
            self._bad_entries.started(f"first {key!r}: {exc}")
            self.delete(key)  # not left to be read again; the value computed now is written in its place
            return None
        self._bad_entries.ended()
        return value if fresh else None


class _RawBytes:
    """A cachelib serializer that passes sealed bytes through: the backend's own format is never parsed."""

    def dumps(self, value: bytes) -> bytes:
        return value

    def loads(self, value: bytes | None) -> bytes | None:
        return value


# ---------------------------------------------------------------- the file backend


class PrivateFileCache(_Sealed, BaseCache):
    """flask-caching backend: one sealed file per entry in the private cache directory.

    Shared by the gunicorn workers of one machine. Files are written aside
    and renamed, so a reader never sees half an entry. A missing directory is
    created again (private, or not at all); a directory that cannot be read
    or written makes every call a miss, logged once.
    """

    PRUNE_EVERY = 100  # writes between two counts of the directory

    def __init__(self, cache_dir: str, sealer: Sealer, threshold: int = 2000, default_timeout: int = 300, **kwargs: Any):
        BaseCache.__init__(self, default_timeout=default_timeout)
        self._init_sealed(sealer)
        self._dir = Path(cache_dir)
        self._threshold = threshold
        self._writes = 0
        self._unreadable = Episode(f"the directory {self._dir} unreadable", "computing every value")
        self._unwritable = Episode(f"the directory {self._dir} unwritable", "computing values without keeping them")

    @classmethod
    def factory(cls, app, config: dict, args: list, kwargs: dict) -> "PrivateFileCache":
        return cls(config["CACHE_DIR"], config[SEALER_KEY], threshold=config["CACHE_THRESHOLD"], default_timeout=kwargs["default_timeout"])

    def _path(self, key: str) -> Path:
        return self._dir / hashlib.sha256(key.encode("utf-8")).hexdigest()

    def _read(self, key: str) -> bytes | None:
        try:
            fd = os.open(self._path(key), os.O_RDONLY | os.O_NOFOLLOW)
        except FileNotFoundError:
            self._unreadable.ended()
            return None  # a miss (the whole directory may be gone: the next write makes it again)
        except OSError as exc:
            self._unreadable.started(exc.strerror or exc)
            return None
        with os.fdopen(fd, "rb") as handle:
            data = handle.read()
        self._unreadable.ended()
        return data

    def get(self, key: str) -> Any:
        return self._open(key, self._read(key))

    def has(self, key: str) -> bool:
        return self.get(key) is not None

    def _write(self, key: str, data: bytes) -> None:
        fd, temporary = tempfile.mkstemp(dir=self._dir, prefix=".tmp-")  # 0600
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, self._path(key))
        except BaseException:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            raise

    def set(self, key: str, value: Any, timeout: Any = None) -> bool:
        seconds = self._normalize_timeout(timeout)
        data = self._sealer.seal(key, value, int(time.time()) + seconds if seconds else 0)
        try:
            try:
                self._write(key, data)
            except FileNotFoundError:
                # The directory was removed under the running server: make it again, private.
                private_cache_dir(str(self._dir))
                log.warning("cache: the directory %s was gone; created it again", self._dir)
                self._write(key, data)
        except (OSError, ConfigError) as exc:
            self._unwritable.started(getattr(exc, "strerror", None) or exc)
            return False
        self._unwritable.ended()
        self._writes += 1
        if self._threshold and self._writes % self.PRUNE_EVERY == 0:
            self._prune()
        return True

    def add(self, key: str, value: Any, timeout: Any = None) -> bool:
        return False if self.has(key) else self.set(key, value, timeout)

    def delete(self, key: str) -> bool:
        try:
            os.unlink(self._path(key))
        except FileNotFoundError:
            return True
        except OSError:
            return False
        return True

    def _entries(self) -> list[os.DirEntry]:
        try:
            return [e for e in os.scandir(self._dir) if not e.name.startswith(".")]
        except OSError:
            return []

    def _prune(self) -> None:
        """Over the threshold: drop the least recently written entries down to 80 % of it."""
        entries = self._entries()
        if len(entries) <= self._threshold:
            return
        def written(entry: os.DirEntry) -> float:
            try:
                return entry.stat().st_mtime
            except OSError:
                return 0.0
        for entry in sorted(entries, key=written)[: len(entries) - int(self._threshold * 0.8)]:
            try:
                os.unlink(entry.path)
            except OSError:
                pass

    def clear(self) -> bool:
        for entry in self._entries():
            try:
                os.unlink(entry.path)
            except OSError:
                return False
        return True


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


class TolerantRedisCache(_Sealed, RedisCache):
    """RedisCache with sealed entries, that treats an unreachable Redis as a cache miss.

    Anyone who can write to the Redis could otherwise run code in every
    worker of every host; here what they write is a bad entry, a miss.
    flask-caching's memoize already falls back to calling the function when
    the backend raises, but it logs a traceback on every request and waits
    for the connection every time. Here each Redis error becomes a miss (the
    value is computed, as with no cache), one warning is logged per outage,
    Redis is not asked again for ``REDIS_RETRY_AFTER`` seconds, and the first
    call that succeeds after that logs the recovery: the cache is used again.
    """

    serializer = _RawBytes()

    def __init__(self, *args: Any, sealer: Sealer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._init_sealed(sealer)
        self._down_until = 0.0  # monotonic time before which Redis is not asked
        self._down = False
        self._state_lock = threading.Lock()

    @classmethod
    def factory(cls, app, config: dict, args: list, kwargs: dict) -> "TolerantRedisCache":
        kwargs["sealer"] = config[SEALER_KEY]
        return super().factory(app, config, args, kwargs)

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

    def _seal(self, key: str, value: Any) -> bytes:
        return self._sealer.seal(key, value)  # Redis expires the key itself

    def get(self, key: str) -> Any:
        return self._open(key, self._guarded(None, RedisCache.get, key))

    def get_many(self, *keys: str) -> list[Any]:
        return [self._open(k, data) for k, data in zip(keys, self._guarded([None] * len(keys), RedisCache.get_many, *keys))]

    def has(self, key: str) -> bool:
        return self._guarded(False, RedisCache.has, key)

    def set(self, key: str, value: Any, timeout: Any = None) -> Any:
        return self._guarded(False, RedisCache.set, key, self._seal(key, value), timeout)

    def add(self, key: str, value: Any, timeout: Any = None) -> Any:
        return self._guarded(False, RedisCache.add, key, self._seal(key, value), timeout)

    def set_many(self, mapping: dict[str, Any], timeout: Any = None) -> list[Any]:
        sealed = {key: self._seal(key, value) for key, value in mapping.items()}
        return self._guarded([], RedisCache.set_many, sealed, timeout)

    def delete(self, key: str) -> bool:
        return self._guarded(False, RedisCache.delete, key)

    def delete_many(self, *keys: str) -> list[Any]:
        return self._guarded([], RedisCache.delete_many, *keys)

    def clear(self) -> bool:
        return self._guarded(False, RedisCache.clear)


def cache_config(config: dict) -> dict:
    """flask-caching settings from the dashboard's settings; raises ConfigError for an unusable cache."""
    kind = config["DASHBOARD_CACHE_TYPE"]
    settings = {"CACHE_TYPE": kind, "CACHE_DEFAULT_TIMEOUT": int(config["DASHBOARD_CACHE_TIMEOUT"])}
    if kind == "FileSystemCache":
        settings["CACHE_TYPE"] = f"{__name__}.{PrivateFileCache.__name__}"
        settings["CACHE_DIR"] = private_cache_dir(config["DASHBOARD_CACHE_DIR"])
        settings["CACHE_THRESHOLD"] = 2000
        settings[SEALER_KEY] = Sealer(cache_key(config))
    elif kind == "RedisCache":
        settings["CACHE_TYPE"] = f"{__name__}.{TolerantRedisCache.__name__}"
        settings["CACHE_REDIS_URL"] = config["DASHBOARD_CACHE_REDIS_URL"]
        settings["CACHE_KEY_PREFIX"] = REDIS_KEY_PREFIX
        settings["CACHE_OPTIONS"] = dict(REDIS_TIMEOUTS)
        settings[SEALER_KEY] = Sealer(cache_key(config))
    return settings
