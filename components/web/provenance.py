"""The provenance panel: a fact, and its sentence highlighted in its paragraph.

A derived fact shows its formula in words: each input by name, period and
value, as a button (``data-fact-id``) that opens the input's own provenance
(assets/table.js handles the click, as for the table's rows). On a phone the
panel is a sheet over the chart; its "back" button closes it
(assets/clientside.js, revealProvenance).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
from dash import html

from components.web import ids
from components.text.formatting import format_period, format_value
from components.data.catalog import Catalog
from components.data.schema import Cluster, Fact, qualifier_label
from components.data.textmatch import SourceText
from components.text import t

# A formula's {fact_id} references (components/data/loader.py checks them at load).
_REF = re.compile(r"\{([a-z0-9][a-z0-9_]*)\}")
# Operators as a reader writes them.
_OPERATORS = str.maketrans({"/": " ÷ ", "*": " × ", "-": " − ", "+": " + "})

FactLookup = Callable[[str], "pd.Series | None"]


def _heading(lang: str) -> list:
    return [
        html.H2(t("provenance.title", lang), id=ids.PROVENANCE_TITLE),
        html.Button(t("provenance.back", lang), className="button button-small sheet-back", type="button", **{"data-sheet-back": "1"}),
    ]


def empty_panel(lang: str, message_key: str = "provenance.hint") -> list:
    return [*_heading(lang), html.P(t(message_key, lang), className="hint")]


def _input_label(fact: pd.Series, lang: str) -> str:
    name = fact[Fact.INDICATOR_ZH if lang == "zh" else Fact.INDICATOR_EN]
    period = format_period(str(fact[Fact.PERIOD]), lang=lang)
    value = format_value(float(fact[Fact.VALUE]), fact[Fact.UNIT], fact[Fact.QUALIFIER], lang=lang)
    return f"{name}({period}):{value}" if lang == "zh" else f"{name} ({period}): {value}"


def formula_in_words(formula: str, lookup: FactLookup, lang: str) -> list:
    """The formula with each {fact_id} as a button naming its input, and operators as ÷ × − +."""
    children: list = []
    for position, part in enumerate(_REF.split(formula)):
        if position % 2 == 0:
            if part.strip():
                children.append(re.sub(r"\s+", " ", part.translate(_OPERATORS)))
            continue
        fact = lookup(part)
        if fact is None:  # validated at load; only a changed data set gets here
            children.append(part)
            continue
        children.append(html.Button(_input_label(fact, lang), className="fact-link formula-input", type="button", **{"data-fact-id": part}))
    return children


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


def fact_panel(fact: pd.Series, source: SourceText, catalog: Catalog, lang: str, lookup: FactLookup = lambda _id: None) -> list:
    """Panel children for one fact; ``lookup`` finds a derived fact's inputs by fact_id."""
    indicator = fact[Fact.INDICATOR_ZH if lang == "zh" else Fact.INDICATOR_EN]
    value = format_value(float(fact[Fact.VALUE]), fact[Fact.UNIT], fact[Fact.QUALIFIER], lang=lang)
    rows = [
        (t("provenance.value", lang), value),
        (t("provenance.qualifier", lang), qualifier_label(fact[Fact.QUALIFIER], lang)),
        (t("provenance.period", lang), format_period(str(fact[Fact.PERIOD]), lang=lang)),
        (t("provenance.region", lang), catalog.region(str(fact[Fact.REGION_ID])).name(lang)),
        (t("provenance.cited", lang), _cited(source, catalog, lang)),
    ]
    if fact[Fact.DERIVED]:
        rows.append((t("provenance.origin", lang), t("provenance.derived", lang)))
        formula = html.Span(formula_in_words(str(fact[Fact.FORMULA]), lookup, lang), className="formula")
        rows.append((t("provenance.formula", lang), [formula, html.Span(t("provenance.input_hint", lang), className="hint formula-hint")]))
    else:
        rows.append((t("provenance.origin", lang), t("provenance.stated", lang)))
    note = fact.get(Fact.NOTE_ZH if lang == "zh" else Fact.NOTE_EN, "")
    if isinstance(note, str) and note.strip():
        rows.append((t("provenance.note", lang), note))
    details = html.Dl(
        [item for label, val in rows for item in (html.Dt(label), html.Dd(val))],
        className="fact-details",
    )
    return [
        *_heading(lang),
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
        *_heading(lang),
        html.H3(cluster[Cluster.NAME_ZH if zh else Cluster.NAME_EN], className="fact-title",
                **{"data-cluster-id": cluster[Cluster.CLUSTER_ID]}),
        details,
        *_quote_block(source, cluster[Cluster.SOURCE_QUOTE], lang),
    ]
