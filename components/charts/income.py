"""Incomes and fiscal revenue: panels of series (levels with their growth rates, a ratio), one line or bar per region.

Which facts: metadata.json ``charts["income-growth"]["panels"]``: each panel
lists series, each an indicator with an optional growth-rate indicator whose
value of the same region and period is shown with the level. A series with
several periods in a region is a line over time (derived periods as open
markers); a panel whose series have one period each is drawn as bars, one
per region. Every label, hover and the description come from the facts of
the region and period they stand for.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.charts.figspec import subplots
from components.charts.marks import (
    SYMBOLS,
    as_rows,
    bar_rows,
    legend_traces,
    limit_regions,
    median_trace,
    periods_shown,
    row_plan,
    row_px,
    series_trace,
)
from components.charts.style import (
    GAP_TICKS,
    compact,
    data_as_text,
    finish,
    key_note,
    left_margin,
    linear_ticks,
    nice_ticks,
    no_data,
    region_list,
    value_text,
)
from components.data.catalog import Catalog
from components.data.chartconfig import Panel
from components.data.schema import Fact
from components.text import t
from components.text.formatting import format_period

SLUG = "income-growth"
DASHES = ("solid", "dot", "dash", "dashdot")


def _growth_lookup(rows: list[dict]) -> dict[tuple[str, str, str], dict]:
    """(region, indicator, period) -> fact, for the growth rates shown with levels."""
    return {(r[Fact.REGION_ID], r[Fact.INDICATOR_ID], str(r[Fact.PERIOD])): r for r in rows}


def _growth_text(row: dict, growth: str | None, lookup: dict, lang: str) -> str:
    """"增长3.8%" from the growth fact of the same region and period, or ""."""
    match = lookup.get((row[Fact.REGION_ID], growth, str(row[Fact.PERIOD]))) if growth else None
    return t("change.growth", lang, rate=value_text(match, lang)) if match else ""


def _series_rows(rows: list[dict]) -> dict[tuple[str, str], list[dict]]:
    """(region, indicator) -> its facts by period: every line and label reads its own region's series."""
    series: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        series.setdefault((row[Fact.REGION_ID], row[Fact.INDICATOR_ID]), []).append(row)
    for facts in series.values():
        facts.sort(key=lambda row: str(row[Fact.PERIOD]))
    return series


def _changes(series_rows: dict, panel: Panel, regions: tuple[str, ...], lang: str, catalog: Catalog) -> list[str]:
    """Per region and series with several periods: "环江:城乡收入比由2.68倍降至2.56倍", from that region's own facts."""
    changes = []
    for region_id in regions:
        for series in panel.series:
            rows = series_rows.get((region_id, series.indicator), [])
            if len(rows) >= 2:
                first, last = rows[0], rows[-1]
                key = "income.change_down" if last[Fact.VALUE] < first[Fact.VALUE] else "income.change_up"
                changes.append(t(key, lang, region=catalog.region(region_id).short(lang), series=series.label(lang),
                                 start=value_text(first, lang), end=value_text(last, lang),
                                 since=format_period(first[Fact.PERIOD], lang=lang), until=format_period(last[Fact.PERIOD], lang=lang)))
    return changes


