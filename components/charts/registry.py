"""Every chart of the page, once: the one list the layout, callbacks, exports and tests derive from.

Adding a chart is one ``ChartSpec`` here and one builder module: the layout
gives it a card, the chart callback builds it, the click handler knows what
its marks select, the export names its files, and the tests parametrise
over ``CHARTS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from components.charts.agriculture import build_agriculture_figure
from components.charts.clusters import build_clusters_figure
from components.charts.digitalization import build_digitalization_figure
from components.charts.explorer import build_indicator_figure
from components.charts.funding import build_funding_tiers_figure
from components.charts.income import build_income_growth_figure
from components.charts.innovation import build_innovation_points_figure
from components.charts.overview import build_overview_figure
from components.data.catalog import Catalog
from components.data.chartconfig import CHARTS_KEY
from components.data.loader import METADATA_FILE, Dataset, DataValidationError, Problem
from components.web import ids

# What a chart is drawn from (``ChartSpec.reads``).
FACTS = "facts"  # the selected facts
FACTS_AND_REGIONS = "facts+regions"  # the selected facts and the regions table
CLUSTERS = "clusters"  # the cluster areas of the selected regions
INDICATOR = "indicator"  # the selected facts and the indicator the view names

# What a click on one of its marks selects (``ChartSpec.selects``): the
# first customdata element of the mark is that kind of id.
SELECTS_REGION = "region"  # the region filter
SELECTS_FACT = "fact"  # the provenance panel, for a fact
SELECTS_CLUSTER = "cluster"  # the provenance panel, for a cluster area


@dataclass(frozen=True)
class ChartSpec:
    """One chart: where it sits, what it is called, how it is built, what a click on it does."""

    graph_id: str
    title_key: str  # text key of its title; the closed box of a chart without data names it
    builder: Callable[..., go.Figure]
    reads: str
    selects: str
    wide: bool = False  # spans the page's grid
    cartesian: bool = True  # has x and y axes (the toolbar's zoom buttons serve it)

    @property
    def slug(self) -> str:
        """``funding-tiers-graph`` -> ``funding-tiers``: the chart's part of export file names."""
        return self.graph_id.removesuffix("-graph")

    def build(
        self,
        facts: pd.DataFrame,
        regions: pd.DataFrame,
        clusters: pd.DataFrame,
        *,
        lang: str,
        catalog: Catalog,
        indicator: str | None = None,
    ) -> go.Figure:
        """The chart of a view: the frames it reads, with the (figure) catalog of the data."""
        if self.reads == FACTS_AND_REGIONS:
            return self.builder(facts, regions, lang=lang, catalog=catalog)
        if self.reads == CLUSTERS:
            return self.builder(clusters, lang=lang, catalog=catalog)
        if self.reads == INDICATOR:
            return self.builder(facts, lang=lang, catalog=catalog, indicator=indicator)
        return self.builder(facts, lang=lang, catalog=catalog)


CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec(ids.OVERVIEW_GRAPH, "overview.title", build_overview_figure, FACTS_AND_REGIONS, SELECTS_REGION, wide=True),
    ChartSpec(ids.FUNDING_TIERS_GRAPH, "funding.title", build_funding_tiers_figure, FACTS, SELECTS_FACT),
    ChartSpec(ids.INCOME_GROWTH_GRAPH, "income.title", build_income_growth_figure, FACTS, SELECTS_FACT),
    ChartSpec(ids.DIGITALIZATION_GRAPH, "digi.title", build_digitalization_figure, FACTS, SELECTS_FACT),
    ChartSpec(ids.INNOVATION_POINTS_GRAPH, "innov.title", build_innovation_points_figure, FACTS, SELECTS_FACT),
    ChartSpec(ids.AGRICULTURE_GRAPH, "agri.title", build_agriculture_figure, FACTS, SELECTS_FACT),
    ChartSpec(ids.CLUSTERS_GRAPH, "clusters.title", build_clusters_figure, CLUSTERS, SELECTS_CLUSTER, cartesian=False),
    ChartSpec(ids.INDICATOR_GRAPH, "explorer.name", build_indicator_figure, INDICATOR, SELECTS_FACT, wide=True),
)

GRAPHS: tuple[str, ...] = tuple(spec.graph_id for spec in CHARTS)
BY_GRAPH: dict[str, ChartSpec] = {spec.graph_id: spec for spec in CHARTS}


def graphs_selecting(kind: str) -> tuple[str, ...]:
    """The graphs whose marks select ``kind`` (fact, cluster or region)."""
    return tuple(spec.graph_id for spec in CHARTS if spec.selects == kind)


def check_chart_configs(dataset: Dataset) -> None:
    """Refuse chart keys of metadata.json "charts" that name no chart of the registry: a typo would silently empty one."""
    slugs = [spec.slug for spec in CHARTS]
    unknown = sorted(set(dataset.charts) - set(slugs))
    if unknown:
        raise DataValidationError(
            [Problem(METADATA_FILE, None, f"{CHARTS_KEY}.{slug}", f"names no chart (charts: {', '.join(slugs)})") for slug in unknown]
        )
