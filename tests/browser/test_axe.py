"""The axe-core accessibility audit (WCAG 2.1 A/AA and best practice) of the page, in both languages, on a desktop and a phone.

axe-core is pinned in tests/browser/axe/package.json (and its lock file) and
installed there by ``make test`` (``npm ci``). Its script is injected with
WebDriver's execute_script, which runs outside the page's
Content-Security-Policy (the page itself allows no inline script), so the
page under test is the one served, CSP and all.

No rule is switched off and nothing is excluded: a violation fails the test
and names its rule, the elements (axe's target selectors) and their HTML.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from selenium.webdriver.common.keys import Keys

from components.data.schema import Fact
from components.text import HTML_LANGS
from components.web import ids
from components.web.firstpaint import FIRST_PAINT_ID
from components.web.settings import PANEL_BESIDE_FROM
from tests.browser.conftest import console_errors, read_through, wait_until, wait_until_idle
from tests.browser.test_provenance import PANEL_FACT_JS, SELECT_JS

AXE_JS = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
WIDTHS = {"desktop": 1280, "phone": 375}
SHEET_OPEN_JS = f"return document.getElementById('{ids.PROVENANCE_PANEL}').dataset.sheet === 'open';"

RUN_AXE_JS = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
  .then(r => done(r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary}))}))))
  .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));
"""


