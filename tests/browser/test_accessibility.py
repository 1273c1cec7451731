"""Keyboard use, accessible names, and a phone-width screen."""

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from components.text import t
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


# What has the focus: the table's? a toolbar button of plotly's?
FOCUS_JS = f"""
const e = document.activeElement;
return {{id: e.id, tag: e.tagName, inTable: !!e.closest('#{ids.FACTS_TABLE}'), modebar: !!e.closest('.modebar'),
         factLink: e.classList.contains('fact-link'), top: e.getBoundingClientRect().top, height: e.getBoundingClientRect().height}};
"""
# Under the Tab stops before the table: once ~70 (five plotly toolbar
# buttons and two export buttons per chart); now one per control and per chart.
MAX_TAB_STOPS_BEFORE_TABLE = 25


def press(duo, *keys):
    ActionChains(duo.driver).send_keys(*keys).perform()


def focus(duo):
    return duo.driver.execute_script(FOCUS_JS)


def tabs_until(duo, reached, limit=120):
    """Press Tab until ``reached(focus)``; the stops on the way (the last one included)."""
    stops = []
    for _ in range(limit):
        press(duo, Keys.TAB)
        stops.append(focus(duo))
        if reached(stops[-1]):
            return stops
    raise AssertionError(f"not reached in {limit} Tab presses: {stops}")


def test_few_tab_stops_lead_to_the_table_and_none_is_a_plotly_toolbar_button(dashboard):
    """From the top of the page, Tab by Tab: the skip link first (shown on focus), then each control and chart once, then the table."""
    dashboard.driver.set_window_size(1280, 900)
    wait_until_idle(dashboard)
    first = tabs_until(dashboard, lambda f: True)[0]
    assert first["id"] == ids.SKIP_LINK
    assert first["top"] >= 0 and first["height"] > 0, "the skip link is shown when focused"
    stops = [first] + tabs_until(dashboard, lambda f: f["inTable"])
    assert len(stops) - 1 <= MAX_TAB_STOPS_BEFORE_TABLE, [s["id"] or s["tag"] for s in stops]
    assert not any(s["modebar"] for s in stops)
    # Each chart's PNG and SVG buttons are one stop: its PNG button.
    exports = [s["id"] for s in stops if "-export-" in s["id"]]
    assert exports == [ids.export_button_id(g, "png") for g in registry.GRAPHS]
    buttons = dashboard.driver.find_elements(By.CSS_SELECTOR, ".modebar-btn")
    assert buttons and all(b.get_attribute("tabindex") == "-1" for b in buttons)
    assert console_errors(dashboard) == []


def test_the_skip_link_leads_to_the_table_s_numbers(dashboard):
    """Tab, Enter on "跳到数据表": a few Tabs more reach the first row's fact button, and Enter opens its provenance."""
    press(dashboard, Keys.TAB)
    assert active_id(dashboard) == ids.SKIP_LINK
    assert dashboard.driver.switch_to.active_element.text == t("page.skip", "zh")
    press(dashboard, Keys.ENTER)
    wait_until(lambda: active_id(dashboard) == ids.TABLE_TITLE, message="focus on the table's heading")
    stops = tabs_until(dashboard, lambda f: f["factLink"], limit=12)
    assert len(stops) <= 10, stops
    fact_id = dashboard.driver.switch_to.active_element.get_attribute("data-fact-id")
    press(dashboard, Keys.ENTER)
    wait_until(lambda: dashboard.find_element(f"#{ids.PROVENANCE_PANEL} h3").get_attribute("data-fact-id") == fact_id,
               message="the panel to show the row's fact")
    assert console_errors(dashboard) == []


def test_sort_headers_are_buttons_that_sort_with_enter(dashboard):
    """A header's sort button takes the focus and sorts with Enter: ascending, then (Enter again) descending."""
    selector = f"#{ids.FACTS_TABLE} button[data-sort-column='value']"
    header = dashboard.find_element(selector)
    assert header.tag_name == "button" and header.get_attribute("type") == "button"
    dashboard.driver.execute_script("arguments[0].focus()", header)
    assert dashboard.driver.switch_to.active_element == header
    header.send_keys(Keys.ENTER)
    wait_until(lambda: "sort=value.asc" in dashboard.driver.current_url, message="ascending")
    assert dashboard.find_element(f"#{ids.FACTS_TABLE} th[aria-sort]").get_attribute("aria-sort") == "ascending"
    wait_until_idle(dashboard)
    header = dashboard.find_element(selector)
    dashboard.driver.execute_script("arguments[0].focus()", header)
    header.send_keys(Keys.ENTER)
    wait_until(lambda: "sort=value.desc" in dashboard.driver.current_url, message="descending")
    assert dashboard.find_element(f"#{ids.FACTS_TABLE} th[aria-sort]").get_attribute("aria-sort") == "descending"
    assert console_errors(dashboard) == []


def test_a_chart_s_export_buttons_are_one_toolbar_named_in_the_page_s_language(dashboard):
    """PNG is the toolbar's Tab stop, the arrow keys reach SVG; names and titles switch with the language."""
    graph = ids.FUNDING_TIERS_GRAPH
    toolbar = dashboard.find_element(f"#{ids.export_toolbar_id(graph)}")
    assert toolbar.get_attribute("role") == "toolbar"
    png, svg = (dashboard.find_element(f"#{ids.export_button_id(graph, fmt)}") for fmt in ids.EXPORT_FORMATS)
    dashboard.driver.execute_script("arguments[0].focus()", png)
    press(dashboard, Keys.ARROW_RIGHT)
    assert dashboard.driver.switch_to.active_element == svg
    assert svg.get_attribute("tabindex") == "0" and png.get_attribute("tabindex") == "-1"
    press(dashboard, Keys.HOME)
    assert dashboard.driver.switch_to.active_element == png
    for lang in ("zh", "en"):
        if lang == "en":
            dashboard.find_element(f"#{ids.LANG_TOGGLE} input[value='en']").click()
        chart = t(registry.BY_GRAPH[graph].title_key, lang)
        wait_until(lambda: toolbar.get_attribute("aria-label") == t("export.toolbar", lang, chart=chart), message=f"{lang} toolbar name")
        wait_until(lambda: png.get_attribute("title") == t("export.png", lang), message=f"{lang} PNG title")
        assert svg.get_attribute("title") == t("export.svg", lang)
    wait_until_idle(dashboard)
    # Plotly's own toolbar: named in English now, and still out of the Tab order.
    wait_until(lambda: dashboard.driver.find_element(By.CSS_SELECTOR, f"#{graph} .modebar-btn").get_attribute("aria-label") == t("export.png", "en"),
               message="the plotly toolbar in English")
    assert all(b.get_attribute("tabindex") == "-1" for b in dashboard.driver.find_elements(By.CSS_SELECTOR, ".modebar-btn"))
    assert console_errors(dashboard) == []


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
