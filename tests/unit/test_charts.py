"""Every chart of the registry, drawn from the data: one, two and many regions, both languages.

The regions come from the curated page and from fictional counties of the
tests' own (tests/fixtures/fictional.py) that share indicator ids with every
themed chart. Each mark is checked against its own fact: value, label,
hover, region name and colour; nothing on a chart may carry another
region's number.
"""

from __future__ import annotations

import json
import re

import plotly.graph_objects as go
import pytest
from plotly.utils import PlotlyJSONEncoder

from components.charts import clusters as clusters_chart
from components.charts import marks, registry, style
from components.charts.explorer import chosen_indicator, default_indicator, explorer_rows
from components.cli import synthetic
from components.data.catalog import Catalog
from components.data.loader import load_dataset
from components.data.schema import Cluster, Fact
from components.text import LANGS, t
from components.text.formatting import format_number, format_period, format_value
from components.web import ids
from tests.conftest import ROOT
from tests.fixtures.fictional import write_fictional

FACT_CHARTS = [spec for spec in registry.CHARTS if spec.selects == registry.SELECTS_FACT]
THEMED = [spec for spec in FACT_CHARTS if spec.reads == registry.FACTS]


class Loaded:
    """A loaded data set with its figure catalog, and views of it."""

    def __init__(self, dataset):
        self.dataset = dataset
        self.catalog = Catalog.of(dataset.facts, dataset.regions, dataset.metadata, dataset.charts).escaped()

    def facts(self, regions=()):
        facts = self.dataset.facts
        return facts[facts[Fact.REGION_ID].isin(list(regions))] if regions else facts

    def build(self, spec, regions=(), lang="zh", indicator=None):
        clusters = self.dataset.clusters
        if regions:
            clusters = clusters[clusters[Cluster.REGION_ID].isin(list(regions))]
        return spec.build(self.facts(regions), self.dataset.regions, clusters, lang=lang, catalog=self.catalog, indicator=indicator)


@pytest.fixture(scope="session")
def curated(dataset):
    return Loaded(dataset)


@pytest.fixture(scope="session")
def fictional_one(tmp_path_factory):
    data, seeds, _ = write_fictional(tmp_path_factory.mktemp("fictional1"), 1)
    return Loaded(load_dataset(data, seeds))


@pytest.fixture(scope="session")
def fictional_many(tmp_path_factory):
    data, seeds, _ = write_fictional(tmp_path_factory.mktemp("fictional12"), 12)
    return Loaded(load_dataset(data, seeds))


@pytest.fixture(scope="session")
def national(tmp_path_factory):
    """A small synthetic national set: 67 counties, over the overview's province threshold."""
    out = tmp_path_factory.mktemp("national")
    synthetic.generate(out, scale=0.0235, seed=42)
    return Loaded(load_dataset(out / "data", out / "seeds"))


# The curated region each themed chart is about, and the fictional county that shares its indicators.
SEED_REGION = {
    ids.FUNDING_TIERS_GRAPH: "zhangjiagang",
    ids.INCOME_GROWTH_GRAPH: "huanjiang",
    ids.DIGITALIZATION_GRAPH: "jiangxi",
    ids.INNOVATION_POINTS_GRAPH: "zhangjiagang",
    ids.AGRICULTURE_GRAPH: "huanjiang",
    ids.INDICATOR_GRAPH: "huanjiang",
}
FICTIONAL = "fictional_a"


def scenario(name, curated, fictional_one, fictional_many, graph):
    """(loaded data, regions of the view) for one, two and many regions."""
    if name == "one":
        return fictional_one, (FICTIONAL,)
    if name == "two":
        return fictional_one, (SEED_REGION[graph], FICTIONAL)
    many = tuple(r for r in fictional_many.dataset.regions["region_id"] if r.startswith("fictional_"))
    return fictional_many, (SEED_REGION[graph], *many)


# --- reading a figure --------------------------------------------------------------------


