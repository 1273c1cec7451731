"""The data table: one page of the filtered facts, sorted on the server, and its CSV.

The browser never receives every row: at national size a view holds
hundreds of thousands of facts, so the table is paged and sorted here and
only the page shown travels.
"""

from __future__ import annotations

import pandas as pd

from components.data.schema import QUALIFIERS, Fact, Region, qualifier_label, unit_label
from components.data.store import current_store
from components.services.downloads import facts_csv, regions_stem
from components.services.view import clean_lang, clean_regions
from components.text.formatting import format_value
from components.text import t

TABLE_PAGE_SIZE = 20

# column id -> text key of its header, in the order shown.
TABLE_COLUMNS = (
    ("region", "table.col.region"),
    ("indicator", "table.col.indicator"),
    ("period", "table.col.period"),
    ("display", "table.col.display"),
    ("value", "table.col.value"),
    ("unit", "table.col.unit"),
    ("qualifier", "table.col.qualifier"),
    ("derived", "table.col.derived"),
    ("source_quote", "table.col.quote"),
)


def table_frame(facts: pd.DataFrame, regions: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table's rows: one per fact, labelled in the language; ``id`` is the fact_id."""
    catalog = current_store().catalog
    names = {r: catalog.region(r).name(lang) for r in regions[Region.REGION_ID].astype(str)}
    qual_names = {q: qualifier_label(q, lang) for q in QUALIFIERS}
    return pd.DataFrame(
        {
            "id": facts[Fact.FACT_ID].astype(str),
            "region": facts[Fact.REGION_ID].map(names).astype(str),
            "indicator": facts[Fact.INDICATOR_ZH if lang == "zh" else Fact.INDICATOR_EN].astype(str),
            "period": facts[Fact.PERIOD].astype(str),
            "display": [
                format_value(v, u, q, lang=lang)
                for v, u, q in zip(facts[Fact.VALUE], facts[Fact.UNIT], facts[Fact.QUALIFIER])
            ],
            "value": facts[Fact.VALUE].astype(float),
            # Sorting by the base value means most next to its unit: 198000 mu is not 180000 yuan.
            "unit": facts[Fact.UNIT].astype(str).map(lambda u: unit_label(u, lang)),
            "qualifier": facts[Fact.QUALIFIER].map(qual_names).astype(str),
            "derived": facts[Fact.DERIVED].map({True: t("word.yes", lang), False: t("word.no", lang)}).astype(str),
            "source_quote": facts[Fact.SOURCE_QUOTE].astype(str),
        }
    )


def table_columns(lang: str) -> list[dict]:
    columns = []
    for col_id, key in TABLE_COLUMNS:
        col = {"id": col_id, "name": t(key, lang)}
        if col_id == "value":
            col["type"] = "numeric"
        columns.append(col)
    return columns


def table_page(facts: pd.DataFrame, regions: pd.DataFrame, lang: str, page: object, sort_by: object) -> tuple[list[dict], int]:
    """(records of one page of the sorted table, number of pages); a bad page number means the first."""
    pages = max(1, -(-len(facts) // TABLE_PAGE_SIZE))
    if not isinstance(page, int) or isinstance(page, bool) or not 0 <= page < pages:
        page = 0
    if not (isinstance(sort_by, list) and sort_by):
        # Unsorted: label only the rows shown (at 855,000 facts labelling
        # every row would cost seconds).
        facts = facts.iloc[page * TABLE_PAGE_SIZE : (page + 1) * TABLE_PAGE_SIZE]
        return table_frame(facts, regions, lang).to_dict("records"), pages
    shown = sort_table(table_frame(facts, regions, lang), sort_by)
    return shown.iloc[page * TABLE_PAGE_SIZE : (page + 1) * TABLE_PAGE_SIZE].to_dict("records"), pages


def sort_table(frame: pd.DataFrame, sort_by: object) -> pd.DataFrame:
    """Apply a DataTable ``sort_by`` payload the way the table shows it."""
    if not isinstance(sort_by, list):
        return frame
    for spec in reversed(sort_by[:5]):
        if not isinstance(spec, dict):
            continue
        column, direction = spec.get("column_id"), spec.get("direction")
        if isinstance(column, str) and column in frame.columns and direction in ("asc", "desc"):
            frame = frame.sort_values(column, ascending=direction == "asc", kind="stable")
    return frame


def table_view(regions, lang, page_current, sort_by) -> tuple[list[dict], list[dict], int]:
    """(rows, columns, pages) of one page of an untrusted view's table."""
    store = current_store()
    kept, _ = clean_regions(regions, store.selectable_ids())
    lang, _ = clean_lang(lang)
    rows, pages = table_page(store.facts(kept), store.regions(), lang, page_current, sort_by)
    return rows, table_columns(lang), pages


def table_csv(regions, lang, sort_by) -> tuple[str, str]:
    """(csv text, file name) of the table's rows in the order shown."""
    store = current_store()
    kept, _ = clean_regions(regions, store.selectable_ids())
    lang, _ = clean_lang(lang)
    facts = store.facts(kept)
    shown = sort_table(table_frame(facts, store.regions(), lang), sort_by)
    ordered = facts.set_index(Fact.FACT_ID, drop=False).loc[shown["id"]].reset_index(drop=True)
    name = f"facts_{regions_stem(kept)}_{lang}.csv"
    return facts_csv(ordered), name
