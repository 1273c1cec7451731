"""The HTML document around the app: ``<html lang>`` in the page's language, one footer landmark.

Dash's own page (``dash.dash._default_index``) has no ``lang`` and wraps its
scripts in a ``<footer>``: a second contentinfo landmark beside the page's
footer (axe: html-has-lang, landmark-no-duplicate-contentinfo). This page is
Dash's with those two changes. Its language is the URL's (``?lang=en``, read
as the browser reads it, assets/view-state.js: one usable value, else the
default); in the browser a clientside callback keeps it in step with the
language toggle (assets/clientside.js pageLanguage).
"""

from __future__ import annotations

from flask import has_request_context, request

from components.text import DEFAULT_LANG, HTML_LANGS, LANGS
from components.web.urlstate import LANG_PARAM

LANG_FIELD = "{%lang%}"

INDEX_STRING = """<!DOCTYPE html>
<html lang="{%lang%}">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        {%config%}
        {%scripts%}
        {%renderer%}
    </body>
</html>"""


def request_lang() -> str:
    """The page language of the request's URL: its one usable ``lang``, else the default."""
    if not has_request_context():
        return DEFAULT_LANG
    values = request.args.getlist(LANG_PARAM)
    return values[0] if len(values) == 1 and values[0] in LANGS else DEFAULT_LANG


def fill_lang(page: str) -> str:
    """The page with its ``<html lang>`` filled in for the request."""
    return page.replace(LANG_FIELD, HTML_LANGS[request_lang()], 1)
