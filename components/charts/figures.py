"""Pure figure builders: a facts frame in, a ``go.Figure`` out.

No Dash imports and no module state is written, so a builder can be called
from a callback, a test or an export route alike. Figures are assembled as
plain dicts (``components.charts.figspec.FigureSpec``) and handed to plotly once,
unvalidated: plotly's per-call object validation and template copies cost
150–650 ms per view of seven charts. The unit tests validate every builder's
output in full instead. Conventions shared by every chart (see ``_finish``):

* colours per region from ``REGION_COLORS`` (Okabe–Ito, colour-blind safe);
* a solid bar is a stated, exact number; a hatched bar ("/") is a bound
  (≥ at least / ≤ up to, also marked in its label); a cross-hatched bar ("x")
  is a derived number, computed from stated ones;
* ``customdata[0]`` of every mark that stands for a fact is its ``fact_id``
  (the overview's is the ``region_id``) -> the page's click handler shows the
  provenance or sets the region filter;
* the hover repeats only what the data table shows: indicator, value with
  unit and qualifier, period, region;
* title and subtitle at the top, legend horizontal under them, notes and the
  source line at the bottom inside the figure, ``layout.meta["description"]``
  for the page's aria-label.
"""

from __future__ import annotations

import functools
import math
from typing import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from pandas.api.types import is_object_dtype, is_string_dtype

from components.charts.figspec import TEMPLATE, FigureSpec, subplots
from components.text.formatting import format_number, format_period, format_value, log_ticks
from components.text import LANGS, TEXTS, t
from components.data.regiongroups import group_names, province_groups
from components.data.schema import DATASETS, Cluster, Fact, Region

# Okabe & Ito (2008); yellow (#F0E442) is left out, too faint on white.
REGION_COLORS: dict[str, str] = {
    "zhangjiagang": "#0072B2",
    "huanjiang": "#009E73",
    "jiangxi": "#E69F00",
    "chongqing": "#D55E00",
    "yueqing": "#CC79A7",
    "zhejiang": "#56B4E9",
    "china": "#000000",
}
FALLBACK_COLOR = "#999999"
CONTEXT_COLOR = "#999999"

FONT_FAMILY = '"Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif'

BOUND_PATTERN = "/"
DERIVED_PATTERN = "x"
BOUNDS = ("at_least", "at_most", "approx")

# Pixels below the plot area taken by tick labels (and an axis title) before
# the notes and the source line start. Annotations cannot be placed relative
# to the figure's bottom edge, so the gap is fixed and the margin sized to it.
_GAP_TICKS = 30
_GAP_TICKS_TITLE = 52
_LINE_PX = 15

# Funding chart: the angel fund is a pool, not an amount paid to anyone.
FUNDING_CONTEXT = frozenset({"talent_angel_fund_size"})
BEFORE_SUFFIX = "_before"

INCOME_LEVELS = (("urban_disposable_income_pc", "income.urban"), ("rural_disposable_income_pc", "income.rural"))
INCOME_GROWTH = {
    "urban_disposable_income_pc": "urban_disposable_income_growth",
    "rural_disposable_income_pc": "rural_disposable_income_growth",
}
INCOME_RATIO = "urban_rural_income_ratio"
FISCAL_LEVEL = "fiscal_revenue"
FISCAL_GROWTH = "fiscal_revenue_growth"

INNOVATION_SHARES = (
    "share_large_firms_with_rd_institution",
    "share_hte_university_cooperation",
    "share_patents_from_enterprises",
    "share_talent_firms_with_rd_input",
)
INNOVATION_PARTICIPATIONS = "points_participations"
INNOVATION_GROWTH = "points_avg_annual_growth"

DIGITAL_DATASETS = ("digitalization", "industry_brain")
AGRI_DATASETS = ("huanjiang_agriculture", "huanjiang_economy", "cas_cooperation")
AGRI_UNIT_ORDER = ("mu", "count", "head", "jin", "CNY", "percent", "ratio", "year")


# --- small helpers -----------------------------------------------------------


def _color(region_id: str) -> str:
    return REGION_COLORS.get(region_id, FALLBACK_COLOR)


def _tint(hex_color: str, alpha: float) -> str:
    """``#rrggbb`` as ``rgba`` with the given opacity (a lighter fill on white)."""
    red, green, blue = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def _blend(hex_color: str, weight: float) -> str:
    """Opaque mix of the colour with white (treemap tiles ignore alpha)."""
    channels = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * weight):02x}" for c in channels)


