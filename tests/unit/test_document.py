"""The HTML document the server sends: <html lang> in the URL's language, one footer landmark."""

import re

import pytest

from components.text import HTML_LANGS


@pytest.mark.parametrize(
    ("search", "lang"),
    [("", "zh-CN"), ("?lang=en", "en"), ("?region=huanjiang&lang=en", "en"), ("?lang=zh", "zh-CN"),
     ("?lang=xx", "zh-CN"), ("?lang=en&lang=zh", "zh-CN")],
)
def test_the_page_says_the_language_of_its_url(client, search, lang):
    """The URL's one usable lang, else the default, as the browser reads it (a repeated lang is unusable)."""
    page = client.get("/" + search).get_data(as_text=True)
    assert re.search(r"<html[^>]*>", page).group(0) == f'<html lang="{lang}">'
    assert "{%lang%}" not in page


def test_the_page_holds_no_footer_of_its_own(client):
    """Dash's page wraps its scripts in a <footer>: a second contentinfo landmark beside the dashboard's footer.

    The one footer in the served page is the dashboard's own, in its first paint.
    """
    footers = re.findall(r"<footer[^>]*>", client.get("/").get_data(as_text=True))
    assert len(footers) == 1 and 'class="page-footer"' in footers[0]


def test_every_language_has_an_html_tag():
    from components.text import LANGS

    assert set(HTML_LANGS) == set(LANGS)
