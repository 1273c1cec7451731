"""The page, as a function: every load reads the current data.

Charts start empty and are filled by callbacks (region filter + language ->
every chart), so nothing is built here at import or per chart at layout time.
Every text is written in the default language, exactly as the language
callbacks would write it: they skip the page load's call (a request and a
round of dash-renderer each) and run when the language changes.
"""

from __future__ import annotations

from dash import dcc, html

from components.charts.registry import BY_GRAPH, CHARTS
from components.data.catalog import Catalog
from components.data.regiongroups import group_names, province_groups
from components.data.schema import Region
from components.data.store import current_store
from components.text import DEFAULT_LANG, HTML_LANGS, LANGS, t
from components.web import ids
from components.web.provenance import empty_panel
from components.web.table import table_container
from components.web.settings import CHART_BODY_CLASS, GRAPH_CONFIG, page_settings

LANG_NAMES = {"zh": "中文", "en": "English"}
FILTER_LIST_HEIGHT = 420  # pixels of an open dropdown's list: about twelve rows

# dcc.Dropdown's own texts ("Search", "Select All", "{num_selected} selected"),
# in the page's language: its labels property -> our text keys.
DROPDOWN_LABELS = {
    "select_all": "dropdown.select_all",
    "deselect_all": "dropdown.deselect_all",
    "selected_count": "dropdown.selected_count",
    "search": "dropdown.search",
    "clear_search": "dropdown.clear_search",
    "clear_selection": "dropdown.clear_selection",
    "no_options_found": "dropdown.no_options_found",
}


def dropdown_labels(lang: str) -> dict:
    return {label: t(key, lang) for label, key in DROPDOWN_LABELS.items()}


def region_options(regions, lang: str, catalog: Catalog, with_data: frozenset[str] | None = None) -> list[dict]:
    """Dropdown options: the region's name in the language (data.regions), id as value.

    Only regions in ``with_data`` (all when None): a choice that selects
    nothing is never offered. With national data (``province_groups``) each
    province first gets an option for all its regions with data, and its
    regions read "省 · 县", so typing a province's name lists the province
    and every county in it.
    """
    region_ids = [r for r in regions[Region.REGION_ID].tolist() if with_data is None or r in with_data]
    names = [catalog.region(r).name(lang) for r in region_ids]
    offered = set(region_ids)
    groups = {token: kept for token, members in province_groups(regions).items() if (kept := tuple(m for m in members if m in offered))}
    if not groups:
        return [{"label": name, "value": region_id} for region_id, name in zip(region_ids, names)]
    group_of = {member: token for token, members in groups.items() for member in members}
    provinces = group_names(regions, groups, lang)
    options: list[dict] = []
    for region_id, name in zip(region_ids, names):
        token = group_of.get(region_id)
        if token is None:
            options.append({"label": name, "value": region_id})
            continue
        if groups[token][0] == region_id:
            label = t("filter.group", lang, province=provinces[token], count=len(groups[token]))
            options.append({"label": label, "value": token})
        options.append({"label": f"{provinces[token]} · {name}", "value": region_id})
    return options


def indicator_options(catalog: Catalog, lang: str) -> list[dict]:
    """Every indicator of the data, by theme: "主题 · 指标名", so typing either finds it."""
    return [
        {"label": t("explorer.option", lang, theme=catalog.dataset_short(label.dataset, lang), indicator=label.name(lang)), "value": indicator}
        for indicator, label in catalog.indicators.items()
    ]


def explorer_controls(catalog: Catalog, lang: str) -> list:
    """The explorer's searchable indicator select (empty: chosen from the data)."""
    return [
        html.Div(
            className="control explorer-control",
            children=[
                html.Label(t("explorer.label", lang), id=ids.INDICATOR_LABEL, htmlFor=ids.INDICATOR_SELECT),
                dcc.Dropdown(
                    id=ids.INDICATOR_SELECT,
                    options=indicator_options(catalog, lang),
                    value=None,
                    multi=False,
                    searchable=True,
                    clearable=True,
                    placeholder=t("explorer.placeholder", lang),
                    labels=dropdown_labels(lang),
                    maxHeight=FILTER_LIST_HEIGHT,
                ),
            ],
        )
    ]


def explorer_table(lang: str) -> list:
    """The numbers the explorer draws, as a table (filled once its chart is drawn)."""
    return [
        html.Details(
            className="explorer-table",
            children=[html.Summary(t("explorer.table", lang), id=ids.INDICATOR_TABLE_SUMMARY), html.Div(id=ids.INDICATOR_TABLE)],
        )
    ]


