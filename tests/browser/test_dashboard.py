"""The dashboard in a real browser: filter, URL, provenance, cross-filter, language, download."""

import csv
import io
import time
from pathlib import Path
from urllib.parse import quote

from selenium.webdriver.common.by import By

from components.web import ids
from components.text import t
from components.data.schema import Fact
from components.data.textmatch import squeeze
from components.charts import registry
from tests.browser.conftest import (
    TITLE_JS,
    click_point,
    collapsed,
    console_errors,
    last_click,
    point_ids,
    record_clicks,
    select_region,
    table_column,
    wait_until,
    wait_until_idle,
)


def test_page_loads_every_chart_with_no_console_errors(dashboard, dataset):
    """All charts are drawn, the table holds facts, and the console stays clean.

    Without @babel/polyfill: Dash's lazily loaded components (graphs, the
    dropdown, the table) need only regeneratorRuntime, and builtins are native.
    """
    assert dashboard.driver.execute_script("return typeof window.regeneratorRuntime.wrap") == "function"
    assert dashboard.driver.execute_script("return String.prototype.trim.toString().includes('[native code]')")
    for graph in registry.GRAPHS:
        assert dashboard.driver.execute_script(TITLE_JS, graph), f"{graph} has no title"
    assert set(point_ids(dashboard, ids.FUNDING_TIERS_GRAPH)) & set(dataset.facts[Fact.FACT_ID])
    assert len(table_column(dashboard, "region")) > 0
    assert console_errors(dashboard) == []


def test_choosing_a_region_updates_every_chart_the_table_and_the_url(dashboard, dataset):
    select_region(dashboard, "环江毛南族自治县")
    wait_until(lambda: "region=huanjiang" in dashboard.driver.current_url, message="the URL to hold the filter")
    wait_until_idle(dashboard)
    huanjiang = set(dataset.facts.loc[dataset.facts[Fact.REGION_ID] == "huanjiang", Fact.FACT_ID])
    every = set(dataset.facts[Fact.FACT_ID])
    income = set(point_ids(dashboard, ids.INCOME_GROWTH_GRAPH)) & every
    assert income and income <= huanjiang
    # Zhangjiagang's and Jiangxi's charts close to one line that names them
    # and says so, instead of drawing empty axes.
    for graph, title in ((ids.FUNDING_TIERS_GRAPH, "funding.title"), (ids.DIGITALIZATION_GRAPH, "digi.title")):
        assert collapsed(dashboard, graph)
        line = dashboard.find_element(f"#{ids.description_id(graph)}").text
        assert t(title, "zh") in line and t("chart.no_data", "zh") in line
    assert not collapsed(dashboard, ids.INCOME_GROWTH_GRAPH)
    assert set(table_column(dashboard, "region")) == {"环江毛南族自治县"}
    assert console_errors(dashboard) == []


# Count each graph's draws (plotly_afterplot) from now on, and keep what
# plotly.js logs (its warnings go to console.trace or console.log).
COUNT_DRAWS_JS = """
window.__logged = [];
for (const name of ['trace', 'log', 'warn']) {
    const original = console[name];
    console[name] = function () { window.__logged.push(Array.from(arguments).join(' ')); return original.apply(console, arguments); };
}
window.__draws = {};
for (const id of arguments[0]) {
    window.__draws[id] = 0;
    document.querySelector('#' + id + ' .js-plotly-plot').on('plotly_afterplot', () => { window.__draws[id] += 1; });
}
"""


