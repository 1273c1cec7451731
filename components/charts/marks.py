"""Regions side by side: grouped bars in rows, lines over time, and what to draw when regions are many.

Every themed chart compares regions the same way:

* ``limit_regions``: up to ``MAX_COMPARED`` regions are drawn side by side;
  beyond that the chart ranks them by one indicator and draws the top and
  bottom ``RANK_EACH_END``, and says so;
* ``bar_rows``: bars in rows (one row per indicator and period), one bar per
  region in each row, every region's bars in the same place and colour in
  every row (one trace per region, placed with explicit offsets, so a row
  with one region has no empty slots for the others), the latest period of
  an indicator in its own row and earlier periods as outlines under it;
* ``series_lines``: one line per region (and series) over periods, derived
  points as open markers, with a median line when regions were left out.

Each mark's text, hover and customdata are computed from its own fact only.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.charts.style import (
    CONTEXT,
    EARLIER,
    bar_marker,
    fact_customdata,
    fact_hovertemplate,
    fact_style,
    indicator_label,
    label_px,
    rows_of,
    value_text,
    wrap,
    wrap_width,
)
from components.data.catalog import Catalog
from components.data.regions import NEUTRAL_COLOR
from components.data.schema import Fact
from components.text import t
from components.text.formatting import format_number, format_period

MAX_COMPARED = 6  # regions a themed chart draws side by side
RANK_EACH_END = 3  # beyond that: the top and the bottom three
ROW_SPAN = 0.8  # of a category row, taken by its bars together


# --- many regions ---------------------------------------------------------------


def latest(frame: pd.DataFrame) -> pd.DataFrame:
    """Each (region, indicator)'s fact of the latest period."""
    if not len(frame):
        return frame
    ordered = frame.sort_values(Fact.PERIOD, kind="stable")
    return ordered.drop_duplicates([Fact.REGION_ID, Fact.INDICATOR_ID], keep="last")


def rank_indicator(frame: pd.DataFrame, preferred: str | None) -> str | None:
    """The indicator that ranks regions: ``preferred`` when the view has it, else the one most regions have."""
    if not len(frame):
        return None
    if preferred and (frame[Fact.INDICATOR_ID] == preferred).any():
        return preferred
    counts = frame.groupby(Fact.INDICATOR_ID, observed=True)[Fact.REGION_ID].nunique()
    return str(counts.idxmax()) if len(counts) else None


@dataclass(frozen=True)
class Limited:
    """The facts of the regions a chart draws, and what it says about the others."""

    frame: pd.DataFrame
    regions: tuple[str, ...]  # drawn, in the catalog's order
    total: int  # regions the view had data for
    note: str = ""  # "共N个地区,显示…最高和最低的各3个" when some were left out

    @property
    def ranked(self) -> bool:
        return len(self.regions) < self.total


def limit_regions(frame: pd.DataFrame, catalog: Catalog, lang: str, *, rank_by: str | None = None, limit: int = MAX_COMPARED, each_end: int = RANK_EACH_END) -> Limited:
    """At most ``limit`` regions: all of them, or the top and bottom ``each_end`` by one indicator's latest value."""
    present = frame[Fact.REGION_ID].astype(str).unique().tolist() if len(frame) else []
    if len(present) <= limit:
        return Limited(frame, tuple(catalog.ordered(present)), len(present))
    indicator = rank_indicator(frame, rank_by)
    values = latest(frame[frame[Fact.INDICATOR_ID] == indicator])
    ranked = values.sort_values([Fact.VALUE, Fact.REGION_ID], ascending=[False, True], kind="stable")[Fact.REGION_ID].astype(str).tolist()
    kept = ranked[:each_end] + [r for r in ranked[-each_end:] if r not in ranked[:each_end]]
    label = catalog.indicator(indicator)
    metric = label.short(lang) if label else str(indicator)
    note = t("rank.note", lang, total=len(present), each=each_end, metric=metric)
    if len(ranked) < len(present):
        note += t("rank.missing", lang, count=len(present) - len(ranked))
    rows = frame[frame[Fact.REGION_ID].isin(kept).to_numpy(dtype=bool)]
    # Drawn in rank order (highest first), which is what the note says.
    return Limited(rows, tuple(kept), len(present), note)


def periods_shown(regions: tuple[str, ...]) -> int:
    """Periods of an indicator a bar chart draws: the latest and the one before for up to two regions, else the latest."""
    return 2 if len(regions) <= 2 else 1


def row_px(widest: int, plan: list[BarRow] = ()) -> int:
    """Height of one category row holding ``widest`` bars: every bar keeps a readable thickness.

    plotly gives every category the same height, so the row also holds the
    plan's longest wrapped label (15 px a line).
    """
    lines = max((row.label.count("<br>") + 1 for row in plan), default=1)
    return max(30 + 16 * max(1, widest), 15 * lines + 12)


# --- bars in rows ------------------------------------------------------------------


@dataclass(frozen=True)
class BarRow:
    """One category row: an indicator in one period (``earlier`` when a later period has its own row)."""

    indicator: str
    period: str
    label: str
    earlier: bool
    context: bool


