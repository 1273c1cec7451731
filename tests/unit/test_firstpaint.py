"""The page's first paint: the view as static HTML, its scripts started by boot.js, the chart previews."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest

from components.charts.registry import GRAPHS
from components.services import previews
from components.services.charts import chart_view
from components.web import ids
from components.web.firstpaint import DEFERRED_TYPE, FIRST_PAINT_ID, ID_PREFIX, PREVIEW_EXTENSION_KEY


class Page(HTMLParser):
    """Ids, script tags and the first paint's text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside #first-paint when > 0
        self.first_paint_ids: list[str] = []
        self.first_paint_text: list[str] = []
        self.scripts: list[dict] = []
        self.images: list[dict] = []
        self.sources: list[dict] = []
        self.buttons_enabled = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs)
        if self.depth:
            if tag not in ("img", "input", "source", "br"):
                self.depth += 1
            if "id" in attrs:
                self.first_paint_ids.append(attrs["id"])
            if tag == "img":
                self.images.append(attrs)
            if tag == "source":
                self.sources.append(attrs)
            if tag == "button" and "disabled" not in attrs:
                self.buttons_enabled += 1
        elif attrs.get("id") == FIRST_PAINT_ID:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag not in ("img", "input", "source", "br"):
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.first_paint_text.append(data)


def parse(client, url="/") -> tuple[Page, str]:
    response = client.get(url)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    page = Page()
    page.feed(text)
    return page, text


def test_the_page_carries_the_view_as_static_html(client):
    """Title, chart descriptions and the table's first page are in the page before any script runs."""
    page, _ = parse(client)
    text = " ".join(page.first_paint_text)
    assert "县域创新" in text
    with client.application.app_context():
        described = chart_view([], "zh")["graphs"]
    for graph in GRAPHS:
        assert described[graph]["description"] in text, graph
    assert "共 " in text and "条数据" in text  # the table's status line


def test_the_first_paint_duplicates_no_id_and_offers_no_live_control(client):
    """Its ids are the live page's prefixed, references included (labels, the skip link); its buttons are disabled."""
    page, text = parse(client)
    assert page.first_paint_ids and all(i.startswith(ID_PREFIX) for i in page.first_paint_ids)
    assert len(set(page.first_paint_ids)) == len(page.first_paint_ids)
    assert f'href="#{ID_PREFIX}{ids.TABLE_TITLE}"' in text and f'id="{ID_PREFIX}{ids.TABLE_TITLE}"' in text
    assert page.buttons_enabled == 0


def test_dash_scripts_are_listed_not_run_and_boot_starts_them(client):
    page, text = parse(client)
    deferred = [s for s in page.scripts if s.get("type") == DEFERRED_TYPE]
    assert any("dash_renderer" in s["src"] for s in deferred)
    assert any(s["src"].endswith(".js") or "plotly" in s["src"] for s in deferred)
    runnable = [s for s in page.scripts if s.get("type") in (None, "application/javascript", "text/javascript")]
    # The only script the page runs is boot.js (Dash's IE warning sits in a comment).
    assert [s.get("src", "") for s in runnable if s.get("src")] == [s["src"] for s in runnable if "boot.js" in s.get("src", "")]
    assert any("boot.js" in s.get("src", "") and s.get("data-boot-from") for s in runnable)
    # The stylesheet is in the page, not a request away.
    assert "<style>" in text and 'href="/assets/style.css' not in text


def test_the_first_paint_follows_the_url(client):
    """?lang=en is written in English; ?region= closes the charts that region has no data for."""
    page, _ = parse(client, "/?lang=en&region=huanjiang")
    text = " ".join(page.first_paint_text)
    assert "County" in text
    with client.application.app_context():
        described = chart_view(["huanjiang"], "en")["graphs"]
    closed = [g for g in GRAPHS if described[g].get("empty")]
    assert closed, "Huanjiang has no data for some chart"
    for graph in GRAPHS:
        assert described[graph]["description"] in text


@pytest.mark.parametrize("url", ["/?region=%00%ff", "/?lang=xx", "/?region=" + "a" * 5000, "/?region=nowhere&region=,,,"])
def test_a_bad_url_gets_the_default_first_paint(client, url):
    page, _ = parse(client, url)
    assert "县域创新" in " ".join(page.first_paint_text)


class FakeRenderer:
    """Stands in for kaleido: an SVG that names what it was asked for."""

    def __init__(self):
        self.calls = []

    def render(self, fig, fmt, *, width, height, scale):
        self.calls.append((fmt, width, height))
        return f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"><text>#{len(self.calls)} 100%</text></svg>'.encode()


def test_previews_are_rendered_once_per_chart_and_width_and_shown(client):
    app = client.application
    renderer = FakeRenderer()
    with app.app_context():
        view = ((), "zh", None)
        made = previews.render_view(view, renderer)
        drawn = [g for g in GRAPHS if not chart_view([], "zh")["graphs"][g].get("empty")]
        assert made == len(drawn) * len(previews.WIDTHS)
        assert {c[1] for c in renderer.calls} == set(previews.WIDTHS.values())
        assert previews.render_view(view, renderer) == 0  # stored: nothing rendered twice
    page, text = parse(client)
    urls = [i["src"] for i in page.images]
    assert len(urls) == len(drawn)
    # The first chart's phone image is in the page itself; everything else
    # by URL, the other charts' fetched when scrolled near.
    phones = [source["srcset"] for source in page.sources]
    assert phones[0].startswith("data:image/svg+xml,") and "<svg" in unquote(phones[0])
    assert all(u.startswith("/previews/") for u in urls + phones[1:])
    assert all(i.get("loading") == "lazy" for i in page.images[1:])
    response = client.get(urls[1], headers={"Accept-Encoding": "br"})
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.headers["Content-Encoding"] == "br"
    assert "immutable" in response.headers["Cache-Control"]
    # Each image takes the height the live chart will take.
    heights = re.findall(r'<img class="chart-preview"[^>]*style="height: (\d+)px"', text)
    with app.app_context():
        styles = [chart_view([], "zh")["graphs"][g]["style"]["height"] for g in drawn]
    assert [f"{h}px" for h in heights] == styles


@pytest.mark.parametrize("key", ["0" * 24, "../../etc/passwd", "abc", "Z" * 24])
def test_an_unknown_preview_is_not_found(client, key):
    assert client.get(f"/previews/{key}.svg").status_code == 404


def test_a_page_without_previews_asks_for_them(tmp_path):
    from app import create_app
    from tests.conftest import make_config

    app = create_app(make_config(tmp_path, DASHBOARD_PREVIEWS="1"))
    asked = []
    queue = app.server.extensions[PREVIEW_EXTENSION_KEY]
    queue.request = asked.append  # recorded, not rendered: no Chromium in a unit test
    app.server.test_client().get("/?lang=en")
    assert asked == [((), "en", None)]


def test_previews_wait_while_an_export_renders_and_one_worker_renders_them(tmp_path):
    """An export holding the host's slot pauses the previews; a second worker's queue leaves them to the first."""
    import threading
    import time

    from components.services.exportgate import ExportGate

    gate = ExportGate(tmp_path, slots=1, cooldown=0)
    assert not gate.rendering()
    with gate.enter("someone") as refusal:
        assert refusal is None
        assert gate.rendering()
        with gate.background("previews") as first:
            # Another worker opens the lock file anew: refused at once while the first holds it.
            done = {}
            thread = threading.Thread(target=lambda: done.setdefault("mine", gate.background("previews").__enter__()))
            thread.start()
            thread.join(5)
            assert first is True and done["mine"] is False
    time.sleep(0.01)
    assert not gate.rendering()
