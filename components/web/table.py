"""The data table as HTML: a page of facts, sortable headers, a pager; every control a real button.

Rendered on the server from a ``services.table.TablePage``. The buttons
carry what they do as data attributes (``data-fact-id``, ``data-sort-column``,
``data-page``) and one browser script (assets/table.js) turns a press into
the provenance selection, the sort or the page; the container names the
stores they set. Each row's indicator is a button, so a keyboard reaches
every number's provenance; at phone width each row reads as a card (each
cell labelled, style.css).
"""

from __future__ import annotations

from dash import html

from components.services.table import SORTABLE, TablePage, column_names
from components.text import t
from components.web import ids

ARROWS = {"asc": "▲", "desc": "▼"}
ARIA_SORT = {"asc": "ascending", "desc": "descending"}


def _header(column: str, name: str, sort: dict | None, lang: str) -> html.Th:
    if column not in SORTABLE:
        return html.Th(name, scope="col")
    current = sort["direction"] if sort and sort["column"] == column else None
    following = "desc" if current == "asc" else "asc"
    return html.Th(
        html.Button(
            [name, html.Span(ARROWS.get(current, "↕"), className="sort-mark", **{"aria-hidden": "true"})],
            type="button",
            className="sort-button",
            title=t(f"table.sort_{following}", lang, column=name),
            **{"data-sort-column": column, "data-sort-direction": following},
        ),
        scope="col",
        **({"aria-sort": ARIA_SORT[current]} if current else {}),
    )


def _pager(page: TablePage, lang: str) -> html.Nav:
    last = page.pages - 1
    targets = (("first", 0), ("previous", max(page.page - 1, 0)), ("next", min(page.page + 1, last)), ("last", last))
    buttons = [
        html.Button(
            t(f"table.page_{name}", lang),
            type="button",
            className="button button-small",
            disabled=target == page.page,
            **{"data-page": str(target), "aria-label": t(f"table.page_{name}_label", lang, page=target + 1)},
        )
        for name, target in targets
    ]
    position = html.Span(t("table.page_of", lang, page=page.page + 1, pages=page.pages), className="table-position")
    return html.Nav([*buttons[:2], position, *buttons[2:]], className="table-pager", **{"aria-label": t("table.pager", lang)})


def table_children(page: TablePage, lang: str) -> list:
    """The status line, the table of one page and its pager."""
    names = column_names(lang)
    status = t("table.status_search", lang, total=page.total, search=page.search) if page.search else t("table.status", lang, total=page.total)
    if not page.rows:
        return [html.P(status, className="table-status", role="status"), html.P(t("table.empty", lang), className="hint")]
    body = []
    for row in page.rows:
        cells = [
            html.Td(
                html.Button(
                    row.indicator,
                    type="button",
                    className="fact-link",
                    **{"data-fact-id": row.fact_id, "aria-label": t("table.open", lang, indicator=row.indicator, region=row.region, period=row.period)},
                ),
                **{"data-label": names[0][1]},
            ),
            *(html.Td(getattr(row, column), className=f"cell-{column}", **{"data-label": name}) for column, name in names[1:]),
        ]
        body.append(html.Tr(cells))
    table = html.Table(
        [
            html.Caption(t("table.caption", lang), className="visually-hidden"),
            html.Thead(html.Tr([_header(column, name, page.sort, lang) for column, name in names])),
            html.Tbody(body),
        ],
        className="facts",
    )
    return [html.P(status, className="table-status", role="status"), html.Div(table, className="table-scroll"), _pager(page, lang)]


def table_container() -> html.Div:
    """The box the table is rendered into; it names the stores its buttons set (assets/table.js)."""
    return html.Div(
        id=ids.FACTS_TABLE,
        className="facts-table",
        **{
            "data-provenance-store": ids.PROVENANCE_STORE,
            "data-sort-store": ids.FACTS_TABLE_SORT,
            "data-page-store": ids.FACTS_TABLE_PAGE,
        },
    )
