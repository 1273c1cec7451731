"""The figure builders: right marks, right values, both languages, provenance in customdata."""

import json
import re

import plotly.graph_objects as go
import pytest
from plotly.utils import PlotlyJSONEncoder

from components.charts import figures as F
from components.cli import synthetic
from components.text import t
from components.data.loader import load_dataset
from components.data.schema import Cluster, Fact

LANGS = ("zh", "en")
CJK = re.compile(r"[\u4e00-\u9fff]")


def region(dataset, region_id):
    facts = dataset.facts
    return facts[facts[Fact.REGION_ID] == region_id]


BUILDERS = {
    "overview": lambda ds, lang: F.build_overview_figure(ds.facts, ds.regions, lang=lang),
    "funding": lambda ds, lang: F.build_funding_tiers_figure(region(ds, "zhangjiagang"), lang=lang),
    "income": lambda ds, lang: F.build_income_growth_figure(region(ds, "huanjiang"), lang=lang),
    "digitalization": lambda ds, lang: F.build_digitalization_figure(ds.facts, lang=lang),
    "innovation": lambda ds, lang: F.build_innovation_points_figure(region(ds, "zhangjiagang"), lang=lang),
    "agriculture": lambda ds, lang: F.build_huanjiang_agriculture_figure(region(ds, "huanjiang"), lang=lang),
    "clusters": lambda ds, lang: F.build_clusters_figure(ds.clusters, lang=lang),
}
FACT_BUILDERS = [name for name in BUILDERS if name not in ("overview", "clusters")]


def fact_traces(fig):
    """Traces that draw facts (legend-only helpers have no customdata)."""
    return [trace for trace in fig.data if trace.customdata is not None and len(trace.customdata)]


def fact_ids(fig):
    return [row[0] for trace in fact_traces(fig) for row in trace.customdata]


def annotation(fig, name):
    return next(a for a in fig.layout.annotations if a.name == name)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(BUILDERS))
def test_title_source_font_and_description_in_the_requested_language(dataset, name, lang):
    """Every chart has a title in its language, the source line, the CJK font stack and an aria description."""
    fig = BUILDERS[name](dataset, lang)
    title = fig.layout.title.text
    assert title
    if lang == "zh":
        assert CJK.search(title)
    else:
        assert title.isascii()
    assert annotation(fig, "source").text.replace("<br>", " ") == t("source_line", lang)
    assert fig.layout.font.family == F.FONT_FAMILY
    assert fig.layout.meta["description"]
    assert fig.layout.legend.orientation == "h"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", FACT_BUILDERS)
def test_customdata_starts_with_fact_ids_of_the_frame_and_values_match(dataset, name, lang):
    """Each fact mark carries its fact_id first, and its plotted value is the frame's value."""
    fig = BUILDERS[name](dataset, lang)
    values = dataset.facts.set_index(Fact.FACT_ID)[Fact.VALUE]
    ids = fact_ids(fig)
    assert ids and set(ids) <= set(values.index)
    assert len(ids) == len(set(ids))
    for trace in fact_traces(fig):
        plotted = trace.x if trace.orientation == "h" else trace.y
        for row, value in zip(trace.customdata, plotted):
            assert value == pytest.approx(values[row[0]])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", FACT_BUILDERS)
def test_hover_words_are_in_the_requested_language(dataset, name, lang):
    """Hover templates name value, period and region in the chart's language."""
    fig = BUILDERS[name](dataset, lang)
    for trace in fact_traces(fig):
        assert t("hover.value", lang) in trace.hovertemplate
        assert t("hover.period", lang) in trace.hovertemplate
        assert t("hover.region", lang) in trace.hovertemplate


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(BUILDERS))
def test_empty_selection_gives_the_no_data_figure(dataset, name, lang):
    """No rows: a centred message and no visible axes, never empty axes."""
    empty = dataset.facts.iloc[0:0]
    if name == "overview":
        fig = F.build_overview_figure(empty, dataset.regions, lang=lang)
    elif name == "clusters":
        fig = F.build_clusters_figure(dataset.clusters.iloc[0:0], lang=lang)
    else:
        fig = BUILDERS[name](type("D", (), {"facts": empty})(), lang)
    assert fig.layout.annotations[0].text == t("no_data", lang)
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
    assert not fig.data


