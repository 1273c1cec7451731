"""Chart images that carry their own context, and the "export all" bundle.

Pure functions, no Dash and no Flask: a built figure plus the view it shows
(``ExportContext``) -> a copy with the view drawn inside it (filter, language,
what the "≥ / ≤ / 近" markers mean, the permalink), under the title, subtitle,
notes and source line the builders already draw. The page, the server-side
"export all" and the batch command (``python -m components.export``) all use
these, so an image says the same wherever it was made.

Rendering (kaleido + Chromium) lives in ``components.export.render``.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from typing import Callable, Iterable, Protocol

import plotly.graph_objects as go

from components.data.schema import qualifier_label
from components.text.formatting import qualifier_marker
from components.text import t

# Export size in CSS pixels: PNG at 2x for print, SVG at 1x (vector). One
# width for every path (toolbar, buttons, server, batch) so images match.
EXPORT_WIDTH = 800
PNG_SCALE = 2
FORMATS = ("png", "svg")
DEFAULT_HEIGHT = 440

CONTEXT_NAME = "context"  # the annotation's name, next to "notes" and "source"
_LINE_PX = 15  # one 10 px line of annotation text, as figures._finish counts it
_MAX_LINE_CHARS = 60  # Latin characters per context line; keeps it inside a phone-width figure
_MAX_STEM_CHARS = 60
MARKED_QUALIFIERS = ("at_least", "at_most", "approx")


@dataclass(frozen=True)
class ExportContext:
    """The view a figure shows: region ids (empty = all), their names in ``lang``, and its URL."""

    regions: tuple[str, ...]
    region_names: tuple[str, ...]
    lang: str
    permalink: str


# ---------------------------------------------------------------- the figure
#
# Figures are handled as the plain dicts Dash sends (``figure_json``): the
# page's cached chart outputs are dicts, kaleido takes dicts, and the browser
# applies the same patch to its own copy before an export.

Figure = dict | go.Figure


def plain(fig: Figure) -> dict:
    return fig.to_plotly_json() if isinstance(fig, go.Figure) else fig


def is_empty(fig: Figure) -> bool:
    """A "no data for this selection" figure: nothing drawn, nothing to explain."""
    return not plain(fig).get("data")


def used_qualifiers(fig: Figure, lang: str) -> list[str]:
    """Qualifiers whose marker starts a value label of the figure, in vocabulary order."""
    labels = [str(text) for trace in plain(fig).get("data", []) for text in _as_list(trace.get("text"))]
    return [q for q in MARKED_QUALIFIERS if any(label.startswith(qualifier_marker(q, lang)) for label in labels)]


def _as_list(value: object) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    if hasattr(value, "tolist"):  # numpy arrays from to_plotly_json
        return list(value.tolist())
    return [value]


def _width(text: str) -> int:
    """Width in Latin characters: a CJK character (or full-width punctuation) counts two."""
    return sum(2 if ord(char) >= 0x2E80 else 1 for char in text)


def _join_wrapped(prefix: str, items: Iterable[str], sep: str) -> str:
    """``prefix`` + items joined by ``sep``, broken with <br> before a line gets too long."""
    lines, line = [], prefix
    for position, item in enumerate(items):
        piece = item if position == 0 else sep + item
        if position and _width(line + piece) > _MAX_LINE_CHARS:
            lines.append(line + sep.rstrip())
            piece = item
            line = ""
        line += piece
    lines.append(line)
    return "<br>".join(lines)


def _break_url(prefix: str, url: str) -> str:
    """A long permalink broken after "?", "," and "&" so it stays inside the figure."""
    return _join_wrapped(prefix, re.split(r"(?<=[?,&])", url), "")


def _append(text: str, tail: str, sep: str) -> str:
    """``tail`` after the last line of ``text``, or on a line of its own when it would not fit."""
    last = text.rsplit("<br>", 1)[-1]
    return text + (sep if _width(last + sep + tail) <= _MAX_LINE_CHARS else "<br>") + tail


def context_lines(fig: Figure, context: ExportContext) -> list[str]:
    """The lines drawn under the source: filter and language, markers used, permalink."""
    lang = context.lang
    regions = context.region_names or (t("export.all_regions", lang),)
    sep = "、" if lang == "zh" else ", "
    lines = [_append(_join_wrapped(t("export.filter", lang), regions, sep), t("export.language", lang), " · ")]
    markers = [f"{qualifier_marker(q, lang)} {qualifier_label(q, lang)}" for q in used_qualifiers(fig, lang)]
    if markers:
        lines.append(_join_wrapped(t("export.markers", lang), markers, "; "))
    lines.append(_break_url(t("export.link", lang), context.permalink))
    return lines


def context_patch(fig: Figure, context: ExportContext) -> dict | None:
    """What an export adds to ``fig``: {"annotation", "extra" pixels, "height"}; None without data.

    The annotation sits under the source line; the figure grows by ``extra``
    (height and bottom margin), so the plot area keeps its size.
    """
    if is_empty(fig):
        return None
    layout = plain(fig).get("layout", {})
    source = next((a for a in layout.get("annotations", []) if a.get("name") == "source"), None)
    text = "<br>".join(context_lines(fig, context))
    if source is not None:
        source_lines = str(source.get("text", "")).count("<br>") + 1
        anchor = dict(x=source.get("x", 0), xshift=source.get("xshift", 0), yshift=source.get("yshift", 0) - source_lines * _LINE_PX - 4)
    else:
        anchor = dict(x=0, xshift=0, yshift=-layout.get("margin", {}).get("b", 0))
    annotation = dict(
        name=CONTEXT_NAME,
        text=text,
        xref="paper",
        yref="paper",
        y=0,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font=dict(size=10, color="#666666"),
        **anchor,
    )
    extra = (text.count("<br>") + 1) * _LINE_PX + 4
    # The export's full height too: a responsive graph in the page drops layout.height.
    return {"annotation": annotation, "extra": extra, "height": layout.get("height", DEFAULT_HEIGHT) + extra}


def with_context(fig: Figure, context: ExportContext) -> dict:
    """A copy of ``fig`` (as a dict) with the view drawn inside it; unchanged without data."""
    out = copy.deepcopy(plain(fig))
    patch = context_patch(out, context)
    if patch is None:
        return out
    layout = out.setdefault("layout", {})
    layout["annotations"] = list(layout.get("annotations", [])) + [patch["annotation"]]
    margin = layout.setdefault("margin", {})
    margin["b"] = margin.get("b", 0) + patch["extra"]
    layout["height"] = patch["height"]
    return out


def export_height(fig: Figure) -> int:
    return int(plain(fig).get("layout", {}).get("height") or DEFAULT_HEIGHT)


# ---------------------------------------------------------------- file names


def chart_slug(graph_id: str) -> str:
    """``funding-tiers-graph`` -> ``funding-tiers``."""
    return _ascii(graph_id.removesuffix("-graph"))


def _ascii(text: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-") or "x"


def view_stem(regions: Iterable[str], lang: str) -> str:
    """``zhangjiagang_zh``, ``huanjiang-jiangxi_en``, ``all_zh``: ASCII, short enough for any file system."""
    joined = "-".join(_ascii(r) for r in sorted(regions)) or "all"
    if len(joined) > _MAX_STEM_CHARS:
        # Many regions: keep the start readable, and a hash so names stay distinct.
        digest = hashlib.sha256(joined.encode()).hexdigest()[:8]
        joined = joined[: _MAX_STEM_CHARS - 9].rstrip("-") + "-" + digest
    return f"{joined}_{_ascii(lang)}"


def chart_filename(graph_id: str, regions: Iterable[str], lang: str, fmt: str) -> str:
    """``funding-tiers_zhangjiagang_zh.png``."""
    return f"{chart_slug(graph_id)}_{view_stem(regions, lang)}.{fmt}"


def bundle_name(regions: Iterable[str], lang: str) -> str:
    return f"charts_{view_stem(regions, lang)}.zip"


def image_button_options(graph_id: str, regions: Iterable[str], lang: str) -> dict:
    """Plotly's ``toImageButtonOptions`` for a graph in a view (filename without extension)."""
    return {
        "format": "png",
        "scale": PNG_SCALE,
        "width": EXPORT_WIDTH,
        "filename": chart_filename(graph_id, regions, lang, "png").removesuffix(".png"),
    }


