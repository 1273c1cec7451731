"""The overview: how many facts the data holds per region and theme; a click on a region filters by it.

A dot matrix of fact counts, region (x) by dataset (y); ``customdata[0]`` is
the region id. Over ``OVERVIEW_MAX_REGIONS`` regions (national data) a
column is a province instead, and ``customdata[0]`` its ``province:``
group, which a click selects like a region.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from components.charts.figspec import FigureSpec
from components.charts.style import GAP_TICKS, data_as_text, finish, left_margin, no_data, source_files, tint
from components.data.catalog import Catalog
from components.data.regiongroups import group_names, province_groups
from components.data.regions import NEUTRAL_COLOR
from components.data.schema import Fact, Region
from components.text import t

# More regions than this and the overview draws one column per province.
OVERVIEW_MAX_REGIONS = 30


@data_as_text
def build_overview_figure(facts: pd.DataFrame, regions: pd.DataFrame, *, lang: str, catalog: Catalog) -> go.Figure:
    if facts.empty:
        return no_data(lang)
    # Through object arrays: iterating a pandas string column costs ~1 µs per
    # value (2,850 regions at national size).
    region_ids = regions[Region.REGION_ID].to_numpy(dtype=object).tolist()
    present_regions = set(facts[Fact.REGION_ID].unique())
    region_count = len(present_regions)
    grouped = region_count > OVERVIEW_MAX_REGIONS
    columns = facts[Fact.REGION_ID]
    names: dict[str, str] = {}
    if grouped:
        groups = province_groups(regions)
        group_of = {member: token for token, members in groups.items() for member in members}
        # Mapped per category, not per fact: the loader's region_id is categorical.
        columns = columns.map(lambda r: group_of.get(r, r)).rename(Fact.REGION_ID)
        names.update(group_names(regions, groups, lang))  # from the escaped regions frame
        present_regions = set(columns.unique())
        in_table_order = (group_of.get(r, r) for r in region_ids)
        region_order = [column for column in dict.fromkeys(in_table_order) if column in present_regions]
    else:
        region_order = [r for r in region_ids if r in present_regions]
    region_order += sorted(present_regions - set(region_order))
    counts = facts.groupby([columns, Fact.DATASET], observed=True).size()
    present_datasets = set(facts[Fact.DATASET].unique())
    dataset_order = [d for d in catalog.datasets if d in present_datasets] + sorted(present_datasets - set(catalog.datasets))
    largest = int(counts.max())

    def name(column: str) -> str:
        return names.get(column) or catalog.region(column).name(lang)

    def short(column: str) -> str:
        return names.get(column) or catalog.region(column).short(lang)

    def color(column: str) -> str:
        return NEUTRAL_COLOR if column in names else catalog.region(column).color

    xs, ys, sizes, texts, colors, custom = [], [], [], [], [], []
    for (column, dataset), number in counts.items():
        xs.append(short(column))
        ys.append(catalog.dataset_short(dataset, lang))
        # A province holds thousands of facts: its dots scale to the largest.
        sizes.append(14 + 30 * math.sqrt(number / largest) if grouped else 14 + 9 * math.sqrt(number))
        texts.append(str(number))
        colors.append(color(column))
        custom.append([column, dataset, name(column), catalog.dataset_title(dataset, lang), int(number)])
    fig = FigureSpec().add_trace(
        dict(
            type="scatter",
            x=xs,
            y=ys,
            mode="markers+text",
            text=texts,
            textposition="middle center",
            textfont=dict(size=11, color="#111111"),
            marker=dict(size=sizes, color=[tint(c, 0.3) for c in colors], line=dict(color=colors, width=2)),
            customdata=custom,
            hovertemplate=(
                f"{t('hover.region', lang)}: %{{customdata[2]}}<br>"
                f"{t('hover.dataset', lang)}: %{{customdata[3]}}<br>"
                f"{t('hover.facts', lang)}: %{{customdata[4]}}<extra></extra>"
            ),
            showlegend=False,
            cliponaxis=False,
        )
    )
    x_labels = [short(r) for r in region_order]
    y_labels = [catalog.dataset_short(d, lang) for d in dataset_order]
    angled = lang != "zh" and len(region_order) > 3
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=x_labels, tickangle=-35 if angled else 0, showgrid=True, automargin=True)
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=y_labels, autorange="reversed", automargin=True)
    return finish(
        fig,
        lang=lang,
        catalog=catalog,
        title=t("overview.title", lang),
        subtitle=t("overview.subtitle", lang),
        description=t("overview.description", lang, regions=region_count, datasets=len(dataset_order), facts=len(facts)),
        gap=80 if angled else GAP_TICKS,
        sources=source_files([facts]),
        left=left_margin(y_labels),
        legend=False,
        height=max(360, 150 + 34 * len(dataset_order)),
    )
