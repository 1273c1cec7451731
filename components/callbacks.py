"""Callbacks: validate input -> select data -> call a builder.

Wiring:
  URL <-> region filter + language (one browser-side callback per
  direction; the URL follows the drawn charts, so a filter change never
  waits for it); a click on the overview sets the filter.
  region filter + language -> every chart and its description (cached per
  selection), into one store that a browser-side callback hands to the
  graphs whose content changed (a chart without data closes instead).
  once they are drawn, charts-settled (the view they show) -> the URL;
  + page + sort -> one page of the table; -> each graph's image file name
  and the context an export draws in (export patches).
  a click on any chart or table cell -> the provenance panel.
  download button -> CSV of the table as filtered and sorted.
  a chart's PNG/SVG button -> an image made in the browser; export-all ->
  a ZIP rendered on the server.

Every payload is untrusted JSON: wrong types, unknown ids and oversized values
fall back to the default view instead of raising.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from datetime import datetime, timezone

import pandas as pd
from dash import Dash, Input, Output, State, ctx, dcc, no_update

from flask import current_app, has_request_context, request

from components import export, figures, ids
from components.api import facts_csv, regions_stem
from components.cache import CODE_VERSION, cache, forget_pending_response
from components.figure_json import plain_figure
from components.datastore import current_store
from components.export.render import RENDERER, Renderer, RendererUnavailable
from components.formatting import format_value
from components.i18n import DEFAULT_LANG, LANGS, t
from components.layout import CHART_BODY_CLASS, EMPTY_CLASS, GRAPH_CONFIG, TABLE_PAGE_SIZE, page_footer, region_options
from components.provenance import QUALIFIER_NAMES, cluster_panel, empty_panel, fact_panel
from components.schema import Cluster, Fact, Region
from components.ui_text import UI_TEXTS, text
from components.urlstate import LANG_PARAM, MAX_SEARCH_LENGTH, MAX_SHOWN, NOTICE_KEYS, REGION_PARAM, View, view_to_search

# The wiring of every callback, recorded at import and applied to each app by
# register_callbacks. Dash's global @callback list is consumed by the first
# app that serves a request, so a second app in the same process (the tests
# build one per test) would get no callbacks; explicit registration avoids that.
WIRING: list[tuple] = []
log = logging.getLogger("dashboard.callbacks")


def wires(*args, **kwargs):
    """Record a module-level function as a callback with this wiring."""

    def record(func):
        WIRING.append((func, args, kwargs))
        return func

    return record


# Browser-side callbacks: (JavaScript, wiring).
CLIENTSIDE = [
    (
        # selection -> scroll the panel into view where it sits below the
        # charts (narrow screens); on wide screens it is already beside them.
        """
        function(selection) {
            const panel = document.getElementById('%s');
            if (selection && panel && window.innerWidth < 1100) {
                panel.scrollIntoView({behavior: 'smooth', block: 'start'});
            }
        }
        """
        % ids.PROVENANCE_PANEL,
        (Input(ids.PROVENANCE_STORE, "data"),),
        {"prevent_initial_call": True},
    ),
]


def register_callbacks(app: Dash) -> None:
    for func, args, kwargs in WIRING:
        app.callback(*args, **kwargs)(func)
    for script, args, kwargs in CLIENTSIDE:
        app.clientside_callback(script, *args, **kwargs)


DEFAULT_GRAPH_HEIGHT = 440
MAX_REGIONS = 200  # more than any real selection; longer lists are refused
MAX_ID_LENGTH = 100

# The graphs whose points are facts (the overview's points are regions and
# the clusters' leaves are cluster areas).
FACT_GRAPHS = (
    ids.FUNDING_TIERS_GRAPH,
    ids.INCOME_GROWTH_GRAPH,
    ids.DIGITALIZATION_GRAPH,
    ids.INNOVATION_POINTS_GRAPH,
    ids.AGRICULTURE_GRAPH,
)

TABLE_COLUMNS = (
    ("region", "col_region"),
    ("indicator", "col_indicator"),
    ("period", "col_period"),
    ("display", "col_display"),
    ("value", "col_value"),
    ("qualifier", "col_qualifier"),
    ("derived", "col_derived"),
    ("source_quote", "col_quote"),
)


# ---------------------------------------------------------------- validation


def clean_lang(lang: object) -> tuple[str, bool]:
    """(language, was it valid)."""
    if isinstance(lang, str) and lang in LANGS:
        return lang, True
    return DEFAULT_LANG, lang is None


def clean_regions(regions: object, known) -> tuple[tuple[str, ...], bool]:
    """(canonical region ids, was the payload valid). None and [] mean all."""
    if regions is None:
        return (), True
    if isinstance(regions, str):
        regions = [regions]
    if not isinstance(regions, list) or len(regions) > MAX_REGIONS:
        return (), False
    known = set(known)
    valid = all(isinstance(r, str) and len(r) <= MAX_ID_LENGTH and r in known for r in regions)
    kept = sorted({r for r in regions if isinstance(r, str) and r in known})
    return tuple(kept), valid


def clicked_id(click: object) -> str | None:
    """The first customdata element of a clickData payload, if it is a string id."""
    try:
        point = click["points"][0]
        data = point.get("customdata")
    except (TypeError, KeyError, IndexError, AttributeError):
        return None
    if isinstance(data, list):
        data = data[0] if data else None
    if isinstance(data, str) and 0 < len(data) <= MAX_ID_LENGTH:
        return data
    return None


# ---------------------------------------------------------------- view state

# URL <-> region filter + language, in the browser (assets/view-state.js),
# one callback per direction. A filter change fires only the chart callback
# (which waits for any callback that may set the filter); the URL follows
# once the charts are drawn. The limits, names and notice texts are the
# server's, handed over once.
VIEW_SETTINGS = {
    "langs": list(LANGS),
    "defaultLang": DEFAULT_LANG,
    "params": {"region": REGION_PARAM, "lang": LANG_PARAM},
    "maxSearch": MAX_SEARCH_LENGTH,
    "maxShown": MAX_SHOWN,
    "maxRegions": MAX_REGIONS,
    "maxIdLength": MAX_ID_LENGTH,
    "ids": {"overview": ids.OVERVIEW_GRAPH, "filter": ids.REGION_FILTER, "lang": ids.LANG_TOGGLE, "url": ids.URL},
    "texts": {key: UI_TEXTS[key] for key in NOTICE_KEYS},
}
_SETTINGS_JSON = json.dumps(VIEW_SETTINGS, ensure_ascii=False)
# What the page updates after the charts of a view are drawn (APPLY_CHARTS_JS).
AFTER_CHARTS = Input(ids.CHARTS_SETTLED, "data")
VIEW_STATES = (State(ids.REGION_FILTER, "value"), State(ids.LANG_TOGGLE, "value"))
# The filter's choices are exactly the selectable ids (layout.region_options).
_KNOWN = State(ids.REGION_FILTER, "options")


def _view_outputs(again: bool = False) -> tuple:
    """URL, filter, language and notice: what both directions may set (the second with allow_duplicate)."""
    props = ((ids.URL, "search"), (ids.REGION_FILTER, "value"), (ids.LANG_TOGGLE, "value"), (ids.NOTICE, "children"))
    return tuple(Output(component, prop, allow_duplicate=again) for component, prop in props)


# The URL (page load, back/forward) or a click on the overview -> the view.
VIEW_FROM_URL_JS = """
function(search, click, options, regions, lang) {
    const dc = window.dash_clientside;
    const known = (options || []).map(option => option.value);
    const trigger = dc.callback_context.triggered_id || null;
    return window.dashboardView.fromUrl(trigger, search, regions, lang, click, known, %s, dc.no_update);
}
"""
CLIENTSIDE.append(
    (
        VIEW_FROM_URL_JS % _SETTINGS_JSON,
        (
            *_view_outputs(),
            Input(ids.URL, "search"),
            Input(ids.OVERVIEW_GRAPH, "clickData"),
            _KNOWN,
            *VIEW_STATES,
        ),
        {},
    )
)
# The view's charts drawn -> the URL of the view, and for a bad filter or
# language value the corrected one with a notice.
VIEW_TO_URL_JS = """
function(settled, regions, lang, options, search, notice) {
    const dc = window.dash_clientside;
    const known = (options || []).map(option => option.value);
    return window.dashboardView.toUrl(settled && settled.view, search, regions, lang, notice, known, %s, dc.no_update);
}
"""
CLIENTSIDE.append(
    (
        VIEW_TO_URL_JS % _SETTINGS_JSON,
        (
            *_view_outputs(again=True),
            AFTER_CHARTS,
            *VIEW_STATES,
            _KNOWN,
            State(ids.URL, "search"),
            State(ids.NOTICE, "children"),
        ),
        {"prevent_initial_call": True},
    )
)


# ---------------------------------------------------------------- page texts


@wires(
    Output(ids.PAGE_TITLE, "children"),
    Output(ids.PAGE_SUBTITLE, "children"),
    Output(ids.REGION_LABEL, "children"),
    Output(ids.REGION_FILTER, "options"),
    Output(ids.REGION_FILTER, "placeholder"),
    Output(ids.LANG_LABEL, "children"),
    Output(ids.TABLE_TITLE, "children"),
    Output(ids.FACTS_DOWNLOAD_BUTTON, "children"),
    Output(ids.FOOTER, "children"),
    Output(ids.PAGE_ROOT, "lang"),
    Input(ids.LANG_TOGGLE, "value"),
    # The layout holds the default language's texts (layout.serve_layout).
    prevent_initial_call=True,
)
def update_texts(lang):
    lang, _ = clean_lang(lang)
    store = current_store()
    return (
        text("page_title", lang),
        text("page_subtitle", lang),
        text("region_label", lang),
        region_options(store.regions(), lang),
        text("region_placeholder", lang),
        text("lang_label", lang),
        text("table_title", lang),
        text("table_download", lang),
        page_footer(store, lang),
        "zh-CN" if lang == "zh" else "en",
    )


# ---------------------------------------------------------------- charts


def build_figures(facts: pd.DataFrame, regions: pd.DataFrame, clusters: pd.DataFrame, lang: str) -> dict:
    """graph id -> figure, for one selection."""
    return {
        ids.OVERVIEW_GRAPH: figures.build_overview_figure(facts, regions, lang=lang),
        ids.FUNDING_TIERS_GRAPH: figures.build_funding_tiers_figure(facts, lang=lang),
        ids.INCOME_GROWTH_GRAPH: figures.build_income_growth_figure(facts, lang=lang),
        ids.DIGITALIZATION_GRAPH: figures.build_digitalization_figure(facts, lang=lang),
        ids.INNOVATION_POINTS_GRAPH: figures.build_innovation_points_figure(facts, lang=lang),
        ids.AGRICULTURE_GRAPH: figures.build_huanjiang_agriculture_figure(facts, lang=lang),
        ids.CLUSTERS_GRAPH: figures.build_clusters_figure(clusters, lang=lang),
    }


def figure_description(fig) -> str:
    meta = fig.layout.meta
    if isinstance(meta, dict) and meta.get("description"):
        return meta["description"]
    title = fig.layout.title.text
    return title or ""


def table_frame(facts: pd.DataFrame, regions: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table's rows: one per fact, labelled in the language; ``id`` is the fact_id."""
    names = dict(zip(regions[Region.REGION_ID], regions[Region.NAME_ZH if lang == "zh" else Region.NAME_EN]))
    qual_names = QUALIFIER_NAMES[lang]
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
            "qualifier": facts[Fact.QUALIFIER].map(qual_names).astype(str),
            "derived": facts[Fact.DERIVED].map({True: text("yes", lang), False: text("no", lang)}).astype(str),
            "source_quote": facts[Fact.SOURCE_QUOTE].astype(str),
        }
    )


