"""Figures as the plain JSON data Dash sends, built once and cached.

Dash serialises a go.Figure through plotly's validating encoder on every
response (about 8 ms for the page's seven charts); a plain dict of lists and
strings takes a fifth of that, and pickles small for the shared cache.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder


def plain_figure(fig: go.Figure) -> dict:
    """The figure as JSON-ready dicts, its template cut to the trace types it draws.

    plotly_white carries default styles for ~40 trace types (7 KB); the
    browser applies only those of the traces present, so the rest is dropped
    from every response without changing a pixel.
    """
    plain = json.loads(json.dumps(fig.to_plotly_json(), cls=PlotlyJSONEncoder))
    template = plain.get("layout", {}).get("template")
    if isinstance(template, dict) and isinstance(template.get("data"), dict):
        used = {trace.get("type", "scatter") for trace in plain.get("data", [])}
        template["data"] = {kind: styles for kind, styles in template["data"].items() if kind in used}
    return plain
