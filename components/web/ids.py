"""Component ids: the page's interface, named once.

The ids spelled out in the issues (region-filter, overview-graph, ...) are
relied on by tests and by users' bookmarks of element anchors; keep them.
"""

URL = "url"
REGION_FILTER = "region-filter"
LANG_TOGGLE = "lang-toggle"
NOTICE = "url-notice"

OVERVIEW_GRAPH = "overview-graph"
FUNDING_TIERS_GRAPH = "funding-tiers-graph"
INCOME_GROWTH_GRAPH = "income-growth-graph"
DIGITALIZATION_GRAPH = "digitalization-graph"
INNOVATION_POINTS_GRAPH = "innovation-points-graph"
AGRICULTURE_GRAPH = "agriculture-graph"
CLUSTERS_GRAPH = "clusters-graph"
# The indicator explorer: any one indicator of the data, chosen in the
# searchable select; the table under the chart lists the numbers it draws.
INDICATOR_GRAPH = "indicator-graph"
INDICATOR_SELECT = "indicator-select"
INDICATOR_TABLE = "indicator-table"
INDICATOR_LABEL = "indicator-select-label"
INDICATOR_TABLE_SUMMARY = "indicator-table-summary"

PROVENANCE_PANEL = "provenance-panel"
# The data table: rendered on the server (components.web.table); its sort,
# page and search are the view's, and its buttons set them in the browser
# (assets/table.js).
FACTS_TABLE = "facts-table"
FACTS_TABLE_SEARCH = "facts-table-search"
FACTS_TABLE_SEARCH_LABEL = "facts-table-search-label"
FACTS_TABLE_SORT = "facts-table-sort"
FACTS_TABLE_PAGE = "facts-table-page"
FACTS_DOWNLOAD_BUTTON = "facts-download-button"
FACTS_DOWNLOAD = "facts-download"

# Texts that change with the language, by element id.
PAGE_TITLE = "page-title"
PAGE_SUBTITLE = "page-subtitle"
REGION_LABEL = "region-filter-label"
LANG_LABEL = "lang-toggle-label"
PROVENANCE_TITLE = "provenance-title"
TABLE_TITLE = "table-title"
FOOTER = "page-footer"

def description_id(graph_id: str) -> str:
    return f"{graph_id}-description"


def chart_body_id(graph_id: str) -> str:
    """The box of a graph and its export buttons, collapsed while the view has no data for it."""
    return f"{graph_id}-body"

# Every chart of the view as the server built it ({"graphs": graph id ->
# figure, description, style and key, or {"empty": true, description}}); a
# browser-side callback hands each graph only what changed
# (assets/clientside.js applyCharts).
CHART_DATA = "chart-data"
# Set by that callback once the view's charts are drawn, to {n, view: the
# regions and language they show}: the table, the export data and the URL
# follow it (assets/charts.js).
CHARTS_SETTLED = "charts-settled"

# What the page's browser code is told by the server (components.web.settings).
PAGE_SETTINGS = "page-settings"

# Which fact (or cluster) the provenance panel shows: {"kind": ..., "id": ...}.
PROVENANCE_STORE = "provenance-selection"
PAGE_ROOT = "page-root"
SKIP_LINK = "skip-link"  # the first Tab stop: to the data table
CONTROLS = "view-controls"  # the filter, language and export-all, a named region

# Export: per chart "<graph-id>-export-png" / "-svg" buttons (browser-side),
# and one "export all" bundle rendered on the server.
EXPORT_FORMATS = ("png", "svg")
EXPORT_ALL_BUTTON = "export-all-button"
EXPORT_ALL_STATUS = "export-all-status"
EXPORT_ALL_DOWNLOAD = "export-all-download"
EXPORT_PATCHES = "export-patches"  # graph id -> what an export adds to the figure


def export_button_id(graph_id: str, fmt: str) -> str:
    return f"{graph_id}-export-{fmt}"


def export_toolbar_id(graph_id: str) -> str:
    """A chart's PNG and SVG buttons, one toolbar (one Tab stop)."""
    return f"{graph_id}-export"
