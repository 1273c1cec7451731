"""The table follows the drawn charts; its download holds exactly the rows shown."""

from __future__ import annotations

from dash import Input, Output, State, dcc

from components.services.table import table_csv, table_view
from components.web import ids
from components.web.callbacks.view import AFTER_CHARTS, drawn_view
from components.web.callbacks.wiring import wires


@wires(
    Output(ids.FACTS_TABLE, "data"),
    Output(ids.FACTS_TABLE, "columns"),
    Output(ids.FACTS_TABLE, "page_count"),
    AFTER_CHARTS,
    Input(ids.FACTS_TABLE, "page_current"),
    Input(ids.FACTS_TABLE, "sort_by"),
    prevent_initial_call=True,
)
def update_table(settled, page_current, sort_by):
    """The table of the view the charts show, one page sorted on the server."""
    return table_view(*drawn_view(settled), page_current, sort_by)


@wires(
    Output(ids.FACTS_DOWNLOAD, "data"),
    Input(ids.FACTS_DOWNLOAD_BUTTON, "n_clicks"),
    State(ids.REGION_FILTER, "value"),
    State(ids.LANG_TOGGLE, "value"),
    State(ids.FACTS_TABLE, "sort_by"),
    prevent_initial_call=True,
)
def download_table(n_clicks, regions, lang, sort_by):
    body, name = table_csv(regions, lang, sort_by)
    return dcc.send_string(body, name)
