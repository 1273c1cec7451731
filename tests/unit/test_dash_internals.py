"""Each assumption of components.web.dash_internals, checked against the installed Dash.

When one of these fails after a Dash upgrade, the failure names the
assumption to revisit (see the module's docstring, numbered alike).
"""

import dash
import pytest
from dash import Dash, Input, Output, State, html

from components.web import dash_internals as di


def small_app(app_class=Dash) -> Dash:
    app = app_class(__name__, serve_locally=True)
    app.layout = html.Div([html.Div(id="a"), html.Div(id="b"), html.Div(id="c")])

    @app.callback(Output("a", "children"), Input("c", "children"), State("b", "title"))
    def one(value, state):
        return value

    @app.callback(Output("a", "title"), Output("b", "children"), Input("c", "children"))
    def two(value):
        return value, value

    @app.callback(Output("a", "children", allow_duplicate=True), Input("b", "children"), prevent_initial_call=True)
    def again(value):
        return value

    app.clientside_callback("function(x) { return x; }", Output("c", "title"), Input("a", "title"))
    return app


def test_the_version_these_assumptions_were_checked_against():
    """Dash is pinned (pyproject.toml); past 4.1.0, re-check every assumption below before changing the pin."""
    assert dash.__version__ == di.DASH_VERSION


def test_1_callback_keys_are_id_dot_property_and_dotted_lists():
    app = small_app()
    keys = set(app.callback_map)
    assert di.output_key([("a", "children")]) in keys
    assert di.output_key([("a", "title"), ("b", "children")]) in keys
    assert di.declared_outputs(di.output_key([("a", "title"), ("b", "children")])) == [
        {"id": "a", "property": "title"}, {"id": "b", "property": "children"},
    ]


def test_1_a_posted_body_is_answered_by_its_callback():
    """The body callback_body makes is the one dash-renderer posts: Dash answers it with the output."""
    app = small_app()
    client = app.server.test_client()
    client.get("/")
    body = di.callback_body([("a", "children")], [("c", "children", "hello")], [("b", "title", None)])
    response = client.post(di.UPDATE_PATH, json=body)
    assert response.status_code == 200 and response.get_json()["response"]["a"]["children"] == "hello"
    assert di.body_values(body) == {"c.children": "hello", "b.title": None}


def test_2_an_allow_duplicate_output_carries_its_property_with_a_hash():
    app = small_app()
    duplicate = next(key for key in app.callback_map if "@" in key)
    (output,) = di.declared_outputs(duplicate)
    assert output["id"] == "a" and di.property_name(output["property"]) == "children" and output["property"] != "children"


def test_3_the_callback_map_holds_inputs_state_and_the_server_callback():
    app = small_app()
    spec = app.callback_map[di.output_key([("a", "children")])]
    assert spec["inputs"] == [{"id": "c", "property": "children"}] and spec["state"] == [{"id": "b", "property": "title"}]
    assert di.is_server_callback(spec)
    clientside = [s for key, s in app.callback_map.items() if key.startswith("c.title")]
    assert not clientside or not di.is_server_callback(clientside[0])


def test_4_dash_serves_its_page_for_any_path_and_raises_for_an_unknown_suite_file():
    app = small_app()
    rules = {rule.rule for rule in app.server.url_map.iter_rules()}
    assert di.CATCH_ALL_RULE in rules and di.UPDATE_PATH in rules
    with pytest.raises(di.DependencyException):
        app.serve_component_suites("dash", "no-such-file.js")


def test_5_the_page_loads_the_polyfill_that_lean_dash_leaves_out():
    plain = small_app().server.test_client().get("/").get_data(as_text=True)
    assert di.POLYFILL_SCRIPT.search(plain), "Dash's page no longer loads @babel/polyfill this way"
    lean = small_app(di.LeanDash).server.test_client().get("/").get_data(as_text=True)
    assert not di.POLYFILL_SCRIPT.search(lean) and "dash_renderer" in lean


def test_6_dash_finishes_its_set_up_on_the_first_request():
    app = small_app()
    assert app._got_first_request["setup_server"] is False
    assert di.finish_setup(app.server).status_code == 200
    assert app._got_first_request["setup_server"] is True
