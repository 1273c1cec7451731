"""The page under its Content-Security-Policy, and hostile URLs, in real headless Chromium."""

from selenium.webdriver.common.by import By

from components.web import ids
from tests.browser.conftest import console_errors, select_region, wait_until, wait_until_idle

LISTEN_JS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""
POLICY_JS = """
const done = arguments[arguments.length - 1];
fetch('/').then(r => done(r.headers.get('content-security-policy') || ''));
"""
TO_IMAGE_JS = """
const done = arguments[arguments.length - 1];
const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
window.Plotly.toImage(gd, {format: 'png', width: 400, height: 300})
    .then(url => done(url.slice(0, 22)), err => done('error: ' + err));
"""


def test_the_page_works_under_the_csp_with_no_violation(dashboard):
    """Charts, filter, language and Plotly's image export run with no CSP violation logged."""
    dashboard.driver.set_script_timeout(20)
    policy = dashboard.driver.execute_async_script(POLICY_JS)
    assert "script-src 'self' 'sha256-" in policy and "unsafe-eval" not in policy
    dashboard.driver.execute_script(LISTEN_JS)
    select_region(dashboard, "江西省")
    wait_until(lambda: "region=jiangxi" in dashboard.driver.current_url, message="the filter in the URL")
    wait_until_idle(dashboard)
    dashboard.find_element(f"#{ids.LANG_TOGGLE} input[value='en']").click()
    wait_until_idle(dashboard)
    assert dashboard.driver.execute_async_script(TO_IMAGE_JS, ids.OVERVIEW_GRAPH) == "data:image/png;base64,"
    assert dashboard.driver.execute_script("return window.__csp") == []
    errors = console_errors(dashboard)
    assert not [e for e in errors if "Content Security Policy" in e["message"]], errors
    assert errors == []


def test_a_hostile_url_renders_the_defaults_and_runs_nothing(dashboard):
    hostile = (
        "/?region=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E"
        "&lang=%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D2%22%3E&region=x"
    )
    dashboard.driver.get(dashboard.server_url + hostile)
    notice = wait_until(lambda: dashboard.find_element(f"#{ids.NOTICE}").text, message="a notice")
    assert notice
    wait_until_idle(dashboard)
    assert dashboard.driver.execute_script("return window.__pwned === undefined")
    assert not dashboard.driver.find_elements(By.CSS_SELECTOR, f"#{ids.NOTICE} img, #{ids.NOTICE} script")
    assert dashboard.find_element(f"#{ids.PAGE_ROOT}").get_attribute("lang") == "zh-CN"  # the default language
    assert "region=" not in dashboard.driver.current_url  # back to the canonical default view
    assert console_errors(dashboard) == []
