"""Digitalisation counts: the counts of a digitalisation theme on one log axis, one bar per region.

Which facts: metadata.json ``charts["digitalization"]`` (datasets and
indicators; ``unit`` the unit that shares the axis, counts for the curated
data). Facts of the selection in other units (an industry's scale in yuan,
a doubling) are listed in a note.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.charts.figspec import FigureSpec
from components.charts.funding import other_units_note
from components.charts.marks import as_rows, bar_rows, by_largest, legend_traces, limit_regions, periods_shown, row_plan, row_px
from components.charts.style import GAP_TICKS_TITLE, data_as_text, finish, key_note, left_margin, log_range, no_data, room_for_labels, region_list, source_files
from components.data.catalog import Catalog
from components.data.schema import Fact
from components.text import t
from components.text.formatting import format_value, log_ticks

SLUG = "digitalization"


@data_as_text
def build_digitalization_figure(facts: pd.DataFrame, *, lang: str, catalog: Catalog) -> go.Figure:
    config = catalog.config(SLUG)
    frame = catalog.chart_facts(SLUG, facts)
    unit = config.unit or "count"
    counts = frame[(frame[Fact.UNIT] == unit) & (frame[Fact.VALUE] > 0)]
    if counts.empty:
        return no_data(lang)
    limited = limit_regions(counts, catalog, lang, rank_by=config.rank_by)
    counts = limited.frame
    others = frame.drop(frame.index[frame[Fact.UNIT] == unit])
    others = others[others[Fact.REGION_ID].isin(limited.regions).to_numpy(dtype=bool)]
    many = len(limited.regions) > 1
    rows = as_rows(counts)
    plan = row_plan(rows, lang, catalog, order=by_largest(rows), periods=periods_shown(limited.regions))
    traces, styles, widest = bar_rows(rows, plan, limited.regions, lang, catalog)
    fig = FigureSpec()
    for trace in traces + legend_traces(limited.regions, lang, catalog):
        fig.add_trace(trace)
    low, high = counts[Fact.VALUE].min(), counts[Fact.VALUE].max()
    tickvals, ticktext = log_ticks(low, high, lang=lang)
    labels = [row.label for row in plan]
    start, end = log_range(low, high, pad_right=1.1 if many else 0.8)
    end = room_for_labels(traces, low=start, high=end, left=left_margin(labels), log=True)
    fig.update_xaxes(
        type="log", range=[start, end], tickvals=tickvals, ticktext=ticktext,
        title=dict(text=t("digi.axis", lang, unit=catalog.unit_name(unit, lang)), font=dict(size=11)), automargin=True,
    )
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels, autorange="reversed", automargin=True)
    fig.update_layout(barmode="overlay", bargap=0.25)
    notes = [limited.note, key_note(styles, lang), other_units_note(others, lang, catalog, many)]
    shown = region_list(limited.regions, lang, catalog)
    return finish(
        fig,
        lang=lang,
        catalog=catalog,
        legend=many,
        title=t("digi.title", lang),
        subtitle=t("chart.subtitle", lang, regions=shown, detail=t("digi.subtitle", lang)),
        description=t(
            "digi.description", lang, regions=shown, count=len(counts),
            low=format_value(low, unit, "exact", lang=lang), high=format_value(high, unit, "exact", lang=lang),
        ),
        gap=GAP_TICKS_TITLE,
        sources=source_files([counts, others]),
        notes=notes,
        left=left_margin(labels),
        height=160 + len(plan) * row_px(widest, plan) + 45 * sum(1 for n in notes if n),
    )