def test_a_view_change_draws_only_the_charts_whose_content_changed(dashboard):
    """All regions -> Huanjiang -> all regions, counting every chart's draws.

    To Huanjiang: the overview draws once, and the explorer, whose automatic
    indicator follows the view; Huanjiang's own charts are already right and
    stay; the charts without Huanjiang data close without drawing. Back to
    all regions: those two draw once more, and the closed charts open as they
    were, since they kept the figure of that view. Once, not twice: a chart
    whose height changes is not drawn again by its resize observer
    (assets/plotly-resize.js).
    """
    graphs = list(registry.GRAPHS)
    changing = (ids.OVERVIEW_GRAPH, ids.INDICATOR_GRAPH)
    others = [g for g in graphs if g not in changing]
    titles = {g: dashboard.driver.execute_script(TITLE_JS, g) for g in graphs}
    dashboard.driver.execute_script(COUNT_DRAWS_JS, graphs)
    select_region(dashboard, "环江毛南族自治县")
    wait_until(lambda: "region=huanjiang" in dashboard.driver.current_url, message="the URL to hold the filter")
    wait_until_idle(dashboard)
    time.sleep(1.0)  # a resize redraw would come ~100 ms after the first draw
    assert dashboard.driver.execute_script("return window.__draws") == {g: int(g in changing) for g in graphs}
    # Drawn with the view: the charts near the viewport (the overview at the
    # top); the rest of `changing` when idle (counted in __draws above).
    redrawn = set(dashboard.driver.execute_script("return window.dashboardCharts.redrawn"))
    assert ids.OVERVIEW_GRAPH in redrawn and redrawn <= set(changing)
    closed = {ids.FUNDING_TIERS_GRAPH, ids.DIGITALIZATION_GRAPH, ids.INNOVATION_POINTS_GRAPH, ids.CLUSTERS_GRAPH}
    assert {g for g in graphs if collapsed(dashboard, g)} == closed

    dashboard.find_element(f"#{ids.REGION_FILTER} .dash-dropdown-clear").click()
    wait_until(lambda: "region=" not in dashboard.driver.current_url, message="all regions in the URL")
    wait_until_idle(dashboard)
    time.sleep(1.0)
    assert dashboard.driver.execute_script("return window.__draws") == {g: 2 * int(g in changing) for g in graphs}
    assert not any(collapsed(dashboard, g) for g in graphs)
    assert {g: dashboard.driver.execute_script(TITLE_JS, g) for g in others} == {g: titles[g] for g in others}
    # Open again at full size: the figure fills its box.
    for graph in others:
        size = dashboard.driver.execute_script(
            "const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');"
            "return [gd.clientHeight, gd._fullLayout.height, gd.getBoundingClientRect().height];",
            graph,
        )
        assert size[0] == size[1] == size[2] > 200, (graph, size)
    # No plotly.js warning either: each one costs a stack trace per trace and draw.
    assert dashboard.driver.execute_script("return window.__logged") == []
    assert console_errors(dashboard) == []


def test_a_permalink_restores_the_view(dashboard):
    dashboard.driver.get(dashboard.server_url + "/?region=jiangxi&lang=en")
    wait_until(lambda: dashboard.find_element(f"#{ids.PAGE_TITLE}").text.startswith("County"), message="English title")
    wait_until_idle(dashboard)
    assert "Jiangxi" in dashboard.find_element(f"#{ids.REGION_FILTER}").text
    checked = dashboard.driver.find_element(By.CSS_SELECTOR, f"#{ids.LANG_TOGGLE} input[value='en']")
    assert checked.is_selected()
    assert set(table_column(dashboard, "region")) == {"Jiangxi"}
    assert "region=jiangxi" in dashboard.driver.current_url and "lang=en" in dashboard.driver.current_url


def test_a_bad_permalink_falls_back_with_a_notice(dashboard):
    """Markup in the URL is shown as text in the notice and never runs."""
    payload = "<img src=x onerror=window.__injected=1><script>window.__injected=2</script>"
    dashboard.driver.get(dashboard.server_url + "/?region=" + quote(payload) + "&lang=xx")
    notice = wait_until(lambda: dashboard.find_element(f"#{ids.NOTICE}").text, message="a notice")
    assert "<img" in notice  # shown as text
    wait_until_idle(dashboard)
    assert dashboard.driver.execute_script("return window.__injected === undefined")
    assert dashboard.driver.find_elements(By.CSS_SELECTOR, "img[src='x']") == []
    assert dashboard.find_element(f"#{ids.PAGE_TITLE}").text == "县域创新与乡村振兴数据看板"
    # It stays once the charts are drawn, and goes with the user's next change.
    assert dashboard.find_element(f"#{ids.NOTICE}").text == notice
    assert dashboard.driver.current_url == dashboard.server_url + "/"
    select_region(dashboard, "江西省")
    wait_until(lambda: "region=jiangxi" in dashboard.driver.current_url, message="the filter in the URL")
    wait_until(lambda: dashboard.find_element(f"#{ids.NOTICE}").text == "", message="the notice to go")
    assert console_errors(dashboard) == []


