"""What follows the charts: the table, the export data and the URL update once a view's charts are drawn.

They read the view the charts show (charts-settled), so fast changes, bad
values set into the filter and a chart callback that fails all leave the
page consistent.
"""

from __future__ import annotations

import time

from selenium.webdriver.common.by import By

from components.services import charts as chart_service
from components.web import ids
from components.text import t
from components.charts import registry
from tests.browser.conftest import collapsed, console_errors, table_column, wait_until, wait_until_idle

SET_FILTER_JS = "arguments[0].forEach(value => window.dash_clientside.set_props(arguments[1], {value: value}));"


def set_filter(duo, *values) -> None:
    """Set the region filter to each value in turn, in one go, as a script (or a fast hand) would."""
    duo.driver.execute_script(SET_FILTER_JS, list(values), ids.REGION_FILTER)


def test_fast_changes_end_with_the_last_view_everywhere(dashboard):
    """Three changes in a row: the charts, table, URL and export names all end on the last one."""
    set_filter(dashboard, ["huanjiang"], ["zhangjiagang"], ["jiangxi", "yueqing"])
    wait_until(lambda: "region=jiangxi,yueqing" in dashboard.driver.current_url, message="the last view in the URL")
    wait_until_idle(dashboard)
    assert set(table_column(dashboard, "region")) <= {"江西省", "乐清市"}
    assert not collapsed(dashboard, ids.DIGITALIZATION_GRAPH) and collapsed(dashboard, ids.FUNDING_TIERS_GRAPH)
    names = dashboard.driver.execute_script("return window.dashboardExport.view.options[arguments[0]].filename", ids.DIGITALIZATION_GRAPH)
    assert names == "digitalization_jiangxi-yueqing_zh"
    # The same view in another order: nothing to redraw, the page stays as it is.
    applied = dashboard.driver.execute_script("return window.dashboardCharts.applied")
    set_filter(dashboard, ["yueqing", "jiangxi"])
    wait_until(lambda: dashboard.driver.execute_script("return window.dashboardCharts.applied") > applied, message="the view applied")
    wait_until_idle(dashboard)
    assert dashboard.driver.execute_script("return window.dashboardCharts.redrawn") == []
    assert "region=jiangxi,yueqing" in dashboard.driver.current_url
    assert set(table_column(dashboard, "region")) <= {"江西省", "乐清市"}
    assert console_errors(dashboard) == []


def test_bad_values_set_into_the_filter_and_language_are_corrected(dashboard):
    """Junk in the filter is dropped (the dropdown keeps only its options); a bad language goes back, with a notice that stays."""
    set_filter(dashboard, ["jiangxi", 7, "atlantis"])
    wait_until(lambda: "region=jiangxi" in dashboard.driver.current_url, message="the kept region in the URL")
    wait_until_idle(dashboard)
    shown = dashboard.find_element(f"#{ids.REGION_FILTER}").text
    assert "江西省" in shown and "atlantis" not in shown
    assert set(table_column(dashboard, "region")) == {"江西省"}

    dashboard.driver.execute_script("window.dash_clientside.set_props(arguments[0], {value: 'xx'})", ids.LANG_TOGGLE)
    notice = wait_until(lambda: dashboard.find_element(f"#{ids.NOTICE}").text, message="a notice")
    assert notice == t("notice.bad_input", "zh")
    checked = dashboard.driver.find_element(By.CSS_SELECTOR, f"#{ids.LANG_TOGGLE} input[value='zh']")
    wait_until(checked.is_selected, message="the language back to Chinese")
    wait_until_idle(dashboard)
    time.sleep(0.5)  # the corrected value's charts settle too: the notice stays
    assert dashboard.find_element(f"#{ids.NOTICE}").text == notice
    assert dashboard.driver.current_url.endswith("/?region=jiangxi")
    assert console_errors(dashboard) == []


def test_a_failed_chart_callback_says_so_and_the_rest_follows_the_filter(dashboard, monkeypatch):
    """The server cannot build the view: each chart says so, and the table and URL still follow the filter."""

    def broken(*args, **kwargs):
        raise RuntimeError("the figures could not be built")

    # A pair of regions: single regions may already be answered from the warm cache.
    monkeypatch.setattr(chart_service, "chart_outputs", broken)
    set_filter(dashboard, ["huanjiang", "zhangjiagang"])
    wait_until(lambda: "region=huanjiang,zhangjiagang" in dashboard.driver.current_url, message="the URL to follow")
    wait_until_idle(dashboard)
    failed = t("chart.failed", "zh")
    for graph in registry.GRAPHS:
        assert collapsed(dashboard, graph), graph
        assert failed in dashboard.find_element(f"#{ids.description_id(graph)}").text
    assert set(table_column(dashboard, "region")) <= {"环江毛南族自治县", "张家港市"}
    # Fixed: the same view is built afresh (the failure was not cached).
    monkeypatch.undo()
    set_filter(dashboard, [], ["huanjiang", "zhangjiagang"])
    wait_until(lambda: not collapsed(dashboard, ids.FUNDING_TIERS_GRAPH), message="the charts back")
    wait_until_idle(dashboard)
    assert not collapsed(dashboard, ids.INCOME_GROWTH_GRAPH)
    assert failed not in dashboard.find_element(f"#{ids.description_id(ids.FUNDING_TIERS_GRAPH)}").text
    # The failure is answered as data (on_error), not as an HTTP error: no console error.
    assert console_errors(dashboard) == []
