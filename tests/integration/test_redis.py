"""The shared Redis cache: two gunicorn instances share results, and an outage is survived."""

import json
import pickle
import time
import urllib.request

import pytest
import redis

from components.services.cache import MAGIC, REDIS_RETRY_AFTER
from tests.unit.test_cache import Marker
from scripts.loadtest import CHART_INPUTS, callback_body, chart_callback

pytestmark = pytest.mark.integration


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read()


def charts(server, regions: list[str], lang: str = "zh") -> tuple[int, bytes]:
    """The chart callback for a selection, as the page posts it (its result is what is cached)."""
    body = callback_body(chart_callback("127.0.0.1", server.port), {CHART_INPUTS[0]: regions, CHART_INPUTS[1]: lang})
    request = urllib.request.Request(
        server.url + "/_dash-update-component", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, response.read()


def keyspace_hits(redis_server) -> int:
    stats = dict(line.split(":", 1) for line in redis_server.cli("INFO", "stats").splitlines() if ":" in line)
    return int(stats["keyspace_hits"])


def redis_env(redis_server) -> dict:
    return {"DASHBOARD_CACHE_TYPE": "RedisCache", "DASHBOARD_CACHE_REDIS_URL": redis_server.url}


def test_two_instances_share_cached_results(redis_server, start_gunicorn):
    """A selection computed by instance A is read from Redis by instance B, which writes nothing new."""
    a = start_gunicorn(redis_env(redis_server))
    b = start_gunicorn(redis_env(redis_server))
    selection = ["huanjiang", "zhangjiagang"]

    status, from_a = charts(a, selection)
    assert status == 200
    keys_after_a = set(redis_server.keys())
    assert keys_after_a, "instance A wrote its result to Redis"

    hits = keyspace_hits(redis_server)
    status, from_b = charts(b, selection)
    assert status == 200 and from_b == from_a
    assert keyspace_hits(redis_server) > hits, "instance B read from Redis"
    assert set(redis_server.keys()) == keys_after_a, "instance B found the result and computed nothing new"


def test_redis_going_away_keeps_the_app_serving(redis_server, start_gunicorn):
    """Redis stopped: every request still 200 and one warning; Redis back: the cache is filled again."""
    server = start_gunicorn(redis_env(redis_server), workers=1)
    assert charts(server, ["jiangxi"])[0] == 200
    assert redis_server.keys()

    redis_server.stop()
    # Pairs: the start-up warmed every single region into the worker's own
    # memory as well, and those never need Redis.
    for pair in (["huanjiang", "jiangxi"], ["yueqing", "zhejiang"], ["china", "jiangxi"], ["chongqing", "huanjiang"]):
        status, body = charts(server, pair)
        assert status == 200 and b"figure" in body
    assert get(server.url + "/")[0] == 200
    log = server.log_text()
    assert log.count("Redis unavailable") == 1 and "Traceback" not in log

    redis_server.start()  # empty: no persistence
    time.sleep(REDIS_RETRY_AFTER + 0.5)
    assert charts(server, ["chongqing", "yueqing"])[0] == 200
    assert redis_server.keys(), "results are cached in Redis again"
    assert "Redis is back" in server.log_text()


def test_a_pickle_planted_in_redis_is_never_loaded(redis_server, start_gunicorn, tmp_path):
    """Every dashboard:* key replaced by a pickle whose loading would create a directory: a miss, never run.

    Written in flask-caching's own Redis format (b"!" + pickle), as anyone
    who can reach the Redis could. A second instance (nothing of the view
    in its memory) reads them: the charts are still right, the entries are
    written again sealed, one warning names the failed check.
    """
    a = start_gunicorn(redis_env(redis_server))
    selection = ["jiangxi", "yueqing"]
    status, from_a = charts(a, selection)
    assert status == 200
    marker = tmp_path / "pwned"
    evil = b"!" + pickle.dumps(Marker(marker))
    keys = redis_server.keys()
    assert keys
    client = redis.Redis(port=redis_server.port)
    for key in keys:
        client.set(key, evil)
    b = start_gunicorn(redis_env(redis_server))
    status, from_b = charts(b, selection)
    assert status == 200 and from_b == from_a
    assert not marker.exists()
    log = b.log_text()
    assert "failing their authentication check" in log and "Traceback" not in log
    sealed = [client.get(key) for key in redis_server.keys()]
    assert any(value.startswith(MAGIC) for value in sealed if value)
