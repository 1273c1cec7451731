"""Keyboard use, accessible names, and a phone-width screen."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from components.web import ids
from components.charts import registry
from tests.browser.conftest import TITLE_JS, console_errors, wait_until, wait_until_idle


def active_id(duo):
    return duo.driver.execute_script("return document.activeElement && document.activeElement.id")


def test_language_toggle_works_from_the_keyboard(dashboard):
    """Tab to the language choice and pick English with the arrow key, as a keyboard user does."""
    zh = dashboard.driver.find_element(By.CSS_SELECTOR, f"#{ids.LANG_TOGGLE} input[value='zh']")
    dashboard.driver.execute_script("arguments[0].focus()", zh)
    zh.send_keys(Keys.ARROW_RIGHT)
    wait_until(lambda: "lang=en" in dashboard.driver.current_url, message="English from the keyboard")
    wait_until(lambda: dashboard.find_element(f"#{ids.PAGE_TITLE}").text.startswith("County"), message="English title")


def test_region_filter_works_from_the_keyboard(dashboard):
    """Focus the filter, open it with Enter, type to search, choose with Enter."""
    trigger = dashboard.find_element(f"#{ids.REGION_FILTER}")
    dashboard.driver.execute_script("arguments[0].focus()", trigger)
    assert active_id(dashboard) == ids.REGION_FILTER
    trigger.send_keys(Keys.ENTER)
    search = wait_until(lambda: dashboard.driver.find_element(By.CSS_SELECTOR, ".dash-dropdown-search"), message="search box")
    wait_until(lambda: dashboard.driver.switch_to.active_element == search, message="focus in the search box")
    search.send_keys("乐清")
    search.send_keys(Keys.ARROW_DOWN)
    dashboard.driver.switch_to.active_element.send_keys(Keys.ENTER)
    wait_until(lambda: "region=yueqing" in dashboard.driver.current_url, message="the keyboard's choice in the URL")


def test_charts_have_accessible_descriptions(dashboard):
    """Each chart's section is described by a text that names what it shows."""
    for graph in registry.GRAPHS:
        section = dashboard.driver.find_element(By.CSS_SELECTOR, f"section[aria-describedby='{ids.description_id(graph)}']")
        assert section.find_element(By.ID, graph)
        description = dashboard.find_element(f"#{ids.description_id(graph)}").text
        assert len(description) > 10, graph
    label = dashboard.driver.find_element(By.CSS_SELECTOR, f"label[for='{ids.REGION_FILTER}']")
    assert label.text


PLOT_WIDTH_JS = "return document.querySelector('#' + arguments[0] + ' .js-plotly-plot')._fullLayout.width;"


def test_phone_width_has_no_sideways_scroll(dashboard):
    """At 375 px every chart fits the screen and the page does not scroll sideways."""
    dashboard.driver.set_window_size(375, 900)
    wait_until_idle(dashboard)
    width = dashboard.driver.execute_script("return document.documentElement.clientWidth")
    wait_until(
        lambda: dashboard.driver.execute_script("return document.documentElement.scrollWidth") <= width,
        message="no horizontal overflow",
    )
    for graph in registry.GRAPHS:
        box = dashboard.driver.execute_script(
            "const r = document.getElementById(arguments[0]).getBoundingClientRect(); return [r.left, r.right];", graph
        )
        assert box[0] >= 0 and box[1] <= width + 1, (graph, box, width)
        assert dashboard.driver.execute_script(TITLE_JS, graph)
        # The drawing itself followed the narrower box (a real resize is never skipped).
        wait_until(
            lambda: dashboard.driver.execute_script(PLOT_WIDTH_JS, graph) <= box[1] - box[0] + 1,
            message=f"{graph} redrawn at the phone's width",
        )
    assert console_errors(dashboard) == []
