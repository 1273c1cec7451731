"""A figure assembled as plain dicts and handed to plotly once, unvalidated.

plotly.py checks and copies every property on every ``update_layout``,
``update_xaxes``, ``add_trace`` and ``make_subplots`` call, and re-creates
and deep-copies the named template each time: 150–650 ms for the seven
charts of one view, almost none of it the charts' own work. ``FigureSpec``
offers the part of the ``go.Figure`` API the builders use, on dicts, with
the same results in ``to_dict()``; ``figure()`` makes the ``go.Figure`` at
the end without validation (about 1 ms instead of 10).

Skipping validation means a misspelt property is no longer an error here;
the unit tests pass every builder's output through plotly's full validation
instead. No Dash imports, no module state written.
"""

from __future__ import annotations

import json
import re
from typing import Iterable

import plotly.graph_objects as go
import plotly.io as pio
from plotly.utils import PlotlyJSONEncoder

TEMPLATE_NAME = "plotly_white"
# The template as plotly.py expands its name. Computed once: unvalidated, the
# name would reach plotly.js as a bare string and the look would change.
TEMPLATE: dict = pio.templates[TEMPLATE_NAME].to_plotly_json()

# make_subplots' subplot title font, when none is given.
SUBPLOT_TITLE_FONT_SIZE = 16
_AXIS_KEY = {"x": re.compile(r"xaxis\d*"), "y": re.compile(r"yaxis\d*")}


def merge(target: dict, updates: dict) -> dict:
    """Merge ``updates`` into ``target`` the way plotly's ``update`` does, and return ``target``.

    Nested dicts merge key by key (copied, never shared with the caller);
    every other value, lists included, replaces what was there.
    """
    for key, value in updates.items():
        if isinstance(value, dict):
            current = target.get(key)
            if not isinstance(current, dict):
                current = target[key] = {}
            merge(current, value)
        else:
            target[key] = value
    return target


def _axis_ref(letter: str, row: int) -> str:
    """Trace reference of a row's axis in a one-column grid: "x", "x2", …"""
    return letter if row == 1 else f"{letter}{row}"


class FigureSpec:
    """Traces and layout of one figure as plain dicts; ``figure()`` hands them to plotly.

    A spec made by ``subplots`` knows its grid, so ``row``/``col`` address a
    subplot as in plotly; a plain spec has one x and one y axis.
    """

    def __init__(self, layout: dict | None = None, rows: int | None = None) -> None:
        self.data: list[dict] = []
        self.layout: dict = merge({}, layout or {})
        self._rows = rows

    # --- traces ---------------------------------------------------------------

    def add_trace(self, trace: dict, row: int | None = None, col: int | None = None) -> FigureSpec:
        if row is not None or col is not None:
            row = self._check_cell(row, col)
            trace = {**trace, "xaxis": _axis_ref("x", row), "yaxis": _axis_ref("y", row)}
        self.data.append(trace)
        return self

    def _check_cell(self, row: int | None, col: int | None) -> int:
        if self._rows is None:
            raise ValueError("row and col need a spec made by subplots()")
        if col != 1 or row is None or not 1 <= row <= self._rows:
            raise ValueError(f"no subplot at row={row}, col={col} in a {self._rows}×1 grid")
        return row

    # --- layout ---------------------------------------------------------------

    def update_layout(self, **updates) -> FigureSpec:
        merge(self.layout, updates)
        return self

    def update_xaxes(self, row: int | None = None, col: int | None = None, **updates) -> FigureSpec:
        return self._update_axes("x", row, col, updates)

    def update_yaxes(self, row: int | None = None, col: int | None = None, **updates) -> FigureSpec:
        return self._update_axes("y", row, col, updates)

    def _update_axes(self, letter: str, row: int | None, col: int | None, updates: dict) -> FigureSpec:
        """One subplot's axis, or (no row and col) every axis of that letter, like plotly."""
        if row is not None or col is not None:
            row = self._check_cell(row, col)
            keys = [f"{letter}axis{'' if row == 1 else row}"]
        else:
            keys = [key for key in self.layout if _AXIS_KEY[letter].fullmatch(key)] or [f"{letter}axis"]
        for key in keys:
            merge(self.layout.setdefault(key, {}), updates)
        return self

    def add_shape(self, **shape) -> FigureSpec:
        self.layout.setdefault("shapes", []).append(merge({}, shape))
        return self

    def add_vline(self, x: float, **shape) -> FigureSpec:
        """A vertical line over the whole plot height: the shape plotly's ``add_vline`` makes on a single plot."""
        return self.add_shape(type="line", x0=x, x1=x, xref="x", y0=0, y1=1, yref="y domain", **shape)

    def add_annotation(self, **annotation) -> FigureSpec:
        self.layout.setdefault("annotations", []).append(merge({}, annotation))
        return self

    def update_annotations(self, **updates) -> FigureSpec:
        for annotation in self.layout.get("annotations", ()):
            merge(annotation, updates)
        return self

    @property
    def annotations(self) -> list[dict]:
        """The annotations so far (a new list of the same dicts)."""
        return list(self.layout.get("annotations", ()))

    @property
    def height(self) -> int | None:
        return self.layout.get("height")

    # --- the figure -------------------------------------------------------------

    def figure(self) -> go.Figure:
        """The ``go.Figure``, built without validation; plotly copies the dicts, so the spec may be dropped.

        The template keeps only the trace styles of the trace types drawn:
        plotly_white has them for ~40 types (7 KB), which plotly would deep-copy
        into every figure (3-4 ms of a "no data" box) and the browser ignore.
        """
        layout = self.layout
        template = layout.get("template")
        if isinstance(template, dict) and isinstance(template.get("data"), dict):
            drawn = {trace.get("type", "scatter") for trace in self.data}
            styles = {kind: value for kind, value in template["data"].items() if kind in drawn}
            trimmed = {key: value for key, value in template.items() if key != "data"}
            if styles:  # plotly drops an empty "data", so leave none
                trimmed["data"] = styles
            layout = {**layout, "template": trimmed}
        # _validate is private but stable in the pinned plotly 7.1.0.
        fig = go.Figure({"data": self.data, "layout": layout}, _validate=False)
        # The plain dicts, kept for plain_figure: plotly's to_plotly_json
        # deep-copies every list of the figure, a third of a view's build.
        fig._plain_spec = {"data": self.data, "layout": layout}
        return fig


