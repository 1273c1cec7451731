"""Exported images carry their context; names, manifest and ZIP say what they hold; the batch command; CJK fonts."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from dash import Output, no_update

from components import export
from components.config import private_cache_dir
from components.services.exportgate import ExportGate
from components.charts import style
from components.web import ids
from components.export.render import RENDER_NICENESS, Renderer, RendererUnavailable, find_chromium
from components.charts.figspec import plain_figure
from components.text import LANGS, t
from components.data.schema import qualifier_label
from components.web.callbacks import wiring
from components.web.callbacks import export as export_callbacks
from components.services import table as table_service
from components.services import exports as export_service
from components.charts import registry
from components.web.settings import page_settings
from tests.conftest import ROOT, build_chart, figure_catalog
from tests.pngcheck import png_size, top_pixels

needs_chromium = pytest.mark.skipif(find_chromium() is None, reason="no Chromium on this machine")
LINK = "https://dash.example/?region=zhangjiagang"
ZHANGJIAGANG = export.ExportContext(("zhangjiagang",), ("张家港市",), "zh", LINK)


def funding(dataset, lang="zh") -> dict:
    return plain_figure(build_chart(ids.FUNDING_TIERS_GRAPH, dataset, ("zhangjiagang",), lang))


def annotation(fig: dict, name: str) -> dict:
    return next(a for a in fig["layout"]["annotations"] if a.get("name") == name)


class FakeRenderer:
    """Bytes that name the figure and format, so a test can tell files apart without Chromium."""

    def render(self, fig, fmt, *, width, height, scale):
        return f"{fmt}:{fig['layout']['title']['text']}:{width}x{height}@{scale}".encode()


class NoChromium:
    def render(self, fig, fmt, *, width, height, scale):
        raise RendererUnavailable("no Chromium on the server")


# ---------------------------------------------------------------- the figure


def test_context_is_drawn_under_the_source_and_the_original_is_untouched(dataset):
    """Filter, language and permalink are an annotation inside the figure, which grows to hold them."""
    fig = funding(dataset)
    before = json.dumps(fig, sort_keys=True)
    out = export.with_context(fig, ZHANGJIAGANG)
    assert json.dumps(fig, sort_keys=True) == before
    names = [a.get("name") for a in out["layout"]["annotations"]]
    assert names[-3:] == ["notes", "source", export.CONTEXT_NAME]
    text = annotation(out, export.CONTEXT_NAME)["text"]
    assert "张家港市" in text and t("export.language", "zh") in text and LINK in text.replace("<br>", "")
    extra = out["layout"]["height"] - fig["layout"]["height"]
    assert extra > 0 and out["layout"]["margin"]["b"] - fig["layout"]["margin"]["b"] == extra
    assert annotation(out, export.CONTEXT_NAME)["yshift"] < annotation(out, "source")["yshift"]


@pytest.mark.parametrize("lang", LANGS)
def test_markers_used_in_a_chart_are_explained_and_no_others(dataset, lang):
    """Funding caps are "≤" (explained); the funding chart has no "≥", so that is not."""
    context = export.ExportContext((), (), lang, LINK)
    text = annotation(export.with_context(funding(dataset, lang), context), export.CONTEXT_NAME)["text"]
    text = text.replace("<br>", "")
    assert f"≤ {qualifier_label('at_most', lang)}" in text
    assert qualifier_label("at_least", lang) not in text
    assert t("export.all_regions", lang) in text


def test_a_figure_without_data_is_exported_unchanged():
    empty = plain_figure(style.build_empty_figure("no data", lang="en"))
    assert export.with_context(empty, ZHANGJIAGANG) == empty
    assert export.context_patch(empty, ZHANGJIAGANG) is None


def test_long_filters_and_permalinks_wrap_inside_the_figure(dataset):
    names = tuple(f"Region number {i}" for i in range(12))
    context = export.ExportContext(tuple(f"r{i}" for i in range(12)), names, "en", "http://h/?region=" + ",".join(f"r{i}" for i in range(12)))
    lines = export.context_lines(funding(dataset, "en"), context)
    assert all(len(line) <= 70 for text in lines for line in text.split("<br>"))


# ---------------------------------------------------------------- file names


@pytest.mark.parametrize(
    ("regions", "lang", "expected"),
    [
        (["zhangjiagang"], "zh", "funding-tiers_zhangjiagang_zh.png"),
        ([], "en", "funding-tiers_all_en.png"),
        (["jiangxi", "huanjiang"], "en", "funding-tiers_huanjiang-jiangxi_en.png"),
    ],
)
def test_file_names_say_chart_regions_and_language(regions, lang, expected):
    assert export.chart_filename(ids.FUNDING_TIERS_GRAPH, regions, lang, "png") == expected


@pytest.mark.parametrize("regions", [["环江", "../etc/passwd"], [f"region_{i}" for i in range(40)], ["a b", "C/D"]])
def test_file_names_are_ascii_safe_and_short(regions):
    name = export.chart_filename(ids.OVERVIEW_GRAPH, regions, "zh", "svg")
    assert re.fullmatch(r"[a-z0-9-]+_[a-z0-9-]+_zh\.svg", name), name
    assert len(name) < 100


def test_export_options_and_patches_follow_the_view(app_context):
    """The image file names, the browser's export patches and the button names change with the view."""
    view = export_service.export_view(["zhangjiagang"], "en")
    assert view["options"][ids.FUNDING_TIERS_GRAPH] == {
        "format": "png", "scale": 2, "width": export.EXPORT_WIDTH, "filename": "funding-tiers_zhangjiagang_en"
    }
    assert "Zhangjiagang" in view["patches"][ids.FUNDING_TIERS_GRAPH]["annotation"]["text"]
    assert view["patches"][ids.INCOME_GROWTH_GRAPH] is None  # no Huanjiang data in this view


