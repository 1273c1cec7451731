"""Two regions from two sources, compared in the page: drawn side by side, named and coloured apart,
and the URL, the table, the provenance panel and the exports follow.

The second region is a fictional county of the tests' own (tests/fixtures/fictional.py),
loaded next to the curated page.
"""

from __future__ import annotations

import csv
import io

import pytest
from selenium.webdriver.common.by import By

from app import create_app
from components.charts.registry import GRAPHS
from components.data.loader import load_dataset
from components.web import ids
from tests.browser.conftest import console_errors, last_click, record_clicks, wait_until, wait_until_idle
from tests.browser.test_export import VIEW_OPTIONS_JS, downloaded
from tests.conftest import figure_catalog, make_config
from tests.fixtures.fictional import PUBLISHER_ZH, write_fictional

FICTIONAL = "fictional_a"

# Per trace of a graph: its name, its line/outline colour, and the region of each fact mark.
TRACES_JS = """
const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
return gd.data.map(t => ({
    name: t.name, showlegend: t.showlegend !== false,
    color: (t.line && t.line.color) || (t.marker && t.marker.line && (Array.isArray(t.marker.line.color) ? t.marker.line.color[0] : t.marker.line.color)) || null,
    facts: (t.customdata || []).map(c => Array.isArray(c) ? c[0] : c).filter(Boolean),
}));
"""


@pytest.fixture
def compared(dash_duo, tmp_path):
    """The dashboard on the curated data plus one fictional county; returns (duo, the loaded data)."""
    data, seeds, _ = write_fictional(tmp_path / "fixture", 1)
    dash_duo.start_server(create_app(make_config(tmp_path, data, seeds)))
    wait_until_idle(dash_duo)
    return dash_duo, load_dataset(data, seeds)


def test_two_regions_are_drawn_named_and_coloured_apart_and_everything_follows(compared):
    duo, dataset = compared
    catalog = figure_catalog(dataset)
    region_of = dict(zip(dataset.facts["fact_id"], dataset.facts["region_id"]))
    duo.driver.get(duo.server_url + "/?region=huanjiang," + FICTIONAL)
    wait_until_idle(duo)

    # The incomes: each region's own lines, in its own colour, named in the legend.
    traces = duo.driver.execute_script(TRACES_JS, ids.INCOME_GROWTH_GRAPH)
    drawn = {}
    for trace in traces:
        regions = {region_of[f] for f in trace["facts"]}
        assert len(regions) <= 1, f"one line mixes regions: {trace['name']}"
        for region in regions:
            drawn.setdefault(region, set()).add(trace["color"])
    assert set(drawn) == {"huanjiang", FICTIONAL}
    assert drawn["huanjiang"] == {catalog.region("huanjiang").color} and drawn[FICTIONAL] == {catalog.region(FICTIONAL).color}
    legend = [trace["name"] for trace in traces if trace["showlegend"]]
    assert catalog.region("huanjiang").short("zh") in legend and catalog.region(FICTIONAL).short("zh") in legend
    # Every themed chart both regions have data for draws both.
    for graph in (ids.FUNDING_TIERS_GRAPH, ids.DIGITALIZATION_GRAPH, ids.AGRICULTURE_GRAPH):
        facts = {f for trace in duo.driver.execute_script(TRACES_JS, graph) for f in trace["facts"]}
        assert FICTIONAL in {region_of[f] for f in facts}, graph

    # The URL holds the view, canonical.
    wait_until(lambda: "region=fictional_a,huanjiang" in duo.driver.current_url, message="the URL to hold both regions")

    # The table holds both regions' facts (every page), its CSV download too.
    duo.find_element(f"#{ids.FACTS_DOWNLOAD_BUTTON}").click()
    rows = list(csv.DictReader(io.StringIO(downloaded(duo, "facts_fictional_a-huanjiang_zh.csv").decode("utf-8-sig"))))
    assert {row["region_id"] for row in rows} == {"huanjiang", FICTIONAL}
    assert len(rows) == int(dataset.facts["region_id"].isin(["huanjiang", FICTIONAL]).sum())

    # A click on the fictional county's bar: the panel shows its fact and its own source.
    record_clicks(duo, ids.AGRICULTURE_GRAPH)
    marks = duo.driver.find_elements(By.CSS_SELECTOR, f"#{ids.AGRICULTURE_GRAPH} .point")
    for mark in marks:
        click_point_on(duo, mark)
        clicked = last_click(duo)
        if clicked and region_of.get(clicked) == FICTIONAL:
            break
    else:
        pytest.fail("no bar of the fictional county to click")
    wait_until(lambda: clicked in (duo.find_element(f"#{ids.PROVENANCE_PANEL} h3").get_attribute("data-fact-id") or ""),
               message="the panel to show the clicked fact")
    panel = duo.find_element(f"#{ids.PROVENANCE_PANEL}").text
    assert PUBLISHER_ZH in panel and f"{FICTIONAL}_news.txt" in panel

    # The exports name both regions: the image file name, and the source line drawn in.
    options = wait_until(lambda: duo.driver.execute_script(VIEW_OPTIONS_JS, ids.INCOME_GROWTH_GRAPH), message="export options")
    assert options["filename"] == "income-growth_fictional-a-huanjiang_zh"
    duo.find_element(f"#{ids.export_button_id(ids.INCOME_GROWTH_GRAPH, 'svg')}").click()
    svg = downloaded(duo, "income-growth_fictional-a-huanjiang_zh.svg").decode("utf-8")
    assert "科技日报" in svg and PUBLISHER_ZH.split("(")[0] in svg and f"{FICTIONAL}_news.txt" in svg
    assert console_errors(duo) == []


def click_point_on(duo, mark):
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(duo.driver).move_to_element(mark).pause(0.2).click().perform()


def test_a_region_without_an_english_name_shows_its_chinese_name_never_its_id(dash_duo, tmp_path):
    """In English, the filter, the charts and the table show 虚构丙县 for the county with no English name."""
    data, seeds, counties = write_fictional(tmp_path / "fixture", 3)
    unnamed = next(c for c in counties if not c.name_en)
    dash_duo.start_server(create_app(make_config(tmp_path, data, seeds)))
    dash_duo.driver.get(dash_duo.server_url + f"/?region={unnamed.region_id}&lang=en")
    wait_until_idle(dash_duo)
    assert unnamed.name_zh in dash_duo.find_element(f"#{ids.REGION_FILTER}").text
    subtitles = [dash_duo.driver.execute_script(
        "const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot'); return gd && gd.layout && gd.layout.title && gd.layout.title.subtitle ? gd.layout.title.subtitle.text : '';", g)
        for g in GRAPHS]
    assert any(unnamed.name_zh in s for s in subtitles)
    assert all(unnamed.region_id not in s for s in subtitles)
    cells = [c.text for c in dash_duo.driver.find_elements(By.CSS_SELECTOR, f"#{ids.FACTS_TABLE} td.cell-region")]
    assert cells and set(cells) == {unnamed.name_zh}
    assert console_errors(dash_duo) == []
