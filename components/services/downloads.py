"""The facts as CSV and JSON records: the format of every download the app writes.

``/api/facts.csv``, the table's "Download table (CSV)" and the CSV inside
the export-all ZIP all come from ``facts_csv``, so they agree column for
column, and none of them carries a cell a spreadsheet would run.
"""

from __future__ import annotations

import io
import re

import pandas as pd

from components.data.schema import Fact


def regions_stem(regions) -> str:
    """The regions part of a download's file name, ASCII-safe ("province:hebei" -> "province-hebei")."""
    stem = "-".join(re.sub(r"[^a-z0-9_]+", "-", r.lower()).strip("-") for r in regions)
    return stem[:80] or "all"


def export_frame(facts: pd.DataFrame) -> pd.DataFrame:
    """The documented columns first, then the rest, in a stable order."""
    rest = [c for c in (Fact.FORMULA, Fact.NOTE_ZH, Fact.NOTE_EN) if c in facts.columns]
    return facts[list(Fact.EXPORT_COLUMNS) + rest]


# A spreadsheet reads a cell that starts with one of these as a formula
# (=HYPERLINK(...) in a note would be a live link, =cmd|... worse): OWASP's
# "CSV injection" list.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_text(column: pd.Series) -> pd.Series:
    """Text cells that a spreadsheet would run as a formula, prefixed with a single quote (OWASP).

    The quote makes the cell text in Excel, LibreOffice and Google Sheets;
    every other cell, and a numeric column whole (-3.5 is a number, not a
    formula), is written unchanged.
    """
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        return column
    text = column.astype("string")
    risky = text.str.startswith(FORMULA_STARTS).fillna(False).to_numpy(dtype=bool)
    if not risky.any():
        return column
    text = text.copy()
    text[risky] = "'" + text[risky]
    return text


def facts_csv(facts: pd.DataFrame) -> str:
    """CSV text with a BOM; values written without float noise (1e8 -> 100000000).

    Every CSV the app writes comes from here; text cells are neutralised
    against formula injection, numbers (negative ones too) stay numbers.
    """
    frame = export_frame(facts).copy()
    frame[Fact.DERIVED] = frame[Fact.DERIVED].map({True: "true", False: "false"})
    for column in frame.columns:
        frame[column] = neutralise_text(frame[column])
    buffer = io.StringIO()
    buffer.write("\ufeff")
    frame.to_csv(buffer, index=False, float_format="%.15g", lineterminator="\r\n")
    return buffer.getvalue()


def facts_records(facts: pd.DataFrame) -> list[dict]:
    frame = export_frame(facts)
    records = []
    for rec in frame.to_dict(orient="records"):
        value = rec[Fact.VALUE]
        rec[Fact.VALUE] = int(value) if float(value).is_integer() else float(value)
        rec[Fact.DERIVED] = bool(rec[Fact.DERIVED])
        records.append({k: (v if not isinstance(v, type(pd.NA)) else None) for k, v in rec.items()})
    return records