def as_json(fig) -> dict:
    return json.loads(json.dumps(fig.to_plotly_json(), cls=PlotlyJSONEncoder))


def fact_marks(fig):
    """(trace, index, fact_id) of every mark that stands for a fact."""
    found = []
    for trace in fig.data:
        for i, row in enumerate(trace.customdata if getattr(trace, "customdata", None) is not None else []):
            if isinstance(row, (list, tuple)) and row and row[0]:
                found.append((trace, i, row[0]))
    return found


def at(value, i):
    """The i-th of a per-mark property, or the property itself when it is one value for all."""
    return value[i] if isinstance(value, (list, tuple)) else value


def mark_color(trace, i) -> str:
    if trace.type == "bar":
        return at(trace.marker.line.color, i)
    return trace.line.color


def annotation(fig, name):
    return next((a for a in fig.layout.annotations if a.name == name), None)


def legend_names(fig) -> list[str]:
    return [trace.name for trace in fig.data if trace.showlegend is not False and trace.name]


def drawn_regions(fig, facts) -> set[str]:
    by_id = facts.set_index(Fact.FACT_ID)[Fact.REGION_ID].astype(str)
    return {by_id[fact_id] for _, _, fact_id in fact_marks(fig)}


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


# --- every fact chart, every scenario ---------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("count", ["one", "two", "many"])
@pytest.mark.parametrize("spec", FACT_CHARTS, ids=lambda spec: spec.slug)
def test_every_mark_carries_its_own_fact(curated, fictional_one, fictional_many, spec, count, lang):
    """customdata[0] is the mark's fact_id; its plotted value, label, hover value, period and region are that fact's own."""
    loaded, regions = scenario(count, curated, fictional_one, fictional_many, spec.graph_id)
    fig = loaded.build(spec, regions, lang)
    facts = loaded.facts(regions).set_index(Fact.FACT_ID)
    found = fact_marks(fig)
    assert found, f"{spec.slug} draws nothing for {regions}"
    drawn = {str(facts.loc[fact_id, Fact.REGION_ID]) for _, _, fact_id in found}
    for trace, i, fact_id in found:
        fact = facts.loc[fact_id]
        region = loaded.catalog.region(str(fact[Fact.REGION_ID]))
        plotted = at(trace.x, i) if trace.orientation == "h" else at(trace.y, i)
        assert plotted == pytest.approx(float(fact[Fact.VALUE])), fact_id
        own_value = format_value(float(fact[Fact.VALUE]), fact[Fact.UNIT], fact[Fact.QUALIFIER], lang=lang)
        row = trace.customdata[i]
        assert row[2] == own_value and row[3] == format_period(fact[Fact.PERIOD], lang=lang) and row[4] == region.name(lang), fact_id
        text = at(trace.text, i) if trace.text is not None else ""
        if text:
            assert own_value in text, (fact_id, text)
            if len(drawn) > 1 and trace.type == "bar":
                assert region.short(lang) in text, (fact_id, text)
        assert mark_color(trace, i) == region.color, fact_id


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("count", ["two", "many"])
@pytest.mark.parametrize("spec", FACT_CHARTS, ids=lambda spec: spec.slug)
def test_regions_are_drawn_side_by_side_named_and_coloured_apart(curated, fictional_one, fictional_many, spec, count, lang):
    """Two regions: both drawn, each named in the legend or on its marks, each in its own colour."""
    loaded, regions = scenario(count, curated, fictional_one, fictional_many, spec.graph_id)
    fig = loaded.build(spec, regions, lang)
    facts = loaded.facts(regions)
    drawn = drawn_regions(fig, facts)
    if count == "two":
        assert drawn == set(regions)
    else:
        # Many: the top and bottom by one indicator, and the chart says so.
        limit = 2 * marks.RANK_EACH_END if spec.graph_id != ids.INDICATOR_GRAPH else len(regions)
        assert 2 <= len(drawn) <= max(limit, 2)
    names = {loaded.catalog.region(r).short(lang) for r in drawn}
    shown = legend_names(fig) + [str(text) for trace in fig.data for text in (trace.text or []) if isinstance(trace.text, (list, tuple))]
    shown += list(fig.layout.yaxis.categoryarray or []) if spec.graph_id == ids.INDICATOR_GRAPH else []
    for name in names:
        assert any(name in item for item in shown), f"{name} is not named in {spec.slug}"
    colors = {loaded.catalog.region(r).color for r in drawn}
    if count == "two":
        assert len(colors) == 2


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", THEMED, ids=lambda spec: spec.slug)
def test_many_regions_are_ranked_and_the_chart_says_so(fictional_many, spec, lang):
    """Thirteen regions: the top and bottom three by one indicator, and a note naming how many there were."""
    regions = tuple(fictional_many.dataset.regions["region_id"])
    fig = fictional_many.build(spec, (), lang)
    drawn = drawn_regions(fig, fictional_many.facts())
    assert len(drawn) <= 2 * marks.RANK_EACH_END
    with_data = fictional_many.catalog.drawn.get(spec.slug, ())
    total = fictional_many.facts()[fictional_many.facts()[Fact.INDICATOR_ID].isin(with_data)][Fact.REGION_ID].nunique()
    assert total > marks.MAX_COMPARED and len(regions) > total - 1
    notes = unescape(annotation(fig, "notes").text.replace("<br>", ""))
    assert str(total) in notes and t("rank.note", lang, total=total, each=marks.RANK_EACH_END, metric="")[:6] in notes


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("count", ["one", "two", "many"])
@pytest.mark.parametrize("spec", registry.CHARTS, ids=lambda spec: spec.slug)
def test_titles_follow_the_theme_and_the_source_line_every_source_shown(curated, fictional_one, fictional_many, spec, count, lang):
    """The title is the chart's theme (no region of the seed in it); the subtitle names the regions; the source line lists each source drawn."""
    graph = spec.graph_id if spec.graph_id in SEED_REGION else ids.FUNDING_TIERS_GRAPH
    loaded, regions = scenario(count, curated, fictional_one, fictional_many, graph)
    fig = loaded.build(spec, regions, lang)
    title = flat(fig.layout.title.text)  # wrapped to a phone's width
    if spec.graph_id == ids.INDICATOR_GRAPH:
        assert title.startswith(flat(t("explorer.name", lang)))
    else:
        assert title == flat(t(spec.title_key, lang))
    for seed_name in ("张家港", "环江", "江西", "重庆", "Zhangjiagang", "Huanjiang", "Jiangxi", "Chongqing"):
        assert seed_name not in title
    facts = loaded.facts(regions)
    if spec.reads == registry.CLUSTERS:
        shown_files = set(loaded.dataset.clusters[loaded.dataset.clusters[Cluster.REGION_ID].isin(regions)][Cluster.SOURCE_FILE])
        drawn = set(loaded.dataset.clusters[loaded.dataset.clusters[Cluster.REGION_ID].isin(regions)][Cluster.REGION_ID])
    elif spec.reads == registry.FACTS_AND_REGIONS:
        shown_files, drawn = set(facts[Fact.SOURCE_FILE]), set()
    else:
        by_id = facts.set_index(Fact.FACT_ID)
        marked = [fact_id for _, _, fact_id in fact_marks(fig)]
        shown_files = set(by_id.loc[marked, Fact.SOURCE_FILE])
        drawn = set(by_id.loc[marked, Fact.REGION_ID])
    source = unescape(annotation(fig, "source").text.replace("<br>", ""))
    for file in shown_files:
        assert file in source, (file, source)
        label = loaded.catalog.sources[file]
        assert unescape(label.cited(lang)) in source
    if 0 < len(drawn) <= 4:
        for region_id in drawn:
            assert flat(unescape(loaded.catalog.region(region_id).short(lang))) in flat(unescape(fig.layout.title.subtitle.text))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("count", ["one", "two", "many"])
