"""Nothing clipped or overlapping, on a 375 px phone and a 1280 px laptop, in both languages.

The phone is Chromium's device emulation (a window cannot be narrower than
about 500 px in headless Chromium): 375 CSS px wide, a mobile viewport.
"""

from __future__ import annotations

import pytest

from components.charts import registry
from components.text import LANGS
from tests.browser.conftest import read_through, wait_until, wait_until_idle

# Per chart: every drawn text box outside the chart's own box; whether the
# legend overlaps the title or subtitle; whether a visible toolbar overlaps the title.
LAYOUT_JS = """
const report = {};
for (const id of arguments[0]) {
  const gd = document.querySelector('#' + id + ' .js-plotly-plot');
  if (!gd) { report[id] = {missing: true}; continue; }
  const box = gd.getBoundingClientRect();
  if (box.height === 0) continue;  // a chart the view has no data for is closed
  const outside = [];
  for (const el of gd.querySelectorAll('svg text')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || !el.textContent.trim()) continue;
    if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
      outside.push(el.textContent.slice(0, 50));
    }
  }
  const overlap = (a, b) => {
    if (!a || !b) return false;
    const x = a.getBoundingClientRect(), y = b.getBoundingClientRect();
    return x.width > 0 && y.width > 0 && x.left < y.right && y.left < x.right && x.top < y.bottom - 1 && y.top < x.bottom - 1;
  };
  const title = gd.querySelector('.gtitle'), subtitle = gd.querySelector('.gtitle-subtitle');
  const legend = gd.querySelector('.legend'), toolbar = gd.querySelector('.modebar');
  const toolbarShown = toolbar && getComputedStyle(toolbar.parentElement).display !== 'none';
  report[id] = {
    width: gd._fullLayout.width,
    outside,
    legendOverTitle: overlap(legend, title) || overlap(legend, subtitle),
    toolbarOverTitle: Boolean(toolbarShown && overlap(toolbar, title)),
  };
}
return report;
"""
WIDEST_JS = "return Math.max(...arguments[0].map(id => { const gd = document.querySelector('#' + id + ' .js-plotly-plot'); return gd && gd._fullLayout ? gd._fullLayout.width : 0; }));"


def _check(dashboard, lang, max_width):
    dashboard.driver.get(f"{dashboard.server_url}/?lang={lang}")
    read_through(dashboard)
    wait_until_idle(dashboard)
    # Every chart redrawn at the screen's width before anything is measured.
    wait_until(lambda: dashboard.driver.execute_script(WIDEST_JS, list(registry.GRAPHS)) <= max_width, message="charts at the screen's width")
    wait_until_idle(dashboard)
    report = dashboard.driver.execute_script(LAYOUT_JS, list(registry.GRAPHS))
    problems = {
        graph: found
        for graph, found in report.items()
        if found.get("missing") or found["outside"] or found["legendOverTitle"] or found["toolbarOverTitle"]
    }
    assert not problems, (lang, problems)
    return report


@pytest.mark.parametrize("lang", LANGS)
def test_on_a_phone_every_chart_text_lies_inside_its_chart(dashboard, lang):
    dashboard.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 375, "height": 812, "deviceScaleFactor": 1, "mobile": True})
    try:
        report = _check(dashboard, lang, max_width=375)
    finally:
        dashboard.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert all(found["width"] <= 375 for found in report.values())


@pytest.mark.parametrize("lang", LANGS)
def test_on_a_laptop_every_chart_text_lies_inside_its_chart(dashboard, lang):
    dashboard.driver.set_window_size(1280, 900)
    _check(dashboard, lang, max_width=1280)
