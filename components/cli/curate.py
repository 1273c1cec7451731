"""Curation helper: list every number of a source with its reading.

    python -m components.curate seeds/000_3d761635c312e61a.txt
    python -m components.curate seeds/new_article.txt --missing
    python -m components.curate ~/drafts/new_article.txt   # not yet in seeds/

For each number: line, the text as written, value in base units, unit,
qualifier, kind, and whether it is already a fact (its fact_id), skipped (the
reason) or still to curate (MISSING), followed by its sentence. Exit status 1
when ``--missing`` finds numbers still to curate, so it can gate a commit.

The project's data is loaded from the configured data and seeds directories
(DASHBOARD_DATA_DIR, DASHBOARD_SEEDS_DIR, or --data-dir/--seeds-dir) and the
given file is read as one more source under its own name, wherever it lies:
the other sources still resolve in seeds/, and facts already written for the
new file count as curated.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from components.config import load_config
from components.data.coverage import check_coverage, load_skips
from components.data.loader import DataValidationError, load_dataset
from components.data.schema import Fact
from components.data.textmatch import SourceText


def _format_value(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def main(argv: list[str] | None = None) -> int:
    config = load_config()
    parser = argparse.ArgumentParser(prog="python -m components.curate", description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path, help="a text file, in seeds/ or anywhere else")
    parser.add_argument("--data-dir", type=Path, default=Path(config["DASHBOARD_DATA_DIR"]))
    parser.add_argument("--seeds-dir", type=Path, default=Path(config["DASHBOARD_SEEDS_DIR"]), help="where the other sources are")
    parser.add_argument("--missing", action="store_true", help="show only numbers not yet curated or skipped")
    args = parser.parse_args(argv)

    if not args.source.is_file():
        print(f"error: {args.source} is not a file", file=sys.stderr)
        return 2
    try:
        text = args.source.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        print(f"error: {args.source} is not UTF-8 text", file=sys.stderr)
        return 2
    source = SourceText(args.source.name, text)
    try:
        facts = load_dataset(args.data_dir, args.seeds_dir, extra_sources={source.name: args.source}).facts
    except DataValidationError as exc:
        # A new article is curated before its rows validate; still list its numbers.
        print(f"note: the data does not validate yet, so nothing counts as curated:\n{exc}\n", file=sys.stderr)
        facts = pd.DataFrame({c: pd.Series(dtype="string") for c in Fact.REQUIRED}).assign(derived=pd.Series(dtype=bool))
    skips = load_skips(args.data_dir)
    rows = check_coverage(source, facts, skips)
    missing = 0
    for row in rows:
        m = row.mention
        if row.fact_ids:
            status = "fact " + ",".join(row.fact_ids)
        elif row.skip_reason:
            status = "skip " + row.skip_reason
        else:
            status = "MISSING"
            missing += 1
        if args.missing and row.covered:
            continue
        print(f"{m.line:>4}  {m.raw:<14} {_format_value(m.value):>16} {m.unit or '-':<13} {m.qualifier:<9} {m.kind:<9} {status}")
        print(f"      {m.sentence}")
    print(f"\n{len(rows)} numbers, {len(rows) - missing} covered, {missing} missing", file=sys.stderr)
    return 1 if args.missing and missing else 0


if __name__ == "__main__":
    sys.exit(main())
