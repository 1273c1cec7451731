"""The indicator explorer: any one indicator of the data for the regions of the view.

Several periods: a line per region over time (derived periods as open
markers). One period: a ranked bar chart, one bar per region. With many
regions (national data) the lines are the top and bottom ``LINE_EACH_END``
by the latest value with the median of every region, and the bars the top
and bottom ``BAR_EACH_END``; the chart says so. ``explorer_rows`` gives the
same numbers as rows for the table under the chart.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.charts.figspec import FigureSpec
from components.charts.marks import SYMBOLS, latest, limit_regions, median_trace, series_trace
from components.charts.style import (
    GAP_TICKS,
    GAP_TICKS_TITLE,
    bar_marker,
    compact,
    data_as_text,
    fact_customdata,
    fact_hovertemplate,
    fact_style,
    finish,
    left_margin,
    log_range,
    nice_ticks,
    no_data,
    room_for_labels,
    region_list,
    rows_of,
    source_files,
    value_text,
)
from components.data.catalog import Catalog
from components.data.schema import Fact
from components.text import t
from components.text.formatting import format_period, format_value, log_ticks

LINE_LIMIT, LINE_EACH_END = 8, 4  # lines drawn side by side; beyond, the top and bottom four and the median
BAR_LIMIT, BAR_EACH_END = 24, 10  # bars ranked; beyond, the top and bottom ten


def default_indicator(facts: pd.DataFrame, catalog: Catalog) -> str | None:
    """The indicator the explorer shows when none is chosen: the one most regions of the view have,
    then the one with the most periods, then the first by theme."""
    if not len(facts):
        return None
    grouped = facts.groupby(Fact.INDICATOR_ID, observed=True)
    table = pd.DataFrame({"regions": grouped[Fact.REGION_ID].nunique(), "periods": grouped[Fact.PERIOD].nunique()})
    order = {indicator: position for position, indicator in enumerate(catalog.indicators)}
    table["order"] = [order.get(str(i), len(order)) for i in table.index]
    table = table.sort_values(["regions", "periods", "order"], ascending=[False, False, True], kind="stable")
    return str(table.index[0]) if len(table) else None


def chosen_indicator(facts: pd.DataFrame, catalog: Catalog, requested: object) -> str | None:
    """A known requested indicator (even without facts in this view), else the default."""
    if isinstance(requested, str) and requested in catalog.indicators:
        return requested
    return default_indicator(facts, catalog)


def _selection(facts: pd.DataFrame, catalog: Catalog, lang: str, indicator: str):
    part = facts[facts[Fact.INDICATOR_ID] == indicator]
    lines = bool(len(part)) and int(part.groupby(Fact.REGION_ID, observed=True)[Fact.PERIOD].nunique().max()) > 1
    if lines:
        limited = limit_regions(part, catalog, lang, rank_by=indicator, limit=LINE_LIMIT, each_end=LINE_EACH_END)
    else:
        limited = limit_regions(part, catalog, lang, rank_by=indicator, limit=BAR_LIMIT, each_end=BAR_EACH_END)
    return part, lines, limited


def explorer_rows(facts: pd.DataFrame, catalog: Catalog, lang: str, requested: object) -> list[dict]:
    """The numbers the explorer draws, as table rows: {fact_id, region, period, value}, ranked or by region and period."""
    indicator = chosen_indicator(facts, catalog, requested)
    if indicator is None:
        return []
    part, lines, limited = _selection(facts, catalog, lang, indicator)
    frame = limited.frame
    if lines:
        rank = {r: i for i, r in enumerate(limited.regions)}
        frame = frame.assign(_rank=frame[Fact.REGION_ID].astype(str).map(rank)).sort_values(["_rank", Fact.PERIOD], kind="stable")
    else:
        frame = frame.sort_values(Fact.VALUE, ascending=False, kind="stable")
    return [
        {
            "fact_id": row[Fact.FACT_ID],
            "region": catalog.region(row[Fact.REGION_ID]).name(lang),
            "period": format_period(row[Fact.PERIOD], lang=lang),
            "value": value_text(row, lang),
        }
        for row in rows_of(frame)
    ]


@data_as_text
def build_indicator_figure(facts: pd.DataFrame, *, lang: str, catalog: Catalog, indicator: object = None) -> go.Figure:
    chosen = chosen_indicator(facts, catalog, indicator)
    if chosen is None:
        return no_data(lang)
    part, lines, limited = _selection(facts, catalog, lang, chosen)
    if part.empty:
        return no_data(lang)
    label = catalog.indicator(chosen)
    name = label.name(lang) if label else chosen
    unit = str(part[Fact.UNIT].iloc[0])
    frame = limited.frame
    fig = FigureSpec()
    shown = region_list(limited.regions, lang, catalog)
    if lines:
        periods = sorted(frame[Fact.PERIOD].astype(str).unique())
        for position, region_id in enumerate(limited.regions):
            rows = rows_of(frame[frame[Fact.REGION_ID] == region_id].sort_values(Fact.PERIOD))
            fig.add_trace(series_trace(rows, name=catalog.region(region_id).short(lang), color=catalog.region(region_id).color, dash="solid",
                                       lang=lang, catalog=catalog, labels=[name] * len(rows), extras=[""] * len(rows),
                                       label_points="all" if len(limited.regions) <= 2 else "last", legendgroup=region_id,
                                       symbol=SYMBOLS[position % len(SYMBOLS)]))
        if limited.ranked:
            median = median_trace(part, name=t("median.name", lang, series=label.short(lang) if label else name), lang=lang, unit=unit)
            if median:
                fig.add_trace(median)
        fig.update_xaxes(type="category", categoryorder="array", categoryarray=[format_period(p, lang=lang) for p in periods], automargin=True)
        low, high = float(frame[Fact.VALUE].min()), float(frame[Fact.VALUE].max())
        bottom = 0.0 if low >= 0 else low * 1.1
        ticks = nice_ticks(bottom, high * 1.08)
        # Ticks written as the labels are ("1200亿", not plotly's "120B").
        fig.update_yaxes(automargin=True, range=[bottom, high * 1.12], tickvals=ticks, ticktext=[compact(v, lang) for v in ticks],
                         title=dict(text=catalog.unit_name(unit, lang), font=dict(size=11)))
        kind, gap, height, left = "explorer.lines", GAP_TICKS, 460 + 18 * len(limited.regions), 10
    else:
        ranked = latest(frame).sort_values([Fact.VALUE, Fact.REGION_ID], ascending=[False, True], kind="stable")
        rows = rows_of(ranked)
        names = [catalog.region(r[Fact.REGION_ID]).short(lang) for r in rows]
        colors = [catalog.region(r[Fact.REGION_ID]).color for r in rows]
        bars = dict(
            type="bar", orientation="h", x=[r[Fact.VALUE] for r in rows], y=names, name=name,
            marker=bar_marker([fact_style(r) for r in rows], colors), text=[value_text(r, lang) for r in rows], textposition="outside",
            cliponaxis=False, customdata=fact_customdata(rows, lang, catalog, [name] * len(rows)), hovertemplate=fact_hovertemplate(lang),
            showlegend=False,
        )
        fig.add_trace(bars)
        low, high = float(ranked[Fact.VALUE].min()), float(ranked[Fact.VALUE].max())
        if low > 0 and high / low >= 100:
            tickvals, ticktext = log_ticks(low, high, lang=lang)
            start, end = log_range(low, high, pad_right=0.8)
            end = room_for_labels([bars], low=start, high=end, left=left_margin(names), log=True)
            fig.update_xaxes(type="log", range=[start, end], tickvals=tickvals, ticktext=ticktext)
        else:
            start = min(0.0, low * 1.3)
            end = room_for_labels([bars], low=start, high=max(high, 0) * 1.35 or 1, left=left_margin(names))
            fig.update_xaxes(range=[start, end])
        fig.update_xaxes(automargin=True, title=dict(text=catalog.unit_name(unit, lang), font=dict(size=11)))
        fig.update_yaxes(type="category", categoryorder="array", categoryarray=names, autorange="reversed", automargin=True)
        kind, gap, height, left = "explorer.bars", GAP_TICKS_TITLE, 170 + 34 * len(rows), left_margin(names)
    low, high = float(part[Fact.VALUE].min()), float(part[Fact.VALUE].max())
    return finish(
        fig,
        lang=lang,
        catalog=catalog,
        title=t("explorer.title", lang, indicator=name),
        subtitle=t("chart.subtitle", lang, regions=shown, detail=t(kind, lang)),
        description=t(
            "explorer.description", lang, indicator=name, regions=shown, count=len(frame),
            low=format_value(low, unit, "exact", lang=lang), high=format_value(high, unit, "exact", lang=lang),
        ),
        gap=gap,
        sources=source_files([frame]),
        notes=[limited.note],
        left=left,
        legend=lines and len(limited.regions) > 1,
        height=height,
    )