def test_toolbar_camera_is_replaced_by_the_context_export():
    """Each graph's toolbar is built in the browser, named in the language, with PNG/SVG buttons that draw the context in."""
    wired = [args for name, args, _ in wiring.CLIENTSIDE if name == "graphConfigs"]
    assert len(wired) == 1
    assert [o.component_id for o in wired[0] if isinstance(o, Output)] == list(registry.GRAPHS)
    toolbar = page_settings()["toolbar"]
    assert toolbar["graphs"] == list(registry.GRAPHS)
    assert "下载SVG" in toolbar["titles"]["zh"]["svg"] and "Download SVG" in toolbar["titles"]["en"]["svg"]
    script = (ROOT / "assets" / "clientside.js").read_text(encoding="utf-8")
    # An explicit button list: plotly's own toImage (and every other default button) is not in it.
    assert "modeBarButtons: buttons" in script and "dashboardExport.imageOfView" in script
    assert toolbar["base"]["showSendToCloud"] is False


# ---------------------------------------------------------------- the bundle


def test_export_bundle_holds_every_chart_the_table_csv_and_a_manifest(app_context, dataset):
    sort_by = {"column": "value", "direction": "desc"}
    name, files = export_service.export_bundle(["huanjiang"], "en", sort_by, FakeRenderer())
    assert name == "charts_huanjiang_en.zip"
    manifest = json.loads(files["manifest.json"])
    assert sorted(manifest["files"]) == sorted(files)
    for slug in ("overview", "income-growth", "agriculture"):
        assert {f"{slug}_huanjiang_en.png", f"{slug}_huanjiang_en.svg"} <= set(files)
    assert "funding-tiers" in manifest["skipped_charts"]
    csv_text, csv_name = table_service.table_csv(["huanjiang"], "en", sort_by)
    assert files[csv_name].decode("utf-8") == csv_text
    assert manifest["filters"] == {"regions": ["huanjiang"]} and manifest["lang"] == "en"
    assert [source["file"] for source in manifest["sources"]] == ["000_3d761635c312e61a.txt"]
    assert manifest["sources"][0]["publisher_zh"] == "科技日报" and manifest["sources"][0]["published"] == "2021-07"
    assert manifest["data_version"] == dataset.version
    assert datetime.fromisoformat(manifest["created"]).utcoffset().total_seconds() == 0
    assert files["overview_huanjiang_en.png"].startswith(b"png:") and b"@2" in files["overview_huanjiang_en.png"]