def chart_card(graph_id: str, wide: bool = False, above: list | None = None, below: list | None = None) -> html.Section:
    """A chart with a text description that screen readers announce as its name."""
    desc = ids.description_id(graph_id)
    return html.Section(
        className="card chart-card" + (" wide" if wide else ""),
        **{"aria-describedby": desc},
        children=[
            *(above or []),
            # Closed (EMPTY_CLASS) while the view has no data for the
            # chart; the description then says so.
            html.Div(
                id=ids.chart_body_id(graph_id),
                className=CHART_BODY_CLASS,
                children=[
                    dcc.Graph(
                        id=graph_id,
                        config=GRAPH_CONFIG,
                        className="chart",
                        # Empty until the first callback: no axes flash before data.
                        figure={"data": [], "layout": {"xaxis": {"visible": False}, "yaxis": {"visible": False}}},
                    ),
                    export_buttons(graph_id),
                ],
            ),
            html.P(id=desc, className="chart-description"),
            *(below or []),
        ],
    )


def page_footer(store, lang: str) -> list:
    """The footer's children: the sources and data version, and the download links."""
    return [
        t("page.footer", lang, sources=store.catalog.source_line(store.dataset.sources, lang), version=store.version),
        " ",
        t("page.api_links", lang),
        " ",
        html.A("facts.csv", href="/api/facts.csv"),
        " · ",
        html.A("facts.json", href="/api/facts.json"),
    ]


def export_toolbar_label(graph_id: str, lang: str) -> str:
    """The name of a chart's export buttons, for screen readers: "导出图表:<chart>"."""
    return t("export.toolbar", lang, chart=t(BY_GRAPH[graph_id].title_key, lang))


def export_buttons(graph_id: str) -> html.Div:
    """PNG and SVG of the chart with its context, made in the browser (no server Chromium needed).

    One toolbar, one Tab stop: the arrow keys move between its buttons (assets/a11y.js).
    """
    return html.Div(
        id=ids.export_toolbar_id(graph_id),
        className="chart-export",
        role="toolbar",
        **{"aria-label": export_toolbar_label(graph_id, DEFAULT_LANG)},
        children=[
            html.Button(
                fmt.upper(),
                id=ids.export_button_id(graph_id, fmt),
                className="button button-small",
                type="button",
                title=t(f"export.{fmt}", DEFAULT_LANG),
                # The toolbar's first button is its Tab stop.
                tabIndex="0" if position == 0 else "-1",
            )
            for position, fmt in enumerate(ids.EXPORT_FORMATS)
        ],
    )


def export_all_control(lang: str) -> html.Div:
    """The "export all" button, its download and a status line for progress and problems."""
    return html.Div(
        className="control export-all",
        children=[
            html.Button(
                t("export.all", lang),
                id=ids.EXPORT_ALL_BUTTON,
                className="button",
                type="button",
                title=t("export.all_hint", lang),
            ),
            dcc.Download(id=ids.EXPORT_ALL_DOWNLOAD),
            dcc.Store(id=ids.EXPORT_PATCHES),
            html.Span(id=ids.EXPORT_ALL_STATUS, className="hint", role="status", **{"aria-live": "polite"}),
        ],
    )


def facts_table(lang: str) -> list:
    """The table's search box, the stores of its sort and page, and the box it is rendered into.

    Searched, sorted and paged on the server (services.table,
    callbacks.table): only the rows shown travel, which keeps the page light
    at any data size; the table is plain HTML (web.table), no table widget.
    """
    return [
        html.Div(
            className="control table-search",
            children=[
                html.Label(t("table.search", lang), id=ids.FACTS_TABLE_SEARCH_LABEL, htmlFor=ids.FACTS_TABLE_SEARCH),
                dcc.Input(id=ids.FACTS_TABLE_SEARCH, type="search", value="", debounce=True, placeholder=t("table.search_hint", lang),
                          autoComplete="off"),
            ],
        ),
        dcc.Store(id=ids.FACTS_TABLE_SORT, data=None),
        dcc.Store(id=ids.FACTS_TABLE_PAGE, data=0),
        table_container(),
    ]


