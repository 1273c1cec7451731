"""The cache: private and ours or refused, sealed so that nothing read from it runs, damage a miss logged once."""

import logging
import os
import pickle
import shutil
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from components.config import ConfigError, cache_key, load_config, private_cache_dir
from components.services.cache import MAGIC, BadEntry, PrivateFileCache, Sealer, TolerantRedisCache, cache_config
from components.web.http.responses import LOCAL_EXTENSION_KEY
from scripts.loadtest import CHART_INPUTS, callback_body, chart_callback_of
from tests.conftest import ROOT, give_to_another_user, make_config, read_only

SECRET = b"k" * 64


class Marker:
    """A pickle that, when loaded, creates a directory: proof that a load ran code."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (os.mkdir, (self.path,))


# ---------------------------------------------------------------- the directories


def test_the_default_cache_dir_is_private_and_not_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    path = private_cache_dir("")
    assert not path.startswith("/tmp/regional") and path.startswith(str(tmp_path))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o700


@pytest.mark.parametrize("mode", [0o777, 0o750, 0o705])
def test_a_cache_dir_open_to_group_or_others_is_refused_naming_it(tmp_path, mode):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(mode)
    with pytest.raises(ConfigError, match=rf"DASHBOARD_CACHE_DIR {shared}: is open to group or others \(mode {mode:04o}\); run chmod 700"):
        private_cache_dir(str(shared))
    assert stat.S_IMODE(shared.stat().st_mode) == mode, "nothing is changed behind the operator's back"


def test_a_cache_dir_of_another_user_is_refused(tmp_path):
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o700)
    give_to_another_user(theirs)
    with pytest.raises(ConfigError, match="belongs to uid 65534, not to the server's user"):
        private_cache_dir(str(theirs), setting="DASHBOARD_STATIC_CACHE_DIR")


def test_a_cache_dir_that_is_a_file_or_read_only_is_refused(tmp_path):
    a_file = tmp_path / "file"
    a_file.write_text("not a directory")
    with pytest.raises(ConfigError, match="exists and is not a directory"):
        private_cache_dir(str(a_file))
    with pytest.raises(ConfigError, match="cannot be created"):
        private_cache_dir(str(a_file / "below"))
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o700)
    with read_only(locked):
        with pytest.raises(ConfigError, match="is not writable"):
            private_cache_dir(str(locked))


def test_the_cache_key_file_is_made_once_private_and_outside_the_cache(tmp_path):
    config = {"DASHBOARD_CACHE_DIR": str(tmp_path / "cache")}
    first = cache_key(config)
    key_file = tmp_path / "cache.key"
    assert key_file.exists() and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert cache_key(config) == first and len(first) >= 64
    assert not list((tmp_path / "cache").iterdir()), "the key is not where entries are written"
    key_file.chmod(0o644)
    with pytest.raises(ConfigError, match="mode 0600"):
        cache_key(config)
    key_file.chmod(0o600)
    give_to_another_user(key_file)
    with pytest.raises(ConfigError, match="regular file of the server's user"):
        cache_key(config)


def test_a_configured_cache_key_is_used_and_must_be_long(tmp_path):
    secret = "s" * 64
    assert cache_key({"DASHBOARD_CACHE_KEY": secret, "DASHBOARD_CACHE_DIR": str(tmp_path / "c")}) == secret.encode()
    assert not (tmp_path / "c.key").exists()
    with pytest.raises(ConfigError, match="at least 64 characters"):
        cache_key({"DASHBOARD_CACHE_KEY": "short", "DASHBOARD_CACHE_DIR": str(tmp_path / "c")})


def start_app(tmp_path, **env) -> subprocess.CompletedProcess:
    """What gunicorn does first: build ``app.server`` (the module's _build_or_exit)."""
    full = {**os.environ, "DASHBOARD_WARM_SECONDS": "0", "DASHBOARD_CACHE_DIR": str(tmp_path / "cache"), **env}
    return subprocess.run([sys.executable, "-c", "import app; app.server"], cwd=ROOT, env=full, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("problem", ["a file", "read only", "open to others", "static open to others", "short key"])
def test_an_unusable_cache_stops_the_start_with_a_message_and_status_2(tmp_path, problem):
    """Like invalid data: one line naming the setting and the path, exit status 2, no traceback."""
    target = tmp_path / "target"
    env = {}
    if problem == "a file":
        target.write_text("x")
        env["DASHBOARD_CACHE_DIR"] = str(target)
    elif problem in ("open to others", "static open to others"):
        target.mkdir(mode=0o777)
        target.chmod(0o777)
        env["DASHBOARD_CACHE_DIR" if problem == "open to others" else "DASHBOARD_STATIC_CACHE_DIR"] = str(target)
    elif problem == "short key":
        env["DASHBOARD_CACHE_KEY"] = "abc"
    else:
        target.mkdir(mode=0o700)
        env["DASHBOARD_CACHE_DIR"] = str(target)
    if problem == "read only":
        with read_only(target):
            result = start_app(tmp_path, **env)
    else:
        result = start_app(tmp_path, **env)
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    expected = {"short key": "DASHBOARD_CACHE_KEY", "static open to others": f"DASHBOARD_STATIC_CACHE_DIR {target}"}
    assert expected.get(problem, f"DASHBOARD_CACHE_DIR {target}") in result.stderr


# ---------------------------------------------------------------- sealed entries


def test_sealed_values_come_back_as_json_with_bytes():
    sealer = Sealer(SECRET)
    value = [b"\x00plain", {"br": b"\xff" * 3, "gzip": b""}, {"figure": {"data": [1.5, None, "文字"]}}, 7]
    assert sealer.open("k", sealer.seal("k", value)) == (True, value)
    assert sealer.open("k", sealer.seal("k", "x", expires=100), now=101) == (False, None)
    import numpy as np

    assert sealer.open("k", sealer.seal("k", [np.float64(2.5), np.int64(3)])) == (True, [2.5, 3])


def test_a_sealed_entry_changed_in_any_byte_moved_or_under_another_secret_is_refused():
    sealed = Sealer(SECRET).seal("view-a", [b"abc", {"x": 1}], expires=0)
    for at in range(len(sealed)):
        damaged = bytearray(sealed)
        damaged[at] ^= 0x01
        with pytest.raises(BadEntry):
            Sealer(SECRET).open("view-a", bytes(damaged))
    with pytest.raises(BadEntry):
        Sealer(SECRET).open("view-b", sealed)
    with pytest.raises(BadEntry):
        Sealer(b"other" * 13).open("view-a", sealed)
    with pytest.raises(BadEntry):
        Sealer(SECRET).open("view-a", pickle.dumps([b"abc"]))
    with pytest.raises(TypeError, match="JSON values and bytes"):
        Sealer(SECRET).seal("k", object())


def post_charts(client, regions):
    """The chart callback for a selection, as the page posts it; its result is what the cache keeps."""
    chart = chart_callback_of(client.get("/_dash-dependencies").get_json())
    body = callback_body(chart, {CHART_INPUTS[0]: regions, CHART_INPUTS[1]: "zh"})
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    return response.get_json()


def entries(cache_dir) -> list[str]:
    return [os.path.join(cache_dir, name) for name in os.listdir(cache_dir) if not name.startswith(".")]


def forget_local(dash_app) -> None:
    """As in another worker, or after a restart: only the shared cache holds the view."""
    dash_app.server.extensions[LOCAL_EXTENSION_KEY].clear()


def cache_warnings(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "dashboard.cache" and r.levelno >= logging.WARNING]


def response_entry(dash_app, regions) -> bytes:
    """The bytes of the file that holds a view's chart response."""
    import hashlib

    from components.web.http.responses import chart_request, chart_response_key

    with dash_app.server.app_context():
        key = chart_response_key(chart_request(regions, "zh"))
    name = hashlib.sha256(key.encode()).hexdigest()
    return open(os.path.join(dash_app.server.config["DASHBOARD_CACHE_DIR"], name), "rb").read()


@pytest.mark.parametrize("damage", ["empty", "truncated", "garbage", "header only", "deleted"])
def test_a_damaged_cache_entry_is_recomputed_and_rewritten(dash_app, client, damage, caplog):
    """Any broken or missing file in the cache dir: the same charts come back, the entry is rewritten, one warning."""
    cache_dir = dash_app.server.config["DASHBOARD_CACHE_DIR"]
    expected = post_charts(client, ["jiangxi"])
    files = entries(cache_dir)
    assert files
    for path in files:
        data = open(path, "rb").read()
        if damage == "deleted":
            os.remove(path)
            continue
        broken = {"empty": b"", "truncated": data[: len(data) // 2], "garbage": os.urandom(64), "header only": data[:4]}[damage]
        with open(path, "wb") as handle:
            handle.write(broken)
    forget_local(dash_app)
    for _ in range(3):
        assert post_charts(client, ["jiangxi"]) == expected
        forget_local(dash_app)
    assert response_entry(dash_app, ["jiangxi"]).startswith(MAGIC), "the view's entry is written again, sealed"
    warnings = cache_warnings(caplog)
    assert len(warnings) == (0 if damage == "deleted" else 1) and not any(r.exc_info for r in caplog.records)


def test_a_planted_pickle_is_never_loaded_and_the_charts_are_right(dash_app, client, tmp_path):
    """Every file of the cache replaced by a pickle whose loading would create a directory: it never runs."""
    cache_dir = dash_app.server.config["DASHBOARD_CACHE_DIR"]
    expected = post_charts(client, ["huanjiang", "jiangxi"])
    marker = tmp_path / "pwned"
    evil = pickle.dumps(Marker(marker))
    for path in entries(cache_dir):
        with open(path, "wb") as handle:
            # flask-caching's own format (4 bytes of expiry, then the pickle), and the bare pickle
            handle.write(b"\0\0\0\0" + evil if hash(path) % 2 else evil)
    forget_local(dash_app)
    assert post_charts(client, ["huanjiang", "jiangxi"]) == expected
    assert not marker.exists()
    assert response_entry(dash_app, ["huanjiang", "jiangxi"]).startswith(MAGIC)


def test_an_entry_moved_to_another_views_key_is_a_miss(dash_app, client):
    """Whoever can write the cache cannot make one view answer with another's charts."""
    cache_dir = dash_app.server.config["DASHBOARD_CACHE_DIR"]
    before = set(entries(cache_dir))
    expected_a = post_charts(client, ["yueqing"])
    files_a = sorted(set(entries(cache_dir)) - before, key=os.path.getsize)
    expected_b = post_charts(client, ["chongqing"])
    files_b = sorted(set(entries(cache_dir)) - before - set(files_a), key=os.path.getsize)
    assert files_a and len(files_a) == len(files_b)
    for source, target in zip(files_a, files_b):
        shutil.copyfile(source, target)
    forget_local(dash_app)
    assert post_charts(client, ["chongqing"]) == expected_b != expected_a


def test_the_cache_directory_removed_while_running_is_created_again(dash_app, client, caplog):
    """rm -rf of the cache directory: every request still answers, the directory comes back private, one line."""
    cache_dir = dash_app.server.config["DASHBOARD_CACHE_DIR"]
    expected = post_charts(client, ["zhejiang"])
    shutil.rmtree(cache_dir)
    forget_local(dash_app)
    for _ in range(5):
        assert post_charts(client, ["zhejiang"]) == expected
        forget_local(dash_app)
    assert stat.S_IMODE(os.stat(cache_dir).st_mode) == 0o700 and entries(cache_dir)
    assert [r.getMessage() for r in cache_warnings(caplog)] == [f"cache: the directory {cache_dir} was gone; created it again"]
    assert not any(r.exc_info for r in caplog.records)


def test_a_read_only_cache_directory_is_a_miss_logged_once(dash_app, client, caplog):
    """Nothing can be written: every request is computed and answered; one warning while it lasts, one line when it ends."""
    caplog.set_level(logging.INFO, logger="dashboard.cache")
    cache_dir = dash_app.server.config["DASHBOARD_CACHE_DIR"]
    with read_only(cache_dir_path := Path(cache_dir)):
        expected = post_charts(client, ["china", "jiangxi"])
        for _ in range(4):
            forget_local(dash_app)
            assert post_charts(client, ["china", "jiangxi"]) == expected
    assert [r.getMessage() for r in cache_warnings(caplog)] == [
        f"cache: the directory {cache_dir_path} unwritable (Operation not permitted); computing values without keeping them"
        if os.geteuid() == 0
        else f"cache: the directory {cache_dir_path} unwritable (Permission denied); computing values without keeping them"
    ]
    forget_local(dash_app)
    assert post_charts(client, ["china", "jiangxi"]) == expected
    assert "unwritable: over, the cache answers again" in caplog.text
    assert not any(r.exc_info for r in caplog.records)


def test_the_file_cache_keeps_at_most_its_threshold(tmp_path):
    backend = PrivateFileCache(private_cache_dir(str(tmp_path / "c")), Sealer(SECRET), threshold=50)
    for i in range(300):
        assert backend.set(f"k{i}", [i])
    assert len(os.listdir(tmp_path / "c")) <= 50
    assert backend.get("k299") == [299] and backend.get("k0") is None


def test_an_expired_entry_is_a_miss(tmp_path, monkeypatch):
    backend = PrivateFileCache(private_cache_dir(str(tmp_path / "c")), Sealer(SECRET))
    backend.set("k", "v", timeout=10)
    assert backend.get("k") == "v"
    later = time.time() + 11
    monkeypatch.setattr("components.services.cache.time.time", lambda: later)
    assert backend.get("k") is None


# ---------------------------------------------------------------- Redis


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_redis_is_selected_by_the_environment(monkeypatch):
    monkeypatch.setenv("DASHBOARD_CACHE_TYPE", "RedisCache")
    monkeypatch.setenv("DASHBOARD_CACHE_REDIS_URL", "redis://127.0.0.1:6390/0")
    monkeypatch.setenv("DASHBOARD_CACHE_KEY", "r" * 64)
    settings = cache_config(load_config())
    assert settings["CACHE_TYPE"] == "components.services.cache.TolerantRedisCache"
    assert settings["CACHE_REDIS_URL"] == "redis://127.0.0.1:6390/0"


def test_an_unreachable_redis_is_a_miss_with_one_warning(tmp_path, caplog):
    """The app starts and serves with Redis down; one warning names the outage."""
    from app import create_app

    url = f"redis://127.0.0.1:{_closed_port()}/0"
    with caplog.at_level(logging.WARNING, logger="dashboard.cache"):
        app = create_app(make_config(tmp_path, DASHBOARD_CACHE_TYPE="RedisCache", DASHBOARD_CACHE_REDIS_URL=url))
        client = app.server.test_client()
        for _ in range(3):
            post_charts(client, ["jiangxi"])
    warnings = cache_warnings(caplog)
    assert len(warnings) == 1 and "Redis unavailable" in warnings[0].getMessage()


def test_the_tolerant_backend_answers_every_call_while_redis_is_away():
    from redis import from_url

    backend = TolerantRedisCache(host=from_url(f"redis://127.0.0.1:{_closed_port()}/0", socket_connect_timeout=0.2), sealer=Sealer(SECRET))
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
