"""What every chart shares: fonts, marks, labels, hover, the frame around the plot.

Conventions (see ``finish``):

* one colour per region (``Catalog.region(...).color``, colour-blind safe),
  and the region named in the legend or on the mark, so colour is never the
  only cue;
* a solid bar is a stated, exact number; a hatched bar ("/") is a bound
  (≥ at least / ≤ up to, also marked in its label); a cross-hatched bar
  ("x") is derived, computed from stated numbers; an outline is an earlier
  period of the same indicator; a dotted bar (".") is context (a pool, not
  an amount paid); on lines, an open marker is a derived value;
* ``customdata[0]`` of every mark that stands for a fact is its ``fact_id``
  (the overview's is the ``region_id``) -> the page's click handler shows the
  provenance or sets the region filter; marks that stand for no single fact
  (a median) carry "";
* the hover repeats only what the data table shows: indicator, value with
  unit and qualifier, period, region;
* title and subtitle at the top (the subtitle names the regions shown),
  legend horizontal under them, notes and the source line (every source of
  the facts shown) at the bottom inside the figure, ``layout.meta
  ["description"]`` for the page's aria-label.

Nothing here imports Dash or writes module state at request time.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from pandas.api.types import is_object_dtype, is_string_dtype

from components.charts.figspec import TEMPLATE, FigureSpec
from components.data.catalog import Catalog
from components.data.schema import Fact, qualifier_label
from components.text import LANGS, t
from components.text.formatting import format_number, format_period, format_value

FONT_FAMILY = '"Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif'

BOUND_PATTERN = "/"
DERIVED_PATTERN = "x"
CONTEXT_PATTERN = "."
BOUNDS = ("at_least", "at_most", "approx")

# How a bar is drawn (``bar_marker``), and the key that explains each.
SOLID, BOUND, DERIVED, EARLIER, CONTEXT = "solid", "bound", "derived", "earlier", "context"
STYLE_KEYS = {SOLID: "key.solid", BOUND: "key.bound", DERIVED: "key.derived", EARLIER: "key.earlier", CONTEXT: "key.context"}

# Pixels below the plot area taken by tick labels (and an axis title) before
# the notes and the source line start. Annotations cannot be placed relative
# to the figure's bottom edge, so the gap is fixed and the margin sized to it.
GAP_TICKS = 30
GAP_TICKS_TITLE = 52
LINE_PX = 15

# The columns labels, value texts and hover read from a fact.
ROW_COLUMNS = (
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
    Fact.SOURCE_FILE,
)


# --- colours and text widths -------------------------------------------------------


def tint(hex_color: str, alpha: float) -> str:
    """``#rrggbb`` as ``rgba`` with the given opacity (a lighter fill on white)."""
    red, green, blue = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def _is_cjk(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef" or "\u3000" <= char <= "\u303f"


def text_width(text: str) -> float:
    """Width in units of one Latin character: a CJK character counts about two."""
    return sum(1.9 if _is_cjk(c) else 1.0 for c in text)


_UNIT_CHARS = "万亿元亩斤头倍年个%"
# Never at the start of a line: closing brackets and clause punctuation, full-width and ASCII.
_CLOSING = "\uff09\u3011\u300b\u300d\u300f\uff0c\u3002\uff1b\uff1a\u3001\uff01\uff1f),.;:!?"


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


def wrap(text: str, width: float) -> str:
    """Break ``text`` with ``<br>`` so no line is wider than ``width`` Latin characters.

    Breaks at spaces in English; Chinese may break between any characters.
    Existing ``<br>`` are kept.
    """
    lines = []
    for paragraph in text.split("<br>"):
        line = ""
        for token in _tokens(paragraph):
            if line and text_width(line + token) > width:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line += token
        lines.append(line.rstrip())
    return "<br>".join(lines)


def wrap_width(lang: str, chars_zh: int) -> float:
    return chars_zh * 1.9 if lang == "zh" else chars_zh * 2.0


def left_margin(labels: Iterable[str], font_px: float = 12) -> int:
    """Room for horizontal tick labels (the widest line), so notes can align to the edge."""
    widest = max((text_width(line) for label in labels for line in label.split("<br>")), default=0)
    return int(widest * font_px * 0.58) + 16


# --- room for bar labels on a phone ---------------------------------------------------------

# A chart's whole width on a 375 px phone (the card's inner width, measured in
# Chromium). Axis ranges leave room for outside bar labels at this width, the
# narrowest a reader meets; wider screens only get more room.
PHONE_CHART_PX = 335
RIGHT_MARGIN_PX = 20  # finish()'s right margin
# Pixels per text_width unit of 12 px text (a Latin character; CJK count 1.9),
# measured a little wide so a label never ends up a few pixels outside.
UNIT_PX_12 = 6.6
LABEL_GAP_PX = 6  # between a bar's end and its outside label
SMALLEST_BAR_SHARE = 0.3  # the longest bar keeps at least this share of the plot's width


def label_px(text: str, font_px: float = 12) -> float:
    """Drawn width of a label's widest line, in pixels."""
    lines = str(text).replace("<b>", "").replace("</b>", "").split("<br>")
    return max(text_width(line) for line in lines) * UNIT_PX_12 * font_px / 12


def phone_plot_px(left: int) -> float:
    """Width of the plot area on a phone, given the left margin the tick labels take."""
    return PHONE_CHART_PX - left - RIGHT_MARGIN_PX


def room_for_labels(traces: Iterable[dict], *, low: float, high: float, left: int, log: bool = False) -> float:
    """The axis' upper end (in axis units: log10 for a log axis) at which every outside label fits on a phone.

    ``low`` and ``high`` are the range the chart would use anyway; the upper
    end only grows. A bar ending at ``p`` and labelled ``w`` px wide fits when
    ``(p - low) / (top - low) * plot + gap + w <= plot``.
    """
    plot = phone_plot_px(left)
    top = high
    for trace in traces:
        if trace.get("textposition") != "outside":
            continue
        for x, text in zip(trace.get("x") or (), trace.get("text") or ()):
            if x is None or not text or (log and x <= 0):
                continue
            end = math.log10(x) if log else float(x)
            share = max(SMALLEST_BAR_SHARE, 1 - (label_px(text) + LABEL_GAP_PX) / plot)
            top = max(top, low + (end - low) / share)
    return top


def log_range(low: float, high: float, pad_right: float = 0.9) -> list[float]:
    """Log-axis range with room on the right for outside value labels."""
    return [math.log10(low) - 0.3, math.log10(high) + pad_right]


def linear_ticks(top: float, count: int = 4) -> list[float]:
    """Round tick values from 0 up to ``top``: steps of 1, 2 or 5 × 10^n."""
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return [i * step for i in range(int(top // step) + 1)]


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values covering [low, high]: steps of 1, 2 or 5 × 10^n (not necessarily from 0)."""
    if not high > low:
        return [low]
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9)
    return [round(i * step, 12) for i in range(first, int(math.floor(high / step + 1e-9)) + 1)]


def compact(value: float, lang: str) -> str:
    """Axis tick text: "3万" / "30k"."""
    return format_number(value, lang=lang, compact=True)


# --- facts as marks -------------------------------------------------------------------


def rows_of(frame: pd.DataFrame) -> list[dict]:
    """The facts as one plain dict per row (``ROW_COLUMNS`` only).

    Made column by column: ``iterrows`` builds a Series per row out of every
    column, and a builder reads each row several times.
    """
    return [dict(zip(ROW_COLUMNS, values)) for values in zip(*(frame[column].tolist() for column in ROW_COLUMNS))]


def indicator_label(row: dict, lang: str, catalog: Catalog) -> str:
    """The indicator's short name for axes (metadata ``indicators``), else its name in the data."""
    label = catalog.indicator(row[Fact.INDICATOR_ID])
    if label is not None:
        return label.short(lang)
    return row[Fact.INDICATOR_ZH] if lang == "zh" else row[Fact.INDICATOR_EN]


def value_text(row: dict, lang: str) -> str:
    return format_value(row[Fact.VALUE], row[Fact.UNIT], row[Fact.QUALIFIER], lang=lang)


def fact_customdata(rows: list[dict], lang: str, catalog: Catalog, labels: list[str] | None = None, extra: list[str] | None = None) -> list[list]:
    """Per fact: [fact_id, indicator, value, period, region, status line].

    The status line names the qualifier or "derived", the two things a mark's
    pattern stands for, and any extra text (e.g. a growth rate).
    """
    customdata = []
    for position, row in enumerate(rows):
        status = []
        if row[Fact.QUALIFIER] != "exact":
            status.append(qualifier_label(row[Fact.QUALIFIER], lang))
        if bool(row[Fact.DERIVED]):
            status.append(t("hover.derived", lang))
        if extra and extra[position]:
            status.append(extra[position])
        label = labels[position] if labels else (row[Fact.INDICATOR_ZH] if lang == "zh" else row[Fact.INDICATOR_EN])
        customdata.append(
            [
                row[Fact.FACT_ID],
                label.replace("<br>", ""),
                value_text(row, lang),
                format_period(row[Fact.PERIOD], lang=lang),
                catalog.region(row[Fact.REGION_ID]).name(lang),
                "<br>".join(status),
            ]
        )
    return customdata


def fact_hovertemplate(lang: str) -> str:
    return (
        "<b>%{customdata[1]}</b><br>"
        f"{t('hover.value', lang)}: %{{customdata[2]}}<br>"
        f"{t('hover.period', lang)}: %{{customdata[3]}}<br>"
        f"{t('hover.region', lang)}: %{{customdata[4]}}<br>"
        "%{customdata[5]}<extra></extra>"
    )


def fact_style(row: dict) -> str:
    """How a stated or derived fact's bar is drawn: derived (cross-hatched), bound (hatched) or solid.

    Derived first: a derived value is rounded to what its inputs support and
    so marked approx, which is not what the hatch of a bound means.
    """
    if bool(row[Fact.DERIVED]):
        return DERIVED
    return BOUND if row[Fact.QUALIFIER] in BOUNDS else SOLID


def bar_marker(styles: list[str], colors: list[str]) -> dict:
    """Fill, outline and pattern per bar for the styles of the module docstring."""
    shapes = [BOUND_PATTERN if s == BOUND else DERIVED_PATTERN if s == DERIVED else CONTEXT_PATTERN if s == CONTEXT else "" for s in styles]
    fills = [
        c if s == SOLID else "rgba(255,255,255,0)" if s == EARLIER else tint(c, 0.15 if s == CONTEXT else 0.25)
        for c, s in zip(colors, styles)
    ]
    return dict(
        color=fills,
        line=dict(color=colors, width=[2 if s == EARLIER else 1.5 for s in styles]),
        # plotly_white's "overlay" fill mode: each patterned bar is drawn on
        # its own fill with a contrasting pattern (plotly.js takes both from
        # the per-bar marker colour). Its defaults step derives a contrast
        # colour from pattern.bgcolor, which is marker.color unless given,
        # and fails on a per-bar list: a console warning with a stack trace
        # per trace and draw. One valid colour here avoids that and is not
        # what gets drawn.
        pattern=dict(shape=shapes, fgcolor=colors, bgcolor=fills[0] if fills else None, size=7, solidity=0.35),
    )


def key_note(styles: Iterable[str], lang: str) -> str:
    """"图例:实心 = 原文确切值;斜线 = …" for the bar styles a chart uses, in a fixed order."""
    used = [STYLE_KEYS[s] for s in STYLE_KEYS if s in set(styles)]
    if len(used) < 2 and used != [STYLE_KEYS[BOUND]] and used != [STYLE_KEYS[DERIVED]]:
        return ""  # solid bars alone need no key
    return t("key.prefix", lang) + ("；" if lang == "zh" else "; ").join(t(key, lang) for key in used)


# --- regions ------------------------------------------------------------------------------


def region_list(region_ids: Iterable[str], lang: str, catalog: Catalog, limit: int = 4) -> str:
    """"张家港、虚构县" / "Zhangjiagang, Fictional County"; beyond ``limit`` "张家港、…等12个地区"."""
    ordered = catalog.ordered(region_ids)
    names = [catalog.region(r).short(lang) for r in ordered]
    sep = "、" if lang == "zh" else ", "
    if len(names) <= limit:
        return sep.join(names)
    return t("regions.and_more", lang, names=sep.join(names[:limit]), count=len(names))


def source_files(frames: Iterable[pd.DataFrame]) -> list[str]:
    files: set[str] = set()
    for frame in frames:
        if len(frame) and Fact.SOURCE_FILE in frame:
            files.update(frame[Fact.SOURCE_FILE].astype(str).unique())
    return sorted(files)


# --- the frame around the plot ------------------------------------------------------------


def _source_text(line: str) -> str:
    # Keeps the line inside a 375 px wide figure: break after each source.
    parts = line.replace(";", ";<br>").replace("; ", ";<br>")
    return "<br>".join(part if text_width(part) <= 62 else part.replace(" · ", " ·<br>") for part in parts.split("<br>"))


def finish(
    fig: FigureSpec,
    *,
    lang: str,
    catalog: Catalog,
    title: str,
    subtitle: str,
    description: str,
    gap: int,
    sources: Iterable[str],
    notes: Iterable[str] = (),
    left: int = 10,
    legend: bool = True,
    legend_y: float = 1.01,
    height: int | None = None,
) -> go.Figure:
    """Apply the shared layout (font, title, legend, margins, notes, source, meta) and make the figure."""
    notes = [n for n in notes if n]
    note_text = "<br>".join(wrap(n, wrap_width(lang, 30)) for n in notes)
    source = _source_text(catalog.source_line(sources, lang))
    source_lines = source.count("<br>") + 1
    note_lines = note_text.count("<br>") + 1 if note_text else 0
    bottom = gap + (note_lines + source_lines) * LINE_PX + 10
    annotations = fig.annotations
    if note_text:
        annotations.append(
            dict(
                name="notes", text=note_text, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                xshift=-(left - 8), yshift=-gap, showarrow=False, align="left", font=dict(size=11, color="#333333"),
            )
        )
    annotations.append(
        dict(
            name="source", text=source, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
            xshift=-(left - 8), yshift=-(gap + note_lines * LINE_PX + 4), showarrow=False, align="left",
            font=dict(size=10, color="#666666"),
        )
    )
    legend_rows = _legend_rows(fig, phone_plot_px(left)) if legend else 0
    # Title and subtitle wrap to the phone's width; each extra line moves the plot down.
    title = wrap(title, TITLE_WIDTH)
    subtitle = wrap(subtitle, SUBTITLE_WIDTH)
    extra_top = TITLE_LINE_PX * title.count("<br>") + 16 * subtitle.count("<br>")
    fig.update_layout(
        template=TEMPLATE,
        font=dict(family=FONT_FAMILY, size=12, color="#222222"),
        hoverlabel=dict(font=dict(family=FONT_FAMILY)),
        title=dict(
            text=title,
            subtitle=dict(text=subtitle, font=dict(size=12, color="#555555")),
            # plotly draws the lines of a wrapped title upwards from the first
            # (plotly.js#6472): move it down by the extra lines.
            x=0, xref="container", xanchor="left", y=1, yref="container", yanchor="top",
            pad=dict(t=10 + TITLE_LINE_PX * title.count("<br>"), l=10),
            font=dict(size=16),
        ),
        showlegend=legend,
        # "normal": a grouped horizontal legend would stack its groups one per row.
        legend=dict(orientation="h", traceorder="normal", x=0, xanchor="left", y=legend_y, yanchor="bottom", font=dict(size=11),
                    bgcolor="rgba(255,255,255,0)"),
        # Room above the plot for every row the legend wraps into, so it never covers the title.
        margin=dict(l=left, r=RIGHT_MARGIN_PX, t=((106 + 22 * legend_rows) if legend else 80) + extra_top, b=bottom, autoexpand=True),
        annotations=annotations,
        meta={"description": description},
        separators=".,",
        # Narrow bars would otherwise shrink their labels to nothing on a phone.
        uniformtext=dict(minsize=9, mode="show"),
    )
    if height:
        fig.update_layout(height=height + 22 * max(0, legend_rows - 1) + extra_top)
    return fig.figure()


TITLE_LINE_PX = 21
# Title (16 px) and subtitle (12 px) lines that fit a phone, in text_width units.
TITLE_WIDTH = 34
SUBTITLE_WIDTH = 46


def _legend_rows(fig: FigureSpec, row_px: float) -> int:
    """How many rows the horizontal legend takes in ``row_px``, from its entries' names (7 px a Latin character, 40 px a swatch).

    The legend wraps inside the plot's width; the room left is for a phone's
    (on a wider screen it takes fewer rows).
    """
    entries = [t_.get("name", "") for t_ in fig.data if t_.get("showlegend", True) and t_.get("name")]
    if not entries:
        return 0
    rows, used = 1, 0.0
    for name in entries:
        width = text_width(name) * 7 + 40
        if used and used + width > row_px:
            rows, used = rows + 1, 0.0
        used += width
    return rows


# A chart without data: a short box for the message. The page does not draw
# it (the chart's box closes to one line, services.charts.chart_item); the
# height is for anything else that renders the figure.
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
        annotations=[dict(name="message", text=message, xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False, font=dict(size=16))],
        meta={"description": t("empty.description", lang, message=message)},
    ).figure()


@functools.lru_cache(maxsize=len(LANGS))
def no_data(lang: str) -> go.Figure:
    """One figure per language, shared: a county view at national size has several of them.

    Like every builder's output it is never changed after it is built.
    """
    return build_empty_figure(t("chart.no_data", lang), lang=lang)


# --- untrusted text -------------------------------------------------------------------------

# Plotly reads <b>, <a href>, <br> and entities in every label, tick and hover
# text. Data is untrusted and must show as typed, never as markup.
_MARKUP = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _has_markup(value: object) -> bool:
    return isinstance(value, str) and ("<" in value or ">" in value or "&" in value)


def _any_markup(values) -> bool:
    """Whether any value has markup: one C-level join, not a call per cell (2,850 regions per chart)."""
    # As a NumPy object array first: iterating a pandas string array or
    # Index element by element costs ~1 µs per value.
    values = np.asarray(values, dtype=object).tolist()
    try:
        return _has_markup("".join(values))
    except TypeError:  # not all strings: an object column may hold numbers or NA
        return any(map(_has_markup, values))


@functools.lru_cache(maxsize=256)
def _categories_marked(dtype: pd.CategoricalDtype) -> bool:
    """Whether a categorical column's categories hold markup, checked once per dtype.

    Every selection of the loaded facts shares its columns' dtypes, and each
    builder escapes its frame: at national size that was ~9,000 categories
    read per builder and view. A dtype hashes its categories once.
    """
    return _any_markup(dtype.categories)


def escape_markup(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with ``& < >`` in its strings as entities, which Plotly shows as the characters.

    Frames without them come back as they are.
    """
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


def data_as_text(builder: Callable[..., go.Figure]) -> Callable[..., go.Figure]:
    """Escape the data frames a builder is given (its positional arguments)."""

    @functools.wraps(builder)
    def build(*frames: pd.DataFrame, **options) -> go.Figure:
        return builder(*map(escape_markup, frames), **options)

    return build
