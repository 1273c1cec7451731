"""Numbers as a reader of each language expects them.

One rule per language, for every label, hover, table cell and export:
Chinese writes every value from 1万 in 万 (10^4), 亿 (10^8) or 万亿, exact to
four decimals of that unit ("5000万元", "1.36亿元", "3.0356万元", "3.3万"), and
smaller ones as they are, without separators ("600", "3.8%"); English writes
values from a million in million/billion/trillion ("CNY 50 million") and
smaller ones with thousands separators ("33,000"). Values arrive in the base units of
``schema.UNITS`` (yuan, mu, jin ...), never pre-scaled.

One qualifier convention everywhere, taken from ``schema.QUALIFIERS``: a
lower bound (余/多/超/以上) is "≥", a cap (最高/不超过) is "≤", in both
languages, so a chart label and the data table read the same. "Approximately"
(近) stays 近 in Chinese and becomes "≈" in English.
"""

from __future__ import annotations

import math

from components.data.schema import QUALIFIERS, UNITS
from components.text import LANGS


# Largest step first; the first one the value reaches wins.
_ZH_STEPS = ((1e12, "万亿"), (1e8, "亿"), (1e4, "万"))
_EN_STEPS = ((1e12, " trillion", "T"), (1e9, " billion", "B"), (1e6, " million", "M"))

_MARKERS = {
    "zh": {"exact": "", "approx": "近", "at_least": "≥", "at_most": "≤"},
    "en": {"exact": "", "approx": "≈", "at_least": "≥", "at_most": "≤"},
}

# Unit text around the number; count needs none (the indicator names what is
# counted). Every unit of schema.UNITS has an entry in both languages
# (tests/unit/test_formatting.py), so a new unit cannot reach a chart bare.
_ZH_PREFIX = {"rank": "第"}
_ZH_SUFFIX = {
    "CNY": "元",
    "CNY_per_month": "元/月",
    "CNY_per_year": "元/年",
    "percent": "%",
    "pp": "个百分点",
    "count": "",
    "household": "户",
    "rank": "",
    "mu": "亩",
    "jin": "斤",
    "head": "头",
    "year": "年",
    "ratio": "倍",
}
_EN_PREFIX = {"CNY": "CNY ", "CNY_per_month": "CNY ", "CNY_per_year": "CNY ", "rank": "No. "}
_EN_SUFFIX = {
    "CNY": "",
    "CNY_per_month": " a month",
    "CNY_per_year": " a year",
    "percent": "%",
    # "pp" rather than "percentage points": short enough for a bar label.
    "pp": " pp",
    "count": "",
    "household": " households",
    "rank": "",
    "mu": " mu",
    "jin": " jin",
    "head": " head",
    "year": " years",
    "ratio": "×",
}

MISSING = "–"


def _lang(lang: str) -> str:
    return lang if lang in LANGS else "zh"


def _trim(number: float, decimals: int, *, grouped: bool = False) -> str:
    """Fixed decimals, then trailing zeros dropped: 1.360 -> "1.36", 5000.00 -> "5000"."""
    text = f"{number:,.{decimals}f}" if grouped else f"{number:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _decimals(mantissa: float) -> int:
    # Small mantissas keep one more digit: 8.023 million, 1.36亿.
    return 3 if abs(mantissa) < 10 else 2


# Chinese keeps a value exact in 万/亿 up to this many decimals of the unit.
_ZH_MAX_DECIMALS = 4


def _exact_decimals(mantissa: float, most: int) -> int:
    """The fewest decimals (at most ``most``) that write ``mantissa`` without rounding it."""
    for decimals in range(most + 1):
        if math.isclose(round(mantissa, decimals), mantissa, rel_tol=1e-12, abs_tol=1e-12):
            return decimals
    return most


