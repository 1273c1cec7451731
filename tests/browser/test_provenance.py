"""The provenance panel in the browser: a derived value's inputs are links, and on a phone the panel is a sheet where the tap was."""

from __future__ import annotations

from selenium.webdriver.common.by import By

from components.data.loader import formula_refs
from components.data.schema import Fact
from components.web import ids
from tests.browser.conftest import click_point, console_errors, last_click, record_clicks, wait_until, wait_until_idle

PANEL_FACT_JS = f"const h = document.querySelector('#{ids.PROVENANCE_PANEL} h3'); return h ? h.getAttribute('data-fact-id') : null;"
SELECT_JS = "window.dash_clientside.set_props(arguments[0], {data: {kind: 'fact', id: arguments[1]}});"
SHEET_JS = f"""
const panel = document.getElementById('{ids.PROVENANCE_PANEL}');
const r = panel.getBoundingClientRect();
return {{open: panel.dataset.sheet === 'open', top: r.top, bottom: r.bottom, height: window.innerHeight,
         scroll: window.scrollY, position: getComputedStyle(panel).position}};
"""


def test_a_derived_value_s_inputs_open_their_own_provenance(dashboard, dataset):
    derived = dataset.facts[dataset.facts[Fact.DERIVED]].iloc[0]
    dashboard.driver.execute_script(SELECT_JS, ids.PROVENANCE_STORE, derived[Fact.FACT_ID])
    wait_until(lambda: dashboard.driver.execute_script(PANEL_FACT_JS) == derived[Fact.FACT_ID], message="the derived fact's panel")
    inputs = dashboard.driver.find_elements(By.CSS_SELECTOR, f"#{ids.PROVENANCE_PANEL} .formula-input")
    assert [b.get_attribute("data-fact-id") for b in inputs] == formula_refs(derived[Fact.FORMULA])
    first = inputs[0].get_attribute("data-fact-id")
    inputs[0].click()
    wait_until(lambda: dashboard.driver.execute_script(PANEL_FACT_JS) == first, message="the input's own panel")
    quote = dataset.facts.set_index(Fact.FACT_ID).loc[first, Fact.SOURCE_QUOTE]
    assert dashboard.find_element(f"#{ids.PROVENANCE_PANEL} mark").text.replace("\n", "") == quote.replace("\n", "")
    assert console_errors(dashboard) == []


def test_on_a_phone_a_tap_opens_a_sheet_where_the_tap_was_and_back_returns_to_the_chart(dashboard):
    dashboard.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 375, "height": 812, "deviceScaleFactor": 1, "mobile": True})
    try:
        wait_until_idle(dashboard)
        record_clicks(dashboard, ids.FUNDING_TIERS_GRAPH)
        click_point(dashboard, ids.FUNDING_TIERS_GRAPH, ".bars .point path")  # scrolls the bar into view, then taps
        before = dashboard.driver.execute_script("return window.scrollY;")
        fact_id = wait_until(lambda: last_click(dashboard), message="a plotly click")
        wait_until(lambda: dashboard.driver.execute_script(PANEL_FACT_JS) == fact_id, message="the panel to fill")
        sheet = wait_until(lambda: (s := dashboard.driver.execute_script(SHEET_JS))["open"] and s, message="the sheet to open")
        # Over the page where the tap was: fixed, on screen, the page not scrolled away.
        assert sheet["position"] == "fixed"
        assert 0 <= sheet["top"] < sheet["bottom"] <= sheet["height"] + 1
        assert abs(sheet["scroll"] - before) < 5
        back = dashboard.find_element(f"#{ids.PROVENANCE_PANEL} .sheet-back")
        assert back.is_displayed()
        back.click()
        closed = wait_until(lambda: not (s := dashboard.driver.execute_script(SHEET_JS))["open"] and s, message="the sheet to close")
        assert closed["position"] != "fixed"
        assert abs(closed["scroll"] - before) < 5
        assert dashboard.driver.execute_script(
            "return document.getElementById(arguments[0]).contains(document.activeElement);", ids.FUNDING_TIERS_GRAPH
        ), "focus back on the chart"
    finally:
        dashboard.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert console_errors(dashboard) == []


def test_on_a_wide_screen_the_panel_stays_beside_the_charts(dashboard):
    dashboard.driver.set_window_size(1280, 900)
    wait_until_idle(dashboard)
    record_clicks(dashboard, ids.FUNDING_TIERS_GRAPH)
    click_point(dashboard, ids.FUNDING_TIERS_GRAPH, ".bars .point path")
    fact_id = wait_until(lambda: last_click(dashboard), message="a plotly click")
    wait_until(lambda: dashboard.driver.execute_script(PANEL_FACT_JS) == fact_id, message="the panel to fill")
    sheet = dashboard.driver.execute_script(SHEET_JS)
    assert not sheet["open"] and sheet["position"] == "sticky"
    assert not dashboard.find_element(f"#{ids.PROVENANCE_PANEL} .sheet-back").is_displayed()
