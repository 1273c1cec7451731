"""A click on any chart mark or table cell -> the provenance panel."""

from __future__ import annotations

from dash import Input, Output, ctx, no_update

from components.charts.registry import SELECTS_CLUSTER, SELECTS_FACT, graphs_selecting
from components.data.schema import Cluster, Fact
from components.data.store import current_store
from components.services.view import clean_lang, clicked_id
from components.web import ids
from components.web.callbacks.view import SETTINGS
from components.web.callbacks.wiring import clientside, wires
from components.web.provenance import cluster_panel, empty_panel, fact_panel

# The graphs whose marks are facts, and those whose marks are cluster areas
# (the overview's marks are regions: a click there sets the filter).
FACT_GRAPHS = graphs_selecting(SELECTS_FACT)
CLUSTER_GRAPHS = graphs_selecting(SELECTS_CLUSTER)
CLICKABLE = FACT_GRAPHS + CLUSTER_GRAPHS


def selection_from(trigger, clicks: dict) -> dict | None:
    """What was clicked on a chart, as {"kind": "fact"|"cluster", "id": ...}.

    The table's rows set the selection in the browser (assets/table.js).
    """
    if trigger in CLICKABLE:
        clicked = clicked_id(clicks.get(trigger))
        kind = "cluster" if trigger in CLUSTER_GRAPHS else "fact"
        return {"kind": kind, "id": clicked} if clicked else None
    return None


@wires(
    Output(ids.PROVENANCE_STORE, "data"),
    *[Input(graph, "clickData") for graph in CLICKABLE],
    prevent_initial_call=True,
)
def select_provenance(*clicks):
    selection = selection_from(ctx.triggered_id, dict(zip(CLICKABLE, clicks)))
    return selection if selection else no_update


def render_provenance(selection: object, lang: str) -> list:
    """Panel children for a selection payload (untrusted)."""
    store = current_store()
    if not isinstance(selection, dict) or not isinstance(selection.get("id"), str):
        return empty_panel(lang)
    if selection.get("kind") == "cluster":
        clusters = store.clusters()
        match = clusters[clusters[Cluster.CLUSTER_ID] == selection["id"]]
        if not len(match):
            return empty_panel(lang, "provenance.missing")
        cluster = match.iloc[0]
        return cluster_panel(cluster, store.dataset.sources[cluster[Cluster.SOURCE_FILE]], store.catalog, lang)
    fact = store.fact(selection["id"])
    if fact is None:
        return empty_panel(lang, "provenance.missing")
    return fact_panel(fact, store.dataset.sources[fact[Fact.SOURCE_FILE]], store.catalog, lang, lookup=store.fact)


@wires(
    Output(ids.PROVENANCE_PANEL, "children"),
    Input(ids.PROVENANCE_STORE, "data"),
    Input(ids.LANG_TOGGLE, "value"),
    prevent_initial_call=True,  # the layout holds the empty panel
)
def update_provenance(selection, lang):
    lang, _ = clean_lang(lang)
    return render_provenance(selection, lang)


# A selection -> the panel scrolled into view where it sits below the charts.
clientside("revealProvenance", Input(ids.PROVENANCE_STORE, "data"), SETTINGS, prevent_initial_call=True)
