"""Region filter + language + the explorer's indicator -> every chart, through one store.

The chart callback answers one store (``ids.CHART_DATA``) with every chart
of the view (services.charts.chart_view, cached per view); a browser-side
callback (assets/clientside.js ``applyCharts``) hands each graph only what
changed, closes the boxes of charts without data, and once they are drawn
sets charts-settled, which the table, the export data and the URL follow.
"""

from __future__ import annotations

import logging

from dash import Input, Output, ctx

from components.charts.registry import GRAPHS
from components.services.cache import forget_pending_response
from components.services.charts import chart_view, failed_view
from components.services.view import clean_indicator, clean_lang, clean_view
from components.web import ids
from components.web.callbacks.view import SETTINGS
from components.web.callbacks.wiring import clientside, wires

log = logging.getLogger("dashboard.callbacks")

# Named, because the response cache (components.web.http.responses)
# recognises this callback's requests by them.
CHART_OUTPUT = Output(ids.CHART_DATA, "data")
CHART_INPUTS = (Input(ids.REGION_FILTER, "value"), Input(ids.LANG_TOGGLE, "value"), Input(ids.INDICATOR_SELECT, "value"))


def charts_failed(error: Exception) -> dict:
    """The chart callback's answer when building the view failed.

    Every chart closes to a line that says it could not be drawn, and the
    view settles as usual, so the table, the export data and the URL still
    follow the filter. The answer is not cached: the next request tries again.
    """
    log.error("chart callback failed", exc_info=error)
    forget_pending_response()
    inputs = ctx.inputs if ctx else {}
    regions, lang = inputs.get(f"{ids.REGION_FILTER}.value"), inputs.get(f"{ids.LANG_TOGGLE}.value")
    indicator = inputs.get(f"{ids.INDICATOR_SELECT}.value")
    try:
        kept, lang = clean_view(regions, lang)
        indicator = clean_indicator(indicator)
    except Exception:  # noqa: BLE001 - the data itself may be what failed
        kept, lang, indicator = (), clean_lang(lang)[0], None
    return failed_view(kept, lang, indicator)


@wires(CHART_OUTPUT, *CHART_INPUTS, on_error=charts_failed)
def update_charts(regions, lang, indicator=None):
    """{"graphs": graph id -> chart item, "view": the regions, language and explorer indicator drawn}."""
    return chart_view(regions, lang, indicator)


# The store -> each graph's figure, height, description and box, in the browser.
clientside(
    "applyCharts",
    *[Output(graph, "figure") for graph in GRAPHS],
    *[Output(graph, "style") for graph in GRAPHS],
    *[Output(ids.description_id(graph), "children") for graph in GRAPHS],
    *[Output(ids.chart_body_id(graph), "className") for graph in GRAPHS],
    Input(ids.CHART_DATA, "data"),
    SETTINGS,
    prevent_initial_call=True,
)
