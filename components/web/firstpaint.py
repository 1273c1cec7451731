"""The page's first paint: the layout as static HTML, in the page itself, before any script runs.

Dash's page is an empty box until its scripts have loaded, started React,
fetched the layout and answered the first callbacks: on a phone (4x slower
CPU, slow 4G) that is seconds of a blocked main thread before the first
chart. Here the server writes the view the URL asks for into the page as
plain HTML -- the same layout function (``web.layout.serve_layout``), its
texts in the URL's language, each chart as its server-drawn preview image
(``services.previews``) at the height the live chart will take, the first
page of the table -- and ``assets/boot.js`` starts Dash behind it: at once
on wide screens, on the reader's first touch, key or scroll on narrow ones.
The live page replaces the first paint in one frame once its charts are
drawn (``window.dashboardBoot.live``, called by assets/charts.js), in the
same places, so nothing shifts.

The first paint's ids are the live page's with a prefix (``ID_PREFIX``), and
its controls are disabled: it is for reading; the live page is for use.
"""

from __future__ import annotations

import html as htmlmod
import re
import time
from pathlib import Path
from urllib.parse import quote

from flask import current_app, request

from components.charts.registry import GRAPHS
from components.data.store import current_store
from components.services.cache import code_version
from components.services.charts import chart_view
from components.services import previews
from components.services.previews import PHONE_MEDIA, preview_key, stored
from components.services.table import table_view
from components.services.view import clean_view
from components.text import DEFAULT_LANG, LANGS
from components.web import ids
from components.web.settings import CHART_BODY_CLASS, EMPTY_CLASS
from components.web.table import table_children
from components.web.http.responses import LocalResponses
from components.web.urlstate import LANG_PARAM, REGION_PARAM

FIRST_PAINT_ID = "first-paint"
BOOTING_CLASS = "is-booting"
DEFERRED_TYPE = "text/x-dashboard-deferred"  # a type no browser runs
PREVIEW_CLASS = "chart-preview"
BOOT_ASSET = "boot.js"
PREVIEW_EXTENSION_KEY = "dashboard.previews"
PREVIEW_PATH = "/previews"

# The first paint's ids are the live page's with a prefix (never a duplicate
# id), and so are the attributes that refer to them: labels, descriptions and
# the skip link stay connected.
ID_PREFIX = "first-paint-"
ID_REFS = {"id", "htmlFor", "aria-labelledby", "aria-describedby", "aria-controls"}
RENAMED = {"className": "class"}
VOID = {"img", "input", "br", "hr", "meta", "source"}
SCRIPT_SRC = re.compile(r'<script src="([^"]+)"></script>')
STYLESHEET = re.compile(r'<link rel="stylesheet" href="[^"]*/style\.css[^"]*">')
STYLE_ASSET = "style.css"
CARD_EXTRA_PX = 90  # a chart card's padding, export buttons and description line


def _style(style: dict) -> str:
    def css(name: str) -> str:
        return re.sub(r"[A-Z]", lambda m: "-" + m.group(0).lower(), name)

    return "; ".join(f"{css(k)}: {v}" for k, v in style.items())


def _attrs(props: dict, extra: dict | None = None) -> str:
    out = []
    for name, value in {**props, **(extra or {})}.items():
        if name == "children" or value is None or value is False:
            continue
        if name in ID_REFS and isinstance(value, str):
            value = " ".join(ID_PREFIX + ref for ref in value.split())
        elif name == "href" and isinstance(value, str) and value.startswith("#"):
            value = "#" + ID_PREFIX + value[1:]
        name = RENAMED.get(name, name)
        if name == "style" and isinstance(value, dict):
            value = _style(value)
        if value is True:
            out.append(f" {name}")
        elif isinstance(value, (str, int, float)):
            out.append(f' {name}="{htmlmod.escape(str(value), quote=True)}"')
    return "".join(out)


