"""National scale without timing: generator steps, the column-wise loader, province groups, the aggregated overview."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from components.web import ids
from components.cli import synthetic
from components.data.store import DataStore, current_store
from components.web.layout import region_options
from components.data.loader import DataValidationError, load_dataset
from components.data.regiongroups import PROVINCE_PREFIX
from components.data.schema import Fact
from components.web.urlstate import View, view_to_search
from components.web.callbacks import charts as chart_callbacks
from components.services import view as view_service
from components.services import table as table_service
from tests.conftest import build_chart, figure_catalog, make_config

# ~20,000 facts: 67 counties in 31 provinces, enough to group and aggregate.
SCALE = 0.0235


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    out = tmp_path_factory.mktemp("national")
    counts = synthetic.generate(out, scale=SCALE, seed=42)
    return out, counts


@pytest.fixture(scope="module")
def national_app(national, tmp_path_factory):
    from app import create_app

    out, _ = national
    return create_app(make_config(tmp_path_factory.mktemp("app"), out / "data", out / "seeds"))


@pytest.fixture
def national_context(national_app):
    with national_app.server.app_context():
        yield national_app


@pytest.mark.parametrize("scale, counties", [(0.001, 3), (0.01, 28), (0.1, 285), (1.0, 2850)])
def test_generator_steps_grow_tenfold_from_the_curated_size(scale, counties):
    """1x is the curated data's order (3 counties, 900 facts), then 10x, 100x and all 2,850 counties."""
    kept = synthetic.counties_for(scale)
    assert len(kept) == counties
    assert len({c[0] for c in kept}) == counties


def test_full_scale_keeps_every_province_its_real_number_of_counties():
    """At 1.0 each province keeps all its county-level divisions, so the full set is 855,000 facts."""
    assert synthetic.counties_kept(1.0) == [p[3] for p in synthetic.PROVINCES]
    assert synthetic.COUNTIES * len(synthetic.YEARS) * len(synthetic.INDICATORS) == 855_000


def test_a_20k_fact_national_set_loads_with_categorical_columns(national):
    """Every generated fact validates; repeated texts are held as categoricals, values as floats."""
    out, counts = national
    dataset = load_dataset(out / "data", out / "seeds")
    assert len(dataset.facts) == counts["facts"] > 19_000
    assert dataset.facts[Fact.VALUE].dtype == "float64"
    assert dataset.facts[Fact.DERIVED].dtype == "bool"
    for column in (Fact.REGION_ID, Fact.INDICATOR_ID, Fact.PERIOD, Fact.SOURCE_QUOTE):
        assert isinstance(dataset.facts[column].dtype, pd.CategoricalDtype), column


