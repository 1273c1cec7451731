"""Baselines of bench/run.py: a tutorial-style one-graph Dash app and a bare Flask endpoint.

Default settings throughout (full plotly.js, no compression), as a typical
tutorial produces; ``trivial`` is the cheapest possible Dash callback.
"""

from __future__ import annotations

import plotly.graph_objects as go
from dash import Dash, Input, Output, dcc, html
from flask import Flask, jsonify

app = Dash(__name__)
app.layout = html.Div(
    [
        dcc.Dropdown(["a", "b"], "a", id="choice"),
        dcc.Graph(id="graph", figure=go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))),
        html.Div(id="echo"),
    ]
)


@app.callback(Output("echo", "children"), Input("choice", "value"))
def trivial(value):
    return value


server = app.server
# Dash finishes its set-up on the first request, unguarded: two threads of a
# fresh worker can both see it half done ("dash is not a registered
# library", a blank page). One request here, in the gunicorn master
# (--preload), completes it, as the dashboard's factory does. Nothing the
# page ships changes.
server.test_client().get("/")

floor = Flask(__name__)


@floor.get("/ping")
def ping():
    return jsonify(ok=True)