def as_rows(facts) -> list[dict]:
    """A frame's facts as row dicts (charts.style.rows_of), or the rows as they are.

    Past the selection of regions, a chart holds a few dozen facts: plain
    dicts are faster to group and look up than pandas selections (each costs
    a copy of every column).
    """
    return facts if isinstance(facts, list) else rows_of(facts)


def latest_rows(facts) -> list[dict]:
    """Each (region, indicator)'s fact of the latest period, in first-seen order."""
    best: dict[tuple, dict] = {}
    for row in as_rows(facts):
        key = (row[Fact.REGION_ID], row[Fact.INDICATOR_ID])
        if key not in best or str(row[Fact.PERIOD]) > str(best[key][Fact.PERIOD]):
            best[key] = row
    return list(best.values())


def by_largest(facts) -> list[str]:
    """Indicator ids by the largest latest value of any region, largest first."""
    tops: dict[str, float] = {}
    for row in latest_rows(facts):
        tops[row[Fact.INDICATOR_ID]] = max(tops.get(row[Fact.INDICATOR_ID], float("-inf")), row[Fact.VALUE])
    return sorted(tops, key=lambda indicator: -tops[indicator])


# Row labels wrap at about 9 Chinese characters (18 Latin ones): on a phone
# they leave the bars about half the chart's width.
ROW_LABEL_CHARS_ZH = 9


def row_plan(
    frame,
    lang: str,
    catalog: Catalog,
    *,
    order: list[str],
    context: tuple[str, ...] = (),
    width: float = ROW_LABEL_CHARS_ZH,
    periods: int = 2,
    names: dict[str, str] | None = None,
) -> list[BarRow]:
    """The rows, top to bottom: context indicators, then ``order``; each indicator's newest periods first.

    An indicator with several periods gets a row per period, labelled with
    it, the latest at most ``periods`` of them; one period alone is a row
    labelled by the indicator only (the period shows in its hover).
    ``names`` may name an indicator's rows (a role's label) instead of its short name.
    """
    grouped: dict[str, list[dict]] = {}
    for fact in as_rows(frame):
        grouped.setdefault(fact[Fact.INDICATOR_ID], []).append(fact)
    rows: list[BarRow] = []
    for indicator in [*[i for i in context if i in order], *[i for i in order if i not in context]]:
        part = grouped.get(indicator)
        if not part:
            continue
        name = (names or {}).get(indicator) or indicator_label(part[0], lang, catalog)
        shown = sorted({str(fact[Fact.PERIOD]) for fact in part}, reverse=True)[:periods]
        for position, period in enumerate(shown):
            label = name if len(shown) == 1 else f"{name}({format_period(period, lang=lang)})" if lang == "zh" else f"{name} ({format_period(period, lang=lang)})"
            rows.append(BarRow(indicator, period, wrap(label, wrap_width(lang, width)), position > 0, indicator in context))
    return rows


@dataclass
class _RegionBars:
    x: list
    y: list
    offsets: list
    rows: list
    styles: list
    texts: list
    extras: list


def bar_rows(
    frame,
    plan: list[BarRow],
    regions: tuple[str, ...],
    lang: str,
    catalog: Catalog,
    *,
    extra_text=None,
) -> tuple[list[dict], set[str], int]:
    """(traces, bar styles used, most bars in a row) for the rows of ``plan``, one trace per region.

    ``extra_text(row)`` may add to a bar's label and hover (e.g. a growth rate).
    A bar of an earlier period says how its region's value changed by the
    next period shown, from that region's own facts.
    """
    by_key = {}
    for row in as_rows(frame):
        by_key[(row[Fact.REGION_ID], row[Fact.INDICATOR_ID], str(row[Fact.PERIOD]))] = row
    per_row = [[r for r in regions if (r, bar.indicator, bar.period) in by_key] for bar in plan]
    widest = max((len(present) for present in per_row), default=1) or 1
    width = ROW_SPAN / widest
    many = len(regions) > 1
    bars = {r: _RegionBars([], [], [], [], [], [], []) for r in regions}
    for bar, present in zip(plan, per_row):
        start = -width * len(present) / 2
        for position, region_id in enumerate(present):
            row = by_key[(region_id, bar.indicator, bar.period)]
            style = CONTEXT if bar.context else EARLIER if bar.earlier else fact_style(row)
            text = value_text(row, lang)
            extra = extra_text(row) if extra_text else ""
            if bar.earlier:
                extra = _change_text(row, by_key, plan, lang) or extra
            label = t("bar.label", lang, region=catalog.region(region_id).short(lang), value=text) if many else text
            into = bars[region_id]
            into.x.append(row[Fact.VALUE])
            into.y.append(bar.label)
            into.offsets.append(start + position * width)
            into.rows.append(row)
            into.styles.append(style)
            into.texts.append(_with_extra(label, extra))
            into.extras.append(extra)
    traces, styles = [], set()
    hover = fact_hovertemplate(lang)
    for region_id in regions:
        into = bars[region_id]
        if not into.x:
            continue
        color = catalog.region(region_id).color
        name = catalog.region(region_id).short(lang)
        styles.update(into.styles)
        traces.append(
            dict(
                type="bar",
                orientation="h",
                x=into.x,
                y=into.y,
                offset=into.offsets,
                width=[width] * len(into.x),
                name=name,
                marker=bar_marker(into.styles, [color] * len(into.x)),
                text=into.texts,
                textposition="outside",
                cliponaxis=False,
                customdata=fact_customdata(into.rows, lang, catalog, [indicator_label(r, lang, catalog) for r in into.rows], into.extras),
                hovertemplate=hover,
                legendgroup=region_id,
                showlegend=False,
            )
        )
    return traces, styles, widest


