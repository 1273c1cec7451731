"""Export: each chart's image in the browser, the view's export data, and the server's export-all ZIP."""

from __future__ import annotations

import contextlib
import logging
import time

from dash import Input, Output, State, dcc, no_update
from flask import current_app, request

from components import export
from components.charts.registry import GRAPHS
from components.export.render import RENDERER, Renderer, RendererUnavailable
from components.services.exportgate import GATE_EXTENSION_KEY, ExportGate
from components.services.exports import export_bundle, export_view
from components.services.view import clean_lang
from components.text import t
from components.web import ids
from components.web.callbacks.view import AFTER_CHARTS, SETTINGS, drawn_view
from components.web.callbacks.wiring import clientside, wires
from components.web.layout import export_toolbar_label

log = logging.getLogger("dashboard.callbacks")


def export_failed(error: Exception) -> dict:
    """No export data when the view's figures cannot be built (its charts say so; see charts.charts_failed)."""
    log.error("export data callback failed", exc_info=error)
    return {"patches": {}, "options": {}}


@wires(Output(ids.EXPORT_PATCHES, "data"), AFTER_CHARTS, prevent_initial_call=True, on_error=export_failed)
def update_export_options(settled):
    """The drawn view -> what each graph's export draws in, and its file name."""
    return export_view(*drawn_view(settled))


@wires(
    Output(ids.EXPORT_ALL_BUTTON, "children"),
    Output(ids.EXPORT_ALL_BUTTON, "title"),
    *[Output(ids.export_button_id(g, fmt), "title") for g in GRAPHS for fmt in ids.EXPORT_FORMATS],
    *[Output(ids.export_toolbar_id(g), "aria-label") for g in GRAPHS],
    Input(ids.LANG_TOGGLE, "value"),
    prevent_initial_call=True,  # the layout holds the default language's titles
)
def update_export_texts(lang):
    lang, _ = clean_lang(lang)
    titles = [t(f"export.{fmt}", lang) for _ in GRAPHS for fmt in ids.EXPORT_FORMATS]
    toolbars = [export_toolbar_label(g, lang) for g in GRAPHS]
    return (t("export.all", lang), t("export.all_hint", lang), *titles, *toolbars)


# Why an export-all did not start (exportgate.Refusal.reason) -> what the status line says.
REFUSAL_TEXTS = {"busy": "export.all_busy", "cooldown": "export.all_cooldown"}


def export_all_outputs(
    regions, lang, sort_by, renderer: Renderer, gate: ExportGate | None = None, client: str = "", indicator=None, search=None,
) -> tuple:
    """(download, status, button label) for the export-all button.

    A renderer problem becomes a message, never a traceback; a host busy
    rendering, or a client that just had an export, is told at once when to
    try again, on the status line and on the button.
    """
    lang_shown, _ = clean_lang(lang)
    with gate.enter(client) if gate is not None else contextlib.nullcontext() as refusal:
        if refusal is not None:
            status = t(REFUSAL_TEXTS[refusal.reason], lang_shown, seconds=refusal.retry_after)
            return no_update, status, t("export.all_retry", lang_shown, seconds=refusal.retry_after)
        started = time.monotonic()
        try:
            name, files = export_bundle(regions, lang, sort_by, renderer, indicator=indicator, search=search)
        except RendererUnavailable as exc:
            return no_update, t("export.all_unavailable", lang_shown, reason=str(exc)), t("export.all", lang_shown)
    seconds = f"{time.monotonic() - started:.1f}"
    done = t("export.all_done", lang_shown, count=len(files), seconds=seconds)
    return dcc.send_bytes(export.zip_bytes(files), name), done, t("export.all", lang_shown)


@wires(
    Output(ids.EXPORT_ALL_DOWNLOAD, "data"),
    Output(ids.EXPORT_ALL_STATUS, "children"),
    Output(ids.EXPORT_ALL_BUTTON, "children", allow_duplicate=True),
    Input(ids.EXPORT_ALL_BUTTON, "n_clicks"),
    State(ids.REGION_FILTER, "value"),
    State(ids.LANG_TOGGLE, "value"),
    State(ids.FACTS_TABLE_SORT, "data"),
    State(ids.INDICATOR_SELECT, "value"),
    State(ids.FACTS_TABLE_SEARCH, "value"),
    prevent_initial_call=True,
    running=[(Output(ids.EXPORT_ALL_BUTTON, "disabled"), True, False)],
)
def export_all(n_clicks, regions, lang, sort_by, indicator, search):
    # the host's slots and the client's pause -> render now, or "try again in N s"
    gate = current_app.extensions[GATE_EXTENSION_KEY]
    return export_all_outputs(regions, lang, sort_by, RENDERER, gate, request.remote_addr or "", indicator=indicator, search=search)


# The click -> at once, the status line says what is being rendered (the
# server's answer replaces it: the ZIP's summary, "busy", or the error).
clientside(
    "exportAllStarted",
    Output(ids.EXPORT_ALL_STATUS, "children", allow_duplicate=True),
    Input(ids.EXPORT_ALL_BUTTON, "n_clicks"),
    State(ids.LANG_TOGGLE, "value"),
    SETTINGS,
    prevent_initial_call=True,
)


# A chart's PNG/SVG button -> the image made in the browser (no server
# Chromium needed): one callback for every button of every chart.
clientside(
    "exportImage",
    *[Input(ids.export_button_id(graph, fmt), "n_clicks") for graph in GRAPHS for fmt in ids.EXPORT_FORMATS],
    State(ids.EXPORT_PATCHES, "data"),
    SETTINGS,
    prevent_initial_call=True,
)
# The view's export data, kept where the toolbar buttons read it when clicked.
clientside("keepExportView", Input(ids.EXPORT_PATCHES, "data"))
# The language -> every graph's toolbar, with the PNG and SVG buttons of the
# chart's own export (assets/clientside.js graphConfigs explains why it is
# built in the browser).
clientside("graphConfigs", *[Output(graph, "config") for graph in GRAPHS], Input(ids.LANG_TOGGLE, "value"), SETTINGS)