@pytest.mark.parametrize("spec", registry.CHARTS, ids=lambda spec: spec.slug)
def test_figure_passes_plotlys_full_validation_unchanged(curated, fictional_one, fictional_many, spec, count, lang):
    """Figures are built unvalidated for speed; plotly's validation must accept each one and change nothing."""
    graph = spec.graph_id if spec.graph_id in SEED_REGION else ids.FUNDING_TIERS_GRAPH
    loaded, regions = scenario(count, curated, fictional_one, fictional_many, graph)
    fig = loaded.build(spec, regions, lang)
    assert as_json(go.Figure(fig.to_dict())) == as_json(fig)


@pytest.mark.parametrize("spec", registry.CHARTS, ids=lambda spec: spec.slug)
def test_the_curated_views_pass_plotlys_validation_too(curated, spec):
    for regions in [(), *[(r,) for r in curated.dataset.regions["region_id"]], ("huanjiang", "zhangjiagang")]:
        for lang in LANGS:
            fig = curated.build(spec, regions, lang)
            assert as_json(go.Figure(fig.to_dict())) == as_json(fig), (spec.slug, regions, lang)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", registry.CHARTS, ids=lambda spec: spec.slug)
def test_a_view_without_the_chart_s_facts_gives_the_no_data_figure(curated, spec, lang):
    """No rows: a centred message and no visible axes, never empty axes."""
    empty = curated.dataset.facts.iloc[0:0]
    fig = spec.build(empty, curated.dataset.regions, curated.dataset.clusters.iloc[0:0], lang=lang, catalog=curated.catalog)
    assert fig.layout.annotations[0].text == t("chart.no_data", lang)
    assert fig.layout.xaxis.visible is False and not fig.data


