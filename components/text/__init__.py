"""Texts in the page's two languages: one lookup, ``t(key, lang, **fields)``, over one table.

The table is ``components.text.strings.TEXTS`` (namespaced keys);
``components.text.formatting`` writes numbers, units and periods as a reader
of each language expects them.
"""

from __future__ import annotations

from components.text.strings import TEXTS

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
# Each language's tag (BCP 47) for the page's ``<html lang>``: screen readers
# pick their voice by it, browsers their fonts and hyphenation.
HTML_LANGS = {"zh": "zh-CN", "en": "en"}


# An entry may hold a singular form, e.g. "en_one": "{count} figure", used when
# the field ``count`` is (or is written) 1 ("1 figure", not "1 figures"); Chinese has none.
SINGULAR = "_one"


def t(key: str, lang: str, **fmt) -> str:
    """The text for ``key`` in ``lang`` (Chinese for an unknown language), its fields filled.

    Raises KeyError for an unknown key, so a typo fails in tests instead of
    showing an id on the page.
    """
    entry = TEXTS[key]
    lang = lang if lang in LANGS else DEFAULT_LANG
    if str(fmt.get("count")) == "1" and lang + SINGULAR in entry:
        lang += SINGULAR
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**fmt) if fmt else text
