"""The one flask-caching Cache of the app, initialised by the factory."""

from __future__ import annotations

from flask_caching import Cache

from components.config import private_cache_dir

cache = Cache()


def cache_config(config: dict) -> dict:
    """flask-caching settings from the dashboard's settings."""
    kind = config["DASHBOARD_CACHE_TYPE"]
    settings = {"CACHE_TYPE": kind, "CACHE_DEFAULT_TIMEOUT": int(config["DASHBOARD_CACHE_TIMEOUT"])}
    if kind == "FileSystemCache":
        settings["CACHE_DIR"] = private_cache_dir(config["DASHBOARD_CACHE_DIR"])
        settings["CACHE_THRESHOLD"] = 2000
    elif kind == "RedisCache":
        settings["CACHE_REDIS_URL"] = config["DASHBOARD_CACHE_REDIS_URL"]
    return settings
