"""Performance plumbing without timing: the partial plotly.js, compression, cache headers, the response cache, the generator."""

from __future__ import annotations

import gzip
import json
import re

import brotli
import pytest

from components.services import charts as chart_service
from components.web.http import static as assets_serving
from components.web import ids
from components.cli import synthetic
from components.config import ROOT
from components.data.store import current_store
from components.data.loader import load_dataset
from components.web.http.responses import LocalResponses, chart_request, chart_response_key
from components.web.dash_internals import UPDATE_PATH
from components.web.callbacks import charts as chart_callbacks
from components.charts import registry

BUNDLE = ROOT / "assets" / "plotly-partial.min.js"


def test_assets_hold_the_partial_plotly_bundle():
    """The page ships plotly.js with only the traces the figures draw, not the 4.8 MB full build."""
    head = BUNDLE.read_text(encoding="utf-8")[:300]
    assert "partial bundle (scatter, bar, treemap;" in head
    assert BUNDLE.stat().st_size < 2_000_000


def test_page_html_loads_the_bundle_and_not_plotly_min_js(client):
    """dcc.Graph finds window.Plotly from the asset, so the page never names Dash's plotly.min.js."""
    html = client.get("/").get_data(as_text=True)
    assert "plotly-partial.min.js" in html
    assert "plotly.min.js" not in html.replace("plotly-partial.min.js", "")


def test_the_page_loads_regenerator_runtime_instead_of_babel_polyfill(client):
    """Only the global Dash's bundles use is shipped, before the renderer that needs it."""
    html = client.get("/").get_data(as_text=True)
    assert "polyfill@" not in html
    scripts = re.findall(r'src="([^"]+)"', html)
    runtime = next(i for i, url in enumerate(scripts) if "regenerator-runtime.min.js" in url)
    renderer = next(i for i, url in enumerate(scripts) if "dash_renderer" in url)
    assert runtime < renderer
    assert (ROOT / "assets" / "regenerator-runtime.min.js").read_text(encoding="utf-8").startswith("/* regenerator-runtime v")


def _script_urls(client) -> list[str]:
    return re.findall(r'src="([^"]+)"', client.get("/").get_data(as_text=True))


DECODE = {"br": brotli.decompress, "gzip": gzip.decompress}


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("gzip, deflate, br, zstd", "br"),  # what Chromium sends
        ("gzip, deflate", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=0, br;q=0", None),
        ("*", "br"),
        ("*;q=0.5, br;q=0", "gzip"),
        ("", None),
        ("identity", None),
        ("gzip;q=nonsense", None),
    ],
)
def test_the_encoding_follows_accept_encoding(app_context, accept, expected):
    with app_context.server.test_request_context(headers={"Accept-Encoding": accept}):
        from flask import request

        assert assets_serving.negotiate(request) == expected


@pytest.mark.parametrize("accept", ["gzip, deflate, br, zstd", "gzip, deflate"])
def test_static_files_are_compressed_when_accepted(client, accept):
    """Every script comes brotli- or gzip-compressed to a browser that accepts it, plain to one that does not."""
    encoding = "br" if "br" in accept else "gzip"
    for url in _script_urls(client):
        packed = client.get(url, headers={"Accept-Encoding": accept})
        plain = client.get(url)
        assert packed.headers.get("Content-Encoding") == encoding, url
        assert "Accept-Encoding" in packed.headers.get("Vary", "")
        assert DECODE[encoding](packed.get_data()) == plain.get_data(), url
        assert "Content-Encoding" not in plain.headers


@pytest.fixture
def fresh_static_episodes(monkeypatch):
    """The static cache's once-per-trouble warnings, unused by earlier tests."""
    from components.services.cache import Episode

    for name in ("_damaged", "_unwritable"):
        old = getattr(assets_serving, name)
        monkeypatch.setattr(assets_serving, name, Episode(old._what, old._consequence))