@pytest.mark.parametrize("lang", LANGS)
def test_region_without_a_charts_data_gives_the_no_data_figure(dataset, lang):
    """Filtering to a region the chart does not cover shows the message, not empty bars."""
    fig = F.build_funding_tiers_figure(region(dataset, "jiangxi"), lang=lang)
    assert fig.layout.annotations[0].text == t("no_data", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_overview_counts_facts_per_region_and_customdata_starts_with_region_id(dataset, lang):
    """One dot per region × dataset, sized by count; a click yields the region_id."""
    fig = F.build_overview_figure(dataset.facts, dataset.regions, lang=lang)
    (trace,) = fig.data
    assert trace.type == "scatter"
    counts = dataset.facts.groupby([Fact.REGION_ID, Fact.DATASET]).size()
    assert sum(int(row[4]) for row in trace.customdata) == len(dataset.facts)
    for row in trace.customdata:
        assert row[0] in set(dataset.regions["region_id"])
        assert int(row[4]) == counts[(row[0], row[1])]


@pytest.mark.parametrize("lang", LANGS)
def test_funding_caps_are_hatched_and_labelled_with_le(dataset, lang):
    """at_most bars carry a hatch pattern and "≤"; the exact 1亿 bar is solid; 20% is a note."""
    fig = F.build_funding_tiers_figure(region(dataset, "zhangjiagang"), lang=lang)
    assert fig.layout.xaxis.type == "log"
    qualifiers = dataset.facts.set_index(Fact.FACT_ID)[Fact.QUALIFIER]
    seen = set()
    for trace in fact_traces(fig):
        shapes = trace.marker.pattern.shape if trace.marker.pattern and trace.marker.pattern.shape else None
        for i, row in enumerate(trace.customdata):
            seen.add(row[0])
            if row[0].endswith("_before_2020") or "before" in row[0]:
                continue
            if qualifiers[row[0]] == "at_most":
                assert "≤" in trace.text[i]
                assert shapes is not None and shapes[i] == F.BOUND_PATTERN
            elif qualifiers[row[0]] == "exact":
                assert "≤" not in trace.text[i]
                assert not shapes or not (shapes[i] if isinstance(shapes, tuple) else shapes)
    assert {"zjg_top_talent_funding_2021", "zjg_leading_talent_funding_cap_before_2020", "zjg_angel_fund_size_2021"} <= seen
    assert "zjg_preresearch_advance_share_2017" not in seen
    assert "20%" in annotation(fig, "notes").text
    assert fig.layout.xaxis.ticktext[0] == ("10万" if lang == "zh" else "100k")


@pytest.mark.parametrize("lang", LANGS)
def test_income_derived_years_are_cross_hatched_and_growth_is_labelled(dataset, lang):
    """2019 incomes (derived) are cross-hatched, 2020 bars show +3.8% / +8.5%, fiscal shows 63.2%."""
    fig = F.build_income_growth_figure(region(dataset, "huanjiang"), lang=lang)
    derived = dataset.facts.set_index(Fact.FACT_ID)[Fact.DERIVED]
    texts = []
    for trace in fact_traces(fig):
        for i, row in enumerate(trace.customdata):
            texts.append(trace.text[i])
            if trace.type == "bar":
                shape = trace.marker.pattern.shape[i]
                assert (shape == F.DERIVED_PATTERN) == bool(derived[row[0]])
    joined = " ".join(texts)
    for rate in ("3.8%", "8.5%", "63.2%", "2.68", "2.56"):
        assert rate in joined
    assert t("income.note_derived", lang) in annotation(fig, "notes").text.replace("<br>", "")


@pytest.mark.parametrize("lang", LANGS)
def test_digitalization_plots_counts_only_on_a_log_axis_and_marks_lower_bounds(dataset, lang):
    """Only unit=count facts are bars; ≥ facts are hatched and labelled; IoT and VR go to a note."""
    fig = F.build_digitalization_figure(dataset.facts, lang=lang)
    assert fig.layout.xaxis.type == "log"
    facts = dataset.facts.set_index(Fact.FACT_ID)
    ids = fact_ids(fig)
    assert set(facts.loc[ids, Fact.UNIT]) == {"count"}
    assert "jx_cloud_enterprises_2021" in ids and "jx_iot_industry_scale_2020" not in ids
    for trace in fact_traces(fig):
        for i, row in enumerate(trace.customdata):
            bound = facts.loc[row[0], Fact.QUALIFIER] == "at_least"
            assert (trace.marker.pattern.shape[i] == F.BOUND_PATTERN) == bound
            assert ("≥" in trace.text[i]) == bound
    notes = annotation(fig, "notes").text
    assert ("1100亿元" if lang == "zh" else "110 billion") in notes.replace("<br>", " ")


@pytest.mark.parametrize("lang", LANGS)
def test_innovation_points_shows_the_four_shares_and_notes(dataset, lang):
    """Four share bars (100, 95, ≥92, 90) and 5962 participations and 14% growth as notes."""
    fig = F.build_innovation_points_figure(region(dataset, "zhangjiagang"), lang=lang)
    (bar,) = fact_traces(fig)
    assert sorted(bar.x) == [90, 92, 95, 100]
    assert any(text.startswith("≥92") for text in bar.text)
    notes = annotation(fig, "notes").text
    assert ("5962" if lang == "zh" else "5,962") in notes and "14%" in notes


@pytest.mark.parametrize("lang", LANGS)
def test_agriculture_groups_units_into_separate_panels(dataset, lang):
    """Each bar trace holds one unit, so an axis never mixes mu with yuan."""
    fig = F.build_huanjiang_agriculture_figure(region(dataset, "huanjiang"), lang=lang)
    units = dataset.facts.set_index(Fact.FACT_ID)[Fact.UNIT]
    axes = set()
    for trace in fact_traces(fig):
        assert len({units[row[0]] for row in trace.customdata}) == 1
        axes.add(trace.xaxis)
    assert len(axes) == len(fact_traces(fig)) >= 3


@pytest.mark.parametrize("lang", LANGS)
def test_clusters_treemap_leaves_carry_cluster_ids(dataset, lang):
    """Every cluster and industry tile's customdata[0] is a cluster_id of the table."""
    fig = F.build_clusters_figure(dataset.clusters, lang=lang)
    (tree,) = fig.data
    assert tree.type == "treemap"
    cluster_ids = set(dataset.clusters["cluster_id"])
    parents = set(tree.parents)
    leaves = [row for node, row in zip(tree.ids, tree.customdata) if node not in parents]
    assert leaves and all(row[0] in cluster_ids for row in leaves)
    assert cluster_ids <= {row[0] for row in tree.customdata}


def test_region_colours_are_distinct_and_cover_every_region(dataset):
    """One colour per region, none shared."""
    assert set(dataset.regions["region_id"]) <= set(F.REGION_COLORS)
    assert len(set(F.REGION_COLORS.values())) == len(F.REGION_COLORS)


# Every builder for the selections the page offers: all regions, each one, a pair.
SELECTIONS = [(), *[(region_id,) for region_id in F.REGION_COLORS], ("huanjiang", "zhangjiagang"), ("jiangxi", "yueqing")]
VIEW_BUILDERS = {
    "overview": lambda ds, facts, clusters, lang: F.build_overview_figure(facts, ds.regions, lang=lang),
    "funding": lambda ds, facts, clusters, lang: F.build_funding_tiers_figure(facts, lang=lang),
    "income": lambda ds, facts, clusters, lang: F.build_income_growth_figure(facts, lang=lang),
    "digitalization": lambda ds, facts, clusters, lang: F.build_digitalization_figure(facts, lang=lang),
    "innovation": lambda ds, facts, clusters, lang: F.build_innovation_points_figure(facts, lang=lang),
    "agriculture": lambda ds, facts, clusters, lang: F.build_huanjiang_agriculture_figure(facts, lang=lang),
    "clusters": lambda ds, facts, clusters, lang: F.build_clusters_figure(clusters, lang=lang),
    "empty": lambda ds, facts, clusters, lang: F.build_empty_figure(t("no_data", lang), lang=lang),
}


def as_json(fig) -> dict:
    return json.loads(json.dumps(fig.to_plotly_json(), cls=PlotlyJSONEncoder))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("selection", SELECTIONS, ids=lambda selection: "+".join(selection) or "all")
@pytest.mark.parametrize("name", list(VIEW_BUILDERS))
def test_figure_passes_plotlys_full_validation_unchanged(dataset, name, selection, lang):
    """Figures are built unvalidated for speed; plotly's validation must accept each one and change nothing.

    A misspelt or misplaced property raises here instead of being dropped
    silently by the browser.
    """
    facts, clusters = dataset.facts, dataset.clusters
    if selection:
        facts = facts[facts[Fact.REGION_ID].isin(selection)]
        clusters = clusters[clusters[Cluster.REGION_ID].isin(selection)]
    fig = VIEW_BUILDERS[name](dataset, facts, clusters, lang)
    validated = go.Figure(fig.to_dict())
    assert as_json(validated) == as_json(fig)


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    """A small synthetic national set: 67 counties, over OVERVIEW_MAX_REGIONS."""
    out = tmp_path_factory.mktemp("national")
    synthetic.generate(out, scale=0.0235, seed=42)
    return load_dataset(out / "data", out / "seeds")


@pytest.mark.parametrize("lang", LANGS)
def test_province_overview_passes_plotlys_full_validation_unchanged(national, lang):
    """The overview's one-column-per-province form is valid plotly too."""
    fig = F.build_overview_figure(national.facts, national.regions, lang=lang)
    assert fig.data[0].customdata[0][0].startswith("province:")
    assert as_json(go.Figure(fig.to_dict())) == as_json(fig)
