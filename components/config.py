"""Settings: embedded defaults, overridden by the environment, then by tests.

Every setting is an environment variable of the same name, documented in the
README; ``tests/test_docs.py`` fails when one is not.
"""

from __future__ import annotations

import os
import secrets
import stat
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DEFAULTS = {
    "DASHBOARD_DATA_DIR": str(ROOT / "data"),
    "DASHBOARD_SEEDS_DIR": str(ROOT / "seeds"),
    # FileSystemCache in a private directory is shared by the gunicorn workers
    # of one machine; "RedisCache" shares it across machines.
    "DASHBOARD_CACHE_TYPE": "FileSystemCache",
    "DASHBOARD_CACHE_DIR": "",  # empty: a 0700 directory under the user's cache dir
    "DASHBOARD_CACHE_REDIS_URL": "",
    "DASHBOARD_CACHE_TIMEOUT": "3600",
    # The secret that authenticates cache entries; empty: a 0600 key file
    # next to the cache directory. The hosts sharing one Redis need the same.
    "DASHBOARD_CACHE_KEY": "",
    # Brotli-compressed static files, kept across starts (assets_serving);
    # empty: a 0700 directory under the user's cache dir.
    "DASHBOARD_STATIC_CACHE_DIR": "",
    # Start-up seconds spent building single-region views ahead of the first
    # visitor (components.web.http.responses); 0 builds only the default view.
    # It delays readiness by as much, hence small: ~all 14 curated ones.
    "DASHBOARD_WARM_SECONDS": "4",
    # Export-all (components.services.exportgate): renders at a time per host,
    # seconds a client waits between two exports, and idle seconds after which
    # a worker's Chromium (~1 GB) is closed.
    "DASHBOARD_EXPORT_SLOTS": "1",
    "DASHBOARD_EXPORT_COOLDOWN": "10",
    "DASHBOARD_EXPORT_IDLE_SECONDS": "60",
    # Chart previews for the first paint, drawn by the export renderer in
    # the background (components.services.previews); "0": charts live only.
    "DASHBOARD_PREVIEWS": "1",
    "DASHBOARD_DEBUG": "0",
    "DASHBOARD_PUBLIC_URL": "",  # base of permalinks in exports; empty: the request's host
}


def load_config(test_config: dict | None = None) -> dict:
    """Defaults < environment < test_config."""
    config = dict(DEFAULTS)
    for key in DEFAULTS:
        if key in os.environ:
            config[key] = os.environ[key]
    config.update(test_config or {})
    return config


def is_on(value: object) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


class ConfigError(ValueError):
    """A setting the server cannot run with; the message says which and what to do.

    app.py reports it like invalid data: one line, exit status 2, no traceback.
    """


def _refuse(path: Path, problem: str, setting: str) -> ConfigError:
    return ConfigError(f"{setting} {path}: {problem}")


def private_cache_dir(
    configured: str,
    default_name: str = "regional-innovation-dashboard",
    setting: str = "DASHBOARD_CACHE_DIR",
) -> str:
    """The cache directory: created 0700 when missing, else refused unless private, ours and writable.

    Whoever can write to a cache directory decides what the cache returns:
    the page's scripts for the static cache, chart data for the other. So
    the directory must belong to the server's user and be closed to group
    and others (a world-writable /tmp path would let another local user
    plant entries), which is why the default (``default_name`` under the
    user's cache dir) lives under the user's home. Entries are authenticated
    as well (``components.services.cache``); this check keeps others from
    even trying. Raises ConfigError naming ``setting`` and the fix.
    """
    if configured:
        path = Path(configured).expanduser()
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        path = base / default_name
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except FileExistsError:
        raise _refuse(path, "exists and is not a directory; point the setting at a directory", setting) from None
    except OSError as exc:
        raise _refuse(path, f"cannot be created ({exc.strerror}); choose a writable place", setting) from None
    info = path.lstat()
    if not stat.S_ISDIR(info.st_mode):
        raise _refuse(path, "is not a directory (a symbolic link?); point the setting at a directory", setting)
    if info.st_uid != os.geteuid():
        raise _refuse(
            path, f"belongs to uid {info.st_uid}, not to the server's user (uid {os.geteuid()}); "
            "use a directory of the server's own", setting,
        )
    if info.st_mode & 0o077:
        raise _refuse(path, f"is open to group or others (mode {stat.S_IMODE(info.st_mode):04o}); run chmod 700 on it", setting)
    try:
        fd, probe = tempfile.mkstemp(dir=path, prefix=".probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise _refuse(path, f"is not writable ({exc.strerror}); the server must be able to write there", setting) from None
    return str(path)


CACHE_KEY_BYTES = 32  # HMAC-SHA256 key: 256 bits


def cache_key(config: dict) -> bytes:
    """The secret that authenticates every cache entry (components.services.cache.Sealer).

    ``DASHBOARD_CACHE_KEY`` when set: the hosts of one deployment sharing a
    Redis must all have the same one. Otherwise a key file next to the cache
    directory (``<dir>.key``, outside it: whoever can write entries must not
    be able to read the key), created 0600 with random bytes on first start
    and refused, like the directory, unless it is the server's own and
    private.
    """
    configured = str(config.get("DASHBOARD_CACHE_KEY") or "")
    if configured:
        if len(configured) < 2 * CACHE_KEY_BYTES:
            raise ConfigError(
                f"DASHBOARD_CACHE_KEY must be at least {2 * CACHE_KEY_BYTES} characters, e.g. "
                f"`python3 -c 'import secrets; print(secrets.token_hex({CACHE_KEY_BYTES}))'`"
            )
        return configured.encode("utf-8")
    cache_dir = Path(private_cache_dir(config.get("DASHBOARD_CACHE_DIR", "")))
    path = cache_dir.with_name(cache_dir.name + ".key")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        pass
    except OSError as exc:
        raise _refuse(path, f"cannot be created ({exc.strerror}); or set DASHBOARD_CACHE_KEY", "cache key file") from None
    else:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(CACHE_KEY_BYTES))
    info = path.lstat()
    if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o077:
        raise _refuse(
            path, f"must be a regular file of the server's user (uid {os.geteuid()}) with mode 0600 "
            f"(it is uid {info.st_uid}, mode {stat.S_IMODE(info.st_mode):04o}); remove it to make a new one", "cache key file",
        )
    key = path.read_bytes().strip()
    if len(key) < 2 * CACHE_KEY_BYTES:
        raise _refuse(path, "holds too short a key; remove it to make a new one", "cache key file")
    return key