def test_brotli_output_is_kept_on_disk_and_read_back(tmp_path, fresh_static_episodes):
    """Brotli 11 is paid once per file content: a later start reads the copy named by its sha256."""
    body = b"var answer = 42;\n" * 4000
    first = assets_serving._from_disk(body, "br", tmp_path)
    (kept,) = tmp_path.iterdir()
    assert kept.read_bytes() == first and brotli.decompress(first) == body
    # Another intact copy (other bytes, same content) is what a later call serves: the disk is read.
    other = brotli.compress(body, quality=1)
    kept.write_bytes(other)
    assert assets_serving._from_disk(body, "br", tmp_path) == other


@pytest.mark.parametrize("planted", [b"", b"\x00garbage", brotli.compress(b"alert('planted')")])
def test_a_damaged_or_planted_static_copy_is_never_served(tmp_path, planted, fresh_static_episodes, caplog):
    """The copy on disk is served as the page's script only if it decompresses to the file; else replaced, warned once."""
    body = b"var answer = 42;\n" * 4000
    assets_serving._from_disk(body, "br", tmp_path)
    (kept,) = tmp_path.iterdir()
    kept.write_bytes(planted)
    for _ in range(3):
        assert brotli.decompress(assets_serving._from_disk(body, "br", tmp_path)) == body
    assert brotli.decompress(kept.read_bytes()) == body, "rewritten"
    assert caplog.text.count("damaged or not what their name says") == 1


def test_a_static_cache_dir_removed_while_running_is_created_again(tmp_path, fresh_static_episodes, caplog):
    static = tmp_path / "static"
    static.mkdir(mode=0o700)
    static.rmdir()
    body = b"x = 1;\n" * 1000
    assert brotli.decompress(assets_serving._from_disk(body, "br", static)) == body
    assert len(list(static.iterdir())) == 1 and (static.stat().st_mode & 0o777) == 0o700
    assert "was gone; created it again" in caplog.text


def test_an_unwritable_static_cache_still_serves(tmp_path, fresh_static_episodes, caplog):
    """A directory that cannot be written costs one warning, never a response."""
    missing = tmp_path / "not-a-dir"
    missing.write_text("a file where the directory should be")
    for size in (1000, 2000):
        body = b"x = 1;\n" * size
        assert brotli.decompress(assets_serving._from_disk(body, "br", missing)) == body
    assert caplog.text.count("static cache directory unwritable") == 1


def test_fingerprinted_files_are_cached_for_a_year(client):
    """Fingerprinted component suites and ?m= assets may be kept by browsers for a year."""
    for url in _script_urls(client):
        if "_dash-component-suites" in url or "?m=" in url:
            control = client.get(url).headers.get("Cache-Control", "")
            assert "max-age=31536000" in control and "no-cache" not in control, url


def test_generator_is_deterministic_and_has_the_promised_shape(tmp_path):
    """The same seed writes the same bytes; every county has 10 years x 30 indicators."""
    first = synthetic.generate(tmp_path / "a", scale=0.01, seed=7)
    synthetic.generate(tmp_path / "b", scale=0.01, seed=7)
    for part in ("data/facts/synthetic_facts.csv", "data/regions/regions.csv", "seeds/synthetic_national.txt"):
        assert (tmp_path / "a" / part).read_bytes() == (tmp_path / "b" / part).read_bytes()
    assert first["facts"] == first["counties"] * len(synthetic.YEARS) * len(synthetic.INDICATORS)
    assert first["regions"] == first["counties"] + len(synthetic.PROVINCES)
    assert sum(p[3] for p in synthetic.PROVINCES) == synthetic.COUNTIES


def test_generated_data_passes_the_real_loader(tmp_path):
    """The synthetic set is in the project's format: quotes, numbers and ids all validate."""
    synthetic.generate(tmp_path, scale=0.005, seed=42)
    dataset = load_dataset(tmp_path / "data", tmp_path / "seeds")
    assert len(dataset.facts) > 0
    assert set(dataset.regions["level"]) == {"province", "county"}


def _post_charts(client, regions: list[str], lang: str = "zh", **headers):
    return client.post(UPDATE_PATH, json=chart_request(regions, lang), headers=headers)


