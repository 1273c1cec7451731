"""Callbacks called directly: the view state, charts, provenance and download, with bad payloads."""

import csv
import io

import plotly.graph_objects as go
from dash import Input, Output
import pytest

from components.web import ids
from components.text import t
from components.services.table import TABLE_PAGE_SIZE
from components.data.schema import Fact
from components.web.urlstate import NOTICE_KEYS, View, view_to_search
from components.web.callbacks import wiring
from components.web.callbacks import table as table_callbacks
from components.web.callbacks import provenance as provenance_callbacks
from components.web.callbacks import export as export_callbacks
from components.web.callbacks import charts as chart_callbacks
from components.web import settings as web_settings
from components.services import table as table_service
from components.services import exports as export_service
from components.charts import registry

# ---------------------------------------------------------------- URL


def test_canonical_url_omits_defaults():
    """What permalinks carry; the page writes the same (tests/browser/test_viewstate.py)."""
    assert view_to_search(View((), "zh"), "zh") == ""
    assert view_to_search(View(("huanjiang", "jiangxi"), "en"), "zh") == "?region=huanjiang,jiangxi&lang=en"


def test_the_view_settings_name_every_notice_in_both_languages():
    """The browser's view script gets each notice text it can show from the server."""
    texts = web_settings.VIEW_SETTINGS["texts"]
    assert set(texts) == set(NOTICE_KEYS)
    assert all(texts[key]["zh"] and texts[key]["en"] for key in NOTICE_KEYS)


# ---------------------------------------------------------------- charts and table


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("regions", [[], ["huanjiang"], ["jiangxi", "yueqing"]])
def test_update_charts_filters_every_output(app_context, dataset, regions, lang):
    graphs = chart_callbacks.update_charts(regions, lang)["graphs"]
    assert list(graphs) == list(registry.GRAPHS)
    figs = [go.Figure(graphs[g].get("figure")) for g in registry.GRAPHS]
    descriptions = [graphs[g]["description"] for g in registry.GRAPHS]
    first = table_service.table_view(regions, lang, 0, None, "")
    expected = dataset.facts if not regions else dataset.facts[dataset.facts[Fact.REGION_ID].isin(regions)]
    every_row = [r for page in range(first.pages) for r in table_service.table_view(regions, lang, page, None, "").rows]
    assert len(first.rows) == min(len(expected), TABLE_PAGE_SIZE)
    assert sorted(r.fact_id for r in every_row) == sorted(expected[Fact.FACT_ID])
    assert all(isinstance(d, str) and d for d in descriptions)
    allowed, every = set(expected[Fact.FACT_ID]), set(dataset.facts[Fact.FACT_ID])
    shown = set()
    for fig in figs[1:-1]:  # the fact charts
        for trace in fig.data:
            for point in trace.customdata if trace.customdata is not None else []:
                first = point if isinstance(point, str) else point[0]
                if first in every:
                    shown.add(first)
    assert shown <= allowed, f"{shown - allowed} shown although their regions are filtered out"
    if not regions or "huanjiang" in regions:
        assert shown, "the charts show no fact at all"


@pytest.mark.parametrize("payload", [{"x": 1}, 42, ["atlantis"], [None], "huanjiang"])
def test_update_charts_survives_bad_payloads(app_context, payload):
    graphs = chart_callbacks.update_charts(payload, ["not", "a", "lang"])["graphs"]
    assert set(graphs) == set(registry.GRAPHS)
    shapes = ({"figure", "description", "style", "key"}, {"empty", "description"})
    assert all(set(item) in shapes for item in graphs.values())
    page = table_service.table_view(payload, ["not", "a", "lang"], {"x": 1}, "bad", 42)
    assert 0 < len(page.rows) <= TABLE_PAGE_SIZE and page.pages >= 1 and page.sort is None and page.search == ""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_chart_without_data_in_the_view_is_named_and_not_drawn(app_context, lang):
    """No figure for the browser to draw, and one line that names the chart and says it has no data."""
    graphs = chart_callbacks.update_charts(["jiangxi"], lang)["graphs"]
    funding = graphs[ids.FUNDING_TIERS_GRAPH]
    assert funding == {"empty": True, "description": t("empty.card", lang, title=t("funding.title", lang), message=t("chart.no_data", lang))}
    assert t("funding.title", lang) in funding["description"] and t("chart.no_data", lang) in funding["description"]
    # Jiangxi's own chart is drawn; the builders' "no data" figure stays for
    # the exports and is what marks a chart empty.
    assert "figure" in graphs[ids.DIGITALIZATION_GRAPH] and "empty" not in graphs[ids.DIGITALIZATION_GRAPH]
    empty = [g for g, item in graphs.items() if item.get("empty")]
    assert set(empty) == {ids.FUNDING_TIERS_GRAPH, ids.INCOME_GROWTH_GRAPH, ids.INNOVATION_POINTS_GRAPH, ids.AGRICULTURE_GRAPH, ids.CLUSTERS_GRAPH}
    assert set(registry.BY_GRAPH) == set(registry.GRAPHS)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_title_an_empty_chart_names_is_the_chart_s_own(app_context, lang):
    """CHART_TITLE_KEYS names each chart as its figure does."""
    graphs = chart_callbacks.update_charts([], lang)["graphs"]
    for graph in registry.GRAPHS:
        title = go.Figure(graphs[graph]["figure"]).layout.title.text.replace("<br>", " ")  # wrapped to a phone's width
        assert title.startswith(t(registry.BY_GRAPH[graph].title_key, lang)), graph


