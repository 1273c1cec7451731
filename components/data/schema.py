"""The data contract: table columns, their dtypes and the controlled vocabularies.

Every module that touches a column names it through these constants, so a
renamed column is one edit here and a failing test everywhere else.
"""

from __future__ import annotations

import re


class Fact:
    """Columns of ``data/facts/*.csv``: one row per number stated in a source."""

    FACT_ID = "fact_id"
    DATASET = "dataset"
    REGION_ID = "region_id"
    INDICATOR_ID = "indicator_id"
    INDICATOR_ZH = "indicator_zh"
    INDICATOR_EN = "indicator_en"
    PERIOD = "period"
    VALUE = "value"
    UNIT = "unit"
    QUALIFIER = "qualifier"
    DERIVED = "derived"
    FORMULA = "formula"
    SOURCE_FILE = "source_file"
    SOURCE_QUOTE = "source_quote"
    NOTE_ZH = "note_zh"
    NOTE_EN = "note_en"

    # The download routes promise exactly these columns first, in this order.
    EXPORT_COLUMNS = (
        FACT_ID,
        DATASET,
        REGION_ID,
        INDICATOR_ID,
        INDICATOR_ZH,
        INDICATOR_EN,
        PERIOD,
        VALUE,
        UNIT,
        QUALIFIER,
        DERIVED,
        SOURCE_FILE,
        SOURCE_QUOTE,
    )
    REQUIRED = EXPORT_COLUMNS + (FORMULA,)
    OPTIONAL = (NOTE_ZH, NOTE_EN)


class Region:
    """Columns of ``data/regions/*.csv``."""

    REGION_ID = "region_id"
    NAME_ZH = "name_zh"
    NAME_EN = "name_en"
    LEVEL = "level"
    PARENT_ID = "parent_id"
    PROVINCE_ZH = "province_zh"
    PROVINCE_EN = "province_en"
    LAT = "lat"
    LON = "lon"
    # Optional: short names for axes and labels (default: the full name), and
    # the region's colour in every chart (default: the next free one of the
    # palette, in table order).
    SHORT_ZH = "short_zh"
    SHORT_EN = "short_en"
    COLOR = "color"

    REQUIRED = (REGION_ID, NAME_ZH, NAME_EN, LEVEL, PARENT_ID, PROVINCE_ZH, PROVINCE_EN, LAT, LON)
    OPTIONAL = (SHORT_ZH, SHORT_EN, COLOR)


class Cluster:
    """Columns of ``data/clusters/*.csv``: Chongqing's "一区两群" structure.

    A cluster area lists districts and industries, which is a different shape
    from a single number, hence its own table.
    """

    CLUSTER_ID = "cluster_id"
    REGION_ID = "region_id"
    GROUP_ID = "group_id"
    GROUP_ZH = "group_zh"
    GROUP_EN = "group_en"
    NAME_ZH = "name_zh"
    NAME_EN = "name_en"
    DISTRICTS_ZH = "districts_zh"
    DISTRICTS_EN = "districts_en"
    INDUSTRIES_ZH = "industries_zh"
    INDUSTRIES_EN = "industries_en"
    SOURCE_FILE = "source_file"
    SOURCE_QUOTE = "source_quote"

    REQUIRED = (
        CLUSTER_ID,
        REGION_ID,
        GROUP_ID,
        GROUP_ZH,
        GROUP_EN,
        NAME_ZH,
        NAME_EN,
        DISTRICTS_ZH,
        DISTRICTS_EN,
        INDUSTRIES_ZH,
        INDUSTRIES_EN,
        SOURCE_FILE,
        SOURCE_QUOTE,
    )
    # Lists inside one cell are separated by this character.
    LIST_SEP = "|"


class Skip:
    """Columns of ``data/coverage_skips.csv``: numbers in a source that are not facts."""

    SOURCE_FILE = "source_file"
    CONTEXT = "context"
    NUMBER = "number"
    KIND = "kind"
    REASON = "reason"

    REQUIRED = (SOURCE_FILE, CONTEXT, NUMBER, KIND, REASON)
    # A row with context and number both "*" skips every mention of its kind
    # (used for calendar dates, which become periods rather than facts).
    ANY = "*"


# Unit vocabulary. Values are always stored in these base units.
UNITS = {
    "CNY": ("元", "yuan (CNY)"),
    # Recurring amounts ("每人每月500元") are not one-off sums: their own units
    # keep a chart from putting them on one axis with a grant or a turnover.
    "CNY_per_month": ("元/月", "CNY a month"),
    "CNY_per_year": ("元/年", "CNY a year"),
    "percent": ("%", "percent"),
    # A difference of two percentages ("提高0.6个百分点"), not a share.
    "pp": ("个百分点", "percentage points"),
    "count": ("个", "count"),
    "household": ("户", "households"),
    "rank": ("位", "rank"),
    "mu": ("亩", "mu (1/15 hectare)"),
    "jin": ("斤", "jin (0.5 kg)"),
    "head": ("头", "head of livestock"),
    "year": ("年", "years"),
    "ratio": ("倍", "ratio (times)"),
}
# Units whose plain integers are counted, not measured: "47项" is exactly 47,
# while "30356元" is a statistic rounded to the yuan (README, derived values).
COUNTED_UNITS = ("count", "household", "rank", "head")

# qualifier -> (Chinese name, English name): the one spelling the table, the
# provenance panel, the charts' hover and the exported images' marker line
# use (qualifier_label), and that metadata.json's "qualifiers" repeat.
QUALIFIERS = {
    "exact": ("确切值", "exact"),
    "approx": ("约数(近、约、左右)", "approximate (nearly, about)"),
    "at_least": ("下限(余、多、超、以上等)", "at least (more than)"),
    "at_most": ("上限(最高、不超过、以内等)", "at most (up to)"),
}


def qualifier_label(qualifier: str, lang: str) -> str:
    """A qualifier's name in the language (QUALIFIERS)."""
    zh, en = QUALIFIERS[qualifier]
    return zh if lang == "zh" else en


def unit_label(unit: str, lang: str) -> str:
    """A unit's name in the language (UNITS)."""
    zh, en = UNITS[unit]
    return zh if lang == "zh" else en

DATASETS = (
    "funding_tiers",
    "innovation_points",
    "university_industry",
    "talent_enterprises",
    "competitions",
    "income_growth",
    "huanjiang_economy",
    "huanjiang_agriculture",
    "cas_cooperation",
    "digitalization",
    "industry_brain",
    "county_shares",
    "manufacturing_clusters",
)

REGION_LEVELS = ("country", "province", "municipality", "prefecture", "county")

# Periods: a year, a quarter, a month, a day, or an inclusive range of years
# written as an ISO 8601 interval ("2016/2020").
PERIOD_PATTERN = re.compile(
    r"^(?:\d{4}(?:Q[1-4]|-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?|\d{4}/\d{4})$"
)
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]*$")
COLOR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")

TRUE_WORDS = ("true", "1", "yes")
FALSE_WORDS = ("false", "0", "no", "")
