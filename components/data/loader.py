"""Read and validate the curated tables.

``load_dataset`` either returns a complete, validated ``Dataset`` or raises
``DataValidationError`` listing every problem with its file, row and column.
There is no partial result: the app refuses to start (and a reload refuses to
swap) rather than serve half the data.

Row numbers are the line numbers of the CSV file as an editor shows them (the
header is row 1), so a curator can jump straight to the cell.
"""

from __future__ import annotations

import ast
import bisect
import codecs
import csv
import functools
import hashlib
import io
import json
import math
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from components.data import precision, schema
from components.data.chartconfig import (
    CHARTS_KEY,
    INDICATORS_KEY,
    ChartConfig,
    indicator_problems,
    parse_chart_configs,
    reference_problems,
)
from components.data.numbers import Mention, find_numbers
from components.data.schema import Cluster, Fact, Region
from components.data.textmatch import SourceText, Span

FACTS_DIR = "facts"
REGIONS_DIR = "regions"
CLUSTERS_DIR = "clusters"
METADATA_FILE = "metadata.json"
SKIPS_FILE = "coverage_skips.csv"

METADATA_KEYS = ("title", "description", "sources", "units", "qualifiers", "datasets", "matching_rule")
# The keys of a source entry under "sources", with what each is for: the
# error for a missing one says it, and the README lists exactly these.
SOURCE_KEY_PURPOSES = {
    "file": "the text's file name in seeds/, as the facts cite it in source_file",
    "publisher_zh": "who published the text, in Chinese, for the provenance of its facts",
    "publisher_en": "who published the text, in English, for the provenance of its facts",
    "published": "when it was published, as a period (2021-07), for the provenance of its facts",
    "licence": "the terms under which the text is quoted and the data derived from it is offered",
}
SOURCE_KEYS = tuple(SOURCE_KEY_PURPOSES)
SOURCE_OPTIONAL_KEYS = {
    "published_note": "how the publication date was worked out, when the text carries none",
    "articles": "the titles of the articles in the text, each as {\"zh\": …, \"en\": …}",
}
DATASET_KEYS = ("title_zh", "title_en")


# Columns that repeat a few distinct texts across a national table (30
# indicators, 10 periods, a few thousand quotes over 855,000 rows). Categorical
# after validation, they cost a code per row instead of a pointer and a str
# each: part of what keeps a worker under 600 MB at full size.
CATEGORICAL_FACT_COLUMNS = (
    Fact.DATASET,
    Fact.REGION_ID,
    Fact.INDICATOR_ID,
    Fact.INDICATOR_ZH,
    Fact.INDICATOR_EN,
    Fact.PERIOD,
    Fact.UNIT,
    Fact.QUALIFIER,
    Fact.FORMULA,
    Fact.SOURCE_FILE,
    Fact.SOURCE_QUOTE,
    Fact.NOTE_ZH,
    Fact.NOTE_EN,
    "data_file",
)


@dataclass(frozen=True)
class Problem:
    """One validation failure, located as precisely as the data allows."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: {self.message}"


class DataValidationError(Exception):
    """The data directory is invalid; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"invalid data ({len(problems)} problem(s)):\n{shown}{more}")


@dataclass(frozen=True)
class Dataset:
    """Everything the dashboard serves, validated as a whole."""

    facts: pd.DataFrame
    regions: pd.DataFrame
    clusters: pd.DataFrame
    metadata: dict
    sources: dict[str, SourceText]
    version: str
    files: tuple[str, ...] = field(default=())
    # Which facts each themed chart draws (metadata.json "charts").
    charts: dict[str, ChartConfig] = field(default_factory=dict)


# ---------------------------------------------------------------- reading


def _read_text(path: Path, label: str, problems: list[Problem]) -> str | None:
    return _decode(path.read_bytes(), label, problems)


