"""What the page's browser code is told by the server, as data.

One ``dcc.Store`` (``ids.PAGE_SETTINGS``) carries these to every browser-side
callback (``assets/clientside.js``): ids, limits, parameter names and notice
texts are defined once, here and in the modules named, and never formatted
into script text.
"""

from __future__ import annotations

from components.charts.registry import CHARTS, GRAPHS
from components.services.view import MAX_ID_LENGTH, MAX_REGIONS
from components.text import DEFAULT_LANG, HTML_LANGS, LANGS, TEXTS, t
from components.web import ids
from components.services.table import MAX_SEARCH, SORTABLE
from components.web.urlstate import INDICATOR_PARAM, LANG_PARAM, MAX_SEARCH_LENGTH, MAX_SHOWN, NOTICE_KEYS, REGION_PARAM, SEARCH_PARAM, SORT_PARAM

# A chart's box (graph and export buttons), and the class that closes it
# while the view has no data for the chart (assets/charts.js, style.css).
CHART_BODY_CLASS = "chart-body"
EMPTY_CLASS = "is-empty"

# Graph toolbar: exactly the buttons that serve a reader (the README lists
# them): the chart as PNG (2x, with its context) and as SVG, made by the
# page (assets/clientside.js graphConfigs adds them); zoom in and out and
# reset on the charts with axes. Nothing that uploads or edits elsewhere
# (plotly.js offers "Share chart…" to Plotly Cloud).
ZOOM_BUTTONS = ["zoomIn2d", "zoomOut2d", "resetScale2d"]
GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "showLink": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
# plotly.js's locale of each page language (assets/plotly-zh-cn.js registers zh-CN).
PLOTLY_LOCALES = {"zh": "zh-CN", "en": "en"}

# The provenance panel sits beside the charts from this width (style.css).
PANEL_BESIDE_FROM = 1100

# URL <-> region filter, explorer indicator and language (assets/view-state.js): the server's
# limits, names and notice texts.
VIEW_SETTINGS = {
    "langs": list(LANGS),
    "defaultLang": DEFAULT_LANG,
    "params": {"region": REGION_PARAM, "lang": LANG_PARAM, "indicator": INDICATOR_PARAM, "sort": SORT_PARAM, "q": SEARCH_PARAM},
    "table": {"sortable": list(SORTABLE), "maxSearch": MAX_SEARCH},
    "maxSearch": MAX_SEARCH_LENGTH,
    "maxShown": MAX_SHOWN,
    "maxRegions": MAX_REGIONS,
    "maxIdLength": MAX_ID_LENGTH,
    "ids": {"overview": ids.OVERVIEW_GRAPH, "filter": ids.REGION_FILTER, "lang": ids.LANG_TOGGLE, "url": ids.URL},
    "texts": {key: TEXTS[key] for key in NOTICE_KEYS},
}

# The chart store -> the graphs (assets/charts.js).
CHART_SETTINGS = {
    "graphs": list(GRAPHS),
    "settled": ids.CHARTS_SETTLED,
    "bodyClass": CHART_BODY_CLASS,
    "emptyClass": EMPTY_CLASS,
    "fallbackMs": 3000,  # a chart that never reports it is drawn
    # Each graph's box: on narrow screens a chart is drawn once its box is
    # within a screen of the viewport; from this width all with the view.
    "bodies": {graph: ids.chart_body_id(graph) for graph in GRAPHS},
    "drawAllFrom": PANEL_BESIDE_FROM,
}


def page_settings() -> dict:
    """The data of the page-settings store."""
    return {
        "view": VIEW_SETTINGS,
        "charts": CHART_SETTINGS,
        "toolbar": {
            "graphs": list(GRAPHS),
            "zoom": {spec.graph_id: ZOOM_BUTTONS if spec.cartesian else [] for spec in CHARTS},
            "locales": PLOTLY_LOCALES,
            "base": GRAPH_CONFIG,
            "titles": {lang: {fmt: t(f"export.{fmt}", lang) for fmt in ids.EXPORT_FORMATS} for lang in LANGS},
        },
        "export": {
            "rendering": {lang: t("export.all_rendering", lang, charts=len(GRAPHS)) for lang in LANGS},
            "buttons": {
                ids.export_button_id(graph, fmt): {"graph": graph, "format": fmt} for graph in GRAPHS for fmt in ids.EXPORT_FORMATS
            },
        },
        "provenance": {"panel": ids.PROVENANCE_PANEL, "besideFrom": PANEL_BESIDE_FROM},
        "page": {"htmlLangs": HTML_LANGS, "langToggle": ids.LANG_TOGGLE, "langLabel": ids.LANG_LABEL},
    }
