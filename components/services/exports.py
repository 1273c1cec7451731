"""Export data of a view: what the browser's image buttons draw in, and the server's export-all bundle."""

from __future__ import annotations

from datetime import datetime, timezone

from flask import current_app, has_request_context, request

from components import export
from components.charts.registry import BY_GRAPH
from components.data.schema import Cluster, Fact
from components.data.store import current_store
from components.services.charts import view_figures
from components.services.table import table_csv
from components.text import DEFAULT_LANG
from components.web.urlstate import View, view_to_search


def permalink(kept: tuple[str, ...], lang: str, indicator: str | None = None) -> str:
    """The URL that reopens the view: DASHBOARD_PUBLIC_URL, else the request's own root."""
    base = current_app.config.get("DASHBOARD_PUBLIC_URL") or (request.url_root if has_request_context() else "/")
    return base.rstrip("/") + "/" + view_to_search(View(kept, lang, indicator), DEFAULT_LANG)


def view_context(kept: tuple[str, ...], lang: str, indicator: str | None = None) -> export.ExportContext:
    store = current_store()
    return export.ExportContext(kept, tuple(store.selection_label(r, lang) for r in kept), lang, permalink(kept, lang, indicator))


def view_sources(kept: tuple[str, ...]) -> list[dict]:
    """The metadata.json entries of every source whose facts (or cluster areas) the view shows, in metadata order."""
    store = current_store()
    files = set(store.facts(kept)[Fact.SOURCE_FILE].astype(str))
    clusters = store.clusters()
    if kept:
        clusters = clusters[clusters[Cluster.REGION_ID].isin(store.expand(kept))]
    files |= set(clusters[Cluster.SOURCE_FILE].astype(str))
    keys = ("file", "publisher_zh", "publisher_en", "published", "licence")
    return [{k: entry.get(k) for k in keys} for entry in store.dataset.metadata.get("sources", []) if entry.get("file") in files]


def export_view(regions, lang, indicator=None) -> dict:
    """What the browser needs to export each graph of the view.

    {"patches": graph -> what an export draws in, "options": graph -> image
    options (file name of the view)}; read by the chart buttons and the
    toolbars when clicked.
    """
    kept, lang, indicator, figs = view_figures(regions, lang, indicator)
    context = view_context(kept, lang, indicator)
    return {
        "patches": {graph: export.context_patch(fig, context) for graph, fig in figs.items()},
        "options": {graph: export.image_button_options(BY_GRAPH[graph].slug, kept, lang) for graph in figs},
    }


def export_bundle(regions, lang, sort_by, renderer: export.Renderer, progress: export.Progress | None = None, indicator=None, search=None):
    """(zip name, files) of a view: every chart with data as PNG and SVG, the table's CSV (its sort and search), a manifest."""
    store = current_store()
    kept, lang, indicator, figs = view_figures(regions, lang, indicator)
    charts = {BY_GRAPH[graph].slug: fig for graph, fig in figs.items()}
    context = view_context(kept, lang, indicator)
    images = export.render_charts(charts, context, renderer, progress)
    csv_text, csv_name = table_csv(list(kept), lang, sort_by, search)
    meta = export.manifest(
        context,
        data_version=store.version,
        created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        skipped=[slug for slug, fig in charts.items() if export.is_empty(fig)],
        sources=view_sources(kept),
        indicator=indicator,
    )
    return export.bundle_name(kept, lang), export.bundle_files(images, csv_name, csv_text, meta)
