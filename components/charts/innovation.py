"""Innovation shares: a set of shares (percent) as bars against a reference line, one bar per region.

Which facts: metadata.json ``charts["innovation-points"]``: ``indicators``
the shares drawn as bars (in this order), ``notes`` the facts stated under
the chart (participations, growth), ``reference`` the line (the "four
90%").
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.charts.figspec import FigureSpec
from components.charts.marks import bar_rows, legend_traces, limit_regions, periods_shown, row_plan, row_px
from components.charts.style import (
    GAP_TICKS_TITLE,
    data_as_text,
    finish,
    indicator_label,
    key_note,
    left_margin,
    no_data,
    region_list,
    room_for_labels,
    rows_of,
    source_files,
    value_text,
)
from components.data.catalog import Catalog
from components.data.schema import Fact
from components.text import t
from components.text.formatting import format_period

SLUG = "innovation-points"


def fact_notes(frame: pd.DataFrame, lang: str, catalog: Catalog, many: bool) -> list[str]:
    """One note per fact: "张家港:参与积分企业家次 5962(2016—2020年)"."""
    notes = []
    for row in rows_of(frame):
        text = t("note.fact", lang, indicator=indicator_label(row, lang, catalog), value=value_text(row, lang), period=format_period(row[Fact.PERIOD], lang=lang))
        notes.append(t("note.of_region", lang, region=catalog.region(row[Fact.REGION_ID]).short(lang), text=text) if many else text)
    return notes


@data_as_text
def build_innovation_points_figure(facts: pd.DataFrame, *, lang: str, catalog: Catalog) -> go.Figure:
    config = catalog.config(SLUG)
    frame = catalog.chart_facts(SLUG, facts)
    order = [i for i in config.indicators if i not in config.notes]
    unit = config.unit or "percent"
    shares = frame[frame[Fact.INDICATOR_ID].isin(order).to_numpy(dtype=bool) & (frame[Fact.UNIT] == unit).to_numpy(dtype=bool)]
    if shares.empty:
        return no_data(lang)
    limited = limit_regions(shares, catalog, lang, rank_by=config.rank_by)
    shares = limited.frame
    many = len(limited.regions) > 1
    plan = row_plan(shares, lang, catalog, order=order, periods=periods_shown(limited.regions))
    traces, styles, widest = bar_rows(shares, plan, limited.regions, lang, catalog)
    fig = FigureSpec()
    for trace in traces + legend_traces(limited.regions, lang, catalog):
        fig.add_trace(trace)
    labels = [row.label for row in plan]
    top = max(100.0, float(shares[Fact.VALUE].max()))
    if config.reference is not None:
        fig.add_vline(x=config.reference.value, line=dict(color="#555555", width=1, dash="dot"))
        fig.add_annotation(
            x=config.reference.value, y=1, xref="x", yref="paper", yanchor="bottom", text=config.reference.label(lang),
            showarrow=False, font=dict(size=10, color="#555555"),
        )
    fig.update_xaxes(
        range=[0, room_for_labels(traces, low=0.0, high=top * (1.3 if many else 1.18), left=left_margin(labels))], tickvals=[0, 25, 50, 75, 100], ticksuffix="%",
        title=dict(text=t("innov.axis", lang), font=dict(size=11)), automargin=True,
    )
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels, autorange="reversed", automargin=True)
    fig.update_layout(barmode="overlay", bargap=0.35)
    noted = frame[frame[Fact.INDICATOR_ID].isin(list(config.notes)).to_numpy(dtype=bool) & frame[Fact.REGION_ID].isin(limited.regions).to_numpy(dtype=bool)]
    notes = [limited.note, key_note(styles, lang), *fact_notes(noted, lang, catalog, many)]
    shown = region_list(limited.regions, lang, catalog)
    values = ("、" if lang == "zh" else ", ").join(
        f"{catalog.region(r[Fact.REGION_ID]).short(lang)} {value_text(r, lang)}" if many else value_text(r, lang) for r in rows_of(shares)
    )
    return finish(
        fig,
        lang=lang,
        catalog=catalog,
        legend=many,
        title=t("innov.title", lang),
        subtitle=t("chart.subtitle", lang, regions=shown, detail=t("innov.subtitle", lang)),
        description=t("innov.description", lang, regions=shown, shares=values),
        gap=GAP_TICKS_TITLE,
        sources=source_files([shares, noted]),
        notes=notes,
        left=left_margin(labels),
        height=170 + len(plan) * (row_px(widest, plan) + 14) + 22 * sum(1 for n in notes if n),
    )