def _is_cjk(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef" or "\u3000" <= char <= "\u303f"


def _text_width(text: str) -> float:
    """Width in units of one Latin character: a CJK character counts about two."""
    return sum(1.9 if _is_cjk(c) else 1.0 for c in text)


def _wrap(text: str, width: float) -> str:
    """Break ``text`` with ``<br>`` so no line is wider than ``width`` Latin characters.

    Breaks at spaces in English; Chinese may break between any characters.
    Existing ``<br>`` are kept.
    """
    lines = []
    for paragraph in text.split("<br>"):
        line = ""
        for token in _tokens(paragraph):
            if line and _text_width(line + token) > width:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line += token
        lines.append(line.rstrip())
    return "<br>".join(lines)


_UNIT_CHARS = "万亿元亩斤头倍年个%"
_CLOSING = ")】》」』,。;:、!?"


def _tokens(text: str) -> list[str]:
    tokens, word = [], ""
    for char in text:
        if word and char in _UNIT_CHARS and (word[-1].isdigit() or word[-1] in _UNIT_CHARS):
            word += char  # keep "1100亿元" whole
        elif _is_cjk(char) and char in _CLOSING and tokens:
            tokens[-1] += word + char if word else char  # never start a line with ")" or ";"
            word = ""
        elif _is_cjk(char):
            if word:
                tokens.append(word)
                word = ""
            tokens.append(char)
        elif char == " ":
            tokens.append(word + " ")
            word = ""
        elif char in "–—/":
            # Place names joined by dashes ("Wanzhou–Kaizhou") may break after a dash.
            tokens.append(word + char)
            word = ""
        else:
            word += char
    if word:
        tokens.append(word)
    return tokens


def _wrap_width(lang: str, chars_zh: int) -> float:
    return chars_zh * 1.9 if lang == "zh" else chars_zh * 2.0


def _indicator(row, lang: str) -> str:
    """Short label from i18n when there is one, else the indicator name in the data."""
    key = f"label.{row[Fact.INDICATOR_ID]}"
    if key in TEXTS:
        return t(key, lang)
    return row[Fact.INDICATOR_ZH] if lang == "zh" else row[Fact.INDICATOR_EN]


def _region_name(region_id: str, lang: str) -> str:
    key = f"region.{region_id}"
    return t(key, lang) if key in TEXTS else region_id


def _value_text(row, lang: str) -> str:
    return format_value(row[Fact.VALUE], row[Fact.UNIT], row[Fact.QUALIFIER], lang=lang)


# The columns labels, value texts and hover read from a fact.
_ROW_COLUMNS = (
    Fact.FACT_ID,
    Fact.REGION_ID,
    Fact.INDICATOR_ID,
    Fact.INDICATOR_ZH,
    Fact.INDICATOR_EN,
    Fact.PERIOD,
    Fact.VALUE,
    Fact.UNIT,
    Fact.QUALIFIER,
    Fact.DERIVED,
)


def _rows(frame: pd.DataFrame) -> list[dict]:
    """The facts as one plain dict per row (``_ROW_COLUMNS`` only).

    Made column by column, once per part: ``iterrows`` builds a Series per
    row out of every column, and a builder reads a part three or four times.
    """
    return [dict(zip(_ROW_COLUMNS, values)) for values in zip(*(frame[column].tolist() for column in _ROW_COLUMNS))]


def _fact_customdata(rows: list[dict], lang: str, labels: list[str] | None = None, extra: list[str] | None = None) -> list[list]:
    """Per fact (a row of ``_rows``): [fact_id, indicator, value, period, region, status line].

    The status line names the qualifier or "derived", the two things a bar's
    pattern stands for, and any extra text (e.g. a growth rate).
    """
    customdata = []
    for position, row in enumerate(rows):
        status = []
        if row[Fact.QUALIFIER] != "exact":
            status.append(t(f"qualifier.{row[Fact.QUALIFIER]}", lang))
        if bool(row[Fact.DERIVED]):
            status.append(t("hover.derived", lang))
        if extra and extra[position]:
            status.append(extra[position])
        label = labels[position] if labels else (row[Fact.INDICATOR_ZH] if lang == "zh" else row[Fact.INDICATOR_EN])
        customdata.append(
            [
                row[Fact.FACT_ID],
                label.replace("<br>", ""),
                _value_text(row, lang),
                format_period(row[Fact.PERIOD], lang=lang),
                _region_name(row[Fact.REGION_ID], lang),
                "<br>".join(status),
            ]
        )
    return customdata


def _fact_hovertemplate(lang: str) -> str:
    return (
        "<b>%{customdata[1]}</b><br>"
        f"{t('hover.value', lang)}: %{{customdata[2]}}<br>"
        f"{t('hover.period', lang)}: %{{customdata[3]}}<br>"
        f"{t('hover.region', lang)}: %{{customdata[4]}}<br>"
        "%{customdata[5]}<extra></extra>"
    )


def _patterns(frame: pd.DataFrame) -> list[str]:
    """Cross-hatch for derived numbers, hatch for stated bounds, none for stated exact ones.

    Derived first: a derived value rounded to its inputs' precision is approx
    (README, "Derived values"), and it is still a derived number, not a bound.
    """
    shapes = []
    for qualifier, derived in zip(frame[Fact.QUALIFIER], frame[Fact.DERIVED]):
        if bool(derived):
            shapes.append(DERIVED_PATTERN)
        elif qualifier in BOUNDS:
            shapes.append(BOUND_PATTERN)
        else:
            shapes.append("")
    return shapes


def _bar_marker(frame: pd.DataFrame, colors: list[str]) -> dict:
    """Solid fill for exact facts; a light fill, hatch and outline for the rest."""
    shapes = _patterns(frame)
    fills = [c if not s else _tint(c, 0.25) for c, s in zip(colors, shapes)]
    return dict(
        color=fills,
        line=dict(color=colors, width=1.5),
        # plotly_white's "overlay" fill mode: each hatched bar is drawn on its
        # own fill with a contrasting hatch (plotly.js takes both from the
        # per-bar marker colour). Its defaults step derives a contrast colour
        # from pattern.bgcolor, which is marker.color unless given, and fails
        # on a per-bar list: a console warning with a stack trace per trace
        # and draw, ~6 % of drawing time. One valid colour here avoids that
        # and is not what gets drawn.
        pattern=dict(shape=shapes, fgcolor=colors, bgcolor=fills[0] if fills else None, size=7, solidity=0.35),
    )


def _source_text(lang: str) -> str:
    text = t("source_line", lang)
    # Keeps the line inside a 375 px wide figure.
    return text.replace(" · ", " ·<br>") if len(text) > 60 else text


def _finish(
    fig: FigureSpec,
    *,
    lang: str,
    title: str,
    subtitle: str,
    description: str,
    gap: int,
    notes: list[str] | tuple[str, ...] = (),
    left: int = 10,
    legend: bool = True,
    legend_y: float = 1.01,
    height: int | None = None,
) -> go.Figure:
    """Apply the shared layout (font, title, legend, margins, notes, source, meta) and make the figure."""
    note_text = "<br>".join(_wrap(n, _wrap_width(lang, 30)) for n in notes)
    source = _source_text(lang)
    source_lines = source.count("<br>") + 1
    note_lines = note_text.count("<br>") + 1 if note_text else 0
    bottom = gap + (note_lines + source_lines) * _LINE_PX + 10
    annotations = fig.annotations
    if note_text:
        annotations.append(
            dict(
                name="notes",
                text=note_text,
                xref="paper",
                yref="paper",
                x=0,
                y=0,
                xanchor="left",
                yanchor="top",
                xshift=-(left - 8),
                yshift=-gap,
                showarrow=False,
                align="left",
                font=dict(size=11, color="#333333"),
            )
        )
    annotations.append(
        dict(
            name="source",
            text=source,
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="top",
            xshift=-(left - 8),
            yshift=-(gap + note_lines * _LINE_PX + 4),
            showarrow=False,
            align="left",
            font=dict(size=10, color="#666666"),
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        font=dict(family=FONT_FAMILY, size=12, color="#222222"),
        hoverlabel=dict(font=dict(family=FONT_FAMILY)),
        title=dict(
            text=title,
            subtitle=dict(text=subtitle, font=dict(size=12, color="#555555")),
            x=0,
            xref="container",
            xanchor="left",
            y=1,
            yref="container",
            yanchor="top",
            pad=dict(t=10, l=10),
            font=dict(size=16),
        ),
        showlegend=legend,
        legend=dict(orientation="h", x=0, xanchor="left", y=legend_y, yanchor="bottom", font=dict(size=11), bgcolor="rgba(255,255,255,0)"),
        margin=dict(l=left, r=20, t=120 if legend else 80, b=bottom, autoexpand=True),
        annotations=annotations,
        meta={"description": description},
        separators=".,",
        # Narrow bars would otherwise shrink their labels to nothing on a phone.
        uniformtext=dict(minsize=9, mode="show"),
    )
    if height:
        fig.update_layout(height=height)
    return fig.figure()


def _left_margin(labels: list[str], font_px: float = 12) -> int:
    """Room for horizontal tick labels (the widest line), so notes can align to the edge."""
    widest = max((_text_width(line) for label in labels for line in label.split("<br>")), default=0)
    return int(widest * font_px * 0.58) + 16


def _log_range(low: float, high: float, pad_right: float = 0.9) -> list[float]:
    """Log-axis range with room on the right for outside value labels."""
    return [math.log10(low) - 0.3, math.log10(high) + pad_right]


@functools.lru_cache(maxsize=len(LANGS))
def _no_data(lang: str) -> go.Figure:
    """One figure per language, shared: a county view at national size has six of them (~1.5 ms each).

    Like every builder's output it is never changed after it is built.
    """
    return build_empty_figure(t("no_data", lang), lang=lang)


# --- builders ---------------------------------------------------------------------


# Plotly reads <b>, <a href>, <br> and entities in every label, tick and hover
# text. Data is untrusted and must show as typed, never as markup.
_MARKUP = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _has_markup(value: object) -> bool:
    return isinstance(value, str) and ("<" in value or ">" in value or "&" in value)


def _any_markup(values) -> bool:
    """Whether any value has markup: one C-level join, not a call per cell (2,850 regions per chart)."""
    # As a NumPy object array first: iterating a pandas string array or
    # Index element by element costs ~1 µs per value (700,000 of them per
    # view at national size).
    values = np.asarray(values, dtype=object).tolist()
    try:
        return _has_markup("".join(values))
    except TypeError:  # not all strings: an object column may hold numbers or NA
        return any(map(_has_markup, values))


@functools.lru_cache(maxsize=256)
def _categories_marked(dtype: pd.CategoricalDtype) -> bool:
    """Whether a categorical column's categories hold markup, checked once per dtype.

    Every selection of the loaded facts shares its columns' dtypes, and each
    of the seven builders escapes its frame: at national size that was
    ~9,000 categories (region ids, quotes) read seven times per view, about
    13 ms of a county's 44 ms first build. A dtype hashes its categories once.
    """
    return _any_markup(dtype.categories)


def escape_markup(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with ``& < >`` in its strings as entities, which Plotly shows as the characters.

    Frames without them come back as they are.
    """
    # Categorical columns (the loader's repeated texts) are checked and
    # escaped per category: 30 indicator names, not 855,000 cells.
    # One pass over the columns: every builder call escapes its frames.
    marked, marked_categories = [], []
    for column, values in frame.items():
        if isinstance(values.dtype, pd.CategoricalDtype):
            if _categories_marked(values.dtype):
                marked_categories.append(column)
        elif (is_object_dtype(values.dtype) or is_string_dtype(values.dtype)) and _any_markup(values.to_numpy(dtype=object)):
            marked.append(column)
    if not marked and not marked_categories:
        return frame
    frame = frame.copy()
    for column in marked:
        frame[column] = frame[column].map(lambda v: v.translate(_MARKUP) if isinstance(v, str) else v)
    for column in marked_categories:
        # Escaping is one-to-one (& is escaped too), so categories stay distinct.
        frame[column] = frame[column].cat.rename_categories(lambda v: v.translate(_MARKUP) if isinstance(v, str) else v)
    return frame


def _data_as_text(builder: Callable[..., go.Figure]) -> Callable[..., go.Figure]:
    """Escape the data frames a builder is given (its positional arguments)."""

    @functools.wraps(builder)
    def build(*frames: pd.DataFrame, **options) -> go.Figure:
        return builder(*map(escape_markup, frames), **options)

    return build


# A chart without data: a short box for the message. The page does not draw
# it (the chart's box closes to one line, callbacks.chart_item); the height
# is for anything else that renders the figure.
EMPTY_HEIGHT = 240


def build_empty_figure(message: str, *, lang: str) -> go.Figure:
    """No axes, no grid, the message in the middle."""
    return FigureSpec().update_layout(
        template=TEMPLATE,
        height=EMPTY_HEIGHT,
        font=dict(family=FONT_FAMILY, size=14, color="#444444"),
        xaxis=dict(visible=False),
        yaxis=dict(visible=False),
        plot_bgcolor="white",
        margin=dict(l=10, r=10, t=10, b=10),
        annotations=[
            dict(name="message", text=message, xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False, font=dict(size=16))
        ],
        meta={"description": t("empty.description", lang, message=message)},
    ).figure()


# More regions than this and the overview draws one column per province.
OVERVIEW_MAX_REGIONS = 30


@_data_as_text
def build_overview_figure(facts: pd.DataFrame, regions: pd.DataFrame, *, lang: str) -> go.Figure:
    """Dot matrix of fact counts per region (x) and dataset (y); customdata[0] is the region_id.

    Over ``OVERVIEW_MAX_REGIONS`` regions (national data) a column is a
    province instead, and customdata[0] its ``province:`` group, which a click
    selects like a region.
    """
    if facts.empty:
        return _no_data(lang)
    # Through object arrays: iterating a pandas string column costs ~1 µs per
    # value (2,850 regions at national size).
    region_ids = regions[Region.REGION_ID].to_numpy(dtype=object).tolist()
    names = dict(zip(region_ids, regions[Region.NAME_ZH if lang == "zh" else Region.NAME_EN].to_numpy(dtype=object).tolist()))
    present_regions = set(facts[Fact.REGION_ID].unique())
    region_count = len(present_regions)
    grouped = region_count > OVERVIEW_MAX_REGIONS
    columns = facts[Fact.REGION_ID]
    if grouped:
        groups = province_groups(regions)
        group_of = {member: token for token, members in groups.items() for member in members}
        # Mapped per category, not per fact: the loader's region_id is categorical.
        columns = columns.map(lambda r: group_of.get(r, r)).rename(Fact.REGION_ID)
        names.update(group_names(regions, groups, lang))
        present_regions = set(columns.unique())
        in_table_order = (group_of.get(r, r) for r in region_ids)
        region_order = [column for column in dict.fromkeys(in_table_order) if column in present_regions]
    else:
        region_order = [r for r in region_ids if r in present_regions]
    region_order += sorted(present_regions - set(region_order))
    counts = facts.groupby([columns, Fact.DATASET], observed=True).size()
    present_datasets = set(facts[Fact.DATASET].unique())
    dataset_order = [d for d in DATASETS if d in present_datasets] + sorted(present_datasets - set(DATASETS))
    largest = int(counts.max())

    def short(region_id: str) -> str:
        key = f"region_short.{region_id}"
        return t(key, lang) if key in TEXTS else names.get(region_id, region_id)

    def dataset_label(dataset: str) -> str:
        key = f"dataset.{dataset}"
        return t(key, lang) if key in TEXTS else dataset

    xs, ys, sizes, texts, colors, custom = [], [], [], [], [], []
    for (region_id, dataset), number in counts.items():
        xs.append(short(region_id))
        ys.append(dataset_label(dataset))
        # A province holds thousands of facts: its dots scale to the largest.
        sizes.append(14 + 30 * math.sqrt(number / largest) if grouped else 14 + 9 * math.sqrt(number))
        texts.append(str(number))
        colors.append(_color(region_id))
        custom.append([region_id, dataset, names.get(region_id, _region_name(region_id, lang)), dataset_label(dataset), int(number)])
    fig = FigureSpec().add_trace(
        dict(
            type="scatter",
            x=xs,
            y=ys,
            mode="markers+text",
            text=texts,
            textposition="middle center",
            textfont=dict(size=11, color="#111111"),
            marker=dict(size=sizes, color=[_tint(c, 0.3) for c in colors], line=dict(color=colors, width=2)),
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
    y_labels = [dataset_label(d) for d in dataset_order]
    angled = lang != "zh" and len(region_order) > 3
    fig.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=x_labels,
        tickangle=-35 if angled else 0,
        showgrid=True,
        automargin=True,
    )
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=y_labels, autorange="reversed", automargin=True)
    left = _left_margin(y_labels)
    return _finish(
        fig,
        lang=lang,
        title=t("overview.title", lang),
        subtitle=t("overview.subtitle", lang),
        description=t("overview.description", lang, regions=region_count, datasets=len(dataset_order), facts=len(facts)),
        gap=80 if angled else _GAP_TICKS,
        left=left,
        legend=False,
        height=max(360, 150 + 34 * len(dataset_order)),
    )


@_data_as_text
def build_funding_tiers_figure(facts: pd.DataFrame, *, lang: str) -> go.Figure:
    """Zhangjiagang's funding levels as horizontal bars on a log axis.

    Exact amounts are solid, caps (≤) hatched, the pre-change cap an outline
    under its successor, the angel fund (a pool, not a grant) grey at the top.
    Non-amount facts of the dataset (the 20 % advance share) become a note.
    """
    frame = facts[facts[Fact.DATASET] == "funding_tiers"]
    amounts = frame[(frame[Fact.UNIT] == "CNY") & (frame[Fact.VALUE] > 0)]
    if amounts.empty:
        return _no_data(lang)
    others = frame.drop(amounts.index)

    context = amounts[amounts[Fact.INDICATOR_ID].isin(FUNDING_CONTEXT)].sort_values(Fact.VALUE, ascending=False)
    before = amounts[amounts[Fact.INDICATOR_ID].str.endswith(BEFORE_SUFFIX)]
    main = amounts.drop(context.index).drop(before.index).sort_values(Fact.VALUE, ascending=False)
    row_of = dict(zip(amounts.index, _rows(amounts)))
    # Category order top to bottom (as index labels): context, then the
    # tiers, each "before" right under its successor, then "before"s without one.
    befores_of: dict[str, list] = {}
    for idx, indicator in zip(before.index, before[Fact.INDICATOR_ID]):
        befores_of.setdefault(indicator.removesuffix(BEFORE_SUFFIX), []).append(idx)
    successor_values: dict[str, float] = {}
    for indicator, value in zip(main[Fact.INDICATOR_ID], main[Fact.VALUE]):
        successor_values.setdefault(indicator, value)  # the largest: main runs by value, descending
    ordered = list(context.index)
    for idx, indicator in zip(main.index, main[Fact.INDICATOR_ID]):
        ordered += [idx, *befores_of.get(indicator, ())]
    ordered += [idx for idx in before.index if row_of[idx][Fact.INDICATOR_ID].removesuffix(BEFORE_SUFFIX) not in successor_values]
    labels = {idx: _wrap(_indicator(row_of[idx], lang), _wrap_width(lang, 11)) for idx in ordered}

    color = _color("zhangjiagang")
    fig = FigureSpec()
    hover = _fact_hovertemplate(lang)

    low, high = amounts[Fact.VALUE].min(), amounts[Fact.VALUE].max()

    def add(part: pd.DataFrame, name: str, marker: dict, texts: list[str] | None = None, solid: bool = False) -> None:
        if part.empty:
            return
        part_rows = [row_of[i] for i in part.index]
        part_labels = [labels[i] for i in part.index]
        # Labels of the longest solid bars go inside, or a phone-width axis cuts them off.
        inside = [solid and math.log10(v / low) > 0.75 * math.log10(high / low) for v in part[Fact.VALUE]]
        fig.add_trace(
            dict(
                type="bar",
                x=part[Fact.VALUE].tolist(),
                y=part_labels,
                orientation="h",
                name=name,
                marker=marker,
                text=texts or [_value_text(r, lang) for r in part_rows],
                textposition=["inside" if i else "outside" for i in inside],
                insidetextanchor="end",
                cliponaxis=False,
                customdata=_fact_customdata(part_rows, lang, part_labels),
                hovertemplate=hover,
            )
        )

    add(context, t("funding.legend.context", lang), dict(color=CONTEXT_COLOR, line=dict(color="#666666", width=1)), solid=True)
    exact = main[main[Fact.QUALIFIER] == "exact"]
    capped = main.drop(exact.index)
    add(exact, t("funding.legend.exact", lang), dict(color=color, line=dict(color=color, width=1.5)), solid=True)
    add(capped, t("funding.legend.cap", lang), _bar_marker(capped, [color] * len(capped)))
    before_texts = []
    for row in (row_of[idx] for idx in before.index):
        successor = successor_values.get(row[Fact.INDICATOR_ID].removesuffix(BEFORE_SUFFIX))
        text = _value_text(row, lang)
        if successor is not None and row[Fact.VALUE] > 0:
            times = successor / row[Fact.VALUE]
            text += " " + t("funding.raised", lang, times=f"{times:g}")
        before_texts.append(text)
    add(
        before,
        t("funding.legend.before", lang),
        dict(color="rgba(255,255,255,0)", line=dict(color=color, width=2), pattern=dict(shape="")),
        before_texts,
    )

    category_labels = [labels[i] for i in ordered]
    tickvals, ticktext = log_ticks(low, high, lang=lang)
    fig.update_xaxes(
        type="log",
        range=_log_range(low, high, pad_right=1.1),
        tickvals=tickvals,
        ticktext=ticktext,
        title=dict(text=t("funding.axis", lang), font=dict(size=11)),
        automargin=True,
    )
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=category_labels, autorange="reversed", automargin=True)
    fig.update_layout(barmode="overlay", bargap=0.3)
    if not context.empty and len(ordered) > len(context):
        # A rule between the context pool and the amounts paid out.
        fig.add_shape(
            type="line", xref="paper", x0=0, x1=1, yref="y", y0=len(context) - 0.5, y1=len(context) - 0.5,
            line=dict(color="#999999", width=1, dash="dot"),
        )
    # The key is a note, not a legend: four legend entries wrap into the
    # title on a phone, a note wraps downwards.
    notes = [t("funding.key", lang)]
    if not others.empty:
        items = "; ".join(f"{_indicator(r, lang)} {_value_text(r, lang)}" for r in _rows(others))
        notes.append(t("note.not_on_axis", lang, items=items))
    return _finish(
        fig,
        lang=lang,
        legend=False,
        title=t("funding.title", lang),
        subtitle=t("funding.subtitle", lang),
        description=t(
            "funding.description",
            lang,
            count=len(amounts),
            low=format_value(low, "CNY", "exact", lang=lang),
            high=format_value(high, "CNY", "exact", lang=lang),
        ),
        gap=_GAP_TICKS_TITLE,
        notes=notes,
        left=_left_margin(category_labels),
        height=140 + 42 * len(ordered) + 40 * len(notes),
    )


@_data_as_text
def build_income_growth_figure(facts: pd.DataFrame, *, lang: str) -> go.Figure:
    """Huanjiang incomes 2019 (derived) vs 2020, Q1 fiscal revenue, and the urban–rural ratio.

    Three stacked panels so every label has a full row on a phone: income
    levels and fiscal revenue as horizontal bars (derived years cross-hatched,
    growth rates in the labels), the ratio as a line falling from 2019 to 2020.
    """
    # Sorted once: groups keep the frame's order, so each indicator's facts run by period.
    frame = facts[facts[Fact.DATASET] == "income_growth"].sort_values(Fact.PERIOD, kind="stable")
    by_indicator = {ind: part for ind, part in frame.groupby(Fact.INDICATOR_ID)}
    rows_of: dict[str, list[dict]] = {}
    for row in _rows(frame):
        rows_of.setdefault(row[Fact.INDICATOR_ID], []).append(row)
    levels = [(ind, key) for ind, key in INCOME_LEVELS if ind in by_indicator]
    ratio = by_indicator.get(INCOME_RATIO)
    fiscal = by_indicator.get(FISCAL_LEVEL)
    if not levels and ratio is None and fiscal is None:
        return _no_data(lang)

    fig = subplots(
        3,
        row_heights=[0.4, 0.3, 0.3],
        vertical_spacing=0.12,
        subplot_titles=(t("income.panel_income", lang), t("income.panel_fiscal", lang), t("income.panel_ratio", lang)),
    )
    color = _color("huanjiang")
    hover = _fact_hovertemplate(lang)

    def growth_text(indicator: str, period: str) -> str:
        match = next((row for row in rows_of.get(indicator, ()) if row[Fact.PERIOD] == period), None)
        return t("income.growth", lang, rate=_value_text(match, lang)) if match else ""

    def bar(part: pd.DataFrame, y: list[str], growths: list[str], name: str, show: bool) -> dict:
        rows = _rows(part)
        return dict(
            type="bar",
            x=part[Fact.VALUE].tolist(),
            y=y,
            orientation="h",
            name=name,
            marker=_bar_marker(part, [color] * len(part)),
            text=[_value_text(r, lang) + (f"  {g}" if g else "") for r, g in zip(rows, growths)],
            textposition="outside",
            cliponaxis=False,
            customdata=_fact_customdata(rows, lang, extra=growths),
            hovertemplate=hover,
            legendgroup=name,
            showlegend=show,
        )

    # Income levels: one trace per period so the legend reads "2019 (derived)" / "2020".
    seen_names = set()
    if levels:
        level_rows = pd.concat([by_indicator[ind] for ind, _ in levels])
        group_label = {ind: t(key, lang) for ind, key in levels}
        for period, part in level_rows.groupby(Fact.PERIOD, sort=True):
            derived = bool(part[Fact.DERIVED].all())
            name = t("income.legend_derived" if derived else "income.legend_stated", lang, period=format_period(period, lang=lang))
            growths = [growth_text(INCOME_GROWTH.get(indicator, ""), period) for indicator in part[Fact.INDICATOR_ID]]
            fig.add_trace(bar(part, [group_label[i] for i in part[Fact.INDICATOR_ID]], growths, name, True), row=1, col=1)
            seen_names.add(derived)
        top = level_rows[Fact.VALUE].max() * 1.6
        ticks = _linear_ticks(top, 3)
        fig.update_xaxes(range=[0, top], tickvals=ticks, ticktext=[_compact(v, lang) for v in ticks], row=1, col=1)
        fig.update_yaxes(
            type="category", categoryarray=[t(key, lang) for _, key in levels], categoryorder="array", autorange="reversed", row=1, col=1
        )

    if fiscal is not None:
        growths = [growth_text(FISCAL_GROWTH, p) for p in fiscal[Fact.PERIOD]]
        periods = [format_period(p, lang=lang) for p in fiscal[Fact.PERIOD]]
        fig.add_trace(bar(fiscal, periods, growths, t("income.panel_fiscal", lang), False), row=2, col=1)
        top = fiscal[Fact.VALUE].max() * 1.8
        ticks = _linear_ticks(top, 3)
        fig.update_xaxes(range=[0, top], tickvals=ticks, ticktext=[_compact(v, lang) for v in ticks], row=2, col=1)
        fig.update_yaxes(type="category", categoryarray=periods, categoryorder="array", autorange="reversed", row=2, col=1)
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.1)

    ratio_rows = rows_of.get(INCOME_RATIO, [])
    if ratio is not None:
        derived = ratio[Fact.DERIVED].astype(bool).tolist()
        fig.add_trace(
            dict(
                type="scatter",
                x=[format_period(p, lang=lang) for p in ratio[Fact.PERIOD]],
                y=ratio[Fact.VALUE].tolist(),
                mode="lines+markers+text",
                name=t("income.legend_ratio", lang),
                line=dict(color=color, width=2, dash="dash" if all(derived) else "solid"),
                # Open symbols take their outline colour from marker.color.
                marker=dict(size=11, color=color, symbol=["circle-open-dot" if d else "circle" for d in derived], line=dict(width=2)),
                text=[_value_text(r, lang) for r in ratio_rows],
                textposition="top center",
                cliponaxis=False,
                customdata=_fact_customdata(ratio_rows, lang),
                hovertemplate=hover,
            ),
            row=3,
            col=1,
        )
        low, high = ratio[Fact.VALUE].min(), ratio[Fact.VALUE].max()
        span = max(high - low, 0.1)
        fig.update_yaxes(range=[low - span, high + span], row=3, col=1)
        fig.update_xaxes(type="category", range=[-0.4, len(ratio) - 0.6], row=3, col=1)

    fig.update_xaxes(automargin=True, tickangle=0)
    fig.update_yaxes(automargin=True)
    fig.update_annotations(font=dict(size=12), xanchor="left", x=0)  # subplot titles, left-aligned
    notes = [t("income.note_derived", lang)] if bool(frame[Fact.DERIVED].any()) else []
    fiscal_growth = rows_of.get(FISCAL_GROWTH)
    return _finish(
        fig,
        lang=lang,
        title=t("income.title", lang),
        subtitle=t("income.subtitle", lang),
        description=t(
            "income.description",
            lang,
            ratio_from=_value_text(ratio_rows[0], lang) if ratio_rows else "–",
            ratio_to=_value_text(ratio_rows[-1], lang) if ratio_rows else "–",
            fiscal=_value_text(fiscal_growth[-1], lang) if fiscal_growth else "–",
        ),
        gap=_GAP_TICKS,
        notes=notes,
        legend_y=1.08,  # above the first subplot title
        left=_left_margin([t(key, lang) for _, key in levels] + ["2021年一季度" if lang == "zh" else "2021 Q1"]),
        height=720,
    )


def _linear_ticks(top: float, count: int = 4) -> list[float]:
    """Round tick values from 0 up to ``top``: steps of 1, 2 or 5 × 10^n."""
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return [i * step for i in range(int(top // step) + 1)]


def _compact(value: float, lang: str) -> str:
    """Axis tick text: "3万" / "30k"."""
    return format_number(value, lang=lang, compact=True)


@_data_as_text
def build_digitalization_figure(facts: pd.DataFrame, *, lang: str) -> go.Figure:
    """Counts of Jiangxi's digitalisation and the industry brains on one log axis.

    Only unit ``count`` shares the axis; other facts of these datasets (IoT
    scale in CNY, VR doubling as a ratio) are listed in a note.
    """
    frame = facts[facts[Fact.DATASET].isin(DIGITAL_DATASETS)]
    counts = frame[(frame[Fact.UNIT] == "count") & (frame[Fact.VALUE] > 0)]
    if counts.empty:
        return _no_data(lang)
    others = frame.drop(counts.index)

    region_order = [r for r in REGION_COLORS if r in set(counts[Fact.REGION_ID])]
    region_order += sorted(set(counts[Fact.REGION_ID]) - set(region_order))
    fig = FigureSpec()
    hover = _fact_hovertemplate(lang)
    category_labels = []
    for region_id in region_order:
        part = counts[counts[Fact.REGION_ID] == region_id].sort_values(Fact.VALUE, ascending=False)
        rows = _rows(part)
        labels = [_wrap(_indicator(r, lang), _wrap_width(lang, 13)) for r in rows]
        category_labels += labels
        color = _color(region_id)
        fig.add_trace(
            dict(
                type="bar",
                x=part[Fact.VALUE].tolist(),
                y=labels,
                orientation="h",
                name=_region_name(region_id, lang),
                marker=_bar_marker(part, [color] * len(part)),
                text=[_value_text(r, lang) for r in rows],
                textposition="outside",
                cliponaxis=False,
                customdata=_fact_customdata(rows, lang, labels),
                hovertemplate=hover,
                legendgroup=region_id,
                showlegend=False,
            )
        )
        # The legend swatch would copy the first bar's hatch; a solid
        # legend-only entry names the region's colour instead.
        fig.add_trace(
            dict(type="bar", x=[None], y=[None], orientation="h", name=_region_name(region_id, lang), marker=dict(color=color),
                 legendgroup=region_id, hoverinfo="skip")
        )
    low, high = counts[Fact.VALUE].min(), counts[Fact.VALUE].max()
    tickvals, ticktext = log_ticks(low, high, lang=lang)
    fig.update_xaxes(
        type="log",
        range=_log_range(low, high, pad_right=0.8),
        tickvals=tickvals,
        ticktext=ticktext,
        title=dict(text=t("digi.axis", lang), font=dict(size=11)),
        automargin=True,
    )
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=category_labels, autorange="reversed", automargin=True)
    fig.update_layout(barmode="overlay", bargap=0.25)
    notes = [t("key.bound", lang)] if (counts[Fact.QUALIFIER] != "exact").any() else []
    if not others.empty:
        items = "; ".join(
            f"{_indicator(r, lang)} {_value_text(r, lang)} ({format_period(r[Fact.PERIOD], lang=lang)})" for r in _rows(others)
        )
        notes.append(t("note.not_on_axis", lang, items=items))
    return _finish(
        fig,
        lang=lang,
        title=t("digi.title", lang),
        subtitle=t("digi.subtitle", lang),
        description=t(
            "digi.description",
            lang,
            count=len(counts),
            low=format_value(low, "count", "exact", lang=lang),
            high=format_value(high, "count", "exact", lang=lang),
        ),
        gap=_GAP_TICKS_TITLE,
        notes=notes,
        left=_left_margin(category_labels),
        height=170 + 34 * len(counts) + 15 * sum(label.count("<br>") for label in category_labels) + 50 * len(notes),
    )


@_data_as_text
def build_innovation_points_figure(facts: pd.DataFrame, *, lang: str) -> go.Figure:
    """The "four 90%" shares as bars against a 90 % line; participations and growth as notes."""
    frame = facts[facts[Fact.DATASET] == "innovation_points"]
    shares = frame[frame[Fact.INDICATOR_ID].isin(INNOVATION_SHARES)]
    if shares.empty:
        return _no_data(lang)
    order = {ind: i for i, ind in enumerate(INNOVATION_SHARES)}
    shares = shares.sort_values(Fact.INDICATOR_ID, key=lambda s: s.map(order))
    rows = _rows(shares)
    labels = [_indicator(r, lang) for r in rows]
    values = [_value_text(r, lang) for r in rows]
    fig = FigureSpec().add_trace(
        dict(
            type="bar",
            x=shares[Fact.VALUE].tolist(),
            y=labels,
            orientation="h",
            name=_region_name("zhangjiagang", lang),
            marker=_bar_marker(shares, [_color(r) for r in shares[Fact.REGION_ID]]),
            text=values,
            textposition="outside",
            cliponaxis=False,
            customdata=_fact_customdata(rows, lang, labels),
            hovertemplate=_fact_hovertemplate(lang),
        )
    )
    fig.add_vline(x=90, line=dict(color="#555555", width=1, dash="dot"))
    fig.add_annotation(
        x=90, y=1, xref="x", yref="paper", yanchor="bottom", text=t("innov.line_90", lang), showarrow=False, font=dict(size=10, color="#555555")
    )
    fig.update_xaxes(range=[0, 118], tickvals=[0, 25, 50, 75, 100], ticksuffix="%", title=dict(text=t("innov.axis", lang), font=dict(size=11)), automargin=True)
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels, autorange="reversed", automargin=True)
    fig.update_layout(bargap=0.35)
    notes = [t("key.bound", lang)] if (shares[Fact.QUALIFIER] != "exact").any() else []
    for indicator, key in ((INNOVATION_PARTICIPATIONS, "innov.participations"), (INNOVATION_GROWTH, "innov.growth")):
        match = frame[frame[Fact.INDICATOR_ID] == indicator]
        for row in _rows(match):
            notes.append(t(key, lang, value=_value_text(row, lang), period=format_period(row[Fact.PERIOD], lang=lang)))
    shares_text = ("、" if lang == "zh" else ", ").join(values)
    return _finish(
        fig,
        lang=lang,
        title=t("innov.title", lang),
        subtitle=t("innov.subtitle", lang),
        description=t("innov.description", lang, shares=shares_text),
        gap=_GAP_TICKS_TITLE,
        notes=notes,
        left=_left_margin(labels),
        legend=False,
        height=200 + 60 * len(shares) + 20 * len(notes),
    )


@_data_as_text
def build_huanjiang_agriculture_figure(facts: pd.DataFrame, *, lang: str) -> go.Figure:
    """Farming, jobs and CAS-cooperation figures, one panel per unit so each axis means one thing."""
    frame = facts[facts[Fact.DATASET].isin(AGRI_DATASETS) & (facts[Fact.VALUE] > 0)]
    if frame.empty:
        return _no_data(lang)
    units = [u for u in AGRI_UNIT_ORDER if u in set(frame[Fact.UNIT])]
    parts = [frame[frame[Fact.UNIT] == u].sort_values(Fact.VALUE, ascending=False) for u in units]
    width = _wrap_width(lang, 14)
    panel_rows = [_rows(p) for p in parts]
    panel_labels = [[_wrap(_indicator(r, lang), width) for r in rows] for rows in panel_rows]
    # Panel height follows its label lines, so wrapped labels never overlap.
    sizes = [sum(label.count("<br>") + 1.4 for label in labels) + 1.2 for labels in panel_labels]
    titles = [t(f"agri.panel.{u}", lang) if f"agri.panel.{u}" in TEXTS else u for u in units]
    fig = subplots(
        len(units),
        row_heights=[s / sum(sizes) for s in sizes],
        vertical_spacing=min(0.09, 0.5 / len(units)),
        subplot_titles=titles,
    )
    hover = _fact_hovertemplate(lang)
    all_labels = []
    for row_number, (unit, part) in enumerate(zip(units, parts), start=1):
        labels, rows = panel_labels[row_number - 1], panel_rows[row_number - 1]
        all_labels += labels
        colors = [_color(r) for r in part[Fact.REGION_ID]]
        fig.add_trace(
            dict(
                type="bar",
                x=part[Fact.VALUE].tolist(),
                y=labels,
                orientation="h",
                name=titles[row_number - 1],
                marker=_bar_marker(part, colors),
                text=[_value_text(r, lang) for r in rows],
                textposition="outside",
                cliponaxis=False,
                customdata=_fact_customdata(rows, lang, labels),
                hovertemplate=hover,
                showlegend=False,
            ),
            row=row_number,
            col=1,
        )
        low, high = part[Fact.VALUE].min(), part[Fact.VALUE].max()
        if high / low >= 50:
            tickvals, ticktext = log_ticks(low, high, lang=lang)
            fig.update_xaxes(type="log", range=_log_range(low, high, pad_right=0.9), tickvals=tickvals, ticktext=ticktext, row=row_number, col=1)
        else:
            top = high * 1.45
            ticks = _linear_ticks(top, 3)
            fig.update_xaxes(range=[0, top], tickvals=ticks, ticktext=[_compact(v, lang) for v in ticks], row=row_number, col=1)
        fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels, autorange="reversed", row=row_number, col=1)
    fig.update_xaxes(automargin=True, tickfont=dict(size=10))
    fig.update_yaxes(automargin=True)
    fig.update_annotations(font=dict(size=12), xanchor="left", x=0)  # subplot titles, left-aligned
    return _finish(
        fig,
        lang=lang,
        title=t("agri.title", lang),
        subtitle=t("agri.subtitle", lang),
        description=t("agri.description", lang, count=len(frame), panels=len(units)),
        gap=_GAP_TICKS + 14,  # log ticks may turn 30° on a phone
        left=_left_margin(all_labels),
        legend=False,
        height=int(150 + 19 * sum(sizes) + 55 * len(units)),
    )


@_data_as_text
def build_clusters_figure(clusters: pd.DataFrame, *, lang: str) -> go.Figure:
    """Chongqing's groups -> cluster areas -> industries as a treemap.

    Cluster and industry tiles carry the cluster_id as customdata[0] (the
    group and root tiles an empty string), so a click can show provenance.
    """
    if clusters.empty:
        return _no_data(lang)
    zh = lang == "zh"
    group_col = Cluster.GROUP_ZH if zh else Cluster.GROUP_EN
    name_col = Cluster.NAME_ZH if zh else Cluster.NAME_EN
    districts_col = Cluster.DISTRICTS_ZH if zh else Cluster.DISTRICTS_EN
    industries_col = Cluster.INDUSTRIES_ZH if zh else Cluster.INDUSTRIES_EN
    sep = "、" if zh else ", "
    width = _wrap_width(lang, 9)
    color = _color("chongqing")

    root_id = "root"
    ids, parents, labels, colors, custom = [root_id], [""], [t("clusters.root", lang)], ["#f2f2f2"], [["", t("clusters.root", lang)]]
    for group_id, part in clusters.groupby(Cluster.GROUP_ID, sort=False):
        group_name = part[group_col].iloc[0]
        ids.append(f"group/{group_id}")
        parents.append(root_id)
        labels.append(_wrap(group_name, width))
        colors.append(_blend(color, 0.9))
        custom.append(["", f"{t('hover.group', lang)}: {group_name}"])
        for _, row in part.iterrows():
            cluster_id = row[Cluster.CLUSTER_ID]
            districts = [d for d in (row[districts_col] or "").split(Cluster.LIST_SEP) if d]
            industries = [i for i in (row[industries_col] or "").split(Cluster.LIST_SEP) if i]
            hover_lines = [f"<b>{row[name_col]}</b>", f"{t('hover.group', lang)}: {group_name}"]
            if districts:
                hover_lines.append(f"{t('hover.districts', lang)}: {sep.join(districts)}")
            if industries:
                hover_lines.append(f"{t('hover.industries', lang)}: {_wrap(sep.join(industries), _wrap_width(lang, 22))}")
            ids.append(cluster_id)
            parents.append(f"group/{group_id}")
            labels.append(_wrap(row[name_col], width))
            colors.append(_blend(color, 0.4))
            custom.append([cluster_id, "<br>".join(hover_lines)])
            for position, industry in enumerate(industries):
                ids.append(f"{cluster_id}/{position}")
                parents.append(cluster_id)
                labels.append(_wrap(industry, _wrap_width(lang, 6)))
                colors.append(_blend(color, 0.18))
                custom.append([cluster_id, f"<b>{industry}</b><br>{t('hover.cluster', lang)}: {row[name_col]}"])
    fig = FigureSpec().add_trace(
        dict(
            type="treemap",
            ids=ids,
            parents=parents,
            labels=labels,
            marker=dict(colors=colors, line=dict(color="white", width=1.5)),
            customdata=custom,
            hovertemplate="%{customdata[1]}<extra></extra>",
            textinfo="label",
            maxdepth=3,
            tiling=dict(pad=2),
            pathbar=dict(visible=True, textfont=dict(size=11)),
            insidetextfont=dict(size=12),
            root=dict(color="#f2f2f2"),
        )
    )
    industries_total = sum(len([i for i in (v or "").split(Cluster.LIST_SEP) if i]) for v in clusters[industries_col])
    return _finish(
        fig,
        lang=lang,
        title=t("clusters.title", lang),
        subtitle=t("clusters.subtitle", lang),
        description=t(
            "clusters.description",
            lang,
            groups=clusters[Cluster.GROUP_ID].nunique(),
            clusters=len(clusters),
            industries=industries_total,
        ),
        gap=6,
        legend=False,
        height=520,
    )
