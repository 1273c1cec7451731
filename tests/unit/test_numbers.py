"""The number parser reads Chinese figures as a curator would."""

import pytest

from components.data.numbers import chinese_to_number, find_numbers
from components.data.textmatch import SourceText


def parse(text):
    return find_numbers(SourceText("t.txt", text))


@pytest.mark.parametrize(
    "text, value, unit, qualifier",
    [
        ("资助标准提升至1亿元。", 1e8, "CNY", "exact"),
        ("最高给予5000万元综合扶持。", 5e7, "CNY", "at_most"),
        ("总额不超过10万元预拨资金。", 1e5, "CNY", "at_most"),
        ("企业上云数量3.3万余家。", 33000, "count", "at_least"),
        ("获得奖励400余万元。", 4e6, "CNY", "at_least"),
        ("销售收入达8000多万元。", 8e7, "CNY", "at_least"),
        ("申请了国内外专利近600件。", 600, "count", "approx"),
        ("贡献了超40%的国民生产总值。", 40, "percent", "at_least"),
        ("92%以上的专利申请。", 92, "percent", "at_least"),
        ("产业规模突破1100亿元。", 1.1e11, "CNY", "at_least"),
        ("同比增长63.2%。", 63.2, "percent", "exact"),
        ("种植26.8万亩。", 268000, "mu", "exact"),
        ("销售砂糖橘100万斤。", 1e6, "jin", "exact"),
        ("新增菜牛270头。", 270, "head", "exact"),
        ("累计应用智能装备18726台(套)。", 18726, "count", "exact"),
        ("五大场景13个模块。", 5, "count", "exact"),
        ("有效解决县城附近两个大型安置区。", 2, "count", "exact"),
        ("产业规模连续两年实现翻倍。", 2, "ratio", "exact"),
    ],
)
def test_reads_value_unit_and_qualifier(text, value, unit, qualifier):
    """Each phrase yields its quantity with the value, unit and qualifier a reader gives it."""
    found = [m for m in parse(text) if m.kind == "quantity" and m.value == pytest.approx(value) and m.unit == unit]
    assert found, f"no {value} {unit} in {text}: {parse(text)}"
    assert found[0].qualifier == qualifier


def test_raised_cap_keeps_its_qualifier():
    """'由最高300万元提高至600万元': the raised amount is still a cap."""
    mentions = [m for m in parse("资助由最高300万元提高至600万元。") if m.kind == "quantity"]
    assert [(m.value, m.qualifier) for m in mentions] == [(3e6, "at_most"), (6e6, "at_most")]


def test_qualifier_does_not_cross_a_clause():
    """'最高' in one clause does not qualify the number of the next."""
    mentions = [m for m in parse("最高给予5000万元,资助30万元。") if m.kind == "quantity"]
    assert [m.qualifier for m in mentions] == ["at_most", "exact"]


@pytest.mark.parametrize(
    "text, kind",
    [
        ("2020年,全县", "date"),
        ("6月8日,大赛", "date"),
        ("第二届大会", "ordinal"),
        ("人才政策4.0版", "version"),
        ("5G应用项目", "name"),
        ("2021瓯江峰会", "name"),
        ("系列报道⑧", "series"),
    ],
)
def test_non_quantities_are_classified(text, kind):
    """Dates, ordinals, versions, names and series numbers are found but are not quantities."""
    mentions = parse(text)
    assert mentions and mentions[0].kind == kind
    assert mentions[0].value is None


def test_number_split_by_hard_wrap_is_read_whole():
    """A sentence wrapped over blank lines still yields its number and qualifier."""
    text = "今年,张家港举办专业赛事,吸引了600余人才项目\n\n报名参加。"
    (mention,) = parse(text)
    assert (mention.value, mention.qualifier) == (600, "at_least")
    assert mention.sentence == "今年,张家港举办专业赛事,吸引了600余人才项目报名参加。"
    assert text[mention.start : mention.end].startswith("600")


@pytest.mark.parametrize(
    "numeral, value",
    [("两", 2), ("十", 10), ("十三", 13), ("二十", 20), ("三百四", 340), ("一百零五", 105), ("万亿", 1e12), ("一亿三千万", 1.3e8)],
)
def test_chinese_numerals(numeral, value):
    assert chinese_to_number(numeral) == value


def test_idioms_are_not_numbers():
    """'一事一议', '九龙治水' contain numerals but state no quantity."""
    assert parse("“一事一议”资助,“政出多门、九龙治水”") == []
