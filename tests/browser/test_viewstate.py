"""The view state in the browser (assets/view-state.js): URL <-> region filter, explorer indicator and language.

The page's own script is called in real Chromium with the settings the
server hands it (web_settings.VIEW_SETTINGS), case by case; the whole round
trip (permalinks, bad URLs, the back button, clicks on the overview) is
tested through the page in test_dashboard.py.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from components.text import DEFAULT_LANG, t
from components.web import ids
from components.web import settings as web_settings
from components.web.urlstate import View, view_to_search

KNOWN = ["china", "chongqing", "huanjiang", "jiangxi", "yueqing", "zhangjiagang", "zhejiang"]
NATIONAL = ["hebei_001", "hebei_002", "province:hebei"]
INDICATORS = ["fiscal_revenue", "cloud_enterprises"]
NO_UPDATE = "NO_UPDATE"

PARSE_JS = """
const settings = arguments[1];
return arguments[0].map(c => window.dashboardView.parse(c[0], {known: c[1], indicators: c[2], settings: settings}));
"""
SEARCH_JS = """
return arguments[0].map(v => window.dashboardView.search({regions: v[0], lang: v[1], indicator: v[2], sort: v[3], q: v[4]}, arguments[1]));
"""
# Calls fromUrl / toUrl in order: [name, trigger or drawn, state, known].
SEQUENCE_JS = """
const skip = {skip: true}, view = window.dashboardView, settings = arguments[1];
return arguments[0].map(([name, first, state, known]) => {
    const env = {known: known, indicators: arguments[2], settings: settings};
    const out = name === 'fromUrl' ? view.fromUrl(first, state, env, skip) : view.toUrl(first, state, env, skip);
    // fromUrl also sets the table's sort and search: asserted apart (TABLE_OUTPUTS below).
    return out.map(value => value === skip ? 'NO_UPDATE' : value);
});
"""


@pytest.fixture
def page(dashboard):
    """The loaded dashboard; its view script runs with the server's settings."""
    return lambda script, cases, *extra: dashboard.driver.execute_script(script, cases, web_settings.VIEW_SETTINGS, *extra)


def test_reading_the_url_falls_back_with_a_notice(page):
    cases = [
        ("", KNOWN, [], "zh", None, []),
        (None, KNOWN, [], "zh", None, []),
        ("?region=huanjiang,jiangxi&lang=en", KNOWN, ["huanjiang", "jiangxi"], "en", None, []),
        ("?region=jiangxi,huanjiang", KNOWN, ["huanjiang", "jiangxi"], "zh", None, []),
        ("??region=%20jiangxi%2C+huanjiang", KNOWN, ["huanjiang", "jiangxi"], "zh", None, []),
        ("?region=atlantis,huanjiang", KNOWN, ["huanjiang"], "zh", None, ["notice.bad_region"]),
        ("?lang=../../etc/passwd", KNOWN, [], "zh", None, ["notice.bad_lang"]),
        ("?region=huanjiang&region=jiangxi", KNOWN, [], "zh", None, ["notice.repeated"]),
        ("?foo=1&bar", KNOWN, [], "zh", None, ["notice.unknown_param", "notice.unknown_param"]),
        ("?region=<script>alert(1)</script>", KNOWN, [], "zh", None, ["notice.bad_region"]),
        ("?" + "a" * 5000, KNOWN, [], "zh", None, ["notice.malformed"]),
        (12, KNOWN, [], "zh", None, ["notice.malformed"]),
        ("?region=province:hebei,hebei_001", NATIONAL, ["hebei_001", "province:hebei"], "zh", None, []),
        ("?region=province:atlantis", NATIONAL, [], "zh", None, ["notice.bad_region"]),
        ("?indicator=fiscal_revenue&region=huanjiang", KNOWN, ["huanjiang"], "zh", "fiscal_revenue", []),
        ("?indicator=gdp_of_atlantis", KNOWN, [], "zh", None, ["notice.bad_indicator"]),
        ("?indicator=fiscal_revenue&indicator=cloud_enterprises", KNOWN, [], "zh", None, ["notice.repeated"]),
        ("?sort=__proto__.asc", KNOWN, [], "zh", None, ["notice.bad_sort"]),
    ]
    results = page(PARSE_JS, [[c[0], c[1], INDICATORS] for c in cases])
    for (search, _, regions, lang, indicator, keys), result in zip(cases, results):
        assert result["view"] == {"regions": regions, "lang": lang, "indicator": indicator, "sort": None, "q": ""}, search
        assert [n["key"] for n in result["notices"]] == keys, search


