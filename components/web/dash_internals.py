"""Every assumption the dashboard makes about Dash's internals (Dash 4.1.0), in one module.

The HTTP layer reads and fakes callback requests, strips a script from
Dash's page, maps Dash's errors and completes its first-request set-up; the
browser code overrides ``Plotly.Plots.resize`` (assets/plotly-resize.js).
None of that is Dash's public API, so each assumption is named here once
and ``tests/unit/test_dash_internals.py`` checks each against the installed
Dash: a Dash upgrade (past 4.1.0 once plotly/dash#3846's fix is released)
is a test run that says which assumption broke, not an investigation.

Assumptions:

1. Callback requests are POSTed to ``UPDATE_PATH`` as {output, outputs,
   inputs, state, changedPropIds}; ``output`` is the callback's key in
   ``app.callback_map``: "id.prop" for one output, "..a.p...b.q.." for
   several; ``outputs`` is then the object {id, property} itself or the list
   of them (``callback_body``, ``declared_outputs``).
2. An output with ``allow_duplicate=True`` carries its property as
   "prop@<hash>" (``property_name``).
3. ``app.callback_map[key]`` holds "inputs" and "state" as lists of {id,
   property}, and "callback" for server callbacks only (clientside ones
   never reach the server).
4. Dash serves its page for any path through the rule ``CATCH_ALL_RULE``,
   and raises ``DependencyException`` for an unknown component-suite file.
5. Dash's page loads @babel/polyfill from a script tag ``POLYFILL_SCRIPT``
   matches, in the scripts ``interpolate_index`` receives (``LeanDash``).
6. Dash finishes setting itself up on the first request, unguarded
   (``finish_setup``).
7. In the browser: ``Plotly.Plots.resize`` is what dcc.Graph's resize
   observer calls (assets/plotly-resize.js), and dcc.Graph applies a new
   ``config`` only with its next figure (assets/clientside.js graphConfigs).
8. ``interpolate_index`` receives the page as parts: ``app_entry`` (the
   ``react-entry-point`` box), ``scripts`` (a ``<script src>`` tag per
   script, in load order) and ``renderer`` (the inline script that starts
   ``DashRenderer``), so the first paint can stand in front of the box and
   the scripts be started by assets/boot.js (``web.firstpaint``).
"""

from __future__ import annotations

import re

import dash
from dash import Dash
from dash.exceptions import DependencyException
from flask import Flask

from components.web.document import fill_lang

DASH_VERSION = "4.1.0"  # the version these assumptions were checked against
UPDATE_PATH = "/_dash-update-component"
CATCH_ALL_RULE = "/<path:path>"
__all__ = ["DependencyException"]


# --- 1-3: callback requests --------------------------------------------------------------


def output_key(outputs: list[tuple[str, str]]) -> str:
    """The callback_map key of a callback with these (id, property) outputs."""
    if len(outputs) == 1:
        return f"{outputs[0][0]}.{outputs[0][1]}"
    return ".." + "...".join(f"{i}.{p}" for i, p in outputs) + ".."


def declared_outputs(key: str) -> list[dict]:
    """The {id, property} list a callback key names ("..a.b...c.d.." or "a.b")."""
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    return [dict(zip(("id", "property"), part.rsplit(".", 1))) for part in parts]


def property_name(name: object) -> object:
    """A property without the "@hash" of an allow_duplicate output."""
    return name.split("@", 1)[0] if isinstance(name, str) else name


def callback_body(outputs: list[tuple[str, str]], inputs: list[tuple[str, str, object]], state: list[tuple[str, str, object]] = (), changed: list[str] | None = None) -> dict:
    """The body dash-renderer posts for a callback (a single output as the object itself, not a list)."""
    declared = [{"id": i, "property": p} for i, p in outputs]
    return {
        "output": output_key(list(outputs)),
        "outputs": declared[0] if len(declared) == 1 else declared,
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"] if changed is None and inputs else list(changed or []),
        "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
    }


def body_values(body: dict) -> dict[str, object]:
    """"id.prop" -> value of every input and state of a (validated) callback body."""
    items = [*body.get("inputs", []), *body.get("state", [])]
    return {f"{item['id']}.{item['property']}": item.get("value") for item in items}


def is_server_callback(spec: dict) -> bool:
    return "callback" in spec


# --- 5: the page without @babel/polyfill ---------------------------------------------------

# Dash's page loads @babel/polyfill (core-js 2 and regenerator-runtime) for
# browsers older than any that runs React 18. Modern browsers need none of
# core-js, which also swaps native builtins it judges non-conforming for
# slower copies (String.prototype.trim: ~4 % of a chart's drawing time).
# Dash's bundles do use the global regeneratorRuntime, which
# assets/regenerator-runtime.min.js provides (2.7 KB instead of 29 KB).
POLYFILL_SCRIPT = re.compile(r'<script src="[^"]*/deps/polyfill@[^"]*"></script>\s*')


class LeanDash(Dash):
    """Dash whose page does not load @babel/polyfill, says its language (components.web.document),
    and whose page parts the factory may rewrite.

    ``index_parts`` (set by the factory: ``web.firstpaint.page_parts``)
    receives the parts ``interpolate_index`` is given -- ``app_entry``,
    ``scripts``, ``renderer`` among them (assumption 8) -- and returns them
    changed.
    """

    index_parts = None

    def interpolate_index(self, **kwargs) -> str:
        kwargs["scripts"] = POLYFILL_SCRIPT.sub("", kwargs.get("scripts", ""))
        if self.index_parts is not None:
            kwargs = self.index_parts(kwargs)
        return fill_lang(super().interpolate_index(**kwargs))


# --- 6: the first request -----------------------------------------------------------------


def finish_setup(server: Flask):
    """Complete Dash's first-request set-up before anything is served; returns the page's response.

    Dash finishes its set-up on the first request, unguarded: two threads of
    a fresh worker can see it half done ("dash is not a registered
    library"). One request here completes it (in the gunicorn master when
    preloading, so every worker inherits it).
    """
    return server.test_client().get("/")


def installed_version() -> str:
    return dash.__version__