def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci --prefix tests/browser/axe` (make test does)")
    return AXE_JS.read_text(encoding="utf-8")


def audit(duo) -> list[dict]:
    """axe's violations on the page as it is now."""
    driver = duo.driver
    driver.set_script_timeout(60)
    if not driver.execute_script("return !!window.axe"):
        driver.execute_script(axe_source())
    return driver.execute_async_script(RUN_AXE_JS, TAGS)


def report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} elements)")
        for node in v["nodes"][:8]:
            lines.append(f"    {' '.join(map(str, node['target']))}\n        {node['html'][:300]}")
            if node.get("summary"):
                lines.append("        " + node["summary"].replace("\n", "\n        ")[:400])
    return "\n".join(lines)


def assert_no_violations(duo, state: str) -> None:
    violations = audit(duo)
    assert violations == [], f"axe found violations ({state}):\n{report(violations)}"


def open_view(duo, search: str, width: int) -> None:
    duo.driver.set_window_size(width, 900)
    duo.driver.get(duo.server_url + "/" + search)
    if width < PANEL_BESIDE_FROM:
        read_through(duo)  # narrow screens start the live page on the first scroll
    wait_until_idle(duo)
    assert duo.driver.execute_script("return window.innerWidth") <= width


def shown_fact(duo):
    return duo.driver.execute_script(PANEL_FACT_JS)


SIZES = pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
LANGS = pytest.mark.parametrize("lang", ["zh", "en"])


@LANGS
def test_the_first_paint_passes_the_axe_audit(dashboard, lang):
    """What a phone shows before the live page starts (static HTML, chart previews) passes too."""
    dashboard.driver.set_window_size(WIDTHS["phone"], 900)
    dashboard.driver.get(dashboard.server_url + "/" + ("?lang=en" if lang == "en" else ""))
    wait_until(lambda: dashboard.driver.find_element(By.ID, FIRST_PAINT_ID), message="the first paint")
    assert dashboard.driver.execute_script("return typeof window.DashRenderer") == "undefined"
    assert dashboard.driver.execute_script("return document.documentElement.lang") == HTML_LANGS[lang]
    assert_no_violations(dashboard, f"first paint, {lang}")


@SIZES
@LANGS
def test_the_page_passes_the_axe_audit(dashboard, lang, width):
    """The default view, in the URL's language, at desktop and phone width: no axe violation, and <html lang> says the language."""
    open_view(dashboard, "?lang=en" if lang == "en" else "", width)
    assert dashboard.driver.execute_script("return document.documentElement.lang") == HTML_LANGS[lang]
    assert_no_violations(dashboard, f"{lang}, {width} px")
    assert console_errors(dashboard) == []


@SIZES
@LANGS
def test_the_page_with_the_provenance_panel_open_passes_the_axe_audit(dashboard, lang, width):
    """A table row's fact button pressed from the keyboard: the panel (on a phone, the sheet over the page) passes too."""
    open_view(dashboard, "?lang=en" if lang == "en" else "", width)
    button = dashboard.driver.find_elements(By.CSS_SELECTOR, f"#{ids.FACTS_TABLE} .fact-link")[0]
    dashboard.driver.execute_script("arguments[0].focus()", button)
    button.send_keys(Keys.ENTER)
    fact_id = button.get_attribute("data-fact-id")
    wait_until(lambda: shown_fact(dashboard) == fact_id, message="the panel to show the row's fact")
    if width < PANEL_BESIDE_FROM:
        wait_until(lambda: dashboard.driver.execute_script(SHEET_OPEN_JS), message="the sheet to open")
    assert_no_violations(dashboard, f"panel open, {lang}, {width} px")
    assert console_errors(dashboard) == []


@SIZES
@LANGS
def test_a_filtered_view_with_a_derived_value_s_panel_passes_the_axe_audit(dashboard, dataset, lang, width):
    """?region=huanjiang, and the panel of a derived value (its formula's inputs are buttons): no axe violation."""
    open_view(dashboard, "?region=huanjiang" + ("&lang=en" if lang == "en" else ""), width)
    facts = dataset.facts
    derived = facts[facts[Fact.DERIVED] & (facts[Fact.REGION_ID] == "huanjiang")].iloc[0][Fact.FACT_ID]
    dashboard.driver.execute_script(SELECT_JS, ids.PROVENANCE_STORE, derived)
    wait_until(lambda: shown_fact(dashboard) == derived, message="the derived fact's panel")
    assert dashboard.driver.find_elements(By.CSS_SELECTOR, f"#{ids.PROVENANCE_PANEL} .formula-input")
    assert_no_violations(dashboard, f"region=huanjiang, derived panel, {lang}, {width} px")
    assert console_errors(dashboard) == []


def test_a_view_with_notices_about_its_url_passes_the_axe_audit(dashboard):
    """A bad language and an unknown region: the notices say so, and the page still passes."""
    open_view(dashboard, "?lang=xx&region=nowhere", WIDTHS["desktop"])
    assert len(dashboard.driver.find_elements(By.CSS_SELECTOR, f"#{ids.NOTICE} p")) == 2
    assert dashboard.driver.execute_script("return document.documentElement.lang") == HTML_LANGS["zh"]
    assert_no_violations(dashboard, "URL notices")


def test_html_lang_follows_the_language_toggle(dashboard):
    """The server writes the URL's language; switching the toggle switches <html lang> in the browser, both ways."""
    lang_of = lambda: dashboard.driver.execute_script("return document.documentElement.lang")  # noqa: E731
    assert lang_of() == "zh-CN"
    dashboard.find_element(f"#{ids.LANG_TOGGLE} input[value='en']").click()
    wait_until(lambda: lang_of() == "en", message="<html lang> in English")
    wait_until(lambda: "lang=en" in dashboard.driver.current_url, message="lang=en in the URL")
    dashboard.find_element(f"#{ids.LANG_TOGGLE} input[value='zh']").click()
    wait_until(lambda: lang_of() == "zh-CN", message="<html lang> in Chinese again")
    # The toggle is a radio group named by its label, whatever its state.
    toggle = dashboard.find_element(f"#{ids.LANG_TOGGLE}")
    assert toggle.get_attribute("role") == "radiogroup"
    assert toggle.get_attribute("aria-labelledby") == ids.LANG_LABEL
    assert not dashboard.driver.find_elements(By.CSS_SELECTOR, f"#{ids.LANG_TOGGLE} [role], #{ids.LANG_TOGGLE} [aria-selected]")
    assert console_errors(dashboard) == []


def test_the_audit_reports_what_it_finds(dashboard):
    """The harness itself: a button without a name, added to the page, is reported with its rule, selector and HTML."""
    dashboard.driver.execute_script("const b = document.createElement('button'); b.id = 'unnamed'; document.body.appendChild(b);")
    violations = audit(dashboard)
    assert [v["id"] for v in violations] == ["button-name"]
    assert violations[0]["nodes"][0]["target"] == ["#unnamed"]
    assert "#unnamed" in report(violations) and '<button id="unnamed">' in report(violations)