def card_extras(graph_id: str, catalog: Catalog, lang: str) -> dict:
    """What a chart's card holds besides the chart: the explorer's select and table."""
    if graph_id == ids.INDICATOR_GRAPH:
        return {"above": explorer_controls(catalog, lang), "below": explorer_table(lang)}
    return {}


def serve_layout(lang: str = DEFAULT_LANG) -> html.Div:
    """The page in ``lang`` (Dash asks for the default; the first paint for the URL's language)."""
    store = current_store()
    regions = store.regions()
    return html.Div(
        id=ids.PAGE_ROOT,
        className="page",
        lang=HTML_LANGS[lang],
        children=[
            # The first Tab stop, shown when focused: past the charts to the
            # table, where every number and its provenance is a button.
            html.A(t("page.skip", lang), id=ids.SKIP_LINK, href=f"#{ids.TABLE_TITLE}", className="skip-link"),
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.PAGE_SETTINGS, data=page_settings()),
            dcc.Store(id=ids.PROVENANCE_STORE),
            dcc.Store(id=ids.CHART_DATA),
            dcc.Store(id=ids.CHARTS_SETTLED),
            html.Header(
                className="page-header",
                children=[
                    html.H1(t("page.title", lang), id=ids.PAGE_TITLE),
                    html.P(t("page.subtitle", lang), id=ids.PAGE_SUBTITLE),
                ],
            ),
            html.Div(id=ids.NOTICE, className="notice", role="status", **{"aria-live": "polite"}),
            html.Div(
                id=ids.CONTROLS,
                className="controls card",
                role="region",
                **{"aria-label": t("page.controls", lang)},
                children=[
                    html.Div(
                        className="control",
                        children=[
                            html.Label(t("filter.label", lang), id=ids.REGION_LABEL, htmlFor=ids.REGION_FILTER),
                            dcc.Dropdown(
                                id=ids.REGION_FILTER,
                                options=region_options(regions, lang, store.catalog, store.with_data()),
                                value=[],
                                multi=True,
                                searchable=True,
                                placeholder=t("filter.placeholder", lang),
                                labels=dropdown_labels(lang),
                                # Enough rows at once to browse thousands of counties.
                                maxHeight=FILTER_LIST_HEIGHT,
                            ),
                        ],
                    ),
                    html.Div(
                        className="control",
                        # The toggle itself is the radio group its label names (assets/a11y.js).
                        children=[
                            html.Span(t("lang.label", lang), id=ids.LANG_LABEL, className="label"),
                            dcc.RadioItems(
                                id=ids.LANG_TOGGLE,
                                options=[{"label": LANG_NAMES[code], "value": code} for code in LANGS],
                                value=lang,
                                inline=True,
                                className="lang-toggle",
                            ),
                        ],
                    ),
                    export_all_control(lang),
                ],
            ),
            html.Div(
                className="content",
                children=[
                    html.Main(
                        className="grid",
                        children=[
                            *(
                                chart_card(spec.graph_id, wide=spec.wide, **card_extras(spec.graph_id, store.catalog, lang))
                                for spec in CHARTS
                            ),
                            html.Section(
                                className="card wide",
                                **{"aria-labelledby": ids.TABLE_TITLE},
                                children=[
                                    html.Div(
                                        className="table-head",
                                        children=[
                                            # The skip link's target: focusable, so the next Tab is the table's.
                                            html.H2(t("table.title", lang), id=ids.TABLE_TITLE, tabIndex="-1"),
                                            html.Button(
                                                t("table.download", lang),
                                                id=ids.FACTS_DOWNLOAD_BUTTON,
                                                className="button",
                                            ),
                                            dcc.Download(id=ids.FACTS_DOWNLOAD),
                                        ],
                                    ),
                                    *facts_table(lang),
                                ],
                            ),
                        ],
                    ),
                    # Beside the charts on wide screens (sticky), after them on
                    # narrow ones, where a click opens it as a sheet over the page.
                    html.Aside(
                        id=ids.PROVENANCE_PANEL,
                        className="card provenance",
                        role="region",
                        tabIndex="-1",
                        **{"aria-live": "polite", "aria-labelledby": ids.PROVENANCE_TITLE,
                           # Where its input buttons send a selection (assets/table.js).
                           "data-provenance-store": ids.PROVENANCE_STORE},
                        children=empty_panel(lang),
                    ),
                ],
            ),
            html.Footer(page_footer(store, lang), id=ids.FOOTER, className="page-footer"),
        ],
    )