def test_no_builder_names_a_fact_or_a_region_of_the_seed(dataset):
    """Which facts a chart draws is data (metadata.json "charts"), never code."""
    code = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "components" / "charts").glob("*.py"))
    literals = set(re.findall(r"""["']([a-z0-9_]+)["']""", code))
    assert not literals & set(dataset.facts[Fact.FACT_ID].astype(str))
    assert not literals & set(dataset.regions["region_id"].astype(str))
    assert not literals & set(dataset.facts[Fact.INDICATOR_ID].astype(str))


# --- what each curated chart shows ----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_funding_shows_the_raise_of_the_leading_talent_cap_from_the_region_s_own_values(curated, fictional_one, lang):
    """300万 (2020, an outline) -> 600万 (2021): "raised 2×"; the fictional county's bar says its own ratio."""
    fig = curated.build(registry.BY_GRAPH[ids.FUNDING_TIERS_GRAPH], ("zhangjiagang",), lang)
    texts = {fact_id: at(trace.text, i) for trace, i, fact_id in fact_marks(fig)}
    raised = t("change.raised", lang, period=format_period("2021", lang=lang), times=format_number(2, lang=lang))
    assert texts["zjg_leading_talent_funding_cap_before_2020"].endswith(raised)
    assert texts["zjg_leading_talent_funding_cap_2021"].startswith("≤")
    two = fictional_one.build(registry.BY_GRAPH[ids.FUNDING_TIERS_GRAPH], ("zhangjiagang", FICTIONAL), lang)
    facts = fictional_one.facts().set_index(Fact.FACT_ID)
    own = facts.loc[f"{FICTIONAL}_lead_2021", Fact.VALUE] / facts.loc[f"{FICTIONAL}_lead_2020", Fact.VALUE]
    texts = {fact_id: at(trace.text, i) for trace, i, fact_id in fact_marks(two)}
    assert texts[f"{FICTIONAL}_lead_2020"].endswith(t("change.raised", lang, period=format_period("2021", lang=lang), times=format_number(own, lang=lang)))
    assert texts["zjg_leading_talent_funding_cap_before_2020"].endswith(raised)


