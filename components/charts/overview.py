"""The overview: what the data holds, region by region; a click on a region filters by it.

A ranked list, one row per region (over ``OVERVIEW_MAX_REGIONS`` regions, one
per province): a bar of its number of figures, in its colour, labelled with
how many figures and themes it holds; the hover names the themes and their
counts. It reads at any width and any number of rows: every label has a row
of its own. ``customdata[0]`` is the region id (a province's ``province:``
group), which a click selects.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.charts.figspec import FigureSpec
from components.charts.style import GAP_TICKS_TITLE, data_as_text, finish, left_margin, no_data, room_for_labels, source_files, tint, wrap, wrap_width
from components.data.catalog import Catalog
from components.data.regiongroups import group_names, province_groups
from components.data.regions import NEUTRAL_COLOR
from components.data.schema import Fact, Region
from components.text import t
from components.text.formatting import format_number

# More regions than this and the overview draws one row per province.
OVERVIEW_MAX_REGIONS = 30
THEMES_IN_HOVER = 8  # the largest themes of a row, then "…"


@data_as_text
def build_overview_figure(facts: pd.DataFrame, regions: pd.DataFrame, *, lang: str, catalog: Catalog) -> go.Figure:
    if facts.empty:
        return no_data(lang)
    # Through object arrays: iterating a pandas string column costs ~1 µs per
    # value (2,850 regions at national size).
    region_ids = regions[Region.REGION_ID].to_numpy(dtype=object).tolist()
    region_count = int(facts[Fact.REGION_ID].nunique())
    grouped = region_count > OVERVIEW_MAX_REGIONS
    columns = facts[Fact.REGION_ID]
    names: dict[str, str] = {}
    if grouped:
        groups = province_groups(regions)
        group_of = {member: token for token, members in groups.items() for member in members}
        # Mapped per category, not per fact: the loader's region_id is categorical.
        columns = columns.map(lambda r: group_of.get(r, r)).rename(Fact.REGION_ID)
        names.update(group_names(regions, groups, lang))  # from the escaped regions frame
    counts = facts.groupby([columns, Fact.DATASET], observed=True).size()
    totals = counts.groupby(level=0, observed=True).sum()
    order = {r: i for i, r in enumerate(region_ids)}
    # Most figures first; ties in the regions table's order.
    ranked = sorted(totals.index, key=lambda r: (-int(totals[r]), order.get(r, len(order)), str(r)))

    def short(column: str) -> str:
        return names.get(column) or catalog.region(column).short(lang)

    def long(column: str) -> str:
        return names.get(column) or catalog.region(column).name(lang)

    labels, values, texts, colors, custom = [], [], [], [], []
    sep = "、" if lang == "zh" else ", "
    for column in ranked:
        themes = counts.loc[column].sort_values(ascending=False)
        listed = [t("overview.theme", lang, theme=catalog.dataset_short(str(d), lang), count=int(n)) for d, n in themes.items()]
        shown = listed[:THEMES_IN_HOVER] + (["…"] if len(listed) > THEMES_IN_HOVER else [])
        labels.append(wrap(short(column), wrap_width(lang, 8)))
        values.append(int(totals[column]))
        total = int(totals[column])
        figures = t("overview.figures", lang, count=format_number(total, lang=lang))
        texts.append(t("overview.label", lang, facts=figures, themes=t("overview.themes", lang, count=len(themes))))
        colors.append(NEUTRAL_COLOR if column in names else catalog.region(column).color)
        custom.append([column, long(column), int(totals[column]), wrap(sep.join(shown), wrap_width(lang, 24))])
    bars = dict(
        type="bar",
        orientation="h",
        x=values,
        y=labels,
        text=texts,
        textposition="outside",
        cliponaxis=False,
        marker=dict(color=[tint(c, 0.35) for c in colors], line=dict(color=colors, width=1.5)),
        customdata=custom,
        hovertemplate=(
            f"<b>%{{customdata[1]}}</b><br>{t('hover.facts', lang)}: %{{customdata[2]}}<br>"
            f"{t('hover.dataset', lang)}: %{{customdata[3]}}<extra></extra>"
        ),
        showlegend=False,
    )
    fig = FigureSpec().add_trace(bars)
    left = left_margin(labels)
    fig.update_xaxes(range=[0, room_for_labels([bars], low=0.0, high=max(values) * 1.1, left=left)], showticklabels=False, showgrid=False, zeroline=False, automargin=True,
                     title=dict(text=t("overview.axis", lang), font=dict(size=11)))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels, autorange="reversed", automargin=True)
    fig.update_layout(bargap=0.3)
    lines = sum(label.count("<br>") for label in labels)
    return finish(
        fig,
        lang=lang,
        catalog=catalog,
        title=t("overview.title", lang),
        subtitle=t("overview.subtitle_provinces" if grouped else "overview.subtitle", lang),
        description=t("overview.description", lang, regions=region_count, datasets=int(facts[Fact.DATASET].nunique()), facts=len(facts)),
        gap=GAP_TICKS_TITLE - 20,
        sources=source_files([facts]),
        left=left,
        legend=False,
        height=130 + 30 * len(labels) + 14 * lines,
    )
