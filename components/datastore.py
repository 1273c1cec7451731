"""One data manager in front of all data.

The factory puts a ``DataStore`` in ``server.extensions``; callbacks and
routes reach it through ``current_store()``. Frames handed out are copies, so
no caller can change what another request sees, and ``reload`` swaps in new
data only after it has validated completely.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pandas as pd
from flask import current_app

from components.loader import Dataset, load_dataset
from components.schema import Fact, Region

EXTENSION_KEY = "dashboard_data"


class UnknownRegionError(ValueError):
    """A region filter named ids the data does not have."""

    def __init__(self, unknown: list[str], known: list[str]):
        self.unknown = unknown
        self.known = known
        super().__init__(f"unknown region id(s): {', '.join(unknown)}; known ids: {', '.join(known)}")


class DataStore:
    """Holds the current validated Dataset."""

    def __init__(self, dataset: Dataset):
        self._dataset = dataset
        self._lock = threading.Lock()

    @property
    def dataset(self) -> Dataset:
        return self._dataset

    @property
    def version(self) -> str:
        return self._dataset.version

    def reload(self, data_dir: Path | str, seeds_dir: Path | str) -> Dataset:
        """Load anew; on any error the data being served stays as it was."""
        fresh = load_dataset(data_dir, seeds_dir)  # raises before anything changes
        with self._lock:
            self._dataset = fresh
        return fresh

    def region_ids(self) -> list[str]:
        return list(self._dataset.regions[Region.REGION_ID])

    def regions(self) -> pd.DataFrame:
        return self._dataset.regions.copy()

    def clusters(self) -> pd.DataFrame:
        return self._dataset.clusters.copy()

    def fact(self, fact_id: str) -> pd.Series | None:
        facts = self._dataset.facts
        match = facts[facts[Fact.FACT_ID] == fact_id]
        return match.iloc[0].copy() if len(match) else None

    def resolve_regions(self, regions) -> tuple[str, ...]:
        """Canonical (sorted, unique) region ids; raises UnknownRegionError."""
        known = set(self._dataset.regions[Region.REGION_ID])
        chosen = sorted(set(regions or ()))
        unknown = [r for r in chosen if r not in known]
        if unknown:
            raise UnknownRegionError(unknown, self.region_ids())
        return tuple(chosen)

    def facts(self, regions=()) -> pd.DataFrame:
        """Facts of the given regions (all when empty), as a private copy.

        pandas 3 copies on write, so a shallow copy already keeps callers
        from changing the shared frame, at no cost for 855,000 rows. The
        selection is not put in the shared cache: pickling a national frame
        through it costs far more than selecting again in memory (the
        expensive results, the charts, are cached in callbacks.chart_outputs).
        """
        key = self.resolve_regions(regions)
        facts = self._dataset.facts
        if key:
            facts = facts[facts[Fact.REGION_ID].isin(key)]
        return facts.reset_index(drop=True).copy(deep=False)


def current_store() -> DataStore:
    return current_app.extensions[EXTENSION_KEY]
