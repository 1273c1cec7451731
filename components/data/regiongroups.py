"""Provinces as selections: ``province:<parent_id>`` stands for every region under that parent.

National data has ~2,850 county-level divisions, too many to pick from or to
draw one by one; the region filter offers each province's counties as one
choice and the overview draws one column per province. Curated data (a
handful of regions) has no groups, so it behaves exactly as a list of ids.
A ":" never occurs in a snake_case id, so a group cannot collide with a region.
"""

from __future__ import annotations

import pandas as pd

from components.data.schema import Region

PROVINCE_PREFIX = "province:"
# More regions than this and a flat list stops being usable.
GROUP_REGIONS_ABOVE = 30


def province_groups(regions: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """``province:<parent_id>`` -> the ids of the regions under it, in table order; empty for short lists."""
    if len(regions) <= GROUP_REGIONS_ABOVE:
        return {}
    groups: dict[str, list[str]] = {}
    for region_id, parent in zip(regions[Region.REGION_ID], regions[Region.PARENT_ID]):
        if parent:
            groups.setdefault(PROVINCE_PREFIX + parent, []).append(region_id)
    return {token: tuple(members) for token, members in groups.items()}


def group_names(regions: pd.DataFrame, groups: dict[str, tuple[str, ...]], lang: str) -> dict[str, str]:
    """Group token -> the province's name in the language (its regions' province column)."""
    column = Region.PROVINCE_ZH if lang == "zh" else Region.PROVINCE_EN
    province = dict(zip(regions[Region.REGION_ID], regions[column]))
    return {token: province[members[0]] for token, members in groups.items()}
