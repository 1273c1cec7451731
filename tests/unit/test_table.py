"""The data table: formatted values with units, a search over the filtered rows, sorting on the server, its CSV."""

import csv
import io

import pytest

from components.data.schema import Fact, qualifier_label, unit_label
from components.services import table as table_service
from components.services.table import TABLE_PAGE_SIZE, clean_sort
from components.text import t
from components.text.formatting import format_value
from components.web.table import table_children


def every_row(regions, lang, sort=None, search=""):
    first = table_service.table_view(regions, lang, 0, sort, search)
    return [row for page in range(first.pages) for row in table_service.table_view(regions, lang, page, sort, search).rows]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_row_shows_the_value_formatted_with_its_unit_and_qualifier(app_context, dataset, lang):
    rows = {row.fact_id: row for row in every_row(["zhangjiagang"], lang)}
    fact = dataset.facts.set_index(Fact.FACT_ID).loc["zjg_major_team_funding_cap_2021"]
    row = rows["zjg_major_team_funding_cap_2021"]
    assert row.value == format_value(fact[Fact.VALUE], fact[Fact.UNIT], fact[Fact.QUALIFIER], lang=lang)
    assert row.unit == unit_label("CNY", lang) and row.qualifier == qualifier_label("at_most", lang)
    assert "50000000" not in row.value  # the base value is the CSV's


def test_sorting_by_value_keeps_each_unit_together(app_context):
    """198000 mu is never next to 180000 yuan: by unit, then by value."""
    rows = every_row(["huanjiang"], "zh", {"column": "value", "direction": "desc"})
    units = [row.unit for row in rows]
    assert units == sorted(units)  # one run per unit
    by_unit: dict = {}
    for row in rows:
        by_unit.setdefault(row.unit, []).append(row.fact_id)
    assert len(by_unit) > 2


def test_pages_are_cut_and_sorted_over_every_row(app_context, dataset):
    """The table gets one page at a time, sorted over every row rather than within the page."""
    first = table_service.table_view([], "en", 0, {"column": "period", "direction": "desc"}, "")
    assert first.pages == -(-len(dataset.facts) // TABLE_PAGE_SIZE)
    periods = [str(p) for p in dataset.facts[Fact.PERIOD]]
    assert first.rows[0].fact_id in set(dataset.facts.loc[dataset.facts[Fact.PERIOD].astype(str) == max(periods), Fact.FACT_ID])
    last = table_service.table_view([], "en", first.pages - 1, None, "")
    assert len(last.rows) == len(dataset.facts) - (first.pages - 1) * TABLE_PAGE_SIZE
    assert table_service.table_view([], "en", first.pages + 5, None, "").page == first.pages - 1
    assert table_service.table_view([], "en", -3, None, "").page == 0


@pytest.mark.parametrize("search, expect", [("收入", "hj_urban_income_2020"), ("30356", "hj_urban_income_2020"), ("VR", "jx_vr_industry_growth_2019")])
def test_the_search_finds_rows_by_their_texts_and_numbers(app_context, search, expect):
    rows = every_row([], "zh", None, search)
    assert expect in {row.fact_id for row in rows}
    assert all(search.casefold() in " ".join([row.indicator, row.region, row.period, row.unit, row.qualifier, row.source_quote, row.value]).casefold()
               or search.isdigit() for row in rows)
    assert len(rows) < len(every_row([], "zh"))


def test_a_search_with_no_match_says_so(app_context):
    page = table_service.table_view([], "en", 0, None, "no such figure anywhere")
    assert page.total == 0 and not page.rows
    assert t("table.empty", "en") in str(table_children(page, "en"))


@pytest.mark.parametrize("payload", [None, "value", {"column": "__class__", "direction": "asc"}, {"column": "value", "direction": "sideways"}, ["value", "desc"]])
def test_a_bad_sort_is_no_sort(payload):
    assert clean_sort(payload) is None


def test_the_csv_holds_every_row_found_in_the_order_shown(app_context, dataset):
    body, name = table_service.table_csv(["huanjiang"], "en", {"column": "value", "direction": "desc"}, "收入")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert name == "facts_huanjiang_en.csv"
    shown = every_row(["huanjiang"], "en", {"column": "value", "direction": "desc"}, "收入")
    assert [row["fact_id"] for row in rows] == [row.fact_id for row in shown]
    assert all(float(row["value"]) == float(dataset.facts.set_index(Fact.FACT_ID).loc[row["fact_id"], Fact.VALUE]) for row in rows)


def test_the_rendered_table_names_every_control(app_context):
    """Headers sort (aria-sort on the sorted one), rows open provenance, the pager's buttons say where they go."""
    page = table_service.table_view([], "zh", 1, {"column": "value", "direction": "asc"}, "")
    html = str(table_children(page, "zh"))
    assert "aria-sort='ascending'" in html and html.count("aria-sort=") == 1
    for key in ("table.page_first_label", "table.page_previous_label", "table.page_next_label", "table.page_last_label"):
        assert t(key, "zh", page=1)[:2] in html
    assert html.count("data-fact-id") == len(page.rows)
    assert t("table.open", "zh", indicator=page.rows[0].indicator, region=page.rows[0].region, period=page.rows[0].period) in html
