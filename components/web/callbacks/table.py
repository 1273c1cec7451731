"""The table follows the drawn charts, its sort, page and search; its download holds exactly the rows shown."""

from __future__ import annotations

from dash import Input, Output, State, dcc

from components.services.table import table_csv, table_view
from components.services.view import clean_lang
from components.web import ids
from components.web.callbacks.view import AFTER_CHARTS, drawn_view
from components.web.callbacks.wiring import triggered_id, wires
from components.web.table import table_children


@wires(
    Output(ids.FACTS_TABLE, "children"),
    AFTER_CHARTS,
    Input(ids.FACTS_TABLE_SORT, "data"),
    Input(ids.FACTS_TABLE_PAGE, "data"),
    Input(ids.FACTS_TABLE_SEARCH, "value"),
    prevent_initial_call=True,
)
def update_table(settled, sort, page, search):
    """One page of the table of the view the charts show, searched and sorted on the server.

    A new search or sort starts at the first page; the page store itself is
    the buttons' (assets/table.js).
    """
    regions, lang = drawn_view(settled)
    if triggered_id() in (ids.FACTS_TABLE_SEARCH, ids.FACTS_TABLE_SORT):
        page = 0
    return table_children(table_view(regions, lang, page, sort, search), clean_lang(lang)[0])


@wires(
    Output(ids.FACTS_DOWNLOAD, "data"),
    Input(ids.FACTS_DOWNLOAD_BUTTON, "n_clicks"),
    State(ids.REGION_FILTER, "value"),
    State(ids.LANG_TOGGLE, "value"),
    State(ids.FACTS_TABLE_SORT, "data"),
    State(ids.FACTS_TABLE_SEARCH, "value"),
    prevent_initial_call=True,
)
def download_table(n_clicks, regions, lang, sort, search):
    body, name = table_csv(regions, lang, sort, search)
    return dcc.send_string(body, name)
