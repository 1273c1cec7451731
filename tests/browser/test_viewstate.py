"""The view state in the browser (assets/view-state.js): URL <-> region filter and language.

The page's own script is called in real Chromium with the settings the
server hands it (web_settings.VIEW_SETTINGS), case by case; the whole round
trip (permalinks, bad URLs, the back button, clicks on the overview) is
tested through the page in test_dashboard.py.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from components.web import ids
from components.text import DEFAULT_LANG, t
from components.web.urlstate import View, view_to_search
from components.web import settings as web_settings

KNOWN = ["china", "chongqing", "huanjiang", "jiangxi", "yueqing", "zhangjiagang", "zhejiang"]
NATIONAL = ["hebei_001", "hebei_002", "province:hebei"]
NO_UPDATE = "NO_UPDATE"

PARSE_JS = """
return arguments[0].map(c => window.dashboardView.parse(c[0], c[1], arguments[1]));
"""
SEARCH_JS = """
return arguments[0].map(v => window.dashboardView.search({regions: v[0], lang: v[1]}, arguments[1]));
"""
RESOLVE_JS = """
const skip = {skip: true};
return arguments[0].map(c => window.dashboardView.resolve(c[0], c[1], c[2], c[3], c[4], c[5], arguments[1], skip)
    .map(out => out === skip ? 'NO_UPDATE' : out));
"""


@pytest.fixture
def page(dashboard):
    """The loaded dashboard; its view script runs with the server's settings."""
    return lambda script, cases: dashboard.driver.execute_script(script, cases, web_settings.VIEW_SETTINGS)


def test_reading_the_url_falls_back_with_a_notice(page):
    cases = [
        ("", KNOWN, [], "zh", []),
        (None, KNOWN, [], "zh", []),
        ("?region=huanjiang,jiangxi&lang=en", KNOWN, ["huanjiang", "jiangxi"], "en", []),
        ("?region=jiangxi,huanjiang", KNOWN, ["huanjiang", "jiangxi"], "zh", []),
        ("??region=%20jiangxi%2C+huanjiang", KNOWN, ["huanjiang", "jiangxi"], "zh", []),
        ("?region=atlantis,huanjiang", KNOWN, ["huanjiang"], "zh", ["notice.bad_region"]),
        ("?lang=../../etc/passwd", KNOWN, [], "zh", ["notice.bad_lang"]),
        ("?region=huanjiang&region=jiangxi", KNOWN, [], "zh", ["notice.repeated"]),
        ("?foo=1&bar", KNOWN, [], "zh", ["notice.unknown_param", "notice.unknown_param"]),
        ("?region=<script>alert(1)</script>", KNOWN, [], "zh", ["notice.bad_region"]),
        ("?" + "a" * 5000, KNOWN, [], "zh", ["notice.malformed"]),
        (12, KNOWN, [], "zh", ["notice.malformed"]),
        ("?region=province:hebei,hebei_001", NATIONAL, ["hebei_001", "province:hebei"], "zh", []),
        ("?region=province:atlantis", NATIONAL, [], "zh", ["notice.bad_region"]),
    ]
    results = page(PARSE_JS, [[c[0], c[1]] for c in cases])
    for (search, _, regions, lang, keys), result in zip(cases, results):
        assert result["view"] == {"regions": regions, "lang": lang}, search
        assert [n["key"] for n in result["notices"]] == keys, search


def test_a_notice_repeats_a_bad_value_printable_and_short(page):
    """Percent-decoded as the server's urllib would, control characters dropped, 40 characters at most."""
    cases = [
        ("?lang=%E4%B8%AD%E6%96%87", {"value": "中文"}),
        ("?lang=%FF%41", {"value": "\ufffdA"}),  # a bad UTF-8 byte, replaced
        ("?lang=%zz", {"value": "%zz"}),  # not an escape: kept
        ("?lang=a%00%1Bb%E2%80%8Bc", {"value": "abc"}),  # NUL, ESC, zero-width space dropped
        ("?lang=" + "x" * 60, {"value": "x" * 40 + "…"}),
        ("?" + quote("名字") + "=1", {"name": "名字"}),
    ]
    results = page(PARSE_JS, [[c[0], KNOWN] for c in cases])
    for (search, args), result in zip(cases, results):
        assert result["notices"][0]["args"] == args, search


