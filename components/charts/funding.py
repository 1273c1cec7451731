"""Talent funding tiers: the amounts of a funding policy as bars on a log axis, one bar per region.

Which facts: metadata.json ``charts["funding-tiers"]`` (its datasets and
indicators; ``unit`` the amounts' unit, ``context`` the pools drawn as
context, not as amounts paid). The rows run from the context pools to the
largest amount and down; an indicator stated for two periods (a cap raised
from 300万 to 600万) gets a row per period, the earlier as an outline saying
how that region's amount changed. Facts of the selection in other units (a
share of the contract funds) become a note.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.charts.figspec import FigureSpec
from components.charts.marks import as_rows, bar_rows, by_largest, legend_traces, limit_regions, periods_shown, row_plan, row_px
from components.charts.style import (
    GAP_TICKS_TITLE,
    data_as_text,
    finish,
    indicator_label,
    key_note,
    left_margin,
    log_range,
    room_for_labels,
    no_data,
    region_list,
    rows_of,
    source_files,
    value_text,
)
from components.data.catalog import Catalog
from components.data.schema import Fact
from components.text import t
from components.text.formatting import format_period, format_value, log_ticks

SLUG = "funding-tiers"


def other_units_note(others: pd.DataFrame, lang: str, catalog: Catalog, many: bool) -> str:
    """"未画在数值轴上(单位不同):…" listing each fact with its region when several are shown."""
    if not len(others):
        return ""
    items = []
    for row in rows_of(others):
        text = t("note.fact", lang, indicator=indicator_label(row, lang, catalog), value=value_text(row, lang), period=format_period(row[Fact.PERIOD], lang=lang))
        items.append(t("note.of_region", lang, region=catalog.region(row[Fact.REGION_ID]).short(lang), text=text) if many else text)
    return t("note.not_on_axis", lang, items=("；" if lang == "zh" else "; ").join(items))


@data_as_text
def build_funding_tiers_figure(facts: pd.DataFrame, *, lang: str, catalog: Catalog) -> go.Figure:
    config = catalog.config(SLUG)
    frame = catalog.chart_facts(SLUG, facts)
    unit = config.unit or "CNY"
    amounts = frame[(frame[Fact.UNIT] == unit) & (frame[Fact.VALUE] > 0)]
    if amounts.empty:
        return no_data(lang)
    limited = limit_regions(amounts, catalog, lang, rank_by=config.rank_by)
    amounts = limited.frame
    others = frame.drop(frame.index[frame[Fact.UNIT] == unit])
    others = others[others[Fact.REGION_ID].isin(limited.regions).to_numpy(dtype=bool)]
    many = len(limited.regions) > 1

    # Largest amount first, as each indicator's latest value across regions.
    rows = as_rows(amounts)
    plan = row_plan(rows, lang, catalog, order=by_largest(rows), context=config.context, periods=periods_shown(limited.regions))
    traces, styles, widest = bar_rows(rows, plan, limited.regions, lang, catalog)
    fig = FigureSpec()
    for trace in traces + legend_traces(limited.regions, lang, catalog):
        fig.add_trace(trace)
    low, high = amounts[Fact.VALUE].min(), amounts[Fact.VALUE].max()
    tickvals, ticktext = log_ticks(low, high, lang=lang)
    labels = [row.label for row in plan]
    start, end = log_range(low, high, pad_right=1.3 if many else 1.1)
    end = room_for_labels(traces, low=start, high=end, left=left_margin(labels), log=True)
    fig.update_xaxes(
        type="log", range=[start, end], tickvals=tickvals, ticktext=ticktext,
        title=dict(text=t("funding.axis", lang, unit=catalog.unit_name(unit, lang)), font=dict(size=11)), automargin=True,
    )
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels, autorange="reversed", automargin=True)
    fig.update_layout(barmode="overlay", bargap=0.3)
    contexts = sum(row.context for row in plan)
    if contexts and contexts < len(plan):
        # A rule between the context pools and the amounts paid out.
        fig.add_shape(type="line", xref="paper", x0=0, x1=1, yref="y", y0=contexts - 0.5, y1=contexts - 0.5, line=dict(color="#999999", width=1, dash="dot"))
    notes = [limited.note, key_note(styles, lang), other_units_note(others, lang, catalog, many)]
    shown = region_list(limited.regions, lang, catalog)
    return finish(
        fig,
        lang=lang,
        catalog=catalog,
        legend=many,
        title=t("funding.title", lang),
        subtitle=t("chart.subtitle", lang, regions=shown, detail=t("funding.subtitle", lang, unit=catalog.unit_name(unit, lang))),
        description=t(
            "funding.description", lang, regions=shown, count=len(amounts),
            low=format_value(low, unit, "exact", lang=lang), high=format_value(high, unit, "exact", lang=lang),
        ),
        gap=GAP_TICKS_TITLE,
        sources=source_files([amounts, others]),
        notes=notes,
        left=left_margin(labels),
        height=150 + len(plan) * row_px(widest, plan) + 40 * sum(1 for n in notes if n),
    )

