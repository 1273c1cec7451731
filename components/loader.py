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
import functools
import hashlib
import io
import json
import math
import operator
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from components import schema
from components.numbers import Mention, find_numbers
from components.schema import Cluster, Fact, Region
from components.textmatch import SourceText, Span

FACTS_DIR = "facts"
REGIONS_DIR = "regions"
CLUSTERS_DIR = "clusters"
METADATA_FILE = "metadata.json"
SKIPS_FILE = "coverage_skips.csv"

METADATA_KEYS = ("title", "description", "sources", "units", "qualifiers", "datasets", "matching_rule")
SOURCE_KEYS = ("file", "publisher_zh", "publisher_en", "published", "licence")
DATASET_KEYS = ("title_zh", "title_en")


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


# ---------------------------------------------------------------- reading


def _read_text(path: Path, label: str, problems: list[Problem]) -> str | None:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(label, row, None, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8"))
        return None


def read_table(path: Path, label: str, required: tuple[str, ...], optional: tuple[str, ...], problems: list[Problem]):
    """Read one CSV as strings, checking encoding, shape and columns.

    Returns the frame with a ``_row`` column (file line number) or None.
    """
    text = _read_text(path, label, problems)
    if text is None:
        return None
    if "\r" in text.replace("\r\n", ""):
        problems.append(Problem(label, None, None, "stray carriage return; use Unix or Windows line endings"))
        return None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        problems.append(Problem(label, 1, None, "empty file: a header row is required"))
        return None
    dtypes = {name: "string" for name in required + optional}
    try:
        frame = pd.read_csv(
            io.StringIO(text),
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
    blank = frame[list(required)].apply(lambda col: col.str.strip() == "").all(axis=1)
    for row in frame.loc[blank, "_row"]:
        problems.append(Problem(label, int(row), None, "blank row"))
    frame = frame.loc[~blank]
    for column in required + optional:
        bad = frame[frame[column].str.contains("\n", regex=False)]
        for row in bad["_row"]:
            problems.append(Problem(label, int(row), column, "line break inside a cell"))
    return frame


def _records(frame: pd.DataFrame):
    """Rows as plain dicts: ~1 µs each, where iterrows and to_dict box every cell."""
    columns = list(frame.columns)
    for values in zip(*(frame[c].tolist() for c in columns)):
        yield dict(zip(columns, values))


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
        for key in SOURCE_KEYS:
            if not source.get(key):
                problems.append(Problem(label, None, f"sources[{i}].{key}", "required key is missing or empty"))
    units = metadata.get("units", {})
    for unit in schema.UNITS:
        if not isinstance(units, dict) or unit not in units:
            problems.append(Problem(label, None, f"units.{unit}", "every unit of the vocabulary must be defined"))
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
        frame = read_table(path, label, Region.REQUIRED, (), problems)
        if frame is None:
            continue
        _check_id(frame, Region.REGION_ID, label, problems, seen)
        for _, rec in frame.iterrows():
            row = int(rec["_row"])
            for column in (Region.NAME_ZH, Region.NAME_EN, Region.PROVINCE_ZH, Region.PROVINCE_EN):
                if not rec[column].strip() and not (rec[Region.LEVEL] == "country" and column.startswith("province")):
                    problems.append(Problem(label, row, column, "must not be empty"))
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
        return pd.DataFrame(columns=list(Region.REQUIRED))
    regions = pd.concat(frames, ignore_index=True)
    for column in (Region.LAT, Region.LON):
        regions[column] = pd.to_numeric(regions[column], errors="coerce").astype("float64")
    return regions


def _load_sources(seeds_dir: Path, names: set[str], problems: list[Problem]) -> dict[str, SourceText]:
    sources = {}
    for name in sorted(names):
        path = seeds_dir / name
        if Path(name).name != name or not path.is_file():
            continue  # reported per row by the callers
        text = _read_text(path, f"seeds/{name}", problems)
        if text is not None:
            sources[name] = SourceText(name, text)
    return sources


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


def _check_source(rec, label, row, sources, problems, seeds_dir, index: QuoteIndex | None = None) -> SourceText | None:
    name = rec[Fact.SOURCE_FILE]
    if not _is_plain_name(name):
        problems.append(Problem(label, row, Fact.SOURCE_FILE, f"{name!r} must be a plain file name in seeds/"))
        return None
    if name not in sources:
        problems.append(Problem(label, row, Fact.SOURCE_FILE, f"{name!r} is not a readable file in {seeds_dir.name}/"))
        return None
    source = sources[name]
    quote = rec[Fact.SOURCE_QUOTE]
    if not quote.strip():
        problems.append(Problem(label, row, Fact.SOURCE_QUOTE, "must not be empty"))
        return None
    if not (index.spans(source, quote) if index else source.find_all(quote)):
        problems.append(
            Problem(label, row, Fact.SOURCE_QUOTE, f"quote not found in {name} (matching ignores whitespace only): {quote[:60]!r}")
        )
        return None
    return source


def quote_mentions(source: SourceText, quote: str, mentions: list[Mention]) -> list[Mention]:
    """Numbers of the source that lie inside any occurrence of the quote."""
    spans = source.find_all(quote)
    return [m for m in mentions if any(s.start <= m.start and m.end <= s.end for s in spans)]


def _load_facts(data_dir, seeds_dir, region_ids, metadata, problems):
    frames = []
    files = _csv_files(data_dir / FACTS_DIR)
    if not files:
        problems.append(Problem(f"{FACTS_DIR}/", None, None, "no facts table (*.csv) found"))
    for path in files:
        label = f"{FACTS_DIR}/{path.name}"
        frame = read_table(path, label, Fact.REQUIRED, Fact.OPTIONAL, problems)
        if frame is not None:
            frame["_file"] = label
            frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=list(Fact.REQUIRED + Fact.OPTIONAL)), {}
    facts = pd.concat(frames, ignore_index=True)
    sources = _load_sources(seeds_dir, set(facts[Fact.SOURCE_FILE]), problems)
    index = QuoteIndex({name: find_numbers(src) for name, src in sources.items()})
    datasets = metadata.get("datasets", {}) if isinstance(metadata, dict) else {}
    described = {s.get("file") for s in metadata.get("sources", []) if isinstance(s, dict)} if isinstance(metadata, dict) else set()

    seen: dict[str, str] = {}
    indicator_first: dict[str, tuple] = {}
    key_first: dict[tuple, str] = {}
    values: dict[str, float] = {}
    parsed_values = []
    derived_flags = []
    # Plain dicts, not iterrows: a Series per row costs ~50 µs, 40 s at 855,000 rows.
    for rec in _records(facts):
        label, row = rec["_file"], int(rec["_row"])
        fid = rec[Fact.FACT_ID]
        if not schema.ID_PATTERN.match(fid):
            problems.append(Problem(label, row, Fact.FACT_ID, f"{fid!r} is not a lower-case snake_case id"))
        elif fid in seen:
            problems.append(Problem(label, row, Fact.FACT_ID, f"duplicate id {fid!r} (first defined at {seen[fid]})"))
        else:
            seen[fid] = f"{label} row {row}"
        if rec[Fact.DATASET] not in datasets:
            problems.append(Problem(label, row, Fact.DATASET, f"unknown dataset {rec[Fact.DATASET]!r} (define it in {METADATA_FILE})"))
        if rec[Fact.REGION_ID] not in region_ids:
            problems.append(Problem(label, row, Fact.REGION_ID, f"unknown region {rec[Fact.REGION_ID]!r} (add it to {REGIONS_DIR}/)"))
        ind = rec[Fact.INDICATOR_ID]
        if not schema.ID_PATTERN.match(ind):
            problems.append(Problem(label, row, Fact.INDICATOR_ID, f"{ind!r} is not a lower-case snake_case id"))
        for column in (Fact.INDICATOR_ZH, Fact.INDICATOR_EN):
            if not rec[column].strip():
                problems.append(Problem(label, row, column, "must not be empty"))
        if not schema.PERIOD_PATTERN.match(rec[Fact.PERIOD]):
            problems.append(
                Problem(label, row, Fact.PERIOD, f"{rec[Fact.PERIOD]!r} is not a period (2021, 2021Q1, 2021-05, 2016/2020)")
            )
        unit, qual = rec[Fact.UNIT], rec[Fact.QUALIFIER]
        if unit not in schema.UNITS:
            problems.append(Problem(label, row, Fact.UNIT, f"unknown unit {unit!r} (one of {', '.join(schema.UNITS)})"))
        if qual not in schema.QUALIFIERS:
            problems.append(
                Problem(label, row, Fact.QUALIFIER, f"unknown qualifier {qual!r} (one of {', '.join(schema.QUALIFIERS)})")
            )
        identity = (rec[Fact.INDICATOR_ZH], rec[Fact.INDICATOR_EN], unit)
        first = indicator_first.setdefault(ind, identity + (f"{label} row {row}",))
        if first[:3] != identity:
            problems.append(
                Problem(label, row, Fact.INDICATOR_ID, f"indicator {ind!r} has other names or unit at {first[3]}; keep them identical")
            )
        key = (rec[Fact.REGION_ID], ind, rec[Fact.PERIOD])
        if key in key_first:
            problems.append(
                Problem(label, row, Fact.INDICATOR_ID, f"same region, indicator and period as {key_first[key]}: a duplicate fact")
            )
        else:
            key_first[key] = f"{label} row {row}"
        try:
            value = float(rec[Fact.VALUE])
            if not math.isfinite(value):
                raise ValueError
        except ValueError:
            problems.append(Problem(label, row, Fact.VALUE, f"{rec[Fact.VALUE]!r} is not a finite number in base units"))
            value = math.nan
        parsed_values.append(value)
        values[fid] = value
        derived = _is_true(rec[Fact.DERIVED])
        if derived is None:
            problems.append(Problem(label, row, Fact.DERIVED, f"{rec[Fact.DERIVED]!r} is not true or false"))
        derived_flags.append(bool(derived))
        if rec[Fact.SOURCE_FILE] not in described:
            problems.append(
                Problem(label, row, Fact.SOURCE_FILE, f"{rec[Fact.SOURCE_FILE]!r} has no entry under 'sources' in {METADATA_FILE}")
            )
        source = _check_source(rec, label, row, sources, problems, seeds_dir, index)
        if source is not None and not derived and not math.isnan(value):
            found = index.mentions(source, rec[Fact.SOURCE_QUOTE])
            same_value = [m for m in found if m.value is not None and values_match(m.value, value)]
            if not same_value:
                stated = ", ".join(m.raw for m in found if m.kind == "quantity") or "none"
                problems.append(
                    Problem(label, row, Fact.VALUE, f"{value:g} is not a number stated in the quote (numbers there: {stated})")
                )
            elif not any(m.qualifier == qual for m in same_value):
                problems.append(
                    Problem(label, row, Fact.QUALIFIER, f"the quote states {same_value[0].raw!r}, which reads as {same_value[0].qualifier}")
                )
            elif not any(m.unit in (None, unit) for m in same_value):
                problems.append(Problem(label, row, Fact.UNIT, f"the quote states {same_value[0].raw!r} in {same_value[0].unit}"))

    facts[Fact.VALUE] = pd.Series(parsed_values, index=facts.index, dtype="float64")
    facts[Fact.DERIVED] = pd.Series(derived_flags, index=facts.index, dtype="bool")

    # Derived facts are checked by recomputing their formula from the facts
    # they cite, once every stated value is known.
    for rec in _records(facts):
        label, row = rec["_file"], int(rec["_row"])
        formula = rec[Fact.FORMULA].strip()
        if not rec[Fact.DERIVED]:
            if formula:
                problems.append(Problem(label, row, Fact.FORMULA, "a stated fact has no formula; set derived to true"))
            continue
        if not formula:
            problems.append(Problem(label, row, Fact.FORMULA, "a derived fact needs the formula it was computed with"))
            continue
        if not formula_refs(formula):
            problems.append(Problem(label, row, Fact.FORMULA, "a formula must cite at least one {fact_id}"))
            continue
        try:
            result = evaluate_formula(formula, values)
        except ValueError as exc:
            problems.append(Problem(label, row, Fact.FORMULA, str(exc)))
            continue
        if not math.isnan(rec[Fact.VALUE]) and not values_match(result, rec[Fact.VALUE]):
            problems.append(Problem(label, row, Fact.VALUE, f"{rec[Fact.VALUE]:g} differs from its formula's result {result:.4f}"))
    return facts, sources


def _load_clusters(data_dir, seeds_dir, region_ids, sources, problems):
    frames = []
    seen: dict[str, str] = {}
    for path in _csv_files(data_dir / CLUSTERS_DIR):
        label = f"{CLUSTERS_DIR}/{path.name}"
        frame = read_table(path, label, Cluster.REQUIRED, (), problems)
        if frame is None:
            continue
        _check_id(frame, Cluster.CLUSTER_ID, label, problems, seen)
        extra = _load_sources(seeds_dir, set(frame[Cluster.SOURCE_FILE]) - set(sources), problems)
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
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def load_dataset(data_dir: Path | str, seeds_dir: Path | str) -> Dataset:
    """Load and validate everything; raise DataValidationError on any problem."""
    data_dir, seeds_dir = Path(data_dir), Path(seeds_dir)
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
    facts, sources = _load_facts(data_dir, seeds_dir, region_ids, metadata, problems)
    clusters = _load_clusters(data_dir, seeds_dir, region_ids, sources, problems)
    if problems:
        raise DataValidationError(problems)

    files = [p for sub in (FACTS_DIR, REGIONS_DIR, CLUSTERS_DIR) for p in _csv_files(data_dir / sub)] + [meta_path]
    seed_paths = [seeds_dir / name for name in sources]
    version = _version(files + seed_paths)
    facts = facts.drop(columns=["_row"]).rename(columns={"_file": "data_file"}).reset_index(drop=True)
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
    )
