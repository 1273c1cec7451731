"""Browser-tier fixtures and helpers: a fresh app per test, served to headless Chromium."""

from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from components.web import ids
from components.web.settings import EMPTY_CLASS
from components.charts import registry
from tests.conftest import make_config

# JavaScript: the first customdata element of every point of a graph.
POINT_IDS_JS = """
const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
if (!gd || !gd.data) { return null; }
return gd.data.flatMap(t => (t.customdata || []).map(c => Array.isArray(c) ? c[0] : c));
"""
TITLE_JS = """
const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
return gd && gd.layout && gd.layout.title ? gd.layout.title.text : null;
"""
ANNOTATIONS_JS = """
const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
return gd && gd.layout ? (gd.layout.annotations || []).map(a => a.text) : [];
"""
LOADING_JS = "return document.querySelectorAll('[data-dash-is-loading=\"true\"]').length;"
# A chart the view has no data for: its box closed to the line that says so.
COLLAPSED_JS = """
const body = document.getElementById(arguments[0]);
return body.classList.contains(arguments[1]) && body.getBoundingClientRect().height === 0
    && getComputedStyle(body).visibility === 'hidden';
"""


@pytest.fixture
def dashboard(dash_duo, tmp_path):
    """The dashboard served by dash_duo; returns the driver wrapper."""
    from app import create_app

    app = create_app(make_config(tmp_path))
    dash_duo.start_server(app)
    wait_until_idle(dash_duo)
    return dash_duo


def wait_until(predicate, timeout=15, message="condition"):
    end = time.time() + timeout
    last = None
    while time.time() < end:
        try:
            last = predicate()
            if last:
                return last
        except Exception as exc:  # the DOM can change under a query; retry
            last = exc
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {message} (last: {last!r})")


def wait_until_idle(duo, timeout=20):
    """Every chart drawn, the table filled, and no callback in flight."""

    def ready():
        drawn = all(duo.driver.execute_script(TITLE_JS, g) is not None or point_ids(duo, g) is not None for g in registry.GRAPHS)
        rows = duo.driver.find_elements(By.CSS_SELECTOR, f"#{ids.FACTS_TABLE} td")
        return drawn and rows and duo.driver.execute_script(LOADING_JS) == 0

    wait_until(ready, timeout, "the dashboard to render")
    time.sleep(0.3)  # let a chained callback start, then make sure it ended
    wait_until(lambda: duo.driver.execute_script(LOADING_JS) == 0, timeout, "callbacks to finish")


LIVE_JS = "return !document.getElementById('first-paint') && !document.querySelector('.is-booting');"
DRAWN_JS = "const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot'); return !!(gd && gd.data && gd.data.length);"


def read_through(duo, timeout=30):
    """What a reader on a narrow screen does: the first scroll starts the live page
    (assets/boot.js), then every chart is scrolled to, which draws it (assets/charts.js)."""
    duo.driver.execute_script("window.scrollBy(0, 1)")
    wait_until(lambda: duo.driver.execute_script(LIVE_JS), timeout, "the live page")
    for graph in registry.GRAPHS:
        duo.driver.execute_script("document.getElementById(arguments[0]).scrollIntoView({block: 'center'})", ids.chart_body_id(graph))
        wait_until(lambda: collapsed(duo, graph) or duo.driver.execute_script(DRAWN_JS, graph), timeout, f"{graph} drawn")
    duo.driver.execute_script("window.scrollTo(0, 0)")


def collapsed(duo, graph_id) -> bool:
    return duo.driver.execute_script(COLLAPSED_JS, ids.chart_body_id(graph_id), EMPTY_CLASS)


def point_ids(duo, graph_id):
    return duo.driver.execute_script(POINT_IDS_JS, graph_id)


def table_column(duo, column_id):
    """Texts of one column on the table's current page."""
    cells = duo.driver.find_elements(By.CSS_SELECTOR, f"#{ids.FACTS_TABLE} td.cell-{column_id}, #{ids.FACTS_TABLE} td:has(.fact-link)" if column_id == "indicator" else f"#{ids.FACTS_TABLE} td.cell-{column_id}")
    return [c.text for c in cells]


def record_clicks(duo, graph_id):
    """Remember the first customdata element of the next plotly_click on a graph."""
    duo.driver.execute_script(
        """
        window.__lastClick = null;
        const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
        gd.on('plotly_click', e => {
            const c = e.points[0].customdata;
            window.__lastClick = Array.isArray(c) ? c[0] : c;
        });
        """,
        graph_id,
    )


def last_click(duo):
    return duo.driver.execute_script("return window.__lastClick;")


def select_region(duo, label):
    """Open the region dropdown, search for the label, pick it, close it."""
    duo.find_element(f"#{ids.REGION_FILTER}").click()
    search = wait_until(lambda: duo.driver.find_element(By.CSS_SELECTOR, ".dash-dropdown-search"), message="dropdown search")
    search.send_keys(label)
    option = wait_until(
        lambda: next(
            (o for o in duo.driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option") if o.text.strip() == label),
            None,
        ),
        message=f"option {label}",
    )
    option.click()
    search.send_keys(Keys.ESCAPE)


# The centre of a mark's part inside the plot area, in viewport pixels: a bar
# on a log axis starts far left of the plot (its base is near zero), clipped.
VISIBLE_CENTRE_JS = """
arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});
const r = arguments[0].getBoundingClientRect();
const gd = arguments[0].closest('.js-plotly-plot');
const area = (gd.querySelector('.nsewdrag') || gd).getBoundingClientRect();
const left = Math.max(r.left, area.left, 0), right = Math.min(r.right, area.right, window.innerWidth);
const top = Math.max(r.top, area.top, 0), bottom = Math.min(r.bottom, area.bottom, window.innerHeight);
return [Math.round((left + right) / 2), Math.round((top + bottom) / 2)];
"""


def click_point(duo, graph_id, selector=".point"):
    """Move the mouse onto the first mark of a graph (its part in the plot) and click, as a user does."""
    mark = wait_until(
        lambda: duo.driver.find_elements(By.CSS_SELECTOR, f"#{graph_id} {selector}"), message=f"marks in {graph_id}"
    )[0]
    x, y = duo.driver.execute_script(VISIBLE_CENTRE_JS, mark)
    actions = ActionBuilder(duo.driver)
    actions.pointer_action.move_to_location(x, y).pause(0.2).click()
    actions.perform()
    return mark


def console_errors(duo):
    return [entry for entry in duo.get_logs() if entry.get("level") == "SEVERE"]