def test_the_bundle_keeps_the_table_s_search_and_the_explorer_s_indicator(app_context, dataset):
    """What the page shows is what the ZIP holds: the CSV's rows are the table's found ones."""
    search = "收入"
    _, files = export_service.export_bundle(["huanjiang"], "zh", None, FakeRenderer(), indicator="urban_disposable_income_pc", search=search)
    csv_text, csv_name = table_service.table_csv(["huanjiang"], "zh", None, search)
    assert files[csv_name].decode("utf-8") == csv_text
    everything, _ = table_service.table_csv(["huanjiang"], "zh", None)
    assert 0 < len(csv_text.splitlines()) < len(everything.splitlines())
    manifest = json.loads(files["manifest.json"])
    assert "indicator=urban_disposable_income_pc" in manifest["permalink"]


def test_the_manifest_permalink_reopens_the_view(app_context):
    _, files = export_service.export_bundle(["jiangxi", "huanjiang"], "en", None, FakeRenderer())
    link = json.loads(files["manifest.json"])["permalink"]
    # The page reads this canonical form (tests/browser/test_viewstate.py).
    assert parse_qs(urlsplit(link).query) == {"region": ["huanjiang,jiangxi"], "lang": ["en"]}


def test_export_all_returns_a_zip_of_the_bundle(app_context):
    download, status, label = export_callbacks.export_all_outputs(["zhangjiagang"], "zh", None, FakeRenderer())
    assert label == t("export.all", "zh")
    assert download["filename"] == "charts_zhangjiagang_zh.zip"
    archive = zipfile.ZipFile(io.BytesIO(download_bytes(download)))
    assert sorted(archive.namelist()) == sorted(json.loads(archive.read("manifest.json"))["files"])
    assert "已生成" in status


def download_bytes(download: dict) -> bytes:
    import base64

    return base64.b64decode(download["content"]) if download["base64"] else download["content"].encode()


@pytest.mark.parametrize("lang", LANGS)
def test_without_chromium_export_all_says_so_and_downloads_nothing(app_context, lang):
    download, status, _ = export_callbacks.export_all_outputs([], lang, None, NoChromium())
    assert download is no_update
    assert "Chromium" in status and ("PNG/SVG" in status)


def test_the_renderer_reports_a_missing_chromium(monkeypatch):
    monkeypatch.setattr("components.export.render.find_chromium", lambda: None)
    with pytest.raises(RendererUnavailable, match="no Chromium"):
        Renderer().render({"data": [], "layout": {}}, "png", width=10, height=10, scale=1)


def test_a_busy_renderer_gives_up_instead_of_hanging():
    renderer = Renderer(chromium="/nonexistent", wait_timeout=0.2)
    renderer._lock.acquire()  # another request's export in progress
    try:
        with pytest.raises(RendererUnavailable, match="busy"):
            renderer.render({"data": [], "layout": {}}, "png", width=10, height=10, scale=1)
    finally:
        renderer._lock.release()


# ---------------------------------------------------------------- export-all limits


class SlowRenderer(FakeRenderer):
    """A render that takes a while, and counts how many ran at once."""

    def __init__(self, seconds=0.3):
        self.seconds, self.running, self.most = seconds, 0, 0
        self._lock = threading.Lock()

    def render(self, fig, fmt, *, width, height, scale):
        with self._lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(self.seconds / 16)
        with self._lock:
            self.running -= 1
        return super().render(fig, fmt, width=width, height=height, scale=scale)


def gate_of(app_context, tmp_path, slots=1, cooldown=0.0):
    return ExportGate(private_cache_dir(str(tmp_path / "gate")), slots, cooldown)


