"""The view in the URL: ``/?region=huanjiang,jiangxi&indicator=fiscal_revenue&lang=en``.

The page reads and writes it in the browser (assets/view-state.js, wired by
``assets/clientside.js`` viewFromUrl and viewToUrl, wired in ``web.callbacks.view``): reading never fails, anything unusable falls
back to the default for that parameter with a notice (``NOTICE_KEYS``, texts
in ``components.text.strings``). The server writes it for permalinks (exports), in the same
canonical form, defaults omitted, so one view has one URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

REGION_PARAM = "region"
LANG_PARAM = "lang"
INDICATOR_PARAM = "indicator"
SORT_PARAM = "sort"  # the table's: "value.desc"
SEARCH_PARAM = "q"  # the table's search
MAX_SEARCH_LENGTH = 2000
MAX_SHOWN = 40  # how much of a bad value a notice repeats
# What a notice about the URL or the filter can say (keys of components.text.strings.TEXTS).
NOTICE_KEYS = (
    "notice.malformed",
    "notice.unknown_param",
    "notice.repeated",
    "notice.bad_lang",
    "notice.bad_region",
    "notice.bad_indicator",
    "notice.bad_sort",
    "notice.bad_input",
)


@dataclass(frozen=True)
class View:
    regions: tuple[str, ...] = ()
    lang: str = "zh"
    indicator: str | None = None  # the explorer's; None: chosen from the data
    sort: str | None = None  # the table's, "column.direction"
    q: str = ""  # the table's search


def view_to_search(view: View, default_lang: str) -> str:
    """Canonical search string ('' for the default view); assets/view-state.js writes the same."""
    params = {}
    if view.regions:
        params[REGION_PARAM] = ",".join(view.regions)
    if view.indicator:
        params[INDICATOR_PARAM] = view.indicator
    if view.sort:
        params[SORT_PARAM] = view.sort
    if view.q:
        params[SEARCH_PARAM] = view.q
    if view.lang != default_lang:
        params[LANG_PARAM] = view.lang
    # ":" of a province group ("province:hebei") stays readable, as "," does.
    return "?" + urlencode(params, safe=",:") if params else ""