@pytest.mark.parametrize("lang", LANGS)
def test_funding_draws_bounds_hatched_context_dotted_and_other_units_as_a_note(curated, lang):
    fig = curated.build(registry.BY_GRAPH[ids.FUNDING_TIERS_GRAPH], ("zhangjiagang",), lang)
    facts = curated.facts().set_index(Fact.FACT_ID)
    assert fig.layout.xaxis.type == "log"
    for trace, i, fact_id in fact_marks(fig):
        shape = at(trace.marker.pattern.shape, i)
        if fact_id == "zjg_angel_fund_size_2021":
            assert shape == style.CONTEXT_PATTERN
        elif fact_id.endswith("before_2020"):
            assert shape == "" and at(trace.marker.color, i) == "rgba(255,255,255,0)"
        elif facts.loc[fact_id, Fact.QUALIFIER] == "at_most":
            assert shape == style.BOUND_PATTERN and "≤" in at(trace.text, i)
        else:
            assert shape == ""
    notes = annotation(fig, "notes").text.replace("<br>", "")
    assert "20%" in notes and t("key.context", lang)[:3] in notes


@pytest.mark.parametrize("lang", LANGS)
def test_income_draws_each_region_s_series_over_time_with_its_own_growth(curated, fictional_one, lang):
    """Derived 2019 levels are open markers; each 2020 label carries that region's own growth rate."""
    fig = fictional_one.build(registry.BY_GRAPH[ids.INCOME_GROWTH_GRAPH], ("huanjiang", FICTIONAL), lang)
    facts = fictional_one.facts().set_index(Fact.FACT_ID)
    growth_of = {"urban_disposable_income_pc": "urban_disposable_income_growth", "rural_disposable_income_pc": "rural_disposable_income_growth",
                 "fiscal_revenue": "fiscal_revenue_growth"}
    growth = fictional_one.facts().set_index([Fact.REGION_ID, Fact.INDICATOR_ID, Fact.PERIOD])
    checked = 0
    for trace, i, fact_id in fact_marks(fig):
        fact = facts.loc[fact_id]
        symbol = at(trace.marker.symbol, i)
        assert symbol.endswith("-open-dot") == bool(fact[Fact.DERIVED]), fact_id
        rate_id = growth_of.get(fact[Fact.INDICATOR_ID])
        key = (fact[Fact.REGION_ID], rate_id, fact[Fact.PERIOD])
        if rate_id and key in growth.index:
            rate = growth.loc[key]
            own = t("change.growth", lang, rate=format_value(float(rate[Fact.VALUE]), rate[Fact.UNIT], rate[Fact.QUALIFIER], lang=lang))
            assert trace.customdata[i][5].endswith(own), fact_id
            checked += 1
    assert checked >= 6  # urban, rural, fiscal of each region
    # One line per region and series: never one line across two regions.
    for trace in fig.data:
        if trace.type == "scatter" and trace.customdata is not None and len(trace.customdata):
            regions = {str(facts.loc[row[0], Fact.REGION_ID]) for row in trace.customdata if row[0]}
            assert len(regions) <= 1


@pytest.mark.parametrize("lang", LANGS)
def test_income_description_names_each_region_s_own_ratio(curated, fictional_one, lang):
    """"环江城乡收入比由2.68倍降至2.56倍" and the fictional county's own two values, never mixed."""
    fig = fictional_one.build(registry.BY_GRAPH[ids.INCOME_GROWTH_GRAPH], ("huanjiang", FICTIONAL), lang)
    description = fig.layout.meta["description"]
    facts = fictional_one.facts().set_index(Fact.FACT_ID)
    for region_id, first, last in (("huanjiang", "hj_urban_rural_income_ratio_2019", "hj_urban_rural_income_ratio_2020"),
                                   (FICTIONAL, f"{FICTIONAL}_ratio_2019", f"{FICTIONAL}_ratio_2020")):
        values = [format_value(float(facts.loc[f, Fact.VALUE]), "ratio", facts.loc[f, Fact.QUALIFIER], lang=lang) for f in (first, last)]
        name = fictional_one.catalog.region(region_id).short(lang)
        assert re.search(re.escape(name) + r"[^;；]*" + re.escape(values[0]) + r"[^;；]*" + re.escape(values[1]), description), (name, values, description)


