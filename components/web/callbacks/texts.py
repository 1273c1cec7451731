"""The language -> every text of the page around the charts."""

from __future__ import annotations

from dash import Input, Output

from components.data.store import current_store
from components.services.view import clean_lang
from components.text import t
from components.web import ids
from components.web.callbacks.view import SETTINGS
from components.web.callbacks.wiring import clientside, wires
from components.web.layout import dropdown_labels, indicator_options, page_footer, region_options


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
    Output(ids.INDICATOR_LABEL, "children"),
    Output(ids.INDICATOR_SELECT, "options"),
    Output(ids.INDICATOR_SELECT, "placeholder"),
    Output(ids.INDICATOR_TABLE_SUMMARY, "children"),
    Output(ids.FACTS_TABLE_SEARCH_LABEL, "children"),
    Output(ids.FACTS_TABLE_SEARCH, "placeholder"),
    Output(ids.REGION_FILTER, "labels"),
    Output(ids.INDICATOR_SELECT, "labels"),
    Output(ids.SKIP_LINK, "children"),
    Output(ids.CONTROLS, "aria-label"),
    Input(ids.LANG_TOGGLE, "value"),
    # The layout holds the default language's texts (layout.serve_layout).
    prevent_initial_call=True,
)
def update_texts(lang):
    lang, _ = clean_lang(lang)
    store = current_store()
    return (
        t("page.title", lang),
        t("page.subtitle", lang),
        t("filter.label", lang),
        region_options(store.regions(), lang, store.catalog, store.with_data()),
        t("filter.placeholder", lang),
        t("lang.label", lang),
        t("table.title", lang),
        t("table.download", lang),
        page_footer(store, lang),
        t("explorer.label", lang),
        indicator_options(store.catalog, lang),
        t("explorer.placeholder", lang),
        t("explorer.table", lang),
        t("table.search", lang),
        t("table.search_hint", lang),
        dropdown_labels(lang),
        dropdown_labels(lang),
        t("page.skip", lang),
        t("page.controls", lang),
    )


# The language -> the lang of <html> (the server wrote the URL's,
# components.web.document) and of the page's root, and the language toggle's
# roles repaired (assets/a11y.js says why). From the page load on.
clientside("pageLanguage", Output(ids.PAGE_ROOT, "lang"), Input(ids.LANG_TOGGLE, "value"), SETTINGS)
