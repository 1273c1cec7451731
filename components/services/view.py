"""Untrusted view payloads -> canonical views.

Every value a browser sends (region filter, language, clicked marks) is
untrusted JSON: wrong types, unknown ids and oversized values fall back to
the default view instead of raising.
"""

from __future__ import annotations

from components.data.store import current_store
from components.text import DEFAULT_LANG, LANGS

MAX_REGIONS = 200  # more than any real selection; longer lists are refused
MAX_ID_LENGTH = 100


def clean_lang(lang: object) -> tuple[str, bool]:
    """(language, was it valid)."""
    if isinstance(lang, str) and lang in LANGS:
        return lang, True
    return DEFAULT_LANG, lang is None


def clean_regions(regions: object, known) -> tuple[tuple[str, ...], bool]:
    """(canonical region ids, was the payload valid). None and [] mean all."""
    if regions is None:
        return (), True
    if isinstance(regions, str):
        regions = [regions]
    if not isinstance(regions, list) or len(regions) > MAX_REGIONS:
        return (), False
    known = set(known)
    valid = all(isinstance(r, str) and len(r) <= MAX_ID_LENGTH and r in known for r in regions)
    kept = sorted({r for r in regions if isinstance(r, str) and r in known})
    return tuple(kept), valid


def clean_view(regions: object, lang: object) -> tuple[tuple[str, ...], str]:
    """(canonical regions, language) of an untrusted filter and language payload."""
    kept, _ = clean_regions(regions, current_store().selectable_ids())
    return kept, clean_lang(lang)[0]


def clean_indicator(indicator: object) -> str | None:
    """An indicator id of the data, or None (the explorer then chooses from the data)."""
    if isinstance(indicator, str) and len(indicator) <= MAX_ID_LENGTH and indicator in current_store().catalog.indicators:
        return indicator
    return None


def clicked_id(click: object) -> str | None:
    """The first customdata element of a clickData payload, if it is a string id."""
    try:
        point = click["points"][0]
        data = point.get("customdata")
    except (TypeError, KeyError, IndexError, AttributeError):
        return None
    if isinstance(data, list):
        data = data[0] if data else None
    if isinstance(data, str) and 0 < len(data) <= MAX_ID_LENGTH:
        return data
    return None
