"""Find every number stated in a Chinese text, with its value, unit and qualifier.

This is the engine behind the coverage test (every number of a seed is either
a curated fact or a documented skip) and the curation helper
(``python -m components.cli.curate``). It reads the text the way a curator does:

* Arabic numerals with 万/亿 multipliers and a unit or measure word
  ("3.3万余家", "400余万元", "63.2%", "18726台(套)");
* Chinese numerals followed by a measure word ("两个", "五大场景", "万亿级");
* qualifier words around the number: 近 (approx); 余/多/超/以上/突破 (at least);
  最高/不超过 (at most). A number raised "由最高300万元提高至600万元" keeps the
  qualifier of the number it replaces;
* kinds that are not quantities: calendar dates ("2020年", "6月8日"),
  ordinals ("第二届"), versions ("4.0版"), names ("5G") and circled series
  numbers ("⑧"). The coverage test skips these by kind, as the skip list
  documents.
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
    "亩": "mu",
    "斤": "jin",
    "头": "head",
    "倍": "ratio",
    "年": "year",
    "家次": "count",
    "台(套)": "count",
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
# Longest first so that "家次" wins over "家" and "台(套)" over "台".
_UNIT_ALT = "|".join(re.escape(w) for w in sorted(UNIT_WORDS, key=len, reverse=True))

# Measure words that may follow a Chinese numeral for it to count as a quantity.
# Narrower than UNIT_WORDS on purpose: "一事一议", "九龙治水" are idioms.
CN_MEASURES = "个|家|条|场|项|位|名|张|届|批|大|方面|年|次|倍|件|台|套|亩|斤|头|所|区|群|带|城|县|级|季度"

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
MULTIPLE_RE = re.compile("|".join(MULTIPLE_WORDS))

# Qualifier words, searched in a short window before the number and stopped
# by clause punctuation so that one clause's "最高" does not leak into the next.
BEFORE_WORDS = (
    ("不超过", "at_most"),
    ("最高", "at_most"),
    ("最多", "at_most"),
    ("至多", "at_most"),
    ("超过", "at_least"),
    ("突破", "at_least"),
    ("不少于", "at_least"),
    ("至少", "at_least"),
    ("超", "at_least"),
    ("逾", "at_least"),
    ("近", "approx"),
    ("约", "approx"),
)
AFTER_WORDS = (("以上", "at_least"), ("余", "at_least"), ("多", "at_least"), ("左右", "approx"))
RAISE_WORDS = ("提高至", "提高到", "提升至", "提升到", "增加到", "增至", "增加至")
# Words that contain a qualifier character without qualifying ("县城附近两个").
NOT_QUALIFIERS = ("附近", "最近", "近年", "近期", "将近年")
CLAUSE_BREAKS = ",,。;;!!??、::\n"
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


def find_numbers(source: SourceText) -> list[Mention]:
    """Every number in the source, in reading order.

    Matching runs on the squeezed text (no whitespace) so that a number or
    its qualifier split by the seed's hard wrapping is still read whole;
    offsets are mapped back to the original text.
    """
    text = source.squeezed
    found: list[tuple[int, int, str, str, float | None, str | None, str, str]] = []

    for m in ARABIC.finditer(text):
        num, unit_word = m["num"], m["unit"]
        value = float(num) * MULTIPLIERS.get(m["mult"] or "", 1)
        unit = UNIT_WORDS.get(unit_word) if unit_word else None
        if unit is None and m["mult"] and text[m.end() : m.end() + 1] == "元":
            unit = "CNY"
        kind = _kind(num, unit_word, text, m.start(), m.end())
        qual = _qualifier(text, m.start(), m.end(), bool(m["more1"] or m["more2"]))
        found.append((m.start(), m.end(), num, m.group(0), value if kind == "quantity" else None, unit, qual, kind))

    for m in CHINESE.finditer(text):
        num = m["num"]
        if text[max(0, m.start() - 1) : m.start()] == "翻":
            continue  # "翻两番" is read whole as a multiple below
        if m.start() > 0 and text[m.start() - 1] in "0123456789.":
            continue  # the 万 of "3.3万" belongs to the Arabic number
        value = chinese_to_number(num)
        unit_word = m["unit"]
        kind = _kind(num, unit_word, text, m.start(), m.end())
        unit = UNIT_WORDS.get(unit_word)
        qual = _qualifier(text, m.start(), m.end(), bool(m["more2"]))
        if unit_word == "级":
            qual = "at_least"  # "万亿级": of the trillion class, i.e. at least
        found.append((m.start(), m.end(), num, m.group(0), value if kind == "quantity" else None, unit, qual, kind))

    for m in MULTIPLE_RE.finditer(text):
        found.append((m.start(), m.end(), m.group(0), m.group(0), MULTIPLE_WORDS[m.group(0)], "ratio", "exact", "quantity"))

    for m in CIRCLED_RE.finditer(text):
        found.append((m.start(), m.end(), m.group(0), m.group(0), None, None, "exact", "series"))

    found.sort()
    mentions: list[Mention] = []
    prev_end = None
    for start, end, num, raw, value, unit, qual, kind in found:
        if qual == "exact" and kind == "quantity" and mentions and mentions[-1].kind == "quantity":
            # "由最高300万元提高至600万元": the raised cap is still a cap.
            between = text[prev_end:start]
            raised = any(between.endswith(w) for w in RAISE_WORDS)
            if raised and not any(ch in between for ch in CLAUSE_BREAKS):
                qual = mentions[-1].qualifier
        prev_end = end
        span = source.span_of(start, end)
        sentence = source.sentence_at(span.start)
        mentions.append(
            Mention(
                number=num,
                raw=raw,
                value=value,
                unit=unit,
                qualifier=qual,
                kind=kind,
                start=span.start,
                end=span.end,
                line=source.line_of(span.start),
                sentence=squeeze(source.text[sentence.start : sentence.end]),
            )
        )
    return mentions
