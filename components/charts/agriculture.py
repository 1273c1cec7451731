"""Farming, jobs and science cooperation: one panel per unit, so each axis means one thing; one bar per region.

Which facts: metadata.json ``charts["agriculture"]`` (datasets and indicators).
Panels run in ``UNIT_ORDER``; a panel whose values span fifty times or
more uses a log axis.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.charts.figspec import subplots
from components.charts.marks import as_rows, bar_rows, by_largest, legend_traces, limit_regions, periods_shown, row_plan, row_px
from components.charts.style import (
    GAP_TICKS,
    compact,
    data_as_text,
    finish,
    key_note,
    left_margin,
    linear_ticks,
    log_range,
    no_data,
    room_for_labels,
    region_list,
    source_files,
)
from components.data.catalog import Catalog
from components.data.schema import UNITS, Fact
from components.text import t
from components.text.formatting import log_ticks

SLUG = "agriculture"
# Areas first, as the source reports them; every other unit of the vocabulary after.
UNIT_ORDER = ("mu", "count", "head", "jin", "CNY", "percent", "ratio", "year")


@data_as_text
def build_agriculture_figure(facts: pd.DataFrame, *, lang: str, catalog: Catalog) -> go.Figure:
    config = catalog.config(SLUG)
    frame = catalog.chart_facts(SLUG, facts)
    frame = frame[frame[Fact.VALUE] > 0]
    if frame.empty:
        return no_data(lang)
    limited = limit_regions(frame, catalog, lang, rank_by=config.rank_by)
    frame = limited.frame
    many = len(limited.regions) > 1
    present = set(frame[Fact.UNIT].astype(str))
    units = [u for u in (*UNIT_ORDER, *UNITS) if u in present]
    units = list(dict.fromkeys(units))
    by_unit: dict[str, list[dict]] = {}
    for row in as_rows(frame):
        by_unit.setdefault(row[Fact.UNIT], []).append(row)
    parts = [by_unit[unit] for unit in units]
    plans = [row_plan(part, lang, catalog, order=by_largest(part), periods=periods_shown(limited.regions)) for part in parts]
    built = [bar_rows(part, plan, limited.regions, lang, catalog) for part, plan in zip(parts, plans)]
    widest = max(w for _, _, w in built)
    # Panel height follows its rows and label lines, so wrapped labels never overlap.
    sizes = [len(plan) * row_px(widest, plan) / 46 * 2.4 + 1.2 for plan in plans]
    titles = [t("agri.panel", lang, unit=catalog.unit_name(u, lang)) for u in units]
    fig = subplots(len(units), row_heights=[s / sum(sizes) for s in sizes], vertical_spacing=min(0.09, 0.5 / len(units)), subplot_titles=titles)
    styles: set[str] = set()
    labels = [row.label for plan in plans for row in plan]
    left = left_margin(labels)
    for number, (part, plan, (traces, used, _)) in enumerate(zip(parts, plans, built), start=1):
        styles |= used
        for trace in traces + (legend_traces(limited.regions, lang, catalog) if number == 1 else []):
            fig.add_trace(trace, row=number, col=1)
        low, high = min(r[Fact.VALUE] for r in part), max(r[Fact.VALUE] for r in part)
        if high / low >= 50:
            tickvals, ticktext = log_ticks(low, high, lang=lang)
            start, end = log_range(low, high, pad_right=1.2 if many else 0.9)
            end = room_for_labels(traces, low=start, high=end, left=left, log=True)
            fig.update_xaxes(type="log", range=[start, end], tickvals=tickvals, ticktext=ticktext, row=number, col=1)
        else:
            top = room_for_labels(traces, low=0.0, high=high * (1.8 if many else 1.45), left=left)
            ticks = linear_ticks(top, 3)
            fig.update_xaxes(range=[0, top], tickvals=ticks, ticktext=[compact(v, lang) for v in ticks], row=number, col=1)
        fig.update_yaxes(type="category", categoryorder="array", categoryarray=[row.label for row in plan], autorange="reversed", row=number, col=1)
    fig.update_xaxes(automargin=True, tickfont=dict(size=10))
    fig.update_yaxes(automargin=True)
    fig.update_layout(barmode="overlay")
    fig.update_annotations(font=dict(size=12), xanchor="left", x=0)  # subplot titles, left-aligned
    shown = region_list(limited.regions, lang, catalog)
    notes = [limited.note, key_note(styles, lang)]
    return finish(
        fig,
        lang=lang,
        catalog=catalog,
        title=t("agri.title", lang),
        subtitle=t("chart.subtitle", lang, regions=shown, detail=t("agri.subtitle", lang)),
        description=t("agri.description", lang, regions=shown, count=len(frame), panels=len(units)),
        gap=GAP_TICKS + 14,  # log ticks may turn 30° on a phone
        sources=source_files([frame]),
        notes=notes,
        left=left,
        legend=many,
        legend_y=1.04,
        height=int(150 + 19 * sum(sizes) + 55 * len(units) + 40 * sum(1 for n in notes if n)),
    )