def test_the_table_and_the_export_data_follow_the_view_the_charts_show(app_context, dataset):
    """They read the view from charts-settled, not the filter; a bad payload gives the default view."""
    settled = {"n": 3, "view": {"regions": ["huanjiang"], "lang": "en"}}
    page = table_service.table_view(["huanjiang"], "en", 0, None, "")
    every = [r for n in range(page.pages) for r in table_service.table_view(["huanjiang"], "en", n, None, "").rows]
    assert sorted(r.fact_id for r in every) == sorted(dataset.facts.loc[dataset.facts[Fact.REGION_ID] == "huanjiang", Fact.FACT_ID])
    assert {r.region for r in page.rows} == {"Huanjiang Maonan Autonomous County"}  # in the drawn language
    shown = str(table_callbacks.update_table(settled, None, 0, ""))
    assert all(r.fact_id in shown for r in page.rows)
    exports = export_callbacks.update_export_options(settled)
    assert exports["options"][ids.INCOME_GROWTH_GRAPH]["filename"] == "income-growth_huanjiang_en"
    default = str(table_callbacks.update_table({"view": {"regions": [], "lang": "zh"}}, None, 0, ""))
    for bad in (None, 5, {"view": "x"}, {"view": {"regions": {"a": 1}, "lang": 7}}):
        assert str(table_callbacks.update_table(bad, None, 0, "")) == default, bad
        assert export_callbacks.update_export_options(bad) == export_service.export_view([], "zh"), bad


def test_chart_keys_change_exactly_when_what_a_graph_shows_changes(app_context):
    """Equal keys mean equal figure, description and height: the browser skips only true repeats."""
    views = {key: chart_callbacks.update_charts(list(key), "zh")["graphs"] for key in [(), ("huanjiang",), ("zhangjiagang",)]}
    views["en"] = chart_callbacks.update_charts([], "en")["graphs"]
    shown = lambda item: (item.get("figure"), item["description"], item.get("style"))  # noqa: E731
    pairs = [((), ("huanjiang",)), (("huanjiang",), ("zhangjiagang",)), ((), "en")]
    same_seen = changed_seen = False
    for a, b in pairs:
        for graph in registry.GRAPHS:
            first, second = views[a][graph], views[b][graph]
            if first.get("empty") or second.get("empty"):
                continue  # no figure, no key: the graph keeps what it had
            assert (first["key"] == second["key"]) == (shown(first) == shown(second)), (a, b, graph)
            same_seen |= first["key"] == second["key"]
            changed_seen |= first["key"] != second["key"]
    # The curated data has both: Huanjiang's own charts stay, the overview changes.
    assert same_seen and changed_seen
    assert views[()][ids.INCOME_GROWTH_GRAPH]["key"] == views[("huanjiang",)][ids.INCOME_GROWTH_GRAPH]["key"]
    assert views[()][ids.OVERVIEW_GRAPH]["key"] != views[("huanjiang",)][ids.OVERVIEW_GRAPH]["key"]


# ---------------------------------------------------------------- provenance


def test_click_on_a_bar_selects_its_fact():
    click = {"points": [{"customdata": ["zjg_top_talent_funding_2021", "x"]}]}
    selection = provenance_callbacks.selection_from(ids.FUNDING_TIERS_GRAPH, {ids.FUNDING_TIERS_GRAPH: click})
    assert selection == {"kind": "fact", "id": "zjg_top_talent_funding_2021"}


def test_a_click_on_the_overview_or_junk_selects_nothing():
    click = {"points": [{"customdata": ["huanjiang", "income_growth"]}]}
    assert provenance_callbacks.selection_from(ids.OVERVIEW_GRAPH, {ids.OVERVIEW_GRAPH: click}) is None
    assert provenance_callbacks.selection_from(ids.FUNDING_TIERS_GRAPH, {ids.FUNDING_TIERS_GRAPH: "junk"}) is None


@pytest.mark.parametrize("lang, label", [("zh", "原文"), ("en", "Source sentence")])
def test_provenance_shows_value_and_highlighted_sentence(app_context, lang, label):
    children = provenance_callbacks.render_provenance({"kind": "fact", "id": "zjg_major_team_funding_cap_2021"}, lang)
    html_text = str(children)
    assert "对获认定的重大创新创业团队最高给予5000万元综合扶持" in html_text
    assert "Mark" in html_text and label in html_text
    assert "000_3d761635c312e61a.txt" in html_text