def format_number(value: float, *, lang: str, compact: bool = False) -> str:
    """The bare number, scaled to 万/亿 (zh) or million/billion (en).

    ``compact`` gives axis-tick forms in English ("100k", "50M", "1.5B");
    Chinese is already compact ("10万", "1亿").
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    value = float(value)
    absolute = abs(value)
    if _lang(lang) == "zh":
        # One voice: from 1万 every value is written in 万 (亿, 万亿), as the
        # axes are, exact to four decimals: 18726 -> "1.8726万", 33000 -> "3.3万".
        for base, word in _ZH_STEPS:
            if absolute >= base:
                mantissa = value / base
                return _trim(mantissa, _exact_decimals(mantissa, _ZH_MAX_DECIMALS)) + word
        return _trim(value, 2)
    for base, word, short in _EN_STEPS:
        if absolute >= base:
            mantissa = value / base
            return _trim(mantissa, _decimals(mantissa)) + (short if compact else word)
    if compact and absolute >= 1e3:
        mantissa = value / 1e3
        return _trim(mantissa, _decimals(mantissa)) + "k"
    return _trim(value, 2, grouped=True)


def qualifier_marker(qualifier: str, lang: str) -> str:
    """Short marker put before a value: "≥", "≤", "近"/"≈", or "" for exact."""
    if qualifier not in QUALIFIERS:
        raise ValueError(f"unknown qualifier {qualifier!r} (one of {', '.join(QUALIFIERS)})")
    return _MARKERS[_lang(lang)][qualifier]


def format_value(value: float, unit: str, qualifier: str = "exact", *, lang: str) -> str:
    """A fact's value with unit and qualifier: "≤5000万元", "≥3.3万", "CNY 100 million".

    Recurring amounts read "500元/月" / "CNY 500 a month", percentage points
    "0.6个百分点" / "0.6 pp", ranks "第7" / "No. 7"."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r} (one of {', '.join(UNITS)})")
    marker = qualifier_marker(qualifier, lang)
    number = format_number(value, lang=lang)
    if number == MISSING:
        return MISSING
    if _lang(lang) == "zh":
        return f"{marker}{_ZH_PREFIX.get(unit, '')}{number}{_ZH_SUFFIX[unit]}"
    return f"{marker}{_EN_PREFIX.get(unit, '')}{number}{_EN_SUFFIX[unit]}"


def log_ticks(low: float, high: float, *, lang: str) -> tuple[list[float], list[str]]:
    """Tick values and labels, one per power of ten, for a log axis spanning [low, high].

    Plotly's own log ticks read "1M", "100k" whatever the language; these read
    "10万", "1亿" in Chinese. Past five ticks every other power is kept, so
    the labels fit a phone's ~180 px axis without turning.
    """
    if not (low > 0 and high > 0):
        raise ValueError("a log axis needs positive bounds")
    low, high = min(low, high), max(low, high)
    first = math.floor(math.log10(low))
    last = math.ceil(math.log10(high))
    step = 2 if last - first > 4 else 1
    values = [10.0**exp for exp in range(first, last + 1, step)]
    return values, [format_number(v, lang=lang, compact=True) for v in values]


_ZH_QUARTERS = {"1": "一", "2": "二", "3": "三", "4": "四"}
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_period(period: str, *, lang: str) -> str:
    """A period of ``schema.PERIOD_PATTERN`` as a reader writes it.

    "2021Q1" -> "2021年一季度" / "2021 Q1"; "2016/2020" -> "2016—2020年" /
    "2016–2020"; "2021-06" -> "2021年6月" / "Jun 2021". Anything else is
    returned unchanged.
    """
    text = str(period)
    zh = _lang(lang) == "zh"
    if len(text) == 4 and text.isdigit():
        return f"{text}年" if zh else text
    if len(text) == 6 and text[4] == "Q":
        return f"{text[:4]}年{_ZH_QUARTERS[text[5]]}季度" if zh else f"{text[:4]} Q{text[5]}"
    if len(text) == 9 and text[4] == "/":
        return f"{text[:4]}—{text[5:]}年" if zh else f"{text[:4]}–{text[5:]}"
    if len(text) == 7 and text[4] == "-":
        month = int(text[5:])
        return f"{text[:4]}年{month}月" if zh else f"{_EN_MONTHS[month - 1]} {text[:4]}"
    if len(text) == 10 and text[4] == "-":
        month, day = int(text[5:7]), int(text[8:])
        return f"{text[:4]}年{month}月{day}日" if zh else f"{day} {_EN_MONTHS[month - 1]} {text[:4]}"
    return text
