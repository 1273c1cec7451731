"""The provenance panel: a fact, and its sentence highlighted in its paragraph."""

from __future__ import annotations

import pandas as pd
from dash import html

from components.web import ids
from components.text.formatting import format_value
from components.data.catalog import Catalog
from components.data.schema import Cluster, Fact, qualifier_label
from components.data.textmatch import SourceText
from components.text import t



def _heading(lang: str) -> html.H2:
    return html.H2(t("provenance.title", lang), id=ids.PROVENANCE_TITLE)


def empty_panel(lang: str, message_key: str = "provenance.hint") -> list:
    return [_heading(lang), html.P(t(message_key, lang), className="hint")]


def _quote_block(source: SourceText, quote: str, lang: str) -> list:
    span = source.find(quote)
    if span is None:  # validated at load, so only a changed file gets here
        return [html.Blockquote(quote)]
    before, matched, after = source.context(span)
    return [
        html.P(
            t("provenance.source", lang, line=source.line_of(span.start), file=source.name),
            className="source-label",
        ),
        # Plain strings and html.Mark only: the quote is data and is never
        # interpreted as markup.
        html.Blockquote([before, html.Mark(matched), after], className="source-quote", lang="zh"),
    ]


def _cited(source: SourceText, catalog: Catalog, lang: str) -> str:
    """The source as a reader cites it: publisher and date (metadata.json), and the file."""
    label = catalog.sources.get(source.name)
    return f"{label.cited(lang)} · {source.name}" if label else source.name


def fact_panel(fact: pd.Series, source: SourceText, catalog: Catalog, lang: str) -> list:
    """Panel children for one fact."""
    indicator = fact[Fact.INDICATOR_ZH if lang == "zh" else Fact.INDICATOR_EN]
    value = format_value(float(fact[Fact.VALUE]), fact[Fact.UNIT], fact[Fact.QUALIFIER], lang=lang)
    rows = [
        (t("provenance.value", lang), value),
        (t("provenance.qualifier", lang), qualifier_label(fact[Fact.QUALIFIER], lang)),
        (t("provenance.period", lang), fact[Fact.PERIOD]),
        (t("provenance.region", lang), catalog.region(str(fact[Fact.REGION_ID])).name(lang)),
        (t("provenance.cited", lang), _cited(source, catalog, lang)),
    ]
    if fact[Fact.DERIVED]:
        rows.append((t("provenance.derived", lang), fact[Fact.FORMULA]))
    else:
        rows.append(("", t("provenance.stated", lang)))
    note = fact.get(Fact.NOTE_ZH if lang == "zh" else Fact.NOTE_EN, "")
    if isinstance(note, str) and note.strip():
        rows.append((t("provenance.note", lang), note))
    details = html.Dl(
        [item for label, val in rows for item in (html.Dt(label), html.Dd(val))],
        className="fact-details",
    )
    return [
        _heading(lang),
        html.H3(indicator, className="fact-title", **{"data-fact-id": fact[Fact.FACT_ID]}),
        details,
        *_quote_block(source, fact[Fact.SOURCE_QUOTE], lang),
    ]


def cluster_panel(cluster: pd.Series, source: SourceText, catalog: Catalog, lang: str) -> list:
    """Panel children for one cluster area (data/clusters/)."""
    zh = lang == "zh"
    sep = "、" if zh else ", "
    districts = cluster[Cluster.DISTRICTS_ZH if zh else Cluster.DISTRICTS_EN]
    industries = cluster[Cluster.INDUSTRIES_ZH if zh else Cluster.INDUSTRIES_EN]
    details = html.Dl(
        [
            # One spelling per term: the chart's hover says the same (hover.*).
            html.Dt(t("provenance.region", lang)),
            html.Dd(catalog.region(str(cluster[Cluster.REGION_ID])).name(lang)),
            html.Dt(t("hover.group", lang)),
            html.Dd(cluster[Cluster.GROUP_ZH if zh else Cluster.GROUP_EN]),
            html.Dt(t("hover.districts", lang)),
            html.Dd(sep.join(d for d in districts.split(Cluster.LIST_SEP) if d) or "—"),
            html.Dt(t("hover.industries", lang)),
            html.Dd(sep.join(i for i in industries.split(Cluster.LIST_SEP) if i) or "—"),
            html.Dt(t("provenance.cited", lang)),
            html.Dd(_cited(source, catalog, lang)),
        ],
        className="fact-details",
    )
    return [
        _heading(lang),
        html.H3(cluster[Cluster.NAME_ZH if zh else Cluster.NAME_EN], className="fact-title",
                **{"data-cluster-id": cluster[Cluster.CLUSTER_ID]}),
        details,
        *_quote_block(source, cluster[Cluster.SOURCE_QUOTE], lang),
    ]
