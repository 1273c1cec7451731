"""Find every number stated in a Chinese text, with its value, unit and qualifier.

This is the engine behind the coverage test (every number of a seed is either
a curated fact or a documented skip) and the curation helper
(``python -m components.cli.curate``). It reads the text the way a curator does:

* Arabic numerals with 万/亿 multipliers and a unit or measure word
  ("3.3万余家", "400余万元", "63.2%", "18726台(套)", "0.6个百分点", "6000余户");
* Chinese numerals followed by a measure word ("两个", "五大场景", "万亿级");
  idioms that hold a numeral ("一次性", "一体化", "一批") are not numbers;
* an enumeration shares its trailing unit: in "5万、2万、1万元" and
  "10、20和30万元" every member is in 元, and when no earlier member has a
  multiplier they share the last one's too (10万元, 20万元, 30万元). Members
  are joined by 、, 和, 及 or 或 with nothing else between them;
* amounts per month (每月, 月均, 每人每月 … 元, or 元/月) are ``CNY_per_month``
  and per year (每年, 年均, 每人每年 … 元, or 元/年) ``CNY_per_year``;
* ranks: 第 and a number after a ranking verb ("位列全市第七", "排名全省第3",
  "居全国第二位") are quantities in unit ``rank``;
* kinds that are not quantities: calendar dates ("2020年", "6月8日"),
  ordinals without a ranking verb ("第二届"), versions ("4.0版"), names
  ("5G") and circled series numbers ("⑧"). The coverage test skips these by
  kind, as the skip list documents.

The qualifier rule (README "The qualifier rule", metadata.json
``qualifiers``): the words around a number give its qualifier.

* ``exact``: none of the words below. multiples in words: 翻倍, 翻番, 翻一番, 翻两番
  are the ratios 2, 2, 2 and 4, exact like any number.
* ``approx``: before: 近, 约; after: 左右
* ``at_least``: before: 超过, 超, 突破, 逾, 不少于, 不低于, 至少; after: 余, 多, 以上;
  after a multiplier: 级
* ``at_most``: before: 不超过, 最高, 最多, 至多, 不足, 低于; after: 以内, 以下

A "before" word stands at most 4 characters before the number in the same
clause ("最高给予5000万元"); an "after" word follows the number and its unit
directly, quote marks skipped ("降至“2”以内"); 级 follows 万/亿 ("万亿级").
A number raised "由最高300万元提高至600万元" keeps the qualifier of the
number it replaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from components.data.textmatch import SourceText, squeeze

MULTIPLIERS = {"万亿": 1e12, "亿": 1e8, "万": 1e4}

# Measure word or unit -> unit of the fact vocabulary (see schema.UNITS).
UNIT_WORDS = {
    "元": "CNY",
    "%": "percent",
    "％": "percent",  # full-width, as pasted from web pages
    "个百分点": "pp",
    "百分点": "pp",
    "亩": "mu",
    "斤": "jin",
    "头": "head",
    "户": "household",
    "倍": "ratio",
    "年": "year",
    "家次": "count",
    "台(套)": "count",
    "台（套）": "count",
    "台": "count",
    "套": "count",
    "个": "count",
    "家": "count",
    "项": "count",
    "件": "count",
    "场": "count",
    "张": "count",
    "条": "count",
    "位": "count",
    "名": "count",
    "席": "count",
    "人": "count",
    "所": "count",
    "批": "count",
    "次": "count",
    "方面": "count",
    "大": "count",
    "级": None,  # "万亿级": a scale class; the multiplier carries the meaning
}


def _alternation(words) -> str:
    """A regex alternation, longest first so that "家次" wins over "家", "个百分点" over "个"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_UNIT_ALT = _alternation(UNIT_WORDS)