def _decode(data: bytes, label: str, problems: list[Problem]) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(label, row, None, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8"))
        return None


_UTF8_CHUNK = 1 << 24


def _is_utf8(data: bytes, label: str, problems: list[Problem]) -> bool:
    """Whether the bytes are UTF-8 text, else a problem naming the line and byte.

    Decoded 16 MB at a time, cut after a line break (never inside a
    character), so a large file is never held as one str.
    """
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    while start < len(data):
        end = data.find(b"\n", start + _UTF8_CHUNK)
        end = len(data) if end < 0 else end + 1
        try:
            data[start:end].decode("utf-8")
        except UnicodeDecodeError as exc:
            at = start + exc.start
            row = data[:at].count(b"\n") + 1
            problems.append(Problem(label, row, None, f"not valid UTF-8 (byte 0x{data[at]:02x}); save the file as UTF-8"))
            return False
        start = end
    return True


def read_table(path: Path, label: str, required: tuple[str, ...], optional: tuple[str, ...], problems: list[Problem]):
    """Read one CSV as strings, checking encoding, shape and columns.

    Returns the frame with a ``_row`` column (file line number) or None.
    """
    # Checked and parsed as bytes: a national table (180 MB) decoded to one
    # str, plus a StringIO copy, took over half a gigabyte more at the peak.
    # UTF-8 never uses the bytes of \r and \n inside a character, so counting
    # them in the bytes is counting them in the text.
    data = path.read_bytes()
    if not _is_utf8(data, label, problems):
        return None
    if data.count(b"\r") != data.count(b"\r\n"):
        problems.append(Problem(label, None, None, "stray carriage return; use Unix or Windows line endings"))
        return None
    first_line = data[: data.find(b"\n")] if b"\n" in data else data
    header_line = first_line.decode("utf-8-sig").splitlines()
    if not header_line or not header_line[0].strip():
        problems.append(Problem(label, 1, None, "empty file: a header row is required"))
        return None
    line_breaks = data.count(b"\n") - data.endswith(b"\n")
    # Every column as text: values and flags are converted by the checks, so
    # a bad cell is reported with its row and column, not as a pandas error.
    dtypes = {name: "string" for name in required + optional}
    try:
        frame = pd.read_csv(
            io.BytesIO(data),
            encoding="utf-8-sig",
            dtype=dtypes,
            keep_default_na=False,
            na_filter=False,
            on_bad_lines="error",
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, ValueError) as exc:
        match = re.search(r"line (\d+)", str(exc))
        row = int(match.group(1)) if match else None
        problems.append(Problem(label, row, None, f"malformed CSV: {exc}"))
        return None
    # pandas renames a repeated column ("value" -> "value.1"), a name the
    # curator never wrote: report the real one, from the header as written.
    written = next(csv.reader([header_line[0]]), [])
    seen: dict[str, int] = {}
    for number, name in enumerate(written, start=1):
        if name in seen:
            problems.append(Problem(label, 1, name, f"column appears twice (columns {seen[name]} and {number}); keep one"))
        seen.setdefault(name, number)
    if len(seen) != len(written):
        return None
    header = list(frame.columns)
    for column in required:
        if column not in header:
            problems.append(Problem(label, 1, column, "required column is missing"))
    for column in header:
        if column not in required and column not in optional:
            problems.append(Problem(label, 1, str(column), "unknown column (check the spelling against the README)"))
    if any(p.file == label and p.row == 1 for p in problems):
        return None
    for column in optional:
        if column not in frame.columns:
            frame[column] = pd.Series([""] * len(frame), dtype="string")
    frame = frame.astype({c: "string" for c in frame.columns})
    # A quoted cell may hold a line break, which would shift every later row
    # number; forbid it so that row numbers stay true.
    frame["_row"] = range(2, len(frame) + 2)
    # One line per row and the header means no cell holds a line break; only
    # otherwise is every cell searched.
    cells_may_break = line_breaks != len(frame)
    blank = np.ones(len(frame), dtype=bool)
    for column in required:  # narrowed column by column: the first one usually rules out every row
        rows = np.flatnonzero(blank)
        blank[rows] = (frame[column].iloc[rows].str.strip() == "").to_numpy(dtype=bool)
    if blank.any():
        for row in frame.loc[blank, "_row"]:
            problems.append(Problem(label, int(row), None, "blank row"))
        frame = frame.loc[~blank]
    if cells_may_break:
        for column in required + optional:
            bad = frame[frame[column].str.contains("\n", regex=False)]
            for row in bad["_row"]:
                problems.append(Problem(label, int(row), column, "line break inside a cell"))
    return frame


@functools.lru_cache(maxsize=1024)
def _is_plain_name(name: str) -> bool:
    """A bare file name (no directory, not hidden); a few distinct names per load."""
    return Path(name).name == name and not name.startswith(".")


def _csv_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.csv") if p.is_file())


# ---------------------------------------------------------------- formulas

_REF = re.compile(r"\{([a-z0-9][a-z0-9_]*)\}")
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def formula_refs(formula: str) -> list[str]:
    """fact_ids a formula refers to, as ``{fact_id}``."""
    return _REF.findall(formula)


def evaluate_formula(formula: str, values: dict[str, float]) -> float:
    """Evaluate ``{a} / (1 + {b} / 100)``: numbers, references, + - * / only.

    Raises ValueError on anything else, so a formula can never run code.
    """
    names: dict[str, float] = {}

    def _sub(match: re.Match) -> str:
        key = f"_v{len(names)}"
        if match.group(1) not in values:
            raise ValueError(f"unknown fact_id {match.group(1)!r}")
        names[key] = values[match.group(1)]
        return key

    expr = _REF.sub(_sub, formula)
    try:
        tree = ast.parse(expr, mode="eval")
    except SyntaxError as exc:
        raise ValueError(f"formula is not an arithmetic expression: {exc.msg}") from None

    def _eval(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return _eval(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return float(node.value)
        if isinstance(node, ast.Name) and node.id in names:
            return names[node.id]
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](_eval(node.left), _eval(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -_eval(node.operand)
        raise ValueError("formula may use only numbers, {fact_id} references, + - * / and parentheses")

    try:
        return _eval(tree)
    except ZeroDivisionError:
        raise ValueError("formula divides by zero") from None


def values_match(a: float, b: float) -> bool:
    """Equal up to the rounding a curator applies (2 decimals, or 1e-6 relative)."""
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=0.006)


# ---------------------------------------------------------------- validation


def _is_true(text: str) -> bool | None:
    low = text.strip().lower()
    if low in schema.TRUE_WORDS:
        return True
    if low in schema.FALSE_WORDS:
        return False
    return None


def validate_metadata(metadata: object, label: str = METADATA_FILE) -> list[Problem]:
    """Schema check of metadata.json; problems name the file and the key."""
    problems: list[Problem] = []
    if not isinstance(metadata, dict):
        return [Problem(label, None, None, "top level must be a JSON object")]
    for key in METADATA_KEYS:
        if key not in metadata:
            problems.append(Problem(label, None, key, "required key is missing"))
    for key in ("title", "description"):
        value = metadata.get(key)
        if key in metadata and not (isinstance(value, dict) and value.get("zh") and value.get("en")):
            problems.append(Problem(label, None, key, "needs non-empty 'zh' and 'en' texts"))
    sources = metadata.get("sources", [])
    if not isinstance(sources, list) or not sources:
        problems.append(Problem(label, None, "sources", "must be a non-empty list"))
        sources = []
    for i, source in enumerate(sources):
        if not isinstance(source, dict):
            problems.append(Problem(label, None, f"sources[{i}]", "must be an object"))
            continue
        for key, purpose in SOURCE_KEY_PURPOSES.items():
            if not source.get(key):
                problems.append(Problem(label, None, f"sources[{i}].{key}", f"required key {key!r} is missing or empty: {purpose}"))
    units = metadata.get("units", {})
    for unit in schema.UNITS:
        if not isinstance(units, dict) or unit not in units:
            problems.append(Problem(label, None, f"units.{unit}", "every unit of the vocabulary must be defined"))
    # The names repeat the vocabulary's (components/data/schema.py): one spelling everywhere.
    problems.extend(_vocabulary_names(units, schema.UNITS, "units", label))
    problems.extend(_vocabulary_names(metadata.get("qualifiers", {}), schema.QUALIFIERS, "qualifiers", label))
    if isinstance(units, dict):
        for unit in units:
            if unit not in schema.UNITS:
                problems.append(Problem(label, None, f"units.{unit}", "not a unit of the vocabulary"))
    qualifiers = metadata.get("qualifiers", {})
    for qual in schema.QUALIFIERS:
        if not isinstance(qualifiers, dict) or qual not in qualifiers:
            problems.append(Problem(label, None, f"qualifiers.{qual}", "every qualifier must be defined"))
    datasets = metadata.get("datasets", {})
    if not isinstance(datasets, dict) or not datasets:
        problems.append(Problem(label, None, "datasets", "must be a non-empty object"))
        datasets = {}
    for ds_id, ds in datasets.items():
        if not schema.ID_PATTERN.match(ds_id):
            problems.append(Problem(label, None, f"datasets.{ds_id}", "dataset ids are lower-case snake_case"))
        for key in DATASET_KEYS:
            if not isinstance(ds, dict) or not ds.get(key):
                problems.append(Problem(label, None, f"datasets.{ds_id}.{key}", "required key is missing or empty"))
    return problems


def _vocabulary_names(entries: object, vocabulary: dict, key: str, label: str) -> list[Problem]:
    """Problems where metadata.json names a unit or qualifier otherwise than the vocabulary does."""
    problems = []
    if not isinstance(entries, dict):
        return problems
    for code, names in vocabulary.items():
        entry = entries.get(code)
        if not isinstance(entry, dict):
            continue
        for lang, name in zip(("zh", "en"), names):
            if entry.get(lang) != name:
                problems.append(Problem(label, None, f"{key}.{code}.{lang}", f"must be {name!r}, the vocabulary's name (components/data/schema.py)"))
    return problems


def _check_id(frame, column, label, problems, seen: dict[str, str]):
    for row, value in zip(frame["_row"], frame[column]):
        if not schema.ID_PATTERN.match(value):
            problems.append(Problem(label, int(row), column, f"{value!r} is not a lower-case snake_case id"))
        elif value in seen:
            problems.append(Problem(label, int(row), column, f"duplicate id {value!r} (first defined at {seen[value]})"))
        else:
            seen[value] = f"{label} row {row}"


def _load_regions(data_dir: Path, problems: list[Problem]) -> pd.DataFrame:
    frames = []
    seen: dict[str, str] = {}
    files = _csv_files(data_dir / REGIONS_DIR)
    if not files:
        problems.append(Problem(f"{REGIONS_DIR}/", None, None, "no regions table (*.csv) found"))
    for path in files:
        label = f"{REGIONS_DIR}/{path.name}"
        frame = read_table(path, label, Region.REQUIRED, Region.OPTIONAL, problems)
        if frame is None:
            continue
        _check_id(frame, Region.REGION_ID, label, problems, seen)
        for _, rec in frame.iterrows():
            row = int(rec["_row"])
            # An empty English name is allowed: the page shows the Chinese one
            # in its place (data.regions), never the raw id.
            for column in (Region.NAME_ZH, Region.PROVINCE_ZH, Region.PROVINCE_EN):
                if not rec[column].strip() and not (rec[Region.LEVEL] == "country" and column.startswith("province")):
                    problems.append(Problem(label, row, column, "must not be empty"))
            color = rec[Region.COLOR].strip()
            if color and not schema.COLOR_PATTERN.match(color):
                problems.append(Problem(label, row, Region.COLOR, f"{color!r} is not a colour like #0072B2"))
            if rec[Region.LEVEL] not in schema.REGION_LEVELS:
                problems.append(
                    Problem(label, row, Region.LEVEL, f"{rec[Region.LEVEL]!r} is not one of {', '.join(schema.REGION_LEVELS)}")
                )
            parent = rec[Region.PARENT_ID]
            if parent and not schema.ID_PATTERN.match(parent):
                problems.append(Problem(label, row, Region.PARENT_ID, f"{parent!r} is not a snake_case id"))
            for column, bound in ((Region.LAT, 90), (Region.LON, 180)):
                try:
                    number = float(rec[column])
                    ok = math.isfinite(number) and -bound <= number <= bound
                except ValueError:
                    ok = False
                if not ok:
                    problems.append(Problem(label, row, column, f"{rec[column]!r} is not a coordinate in [-{bound}, {bound}]"))
        frame["_file"] = label
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=list(Region.REQUIRED + Region.OPTIONAL))
    regions = pd.concat(frames, ignore_index=True)
    for column in (Region.LAT, Region.LON):
        regions[column] = pd.to_numeric(regions[column], errors="coerce").astype("float64")
    return regions


def _load_sources(seeds_dir: Path, names: set[str], problems: list[Problem], extra: Mapping[str, Path]) -> dict[str, SourceText]:
    sources = {}
    for name in sorted(names):
        path = _source_path(seeds_dir, name, extra)
        if Path(name).name != name or not path.is_file():
            continue  # reported per row by the callers
        text = _read_text(path, f"seeds/{name}", problems)
        if text is not None:
            sources[name] = SourceText(name, text)
    return sources


def _source_path(seeds_dir: Path, name: str, extra: Mapping[str, Path]) -> Path:
    """Where a source file is read from: an extra source by its name, else seeds/."""
    return Path(extra[name]) if name in extra else seeds_dir / name


class QuoteIndex:
    """Quote lookups of one load, each distinct (source, quote) searched once.

    A national data set repeats a few thousand sentences across 855,000
    facts; searching the source per row would be quadratic.
    """

    def __init__(self, mentions: dict[str, list[Mention]] | None = None):
        self._spans: dict[tuple[str, str], list[Span]] = {}
        self._mentions: dict[tuple[str, str], list[Mention]] = {}
        self._by_source = mentions or {}
        # Positions sorted by start, for bisecting; results keep find_numbers'
        # order so that messages read exactly as before.
        self._order = {name: sorted(range(len(found)), key=lambda i, f=found: f[i].start) for name, found in self._by_source.items()}
        self._starts = {name: [found[i].start for i in self._order[name]] for name, found in self._by_source.items()}

    def spans(self, source: SourceText, quote: str) -> list[Span]:
        key = (source.name, quote)
        if key not in self._spans:
            self._spans[key] = source.find_all(quote)
        return self._spans[key]

    def mentions(self, source: SourceText, quote: str) -> list[Mention]:
        """Numbers of the source inside any occurrence of the quote, in text order."""
        key = (source.name, quote)
        if key not in self._mentions:
            found, order, starts = self._by_source[source.name], self._order[source.name], self._starts[source.name]
            inside: set[int] = set()
            for span in self.spans(source, quote):
                for j in range(bisect.bisect_left(starts, span.start), bisect.bisect_left(starts, span.end)):
                    if found[order[j]].end <= span.end:
                        inside.add(order[j])
            self._mentions[key] = [found[i] for i in sorted(inside)]
        return self._mentions[key]


def _source_problem(name: str, quote: str, sources, seeds_dir: Path, index: QuoteIndex | None = None) -> tuple[str, str] | None:
    """(column, message) when the quote cannot be found in its source file, else None."""
    if not _is_plain_name(name):
        return Fact.SOURCE_FILE, f"{name!r} must be a plain file name in seeds/"
    if name not in sources:
        return Fact.SOURCE_FILE, f"{name!r} is not a readable file in {seeds_dir.name}/"
    if not quote.strip():
        return Fact.SOURCE_QUOTE, "must not be empty"
    source = sources[name]
    if not (index.spans(source, quote) if index else source.find_all(quote)):
        return Fact.SOURCE_QUOTE, (
            f"quote not found in {name} (matching ignores only whitespace and full-width/ASCII forms of a character): {quote[:60]!r}"
        )
    return None


def _check_source(rec, label, row, sources, problems, seeds_dir) -> None:
    found = _source_problem(rec[Fact.SOURCE_FILE], rec[Fact.SOURCE_QUOTE], sources, seeds_dir)
    if found:
        problems.append(Problem(label, row, *found))


def quote_mentions(source: SourceText, quote: str, mentions: list[Mention]) -> list[Mention]:
    """Numbers of the source that lie inside any occurrence of the quote."""
    spans = source.find_all(quote)
    return [m for m in mentions if any(s.start <= m.start and m.end <= s.end for s in spans)]


def _per_value(column: pd.Series, func, dtype=object) -> np.ndarray:
    """``func`` of every cell, called once per distinct value.

    A national table repeats a few hundred values 855,000 times, so checking
    the distinct values and spreading the answers by code stays linear.
    """
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    return np.array([func(value) for value in np.asarray(uniques, dtype=object)], dtype=dtype)[codes]


def _first_rows(*columns: pd.Series) -> np.ndarray:
    """For every row, the position (among these rows) of the first row with the same values."""
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        # Factorised again at each step, so the combined code stays below
        # rows², far from overflowing int64.
        combined, _ = pd.factorize(combined * len(uniques) + codes)
    # Codes are numbered by first appearance: the sorted unique codes are
    # 0..k-1 and their first indices line up with them.
    return np.unique(combined, return_index=True)[1][combined]


# The checks of one fact row, in the order its problems are reported (the
# order the row-by-row loader checked them in, which curators know).
ROW_CHECKS = (
    "fact_id",
    "dataset",
    "region_id",
    "indicator_id",
    "indicator_zh",
    "indicator_en",
    "period",
    "unit",
    "qualifier",
    "indicator_identity",
    "duplicate_fact",
    "value",
    "derived",
    "source_described",
    "quote_found",
    "quote_states_value",
    "formula",  # a second pass, once every stated value is known
)


class _RowProblems:
    """Problems of column-wise checks, handed back in row-by-row order.

    Sorting by (row position, place of the check in ``ROW_CHECKS``) gives
    the list, in the order, that checking one row after another gave.
    """

    def __init__(self, facts: pd.DataFrame):
        self._labels = facts["_file"].to_numpy(dtype=object)
        self._rows = facts["_row"].to_numpy()
        self._found: list[tuple[int, int, Problem]] = []

    def where(self, pos: int) -> str:
        return f"{self._labels[pos]} row {self._rows[pos]}"

    def add(self, check: str, pos: int, column: str, message: str) -> None:
        rank = ROW_CHECKS.index(check)
        self._found.append((pos, rank, Problem(self._labels[pos], int(self._rows[pos]), column, message)))

    def add_all(self, check: str, mask: np.ndarray, column: str, message: Callable[[int], str]) -> None:
        """``message(position)`` for every row of the boolean mask."""
        for pos in np.flatnonzero(mask).tolist():
            self.add(check, pos, column, message(pos))

    def ordered(self) -> list[Problem]:
        return [problem for _, _, problem in sorted(self._found, key=lambda item: item[:2])]


def _parse_value(text: str) -> float:
    """A cell as a number in base units; NaN when it is not a finite number."""
    try:
        value = float(text)
    except ValueError:
        return math.nan
    return value if math.isfinite(value) else math.nan


def _stating_mention(value: float, qual: str, unit: str, found: list[Mention]) -> Mention | None:
    """The number of the quote that states this value with this qualifier and unit."""
    return next(
        (m for m in found if m.value is not None and values_match(m.value, value) and m.qualifier == qual and m.unit in (None, unit)),
        None,
    )


def _value_problem(value: float, qual: str, unit: str, found: list[Mention]) -> tuple[str, str] | None:
    """(column, message) when the quote's numbers do not state this value, qualifier and unit."""
    if _stating_mention(value, qual, unit, found):
        return None
    same_value = [m for m in found if m.value is not None and values_match(m.value, value)]
    if not same_value:
        stated = ", ".join(m.raw for m in found if m.kind == "quantity") or "none"
        return Fact.VALUE, f"{value:g} is not a number stated in the quote (numbers there: {stated})"
    if not any(m.qualifier == qual for m in same_value):
        return Fact.QUALIFIER, f"the quote states {same_value[0].raw!r}, which reads as {same_value[0].qualifier}"
    return Fact.UNIT, f"the quote states {same_value[0].raw!r} in {same_value[0].unit}"


class _Estimates:
    """Central result and interval of every fact a formula can cite (README, "Derived values").

    A stated fact is its value, give or take half a unit of its last written
    digit; a derived fact is its formula evaluated on its inputs' central
    values and on their intervals, from the formula, not from its rounded
    value, so that rounding never compounds.
    """

    def __init__(self, values: dict[str, float], qualifiers: dict[str, str], formulas: dict[str, str], half_widths: dict[str, float]):
        self._values, self._qualifiers, self._formulas, self._half_widths = values, qualifiers, formulas, half_widths
        self._done: dict[str, tuple[float, precision.Interval]] = {}
        self._open: set[str] = set()

    def of(self, fact_id: str) -> tuple[float, precision.Interval]:
        """(central, interval) of a fact; ValueError for a formula that cannot be evaluated."""
        if fact_id not in self._formulas:
            if self._qualifiers.get(fact_id, "exact") != "exact":
                raise ValueError(f"{{{fact_id}}} is {self._qualifiers[fact_id]}: a formula computes with exact stated values only")
            value, half = self._values[fact_id], self._half_widths.get(fact_id, 0.0)
            return value, precision.Interval(value - half, value + half)
        if fact_id in self._done:
            return self._done[fact_id]
        if fact_id in self._open:
            raise ValueError(f"the formula of {fact_id!r} refers back to itself")
        self._open.add(fact_id)
        try:
            formula = self._formulas[fact_id]
            inputs = {ref: self.of(ref) for ref in formula_refs(formula) if ref in self._values}
            central = evaluate_formula(formula, {ref: c for ref, (c, _) in inputs.items()})
            interval = evaluate_formula(formula, {ref: i for ref, (_, i) in inputs.items()})
        finally:
            self._open.discard(fact_id)
        self._done[fact_id] = (central, interval)
        return central, interval


def _formula_problem(fact_id: str, formula: str, value: float, qual: str, estimates: _Estimates) -> tuple[str, str] | None:
    """(column, message) when a derived fact's formula is unusable, or its value or qualifier break the rounding rule."""
    if not formula_refs(formula):
        return Fact.FORMULA, "a formula must cite at least one {fact_id}"
    try:
        central, interval = estimates.of(fact_id)
    except ValueError as exc:
        return Fact.FORMULA, str(exc)
    if math.isnan(value):
        return None
    expected = precision.supported_rounding(central, interval.low, interval.high)
    support = f"{central:.6g}, from inputs in [{interval.low:.6g}, {interval.high:.6g}]"
    if not math.isclose(value, expected, rel_tol=1e-9, abs_tol=0.0):
        return Fact.VALUE, (
            f"{value:g} differs from its formula's result rounded to what its inputs support: "
            f"{support} gives {expected:g}"
        )
    rounded = not precision.is_unrounded(expected, central)
    if rounded and qual != "approx":
        return Fact.QUALIFIER, f"{expected:g} is {support} rounded, so its qualifier is approx"
    if not rounded and qual != "exact":
        return Fact.QUALIFIER, f"{expected:g} is its formula's result itself, so its qualifier is exact"
    return None


def _check_fact_rows(facts: pd.DataFrame, region_ids: set[str], datasets: dict, described: set, found: _RowProblems) -> None:
    """The checks of single cells and of keys that must be unique or consistent."""
    col = {name: facts[name] for name in Fact.REQUIRED}
    # Object arrays only where whole columns are compared; messages read single cells.
    arr = {name: col[name].to_numpy(dtype=object) for name in (Fact.INDICATOR_ZH, Fact.INDICATOR_EN, Fact.UNIT)}
    cell = {name: series.array for name, series in col.items()}
    positions = np.arange(len(facts))

    fid = cell[Fact.FACT_ID]
    good_id = _per_value(col[Fact.FACT_ID], lambda v: bool(schema.ID_PATTERN.match(v)), bool)
    # Only well-formed ids are remembered, so a duplicate names the first good row.
    first_id = positions.copy()
    first_id[good_id] = positions[good_id][_first_rows(col[Fact.FACT_ID][good_id])]
    found.add_all("fact_id", ~good_id, Fact.FACT_ID, lambda p: f"{fid[p]!r} is not a lower-case snake_case id")
    found.add_all("fact_id", first_id != positions, Fact.FACT_ID,
                  lambda p: f"duplicate id {fid[p]!r} (first defined at {found.where(first_id[p])})")
    found.add_all("dataset", ~col[Fact.DATASET].isin(list(datasets)).to_numpy(), Fact.DATASET,
                  lambda p: f"unknown dataset {cell[Fact.DATASET][p]!r} (define it in {METADATA_FILE})")
    found.add_all("region_id", ~col[Fact.REGION_ID].isin(list(region_ids)).to_numpy(), Fact.REGION_ID,
                  lambda p: f"unknown region {cell[Fact.REGION_ID][p]!r} (add it to {REGIONS_DIR}/)")
    ind = cell[Fact.INDICATOR_ID]
    found.add_all("indicator_id", _per_value(col[Fact.INDICATOR_ID], lambda v: not schema.ID_PATTERN.match(v), bool), Fact.INDICATOR_ID,
                  lambda p: f"{ind[p]!r} is not a lower-case snake_case id")
    for column in (Fact.INDICATOR_ZH, Fact.INDICATOR_EN):
        found.add_all(column, _per_value(col[column], lambda v: not v.strip(), bool), column, lambda p: "must not be empty")
    found.add_all("period", _per_value(col[Fact.PERIOD], lambda v: not schema.PERIOD_PATTERN.match(v), bool), Fact.PERIOD,
                  lambda p: f"{cell[Fact.PERIOD][p]!r} is not a period (2021, 2021Q1, 2021-05, 2016/2020)")
    unit, qual = arr[Fact.UNIT], cell[Fact.QUALIFIER]
    found.add_all("unit", ~col[Fact.UNIT].isin(list(schema.UNITS)).to_numpy(), Fact.UNIT,
                  lambda p: f"unknown unit {unit[p]!r} (one of {', '.join(schema.UNITS)})")
    found.add_all("qualifier", ~col[Fact.QUALIFIER].isin(list(schema.QUALIFIERS)).to_numpy(), Fact.QUALIFIER,
                  lambda p: f"unknown qualifier {qual[p]!r} (one of {', '.join(schema.QUALIFIERS)})")
    # An indicator keeps the names and unit of its first row.
    first = _first_rows(col[Fact.INDICATOR_ID])
    renamed = (arr[Fact.INDICATOR_ZH] != arr[Fact.INDICATOR_ZH][first]) | (arr[Fact.INDICATOR_EN] != arr[Fact.INDICATOR_EN][first])
    found.add_all("indicator_identity", renamed | (unit != unit[first]), Fact.INDICATOR_ID,
                  lambda p: f"indicator {ind[p]!r} has other names or unit at {found.where(first[p])}; keep them identical")
    first_key = _first_rows(col[Fact.REGION_ID], col[Fact.INDICATOR_ID], col[Fact.PERIOD])
    found.add_all("duplicate_fact", first_key != positions, Fact.INDICATOR_ID,
                  lambda p: f"same region, indicator and period as {found.where(first_key[p])}: a duplicate fact")
    found.add_all("source_described", _per_value(col[Fact.SOURCE_FILE], lambda v: v not in described, bool), Fact.SOURCE_FILE,
                  lambda p: f"{cell[Fact.SOURCE_FILE][p]!r} has no entry under 'sources' in {METADATA_FILE}")


def _check_quotes(facts, derived: np.ndarray, values: np.ndarray, sources, seeds_dir: Path, index: QuoteIndex, found: _RowProblems) -> None:
    """Each quote is in its source and states its fact's value, qualifier and unit.

    A national set repeats a few thousand sentences across 855,000 facts, so
    each distinct (source, quote) is searched once and each distinct
    (source, quote, unit, qualifier, value) is compared once.
    """
    name, quote = facts[Fact.SOURCE_FILE].to_numpy(dtype=object), facts[Fact.SOURCE_QUOTE].to_numpy(dtype=object)
    unit, qual = facts[Fact.UNIT].to_numpy(dtype=object), facts[Fact.QUALIFIER].to_numpy(dtype=object)
    pair = _first_rows(facts[Fact.SOURCE_FILE], facts[Fact.SOURCE_QUOTE])
    pair_problem = {p: _source_problem(name[p], quote[p], sources, seeds_dir, index) for p in np.unique(pair).tolist()}
    bad_source = np.fromiter((pair_problem[p] is not None for p in pair.tolist()), dtype=bool, count=len(pair))
    for pos in np.flatnonzero(bad_source).tolist():
        found.add("quote_found", pos, *pair_problem[int(pair[pos])])
    stated = np.flatnonzero(~bad_source & np.not_equal(derived, True) & ~np.isnan(values))
    if not len(stated):
        return
    keys = [facts[c].iloc[stated] for c in (Fact.SOURCE_FILE, Fact.SOURCE_QUOTE, Fact.UNIT, Fact.QUALIFIER)]
    combo = stated[_first_rows(*keys, pd.Series(values[stated]))]
    failed: dict[int, bool] = {}
    for pos, first in zip(stated.tolist(), combo.tolist()):
        if first not in failed:
            mentions = index.mentions(sources[name[first]], quote[first])
            failed[first] = _value_problem(values[first], qual[first], unit[first], mentions) is not None
        if failed[first]:
            # Worded with the row's own value: 0.0 and -0.0 share a key but not a spelling.
            mentions = index.mentions(sources[name[pos]], quote[pos])
            found.add("quote_states_value", pos, *_value_problem(values[pos], qual[pos], unit[pos], mentions))


def _stated_half_widths(facts: pd.DataFrame, sources, index: QuoteIndex) -> dict[str, float]:
    """Half a unit of the last written digit of every stated fact a formula cites.

    Read from the number of its quote that states it ("3.8%" -> 0.05); a fact
    whose quote does not state it has a problem of its own and counts as exact.
    """
    cited = {ref for formula in _per_value(facts[Fact.FORMULA], str.strip).tolist() if formula for ref in formula_refs(formula)}
    rows = facts[facts[Fact.FACT_ID].isin(list(cited)) & ~facts[Fact.DERIVED]]
    half_widths = {}
    for fact_id, name, quote, value, qual, unit in zip(
        rows[Fact.FACT_ID], rows[Fact.SOURCE_FILE], rows[Fact.SOURCE_QUOTE], rows[Fact.VALUE], rows[Fact.QUALIFIER], rows[Fact.UNIT]
    ):
        mention = _stating_mention(value, qual, unit, index.mentions(sources[name], quote)) if name in sources else None
        half_widths[fact_id] = precision.stated_half_width(mention, unit) if mention else 0.0
    return half_widths


def _check_formulas(facts: pd.DataFrame, half_widths: dict[str, float]) -> list[Problem]:
    """Derived facts recomputed from the facts they cite, once every stated value is known."""
    formula = _per_value(facts[Fact.FORMULA], str.strip)
    derived = facts[Fact.DERIVED].to_numpy()
    has_formula = formula != ""
    found = _RowProblems(facts)
    found.add_all("formula", ~derived & has_formula, Fact.FORMULA, lambda p: "a stated fact has no formula; set derived to true")
    found.add_all("formula", derived & ~has_formula, Fact.FORMULA, lambda p: "a derived fact needs the formula it was computed with")
    to_compute = np.flatnonzero(derived & has_formula).tolist()
    if to_compute:
        # A duplicated fact_id resolves to its last row, as it always has.
        ids = facts[Fact.FACT_ID].tolist()
        values = dict(zip(ids, facts[Fact.VALUE].tolist()))
        qualifiers = dict(zip(ids, facts[Fact.QUALIFIER].tolist()))
        formulas = {ids[pos]: formula[pos] for pos in to_compute}
        estimates = _Estimates(values, qualifiers, formulas, half_widths)
        for pos in to_compute:
            problem = _formula_problem(ids[pos], formula[pos], float(facts[Fact.VALUE].iat[pos]), qualifiers[ids[pos]], estimates)
            if problem:
                found.add("formula", pos, *problem)
    return found.ordered()


def _load_facts(data_dir, seeds_dir, region_ids, metadata, problems, extra_sources: Mapping[str, Path]):
    frames = []
    files = _csv_files(data_dir / FACTS_DIR)
    if not files:
        problems.append(Problem(f"{FACTS_DIR}/", None, None, "no facts table (*.csv) found"))
    for path in files:
        label = f"{FACTS_DIR}/{path.name}"
        frame = read_table(path, label, Fact.REQUIRED, Fact.OPTIONAL, problems)
        if frame is not None and frame.empty and not any(p.file == label for p in problems):
            # A header and nothing under it would start the app with no facts from the file, silently.
            problems.append(Problem(label, 2, None, "no facts: the file has a header and no rows; add rows or remove the file"))
        elif frame is not None:
            frame["_file"] = label
            frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=list(Fact.REQUIRED + Fact.OPTIONAL)), {}
    facts = pd.concat(frames, ignore_index=True)
    sources = _load_sources(seeds_dir, set(facts[Fact.SOURCE_FILE]), problems, extra_sources)
    datasets = metadata.get("datasets", {}) if isinstance(metadata, dict) else {}
    described = {s.get("file") for s in metadata.get("sources", []) if isinstance(s, dict)} if isinstance(metadata, dict) else set()

    # Every check runs column-wise, per distinct value where it can, and only
    # failing rows become Problems: one row at a time took a minute at 855,000.
    found = _RowProblems(facts)
    _check_fact_rows(facts, region_ids, datasets, described, found)
    values = _per_value(facts[Fact.VALUE], _parse_value, float)
    found.add_all("value", np.isnan(values), Fact.VALUE, lambda p: f"{facts[Fact.VALUE].iat[p]!r} is not a finite number in base units")
    derived = _per_value(facts[Fact.DERIVED], _is_true)
    found.add_all("derived", np.equal(derived, None), Fact.DERIVED, lambda p: f"{facts[Fact.DERIVED].iat[p]!r} is not true or false")
    index = QuoteIndex({name: find_numbers(src) for name, src in sources.items()})
    _check_quotes(facts, derived, values, sources, seeds_dir, index, found)
    problems.extend(found.ordered())

    facts[Fact.VALUE] = pd.Series(values, index=facts.index, dtype="float64")
    facts[Fact.DERIVED] = pd.Series(np.equal(derived, True), index=facts.index, dtype="bool")
    problems.extend(_check_formulas(facts, _stated_half_widths(facts, sources, index)))
    return facts, sources


def _load_clusters(data_dir, seeds_dir, region_ids, sources, problems, extra_sources: Mapping[str, Path]):
    frames = []
    seen: dict[str, str] = {}
    for path in _csv_files(data_dir / CLUSTERS_DIR):
        label = f"{CLUSTERS_DIR}/{path.name}"
        frame = read_table(path, label, Cluster.REQUIRED, (), problems)
        if frame is None:
            continue
        _check_id(frame, Cluster.CLUSTER_ID, label, problems, seen)
        extra = _load_sources(seeds_dir, set(frame[Cluster.SOURCE_FILE]) - set(sources), problems, extra_sources)
        sources.update(extra)
        for _, rec in frame.iterrows():
            row = int(rec["_row"])
            if rec[Cluster.REGION_ID] not in region_ids:
                problems.append(Problem(label, row, Cluster.REGION_ID, f"unknown region {rec[Cluster.REGION_ID]!r}"))
            for column in (Cluster.NAME_ZH, Cluster.NAME_EN, Cluster.GROUP_ZH, Cluster.GROUP_EN):
                if not rec[column].strip():
                    problems.append(Problem(label, row, column, "must not be empty"))
            for zh, en in ((Cluster.DISTRICTS_ZH, Cluster.DISTRICTS_EN), (Cluster.INDUSTRIES_ZH, Cluster.INDUSTRIES_EN)):
                if len(rec[zh].split(Cluster.LIST_SEP)) != len(rec[en].split(Cluster.LIST_SEP)):
                    problems.append(Problem(label, row, en, f"lists {zh} and {en} must have the same length"))
            _check_source(rec, label, row, sources, problems, seeds_dir)
        frame["_file"] = label
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=list(Cluster.REQUIRED))
    return pd.concat(frames, ignore_index=True)


