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
    """The figure as JSON-ready dicts (its template already trimmed to the trace types drawn, figspec)."""
    return json.loads(json.dumps(fig.to_plotly_json(), cls=PlotlyJSONEncoder))