def test_broken_rows_of_a_large_set_are_reported_in_row_order(national, tmp_path):
    """Column-wise checks still name file, row and column, row by row, each row's problems in check order."""
    out, _ = national
    facts_path = out / "data" / "facts" / synthetic.FACTS_FILE
    with open(facts_path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[15_000].update(period="2021Q5", unit="万元")
    rows[30].update(value="abc")
    rows[12_000][Fact.FACT_ID] = rows[11_999][Fact.FACT_ID]
    data = tmp_path / "data"
    (data / "facts").mkdir(parents=True)
    (data / "regions").mkdir()
    (data / "regions" / "regions.csv").write_bytes((out / "data" / "regions" / "regions.csv").read_bytes())
    (data / "metadata.json").write_bytes((out / "data" / "metadata.json").read_bytes())
    with open(data / "facts" / synthetic.FACTS_FILE, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(DataValidationError) as info:
        load_dataset(data, out / "seeds")
    found = [(p.row, p.column) for p in info.value.problems]
    label = f"facts/{synthetic.FACTS_FILE}"
    assert all(p.file == label for p in info.value.problems)
    # CSV row = index + 2 (the header is row 1). The wrong unit is also another
    # unit for the indicator and contradicts the quote, reported in that order.
    assert found == [
        (32, Fact.VALUE),
        (12_002, Fact.FACT_ID),
        (15_002, Fact.PERIOD),
        (15_002, Fact.UNIT),
        (15_002, Fact.INDICATOR_ID),
        (15_002, Fact.UNIT),
    ]
    assert f"first defined at {label} row 12001" in info.value.problems[1].message


def test_province_groups_pass_through_the_url(national_context):
    """A province of the filter is one of its choices and is kept in the URL as province:<id>.

    The page reads the URL with the filter's choices as the known ids
    (tests/browser/test_viewstate.py reads province:<id> back).
    """
    store = current_store()
    known = store.selectable_ids()
    assert "province:hebei" in known and "hebei_001" in known
    # The filter offers every selectable id that selects something: the
    # province rows themselves hold no facts (their counties do).
    offered = {o["value"] for o in region_options(store.regions(), "zh", store.catalog, store.with_data())}
    empty = {r for r in store.region_ids() if not len(store.facts((r,)))}
    assert "hebei" in empty and offered == set(known) - empty
    assert view_to_search(View(("hebei_001", "province:hebei"), "zh"), "zh") == "?region=hebei_001,province:hebei"


def test_a_province_selects_all_its_counties_and_nothing_else(national_context):
    """The filter value province:<id> means the facts of every county under that province."""
    store = current_store()
    kept, valid = view_service.clean_regions(["province:hebei"], store.selectable_ids())
    assert valid and kept == ("province:hebei",)
    members = store.expand(kept)
    assert members and all(m.startswith("hebei_") for m in members)
    facts = store.facts(kept)
    assert set(facts[Fact.REGION_ID]) == set(members)
    assert len(facts) == len(members) * len(synthetic.YEARS) * len(synthetic.INDICATORS)
    page = table_service.table_view(["province:hebei"], "zh", 0, None, "")
    assert page.rows and page.pages == -(-len(facts) // 20)
    assert store.selection_label("province:hebei", "zh") == "河北"


def test_region_options_offer_provinces_and_name_counties_by_province(national):
    """Typing a province's name finds its group option and every county in it."""
    out, _ = national
    loaded = load_dataset(out / "data", out / "seeds")
    regions = loaded.regions
    with_data = frozenset(loaded.facts["region_id"].astype(str))
    options = region_options(regions, "zh", figure_catalog(loaded), with_data)
    values = [o["value"] for o in options]
    group = values.index("province:hebei")
    assert "河北" in options[group]["label"] and "全部" in options[group]["label"]
    counties = [o for o in options if o["value"].startswith("hebei_")]
    assert counties and values[group + 1] == counties[0]["value"]
    assert all(o["label"].startswith("河北 · ") for o in counties)
    assert len(options) == len(with_data) + len({o["value"] for o in options if o["value"].startswith(PROVINCE_PREFIX)})
    # No bare province next to "河北(全部 N 个)": it would empty the page.
    assert "hebei" not in values and set(values) - {v for v in values if v.startswith(PROVINCE_PREFIX)} == with_data
    count = sum(1 for v in values if v.startswith("hebei_"))
    assert str(count) in options[group]["label"]


def test_the_filter_never_offers_a_region_without_facts_or_clusters(tmp_path):
    """A region row with neither (fictional data) is not a choice; one with only clusters is."""
    from tests.fixtures.fictional import write_fictional

    data, seeds, _ = write_fictional(tmp_path, 2)
    regions_file = sorted((data / "regions").glob("*.csv"))[-1]
    with regions_file.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    row = {"region_id": "fictional_empty", "name_zh": "空县(虚构)", "name_en": "Empty County (fictional)", "level": "county",
           "province_zh": "虚构省", "province_en": "Fictional Province", "lat": "30", "lon": "110"}
    with regions_file.open("a", encoding="utf-8", newline="") as out:
        csv.DictWriter(out, header, restval="").writerow(row)
    loaded = load_dataset(data, seeds)
    store = DataStore(loaded)
    assert "fictional_empty" in store.region_ids() and "fictional_empty" not in store.with_data()
    for lang in ("zh", "en"):
        values = [o["value"] for o in region_options(store.regions(), lang, store.catalog, store.with_data())]
        assert "fictional_empty" not in values
        assert set(values) == store.with_data()
        assert set(loaded.clusters["region_id"]) <= set(values)


def test_curated_region_options_stay_a_plain_list(dataset):
    """With a handful of regions there are no groups: one option per region, its own name."""
    options = region_options(dataset.regions, "en", figure_catalog(dataset))
    assert [o["value"] for o in options] == list(dataset.regions["region_id"])
    assert not any(PROVINCE_PREFIX in o["value"] for o in options)


def test_overview_of_many_regions_draws_one_row_per_province(national):
    """Over 30 regions the overview aggregates to provinces; a row's click selects the province."""
    out, _ = national
    dataset = load_dataset(out / "data", out / "seeds")
    fig = build_chart(ids.OVERVIEW_GRAPH, dataset, (), "zh")
    custom = fig.data[0].customdata
    assert all(str(point[0]).startswith(PROVINCE_PREFIX) for point in custom)
    provinces = {point[0] for point in custom}
    assert len(provinces) <= len(synthetic.PROVINCES) < dataset.facts[Fact.REGION_ID].nunique()
    assert sum(point[2] for point in custom) == len(dataset.facts)
    assert len(custom) == len(provinces)  # one row each


def test_the_overview_offers_provinces_the_filter_can_take(national_context):
    """A click on a province column hands the page a selectable id (the page sets the filter to it)."""
    store = current_store()
    overview = chart_callbacks.update_charts([], "zh")["graphs"][ids.OVERVIEW_GRAPH]["figure"]
    clicked = {point[0] for point in overview["data"][0]["customdata"]}
    assert "province:hebei" in clicked and clicked <= set(store.selectable_ids())


def test_charts_of_a_province_selection_build(national_context):
    """The chart callback answers a province selection with every graph filled."""
    graphs = chart_callbacks.update_charts(["province:hebei"], "en")["graphs"]
    overview = graphs[ids.OVERVIEW_GRAPH]["figure"]
    assert {point[0] for point in overview["data"][0]["customdata"]} <= set(current_store().expand(("province:hebei",)))