def table_columns(lang: str) -> list[dict]:
    columns = []
    for col_id, key in TABLE_COLUMNS:
        col = {"id": col_id, "name": text(key, lang)}
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


@cache.memoize(make_name=lambda name: f"{name}:{CODE_VERSION}")
def chart_outputs(version: str, regions: tuple[str, ...], lang: str) -> tuple:
    """(figures, descriptions, styles) of one selection, as plain JSON-ready data.

    Building the seven figures takes most of a second and serialising
    go.Figure objects several milliseconds more; both are paid once per
    (data version, canonical regions, language) and shared by the workers
    through the one cache. The version in the key means a reload never
    serves charts of the old data.
    """
    store = current_store()
    facts = store.facts(regions)
    clusters = store.clusters()
    if regions:
        clusters = clusters[clusters[Cluster.REGION_ID].isin(store.expand(regions))]
    built = build_figures(facts, store.regions(), clusters, lang)
    figs = [built[graph] for graph in ids.CHART_GRAPHS]
    descriptions = [figure_description(fig) for fig in figs]
    # The graph's box takes the height the builder chose for its content;
    # the width follows the page (responsive graphs).
    styles = [{"height": f"{fig.layout.height or DEFAULT_GRAPH_HEIGHT}px"} for fig in figs]
    # The "no data" figure is one shared object: made plain once.
    plain = {id(fig): plain_figure(fig) for fig in figs}
    return [plain[id(fig)] for fig in figs], descriptions, styles