# Measure words that may follow a Chinese numeral for it to count as a quantity.
# Narrower than UNIT_WORDS on purpose: "一事一议", "九龙治水" are idioms.
CN_MEASURES = _alternation(
    ("个百分点", "百分点", "个", "家", "条", "场", "项", "位", "名", "张", "届", "批", "大", "方面", "年", "次", "倍",
     "件", "台", "套", "亩", "斤", "头", "户", "所", "区", "群", "带", "城", "县", "级", "季度")
)
# Idioms that begin with a numeral and a measure word but count nothing:
# "一次性" (one-off), "一批" (a batch of), "一条龙" (one-stop), "一带一路". Their
# numerals are not read; "第一批" is still an ordinal (the 第 keeps it). 一体化,
# 一站式, 一揽子 and 一系列 have no measure word today and are listed so that
# they stay unread if one is added.
CN_IDIOMS = ("一次性", "一体化", "一站式", "一揽子", "一系列", "一大批", "一批", "一条龙", "一带一路")
_IDIOM_RE = re.compile(f"(?<!第)(?:{_alternation(CN_IDIOMS)})")

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

ARABIC = re.compile(
    r"(?<![\d.A-Za-z])"
    r"(?P<num>\d+(?:\.\d+)?)"
    r"(?P<more1>余|多)?"
    r"(?P<mult>万亿|亿|万)?"
    r"(?P<more2>余|多)?"
    rf"(?P<unit>{_UNIT_ALT}|版本|版|月|日|季度|G|[A-Za-z]+)?"
)
CHINESE = re.compile(
    r"(?P<num>[零〇一二两三四五六七八九十百千万亿]+)"
    r"(?P<more2>余|多)?"
    rf"(?P<unit>{CN_MEASURES})"
)
CIRCLED_RE = re.compile(f"[{CIRCLED}]")
# Multiples stated in words: "实现翻倍" (doubled), "翻两番" (quadrupled).
MULTIPLE_WORDS = {"翻两番": 4.0, "翻一番": 2.0, "翻番": 2.0, "翻倍": 2.0}
MULTIPLE_RE = re.compile(_alternation(MULTIPLE_WORDS))

# A rank: a ranking verb, a short scope ("全市", "全国同类城市") and 第 with a
# number; 位/名 may follow ("第二位"). An ordinal followed by another measure
# word names an edition or a batch ("排在第二批"), not a rank.
RANK_VERBS = ("位列", "名列", "位居", "居于", "排名", "排行", "排在", "排位", "跻身", "居")
RANK_RE = re.compile(
    rf"(?:{_alternation(RANK_VERBS)})"
    r"[^\d第,，。;；、:：!！?？“”]{0,8}?"
    r"(?P<rank>第(?P<num>\d+|[一二三四五六七八九十百两]+)(?:位|名)?)"
    r"(?![\d一二三四五六七八九十百两批届次期轮季章条款个项年])"
)

# Numbers joined by one of these and nothing else form an enumeration.
ENUM_SEPARATORS = ("、", "和", "及", "或")
# Words that make an amount in 元 a recurring one (searched in the clause
# before the number), and the slash forms after it ("500元/月").
PER_MONTH_WORDS = ("每人每月", "每月", "月均", "月人均", "人均月")
PER_YEAR_WORDS = ("每人每年", "每年", "年均")
PER_WINDOW = 12  # characters of the clause before an amount searched for them

# The qualifier rule (see the module docstring). Within each table the first
# word found wins, so a word comes before the shorter words inside it
# ("不超过" before "超过" before "超", "不低于" before "低于").
BEFORE_WORDS = (
    ("不超过", "at_most"),
    ("不低于", "at_least"),
    ("不少于", "at_least"),
    ("最高", "at_most"),
    ("最多", "at_most"),
    ("至多", "at_most"),
    ("不足", "at_most"),
    ("低于", "at_most"),
    ("超过", "at_least"),
    ("突破", "at_least"),
    ("至少", "at_least"),
    ("超", "at_least"),
    ("逾", "at_least"),
    ("近", "approx"),
    ("约", "approx"),
)
AFTER_WORDS = (
    ("以上", "at_least"),
    ("余", "at_least"),
    ("多", "at_least"),
    ("以内", "at_most"),
    ("以下", "at_most"),
    ("左右", "approx"),
)
# A word after a multiplier: "万亿级" is of the trillion class, so at least 10^12.
SCALE_WORDS = (("级", "at_least"),)
_SCALE = dict(SCALE_WORDS)