@pytest.mark.parametrize("accept", ["gzip, deflate, br, zstd", "gzip, deflate"])
def test_callback_responses_are_compressed_when_accepted(client, accept):
    """A browser that accepts brotli or gzip gets the chart response so; others get the same JSON plain."""
    encoding = "br" if "br" in accept else "gzip"
    for _ in range(2):  # built, then from the cache
        plain = _post_charts(client, ["huanjiang"])
        packed = _post_charts(client, ["huanjiang"], **{"Accept-Encoding": accept})
        assert packed.status_code == plain.status_code == 200
        assert packed.headers["Content-Encoding"] == encoding and "Content-Encoding" not in plain.headers
        assert DECODE[encoding](packed.get_data()) == plain.get_data()
        assert len(packed.get_data()) < len(plain.get_data()) / 4


def test_dynamic_responses_vary_on_accept_encoding_and_keep_security_headers(client):
    """Caches must not hand a compressed body to a client that cannot read it; compression keeps the headers."""
    accept = {"Accept-Encoding": "gzip, br"}
    responses = [
        _post_charts(client, [], **accept),
        client.get("/_dash-layout", headers=accept),
        client.get("/_dash-dependencies", headers=accept),
        client.get("/", headers=accept),
    ]
    for response in responses:
        assert response.status_code == 200
        assert "Accept-Encoding" in response.headers.get("Vary", "")
        assert response.headers["Content-Encoding"] == "br"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert responses[-1].headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_the_local_chart_responses_keep_the_most_recent():
    """The worker's memory of chart responses is bounded and drops the least recently used."""
    local = LocalResponses(size=2)
    entry = (b"{}", {"br": b"", "gzip": b""})
    local.put("a", entry)
    local.put("b", entry)
    assert local.get("a") is entry  # "a" is now the most recent
    local.put("c", entry)
    assert local.get("b") is None and local.get("a") is entry and local.get("c") is entry


def test_a_cached_chart_response_is_the_figure_dash_built(app_context, client):
    """The second request of a view is answered from the cache with exactly what the callback returned."""
    first = _post_charts(client, ["jiangxi", "yueqing"], "en")
    again = _post_charts(client, ["yueqing", "jiangxi"], "en")  # same canonical view
    assert again.get_data() == first.get_data()
    response = json.loads(again.get_data())["response"]
    assert response[ids.CHART_DATA]["data"] == chart_callbacks.update_charts(["jiangxi", "yueqing"], "en")


def test_the_cache_key_follows_the_data_version_and_the_canonical_view(app_context):
    """Differently ordered or invalid payloads of one view share a key; the data version is in it."""
    version = current_store().version
    same = {chart_response_key(chart_request(r, "zh")) for r in (["yueqing", "jiangxi"], ["jiangxi", "yueqing", "jiangxi"])}
    assert len(same) == 1 and version in same.pop()
    assert chart_response_key(chart_request(["nowhere"], "xx")) == chart_response_key(chart_request([], "zh"))
    assert chart_response_key({"output": "echo.children", "inputs": []}) is None


def test_a_failed_chart_build_closes_every_chart_and_is_not_cached(app_context, client, monkeypatch):
    """Building the view raises: every chart says it could not be drawn, the view still settles, and the next request tries again."""
    from components.text import t

    def broken(*args, **kwargs):
        raise RuntimeError("the figures could not be built")

    monkeypatch.setattr(chart_service, "chart_outputs", broken)
    failed = _post_charts(client, ["huanjiang"], "en")
    assert failed.status_code == 200
    data = json.loads(failed.get_data())["response"][ids.CHART_DATA]["data"]
    assert data["view"] == {"regions": ["huanjiang"], "lang": "en", "indicator": None}
    assert set(data["graphs"]) == set(registry.GRAPHS)
    for graph, item in data["graphs"].items():
        assert item == {"empty": True, "description": t("empty.card", "en", title=t(registry.BY_GRAPH[graph].title_key, "en"), message=t("chart.failed", "en"))}
    monkeypatch.undo()
    again = json.loads(_post_charts(client, ["huanjiang"], "en").get_data())["response"][ids.CHART_DATA]["data"]
    assert again == chart_callbacks.update_charts(["huanjiang"], "en")
    assert "figure" in again["graphs"][ids.INCOME_GROWTH_GRAPH]