def chart_key(fig: dict, description: str, style: dict) -> str:
    """A digest of everything a graph shows: equal keys, nothing to redraw."""
    shown = json.dumps([fig, description, style], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(shown.encode("utf-8"), digest_size=12).hexdigest()


# region filter + language -> every chart, into one store. Named, because the
# response cache (components.response_cache) recognises this callback's
# requests by them.
CHART_OUTPUT = Output(ids.CHART_DATA, "data")
CHART_INPUTS = (Input(ids.REGION_FILTER, "value"), Input(ids.LANG_TOGGLE, "value"))


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
    try:
        kept, lang = clean_view(regions, lang)
    except Exception:  # noqa: BLE001 - the data itself may be what failed
        kept, lang = (), clean_lang(lang)[0]
    return {
        "graphs": {graph: closed_item(graph, lang, "chart.failed") for graph in ids.CHART_GRAPHS},
        "view": {"regions": list(kept), "lang": lang},
    }


@wires(CHART_OUTPUT, *CHART_INPUTS, on_error=charts_failed)
def update_charts(regions, lang):
    """{"graphs": graph id -> chart_item, "view": the regions and language drawn}."""
    kept, lang = clean_view(regions, lang)
    figs, descriptions, styles = chart_outputs(current_store().version, kept, lang)
    return {
        "graphs": {
            graph: chart_item(graph, fig, description, style, lang)
            for graph, fig, description, style in zip(ids.CHART_GRAPHS, figs, descriptions, styles)
        },
        "view": {"regions": list(kept), "lang": lang},
    }


def drawn_view(settled: object) -> tuple[object, object]:
    """(regions, language) of the view the charts show, from the charts-settled payload (untrusted; cleaned by the caller)."""
    view = settled.get("view") if isinstance(settled, dict) else None
    if not isinstance(view, dict):
        return None, None
    return view.get("regions"), view.get("lang")


# graph -> its title's text key: the box of a chart without data names it.
CHART_TITLE_KEYS = {
    ids.OVERVIEW_GRAPH: "overview.title",
    ids.FUNDING_TIERS_GRAPH: "funding.title",
    ids.INCOME_GROWTH_GRAPH: "income.title",
    ids.DIGITALIZATION_GRAPH: "digi.title",
    ids.INNOVATION_POINTS_GRAPH: "innov.title",
    ids.AGRICULTURE_GRAPH: "agri.title",
    ids.CLUSTERS_GRAPH: "clusters.title",
}


def chart_item(graph: str, fig: dict, description: str, style: dict, lang: str) -> dict:
    """What the page needs of one chart: {figure, description, style, key}, or
    {"empty": True, description} when the view has no data for it.

    An empty chart is not drawn: its box collapses to one line that names
    the chart and says it has no data, and the graph keeps the figure it
    had, so a later view with the same content shows it again without a
    redraw (a region's own charts stay as they were through views of other
    regions).
    """
    if export.is_empty(fig):
        return closed_item(graph, lang, "no_data")
    return {"figure": fig, "description": description, "style": style, "key": chart_key(fig, description, style)}


def closed_item(graph: str, lang: str, message_key: str) -> dict:
    """A chart the page shows as one line: its title and why there is nothing to draw."""
    title = t(CHART_TITLE_KEYS[graph], lang)
    return {"empty": True, "description": t("empty.card", lang, title=title, message=t(message_key, lang))}


# The store -> each graph's figure, height, description and box, in the
# browser (assets/charts.js): only what changed is handed over, a chart
# without data closes instead of drawing, and once the charts are drawn
# CHARTS_SETTLED tells the table, the export data and the URL which view
# they show.
CHART_SETTINGS = {
    "graphs": list(ids.CHART_GRAPHS),
    "settled": ids.CHARTS_SETTLED,
    "bodyClass": CHART_BODY_CLASS,
    "emptyClass": EMPTY_CLASS,
    "fallbackMs": 3000,  # a chart that never reports it is drawn
}
APPLY_CHARTS_JS = """
function(data) {
    return window.dashboardCharts.apply(data, %s, window.dash_clientside);
}
"""
CLIENTSIDE.append(
    (
        APPLY_CHARTS_JS % json.dumps(CHART_SETTINGS),
        (
            *[Output(graph, "figure") for graph in ids.CHART_GRAPHS],
            *[Output(graph, "style") for graph in ids.CHART_GRAPHS],
            *[Output(ids.description_id(graph), "children") for graph in ids.CHART_GRAPHS],
            *[Output(ids.chart_body_id(graph), "className") for graph in ids.CHART_GRAPHS],
            Input(ids.CHART_DATA, "data"),
        ),
        {"prevent_initial_call": True},
    )
)


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
    """The table of the view the charts show."""
    return table_view(*drawn_view(settled), page_current, sort_by)


def table_view(regions, lang, page_current, sort_by):
    """One page of the table, sorted on the server: the browser never gets all rows."""
    store = current_store()
    kept, _ = clean_regions(regions, store.selectable_ids())
    lang, _ = clean_lang(lang)
    rows, pages = table_page(store.facts(kept), store.regions(), lang, page_current, sort_by)
    return rows, table_columns(lang), pages


# ---------------------------------------------------------------- provenance


def selection_from(trigger, clicks: dict, active_cell) -> dict | None:
    """What was clicked, as {"kind": "fact"|"cluster", "id": ...}."""
    if trigger == ids.FACTS_TABLE:
        if isinstance(active_cell, dict) and isinstance(active_cell.get("row_id"), str):
            return {"kind": "fact", "id": active_cell["row_id"][:MAX_ID_LENGTH]}
        return None
    if trigger == ids.CLUSTERS_GRAPH:
        cluster_id = clicked_id(clicks.get(trigger))
        return {"kind": "cluster", "id": cluster_id} if cluster_id else None
    if trigger in FACT_GRAPHS:
        fact_id = clicked_id(clicks.get(trigger))
        return {"kind": "fact", "id": fact_id} if fact_id else None
    return None


@wires(
    Output(ids.PROVENANCE_STORE, "data"),
    *[Input(graph, "clickData") for graph in FACT_GRAPHS],
    Input(ids.CLUSTERS_GRAPH, "clickData"),
    Input(ids.FACTS_TABLE, "active_cell"),
    prevent_initial_call=True,
)
def select_provenance(*args):
    clicks = dict(zip(FACT_GRAPHS + (ids.CLUSTERS_GRAPH,), args[:-1]))
    selection = selection_from(ctx.triggered_id, clicks, args[-1])
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
            return empty_panel(lang, "provenance_missing")
        cluster = match.iloc[0]
        return cluster_panel(cluster, store.dataset.sources[cluster[Cluster.SOURCE_FILE]], lang)
    fact = store.fact(selection["id"])
    if fact is None:
        return empty_panel(lang, "provenance_missing")
    return fact_panel(fact, store.dataset.sources[fact[Fact.SOURCE_FILE]], store.regions(), lang)


@wires(
    Output(ids.PROVENANCE_PANEL, "children"),
    Input(ids.PROVENANCE_STORE, "data"),
    Input(ids.LANG_TOGGLE, "value"),
    prevent_initial_call=True,  # the layout holds the empty panel
)
def update_provenance(selection, lang):
    lang, _ = clean_lang(lang)
    return render_provenance(selection, lang)


# ---------------------------------------------------------------- download


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


# ---------------------------------------------------------------- export


def permalink(kept: tuple[str, ...], lang: str) -> str:
    """The URL that reopens the view: DASHBOARD_PUBLIC_URL, else the request's own root."""
    base = current_app.config.get("DASHBOARD_PUBLIC_URL") or (request.url_root if has_request_context() else "/")
    return base.rstrip("/") + "/" + view_to_search(View(kept, lang), DEFAULT_LANG)


def clean_view(regions: object, lang: object) -> tuple[tuple[str, ...], str]:
    """(canonical regions, language) of an untrusted filter and language payload."""
    kept, _ = clean_regions(regions, current_store().selectable_ids())
    return kept, clean_lang(lang)[0]


def view_context(kept: tuple[str, ...], lang: str) -> export.ExportContext:
    store = current_store()
    return export.ExportContext(kept, tuple(store.selection_label(r, lang) for r in kept), lang, permalink(kept, lang))


def export_failed(error: Exception) -> dict:
    """No export data when the view's figures cannot be built (its charts say so; see charts_failed)."""
    log.error("export data callback failed", exc_info=error)
    return {"patches": {}, "options": {}}


@wires(Output(ids.EXPORT_PATCHES, "data"), AFTER_CHARTS, prevent_initial_call=True, on_error=export_failed)
def update_export_options(settled):
    return export_view(*drawn_view(settled))


def export_view(regions, lang):
    """What the browser needs to export each graph of the view.

    {"patches": graph -> what an export draws in, "options": graph -> image
    options (file name of the view)}; read by the chart buttons and the
    toolbars (GRAPH_CONFIG_JS) when clicked.
    """
    kept, lang = clean_view(regions, lang)
    figs, _, _ = chart_outputs(current_store().version, kept, lang)
    context = view_context(kept, lang)
    return {
        "patches": {graph: export.context_patch(fig, context) for graph, fig in zip(ids.CHART_GRAPHS, figs)},
        "options": {graph: export.image_button_options(graph, kept, lang) for graph in ids.CHART_GRAPHS},
    }


@wires(
    Output(ids.EXPORT_ALL_BUTTON, "children"),
    Output(ids.EXPORT_ALL_BUTTON, "title"),
    *[Output(ids.export_button_id(g, fmt), "title") for g in ids.CHART_GRAPHS for fmt in ids.EXPORT_FORMATS],
    Input(ids.LANG_TOGGLE, "value"),
    prevent_initial_call=True,  # the layout holds the default language's titles
)
def update_export_texts(lang):
    lang, _ = clean_lang(lang)
    titles = [text(f"export_{fmt}", lang) for _ in ids.CHART_GRAPHS for fmt in ids.EXPORT_FORMATS]
    return (text("export_all", lang), text("export_all_hint", lang), *titles)


def export_bundle(regions, lang, sort_by, renderer: export.Renderer, progress: export.Progress | None = None):
    """(zip name, files) of a view: every chart with data as PNG and SVG, the table's CSV, a manifest."""
    store = current_store()
    kept, lang = clean_view(regions, lang)
    figs, _, _ = chart_outputs(store.version, kept, lang)
    charts = dict(zip(ids.CHART_GRAPHS, figs))
    context = view_context(kept, lang)
    images = export.render_charts(charts, context, renderer, progress)
    csv_text, csv_name = table_csv(list(kept), lang, sort_by)
    meta = export.manifest(
        context,
        data_version=store.version,
        created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        skipped=[export.chart_slug(g) for g, fig in charts.items() if export.is_empty(fig)],
    )
    return export.bundle_name(kept, lang), export.bundle_files(images, csv_name, csv_text, meta)


def export_all_outputs(regions, lang, sort_by, renderer: Renderer) -> tuple:
    """(download, status) for the export-all button; a renderer problem becomes a message, never a traceback."""
    lang_shown, _ = clean_lang(lang)
    started = time.monotonic()
    try:
        name, files = export_bundle(regions, lang, sort_by, renderer)
    except RendererUnavailable as exc:
        return no_update, text("export_all_unavailable", lang_shown, reason=str(exc))
    seconds = f"{time.monotonic() - started:.1f}"
    return dcc.send_bytes(export.zip_bytes(files), name), text("export_all_done", lang_shown, count=len(files), seconds=seconds)


@wires(
    Output(ids.EXPORT_ALL_DOWNLOAD, "data"),
    Output(ids.EXPORT_ALL_STATUS, "children"),
    Input(ids.EXPORT_ALL_BUTTON, "n_clicks"),
    State(ids.REGION_FILTER, "value"),
    State(ids.LANG_TOGGLE, "value"),
    State(ids.FACTS_TABLE, "sort_by"),
    prevent_initial_call=True,
    running=[(Output(ids.EXPORT_ALL_BUTTON, "disabled"), True, False)],
)
def export_all(n_clicks, regions, lang, sort_by):
    return export_all_outputs(regions, lang, sort_by, RENDERER)


# A chart's PNG/SVG button -> the export in the browser (assets/export-image.js),
# so it needs no server Chromium. No inline handlers and no eval: the page's
# Content-Security-Policy allows these scripts by their hashes.
EXPORT_IMAGE_JS = """
function(pngClicks, svgClicks, store) {
    const trigger = (dash_clientside.callback_context.triggered[0] || {}).prop_id || '';
    const match = /^(.+)-export-(png|svg)\\.n_clicks$/.exec(trigger);
    if (!match || !window.dashboardExport) { return; }
    const gd = document.querySelector('#' + CSS.escape(match[1]) + ' .js-plotly-plot');
    const view = store || {};
    window.dashboardExport.image(gd, match[2], (view.patches || {})[match[1]], (view.options || {})[match[1]]);
}
"""

# The graphs' toolbars: the camera (PNG) and disk (SVG) buttons make the same
# image as the buttons beside each chart. Built in the browser because a
# toolbar button is a JavaScript function, which JSON cannot carry. dcc.Graph
# applies a new config only with its next figure, so the config must not
# depend on the view: it holds the buttons (named in the language, which
# always comes with new figures), and a button reads the current view's
# export data when clicked (window.dashboardExport.view, kept by VIEW_JS).
GRAPH_CONFIG_JS = """
function(lang) {
    const graphId = %(graph)s;
    const base = %(base)s;
    const titles = %(titles)s[lang] || %(titles)s.zh;
    const button = (name, format, icon) => ({
        name: name,
        title: titles[format],
        icon: window.Plotly && window.Plotly.Icons ? window.Plotly.Icons[icon] : undefined,
        click: gd => window.dashboardExport.imageOfView(gd, graphId, format),
    });
    return Object.assign({}, base, {
        modeBarButtonsToRemove: (base.modeBarButtonsToRemove || []).concat(['toImage']),
        modeBarButtonsToAdd: [button('export-png', 'png', 'camera'), button('export-svg', 'svg', 'disk')],
    });
}
"""
VIEW_JS = """
function(view) {
    if (window.dashboardExport) { window.dashboardExport.view = view || {}; }
}
"""
TOOLBAR_TITLES = {lang: {fmt: text(f"export_{fmt}", lang) for fmt in ids.EXPORT_FORMATS} for lang in LANGS}

CLIENTSIDE.append((VIEW_JS, (Input(ids.EXPORT_PATCHES, "data"),), {}))
CLIENTSIDE.extend(
    (
        GRAPH_CONFIG_JS
        % {"graph": json.dumps(graph), "base": json.dumps(GRAPH_CONFIG), "titles": json.dumps(TOOLBAR_TITLES, ensure_ascii=False)},
        (Output(graph, "config"), Input(ids.LANG_TOGGLE, "value")),
        {},
    )
    for graph in ids.CHART_GRAPHS
)

CLIENTSIDE.extend(
    (
        EXPORT_IMAGE_JS,
        (
            Input(ids.export_button_id(graph, "png"), "n_clicks"),
            Input(ids.export_button_id(graph, "svg"), "n_clicks"),
            State(ids.EXPORT_PATCHES, "data"),
        ),
        {"prevent_initial_call": True},
    )
    for graph in ids.CHART_GRAPHS
)