# ---------------------------------------------------------------- the bundle


class Renderer(Protocol):
    def render(self, fig: dict, fmt: str, *, width: int, height: int, scale: float) -> bytes: ...


Progress = Callable[[int, int, str], None]


def render_charts(
    figures: dict[str, Figure],
    context: ExportContext,
    renderer: Renderer,
    progress: Progress | None = None,
) -> dict[str, bytes]:
    """file name -> image bytes, PNG and SVG of every chart with data, with the context drawn in."""
    charts = {graph: with_context(fig, context) for graph, fig in figures.items() if not is_empty(fig)}
    jobs = [(graph, fmt) for graph in charts for fmt in FORMATS]
    files = {}
    for done, (graph, fmt) in enumerate(jobs, start=1):
        name = chart_filename(graph, context.regions, context.lang, fmt)
        if progress:
            progress(done, len(jobs), name)
        fig = charts[graph]
        scale = PNG_SCALE if fmt == "png" else 1
        files[name] = renderer.render(fig, fmt, width=EXPORT_WIDTH, height=export_height(fig), scale=scale)
    return files


def manifest(
    context: ExportContext,
    *,
    data_version: str,
    created: str,
    skipped: Iterable[str] = (),
    sources: Iterable[dict] = (),
    indicator: str | None = None,
) -> dict:
    """Which view the bundle is; ``created`` is ISO 8601 UTC. ``bundle_files`` adds the file list.

    ``sources``: the metadata.json entries (file, publisher, date, licence)
    of every source whose facts the view shows.
    """
    return {
        "permalink": context.permalink,
        "filters": {"regions": list(context.regions)},
        # The indicator explorer's choice (None: chosen from the data), and
        # every source the view's facts come from.
        "explorer_indicator": indicator,
        "sources": list(sources),
        "lang": context.lang,
        "data_version": data_version,
        "created": created,
        # Charts with no data in this view: listed so their absence is not a surprise.
        "skipped_charts": sorted(skipped),
    }


def bundle_files(images: dict[str, bytes], csv_name: str, csv_text: str, manifest_data: dict) -> dict[str, bytes]:
    """Every file of the bundle by name; the manifest lists them all, itself included."""
    files = dict(images)
    files[csv_name] = csv_text.encode("utf-8")
    names = sorted(files) + ["manifest.json"]
    body = dict(manifest_data, files=names)
    files["manifest.json"] = json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")
    return files


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            archive.writestr(name, files[name])
    return buffer.getvalue()
