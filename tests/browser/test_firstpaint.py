"""The first paint in a real browser: read before any script, live on the first touch, charts drawn as they come near."""

from __future__ import annotations

import time

import pytest

from components.charts import registry
from components.web import ids
from components.web.firstpaint import FIRST_PAINT_ID
from tests.browser.conftest import DRAWN_JS, LIVE_JS, console_errors, point_ids, wait_until, wait_until_idle
from tests.conftest import make_config

PHONE = {"width": 375, "height": 812, "deviceScaleFactor": 1, "mobile": True}
SHIFTS_JS = """
window.__shift = 0;
new PerformanceObserver(l => { for (const e of l.getEntries()) { if (!e.hadRecentInput) { window.__shift += e.value; } } })
  .observe({type: 'layout-shift', buffered: true});
"""


@pytest.fixture
def served(dash_duo, tmp_path):
    """The dashboard served, no page loaded yet by the test."""
    from app import create_app

    dash_duo.start_server(create_app(make_config(tmp_path)))
    return dash_duo


def phone(duo, url=""):
    duo.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    duo.driver.get(duo.server_url + url)


def test_a_phone_shows_the_first_paint_and_starts_on_the_first_scroll(served):
    phone(served)
    paint = wait_until(lambda: served.driver.find_element("id", FIRST_PAINT_ID), message="the first paint")
    assert "县域创新" in paint.text and "共 " in paint.text  # title and the table's status line
    # Nothing of Dash runs until the reader does something.
    time.sleep(2)
    assert served.driver.execute_script("return typeof window.DashRenderer") == "undefined"
    assert not served.driver.execute_script(LIVE_JS)
    served.driver.execute_script("window.scrollBy(0, 40)")
    wait_until(lambda: served.driver.execute_script(LIVE_JS), timeout=30, message="the live page in place of the first paint")
    first = registry.GRAPHS[0]
    wait_until(lambda: served.driver.execute_script(DRAWN_JS, first), message="the first chart drawn live")
    assert console_errors(served) == []


def test_a_chart_below_the_fold_is_drawn_once_scrolled_to(served):
    phone(served)
    wait_until(lambda: served.driver.find_element("id", FIRST_PAINT_ID), message="the first paint")
    served.driver.execute_script("window.scrollBy(0, 1)")
    wait_until(lambda: served.driver.execute_script(LIVE_JS), timeout=30, message="the live page")
    last = registry.GRAPHS[-1]  # the explorer, at the foot of the charts
    wait_until(lambda: served.driver.execute_script(DRAWN_JS, registry.GRAPHS[0]), message="the first chart")
    time.sleep(1)
    assert not served.driver.execute_script(DRAWN_JS, last), "a chart screens away is not drawn yet"
    served.driver.execute_script("document.getElementById(arguments[0]).scrollIntoView()", ids.chart_body_id(last))
    wait_until(lambda: served.driver.execute_script(DRAWN_JS, last), message="the chart drawn once scrolled to")
    assert point_ids(served, last)
    # Its height was taken before it was drawn: what was in view did not move.
    assert console_errors(served) == []


def test_on_a_wide_screen_the_live_page_takes_the_first_paints_place_without_a_shift(served):
    served.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": SHIFTS_JS})
    served.driver.set_window_size(1280, 1000)
    served.driver.get(served.server_url + "/?region=huanjiang")
    wait_until(lambda: served.driver.execute_script(LIVE_JS), timeout=30, message="the live page")
    wait_until_idle(served)
    # Every chart drawn without scrolling: wide screens draw the rest when idle.
    for graph in registry.GRAPHS:
        if not served.driver.execute_script(f"return document.getElementById('{ids.chart_body_id(graph)}').classList.contains('is-empty')"):
            wait_until(lambda: served.driver.execute_script(DRAWN_JS, graph), message=f"{graph} drawn")
    assert served.driver.execute_script("return window.__shift") < 0.05
    assert console_errors(served) == []
