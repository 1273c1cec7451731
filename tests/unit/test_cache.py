"""The cache is private, survives damaged entries, and a Redis that is away is a miss, not an error."""

import logging
import os
import shutil
import socket
import stat

import pytest

from components.services.cache import TolerantRedisCache, cache_config
from components.config import load_config, private_cache_dir
from components.web.http.responses import LOCAL_EXTENSION_KEY
from scripts.loadtest import CHART_INPUTS, callback_body, chart_callback_of


def test_the_default_cache_dir_is_private_and_not_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    path = private_cache_dir("")
    assert not path.startswith("/tmp/regional") and path.startswith(str(tmp_path))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o700


def test_a_cache_dir_others_can_enter_is_made_private(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    os.chmod(shared, 0o777)
    private_cache_dir(str(shared))
    assert stat.S_IMODE(os.stat(shared).st_mode) == 0o700


def post_charts(client, regions):
    """The chart callback for a selection, as the page posts it; its result is what the cache keeps."""
    chart = chart_callback_of(client.get("/_dash-dependencies").get_json())
    body = callback_body(chart, {CHART_INPUTS[0]: regions, CHART_INPUTS[1]: "zh"})
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    return response.get_json()


@pytest.mark.parametrize("damage", ["empty", "truncated", "garbage", "header only", "deleted"])
def test_a_damaged_cache_entry_is_recomputed(dash_app, client, damage):
    """Any broken or missing file in the cache dir: the same charts come back, and the entry is rewritten."""
    cache_dir = dash_app.server.config["DASHBOARD_CACHE_DIR"]
    expected = post_charts(client, ["jiangxi"])
    files = [os.path.join(cache_dir, name) for name in os.listdir(cache_dir)]
    assert files
    for path in files:
        data = open(path, "rb").read()
        if damage == "deleted":
            os.remove(path)
            continue
        broken = {"empty": b"", "truncated": data[: len(data) // 2], "garbage": os.urandom(64), "header only": data[:4]}[damage]
        with open(path, "wb") as handle:
            handle.write(broken)
    # As in another worker, or after a restart: only the shared cache holds the view.
    dash_app.server.extensions[LOCAL_EXTENSION_KEY].clear()
    assert post_charts(client, ["jiangxi"]) == expected
    assert post_charts(client, ["jiangxi"]) == expected  # now from the rewritten entry


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_redis_is_selected_by_the_environment(monkeypatch):
    monkeypatch.setenv("DASHBOARD_CACHE_TYPE", "RedisCache")
    monkeypatch.setenv("DASHBOARD_CACHE_REDIS_URL", "redis://127.0.0.1:6390/0")
    settings = cache_config(load_config())
    assert settings["CACHE_TYPE"] == "components.services.cache.TolerantRedisCache"
    assert settings["CACHE_REDIS_URL"] == "redis://127.0.0.1:6390/0"


def test_an_unreachable_redis_is_a_miss_with_one_warning(tmp_path, caplog):
    """The app starts and serves with Redis down; one warning names the outage."""
    from app import create_app
    from tests.conftest import make_config

    url = f"redis://127.0.0.1:{_closed_port()}/0"
    with caplog.at_level(logging.WARNING, logger="dashboard.cache"):
        app = create_app(make_config(tmp_path, DASHBOARD_CACHE_TYPE="RedisCache", DASHBOARD_CACHE_REDIS_URL=url))
        client = app.server.test_client()
        for _ in range(3):
            post_charts(client, ["jiangxi"])
    warnings = [r for r in caplog.records if r.name == "dashboard.cache"]
    assert len(warnings) == 1 and "Redis unavailable" in warnings[0].getMessage()


def test_the_tolerant_backend_answers_every_call_while_redis_is_away():
    from redis import from_url

    backend = TolerantRedisCache(host=from_url(f"redis://127.0.0.1:{_closed_port()}/0", socket_connect_timeout=0.2))
    assert backend.get("k") is None
    assert backend.get_many("a", "b") == [None, None]
    assert backend.set("k", 1) is False and backend.add("k", 1) is False
    assert backend.set_many({"k": 1}) == [] and backend.has("k") is False
    assert backend.delete("k") is False and backend.delete_many("k") == [] and backend.clear() is False


def test_cache_keys_carry_the_code_version(tmp_path, monkeypatch, app_context):
    """A release with other source never reads what the previous one cached (the shared cache outlives it)."""
    from components.services import cache as cache_module
    from components.web.http.responses import chart_request, chart_response_key

    assert cache_module.code_version() in chart_response_key(chart_request([], "zh"))
    copy = tmp_path / "src"
    copy.mkdir()
    shutil.copytree(cache_module.COMPONENTS, copy / "components", ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "app.py").write_bytes((cache_module.ROOT / "app.py").read_bytes())
    monkeypatch.setattr(cache_module, "ROOT", copy)
    monkeypatch.setattr(cache_module, "COMPONENTS", copy / "components")
    cache_module.code_version.cache_clear()
    before = cache_module.code_version()
    with open(copy / "components" / "charts" / "funding.py", "a", encoding="utf-8") as handle:
        handle.write("\n# another release\n")
    cache_module.code_version.cache_clear()
    assert cache_module.code_version() != before
    cache_module.code_version.cache_clear()