@pytest.mark.parametrize("lang", LANGS)
def test_digitalization_plots_counts_on_a_log_axis_and_other_units_in_a_note(curated, lang):
    fig = curated.build(registry.BY_GRAPH[ids.DIGITALIZATION_GRAPH], (), lang)
    facts = curated.facts().set_index(Fact.FACT_ID)
    marked = [fact_id for _, _, fact_id in fact_marks(fig)]
    assert fig.layout.xaxis.type == "log" and set(facts.loc[marked, Fact.UNIT]) == {"count"}
    assert "jx_cloud_enterprises_2021" in marked and "jx_iot_industry_scale_2020" not in marked
    notes = annotation(fig, "notes").text.replace("<br>", " ")
    assert ("1100亿元" if lang == "zh" else "110 billion") in notes


@pytest.mark.parametrize("lang", LANGS)
def test_innovation_shows_the_shares_against_the_reference_and_notes_per_region(fictional_one, lang):
    fig = fictional_one.build(registry.BY_GRAPH[ids.INNOVATION_POINTS_GRAPH], ("zhangjiagang", FICTIONAL), lang)
    assert any(shape.x0 == 90 for shape in fig.layout.shapes)
    notes = annotation(fig, "notes").text.replace("<br>", "")
    participations = fictional_one.facts().set_index(Fact.FACT_ID).loc[f"{FICTIONAL}_participations", Fact.VALUE]
    assert format_value(participations, "count", "exact", lang=lang) in notes and ("5962" if lang == "zh" else "5,962") in notes
    for region_id in ("zhangjiagang", FICTIONAL):
        assert fictional_one.catalog.region(region_id).short(lang) in unescape(notes)


@pytest.mark.parametrize("lang", LANGS)
def test_agriculture_keeps_one_unit_per_panel(fictional_one, lang):
    fig = fictional_one.build(registry.BY_GRAPH[ids.AGRICULTURE_GRAPH], ("huanjiang", FICTIONAL), lang)
    units = fictional_one.facts().set_index(Fact.FACT_ID)[Fact.UNIT]
    by_axis: dict[str, set] = {}
    for trace, _, fact_id in fact_marks(fig):
        by_axis.setdefault(trace.xaxis or "x", set()).add(units[fact_id])
    assert len(by_axis) >= 3 and all(len(found) == 1 for found in by_axis.values())


def flat(text: str) -> str:
    """A label without the line breaks and spacing wrapping may have put in."""
    return re.sub(r"<br>|\s", "", text)


def _plain(text: str) -> str:
    return re.sub(r"</?b>", "", text)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["curated", "fictional_one", "fictional_many"])