def _version(paths: list[Path]) -> str:
    """Content hash of every file served: changes whenever the data does."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(f"{path.parent.name}/{path.name}\0".encode())
        with open(path, "rb") as handle:  # streamed: the facts may be 180 MB
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()[:12]


def load_dataset(data_dir: Path | str, seeds_dir: Path | str, *, extra_sources: Mapping[str, Path | str] | None = None) -> Dataset:
    """Load and validate everything; raise DataValidationError on any problem.

    ``extra_sources`` maps a source file name to a path outside ``seeds_dir``
    (the curation helper's text not yet placed in seeds/); it is read in place
    of ``seeds_dir / name``.
    """
    data_dir, seeds_dir = Path(data_dir), Path(seeds_dir)
    extra = {name: Path(path) for name, path in (extra_sources or {}).items()}
    problems: list[Problem] = []
    meta_path = data_dir / METADATA_FILE
    metadata: dict = {}
    if not meta_path.is_file():
        problems.append(Problem(METADATA_FILE, None, None, "file is missing"))
    else:
        text = _read_text(meta_path, METADATA_FILE, problems)
        if text is not None:
            try:
                metadata = json.loads(text)
            except json.JSONDecodeError as exc:
                problems.append(Problem(METADATA_FILE, exc.lineno, None, f"invalid JSON: {exc.msg}"))
            else:
                problems.extend(validate_metadata(metadata))
    regions = _load_regions(data_dir, problems)
    region_ids = set(regions[Region.REGION_ID]) if len(regions) else set()
    facts, sources = _load_facts(data_dir, seeds_dir, region_ids, metadata, problems, extra)
    clusters = _load_clusters(data_dir, seeds_dir, region_ids, sources, problems, extra)
    charts, config_problems = parse_chart_configs(metadata.get(CHARTS_KEY) if isinstance(metadata, dict) else None)
    if not config_problems and len(facts):
        datasets = set(metadata.get("datasets", {})) if isinstance(metadata.get("datasets"), dict) else set()
        indicators = set(facts[Fact.INDICATOR_ID].astype(str).unique())
        config_problems = reference_problems(charts, datasets, indicators, set(schema.UNITS))
        config_problems += indicator_problems(metadata.get(INDICATORS_KEY), indicators)
    problems.extend(Problem(METADATA_FILE, None, key, message) for key, message in config_problems)
    if problems:
        raise DataValidationError(problems)

    files = [p for sub in (FACTS_DIR, REGIONS_DIR, CLUSTERS_DIR) for p in _csv_files(data_dir / sub)] + [meta_path]
    seed_paths = [_source_path(seeds_dir, name, extra) for name in sources]
    version = _version(files + seed_paths)
    facts = facts.drop(columns=["_row"]).rename(columns={"_file": "data_file"}).reset_index(drop=True)
    for column in CATEGORICAL_FACT_COLUMNS:  # one at a time, so each str column is freed before the next
        facts[column] = facts[column].astype("category")
    regions = regions.drop(columns=["_row"]).rename(columns={"_file": "data_file"}).reset_index(drop=True)
    clusters = clusters.drop(columns=["_row"], errors="ignore").rename(columns={"_file": "data_file"}).reset_index(drop=True)
    return Dataset(
        facts=facts,
        regions=regions,
        clusters=clusters,
        metadata=metadata,
        sources=sources,
        version=version,
        files=tuple(str(p) for p in files),
        charts=charts,
    )