def test_the_table_s_sort_and_search_are_read_from_the_url(page):
    results = page(PARSE_JS, [["?sort=value.desc&q=%E6%94%B6%E5%85%A5", KNOWN, INDICATORS], ["?q=" + "x" * 300, KNOWN, INDICATORS]])
    assert results[0]["view"]["sort"] == {"column": "value", "direction": "desc"} and results[0]["view"]["q"] == "收入"
    assert len(results[1]["view"]["q"]) == 100 and results[1]["notices"] == []


def test_a_notice_repeats_a_bad_value_printable_and_short(page):
    """Percent-decoded as the server's urllib would, control characters dropped, 40 characters at most."""
    cases = [
        ("?lang=%E4%B8%AD%E6%96%87", {"value": "中文"}),
        ("?lang=%FF%41", {"value": "\ufffdA"}),  # a bad UTF-8 byte, replaced
        ("?lang=%zz", {"value": "%zz"}),  # not an escape: kept
        ("?lang=a%00%1Bb%E2%80%8Bc", {"value": "abc"}),  # NUL, ESC, zero-width space dropped
        ("?lang=" + "x" * 60, {"value": "x" * 40 + "…"}),
        ("?" + quote("名字") + "=1", {"name": "名字"}),
        ("?indicator=%3Cb%3E", {"value": "<b>"}),
    ]
    results = page(PARSE_JS, [[c[0], KNOWN, INDICATORS] for c in cases])
    for (search, args), result in zip(cases, results):
        assert result["notices"][0]["args"] == args, search


def test_the_page_writes_the_url_the_server_writes(page):
    """Canonical, defaults omitted: the same string as urlstate.view_to_search (permalinks)."""
    views = [
        ((), "zh", None, None, ""), ((), "en", None, None, ""), (("huanjiang", "jiangxi"), "en", None, None, ""),
        (("hebei_001", "province:hebei"), "zh", None, None, ""), (("huanjiang",), "en", "fiscal_revenue", None, ""),
        (("huanjiang",), "zh", None, "value.desc", "收入 & 税"),
    ]
    written = page(SEARCH_JS, [[list(r), lang, ind, {"column": sort.split(".")[0], "direction": sort.split(".")[1]} if sort else None, q]
                               for r, lang, ind, sort, q in views])
    assert written == [view_to_search(View(r, lang, ind, sort, q), DEFAULT_LANG) for r, lang, ind, sort, q in views]
    assert written[2] == "?region=huanjiang,jiangxi&lang=en"
    assert written[4] == "?region=huanjiang&indicator=fiscal_revenue&lang=en"


def state(search="", regions=(), lang="zh", indicator=None, **extra):
    return {"search": search, "regions": list(regions), "lang": lang, "indicator": indicator, **extra}


