"""Numbers read the way each language writes them."""

import pytest

from components.data.schema import UNITS
from components.text.formatting import format_period, format_value, log_ticks, qualifier_marker


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "zh", "en"),
    [
        (1e8, "CNY", "exact", "1亿元", "CNY 100 million"),
        (5e7, "CNY", "at_most", "≤5000万元", "≤CNY 50 million"),
        (4.7e7, "CNY", "at_most", "≤4700万元", "≤CNY 47 million"),
        (1.36e8, "CNY", "exact", "1.36亿元", "CNY 136 million"),
        (1.5e9, "CNY", "exact", "15亿元", "CNY 1.5 billion"),
        (8023000, "CNY", "exact", "802.3万元", "CNY 8.023 million"),
        (30356, "CNY", "exact", "3.0356万元", "CNY 30,356"),
        (29240, "CNY", "approx", "近2.924万元", "≈CNY 29,240"),
        (33000, "count", "at_least", "≥3.3万", "≥33,000"),
        (18726, "count", "exact", "1.8726万", "18,726"),
        (123456789, "count", "exact", "1.2346亿", "123.46 million"),
        (1332, "count", "exact", "1332", "1,332"),
        (600, "count", "approx", "近600", "≈600"),
        (3.8, "percent", "exact", "3.8%", "3.8%"),
        (63.2, "percent", "exact", "63.2%", "63.2%"),
        (268000, "mu", "exact", "26.8万亩", "268,000 mu"),
        (1e6, "jin", "exact", "100万斤", "1 million jin"),
        (2.56, "ratio", "exact", "2.56倍", "2.56×"),
        (0.6, "pp", "exact", "0.6个百分点", "0.6 pp"),
        (500, "CNY_per_month", "exact", "500元/月", "CNY 500 a month"),
        (2e4, "CNY_per_year", "at_most", "≤2万元/年", "≤CNY 20,000 a year"),
        (6000, "household", "at_least", "≥6000户", "≥6,000 households"),
        (7, "rank", "exact", "第7", "No. 7"),
    ],
)
def test_format_value_uses_wan_yi_in_chinese_and_million_billion_in_english(value, unit, qualifier, zh, en):
    """One rule per language: Chinese writes every value from 1万 in 万/亿, exact to four decimals; English groups by thousands, then million/billion."""
    assert format_value(value, unit, qualifier, lang="zh") == zh
    assert format_value(value, unit, qualifier, lang="en") == en


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("unit", list(UNITS))
def test_every_unit_of_the_vocabulary_formats_in_both_languages(unit, lang):
    """A unit added to schema.UNITS cannot reach a chart bare: it has its text in both languages."""
    text = format_value(12, unit, "exact", lang=lang)
    assert "12" in text
    if unit != "count":  # the indicator names what is counted
        assert text != "12"


def test_recurring_amounts_read_differently_from_one_off_amounts():
    """500元 a month is not 500元: the data and the charts tell them apart."""
    for lang in ("zh", "en"):
        assert format_value(500, "CNY_per_month", lang=lang) != format_value(500, "CNY", lang=lang)
        assert format_value(500, "CNY_per_year", lang=lang) != format_value(500, "CNY_per_month", lang=lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bounds_are_marked_with_the_same_symbols_in_both_languages(lang):
    """at_least reads "≥" and at_most "≤", whatever the language."""
    assert format_value(33000, "count", "at_least", lang=lang).startswith("≥")
    assert format_value(5e7, "CNY", "at_most", lang=lang).startswith("≤")
    assert qualifier_marker("exact", lang) == ""


def test_unknown_unit_or_qualifier_is_an_error():
    """A typo in the data vocabulary fails loudly instead of printing a bare number."""
    with pytest.raises(ValueError):
        format_value(1, "dollars", "exact", lang="zh")
    with pytest.raises(ValueError):
        qualifier_marker("roughly", "en")


def test_unknown_language_falls_back_to_chinese():
    """The default language is Chinese."""
    assert format_value(1e8, "CNY", "exact", lang="fr") == "1亿元"


@pytest.mark.parametrize(("lang", "labels"), [("zh", ["10", "100", "1000", "1万"]), ("en", ["10", "100", "1k", "10k"])])
def test_log_ticks_label_each_power_of_ten_in_the_language(lang, labels):
    """Log-axis ticks read in 万/亿 (zh) or k/M/B (en)."""
    values, text = log_ticks(10, 5000, lang=lang)
    assert values == [10, 100, 1000, 10000]
    assert text == labels


@pytest.mark.parametrize(("lang", "labels"), [("zh", ["10万", "1000万", "10亿"]), ("en", ["100k", "10M", "1B"])])
def test_log_ticks_past_five_keep_every_other_power(lang, labels):
    """Six ticks would turn on a phone's axis; every other power of ten stays."""
    values, text = log_ticks(1e5, 1.5e9, lang=lang)
    assert values == [1e5, 1e7, 1e9]
    assert text == labels


@pytest.mark.parametrize(
    ("period", "zh", "en"),
    [("2020", "2020年", "2020"), ("2021Q1", "2021年一季度", "2021 Q1"), ("2016/2020", "2016—2020年", "2016–2020"), ("2021-06", "2021年6月", "Jun 2021")],
)
def test_format_period(period, zh, en):
    """Periods of the schema are written as a reader expects."""
    assert format_period(period, lang="zh") == zh
    assert format_period(period, lang="en") == en
