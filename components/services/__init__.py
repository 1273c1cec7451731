"""What the page, the downloads and the command line ask of the data, without Dash.

Each service takes an untrusted view (regions, language, ...) and answers
from the current store (``components.data.store.current_store``): chart
outputs (``charts``), table pages and CSV (``table``, ``downloads``) and
export bundles (``exports``). The Dash callbacks (``components.web.callbacks``)
and the batch command (``components.cli.export``) both call them, so a
service can be called and tested without the Dash wiring.
"""