def _qualifier_words() -> dict[str, dict[str, tuple[str, ...]]]:
    """The rule as one table, by qualifier and position.

    What the README and metadata.json state, and what
    tests/unit/test_numbers.py compares them with.
    """
    table: dict[str, dict[str, tuple[str, ...]]] = {"exact": {"multiples in words": tuple(MULTIPLE_WORDS)}}
    for position, words in (("before", BEFORE_WORDS), ("after", AFTER_WORDS), ("after a multiplier", SCALE_WORDS)):
        for word, qual in words:
            by_position = table.setdefault(qual, {})
            by_position[position] = by_position.get(position, ()) + (word,)
    return table


QUALIFIER_WORDS = _qualifier_words()

RAISE_WORDS = ("提高至", "提高到", "提升至", "提升到", "增加到", "增至", "增加至")
# Words that contain a qualifier character without qualifying ("县城附近两个").
NOT_QUALIFIERS = ("附近", "最近", "近年", "近期", "将近年")
# ASCII and full-width forms: text pasted from web pages has either.
CLAUSE_BREAKS = ",，。;；!！?？、:：\n"
LOOKBACK = 4  # characters between a qualifier word and its number ("最高给予5000万元")
QUOTE_MARKS = "“”\"'‘’」「』『"


@dataclass(frozen=True)
class Mention:
    """One number found in a text."""

    number: str  # the numeral as written: "3.3", "600", "两"
    raw: str  # the whole match with multiplier, qualifier and unit: "3.3万余家"
    value: float | None  # in base units (3.3万 -> 33000); None when not a quantity
    unit: str | None  # unit of the fact vocabulary, None when unstated
    qualifier: str  # exact | approx | at_least | at_most
    kind: str  # quantity | date | ordinal | version | name | series
    start: int  # offsets into the original text
    end: int
    line: int
    sentence: str  # the sentence around it, whitespace removed
    multiplier: float = 1.0  # the 万/亿 an Arabic number is written with (or shares in an enumeration)