def test_back_button_restores_the_previous_filter(dashboard, dataset):
    select_region(dashboard, "江西省")
    wait_until(lambda: "region=jiangxi" in dashboard.driver.current_url, message="the filter in the URL")
    wait_until_idle(dashboard)
    assert collapsed(dashboard, ids.FUNDING_TIERS_GRAPH)
    dashboard.driver.back()
    wait_until(lambda: "region=" not in dashboard.driver.current_url, message="the URL to go back")
    zhangjiagang = set(dataset.facts.loc[dataset.facts[Fact.REGION_ID] == "zhangjiagang", Fact.FACT_ID])
    wait_until(lambda: not collapsed(dashboard, ids.FUNDING_TIERS_GRAPH), message="all regions again")
    assert set(point_ids(dashboard, ids.FUNDING_TIERS_GRAPH)) & zhangjiagang
    wait_until_idle(dashboard)
    assert dashboard.find_element(f"#{ids.REGION_FILTER}").text == "全部地区"


def test_clicking_a_bar_shows_its_source_sentence(dashboard, dataset):
    record_clicks(dashboard, ids.FUNDING_TIERS_GRAPH)
    click_point(dashboard, ids.FUNDING_TIERS_GRAPH, ".bars .point path")
    fact_id = wait_until(lambda: last_click(dashboard), message="a plotly click")
    panel = wait_until(
        lambda: dashboard.driver.find_element(By.CSS_SELECTOR, f"#{ids.PROVENANCE_PANEL} [data-fact-id]"),
        message="the provenance panel to fill",
    )
    assert panel.get_attribute("data-fact-id") == fact_id
    fact = dataset.facts.set_index(Fact.FACT_ID).loc[fact_id]
    mark = dashboard.find_element(f"#{ids.PROVENANCE_PANEL} mark").text
    assert squeeze(mark) == squeeze(fact[Fact.SOURCE_QUOTE])
    assert fact[Fact.SOURCE_FILE] in dashboard.find_element(f"#{ids.PROVENANCE_PANEL}").text
    assert console_errors(dashboard) == []


def test_clicking_a_region_in_the_overview_filters_the_others(dashboard, dataset):
    record_clicks(dashboard, ids.OVERVIEW_GRAPH)
    click_point(dashboard, ids.OVERVIEW_GRAPH, ".barlayer .point")
    region = wait_until(lambda: last_click(dashboard), message="a click on the overview")
    wait_until(lambda: f"region={region}" in dashboard.driver.current_url, message="the URL to take the region")
    wait_until_idle(dashboard)
    name = dataset.regions.set_index("region_id").loc[region, "name_zh"]
    assert set(table_column(dashboard, "region")) == {name}
    assert name in dashboard.find_element(f"#{ids.REGION_FILTER}").text


def test_language_toggle_switches_labels(dashboard):
    zh_title = dashboard.driver.execute_script(TITLE_JS, ids.FUNDING_TIERS_GRAPH)
    dashboard.driver.find_element(By.CSS_SELECTOR, f"#{ids.LANG_TOGGLE} input[value='en']").click()
    wait_until(lambda: "lang=en" in dashboard.driver.current_url, message="lang in the URL")
    wait_until(lambda: dashboard.driver.execute_script(TITLE_JS, ids.FUNDING_TIERS_GRAPH) != zh_title, message="chart titles to change")
    wait_until_idle(dashboard)
    en_title = dashboard.driver.execute_script(TITLE_JS, ids.FUNDING_TIERS_GRAPH)
    assert en_title.isascii() and not zh_title.isascii()
    assert dashboard.find_element(f"#{ids.PAGE_TITLE}").text == "County innovation and rural revitalisation dashboard"
    assert dashboard.driver.find_element(By.ID, ids.PAGE_ROOT).get_attribute("lang") == "en"


def test_table_csv_download_matches_the_filter(dashboard, dataset):
    select_region(dashboard, "江西省")
    wait_until(lambda: "region=jiangxi" in dashboard.driver.current_url, message="the filter")
    wait_until_idle(dashboard)
    dashboard.find_element(f"#{ids.FACTS_DOWNLOAD_BUTTON}").click()
    target = Path(dashboard.download_path) / "facts_jiangxi_zh.csv"
    wait_until(lambda: target.exists() and target.stat().st_size > 0, message="the CSV download")
    time.sleep(0.2)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    expected = dataset.facts[dataset.facts[Fact.REGION_ID] == "jiangxi"]
    assert sorted(r["fact_id"] for r in rows) == sorted(expected[Fact.FACT_ID])
    assert {r["region_id"] for r in rows} == {"jiangxi"}
