"""Chart outputs of a view: every chart of the registry, built once per view and cached.

``chart_outputs`` is memoized in the app's one cache by (data version,
canonical regions, language) and the code version, so the workers share
each view's figures and a reload never serves charts of the old data.
``chart_view`` is what the page's chart callback answers.
"""

from __future__ import annotations

import hashlib
import json

from components import export
from components.charts.explorer import explorer_rows
from components.charts.figspec import plain_figure
from components.charts.registry import BY_GRAPH, CHARTS, GRAPHS
from components.charts.style import ROW_COLUMNS
from components.data.schema import Cluster, Fact
from components.data.store import current_store
from components.services.cache import cache, code_version
from components.services.view import clean_indicator, clean_view
from components.text import t

DEFAULT_GRAPH_HEIGHT = 440
CHART_COLUMNS = (*ROW_COLUMNS, Fact.DATASET)


def figure_description(fig) -> str:
    meta = fig.layout.meta
    if isinstance(meta, dict) and meta.get("description"):
        return meta["description"]
    title = fig.layout.title.text
    return title or ""


@cache.memoize(make_name=lambda name: f"{name}:{code_version()}")
def chart_outputs(version: str, regions: tuple[str, ...], lang: str, indicator: str | None = None) -> tuple:
    """(figures, descriptions, styles) of one selection, in registry order, as plain JSON-ready data.

    Building the figures takes tens of milliseconds and serialising go.Figure
    objects several more; both are paid once per (data version, canonical
    regions, language, explorer indicator) and shared by the workers through
    the one cache.
    """
    store = current_store()
    # Only the columns a chart reads: every selection a builder makes copies
    # each column it keeps, and the quotes and notes are the widest.
    facts = store.facts(regions)[list(CHART_COLUMNS)]
    clusters = store.clusters()
    if regions:
        clusters = clusters[clusters[Cluster.REGION_ID].isin(store.expand(regions))]
    table = store.regions()
    catalog = store.figure_catalog
    figs = [spec.build(facts, table, clusters, lang=lang, catalog=catalog, indicator=indicator) for spec in CHARTS]
    descriptions = [figure_description(fig) for fig in figs]
    # The graph's box takes the height the builder chose for its content;
    # the width follows the page (responsive graphs).
    styles = [{"height": f"{fig.layout.height or DEFAULT_GRAPH_HEIGHT}px"} for fig in figs]
    # The "no data" figure is one shared object: made plain once.
    plain = {id(fig): plain_figure(fig) for fig in figs}
    return [plain[id(fig)] for fig in figs], descriptions, styles


def view_figures(regions, lang, indicator=None) -> tuple[tuple[str, ...], str, str | None, dict[str, dict]]:
    """(canonical regions, language, indicator, graph id -> plain figure) of an untrusted view."""
    kept, lang = clean_view(regions, lang)
    indicator = clean_indicator(indicator)
    figs, _, _ = chart_outputs(current_store().version, kept, lang, indicator)
    return kept, lang, indicator, dict(zip(GRAPHS, figs))


def chart_key(fig: dict, description: str, style: dict) -> str:
    """A digest of everything a graph shows: equal keys, nothing to redraw."""
    shown = json.dumps([fig, description, style], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(shown.encode("utf-8"), digest_size=12).hexdigest()


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
        return closed_item(graph, lang, "chart.no_data")
    return {"figure": fig, "description": description, "style": style, "key": chart_key(fig, description, style)}


def closed_item(graph: str, lang: str, message_key: str) -> dict:
    """A chart the page shows as one line: its title and why there is nothing to draw."""
    title = t(BY_GRAPH[graph].title_key, lang)
    return {"empty": True, "description": t("empty.card", lang, title=title, message=t(message_key, lang))}


def chart_view(regions, lang, indicator=None) -> dict:
    """{"graphs": graph id -> chart_item, "view": the regions, language and indicator drawn} of an untrusted view."""
    kept, lang = clean_view(regions, lang)
    indicator = clean_indicator(indicator)
    figs, descriptions, styles = chart_outputs(current_store().version, kept, lang, indicator)
    return {
        "graphs": {
            graph: chart_item(graph, fig, description, style, lang)
            for graph, fig, description, style in zip(GRAPHS, figs, descriptions, styles)
        },
        "view": {"regions": list(kept), "lang": lang, "indicator": indicator},
    }


def failed_view(kept: tuple[str, ...], lang: str, indicator: str | None = None) -> dict:
    """The chart answer when building the view failed: every chart closes to a line that says so."""
    return {
        "graphs": {graph: closed_item(graph, lang, "chart.failed") for graph in GRAPHS},
        "view": {"regions": list(kept), "lang": lang, "indicator": indicator},
    }


def explorer_table(regions, lang, indicator) -> list[dict]:
    """The numbers the explorer draws for an untrusted view, as rows {fact_id, region, period, value}."""
    kept, lang = clean_view(regions, lang)
    store = current_store()
    return explorer_rows(store.facts(kept), store.catalog, lang, clean_indicator(indicator))
