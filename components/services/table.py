"""The data table: one page of the filtered facts, searched and sorted on the server, and its CSV.

The browser never receives every row: at national size a view holds
hundreds of thousands of facts, so the table is searched, sorted and paged
here and only the page shown travels. Each row reads as a reader expects:
the value formatted with its unit and qualifier ("≤600万元"), its unit and
qualifier by name; the base value stays in the CSV.

A table view is (regions, language, sort, search, page), each untrusted:
``clean_sort`` and ``clean_search`` fall back to no sort and no search.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from components.data.schema import Fact, qualifier_label, unit_label
from components.data.store import current_store
from components.services.downloads import facts_csv, regions_stem
from components.services.view import clean_lang, clean_regions
from components.text import t
from components.text.formatting import format_period, format_value

TABLE_PAGE_SIZE = 20
MAX_SEARCH = 100  # characters of a search; longer ones are cut

# column id -> text key of its header, in the order shown. The table is for
# reading; the base value is the CSV's (components.services.downloads).
TABLE_COLUMNS = (
    ("indicator", "table.col.indicator"),
    ("region", "table.col.region"),
    ("period", "table.col.period"),
    ("value", "table.col.value"),
    ("unit", "table.col.unit"),
    ("qualifier", "table.col.qualifier"),
    ("derived", "table.col.derived"),
    ("source_quote", "table.col.quote"),
)
SORTABLE = ("indicator", "region", "period", "value", "unit", "qualifier", "derived")
DIRECTIONS = ("asc", "desc")


@dataclass(frozen=True)
class TableRow:
    """One fact as the table shows it."""

    fact_id: str
    indicator: str
    region: str
    period: str
    value: str  # formatted, with unit and qualifier
    unit: str
    qualifier: str
    derived: str
    source_quote: str
    source_file: str


@dataclass(frozen=True)
class TablePage:
    rows: tuple[TableRow, ...]
    page: int  # the page shown (0-based), after clamping
    pages: int
    total: int  # rows after the search
    sort: dict | None
    search: str


def clean_sort(sort: object) -> dict | None:
    """{"column", "direction"} of a sortable column, or None (the data's own order)."""
    if not isinstance(sort, dict):
        return None
    column, direction = sort.get("column"), sort.get("direction")
    if column in SORTABLE and direction in DIRECTIONS:
        return {"column": column, "direction": direction}
    return None


def clean_search(search: object) -> str:
    return search.strip()[:MAX_SEARCH] if isinstance(search, str) else ""


def _per_category(column: pd.Series, func) -> np.ndarray:
    """``func`` of each cell, computed once per distinct value (the loader keeps texts categorical)."""
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    return np.array([func(value) for value in np.asarray(uniques, dtype=object)], dtype=object)[codes] if len(column) else np.array([], dtype=object)


def _labels(facts: pd.DataFrame, lang: str) -> dict[str, np.ndarray]:
    """The shown text of every searchable and sortable column, computed per distinct value."""
    catalog = current_store().catalog
    indicator = Fact.INDICATOR_ZH if lang == "zh" else Fact.INDICATOR_EN
    yes, no = t("word.yes", lang), t("word.no", lang)
    return {
        "indicator": _per_category(facts[indicator], str),
        "region": _per_category(facts[Fact.REGION_ID], lambda r: catalog.region(str(r)).name(lang)),
        "period": _per_category(facts[Fact.PERIOD], lambda p: format_period(str(p), lang=lang)),
        "unit": _per_category(facts[Fact.UNIT], lambda u: unit_label(str(u), lang)),
        "qualifier": _per_category(facts[Fact.QUALIFIER], lambda q: qualifier_label(str(q), lang)),
        "derived": np.where(facts[Fact.DERIVED].to_numpy(dtype=bool), yes, no),
        "source_quote": _per_category(facts[Fact.SOURCE_QUOTE], str),
    }


def _matches(facts: pd.DataFrame, labels: dict[str, np.ndarray], search: str) -> np.ndarray:
    """Rows any of whose shown texts (or the value's digits) contain the search, case-insensitively."""
    needle = search.casefold()
    found = np.zeros(len(facts), dtype=bool)
    for column in ("indicator", "region", "period", "unit", "qualifier", "source_quote"):
        values = labels[column]
        # Each distinct text is tested once: a national view repeats a few thousand.
        codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=False)
        hits = np.array([needle in str(u).casefold() for u in uniques], dtype=bool)
        found |= hits[codes] if len(codes) else found
    values = facts[Fact.VALUE].to_numpy(dtype=float)
    found |= np.array([needle in f"{v:g}" for v in values], dtype=bool) if needle.replace(".", "").isdigit() else False
    return found