def test_clusters_list_every_group_cluster_and_industry_in_lines_that_fit_a_phone(request, name, lang):
    """Nothing hidden until clicked: each cluster's name and all its industries are drawn, one region trace each."""
    loaded = request.getfixturevalue(name)
    clusters = loaded.dataset.clusters
    regions = tuple(loaded.catalog.ordered(clusters[Cluster.REGION_ID].astype(str).unique()))
    fig = loaded.build(registry.BY_GRAPH[ids.CLUSTERS_GRAPH], regions, lang)
    *region_traces, headings = fig.data
    assert [trace.name for trace in region_traces] == [loaded.catalog.region(r).short(lang) for r in regions]
    assert [trace.marker.color for trace in region_traces] == [loaded.catalog.region(r).color for r in regions]
    assert headings.hoverinfo == "skip" and fig.layout.hovermode == "y"
    zh = lang == "zh"
    lines: dict[str, list[str]] = {}
    for trace, region_id in zip(region_traces, regions):
        for text, (cluster_id, hover), size in zip(trace.text, trace.customdata, trace.marker.size):
            assert clusters.set_index(Cluster.CLUSTER_ID).loc[cluster_id, Cluster.REGION_ID] == region_id
            lines.setdefault(cluster_id, []).append(text)
            assert hover.startswith("<b>")
        assert sum(1 for size in trace.marker.size if size) == (clusters[Cluster.REGION_ID] == region_id).sum()
    assert set(lines) == set(clusters[Cluster.CLUSTER_ID])
    for record in clusters.to_dict("records"):
        drawn = re.sub(r"\s", "", "".join(_plain(line) for line in lines[record[Cluster.CLUSTER_ID]]))
        expected = [record[Cluster.NAME_ZH if zh else Cluster.NAME_EN]]
        expected += [i for i in record[Cluster.INDUSTRIES_ZH if zh else Cluster.INDUSTRIES_EN].split(Cluster.LIST_SEP) if i]
        assert all(re.sub(r"\s", "", item) in drawn for item in expected)
    heading_text = re.sub(r"\s", "", "".join(_plain(h) for h in headings.text))
    groups = clusters[Cluster.GROUP_ZH if zh else Cluster.GROUP_EN].unique()
    assert all(re.sub(r"\s", "", group) in heading_text for group in groups)
    if len(regions) > 1:
        assert all(re.sub(r"\s", "", loaded.catalog.region(r).name(lang)) in heading_text for r in regions)
    widest = clusters_chart.LINE_WIDTH[lang]
    every_line = [_plain(text) for trace in fig.data for text in trace.text]
    assert max(style.text_width(line) for line in every_line) <= widest


def test_a_click_on_any_line_of_a_cluster_names_that_cluster(fictional_one):
    fig = fictional_one.build(registry.BY_GRAPH[ids.CLUSTERS_GRAPH], ("chongqing",), "zh")
    (trace, headings) = fig.data
    ys = list(trace.y) + list(headings.y)
    assert len(set(ys)) == len(ys), "one point per row, so hovering by row is unambiguous"
    assert all(row[0] for row in trace.customdata)


@pytest.mark.parametrize("lang", LANGS)
def test_overview_ranks_regions_by_their_facts_and_a_click_yields_the_region(curated, lang):
    """One bar per region, most figures first; the hover lists its themes; customdata[0] is the region id."""
    fig = curated.build(registry.BY_GRAPH[ids.OVERVIEW_GRAPH], (), lang)
    (trace,) = fig.data
    totals = curated.facts().groupby(Fact.REGION_ID, observed=True).size()
    assert [row[0] for row in trace.customdata] == sorted(totals.index, key=lambda r: (-totals[r], list(curated.dataset.regions["region_id"]).index(r)))
    assert list(trace.x) == sorted(trace.x, reverse=True) and sum(trace.x) == len(curated.facts())
    for row, value in zip(trace.customdata, trace.x):
        assert row[2] == value == totals[row[0]]
        themes = curated.facts()[curated.facts()[Fact.REGION_ID] == row[0]][Fact.DATASET].unique()
        # Wrapping may break a theme's name at a space; compare with spacing removed.
        listed = re.sub(r"<br>|\s", "", row[3])
        assert all(re.sub(r"\s", "", curated.catalog.dataset_short(str(d), lang)) in listed for d in themes)
        assert row[1] == curated.catalog.region(row[0]).name(lang)


@pytest.mark.parametrize("lang", LANGS)
def test_the_national_overview_draws_provinces(national, lang):
    fig = national.build(registry.BY_GRAPH[ids.OVERVIEW_GRAPH], (), lang)
    assert all(row[0].startswith("province:") for row in fig.data[0].customdata)
    assert len(fig.data[0].x) == national.dataset.regions["parent_id"].replace("", None).dropna().nunique()
    assert as_json(go.Figure(fig.to_dict())) == as_json(fig)


# --- the indicator explorer -------------------------------------------------------------------


def test_the_explorer_lists_every_indicator_by_theme(curated):
    indicators = list(curated.catalog.indicators)
    assert set(indicators) == set(curated.facts()[Fact.INDICATOR_ID].astype(str))
    datasets = list(curated.dataset.metadata["datasets"])
    ranks = [datasets.index(curated.catalog.indicators[i].dataset) for i in indicators]
    assert ranks == sorted(ranks)


