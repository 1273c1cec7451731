"""Manufacturing clusters: each region's groups, their cluster areas and industries, as rows of text.

Drawn from ``data/clusters/*.csv`` (a list-shaped table, not numbers). A
treemap cut its labels and hid the industries until clicked; rows of text,
wrapped for a 375 px phone, show every group, cluster and industry at once.

Every line of a cluster (its name, districts and industries) is a point of
the region's trace carrying the cluster_id as ``customdata[0]``; the layout
hovers by row (``hovermode="y"``), so a click anywhere on a cluster's lines
opens its provenance. Group and region headings are a separate trace that
neither hovers nor clicks.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from components.charts.figspec import FigureSpec
from components.charts.style import data_as_text, finish, no_data, region_list, text_width, wrap, wrap_width
from components.data.catalog import Catalog
from components.data.schema import Cluster
from components.text import t

# Every line fits a 375 px phone: about 21 Chinese characters or 46 Latin ones
# (text_width units).
LINE_WIDTH = {"zh": 21 * 1.9, "en": 46.0}
ROW_PX = 19  # one line of 12 px text with its leading
MARKER_PX = 10
TITLE_COLOR, DETAIL_COLOR, HEADING_COLOR = "#222222", "#555555", "#444444"


@dataclass
class _Line:
    text: str
    cluster_id: str = ""  # empty for a heading
    hover: str = ""
    first: bool = False  # the cluster's first line carries its marker
    color: str = TITLE_COLOR


def _items(cell: object) -> list[str]:
    return [i for i in (cell or "").split(Cluster.LIST_SEP) if i]


def _lines(text: str, width: float) -> list[str]:
    return wrap(text, width).split("<br>")


def _packed(label: str, items: list[str], sep: str, width: float) -> list[str]:
    """``label`` then the items, breaking lines between items, inside an item only when it alone is too wide."""
    lines, line = [], label
    for position, item in enumerate(items):
        piece = item + (sep if position < len(items) - 1 else "")
        if line and text_width(line + piece.rstrip()) > width:
            lines.append(line.rstrip())
            line = ""
        if text_width(piece.rstrip()) > width:
            *full, line = _lines(piece, width)
            lines += full
        else:
            line += piece
    return lines + ([line.rstrip()] if line.strip() else [])


def _cluster_lines(row: dict, *, group_name: str, lang: str, width: float) -> list[_Line]:
    zh = lang == "zh"
    sep, colon = ("、", ":") if zh else (", ", ": ")
    name = row[Cluster.NAME_ZH if zh else Cluster.NAME_EN]
    districts = _items(row[Cluster.DISTRICTS_ZH if zh else Cluster.DISTRICTS_EN])
    industries = _items(row[Cluster.INDUSTRIES_ZH if zh else Cluster.INDUSTRIES_EN])
    hover = [f"<b>{name}</b>", f"{t('hover.group', lang)}{colon}{group_name}"]
    if districts:
        hover.append(f"{t('hover.districts', lang)}{colon}{sep.join(districts)}")
    if industries:
        hover.append(f"{t('hover.industries', lang)}{colon}{wrap(sep.join(industries), wrap_width(lang, 22))}")
    cluster_id = row[Cluster.CLUSTER_ID]
    hover_text = "<br>".join(hover)
    lines = [_Line(f"<b>{part}</b>", cluster_id, hover_text, first=i == 0) for i, part in enumerate(_lines(name, width))]
    details = []
    if districts:
        details += _packed(f"{t('hover.districts', lang)}{colon}", districts, sep, width)
    if industries:
        details += _packed(t("clusters.industries", lang, count=len(industries)) + colon, industries, sep, width)
    lines += [_Line(part, cluster_id, hover_text, color=DETAIL_COLOR) for part in details]
    return lines


@data_as_text
def build_clusters_figure(clusters: pd.DataFrame, *, lang: str, catalog: Catalog) -> go.Figure:
    if clusters.empty:
        return no_data(lang)
    group_col = Cluster.GROUP_ZH if lang == "zh" else Cluster.GROUP_EN
    width = LINE_WIDTH[lang]
    region_ids = catalog.ordered(clusters[Cluster.REGION_ID].astype(str).unique())
    several = len(region_ids) > 1

    fig = FigureSpec()
    headings: list[tuple[int, str, str]] = []  # (row, text, colour)
    row = 0
    for region_id in region_ids:
        region = catalog.region(region_id)
        if several:
            headings.append((row, f"<b>{region.name(lang)}</b>", region.color))
            row += 1
        lines: list[tuple[int, _Line]] = []
        part = clusters[clusters[Cluster.REGION_ID] == region_id]
        for _, group in part.groupby(Cluster.GROUP_ID, sort=False):
            group_name = group[group_col].iloc[0]
            for heading in _lines(group_name, width):
                headings.append((row, f"<b>{heading}</b>", HEADING_COLOR))
                row += 1
            for record in group.to_dict("records"):
                for line in _cluster_lines(record, group_name=group_name, lang=lang, width=width):
                    lines.append((row, line))
                    row += 1
            row += 0.5  # a half line between groups
        fig.add_trace(
            dict(
                type="scatter",
                mode="markers+text",
                name=region.short(lang),
                x=[0] * len(lines),
                y=[-r for r, _ in lines],
                text=[line.text for _, line in lines],
                textposition="middle right",
                textfont=dict(size=12, color=[line.color for _, line in lines]),
                marker=dict(symbol="square", color=region.color, size=[MARKER_PX if line.first else 0 for _, line in lines]),
                customdata=[[line.cluster_id, line.hover] for _, line in lines],
                hovertemplate="%{customdata[1]}<extra></extra>",
                cliponaxis=False,
                showlegend=False,
            )
        )
    fig.add_trace(
        dict(
            type="scatter",
            mode="text",
            x=[0] * len(headings),
            y=[-r for r, _, _ in headings],
            text=[text for _, text, _ in headings],
            textposition="middle right",
            textfont=dict(size=13, color=[color for _, _, color in headings]),
            hoverinfo="skip",
            cliponaxis=False,
            showlegend=False,
        )
    )
    rows = row
    # Fixed axes: the rows are a list, not a plane to zoom or pan.
    fig.update_xaxes(visible=False, range=[-0.01, 1], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-(rows - 0.5), 0.5], fixedrange=True)
    fig.update_layout(hovermode="y", dragmode=False)
    industries_col = Cluster.INDUSTRIES_ZH if lang == "zh" else Cluster.INDUSTRIES_EN
    industries_total = sum(len(_items(v)) for v in clusters[industries_col])
    shown = region_list(region_ids, lang, catalog)
    return finish(
        fig,
        lang=lang,
        catalog=catalog,
        title=t("clusters.title", lang),
        subtitle=t("chart.subtitle", lang, regions=shown, detail=t("clusters.subtitle", lang)),
        description=t(
            "clusters.description", lang, regions=shown, groups=clusters[[Cluster.REGION_ID, Cluster.GROUP_ID]].drop_duplicates().shape[0],
            clusters=len(clusters), industries=industries_total,
        ),
        gap=6,
        sources=sorted(set(clusters[Cluster.SOURCE_FILE].astype(str))),
        legend=False,
        height=int(80 + ROW_PX * rows + 100),
    )