def _order(facts: pd.DataFrame, labels: dict[str, np.ndarray], sort: dict | None) -> np.ndarray:
    """Positions in the order shown: the data's own, or stably sorted by one column."""
    positions = np.arange(len(facts))
    if sort is None:
        return positions
    ascending = sort["direction"] == "asc"
    if sort["column"] == "value":
        # By unit, then by value: 198000 mu is never next to 180000 yuan.
        frame = pd.DataFrame({"unit": labels["unit"], "value": facts[Fact.VALUE].to_numpy(dtype=float)})
        return frame.sort_values(["unit", "value"], ascending=[True, ascending], kind="stable").index.to_numpy()
    if sort["column"] == "period":
        keys = facts[Fact.PERIOD].astype(str).to_numpy(dtype=object)
    else:
        keys = labels[sort["column"]]
    return pd.Series(keys, dtype=object).sort_values(ascending=ascending, kind="stable").index.to_numpy()


def _rows(facts: pd.DataFrame, labels: dict[str, np.ndarray], positions: np.ndarray, lang: str) -> tuple[TableRow, ...]:
    part = facts.take(positions)
    values = [format_value(v, u, q, lang=lang) for v, u, q in zip(part[Fact.VALUE], part[Fact.UNIT], part[Fact.QUALIFIER])]
    return tuple(
        TableRow(str(fact_id), *(str(labels[c][p]) for c in ("indicator", "region", "period")), value, *(str(labels[c][p]) for c in ("unit", "qualifier", "derived", "source_quote")), str(source))
        for fact_id, p, value, source in zip(part[Fact.FACT_ID], positions, values, part[Fact.SOURCE_FILE])
    )


def _shown(facts: pd.DataFrame, lang: str, sort: dict | None, search: str) -> tuple[dict, np.ndarray]:
    """(labels, positions of the rows shown, in order) after the search and the sort."""
    labels = _labels(facts, lang)
    positions = _order(facts, labels, sort)
    if search:
        positions = positions[_matches(facts, labels, search)[positions]]
    return labels, positions


def table_page(facts: pd.DataFrame, lang: str, page: object, sort: object, search: object) -> TablePage:
    """One page of the searched and sorted table; a bad page number means the nearest page."""
    sort, search = clean_sort(sort), clean_search(search)
    if sort is None and not search:
        # Neither sorted nor searched: label only the rows shown (at 855,000
        # facts labelling every row would cost seconds).
        total = len(facts)
        pages = max(1, -(-total // TABLE_PAGE_SIZE))
        page = _page(page, pages)
        part = facts.iloc[page * TABLE_PAGE_SIZE : (page + 1) * TABLE_PAGE_SIZE].reset_index(drop=True)
        labels = _labels(part, lang)
        return TablePage(_rows(part, labels, np.arange(len(part)), lang), page, pages, total, None, "")
    labels, positions = _shown(facts, lang, sort, search)
    total = len(positions)
    pages = max(1, -(-total // TABLE_PAGE_SIZE))
    page = _page(page, pages)
    shown = positions[page * TABLE_PAGE_SIZE : (page + 1) * TABLE_PAGE_SIZE]
    return TablePage(_rows(facts, labels, shown, lang), page, pages, total, sort, search)


def _page(page: object, pages: int) -> int:
    if not isinstance(page, int) or isinstance(page, bool):
        return 0
    return min(max(page, 0), pages - 1)


def table_view(regions, lang, page, sort, search) -> TablePage:
    """One page of an untrusted view's table."""
    store = current_store()
    kept, _ = clean_regions(regions, store.selectable_ids())
    lang, _ = clean_lang(lang)
    return table_page(store.facts(kept).reset_index(drop=True), lang, page, sort, search)


def table_csv(regions, lang, sort, search=None) -> tuple[str, str]:
    """(csv text, file name) of the table's rows, searched and in the order shown: what the reader sees, every page."""
    store = current_store()
    kept, _ = clean_regions(regions, store.selectable_ids())
    lang, _ = clean_lang(lang)
    facts = store.facts(kept).reset_index(drop=True)
    _, positions = _shown(facts, lang, clean_sort(sort), clean_search(search))
    name = f"facts_{regions_stem(kept)}_{lang}.csv"
    return facts_csv(facts.take(positions).reset_index(drop=True)), name


def column_names(lang: str) -> list[tuple[str, str]]:
    """(column id, header) in the order shown."""
    return [(column, t(key, lang)) for column, key in TABLE_COLUMNS]

