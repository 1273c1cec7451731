"""URL <-> region filter + explorer indicator + language, in the browser (assets/view-state.js).

One browser-side callback per direction. A filter change fires only the
chart callback (which waits for any callback that may set the filter); the
URL follows once the charts are drawn (charts-settled), so a filter change
never waits for it. A click on the overview sets the filter.
"""

from __future__ import annotations

from dash import Input, Output, State

from components.web import ids
from components.web.callbacks.wiring import clientside

# What the page updates after the charts of a view are drawn (assets/charts.js).
AFTER_CHARTS = Input(ids.CHARTS_SETTLED, "data")
VIEW_STATES = (State(ids.REGION_FILTER, "value"), State(ids.LANG_TOGGLE, "value"), State(ids.INDICATOR_SELECT, "value"))
# The filter's choices are exactly the selectable ids (layout.region_options),
# the explorer's exactly the indicators of the data.
KNOWN = (State(ids.REGION_FILTER, "options"), State(ids.INDICATOR_SELECT, "options"))
SETTINGS = State(ids.PAGE_SETTINGS, "data")


def view_outputs(again: bool = False) -> tuple:
    """URL, filter, language, indicator and notice: what both directions may set (the second with allow_duplicate)."""
    props = ((ids.URL, "search"), (ids.REGION_FILTER, "value"), (ids.LANG_TOGGLE, "value"), (ids.INDICATOR_SELECT, "value"), (ids.NOTICE, "children"))
    return tuple(Output(component, prop, allow_duplicate=again) for component, prop in props)


def drawn_view(settled: object) -> tuple[object, object]:
    """(regions, language) of the view the charts show, from the charts-settled payload (untrusted; cleaned by the caller)."""
    view = settled.get("view") if isinstance(settled, dict) else None
    if not isinstance(view, dict):
        return None, None
    return view.get("regions"), view.get("lang")


def drawn_indicator(settled: object) -> object:
    """The explorer's indicator of the view the charts show (untrusted)."""
    view = settled.get("view") if isinstance(settled, dict) else None
    return view.get("indicator") if isinstance(view, dict) else None


# The table's part of the view: its sort and search (the URL holds them too).
TABLE_STATES = (State(ids.FACTS_TABLE_SORT, "data"), State(ids.FACTS_TABLE_SEARCH, "value"))

# The URL (page load, back/forward) or a click on the overview -> the view.
clientside(
    "viewFromUrl",
    *view_outputs(),
    Output(ids.FACTS_TABLE_SORT, "data"),
    Output(ids.FACTS_TABLE_SEARCH, "value"),
    Input(ids.URL, "search"),
    Input(ids.OVERVIEW_GRAPH, "clickData"),
    *KNOWN,
    *VIEW_STATES,
    *TABLE_STATES,
    SETTINGS,
)
# The view's charts drawn, or the table sorted or searched -> the URL of the
# view, and for a bad filter or language value the corrected one with a notice.
clientside(
    "viewToUrl",
    *view_outputs(again=True),
    AFTER_CHARTS,
    Input(ids.FACTS_TABLE_SORT, "data"),
    Input(ids.FACTS_TABLE_SEARCH, "value"),
    *VIEW_STATES,
    *KNOWN,
    State(ids.URL, "search"),
    State(ids.NOTICE, "children"),
    SETTINGS,
    prevent_initial_call=True,
)