@pytest.mark.parametrize("lang", LANGS)
def test_export_all_while_the_host_renders_is_refused_at_once_saying_when_to_retry(app_context, tmp_path, lang):
    """One slot: a second export during the first is answered at once, "busy, try again in N s", on the status and the button."""
    gate = gate_of(app_context, tmp_path)
    with gate.enter("10.0.0.1") as refusal:
        assert refusal is None
        started = time.monotonic()
        download, status, label = export_callbacks.export_all_outputs(["huanjiang"], lang, None, FakeRenderer(), gate, "10.0.0.2")
        assert time.monotonic() - started < 0.5, "refused at once, not queued"
    assert download is no_update
    seconds = int(re.search(r"(\d+)", status).group(1))
    assert 1 <= seconds <= 5
    assert status == t("export.all_busy", lang, seconds=seconds) and label == t("export.all_retry", lang, seconds=seconds)
    download, status, label = export_callbacks.export_all_outputs(["huanjiang"], lang, None, FakeRenderer(), gate, "10.0.0.2")
    assert download["filename"] == f"charts_huanjiang_{lang}.zip" and label == t("export.all", lang)


def test_the_slots_hold_across_processes_and_threads(app_context, tmp_path):
    """flock on the slot files: exports from 6 threads never render more than the slots allow at once."""
    gate = gate_of(app_context, tmp_path, slots=2)
    renderer = SlowRenderer()
    results = []

    def one(i):
        with app_context.server.test_request_context("/"):
            results.append(export_callbacks.export_all_outputs(["jiangxi"], "zh", None, renderer, gate, f"10.0.0.{i}"))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done = [r for r in results if r[0] is not no_update]
    assert 1 <= renderer.most <= 2 and 1 <= len(done) <= 4 and len(results) == 6
    other = subprocess.run(
        [sys.executable, "-c", "import fcntl, sys; h = open(sys.argv[1], 'a'); fcntl.flock(h, fcntl.LOCK_EX | fcntl.LOCK_NB)",
         str(tmp_path / "gate" / ".export-slot-0.lock")],
        capture_output=True, text=True,
    )
    assert other.returncode == 0, "released: another process can take the slot"


def test_export_all_still_works_when_the_slot_directory_was_removed(app_context, tmp_path):
    gate = gate_of(app_context, tmp_path)
    shutil.rmtree(tmp_path / "gate")
    download, _, _ = export_callbacks.export_all_outputs(["huanjiang"], "zh", None, FakeRenderer(), gate, "10.0.0.3")
    assert download is not no_update and (tmp_path / "gate").is_dir()


def test_a_client_that_just_exported_waits_before_the_next_export(app_context, tmp_path):
    """No one client can hold the renderer in a loop: after an export, its next one waits the cooldown; others do not."""
    gate = gate_of(app_context, tmp_path, cooldown=30)
    first = export_callbacks.export_all_outputs(["huanjiang"], "en", None, FakeRenderer(), gate, "10.0.0.7")
    assert first[0] is not no_update
    download, status, label = export_callbacks.export_all_outputs(["huanjiang"], "en", None, FakeRenderer(), gate, "10.0.0.7")
    assert download is no_update and status in {t("export.all_cooldown", "en", seconds=s) for s in (29, 30)}
    assert export_callbacks.export_all_outputs(["huanjiang"], "en", None, FakeRenderer(), gate, "10.0.0.8")[0] is not no_update


def chromium_threads() -> list[int]:
    """The thread ids of every process this test process started (its Chromium)."""
    found, pending = [], [os.getpid()]
    while pending:
        pid = pending.pop()
        for tid in os.listdir(f"/proc/{pid}/task"):
            pending += [int(c) for c in open(f"/proc/{pid}/task/{tid}/children").read().split()]
            if pid != os.getpid():
                found.append(int(tid))
    return found


@needs_chromium
def test_an_idle_renderer_closes_its_chromium_which_runs_below_the_servers_priority(dataset):
    renderer = Renderer()
    renderer.idle_seconds = 0.5
    try:
        renderer.render(funding(dataset), "svg", width=400, height=300, scale=1)
        assert renderer.is_open
        threads = chromium_threads()
        assert threads and all(os.getpriority(os.PRIO_PROCESS, tid) >= RENDER_NICENESS for tid in threads), "Chromium yields to requests"
        time.sleep(1.5)
        assert not renderer.is_open, "closed after the idle period"
        assert renderer.render(funding(dataset), "svg", width=400, height=300, scale=1).startswith(b"<svg")
    finally:
        renderer.close()


def test_find_chromium_honours_browser_path(monkeypatch, tmp_path):
    browser = tmp_path / "my-chromium"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(browser))
    assert find_chromium() == str(browser)