class FirstPaint:
    """Serialises a Dash layout to HTML, with what the live page's callbacks would fill in.

    ``graphs``: graph id -> HTML of its box; ``fill``: component id -> the
    children a callback gives it; ``classes``: component id -> its class.
    """

    def __init__(self, graphs: dict[str, str], fill: dict[str, object], classes: dict[str, str],
                 card_px: dict[str, int] | None = None) -> None:
        self.graphs = graphs
        self.fill = fill
        self.classes = classes
        self.card_px = card_px or {}  # description id -> the chart card's estimated height

    def render(self, node) -> str:
        if node is None:
            return ""
        if isinstance(node, (str, int, float)):
            return htmlmod.escape(str(node))
        if isinstance(node, (list, tuple)):
            return "".join(self.render(child) for child in node)
        props = node.to_plotly_json()["props"]
        kind = node._type
        if node._namespace == "dash_core_components":
            return self.core(kind, props)
        tag = kind.lower()
        extra = {}
        if tag == "button":
            extra["disabled"] = True
        described = self.card_px.get(props.get("aria-describedby"))
        if described:
            # A chart's card off screen is not laid out (style.css) but keeps its size.
            extra["style"] = f"contain-intrinsic-size: auto {described}px"
        children = self.fill.get(props.get("id"), props.get("children"))
        if props.get("id") in self.classes:
            props = {**props, "className": self.classes[props["id"]]}
        inner = "" if tag in VOID else self.render(children)
        return f"<{tag}{_attrs(props, extra)}>{inner}</{tag}>" if tag not in VOID else f"<{tag}{_attrs(props, extra)}>"

    def core(self, kind: str, props: dict) -> str:
        if kind == "Graph":
            return self.graphs.get(props.get("id"), "")
        if kind == "Dropdown":
            label = props.get("placeholder") or ""
            return f'<div class="first-paint-select"><span class="hint">{htmlmod.escape(label)}</span></div>'
        if kind == "RadioItems":
            inline = ' class="inline"' if props.get("inline") else ""
            items = "".join(
                f'<label{inline}><input type="radio" disabled{" checked" if o["value"] == props.get("value") else ""}>'
                f'{htmlmod.escape(str(o["label"]))}</label>'
                for o in props.get("options", [])
            )
            return f'<div class="{htmlmod.escape(props.get("className") or "")}">{items}</div>'
        if kind == "Input":
            return f'<input type="search" disabled placeholder="{htmlmod.escape(props.get("placeholder") or "", quote=True)}">'
        return ""  # Location, Store, Download: nothing to see


def _url_view() -> tuple[tuple[str, ...], str]:
    """The view the request's URL asks for (anything unusable: the default, as the live page does)."""
    raw = [part for value in request.args.getlist(REGION_PARAM) for part in value.split(",") if part]
    lang = request.args.get(LANG_PARAM, DEFAULT_LANG)
    return clean_view(raw or None, lang if lang in LANGS else DEFAULT_LANG)


def data_url(svg: bytes) -> str:
    """An SVG as a data: URL (percent-encoded, not base64: compresses with the page)."""
    return "data:image/svg+xml," + quote(svg.decode("utf-8"), safe=" /:=;.-_()'!*~@?+").replace(" ", "%20")


def _preview(graph: str, view: tuple, height: str, first: bool) -> tuple[str, bool]:
    """(a chart's box in the first paint, is its preview ready): the preview
    at phone or wide width, else an empty box of the chart's height.

    The first chart's image is fetched first; the others when scrolled near
    (each SVG image is a document the main thread parses and lays out).
    """
    urls = {}
    for size in ("phone", "wide"):
        key = preview_key(view, graph, size)
        svg = stored(key)
        if svg is None:
            return f'<div class="{PREVIEW_CLASS}-box" style="height: {height}"></div>', False
        # The first chart's phone image travels in the page (one round trip
        # less before the first chart on a slow network; ~3 KB compressed),
        # everything else by URL.
        urls[size] = data_url(svg) if first and size == "phone" else f"{PREVIEW_PATH}/{key}.svg"
    return (
        f'<picture class="{PREVIEW_CLASS}-box" style="height: {height}">'
        f'<source media="{PHONE_MEDIA}" srcset="{urls["phone"]}">'
        f'<img class="{PREVIEW_CLASS}" src="{urls["wide"]}" alt="" style="height: {height}" '
        f'{"" if first else "loading=lazy "}decoding="async"></picture>',
        True,
    )


# A first paint waiting for previews (rendered by another worker) is written
# again after this many seconds; a complete one stays until evicted.
RETRY_SECONDS = 2.0
PAINT_CACHE_KEY = "dashboard.first_paints"  # app.server.extensions[...]: the worker's last first paints (LocalResponses)


def first_paint_html(layout_for) -> str:
    """The first paint of the request's view (from the worker's cache when written before)."""
    regions, lang = _url_view()
    key = (code_version(), current_store().version, regions, lang, previews.rendered)
    # The worker's last first paints, by view (writing one takes ~60 ms).
    paints = current_app.extensions[PAINT_CACHE_KEY]
    cached = paints.get(key)
    if cached is not None and (cached[1] or time.monotonic() - cached[2] < RETRY_SECONDS):
        return cached[0]
    html_text, complete = _first_paint(layout_for, regions, lang)
    paints.put(key, (html_text, complete, time.monotonic()))
    return html_text