def test_the_page_writes_the_url_the_server_writes(page):
    """Canonical, defaults omitted: the same string as urlstate.view_to_search (permalinks)."""
    views = [((), "zh"), ((), "en"), (("huanjiang", "jiangxi"), "en"), (("hebei_001", "province:hebei"), "zh")]
    written = page(SEARCH_JS, [[list(regions), lang] for regions, lang in views])
    assert written == [view_to_search(View(regions, lang), DEFAULT_LANG) for regions, lang in views]
    assert written[2] == "?region=huanjiang,jiangxi&lang=en"


def test_resolving_the_view(page):
    """(URL, filter, language, notice) for each trigger, bad payloads included."""
    click = {"points": [{"customdata": ["jiangxi", "digitalization"]}]}
    province_click = {"points": [{"customdata": ["province:hebei", "synthetic_economy"]}]}
    bad_payloads = [{"a": 1}, 5, ["huanjiang", 3], ["x" * 1000], ["atlantis"], list(range(500))]
    bad_clicks = [None, {}, {"points": []}, {"points": [{"customdata": ["atlantis"]}]}, "junk"]
    cases = [
        # page load: the URL decides; a clean URL is left as it is
        [None, "?region=jiangxi&lang=en", [], "zh", None, KNOWN],
        [None, "?lang=xx&region=nope", [], "zh", None, KNOWN],
        # filter or language changed: the URL follows
        [ids.REGION_FILTER, "", ["jiangxi", "huanjiang"], "en", None, KNOWN],
        [ids.REGION_FILTER, "", ["province:hebei"], "en", None, NATIONAL],
        # a click on the overview sets the filter
        [ids.OVERVIEW_GRAPH, "", [], "en", click, KNOWN],
        [ids.OVERVIEW_GRAPH, "", [], "zh", province_click, NATIONAL],
        *[[ids.REGION_FILTER, "", payload, "zh", None, KNOWN] for payload in bad_payloads],
        *[[ids.OVERVIEW_GRAPH, "", [], "zh", bad, KNOWN] for bad in bad_clicks],
    ]
    results = page(RESOLVE_JS, cases)
    assert results[0] == [NO_UPDATE, ["jiangxi"], "en", []]
    search, regions, lang, notice = results[1]
    assert (search, regions, lang) == ("", [], "zh") and len(notice) == 2
    assert notice[0]["props"]["children"] == t("notice.bad_lang", "zh", value="xx")
    assert results[2] == ["?region=huanjiang,jiangxi&lang=en", NO_UPDATE, NO_UPDATE, []]
    assert results[3] == ["?region=province:hebei&lang=en", NO_UPDATE, NO_UPDATE, []]
    assert results[4] == ["?region=jiangxi&lang=en", ["jiangxi"], NO_UPDATE, []]
    assert results[5] == ["?region=province:hebei", ["province:hebei"], NO_UPDATE, []]
    for payload, (search, regions, lang, notice) in zip(bad_payloads, results[6 : 6 + len(bad_payloads)]):
        assert isinstance(regions, list) and set(regions) <= set(KNOWN), payload
        assert [p["props"]["children"] for p in notice] == [t("notice.bad_input", "zh")], payload
    for bad, result in zip(bad_clicks, results[6 + len(bad_payloads) :]):
        assert result == [NO_UPDATE] * 4, bad


SEQUENCE_JS = """
const skip = {skip: true}, view = window.dashboardView, settings = arguments[1];
return arguments[0].map(([name, search, regions, lang, extra]) => (name === 'fromUrl'
    ? view.fromUrl(extra.trigger || null, search, regions, lang, extra.click || null, extra.known, settings, skip)
    : view.toUrl(extra.drawn || null, search, regions, lang, extra.notice || null, extra.known, settings, skip)
).map(out => out === skip ? 'NO_UPDATE' : out));
"""


