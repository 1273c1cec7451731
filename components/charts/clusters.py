"""Manufacturing clusters: regions -> groups -> cluster areas -> industries, as a treemap.

Drawn from ``data/clusters/*.csv`` (a list-shaped table, not numbers).
Cluster and industry tiles carry the cluster_id as ``customdata[0]`` (group,
region and root tiles an empty string), so a click can show provenance.
With clusters of several regions, each region is a branch of its own, in
its own colour.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.charts.figspec import FigureSpec
from components.charts.style import blend, data_as_text, finish, no_data, region_list, wrap, wrap_width
from components.data.catalog import Catalog
from components.data.schema import Cluster
from components.text import t


def _items(cell: object) -> list[str]:
    return [i for i in (cell or "").split(Cluster.LIST_SEP) if i]


@data_as_text
def build_clusters_figure(clusters: pd.DataFrame, *, lang: str, catalog: Catalog) -> go.Figure:
    if clusters.empty:
        return no_data(lang)
    zh = lang == "zh"
    group_col = Cluster.GROUP_ZH if zh else Cluster.GROUP_EN
    name_col = Cluster.NAME_ZH if zh else Cluster.NAME_EN
    districts_col = Cluster.DISTRICTS_ZH if zh else Cluster.DISTRICTS_EN
    industries_col = Cluster.INDUSTRIES_ZH if zh else Cluster.INDUSTRIES_EN
    sep = "、" if zh else ", "
    width = wrap_width(lang, 9)
    region_ids = catalog.ordered(clusters[Cluster.REGION_ID].astype(str).unique())
    several = len(region_ids) > 1

    root_id = "root"
    root_label = t("clusters.root", lang)
    ids, parents, labels, colors, custom = [root_id], [""], [root_label], ["#f2f2f2"], [["", root_label]]
    for region_id in region_ids:
        region = catalog.region(region_id)
        color = region.color
        region_part = clusters[clusters[Cluster.REGION_ID] == region_id]
        parent = root_id
        if several:
            parent = f"region/{region_id}"
            ids.append(parent)
            parents.append(root_id)
            labels.append(region.short(lang))
            colors.append(blend(color, 0.95))
            custom.append(["", f"{t('hover.region', lang)}: {region.name(lang)}"])
        for group_id, part in region_part.groupby(Cluster.GROUP_ID, sort=False):
            group_name = part[group_col].iloc[0]
            group_tile = f"group/{region_id}/{group_id}"
            ids.append(group_tile)
            parents.append(parent)
            labels.append(wrap(group_name, width))
            colors.append(blend(color, 0.9))
            custom.append(["", f"{t('hover.group', lang)}: {group_name}"])
            for row in part.to_dict("records"):
                cluster_id = row[Cluster.CLUSTER_ID]
                districts, industries = _items(row[districts_col]), _items(row[industries_col])
                hover_lines = [f"<b>{row[name_col]}</b>", f"{t('hover.group', lang)}: {group_name}"]
                if districts:
                    hover_lines.append(f"{t('hover.districts', lang)}: {sep.join(districts)}")
                if industries:
                    hover_lines.append(f"{t('hover.industries', lang)}: {wrap(sep.join(industries), wrap_width(lang, 22))}")
                ids.append(cluster_id)
                parents.append(group_tile)
                labels.append(wrap(row[name_col], width))
                colors.append(blend(color, 0.4))
                custom.append([cluster_id, "<br>".join(hover_lines)])
                for position, industry in enumerate(industries):
                    ids.append(f"{cluster_id}/{position}")
                    parents.append(cluster_id)
                    labels.append(wrap(industry, wrap_width(lang, 6)))
                    colors.append(blend(color, 0.18))
                    custom.append([cluster_id, f"<b>{industry}</b><br>{t('hover.cluster', lang)}: {row[name_col]}"])
    fig = FigureSpec().add_trace(
        dict(
            type="treemap",
            ids=ids,
            parents=parents,
            labels=labels,
            marker=dict(colors=colors, line=dict(color="white", width=1.5)),
            customdata=custom,
            hovertemplate="%{customdata[1]}<extra></extra>",
            textinfo="label",
            maxdepth=4 if several else 3,
            tiling=dict(pad=2),
            pathbar=dict(visible=True, textfont=dict(size=11)),
            insidetextfont=dict(size=12),
            root=dict(color="#f2f2f2"),
        )
    )
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
        height=520,
    )
