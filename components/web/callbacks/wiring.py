"""How callbacks are recorded and registered.

Dash's global ``@callback`` list is consumed by the first app that serves a
request, so a second app in the same process (the tests build one per test)
would get no callbacks. Each callback module records its functions with
``wires`` at import instead, and ``register`` applies them to one app.
Browser-side callbacks are named functions of ``assets/clientside.js``
(namespace ``dashboard``), recorded with ``clientside``.
"""

from __future__ import annotations

from dash import ClientsideFunction, Dash, ctx
from dash.exceptions import MissingCallbackContextException

# (function, args, kwargs) of every server callback, in import order.
WIRING: list[tuple] = []
# (function name in assets/clientside.js, args, kwargs) of every browser-side callback.
CLIENTSIDE: list[tuple] = []
NAMESPACE = "dashboard"


def wires(*args, **kwargs):
    """Record a module-level function as a callback with this wiring."""

    def record(func):
        WIRING.append((func, args, kwargs))
        return func

    return record


def clientside(function_name: str, *args, **kwargs) -> None:
    """Record ``dash_clientside.dashboard.<function_name>`` as a browser-side callback."""
    CLIENTSIDE.append((function_name, args, kwargs))


def register(app: Dash) -> None:
    for func, args, kwargs in WIRING:
        app.callback(*args, **kwargs)(func)
    for name, args, kwargs in CLIENTSIDE:
        app.clientside_callback(ClientsideFunction(NAMESPACE, name), *args, **kwargs)


def triggered_id():
    """The id of what fired the running callback; None when the function is called outside one (tests)."""
    try:
        return ctx.triggered_id
    except MissingCallbackContextException:
        return None