def chinese_to_number(text: str) -> float | None:
    """Value of a Chinese numeral ("两" -> 2, "三百四" -> 340, "万亿" -> 1e12)."""
    total = 0  # everything already closed by 万 or 亿
    section = 0  # the part below 万 being read
    digit = None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            section += (1 if digit is None else digit) * CN_SMALL_UNITS[ch]
            digit = None
        elif ch == "万":
            total += (section + (digit or 0) or 1) * 10_000
            section, digit = 0, None
        elif ch == "亿":
            # 亿 scales everything read so far: "万亿" is 10^4 * 10^8.
            total = ((total + section + (digit or 0)) or 1) * 100_000_000
            section, digit = 0, None
        else:
            return None
    if digit is not None:
        # "三百四" means 340: a digit after a unit is one place below that unit.
        unit = CN_SMALL_UNITS.get(text[-2]) if len(text) > 1 else None
        section += digit * (unit // 10 if unit else 1)
    return float(total + section)


def written_step(mention: Mention) -> float:
    """One unit of the last digit as written, in base units.

    "3.8%" -> 0.1, "1.36亿元" -> 1e6, "30356元" -> 1, "两万" -> 1e4: the
    precision a reader can assume for a stated number (half a step either way).
    """
    if mention.number[:1].isdigit():
        decimals = len(mention.number.partition(".")[2])
        return 10.0**-decimals * mention.multiplier
    value = chinese_to_number(mention.number)
    if not value:  # a multiple in words ("翻倍") names a whole number
        return mention.multiplier
    place = 1
    while value % (place * 10) == 0:
        place *= 10
    return place * mention.multiplier


def _clause_before(text: str, pos: int, width: int) -> str:
    """Up to ``width`` characters before pos, cut at the last clause break."""
    start = max(0, pos - width)
    window = text[start:pos]
    cut = max(window.rfind(ch) for ch in CLAUSE_BREAKS)
    return window[cut + 1 :] if cut >= 0 else window


def _qualifier(text: str, start: int, end: int, match_more: bool) -> str:
    if match_more:
        return "at_least"
    before = _clause_before(text, start, LOOKBACK + 3)
    for word in NOT_QUALIFIERS:
        before = before.replace(word, "#" * len(word))
    for word, qual in BEFORE_WORDS:
        idx = before.rfind(word)
        if idx >= 0 and len(before) - (idx + len(word)) <= LOOKBACK:
            return qual
    after = text[end : end + 4].lstrip(QUOTE_MARKS)
    for word, qual in AFTER_WORDS:
        if after.startswith(word):
            return qual
    return "exact"


_PER_SLASH = re.compile(r"/(?:人/)?(?P<per>[月年])")


def _amount_unit(text: str, start: int, end: int) -> str:
    """CNY, or CNY_per_month / CNY_per_year for a recurring amount in 元."""
    slash = _PER_SLASH.match(text, end)
    clause = _clause_before(text, start, PER_WINDOW)
    if (slash and slash["per"] == "月") or any(w in clause for w in PER_MONTH_WORDS):
        return "CNY_per_month"
    if (slash and slash["per"] == "年") or any(w in clause for w in PER_YEAR_WORDS):
        return "CNY_per_year"
    return "CNY"


def _kind(num: str, unit: str | None, text: str, start: int, end: int) -> str:
    before = text[max(0, start - 1) : start]
    if before == "第":
        return "ordinal"
    if unit in ("版", "版本"):
        return "version"
    if unit in ("月", "日", "季度"):
        return "date"
    if unit == "年" and re.fullmatch(r"(19|20)\d\d", num):
        return "date"
    if unit and re.fullmatch(r"[A-Za-z]+", unit):
        return "name"  # "5G"
    if unit is None and re.fullmatch(r"(19|20)\d\d", num):
        return "name"  # the year in an event's name: "2021瓯江峰会"
    return "quantity"


@dataclass
class _Hit:
    """A number found in the squeezed text, before it becomes a Mention."""

    start: int
    end: int
    number: str
    raw: str
    value: float | None
    unit: str | None
    qualifier: str
    kind: str
    multiplier: float = 1.0


def _enumerations(matches: list[re.Match], text: str) -> list[list[int]]:
    """Runs (of two or more) of matches joined only by 、/和/及/或."""
    runs: list[list[int]] = []
    for i in range(1, len(matches)):
        if text[matches[i - 1].end() : matches[i].start()] in ENUM_SEPARATORS:
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i - 1, i])
    return runs


def _arabic_hits(text: str, taken: list[tuple[int, int]]) -> list[_Hit]:
    """Arabic numerals, an enumeration's members sharing its trailing unit and multiplier."""
    matches = [m for m in ARABIC.finditer(text) if not _inside(m.start(), taken)]
    mults = [m["mult"] for m in matches]
    unit_words = [m["unit"] for m in matches]
    shared: set[int] = set()
    runs = _enumerations(matches, text)
    for run in runs:
        last = run[-1]
        # "10、20和30万元": 30's 万 belongs to all three, but in "5万、2万、1万元"
        # each member already has its own.
        share_mult = mults[last] is not None and all(mults[i] is None for i in run[:-1])
        for i in run[:-1]:
            if unit_words[i] is None and unit_words[last] is not None:
                unit_words[i] = unit_words[last]
                shared.add(i)
            if share_mult:
                mults[i] = mults[last]
    hits = []
    for m, mult, unit_word in zip(matches, mults, unit_words):
        num = m["num"]
        multiplier = MULTIPLIERS.get(mult or "", 1.0)
        unit = UNIT_WORDS.get(unit_word) if unit_word else None
        if unit is None and m["mult"] and text[m.end() : m.end() + 1] == "元":
            unit = "CNY"
        if unit == "CNY":
            unit = _amount_unit(text, m.start(), m.end())
        kind = _kind(num, unit_word, text, m.start(), m.end())
        qual = _qualifier(text, m.start(), m.end(), bool(m["more1"] or m["more2"]))
        if m["mult"] and unit_word in _SCALE:
            qual = _SCALE[unit_word]
        value = float(num) * multiplier if kind == "quantity" else None
        hits.append(_Hit(m.start(), m.end(), num, m.group(0), value, unit, qual, kind, multiplier))
    for run in runs:
        for i in run[:-1]:
            if i in shared:  # "每月5万、2万元": the per-month reading is the run's
                hits[i].unit = hits[run[-1]].unit
    return hits


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= pos < end for start, end in spans)


