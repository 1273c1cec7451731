"""Exports in a real browser: a chart's PNG/SVG buttons, and the export-all ZIP."""

from __future__ import annotations

import csv
import io
import json
import time
import zipfile
from pathlib import Path

from selenium.webdriver.common.by import By

from components import export
from components.charts import registry
from components.web import ids
from components.text import t
from components.data.schema import Fact
from tests.browser.conftest import console_errors, table_column, wait_until, wait_until_idle
from tests.conftest import build_chart
from tests.pngcheck import png_size, top_pixels

VIEW_OPTIONS_JS = """
const view = window.dashboardExport && window.dashboardExport.view;
return view && view.options ? view.options[arguments[0]] : null;
"""


def downloaded(duo, name: str, timeout: float = 30) -> bytes:
    target = Path(duo.download_path) / name
    wait_until(lambda: target.exists() and target.stat().st_size > 0, timeout, f"the download {name}")
    time.sleep(0.3)  # let Chromium finish writing
    return target.read_bytes()


def open_view(duo, search: str) -> None:
    duo.driver.get(duo.server_url + "/" + search)
    wait_until_idle(duo)


def test_chart_buttons_download_a_print_png_and_an_svg_with_the_context(dashboard, dataset):
    """PNG: 2x the export width and the figure's height with the context; not blank. SVG: title, source, filter."""
    open_view(dashboard, "?region=zhangjiagang")
    graph = ids.FUNDING_TIERS_GRAPH
    wait_until(
        lambda: (dashboard.driver.execute_script(VIEW_OPTIONS_JS, graph) or {}).get("filename") == "funding-tiers_zhangjiagang_zh",
        message="the export file name to follow the view",
    )
    dashboard.find_element(f"#{ids.export_button_id(graph, 'png')}").click()
    png = downloaded(dashboard, "funding-tiers_zhangjiagang_zh.png")

    fig = build_chart(ids.FUNDING_TIERS_GRAPH, dataset, ("zhangjiagang",), "zh")
    context = export.ExportContext(("zhangjiagang",), ("张家港市",), "zh", dashboard.server_url + "/?region=zhangjiagang")
    height = export.export_height(export.with_context(fig, context))
    assert png_size(png) == (2 * export.EXPORT_WIDTH, 2 * height)
    assert len(top_pixels(png, 120)) > 10, "the PNG's title area is blank"

    dashboard.find_element(f"#{ids.export_button_id(graph, 'svg')}").click()
    svg = downloaded(dashboard, "funding-tiers_zhangjiagang_zh.svg").decode("utf-8")
    for text in (t("funding.title", "zh"), "来源:科技日报(2021年7月)", "000_3d761635c312e61a.txt", "筛选:张家港市", "?region=zhangjiagang"):
        assert text in svg, text
    # The page itself stays uncluttered: the context is only in the export.
    page_notes = dashboard.driver.execute_script(
        "return document.querySelector('#' + arguments[0] + ' .js-plotly-plot').layout.annotations.map(a => a.name);", graph
    )
    assert export.CONTEXT_NAME not in page_notes
    assert console_errors(dashboard) == []


def test_export_all_zip_holds_the_view_and_its_manifest_reopens_it(dashboard, dataset):
    """Charts as PNG+SVG, the table's CSV (same rows, same order), and a manifest whose permalink reopens the view."""
    open_view(dashboard, "?region=huanjiang&lang=en")
    started = time.monotonic()
    button = dashboard.find_element(f"#{ids.EXPORT_ALL_BUTTON}")
    button.click()
    # While it renders: the button is disabled and the status says what is being made.
    rendering = t("export.all_rendering", "en", charts=len(registry.GRAPHS))
    wait_until(lambda: dashboard.find_element(f"#{ids.EXPORT_ALL_STATUS}").text == rendering and not button.is_enabled(),
               timeout=5, message="the rendering status and a disabled button")
    body = downloaded(dashboard, "charts_huanjiang_en.zip", timeout=90)
    print(f"export-all took {time.monotonic() - started:.1f} s")  # shown with -s; reported in the hand-over
    archive = zipfile.ZipFile(io.BytesIO(body))
    manifest = json.loads(archive.read("manifest.json"))
    assert sorted(archive.namelist()) == sorted(manifest["files"])
    for slug in ("overview", "income-growth", "agriculture"):
        for fmt in export.FORMATS:
            assert f"{slug}_huanjiang_en.{fmt}" in manifest["files"]
    assert png_size(archive.read("income-growth_huanjiang_en.png"))[0] == 2 * export.EXPORT_WIDTH

    rows = list(csv.DictReader(io.StringIO(archive.read("facts_huanjiang_en.csv").decode("utf-8-sig"))))
    expected = dataset.facts[dataset.facts[Fact.REGION_ID] == "huanjiang"]
    assert sorted(r["fact_id"] for r in rows) == sorted(expected[Fact.FACT_ID])
    shown = table_column(dashboard, "indicator")
    assert [r["indicator_en"] for r in rows[: len(shown)]] == shown, "the CSV is not in the table's order"
    wait_until(lambda: f"{len(manifest['files'])} files" in dashboard.find_element(f"#{ids.EXPORT_ALL_STATUS}").text, message="the done status")
    wait_until(button.is_enabled, message="the button enabled again")

    dashboard.driver.get(manifest["permalink"])
    wait_until(lambda: dashboard.find_element(f"#{ids.PAGE_TITLE}").text.startswith("County"), message="English page")
    wait_until_idle(dashboard)
    assert "Huanjiang" in dashboard.find_element(f"#{ids.REGION_FILTER}").text
    assert dashboard.driver.find_element(By.CSS_SELECTOR, f"#{ids.LANG_TOGGLE} input[value='en']").is_selected()
    assert set(table_column(dashboard, "region")) == {"Huanjiang Maonan Autonomous County"}
    assert console_errors(dashboard) == []


def test_toolbar_buttons_export_the_chart_with_its_context(dashboard):
    """The chart's own toolbar makes the same self-explanatory image as the buttons beside it."""

    open_view(dashboard, "?region=huanjiang&lang=en")
    graph = ids.INCOME_GROWTH_GRAPH
    selector = f"#{graph} .modebar-btn[data-title='{t('export.svg', 'en')}']"
    titles_js = "return Array.from(document.querySelectorAll(arguments[0])).map(b => b.getAttribute('data-title'));"
    button = wait_until(
        lambda: dashboard.driver.find_elements(By.CSS_SELECTOR, selector),
        timeout=30,
        message=f"the toolbar's SVG button (toolbar: {dashboard.driver.execute_script(titles_js, f'#{graph} .modebar-btn')})",
    )[0]
    assert not dashboard.driver.find_elements(By.CSS_SELECTOR, f"#{graph} .modebar-btn[data-title='Download plot as a png']")
    dashboard.driver.execute_script("arguments[0].click()", button)
    svg = downloaded(dashboard, "income-growth_huanjiang_en.svg").decode("utf-8")
    for expected in ("Huanjiang", "?region=huanjiang", "Science and Technology Daily"):
        assert expected in svg, expected
    png_button = dashboard.driver.find_element(By.CSS_SELECTOR, f"#{graph} .modebar-btn[data-title='{t('export.png', 'en')}']")
    dashboard.driver.execute_script("arguments[0].click()", png_button)
    assert len(top_pixels(downloaded(dashboard, "income-growth_huanjiang_en.png"), 120)) > 10
    assert console_errors(dashboard) == []
