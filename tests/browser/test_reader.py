"""What a reader meets: a toolbar of the buttons the README lists, Chinese throughout the Chinese page."""

import re

import pytest
from selenium.webdriver.common.by import By

from components.charts import registry
from components.text import t
from components.web import ids
from tests.browser.conftest import console_errors, wait_until, wait_until_idle
from tests.conftest import ROOT

MODEBAR_JS = """
return Array.from(document.querySelectorAll('#' + arguments[0] + ' .modebar-btn')).map(b => b.getAttribute('data-title'));
"""
# plotly.js's names of the zoom buttons, in each language (its zh-CN locale).
ZOOM = {"zh": ["放大", "缩小", "重置轴"], "en": ["Zoom in", "Zoom out", "Reset axes"]}


def open_lang(duo, lang):
    duo.driver.get(duo.server_url + ("/?lang=en" if lang == "en" else "/"))
    wait_until_idle(duo)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_toolbar_holds_exactly_the_buttons_the_readme_lists(dashboard, lang):
    open_lang(dashboard, lang)
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    listed = re.search(r"The toolbar of every chart holds exactly: (.+?)\.\*\*", readme).group(1)
    for name in ("PNG", "SVG", "zoom in", "zoom out", "reset axes"):
        assert name in listed
    for spec in registry.CHARTS:
        if dashboard.driver.execute_script(f"return document.getElementById('{ids.chart_body_id(spec.graph_id)}').classList.contains('is-empty')"):
            continue
        expected = [t("export.png", lang), t("export.svg", lang)] + (ZOOM[lang] if spec.cartesian else [])
        assert wait_until(lambda: dashboard.driver.execute_script(MODEBAR_JS, spec.graph_id), message="the toolbar") == expected, spec.graph_id
    assert not dashboard.driver.find_elements(By.CSS_SELECTOR, ".modebar-btn[data-title*='Share'], .modebar-btn[data-title*='Cloud']")
    assert console_errors(dashboard) == []


def test_the_chinese_page_speaks_chinese_in_the_dropdowns_too(dashboard):
    dashboard.find_element(f"#{ids.REGION_FILTER}").click()
    search = wait_until(lambda: dashboard.driver.find_element(By.CSS_SELECTOR, ".dash-dropdown-search"), message="the dropdown's search")
    assert search.get_attribute("placeholder") == t("dropdown.search", "zh")
    actions = [b.text for b in dashboard.driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-action-button")]
    assert actions == [t("dropdown.select_all", "zh"), t("dropdown.deselect_all", "zh")]
    opened = dashboard.find_element(".dash-dropdown-content").text
    for english in ("Search", "Select All", "Deselect All", "selected", "No options"):
        assert english not in opened
    assert console_errors(dashboard) == []
