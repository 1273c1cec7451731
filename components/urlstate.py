"""The view in the URL: ``/?region=huanjiang,jiangxi&lang=en``.

Parsing never fails: anything unusable falls back to the default for that
parameter and yields a notice (a message id and its arguments) for the page
to show. Writing produces the canonical form, defaults omitted, so one view
has one URL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode

REGION_PARAM = "region"
LANG_PARAM = "lang"
MAX_SEARCH_LENGTH = 2000
MAX_SHOWN = 40  # how much of a bad value a notice repeats


@dataclass(frozen=True)
class View:
    regions: tuple[str, ...] = ()
    lang: str = "zh"


@dataclass(frozen=True)
class Notice:
    key: str
    args: dict = field(default_factory=dict)


def _shown(text: str) -> str:
    text = "".join(ch for ch in text if ch.isprintable())
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"


def parse_view(search: object, known_regions, langs, default_lang: str) -> tuple[View, list[Notice]]:
    """View from a location's search string, plus notices for what was dropped."""
    notices: list[Notice] = []
    if search is None or search == "":
        return View((), default_lang), notices
    if not isinstance(search, str) or len(search) > MAX_SEARCH_LENGTH:
        return View((), default_lang), [Notice("notice_malformed")]
    params = parse_qs(search.lstrip("?"), keep_blank_values=True)
    for name in params:
        if name not in (REGION_PARAM, LANG_PARAM):
            notices.append(Notice("notice_unknown_param", {"name": _shown(name)}))

    lang = default_lang
    values = params.get(LANG_PARAM, [])
    if len(values) > 1:
        notices.append(Notice("notice_repeated", {"name": LANG_PARAM}))
    elif values:
        if values[0] in langs:
            lang = values[0]
        else:
            notices.append(Notice("notice_bad_lang", {"value": _shown(values[0])}))

    regions: tuple[str, ...] = ()
    values = params.get(REGION_PARAM, [])
    if len(values) > 1:
        notices.append(Notice("notice_repeated", {"name": REGION_PARAM}))
    elif values:
        known = set(known_regions)
        asked = [part.strip() for part in values[0].split(",") if part.strip()]
        unknown = [r for r in asked if r not in known]
        if unknown:
            notices.append(Notice("notice_bad_region", {"value": _shown(", ".join(unknown))}))
        regions = tuple(sorted({r for r in asked if r in known}))
    return View(regions, lang), notices


def view_to_search(view: View, default_lang: str) -> str:
    """Canonical search string ('' for the default view)."""
    params = {}
    if view.regions:
        params[REGION_PARAM] = ",".join(view.regions)
    if view.lang != default_lang:
        params[LANG_PARAM] = view.lang
    # ":" of a province group ("province:hebei") stays readable, as "," does.
    return "?" + urlencode(params, safe=",:") if params else ""