def find_numbers(source: SourceText) -> list[Mention]:
    """Every number in the source, in reading order.

    Matching runs on the squeezed text (no whitespace) so that a number or
    its qualifier split by the seed's hard wrapping is still read whole;
    offsets are mapped back to the original text.
    """
    text = source.squeezed
    hits: list[_Hit] = []

    ranks = list(RANK_RE.finditer(text))
    rank_spans = [m.span("rank") for m in ranks]
    for m in ranks:
        num = m["num"]
        value = float(num) if num.isdigit() else chinese_to_number(num)
        hits.append(_Hit(m.start("rank"), m.end("rank"), num, m["rank"], value, "rank", "exact", "quantity"))

    hits += _arabic_hits(text, rank_spans)

    idioms = [m.span() for m in _IDIOM_RE.finditer(text)]
    for m in CHINESE.finditer(text):
        num = m["num"]
        if text[max(0, m.start() - 1) : m.start()] == "翻":
            continue  # "翻两番" is read whole as a multiple below
        if m.start() > 0 and text[m.start() - 1] in "0123456789.":
            continue  # the 万 of "3.3万" belongs to the Arabic number
        if _inside(m.start(), idioms) or _inside(m.start(), rank_spans):
            continue
        value = chinese_to_number(num)
        unit_word = m["unit"]
        kind = _kind(num, unit_word, text, m.start(), m.end())
        unit = UNIT_WORDS.get(unit_word)
        qual = _SCALE.get(unit_word) or _qualifier(text, m.start(), m.end(), bool(m["more2"]))
        hits.append(_Hit(m.start(), m.end(), num, m.group(0), value if kind == "quantity" else None, unit, qual, kind))

    for m in MULTIPLE_RE.finditer(text):
        qual = _qualifier(text, m.start(), m.end(), False)
        hits.append(_Hit(m.start(), m.end(), m.group(0), m.group(0), MULTIPLE_WORDS[m.group(0)], "ratio", qual, "quantity"))

    for m in CIRCLED_RE.finditer(text):
        hits.append(_Hit(m.start(), m.end(), m.group(0), m.group(0), None, None, "exact", "series"))

    hits.sort(key=lambda h: (h.start, h.end))
    mentions: list[Mention] = []
    prev_end = None
    for hit in hits:
        qual = hit.qualifier
        if qual == "exact" and hit.kind == "quantity" and mentions and mentions[-1].kind == "quantity":
            # "由最高300万元提高至600万元": the raised cap is still a cap.
            between = text[prev_end : hit.start]
            raised = any(between.endswith(w) for w in RAISE_WORDS)
            if raised and not any(ch in between for ch in CLAUSE_BREAKS):
                qual = mentions[-1].qualifier
        prev_end = hit.end
        span = source.span_of(hit.start, hit.end)
        sentence = source.sentence_at(span.start)
        mentions.append(
            Mention(
                number=hit.number,
                raw=hit.raw,
                value=hit.value,
                unit=hit.unit,
                qualifier=qual,
                kind=hit.kind,
                start=span.start,
                end=span.end,
                line=source.line_of(span.start),
                sentence=squeeze(source.text[sentence.start : sentence.end]),
                multiplier=hit.multiplier,
            )
        )
    return mentions