def subplots(
    rows: int,
    *,
    row_heights: Iterable[float] | None = None,
    vertical_spacing: float | None = None,
    subplot_titles: Iterable[str] | None = None,
) -> FigureSpec:
    """``make_subplots(rows=rows, cols=1, …)`` as a spec: the same axis domains, anchors and title annotations.

    The arithmetic follows plotly 7.1.0's ``make_subplots`` step by step
    (start cell top-left), so the domains match it to the last bit.
    """
    if rows < 1:
        raise ValueError("rows must be at least 1")
    titles = list(subplot_titles) if subplot_titles is not None else None
    if vertical_spacing is None:
        vertical_spacing = (0.5 if titles is not None else 0.3) / rows
    if not 0 <= vertical_spacing <= 1 or (rows > 1 and vertical_spacing > 1.0 / (rows - 1)):
        raise ValueError(f"vertical_spacing {vertical_spacing} does not fit {rows} rows")
    free = 1.0 - vertical_spacing * (rows - 1)
    if row_heights is None:
        heights = [free / rows] * rows
    else:
        weights = list(row_heights)
        if len(weights) != rows:
            raise ValueError(f"row_heights needs {rows} numbers, got {len(weights)}")
        total = float(sum(weights))
        # Bottom row first, as plotly lays the grid out from the bottom.
        heights = [free * (weight / total) for weight in reversed(weights)]

    layout: dict = {}
    annotations = []
    for row in range(1, rows + 1):
        below = rows - row  # rows under this one
        start = sum(heights[:below]) + below * vertical_spacing
        end = start + heights[below]
        # plotly puts float error just outside [0, 1] back onto the edge.
        start = max(0.0, start)
        end = min(1.0, end)
        x_ref, y_ref = _axis_ref("x", row), _axis_ref("y", row)
        layout[f"xaxis{'' if row == 1 else row}"] = {"anchor": y_ref, "domain": [0.0, 1.0]}
        layout[f"yaxis{'' if row == 1 else row}"] = {"anchor": x_ref, "domain": [start, end]}
        if titles and row <= len(titles) and titles[row - 1]:
            annotations.append(
                {
                    "font": {"size": SUBPLOT_TITLE_FONT_SIZE},
                    "showarrow": False,
                    "text": titles[row - 1],
                    "x": 0.5,
                    "xanchor": "center",
                    "xref": "paper",
                    "y": end,
                    "yanchor": "bottom",
                    "yref": "paper",
                }
            )
    if annotations:
        layout["annotations"] = annotations
    return FigureSpec(layout, rows=rows)


def plain_figure(fig: go.Figure) -> dict:
    """The figure as the JSON-ready dicts Dash sends (its template already trimmed to the trace types drawn).

    Dash serialises a go.Figure through plotly's validating encoder on every
    response (about 8 ms for the page's charts); a plain dict of lists and
    strings takes a fifth of that, and pickles small for the shared cache.
    A figure made by ``FigureSpec.figure`` carries its dicts: one JSON
    round trip makes them plain (numbers, lists, new objects) without
    plotly's deep copy.
    """
    spec = getattr(fig, "_plain_spec", None)
    source = spec if spec is not None else fig.to_plotly_json()
    return json.loads(json.dumps(source, cls=PlotlyJSONEncoder))