@pytest.mark.parametrize("lang", LANGS)
def test_the_explorer_draws_a_series_over_time_and_a_ranking(fictional_many, lang):
    explorer = registry.BY_GRAPH[ids.INDICATOR_GRAPH]
    regions = tuple(r for r in fictional_many.dataset.regions["region_id"] if r.startswith("fictional_"))
    lines = fictional_many.build(explorer, regions, lang, indicator="urban_disposable_income_pc")
    assert {trace.type for trace in lines.data if trace.customdata is not None} == {"scatter"}
    assert any(t("median.name", lang, series="")[:2] in (trace.name or "") for trace in lines.data)
    ranked = fictional_many.build(explorer, regions, lang, indicator="cloud_enterprises")
    (bars,) = [trace for trace in ranked.data if trace.type == "bar"]
    assert list(bars.x) == sorted(bars.x, reverse=True) and len(bars.x) == len(regions)
    rows = explorer_rows(fictional_many.facts(regions), fictional_many.catalog, lang, "cloud_enterprises")
    assert [r["fact_id"] for r in rows] == [row[0] for row in bars.customdata]


@pytest.mark.parametrize("lang", LANGS)
def test_the_national_explorer_ranks_thousands_into_a_readable_chart(national, lang):
    explorer = registry.BY_GRAPH[ids.INDICATOR_GRAPH]
    indicator = default_indicator(national.facts(), national.catalog)
    fig = national.build(explorer, (), lang, indicator=indicator)
    marks_drawn = sum(len(trace.x or ()) for trace in fig.data)
    assert marks_drawn < 200 < len(national.facts()[national.facts()[Fact.INDICATOR_ID] == indicator])
    assert annotation(fig, "notes") is not None
    one_year = national.facts()[national.facts()[Fact.PERIOD] == "2023"]
    ranked = explorer.build(one_year, national.dataset.regions, national.dataset.clusters, lang=lang, catalog=national.catalog, indicator=indicator)
    (bars,) = [trace for trace in ranked.data if trace.type == "bar"]
    assert len(bars.x) == 2 * 10 and list(bars.x) == sorted(bars.x, reverse=True)


def test_the_explorer_falls_back_to_the_indicator_with_most_data(curated):
    assert chosen_indicator(curated.facts(), curated.catalog, "no_such_indicator") == default_indicator(curated.facts(), curated.catalog)
    assert chosen_indicator(curated.facts(), curated.catalog, "fiscal_revenue") == "fiscal_revenue"
    fig = curated.build(registry.BY_GRAPH[ids.INDICATOR_GRAPH], ("jiangxi",), "zh", indicator="fiscal_revenue")
    assert fig.layout.annotations[0].text == t("chart.no_data", "zh")


# --- the national data set ---------------------------------------------------------------------


@pytest.mark.parametrize("spec", registry.CHARTS, ids=lambda spec: spec.slug)
def test_every_chart_draws_the_national_data_or_closes(national, spec):
    """A chart draws (ranked, a few dozen marks) or is the "no data" figure; never a mark per fact."""
    fig = national.build(spec, (), "zh")
    if not fig.data:
        assert fig.layout.annotations[0].text == t("chart.no_data", "zh")
        return
    marks_drawn = sum(len(trace.x) if trace.x is not None else len(trace.ids or ()) for trace in fig.data)
    assert marks_drawn < 300


def test_the_national_themed_charts_compare_counties_that_exist(national):
    for graph in (ids.INCOME_GROWTH_GRAPH, ids.DIGITALIZATION_GRAPH, ids.AGRICULTURE_GRAPH):
        fig = national.build(registry.BY_GRAPH[graph], (), "en")
        assert fact_marks(fig), graph
        assert drawn_regions(fig, national.facts()) <= set(national.dataset.regions["region_id"])
