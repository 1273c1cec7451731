"""What the server does with hostile requests: headers, limits, errors.

``protect(app)`` is called once by the factory, after every callback is
registered (the CSP hashes Dash's inline scripts, so they must all exist):

* security headers on every response, and on every response that a browser
  could show as a document a Content-Security-Policy built from
  ``app.csp_hashes()``, so no inline script runs unless Dash wrote it (scripts,
  stylesheets and JSON are never documents with scripts of their own, and the
  policy's 650 bytes on each of the page's ~25 of them would cost 16 KB of
  the first load);
* request bodies over ``MAX_BODY_BYTES`` get 413 before anything parses them;
* a callback request whose shape does not match a registered callback (unknown
  output, ids or properties other than the declared ones, bodies that are not
  JSON objects) is a 400 before Dash looks at it: Dash indexes into the body
  unguarded, so a malformed one would otherwise be a 500. The values inside a
  well-formed request are the callbacks' to validate (``components.web.callbacks``);
* unknown pages and unknown component-suite files are 404 (Dash serves its
  page for any path and raises on an unknown bundle path, a 500);
* an unexpected error is answered with a generic message; the traceback goes
  to the log only.

Debug mode (Werkzeug's debugger, Dash's dev tools) is never on here: only
``python app.py`` with ``DASHBOARD_DEBUG=1`` turns it on.
"""

from __future__ import annotations

from dash import Dash
from flask import Response, abort, request
from werkzeug.exceptions import HTTPException, InternalServerError

from components.web.dash_internals import (
    CATCH_ALL_RULE,
    UPDATE_PATH,
    DependencyException,
    declared_outputs,
    is_server_callback,
    property_name,
)

MAX_BODY_BYTES = 1024 * 1024  # a real callback request is a few kilobytes

# Same-origin everything; the two exceptions are what Dash and Plotly need:
# Plotly sets inline styles on its SVG ('unsafe-inline' styles cannot run
# code), and its image export draws through data: and blob: URLs.
POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],  # + the hashes of Dash's inline scripts
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def content_security_policy(script_hashes: list[str]) -> str:
    # A script shared by several clientside callbacks is written once per callback.
    unique = list(dict.fromkeys(script_hashes))
    policy = dict(POLICY, **{"script-src": POLICY["script-src"] + unique})
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())


# Responses that are only ever loaded by a page, never shown as a document:
# a CSP there has nothing to govern.
SUBRESOURCE_TYPES = frozenset({"application/javascript", "text/javascript", "text/css", "application/json"})


def security_headers(script_hashes: list[str]) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(script_hashes),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",  # for browsers that ignore frame-ancestors
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


# Answers the server writes before (or instead of) the app: gunicorn's own
# 400/414/431 pages and the serving layer's 408/413 (components.web.http.serving).
# Plain text with nothing to load, so the strictest policy fits.
ERROR_PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _declared(sent: object, declared: list[dict]) -> bool:
    """Is ``sent`` exactly the list of {id, property} items a callback declares?

    The page has no pattern-matching callbacks, so ids compare as equal strings.
    """
    if not isinstance(sent, list) or len(sent) != len(declared):
        return False
    return all(
        isinstance(item, dict)
        and item.get("id") == spec["id"]
        and property_name(item.get("property")) == property_name(spec["property"])
        for item, spec in zip(sent, declared)
    )


def callback_request_problem(body: object, callback_map: dict) -> str | None:
    """Why a /_dash-update-component body is not one the page could send, or None."""
    if not isinstance(body, dict):
        return "the body is not a JSON object"
    output = body.get("output")
    spec = callback_map.get(output) if isinstance(output, str) else None
    if spec is None or not is_server_callback(spec):  # clientside callbacks run in the browser only
        return "unknown output"
    if not _declared(body.get("inputs"), spec["inputs"]) or not _declared(body.get("state", []), spec["state"]):
        return "inputs or state differ from the callback's"
    outputs = body.get("outputs")
    declared = declared_outputs(output)
    if not _declared(outputs if output.startswith("..") else [outputs], declared):
        return "outputs differ from the callback's"
    changed = body.get("changedPropIds", [])
    known = {f"{item['id']}.{item['property']}" for item in spec["inputs"]}
    if not isinstance(changed, list) or not all(isinstance(p, str) and p in known for p in changed):
        return "changedPropIds names no input of the callback"
    return None


def protect(app: Dash) -> None:
    """Wire headers, limits and error handling into the app's server."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    headers = security_headers(app.csp_hashes())

    @server.before_request
    def refuse_what_no_page_sends():
        rule = request.url_rule
        if rule is not None and rule.rule == CATCH_ALL_RULE:
            abort(404)
        if request.path == UPDATE_PATH and request.method == "POST":
            try:
                body = request.get_json(silent=True)  # cached for Dash; 413 when too large
            except RecursionError:  # JSON nested deeper than the parser recurses
                body = None
            problem = callback_request_problem(body, app.callback_map)
            if problem:
                return Response(f"bad callback request: {problem}\n", status=400, mimetype="text/plain")
        return None

    @server.after_request
    def add_headers(response: Response) -> Response:
        subresource = response.mimetype in SUBRESOURCE_TYPES
        for name, value in headers.items():
            if not (subresource and name == "Content-Security-Policy"):
                response.headers.setdefault(name, value)
        return response

    server.register_error_handler(DependencyException, _not_found)
    server.register_error_handler(InternalServerError, _generic_error)


def _not_found(_exc: Exception) -> Response:
    return Response("not found\n", status=404, mimetype="text/plain")


def _generic_error(_exc: HTTPException) -> Response:
    # Flask has already logged the original exception with its traceback;
    # the client learns only that something failed.
    return Response("internal server error\n", status=500, mimetype="text/plain")