def test_each_direction_leaves_the_view_the_other_has_set(page):
    """URL -> filter -> charts -> URL and back again, as the two callbacks see it: no echo, no redundant update.

    The reading side recognises the URL the writing side has just set; each
    value is set only where it changes; a notice stays while its view is
    shown; a view whose charts are not yet drawn writes nothing.
    """
    known = {"known": KNOWN}
    url = {**known, "trigger": ids.URL}
    notice = [{"namespace": "dash_html_components", "type": "P", "props": {"children": "old"}}]
    jiangxi = {"regions": ["jiangxi"], "lang": "zh"}
    both = {"regions": ["huanjiang", "jiangxi"], "lang": "zh"}
    calls = [
        # 0-1: a permalink with an unknown parameter opens: the filter takes its view, with a notice ...
        ["fromUrl", "?region=jiangxi&x=1", [], "zh", known],
        # ... which stays when that view's charts are drawn
        ["toUrl", "?region=jiangxi", ["jiangxi"], "zh", {**known, "drawn": jiangxi, "notice": notice}],
        # 2: the user adds a region; the settle of the old view comes late: nothing
        ["toUrl", "?region=jiangxi", ["jiangxi", "huanjiang"], "zh", {**known, "drawn": jiangxi, "notice": notice}],
        # 3: its own charts drawn: the URL follows and the notice goes
        ["toUrl", "?region=jiangxi", ["jiangxi", "huanjiang"], "zh", {**known, "drawn": both, "notice": notice}],
        # 4: that URL comes back to the reading side: nothing
        ["fromUrl", "?region=huanjiang,jiangxi", ["jiangxi", "huanjiang"], "zh", url],
        # 5-6: back button: the filter and language take the older view; its charts write nothing
        ["fromUrl", "?lang=en", ["huanjiang", "jiangxi"], "zh", url],
        ["toUrl", "?lang=en", [], "en", {**known, "drawn": {"regions": [], "lang": "en"}}],
        # 7: a bad value: the corrected filter (not the language, which is fine) and a notice ...
        ["toUrl", "?lang=en", ["yueqing", 7], "en", {**known, "drawn": {"regions": ["yueqing"], "lang": "en"}}],
        # 8: ... which stays through the corrected value's own charts
        ["toUrl", "?region=yueqing&lang=en", ["yueqing"], "en", {**known, "drawn": {"regions": ["yueqing"], "lang": "en"}, "notice": notice}],
        # 9-10: a click on the overview sets the filter only; the URL follows its charts
        ["fromUrl", "?region=yueqing&lang=en", ["yueqing"], "en", {**known, "trigger": ids.OVERVIEW_GRAPH, "click": {"points": [{"customdata": ["jiangxi"]}]}}],
        ["toUrl", "?region=yueqing&lang=en", ["jiangxi"], "en", {**known, "drawn": {"regions": ["jiangxi"], "lang": "en"}, "notice": notice}],
    ]
    results = page(SEQUENCE_JS, calls)
    search, regions, lang, shown = results[0]
    assert (search, regions, lang) == ("?region=jiangxi", ["jiangxi"], NO_UPDATE)
    assert [p["props"]["children"] for p in shown] == [t("notice.unknown_param", "zh", name="x")]
    assert results[1] == [NO_UPDATE] * 4
    assert results[2] == [NO_UPDATE] * 4
    assert results[3] == ["?region=huanjiang,jiangxi", NO_UPDATE, NO_UPDATE, []]
    assert results[4] == [NO_UPDATE] * 4
    assert results[5] == [NO_UPDATE, [], "en", []]
    assert results[6] == [NO_UPDATE] * 4
    search, regions, lang, bad = results[7]
    assert (search, regions, lang) == ("?region=yueqing&lang=en", ["yueqing"], NO_UPDATE)
    assert [p["props"]["children"] for p in bad] == [t("notice.bad_input", "en")]
    assert results[8] == [NO_UPDATE] * 4
    assert results[9] == [NO_UPDATE, ["jiangxi"], NO_UPDATE, NO_UPDATE]
    assert results[10] == ["?region=jiangxi&lang=en", NO_UPDATE, NO_UPDATE, []]
