"""Callbacks: validate input -> ask a service -> hand back what it answers.

Wiring, one module per concern:
  ``view``        URL <-> region filter + language (browser-side); a click on
                  the overview sets the filter.
  ``charts``      region filter + language -> every chart, into one store that
                  a browser-side callback hands to the graphs whose content
                  changed; once they are drawn, charts-settled.
  ``table``       charts-settled + page + sort -> one page of the table; the
                  download button -> its CSV.
  ``provenance``  a click on any chart mark or table cell -> the provenance panel.
  ``export``      charts-settled -> each graph's export data; a chart's PNG/SVG
                  button -> an image made in the browser; export-all -> a ZIP
                  rendered on the server.
  ``texts``       the language -> the page's texts.

Every payload is untrusted JSON: the services clean it (services.view) and
fall back to the default view instead of raising. Each module records its
callbacks at import (``wiring.wires``); ``register_callbacks`` applies them
to one app.
"""

from __future__ import annotations

from dash import Dash

from components.web.callbacks import charts, explorer, export, provenance, table, texts, view  # noqa: F401 - they record their wiring
from components.web.callbacks.wiring import register


def register_callbacks(app: Dash) -> None:
    register(app)
