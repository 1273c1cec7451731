"""The explorer's table: the numbers its chart draws, once the chart is drawn."""

from __future__ import annotations

from dash import Output, html

from components.services.charts import explorer_table
from components.services.view import clean_lang
from components.text import t
from components.web import ids
from components.web.callbacks.view import AFTER_CHARTS, drawn_indicator, drawn_view
from components.web.callbacks.wiring import wires


def table_children(rows: list[dict], lang: str) -> list:
    """A plain <table> of region, period and value (text only: every cell is data)."""
    if not rows:
        return [html.P(t("explorer.table.empty", lang), className="hint")]
    head = html.Thead(html.Tr([html.Th(t(f"explorer.table.{column}", lang), scope="col") for column in ("region", "period", "value")]))
    body = html.Tbody([html.Tr([html.Td(row["region"]), html.Td(row["period"]), html.Td(row["value"])], **{"data-fact-id": row["fact_id"]}) for row in rows])
    return [html.Table([head, body], className="explorer-numbers")]


@wires(Output(ids.INDICATOR_TABLE, "children"), AFTER_CHARTS, prevent_initial_call=True)
def update_explorer_table(settled):
    """The drawn view -> the explorer's numbers as a table."""
    regions, lang = drawn_view(settled)
    lang, _ = clean_lang(lang)
    return table_children(explorer_table(regions, lang, drawn_indicator(settled)), lang)
