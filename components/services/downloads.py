"""The facts as CSV and JSON records: the format of every download the app writes.

``/api/facts.csv``, the table's "Download table (CSV)" and the CSV inside
the export-all ZIP all come from ``facts_csv``, so they agree column for
column.
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


def facts_csv(facts: pd.DataFrame) -> str:
    """CSV text with a BOM; values written without float noise (1e8 -> 100000000)."""
    frame = export_frame(facts).copy()
    frame[Fact.DERIVED] = frame[Fact.DERIVED].map({True: "true", False: "false"})
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
