"""Which numbers of a source are curated, skipped, or still missing.

A number found by ``components.data.numbers`` is covered when
* a stated (not derived) fact of the same source quotes a passage that holds
  it, with the same value and qualifier; or
* a row of ``data/coverage_skips.csv`` names it: the ``number`` as written
  inside every occurrence of ``context`` (found by the quote matching rule), or,
  with context and number both ``*``, every number of that ``kind``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from components.data.loader import Problem, SKIPS_FILE, quote_mentions, read_table, values_match
from components.data.numbers import Mention, find_numbers
from components.data.schema import Fact, Skip
from components.data.textmatch import SourceText

SKIP_KINDS = ("date", "ordinal", "version", "name", "series", "label", "duplicate", "rhetorical", "duration")


@dataclass(frozen=True)
class Coverage:
    mention: Mention
    fact_ids: tuple[str, ...]
    skip_reason: str | None

    @property
    def covered(self) -> bool:
        return bool(self.fact_ids) or self.skip_reason is not None


def load_skips(data_dir: Path | str) -> pd.DataFrame:
    """The skip list; raises ValueError naming file, row and column."""
    problems: list[Problem] = []
    path = Path(data_dir) / SKIPS_FILE
    if not path.is_file():
        return pd.DataFrame({c: pd.Series(dtype="string") for c in Skip.REQUIRED})
    frame = read_table(path, SKIPS_FILE, Skip.REQUIRED, (), problems)
    if frame is not None:
        for _, rec in frame.iterrows():
            if rec[Skip.KIND] not in SKIP_KINDS:
                problems.append(Problem(SKIPS_FILE, int(rec["_row"]), Skip.KIND, f"{rec[Skip.KIND]!r} is not one of {', '.join(SKIP_KINDS)}"))
            if not rec[Skip.REASON].strip():
                problems.append(Problem(SKIPS_FILE, int(rec["_row"]), Skip.REASON, "every skip needs a reason"))
            if (rec[Skip.CONTEXT] == Skip.ANY) != (rec[Skip.NUMBER] == Skip.ANY):
                problems.append(Problem(SKIPS_FILE, int(rec["_row"]), Skip.NUMBER, "use '*' for both context and number, or for neither"))
    if problems:
        raise ValueError("\n".join(str(p) for p in problems))
    return frame


def check_coverage(source: SourceText, facts: pd.DataFrame, skips: pd.DataFrame) -> list[Coverage]:
    """Coverage of every number in one source."""
    mentions = find_numbers(source)
    own = facts[(facts[Fact.SOURCE_FILE] == source.name) & ~facts[Fact.DERIVED].astype(bool)]
    by_mention: dict[Mention, list[str]] = {}
    for _, rec in own.iterrows():
        for m in quote_mentions(source, rec[Fact.SOURCE_QUOTE], mentions):
            same = m.value is not None and values_match(m.value, rec[Fact.VALUE])
            if same and m.qualifier == rec[Fact.QUALIFIER] and m.unit in (None, rec[Fact.UNIT]):
                by_mention.setdefault(m, []).append(rec[Fact.FACT_ID])

    skip_rows = skips[skips[Skip.SOURCE_FILE].isin([source.name, Skip.ANY])]
    skipped: dict[Mention, str] = {}
    for _, rec in skip_rows.iterrows():
        reason = f"{rec[Skip.KIND]}: {rec[Skip.REASON]}"
        if rec[Skip.CONTEXT] == Skip.ANY:
            for m in mentions:
                if m.kind == rec[Skip.KIND]:
                    skipped.setdefault(m, reason)
            continue
        spans = source.find_all(rec[Skip.CONTEXT])
        for m in mentions:
            if m.number == rec[Skip.NUMBER] and any(s.start <= m.start and m.end <= s.end for s in spans):
                skipped.setdefault(m, reason)
    return [Coverage(m, tuple(by_mention.get(m, ())), skipped.get(m)) for m in mentions]


def unused_skips(source: SourceText, skips: pd.DataFrame) -> list[int]:
    """Rows of the skip list whose context or number no longer occurs."""
    mentions = find_numbers(source)
    rows = []
    for _, rec in skips[skips[Skip.SOURCE_FILE] == source.name].iterrows():
        spans = source.find_all(rec[Skip.CONTEXT])
        hit = any(m.number == rec[Skip.NUMBER] and any(s.start <= m.start and m.end <= s.end for s in spans) for m in mentions)
        if not hit:
            rows.append(int(rec["_row"]))
    return rows