def _walk(component):
    """Every component under ``component`` (itself included), depth first."""
    if isinstance(component, (list, tuple)):
        for child in component:
            yield from _walk(child)
        return
    if component is None or isinstance(component, (str, int, float)):
        return
    yield component
    yield from _walk(getattr(component, "children", None))


def _text(component) -> str:
    if isinstance(component, (list, tuple)):
        return "".join(_text(c) for c in component)
    if isinstance(component, (str, int, float)):
        return str(component)
    return _text(getattr(component, "children", None)) if component is not None else ""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_derived_value_s_formula_reads_in_words_each_input_a_link_to_its_own_source(app_context, dataset, lang):
    """No internal ids: each input by name, period and value, as a button carrying its fact_id."""
    from components.data.loader import formula_refs
    from components.text.formatting import format_value

    derived = dataset.facts[dataset.facts[Fact.DERIVED]]
    assert len(derived)
    for fact in derived.to_dict("records"):
        panel = provenance_callbacks.render_provenance({"kind": "fact", "id": fact[Fact.FACT_ID]}, lang)
        text = _text(panel)
        assert "{" not in text and fact[Fact.FORMULA] not in text
        assert t("provenance.derived", lang) in text and t("provenance.formula", lang) in text
        inputs = [c for c in _walk(panel) if getattr(c, "className", "") and "formula-input" in c.className]
        refs = formula_refs(fact[Fact.FORMULA])
        assert [getattr(c, "data-fact-id") for c in inputs] == refs
        for button, ref in zip(inputs, refs):
            source = dataset.facts[dataset.facts[Fact.FACT_ID] == ref].iloc[0]
            assert source[Fact.INDICATOR_ZH if lang == "zh" else Fact.INDICATOR_EN] in button.children
            assert format_value(float(source[Fact.VALUE]), source[Fact.UNIT], source[Fact.QUALIFIER], lang=lang) in button.children
            assert ref not in _text(button)
        assert any(op in text for op in "÷×−+")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_stated_value_says_so_under_a_label(app_context, dataset, lang):
    stated = dataset.facts[~dataset.facts[Fact.DERIVED]].iloc[0]
    panel = provenance_callbacks.render_provenance({"kind": "fact", "id": stated[Fact.FACT_ID]}, lang)
    terms = [_text(c) for c in _walk(panel) if type(c).__name__ == "Dt"]
    values = [_text(c) for c in _walk(panel) if type(c).__name__ == "Dd"]
    assert "" not in terms
    assert values[terms.index(t("provenance.origin", lang))] == t("provenance.stated", lang)


def test_provenance_of_a_cluster(app_context, dataset):
    cluster_id = dataset.clusters["cluster_id"].iloc[1]
    html_text = str(provenance_callbacks.render_provenance({"kind": "cluster", "id": cluster_id}, "zh"))
    assert "万亿级" in html_text


@pytest.mark.parametrize("payload", [None, "x", {"id": 5}, {"kind": "fact", "id": "no_such_fact"}, {"kind": "cluster", "id": "nope"}])
def test_provenance_bad_payload_shows_the_hint(app_context, payload):
    children = provenance_callbacks.render_provenance(payload, "en")
    assert children[0].children == "Where this number comes from"
    assert [type(c).__name__ for c in children] == ["H2", "Button", "P"]  # the heading, "back" (a phone's sheet), the hint
    assert children[2].children in (t("provenance.hint", "en"), t("provenance.missing", "en"))


# ---------------------------------------------------------------- download


# ---------------------------------------------------------------- page load


@pytest.mark.parametrize("func", ["update_texts", "update_export_texts", "update_provenance"])
def test_the_layout_already_holds_what_the_language_callbacks_write_at_page_load(app_context, func):
    """They skip the page load's call (prevent_initial_call): the layout must show exactly what they would write."""
    import json

    import plotly
    from components.text import DEFAULT_LANG
    from components.web.layout import serve_layout

    callback, args, kwargs = next(w for w in wiring.WIRING if w[0].__name__ == func)
    assert kwargs.get("prevent_initial_call") is True
    outputs = [a for a in args if isinstance(a, Output)]
    inputs = [a for a in args if isinstance(a, Input)]
    initial = {"lang-toggle.value": DEFAULT_LANG, f"{ids.PROVENANCE_STORE}.data": None}
    written = callback(*[initial[f"{i.component_id}.{i.component_property}"] for i in inputs])
    written = written if len(outputs) > 1 else [written]
    layout = serve_layout()
    page = {getattr(component, "id", None): component for _, component in layout._traverse_with_paths()}
    page[ids.PAGE_ROOT] = layout
    as_json = lambda value: json.dumps(value, cls=plotly.utils.PlotlyJSONEncoder, sort_keys=True)  # noqa: E731
    for output, value in zip(outputs, written):
        shown = getattr(page[output.component_id], output.component_property)
        assert as_json(shown) == as_json(value), f"{output.component_id}.{output.component_property}"
