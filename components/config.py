"""Settings: embedded defaults, overridden by the environment, then by tests.

Every setting is an environment variable of the same name, documented in the
README; ``tests/test_docs.py`` fails when one is not.
"""

from __future__ import annotations

import os
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
    # Brotli-compressed static files, kept across starts (assets_serving);
    # empty: a 0700 directory under the user's cache dir.
    "DASHBOARD_STATIC_CACHE_DIR": "",
    # Start-up seconds spent building single-region views ahead of the first
    # visitor (components.web.http.responses); 0 builds only the default view.
    # It delays readiness by as much, hence small: ~all 14 curated ones.
    "DASHBOARD_WARM_SECONDS": "4",
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


def private_cache_dir(configured: str, default_name: str = "regional-innovation-dashboard") -> str:
    """The cache directory, created 0700 and refused if others can enter it.

    A world-writable /tmp path would let another local user plant pickles
    that the cache then loads, or scripts that the page then runs, so the
    default (``default_name`` under the user's cache dir) lives under the
    user's home.
    """
    if configured:
        path = Path(configured)
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        path = base / default_name
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    stat = path.stat()
    if stat.st_uid != os.getuid() or stat.st_mode & 0o077:
        path.chmod(0o700)
        if path.stat().st_mode & 0o077:
            raise RuntimeError(f"cache directory {path} must be private (mode 0700)")
    return str(path)