@needs_chromium
def test_kaleido_renders_a_png_of_the_export_size_and_an_svg_with_the_context(dataset):
    fig = export.with_context(funding(dataset), ZHANGJIAGANG)
    renderer = Renderer()
    try:
        height = export.export_height(fig)
        png = renderer.render(fig, "png", width=export.EXPORT_WIDTH, height=height, scale=2)
        svg = renderer.render(fig, "svg", width=export.EXPORT_WIDTH, height=height, scale=1).decode()
    finally:
        renderer.close()
    assert png_size(png) == (2 * export.EXPORT_WIDTH, 2 * height)
    assert len(top_pixels(png, 120)) > 10, "the PNG's title area is blank"
    for text in (t("funding.title", "zh"), "张家港市", "来源:科技日报", "zhangjiagang"):
        assert text in svg


# ---------------------------------------------------------------- the batch command


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "components.export", *args], cwd=ROOT, capture_output=True, text=True, timeout=180
    )


def test_the_batch_command_refuses_an_unknown_region_with_a_message(tmp_path):
    result = run_cli("--region", "huanjiang,atlantis", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "unknown region id(s): atlantis" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())


@needs_chromium
def test_the_batch_command_writes_the_files_of_the_zip(tmp_path):
    result = run_cli("--region", "huanjiang", "--lang", "en", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    view = tmp_path / "charts_huanjiang_en"
    manifest = json.loads((view / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(p.name for p in view.iterdir())
    assert "[1/8] overview_huanjiang_en.png" in result.stderr
    assert png_size((view / "income-growth_huanjiang_en.png").read_bytes())[0] == 2 * export.EXPORT_WIDTH


# ---------------------------------------------------------------- Chinese, not boxes


def stack_families() -> list[str]:
    return re.findall(r'"([^"]+)"', style.FONT_FAMILY)


def fc(*args: str) -> str:
    return subprocess.run(["fc-list", *args], capture_output=True, text=True, check=True).stdout


def charset(family: str) -> set[int]:
    """Code points the installed faces of ``family`` cover, from fontconfig's charset ranges."""
    points: set[int] = set()
    for ranges in fc("--format", "%{charset}\n", f":family={family}").split():
        low, _, high = ranges.partition("-")
        points.update(range(int(low, 16), int(high or low, 16) + 1))
    return points


def strings(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in strings(value)]
    if isinstance(node, (list, tuple)):
        return [s for value in node for s in strings(value)]
    return []


def figure_characters(dataset) -> set[str]:
    """Every non-ASCII character of every chart, both languages, with the export context drawn in."""
    chars: set[str] = set()
    for lang in LANGS:
        catalog = figure_catalog(dataset)
        built = {spec.graph_id: spec.build(dataset.facts, dataset.regions, dataset.clusters, lang=lang, catalog=catalog) for spec in registry.CHARTS}
        context = export.ExportContext(("huanjiang",), (catalog.region("huanjiang").name(lang),), lang, LINK)
        for fig in built.values():
            for text in strings(export.with_context(plain_figure(fig), context)):
                chars.update(c for c in text if ord(c) > 127)
    return chars


@pytest.mark.skipif(subprocess.run(["which", "fc-list"], capture_output=True).returncode != 0, reason="no fontconfig")
def test_the_font_stack_covers_every_character_of_the_figures(dataset):
    """Chinese renders as Chinese: an installed font of style.FONT_FAMILY has every glyph the charts use."""
    installed = [family for family in stack_families() if fc("--format", "%{family}\n", f":family={family}").strip()]
    assert installed, (
        f"none of {stack_families()} is installed, so Chinese renders as boxes; "
        "install fonts-wqy-microhei (small) or fonts-noto-cjk (complete)"
    )
    covered = set().union(*(charset(family) for family in installed))
    chars = figure_characters(dataset)
    assert any("\u4e00" <= c <= "\u9fff" for c in chars)
    missing = sorted(c for c in chars if ord(c) not in covered)
    assert not missing, f"{installed} lack {''.join(missing)!r} ({', '.join(f'U+{ord(c):04X}' for c in missing)})"
