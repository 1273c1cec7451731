"""One data manager in front of all data.

The factory puts a ``DataStore`` in ``server.extensions``; callbacks and
routes reach it through ``current_store()``. Frames handed out are copies, so
no caller can change what another request sees, and ``reload`` swaps in new
data only after it has validated completely.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from flask import current_app

from components.data.catalog import Catalog
from components.data.loader import Dataset, load_dataset
from components.data.regiongroups import group_names, province_groups
from components.data.schema import Cluster, Fact, Region

EXTENSION_KEY = "dashboard_data"


@dataclass(frozen=True)
class _Indexed:
    """A dataset with what selecting from it needs, built once per load and swapped as one."""

    dataset: Dataset
    rows: dict[str, np.ndarray]  # region_id -> positions of its facts, ascending
    groups: dict[str, tuple[str, ...]]
    # Region ids in table order: read on every callback (the filter's valid
    # values), and reading a pandas string column costs ~1 µs per value.
    region_ids: tuple[str, ...]
    catalog: Catalog
    figure_catalog: Catalog  # its texts escaped for Plotly (Catalog.escaped)
    with_data: frozenset[str]  # regions with a fact or a cluster: what the filter offers

    @classmethod
    def build(cls, dataset: Dataset) -> "_Indexed":
        # One pass over the facts at load; a selection is then a dict lookup
        # instead of an isin over 855,000 rows.
        rows = dataset.facts.groupby(Fact.REGION_ID, observed=True, sort=False).indices
        region_ids = tuple(dataset.regions[Region.REGION_ID].to_numpy(dtype=object).tolist())
        catalog = Catalog.of(dataset.facts, dataset.regions, dataset.metadata, dataset.charts)
        with_data = frozenset(str(k) for k in rows) | frozenset(dataset.clusters[Cluster.REGION_ID].astype(str))
        return cls(
            dataset, {str(k): v for k, v in rows.items()}, province_groups(dataset.regions), region_ids, catalog, catalog.escaped(), with_data,
        )


class UnknownRegionError(ValueError):
    """A region filter named ids the data does not have."""

    def __init__(self, unknown: list[str], known: list[str]):
        self.unknown = unknown
        self.known = known
        super().__init__(f"unknown region id(s): {', '.join(unknown)}; known ids: {', '.join(known)}")


class DataStore:
    """Holds the current validated Dataset."""

    def __init__(self, dataset: Dataset):
        self._indexed = _Indexed.build(dataset)
        self._lock = threading.Lock()

    @property
    def _dataset(self) -> Dataset:
        return self._indexed.dataset

    @property
    def dataset(self) -> Dataset:
        return self._dataset

    @property
    def version(self) -> str:
        return self._dataset.version

    def reload(self, data_dir: Path | str, seeds_dir: Path | str) -> Dataset:
        """Load anew; on any error the data being served stays as it was."""
        fresh = _Indexed.build(load_dataset(data_dir, seeds_dir))  # raises before anything changes
        with self._lock:
            self._indexed = fresh
        return fresh.dataset

    @property
    def catalog(self) -> Catalog:
        """Region labels and colours, sources, chart roles and dataset titles of the data being served."""
        return self._indexed.catalog

    @property
    def figure_catalog(self) -> Catalog:
        """The catalog for figure builders: the same, its texts escaped for Plotly."""
        return self._indexed.figure_catalog

    def region_ids(self) -> list[str]:
        return list(self._indexed.region_ids)

    def with_data(self) -> frozenset[str]:
        """Region ids with a fact or a cluster; the filter offers only these (a province row of national data has neither)."""
        return self._indexed.with_data

    def selectable_ids(self) -> list[str]:
        """What a region filter may name: region ids, then ``province:`` groups (national data only)."""
        indexed = self._indexed
        return [*indexed.region_ids, *indexed.groups]

    def expand(self, selection) -> tuple[str, ...]:
        """Region ids of a canonical selection, groups replaced by their members."""
        groups = self._indexed.groups
        return tuple(sorted({m for r in selection for m in groups.get(r, (r,))}))

    def selection_label(self, selected: str, lang: str) -> str:
        """The name of a region id or a group, in the language (e.g. for exports)."""
        regions, groups = self._dataset.regions, self._indexed.groups
        if selected in groups:
            return group_names(regions, {selected: groups[selected]}, lang)[selected]
        return self._indexed.catalog.region(selected).name(lang)

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
        known = set(self.selectable_ids())
        chosen = sorted(set(regions or ()))
        unknown = [r for r in chosen if r not in known]
        if unknown:
            raise UnknownRegionError(unknown, self.selectable_ids())
        return tuple(chosen)

    def facts(self, regions=()) -> pd.DataFrame:
        """Facts of the given regions (all when empty), as a private copy.

        pandas 3 copies on write, so a shallow copy already keeps callers
        from changing the shared frame, at no cost for 855,000 rows. The
        selection is not put in the shared cache: pickling a national frame
        through it costs far more than selecting again in memory (the
        expensive results, the charts, are cached in callbacks.chart_outputs).
        """
        indexed = self._indexed  # one consistent snapshot, even during a reload
        key = self.resolve_regions(regions)
        facts = indexed.dataset.facts
        if key:
            parts = [indexed.rows[r] for r in self.expand(key) if r in indexed.rows]
            # Sorted positions: the rows keep the table's order, as a filter would.
            facts = facts.take(np.sort(np.concatenate(parts)) if parts else np.array([], dtype=np.intp))
        return facts.reset_index(drop=True).copy(deep=False)


def current_store() -> DataStore:
    return current_app.extensions[EXTENSION_KEY]
