"""What every surface calls a region, and the colour it has in every chart.

Names, short names and provinces come from ``data/regions/`` in both
languages; a region without an English name shows its Chinese name there
(visibly untranslated), never its raw id. Colours are fixed once per load,
so a region keeps its colour across every chart and view: the region's own
``color`` when the table names one, else the next colour of ``PALETTE`` not
named by any region, in table order.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.data.schema import Region

# Colour-blind-safe: Okabe & Ito (2008) without its yellow (too faint on
# white), then Paul Tol's "muted" scheme for regions beyond the first seven.
PALETTE = (
    "#000000",
    "#0072B2",
    "#009E73",
    "#E69F00",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#882255",
    "#44AA99",
    "#999933",
    "#332288",
    "#CC6677",
    "#117733",
    "#AA4499",
)
# A region the charts draw only as context (beyond the ranked ones), and
# the colour of aggregates such as a median.
NEUTRAL_COLOR = "#8C8C8C"


@dataclass(frozen=True)
class RegionLabel:
    """One region's names in both languages, its province and its colour."""

    region_id: str
    name_zh: str
    name_en: str
    short_zh: str
    short_en: str
    province_zh: str
    province_en: str
    color: str

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    def short(self, lang: str) -> str:
        return self.short_zh if lang == "zh" else self.short_en

    def province(self, lang: str) -> str:
        return self.province_zh if lang == "zh" else self.province_en


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def region_labels(regions: pd.DataFrame) -> dict[str, RegionLabel]:
    """region_id -> RegionLabel, in table order, with the fallbacks and colours of the module docstring."""
    records = regions.to_dict("records")
    named = {_text(r.get(Region.COLOR)).upper() for r in records} - {""}
    free = [c for c in PALETTE if c.upper() not in named] or list(PALETTE)
    labels: dict[str, RegionLabel] = {}
    position = 0
    for record in records:
        region_id = str(record[Region.REGION_ID])
        name_zh = _text(record.get(Region.NAME_ZH)) or region_id
        name_en = _text(record.get(Region.NAME_EN)) or name_zh
        short_zh = _text(record.get(Region.SHORT_ZH)) or name_zh
        short_en = _text(record.get(Region.SHORT_EN)) or (name_en if _text(record.get(Region.NAME_EN)) else short_zh)
        color = _text(record.get(Region.COLOR))
        if not color:
            color = free[position % len(free)]
            position += 1
        labels[region_id] = RegionLabel(
            region_id,
            name_zh,
            name_en,
            short_zh,
            short_en,
            _text(record.get(Region.PROVINCE_ZH)),
            _text(record.get(Region.PROVINCE_EN)) or _text(record.get(Region.PROVINCE_ZH)),
            color,
        )
    return labels


def unknown_label(region_id: str) -> RegionLabel:
    """A region the table does not have (only facts of validated data reach the charts, so rare)."""
    return RegionLabel(region_id, region_id, region_id, region_id, region_id, "", "", NEUTRAL_COLOR)