# A label with its extra wider than this goes on two lines: on a phone the
# bars would otherwise shrink to leave room for it (style.room_for_labels).
ONE_LINE_LABEL_PX = 120


def _with_extra(label: str, extra: str) -> str:
    if not extra:
        return label
    one_line = f"{label}  {extra}"
    return one_line if label_px(one_line) <= ONE_LINE_LABEL_PX else f"{label}<br>{extra}"


def legend_traces(regions: tuple[str, ...], lang: str, catalog: Catalog) -> list[dict]:
    """One legend entry per region, in its colour: a bar's own swatch would copy its pattern."""
    if len(regions) < 2:
        return []
    return [
        dict(type="bar", orientation="h", x=[None], y=[None], name=catalog.region(r).short(lang), marker=dict(color=catalog.region(r).color),
             legendgroup=r, hoverinfo="skip")
        for r in regions
    ]


def _change_text(row: dict, by_key: dict, plan: list[BarRow], lang: str) -> str:
    """"→ 2021年提高至2倍" for an earlier period's bar, from the same region's next period shown."""
    periods = sorted({bar.period for bar in plan if bar.indicator == row[Fact.INDICATOR_ID]})
    current = str(row[Fact.PERIOD])
    later = [p for p in periods if p > current]
    if not later or not row[Fact.VALUE]:
        return ""
    successor = by_key.get((row[Fact.REGION_ID], row[Fact.INDICATOR_ID], later[0]))
    if successor is None:
        return ""
    times = successor[Fact.VALUE] / row[Fact.VALUE]
    key = "change.raised" if times >= 1 else "change.lowered"
    return t(key, lang, period=format_period(later[0], lang=lang), times=format_number(times, lang=lang))


# --- lines over time ---------------------------------------------------------------------


# Marker shapes by a region's place among those drawn: two regions that
# share a palette colour (the palette cycles over thousands) still differ.
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "triangle-down", "pentagon", "hexagon", "star")


def series_trace(
    rows: list[dict],
    *,
    name: str,
    color: str,
    dash: str,
    lang: str,
    catalog: Catalog,
    labels: list[str],
    extras: list[str],
    label_points: str,
    legendgroup: str,
    symbol: str = "circle",
) -> dict:
    """One region's series over periods: filled markers for stated values, open ones for derived values."""
    derived = [bool(r[Fact.DERIVED]) for r in rows]
    texts = [value_text(r, lang) + (f" {e}" if e else "") for r, e in zip(rows, extras)]
    if label_points == "last":
        texts = [""] * (len(texts) - 1) + texts[-1:]
    elif label_points == "none":
        texts = [""] * len(texts)
    return dict(
        type="scatter",
        x=[format_period(r[Fact.PERIOD], lang=lang) for r in rows],
        y=[r[Fact.VALUE] for r in rows],
        mode="lines+markers+text",
        name=name,
        legendgroup=legendgroup,
        line=dict(color=color, width=2, dash=dash),
        # Open symbols take their outline colour from marker.color.
        marker=dict(size=10, color=color, symbol=[f"{symbol}-open-dot" if d else symbol for d in derived], line=dict(width=2)),
        text=texts,
        textposition="top center",
        textfont=dict(size=10, color=color),
        cliponaxis=False,
        customdata=fact_customdata(rows, lang, catalog, labels, extras),
        hovertemplate=fact_hovertemplate(lang),
    )


def median_trace(frame: pd.DataFrame, *, name: str, lang: str, unit: str) -> dict | None:
    """The median over every region of the view, per period: what the ranked lines are compared with."""
    if not len(frame):
        return None
    medians = frame.groupby(Fact.PERIOD, observed=True)[Fact.VALUE].median().sort_index()
    counts = frame.groupby(Fact.PERIOD, observed=True)[Fact.REGION_ID].nunique().reindex(medians.index)
    from components.text.formatting import format_value

    values = [format_value(v, unit, "exact", lang=lang) for v in medians.tolist()]
    return dict(
        type="scatter",
        x=[format_period(p, lang=lang) for p in medians.index.astype(str)],
        y=medians.tolist(),
        mode="lines",
        name=name,
        line=dict(color=NEUTRAL_COLOR, width=2, dash="dot"),
        # Not a fact: nothing to show provenance for.
        customdata=[["", name, v, format_period(str(p), lang=lang), t("median.regions", lang, count=int(c)), ""] for v, p, c in zip(values, medians.index, counts)],
        hovertemplate=fact_hovertemplate(lang),
    )