def test_reading_the_view_for_each_trigger_with_bad_payloads(page):
    """(URL, filter, language, indicator, notice) on page load and for a click on the overview."""
    click = {"points": [{"customdata": ["jiangxi", "digitalization"]}]}
    province_click = {"points": [{"customdata": ["province:hebei", "synthetic_economy"]}]}
    bad_clicks = [None, {}, {"points": []}, {"points": [{"customdata": ["atlantis"]}]}, "junk"]
    calls = [
        # page load: the URL decides; a clean URL is left as it is
        ["fromUrl", None, state("?region=jiangxi&lang=en"), KNOWN],
        ["fromUrl", None, state("?lang=xx&region=nope"), KNOWN],
        ["fromUrl", None, state("?indicator=fiscal_revenue"), KNOWN],
        # a click on the overview sets the filter only
        ["fromUrl", ids.OVERVIEW_GRAPH, state(lang="en", click=click), KNOWN],
        ["fromUrl", ids.OVERVIEW_GRAPH, state(click=province_click), NATIONAL],
        *[["fromUrl", ids.OVERVIEW_GRAPH, state(click=bad), KNOWN] for bad in bad_clicks],
    ]
    results = page(SEQUENCE_JS, calls, INDICATORS)
    # The table's sort and search, which the reading side also sets, stay as they are.
    assert all(result[5:] == [NO_UPDATE, NO_UPDATE] for result in results)
    results = [result[:5] for result in results]
    # A new view clears any notice of the old one.
    assert results[0] == [NO_UPDATE, ["jiangxi"], "en", NO_UPDATE, []]
    search, regions, lang, indicator, notice = results[1]
    assert (search, regions, lang, indicator) == ("", NO_UPDATE, NO_UPDATE, NO_UPDATE) and len(notice) == 2
    assert notice[0]["props"]["children"] == t("notice.bad_lang", "zh", value="xx")
    assert results[2] == [NO_UPDATE, NO_UPDATE, NO_UPDATE, "fiscal_revenue", []]
    assert results[3] == [NO_UPDATE, ["jiangxi"], NO_UPDATE, NO_UPDATE, NO_UPDATE]
    assert results[4] == [NO_UPDATE, ["province:hebei"], NO_UPDATE, NO_UPDATE, NO_UPDATE]
    for bad, result in zip(bad_clicks, results[5:]):
        assert result == [NO_UPDATE] * 5, bad


def test_writing_the_view_corrects_bad_payloads_with_a_notice(page):
    """The drawn view -> its canonical URL; a bad filter, language or indicator value is corrected with a notice."""
    bad_payloads = [{"a": 1}, 5, ["huanjiang", 3], ["x" * 1000], ["atlantis"], list(range(500))]
    calls = [
        ["toUrl", None, state(regions=["jiangxi", "huanjiang"], lang="en"), KNOWN],
        ["toUrl", None, state(regions=["province:hebei"], lang="en"), NATIONAL],
        ["toUrl", None, state(regions=["huanjiang"], indicator="cloud_enterprises"), KNOWN],
        ["toUrl", None, state(indicator="<script>"), KNOWN],
        *[["toUrl", None, {**state(), "regions": payload}, KNOWN] for payload in bad_payloads],
    ]
    results = page(SEQUENCE_JS, calls, INDICATORS)
    assert results[0] == ["?region=huanjiang,jiangxi&lang=en", NO_UPDATE, NO_UPDATE, NO_UPDATE, NO_UPDATE]
    assert results[1] == ["?region=province:hebei&lang=en", NO_UPDATE, NO_UPDATE, NO_UPDATE, NO_UPDATE]
    assert results[2] == ["?region=huanjiang&indicator=cloud_enterprises", NO_UPDATE, NO_UPDATE, NO_UPDATE, NO_UPDATE]
    search, regions, lang, indicator, notice = results[3]
    assert (search, indicator) == (NO_UPDATE, None) and [p["props"]["children"] for p in notice] == [t("notice.bad_input", "zh")]
    for payload, (search, regions, lang, indicator, notice) in zip(bad_payloads, results[4:]):
        assert regions == NO_UPDATE or (isinstance(regions, list) and set(regions) <= set(KNOWN)), payload
        assert [p["props"]["children"] for p in notice] == [t("notice.bad_input", "zh")], payload


