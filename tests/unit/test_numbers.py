"""The number parser reads Chinese figures as a curator would."""

import pytest

from components.data.numbers import AFTER_WORDS, BEFORE_WORDS, chinese_to_number, find_numbers, written_step
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
        # Percentage points are a difference of two shares, not a count.
        ("研发投入强度提高0.6个百分点。", 0.6, "pp", "exact"),
        ("贫困发生率下降三个百分点。", 3, "pp", "exact"),
        ("占比提高2.5百分点。", 2.5, "pp", "exact"),
        ("搬迁6000余户。", 6000, "household", "at_least"),
        # Upper bounds after the number, quote marks around it skipped.
        ("把返贫率降至“2”以内。", 2, None, "at_most"),
        ("单笔贷款10万元以下。", 1e5, "CNY", "at_most"),
        ("能耗不足10%。", 10, "percent", "at_most"),
        ("失业率低于5%。", 5, "percent", "at_most"),
        ("增速不低于5%。", 5, "percent", "at_least"),
        ("打造万亿级产业集群。", 1e12, None, "at_least"),
        # Recurring amounts are kept apart from one-off sums.
        ("每人每月500元生活补贴。", 500, "CNY_per_month", "exact"),
        ("月均收入3000元。", 3000, "CNY_per_month", "exact"),
        ("补贴标准为800元/月。", 800, "CNY_per_month", "exact"),
        ("每年补贴2000元。", 2000, "CNY_per_year", "exact"),
        ("一次性奖励5000元。", 5000, "CNY", "exact"),
    ],
)
def test_reads_value_unit_and_qualifier(text, value, unit, qualifier):
    """Each phrase yields its quantity with the value, unit and qualifier a reader gives it."""
    found = [m for m in parse(text) if m.kind == "quantity" and m.value == pytest.approx(value) and m.unit == unit]
    assert found, f"no {value} {unit} in {text}: {parse(text)}"
    assert found[0].qualifier == qualifier


@pytest.mark.parametrize(
    "text, value",
    [("全县GDP位列全市第七。", 7), ("创新指数排名全省第3,", 3), ("专利授权量居全国第二位。", 2), ("名列全国同类城市第12名。", 12)],
)
def test_a_rank_after_a_ranking_verb_is_a_quantity(text, value):
    """'位列全市第七': the 第-number after a ranking verb is a rank, found as a quantity."""
    (mention,) = [m for m in parse(text) if m.kind == "quantity"]
    assert (mention.value, mention.unit, mention.qualifier) == (value, "rank", "exact")
    assert mention.raw.startswith("第")


@pytest.mark.parametrize("text", ["第二届国际大会", "浙江公布第一批30个试点", "入选名单列入第一批", "排在第二批次", "居全国第十二届大会"])
def test_an_ordinal_without_a_ranking_verb_stays_an_ordinal(text):
    """'第二届' names an edition, '第一批' a batch: ordinals, never ranks."""
    mentions = parse(text)
    assert all(m.unit != "rank" for m in mentions), mentions
    assert any(m.kind == "ordinal" for m in mentions)


@pytest.mark.parametrize(
    "text, readings",
    [
        ("分别奖励5万、2万、1万元。", [(5e4, "CNY"), (2e4, "CNY"), (1e4, "CNY")]),
        ("分别奖励10、20和30万元。", [(1e5, "CNY"), (2e5, "CNY"), (3e5, "CNY")]),
        ("种植3及5万亩。", [(3e4, "mu"), (5e4, "mu")]),
        ("每人每月发放300或500元。", [(300, "CNY_per_month"), (500, "CNY_per_month")]),
        # An earlier member has a multiplier of its own, so the 万 is not shared: 8000 is 8000元.
        ("投入5万、8000和2万元。", [(5e4, "CNY"), (8000, "CNY"), (2e4, "CNY")]),
    ],
)
def test_an_enumeration_shares_its_trailing_unit_and_multiplier(text, readings):
    """'10、20和30万元' is 10万元, 20万元 and 30万元; '5万、2万、1万元' is in 元 throughout."""
    found = [(m.value, m.unit) for m in parse(text) if m.kind == "quantity"]
    assert found == readings


def test_numbers_with_words_between_them_share_nothing():
    """'29家高校院所联合张家港70家企业': not an enumeration, each keeps its own reading."""
    found = [(m.value, m.unit) for m in parse("共有29家高校院所联合70家企业申报项目88项,投入3和5万元。") if m.kind == "quantity"]
    assert found == [(29, "count"), (70, "count"), (88, "count"), (3e4, "CNY"), (5e4, "CNY")]


def test_years_in_an_enumeration_are_dates():
    """'2019、2020年': the shared 年 makes 2019 a date too."""
    assert [m.kind for m in parse("2019、2020年连续翻倍") if m.kind != "quantity"] == ["date", "date"]


@pytest.mark.parametrize("word, qualifier", BEFORE_WORDS)
def test_every_word_before_a_number_gives_its_qualifier(word, qualifier):
    """Each word of the rule's "before" table, two characters before a number, gives its qualifier."""
    (mention,) = parse(f"今年{word}给予10万元。")
    assert mention.qualifier == qualifier


@pytest.mark.parametrize("word, qualifier", AFTER_WORDS)
def test_every_word_after_a_number_gives_its_qualifier(word, qualifier):
    """Each word of the rule's "after" table, right after the number and its unit, gives its qualifier."""
    (mention,) = parse(f"今年种植10万亩{word},")
    assert mention.qualifier == qualifier


@pytest.mark.parametrize(
    "text, step",
    [("增长3.8%。", 0.1), ("收入1.36亿元。", 1e6), ("收入30356元。", 1), ("拨付802.3万元。", 1e3), ("两万亩", 1e4), ("三百四十个", 10)],
)
def test_written_step_is_one_unit_of_the_last_digit_in_base_units(text, step):
    """'1.36亿元' is written to the 百万: a step of 1e6 yuan; '3.8%' to 0.1."""
    (mention,) = [m for m in parse(text) if m.kind == "quantity"]
    assert written_step(mention) == pytest.approx(step)


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


@pytest.mark.parametrize(
    "text",
    ["给予一次性补贴", "培育一批创新中心", "引进一大批人才", "提供一条龙服务", "参与“一带一路”建设", "推进一体化发展", "打造一站式平台"],
)
def test_numeral_idioms_are_not_counts(text):
    """'一次性' (one-off), '一批' (a batch of), '一条龙' (one-stop) count nothing."""
    assert parse(text) == []


def test_an_idiom_does_not_hide_an_ordinal_or_a_real_count():
    """'第一批' is still an ordinal, and a count beside an idiom is still read."""
    mentions = parse("公布第一批30个项目,给予一次性补贴,建设一个基地。")
    assert [(m.kind, m.value) for m in mentions] == [("ordinal", None), ("quantity", 30), ("quantity", 1)]
