"""Performance plumbing without timing: the partial plotly.js, compression, cache headers, the generator."""

from __future__ import annotations

import gzip
import re

from components import synthetic
from components.config import ROOT
from components.loader import load_dataset

BUNDLE = ROOT / "assets" / "plotly-partial.min.js"


def test_assets_hold_the_partial_plotly_bundle():
    """The page ships plotly.js with only the traces the figures draw, not the 4.8 MB full build."""
    head = BUNDLE.read_text(encoding="utf-8")[:300]
    assert "partial bundle (scatter, bar, treemap)" in head
    assert BUNDLE.stat().st_size < 2_000_000


def test_page_html_loads_the_bundle_and_not_plotly_min_js(client):
    """dcc.Graph finds window.Plotly from the asset, so the page never names Dash's plotly.min.js."""
    html = client.get("/").get_data(as_text=True)
    assert "plotly-partial.min.js" in html
    assert "plotly.min.js" not in html.replace("plotly-partial.min.js", "")


def _script_urls(client) -> list[str]:
    return re.findall(r'src="([^"]+)"', client.get("/").get_data(as_text=True))


def test_static_files_are_gzipped_when_accepted(client):
    """Every script is gzipped for a browser that accepts it and plain for one that does not."""
    for url in _script_urls(client):
        packed = client.get(url, headers={"Accept-Encoding": "gzip, deflate"})
        plain = client.get(url)
        assert packed.headers.get("Content-Encoding") == "gzip", url
        assert "Accept-Encoding" in packed.headers.get("Vary", "")
        assert gzip.decompress(packed.get_data()) == plain.get_data(), url
        assert "Content-Encoding" not in plain.headers


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