@data_as_text
def build_income_growth_figure(facts: pd.DataFrame, *, lang: str, catalog: Catalog) -> go.Figure:
    config = catalog.config(SLUG)
    frame = catalog.chart_facts(SLUG, facts)
    level_ids = [s.indicator for panel in config.panels for s in panel.series]
    levels = frame[frame[Fact.INDICATOR_ID].isin(level_ids).to_numpy(dtype=bool)]
    panels = [p for p in config.panels if levels[Fact.INDICATOR_ID].isin([s.indicator for s in p.series]).any()]
    if not panels:
        return no_data(lang)
    limited = limit_regions(levels, catalog, lang, rank_by=config.rank_by)
    regions = limited.regions
    many = len(regions) > 1
    drawn = as_rows(limited.frame)
    series_rows = _series_rows(drawn)
    others = as_rows(frame[frame[Fact.REGION_ID].isin(regions).to_numpy(dtype=bool) & ~frame[Fact.INDICATOR_ID].isin(level_ids).to_numpy(dtype=bool)])
    growths = _growth_lookup(others)
    fig = subplots(len(panels), row_heights=[1 / len(panels)] * len(panels), vertical_spacing=min(0.12, 0.36 / len(panels)), subplot_titles=[p.title(lang) for p in panels])
    styles: set[str] = set()
    labels: list[str] = []
    lines_drawn = derived_shown = False
    widest = 1
    dashes_used: dict[str, str] = {}
    for number, panel in enumerate(panels, start=1):
        indicators = [s.indicator for s in panel.series]
        part = [row for row in drawn if row[Fact.INDICATOR_ID] in indicators]
        derived_shown |= any(bool(row[Fact.DERIVED]) for row in part)
        if any(len(series_rows.get((r, i), ())) > 1 for r in regions for i in indicators):
            lines_drawn = True
            periods = sorted({str(row[Fact.PERIOD]) for row in part})
            for position, series in enumerate(panel.series):
                for region_id in regions:
                    rows = series_rows.get((region_id, series.indicator), [])
                    if not rows:
                        continue
                    name = f"{catalog.region(region_id).short(lang)} · {series.label(lang)}" if many else series.label(lang)
                    extras = [_growth_text(r, series.growth, growths, lang) for r in rows]
                    trace = series_trace(rows, name=name, color=catalog.region(region_id).color, dash=DASHES[position % len(DASHES)], lang=lang,
                                         catalog=catalog, labels=[series.label(lang)] * len(rows), extras=extras,
                                         label_points="last" if many else "all", legendgroup=region_id,
                                         symbol=SYMBOLS[regions.index(region_id) % len(SYMBOLS)])
                    if many:
                        # Beside the last point: labels of close lines stacked above them would collide.
                        trace["textposition"] = "middle right"
                    # The legend names regions (colour) and series (dash) once each, below.
                    fig.add_trace(dict(trace, showlegend=False), row=number, col=1)
                    if len(panel.series) > 1:
                        dashes_used[series.label(lang)] = DASHES[position % len(DASHES)]
                if limited.ranked:
                    # The median of every region of the view, not only those drawn.
                    everyone = levels[(levels[Fact.INDICATOR_ID] == series.indicator).to_numpy(dtype=bool)]
                    median = median_trace(everyone, name=t("median.name", lang, series=series.label(lang)), lang=lang,
                                          unit=str(everyone[Fact.UNIT].iloc[0])) if len(everyone) else None
                    if median:
                        fig.add_trace(median, row=number, col=1)
            low, high = min(float(r[Fact.VALUE]) for r in part), max(float(r[Fact.VALUE]) for r in part)
            span = max(high - low, abs(high) * 0.05, 0.1)
            bottom = max(0.0, low - 0.6 * span) if low >= 0 else low - 0.6 * span
            # Ticks written as the labels are ("3万", not plotly's "30k").
            ticks = nice_ticks(bottom, high + 0.6 * span)
            fig.update_yaxes(range=[bottom, high + 0.6 * span], tickvals=ticks, ticktext=[compact(v, lang) for v in ticks], row=number, col=1)
            fig.update_xaxes(type="category", categoryorder="array", categoryarray=[format_period(p, lang=lang) for p in periods],
                             range=[-0.4, len(periods) - (0.1 if many else 0.6)], row=number, col=1)
        else:
            names = {s.indicator: s.label(lang) for s in panel.series}
            plan = row_plan(part, lang, catalog, order=indicators, names=names, periods=periods_shown(limited.regions))
            growth_of = {s.indicator: s.growth for s in panel.series}
            traces, used, most = bar_rows(part, plan, regions, lang, catalog, extra_text=lambda row: _growth_text(row, growth_of.get(row[Fact.INDICATOR_ID]), growths, lang))
            styles |= used
            widest = max(widest, most)
            labels += [row.label for row in plan]
            for trace in traces:
                fig.add_trace(trace, row=number, col=1)
            top = max(float(r[Fact.VALUE]) for r in part) * (1.9 if many else 1.6)
            ticks = linear_ticks(top, 3)
            fig.update_xaxes(range=[0, top], tickvals=ticks, ticktext=[compact(v, lang) for v in ticks], row=number, col=1)
            fig.update_yaxes(type="category", categoryorder="array", categoryarray=[row.label for row in plan], autorange="reversed", row=number, col=1)
    legend = legend_traces(regions, lang, catalog) if many else []
    if dashes_used:
        legend += [
            dict(type="scatter", mode="lines", x=[None], y=[None], name=label, line=dict(color="#555555", width=2, dash=dash), hoverinfo="skip")
            for label, dash in dashes_used.items()
        ]
    for trace in legend:
        fig.add_trace(trace, row=1, col=1)
    fig.update_xaxes(automargin=True, tickangle=0)
    fig.update_yaxes(automargin=True)
    fig.update_layout(barmode="overlay")
    fig.update_annotations(font=dict(size=12), xanchor="left", x=0)  # subplot titles, left-aligned
    notes = [limited.note, key_note(styles, lang), t("key.derived_points", lang) if lines_drawn and derived_shown else ""]
    shown = region_list(regions, lang, catalog)
    # The description names how each drawn series changed, region by region (the first few).
    changes = [c for panel in panels for c in _changes(series_rows, panel, regions, lang, catalog)][:12]
    return finish(
        fig,
        lang=lang,
        catalog=catalog,
        title=t("income.title", lang),
        subtitle=t("chart.subtitle", lang, regions=shown, detail=t("income.subtitle", lang)),
        description=t("income.description", lang, regions=shown, count=len(drawn), changes=("；" if lang == "zh" else "; ").join(changes) or "–"),
        gap=GAP_TICKS,
        sources=sorted({str(row[Fact.SOURCE_FILE]) for row in drawn + others}),
        notes=notes,
        legend=bool(legend),
        legend_y=1.06,  # above the first subplot title
        left=left_margin(labels) if labels else 10,
        height=int(190 + len(panels) * max(210, 60 + 1.3 * row_px(widest) * 2) + 25 * (len(regions) if lines_drawn else 0) + 30 * sum(1 for n in notes if n)),
    )