def _first_paint(layout_for, regions: tuple[str, ...], lang: str) -> tuple[str, bool]:
    """(the first paint of a view, are all its previews in it); asks for the previews it lacks."""
    view = (regions, lang, None)
    answer = chart_view(list(regions), lang)["graphs"]
    graphs = {}
    missing = False
    for graph in GRAPHS:
        item = answer[graph]
        if item.get("empty"):
            graphs[graph] = ""
            continue
        graphs[graph], ready = _preview(graph, view, item["style"]["height"], first=not any(graphs.values()))
        missing = missing or not ready
    if missing:
        queue = current_app.extensions.get(PREVIEW_EXTENSION_KEY)
        if queue is not None:
            queue.request(view)
    fill: dict[str, object] = {ids.description_id(g): answer[g].get("description", "") for g in GRAPHS}
    fill[ids.FACTS_TABLE] = table_children(table_view(list(regions), lang, 0, None, ""), lang)
    classes = {ids.chart_body_id(g): f"{CHART_BODY_CLASS} {EMPTY_CLASS}" for g in GRAPHS if answer[g].get("empty")}
    card_px = {
        ids.description_id(g): int(str(answer[g]["style"]["height"]).rstrip("px")) + CARD_EXTRA_PX
        for g in GRAPHS if not answer[g].get("empty")
    }
    body = FirstPaint(graphs, fill, classes, card_px).render(layout_for(lang))
    return f'<div id="{FIRST_PAINT_ID}" class="first-paint">{body}</div>', not missing


def page_parts(kwargs: dict, layout_for, boot_url: str, boot_from: int, inline_css: str | None = None) -> dict:
    """Dash's index parts with the first paint in front and the scripts started by boot.js.

    Each script stays a tag with its ``src``, typed ``DEFERRED_TYPE`` so the
    browser neither fetches nor runs it until boot.js does (on a phone the
    scripts' 650 KB would otherwise share a slow network with the previews);
    on wide screens, which start Dash at once, a preload hint (``media``)
    fetches them from the page's head.
    Boot.js's tag takes the renderer script's id (Dash checks the page for
    both).
    """
    scripts = kwargs.get("scripts", "")
    # Wide screens start Dash at once: their downloads begin with the page.
    hints = "".join(
        f'<link rel="preload" as="script" href="{url}" media="(min-width: {boot_from}px)">' for url in SCRIPT_SRC.findall(scripts)
    )
    kwargs["css"] = kwargs.get("css", "") + hints
    kwargs["scripts"] = SCRIPT_SRC.sub(lambda m: f'<script type="{DEFERRED_TYPE}" src="{m.group(1)}"></script>', scripts)
    kwargs["renderer"] = f'<script id="_dash-renderer" src="{boot_url}" data-boot-from="{boot_from}"></script>'
    if inline_css is not None:
        # The stylesheet in the page: one round trip less before the first paint.
        kwargs["css"] = STYLESHEET.sub(lambda m: f"<style>{inline_css}</style>", kwargs.get("css", ""), count=1)
    entry = f'<div id="react-entry-point" class="{BOOTING_CLASS}"></div>'
    kwargs["app_entry"] = first_paint_html(layout_for) + entry
    return kwargs


def start_previews(app, renderer) -> None:
    """Render the previews the first paints ask for, from now on.

    Called by the factory after its start-up requests: the queue then
    exists only in the processes that serve (its thread starts with the
    first request of each, never in gunicorn's preloading master, whose
    threads a fork would not carry over).
    """
    from components.services.previews import PreviewQueue

    app.server.extensions[PREVIEW_EXTENSION_KEY] = PreviewQueue(app, renderer)


def init_first_paint(app) -> None:
    """Write the first paint into ``app``'s page and serve the chart previews."""
    from flask import Response, abort

    from components.web.http.responses import BROTLI_QUALITY, GZIP_LEVEL
    from components.web.http.static import compress, negotiate
    from components.web.layout import serve_layout
    from components.web.settings import PANEL_BESIDE_FROM

    server = app.server
    server.extensions[PAINT_CACHE_KEY] = LocalResponses()
    boot_url = app.get_asset_url(BOOT_ASSET)
    css_path = Path(app.config.assets_folder) / STYLE_ASSET
    css = css_path.read_text(encoding="utf-8").replace("</", "<\\/") if css_path.exists() else None
    app.index_parts = lambda kwargs: page_parts(kwargs, serve_layout, boot_url, PANEL_BESIDE_FROM, css)

    @server.get(f"{PREVIEW_PATH}/<key>.svg")
    def preview(key: str) -> Response:
        svg = stored(key) if re.fullmatch(r"[0-9a-f]{24}", key) else None
        if svg is None:
            abort(404)
        response = Response(svg, mimetype="image/svg+xml")
        encoding = negotiate(request)
        if encoding:
            response.set_data(compress(svg, encoding, brotli_quality=BROTLI_QUALITY, gzip_level=GZIP_LEVEL))
            response.headers["Content-Encoding"] = encoding
        response.vary.add("Accept-Encoding")
        # The name is a digest of the code, the data and the view: it never changes.
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response