def test_each_direction_leaves_the_view_the_other_has_set(page):
    """URL -> filter -> charts -> URL and back again, as the two callbacks see it: no echo, no redundant update.

    The reading side recognises the URL the writing side has just set; each
    value is set only where it changes; a notice stays while its view is
    shown; a view whose charts are not yet drawn writes nothing.
    """
    notice = [{"namespace": "dash_html_components", "type": "P", "props": {"children": "old"}}]
    jiangxi = {"regions": ["jiangxi"], "lang": "zh", "indicator": None}
    both = {"regions": ["huanjiang", "jiangxi"], "lang": "zh", "indicator": None}
    yueqing_en = {"regions": ["yueqing"], "lang": "en", "indicator": None}
    calls = [
        # 0-1: a permalink with an unknown parameter opens: the filter takes its view, with a notice ...
        ["fromUrl", None, state("?region=jiangxi&x=1"), KNOWN],
        # ... which stays when that view's charts are drawn
        ["toUrl", jiangxi, state("?region=jiangxi", ["jiangxi"], notice=notice), KNOWN],
        # 2: the user adds a region; the settle of the old view comes late: nothing
        ["toUrl", jiangxi, state("?region=jiangxi", ["jiangxi", "huanjiang"], notice=notice), KNOWN],
        # 3: its own charts drawn: the URL follows and the notice goes
        ["toUrl", both, state("?region=jiangxi", ["huanjiang", "jiangxi"], notice=notice), KNOWN],
        # 4: that URL comes back to the reading side: nothing
        ["fromUrl", ids.URL, state("?region=huanjiang,jiangxi", ["huanjiang", "jiangxi"]), KNOWN],
        # 5-6: back button: the filter and language take the older view; its charts write nothing
        ["fromUrl", ids.URL, state("?lang=en", ["huanjiang", "jiangxi"]), KNOWN],
        ["toUrl", {"regions": [], "lang": "en", "indicator": None}, state("?lang=en", [], "en"), KNOWN],
        # 7: a bad value: the corrected filter (not the language, which is fine) and a notice ...
        ["toUrl", yueqing_en, {**state("?lang=en", [], "en"), "regions": ["yueqing", 7]}, KNOWN],
        # 8: ... which stays through the corrected value's own charts
        ["toUrl", yueqing_en, state("?region=yueqing&lang=en", ["yueqing"], "en", notice=notice), KNOWN],
        # 9-10: a click on the overview sets the filter only; the URL follows its charts
        ["fromUrl", ids.OVERVIEW_GRAPH, state("?region=yueqing&lang=en", ["yueqing"], "en", click={"points": [{"customdata": ["jiangxi"]}]}), KNOWN],
        ["toUrl", {"regions": ["jiangxi"], "lang": "en", "indicator": None}, state("?region=yueqing&lang=en", ["jiangxi"], "en", notice=notice), KNOWN],
        # 11: the explorer's indicator chosen: the URL holds it once its chart is drawn
        ["toUrl", {"regions": ["jiangxi"], "lang": "en", "indicator": "cloud_enterprises"},
         state("?region=jiangxi&lang=en", ["jiangxi"], "en", "cloud_enterprises"), KNOWN],
    ]
    results = page(SEQUENCE_JS, calls, INDICATORS)
    # The reading side also sets the table's sort and search: none here.
    assert all(result[5:] in ([], [NO_UPDATE, NO_UPDATE]) for result in results)
    results = [result[:5] for result in results]
    search, regions, lang, indicator, shown = results[0]
    assert (search, regions, lang, indicator) == ("?region=jiangxi", ["jiangxi"], NO_UPDATE, NO_UPDATE)
    assert [p["props"]["children"] for p in shown] == [t("notice.unknown_param", "zh", name="x")]
    assert results[1] == [NO_UPDATE] * 5
    assert results[2] == [NO_UPDATE] * 5
    assert results[3] == ["?region=huanjiang,jiangxi", NO_UPDATE, NO_UPDATE, NO_UPDATE, []]
    assert results[4] == [NO_UPDATE] * 5
    assert results[5] == [NO_UPDATE, [], "en", NO_UPDATE, []]
    assert results[6] == [NO_UPDATE] * 5
    search, regions, lang, indicator, bad = results[7]
    assert (search, regions, lang) == ("?region=yueqing&lang=en", ["yueqing"], NO_UPDATE)
    assert [p["props"]["children"] for p in bad] == [t("notice.bad_input", "en")]
    assert results[8] == [NO_UPDATE] * 5
    assert results[9] == [NO_UPDATE, ["jiangxi"], NO_UPDATE, NO_UPDATE, NO_UPDATE]
    assert results[10] == ["?region=jiangxi&lang=en", NO_UPDATE, NO_UPDATE, NO_UPDATE, []]
    assert results[11] == ["?region=jiangxi&indicator=cloud_enterprises&lang=en", NO_UPDATE, NO_UPDATE, NO_UPDATE, NO_UPDATE]
