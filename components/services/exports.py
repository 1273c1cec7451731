"""Export data of a view: what the browser's image buttons draw in, and the server's export-all bundle."""

from __future__ import annotations

from datetime import datetime, timezone

from flask import current_app, has_request_context, request

from components import export
from components.charts.registry import BY_GRAPH
from components.data.store import current_store
from components.services.charts import view_figures
from components.services.table import table_csv
from components.text import DEFAULT_LANG
from components.web.urlstate import View, view_to_search


def permalink(kept: tuple[str, ...], lang: str) -> str:
    """The URL that reopens the view: DASHBOARD_PUBLIC_URL, else the request's own root."""
    base = current_app.config.get("DASHBOARD_PUBLIC_URL") or (request.url_root if has_request_context() else "/")
    return base.rstrip("/") + "/" + view_to_search(View(kept, lang), DEFAULT_LANG)


def view_context(kept: tuple[str, ...], lang: str) -> export.ExportContext:
    store = current_store()
    return export.ExportContext(kept, tuple(store.selection_label(r, lang) for r in kept), lang, permalink(kept, lang))


def export_view(regions, lang) -> dict:
    """What the browser needs to export each graph of the view.

    {"patches": graph -> what an export draws in, "options": graph -> image
    options (file name of the view)}; read by the chart buttons and the
    toolbars when clicked.
    """
    kept, lang, figs = view_figures(regions, lang)
    context = view_context(kept, lang)
    return {
        "patches": {graph: export.context_patch(fig, context) for graph, fig in figs.items()},
        "options": {graph: export.image_button_options(BY_GRAPH[graph].slug, kept, lang) for graph in figs},
    }


def export_bundle(regions, lang, sort_by, renderer: export.Renderer, progress: export.Progress | None = None):
    """(zip name, files) of a view: every chart with data as PNG and SVG, the table's CSV, a manifest."""
    store = current_store()
    kept, lang, figs = view_figures(regions, lang)
    charts = {BY_GRAPH[graph].slug: fig for graph, fig in figs.items()}
    context = view_context(kept, lang)
    images = export.render_charts(charts, context, renderer, progress)
    csv_text, csv_name = table_csv(list(kept), lang, sort_by)
    meta = export.manifest(
        context,
        data_version=store.version,
        created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        skipped=[slug for slug, fig in charts.items() if export.is_empty(fig)],
    )
    return export.bundle_name(kept, lang), export.bundle_files(images, csv_name, csv_text, meta)
