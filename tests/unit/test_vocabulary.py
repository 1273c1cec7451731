"""One spelling per term: every surface names qualifiers, units and cluster groups alike; no text key is unused."""

import re

import pytest

from components.charts import registry
from components.data.schema import QUALIFIERS, UNITS, qualifier_label, unit_label
from components.export import ExportContext, context_lines
from components.services import table as table_service
from components.text import LANGS, SINGULAR, t
from components.text.formatting import qualifier_marker
from components.text.strings import TEXTS
from components.web import ids
from components.web.callbacks import provenance as provenance_callbacks
from tests.conftest import ROOT, build_chart, figure_catalog


def texts_of(node) -> list[str]:
    """Every string of a Dash component tree."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, (list, tuple)):
        return [s for item in node for s in texts_of(item)]
    children = getattr(node, "children", None)
    return texts_of(children) if children is not None else []


@pytest.mark.parametrize("lang", LANGS)
def test_every_surface_names_a_qualifier_as_the_vocabulary_does(app_context, dataset, lang):
    """Table, provenance panel, chart hover, exported images and metadata.json: one name per qualifier."""
    facts = dataset.facts
    for qualifier in QUALIFIERS:
        name = qualifier_label(qualifier, lang)
        assert dataset.metadata["qualifiers"][qualifier]["zh" if lang == "zh" else "en"] == qualifier_label(qualifier, "zh" if lang == "zh" else "en")
        of_qualifier = facts[facts["qualifier"] == qualifier]
        fact_id = of_qualifier["fact_id"].iloc[0]
        panel = texts_of(provenance_callbacks.render_provenance({"kind": "fact", "id": fact_id}, lang))
        assert name in panel, (qualifier, panel)
        region = of_qualifier["region_id"].iloc[0]
        shown = [row for n in range(50) for row in table_service.table_view([region], lang, n, None, "").rows if row.fact_id == fact_id]
        assert [row.qualifier for row in shown] == [name]
        if qualifier != "exact":
            # The hover of every mark of this qualifier on the charts of its regions.
            wanted = set(of_qualifier["fact_id"])
            hovers = [row[5] for region in set(of_qualifier["region_id"]) for graph in registry.GRAPHS
                      for trace in build_chart(graph, dataset, (region,), lang).data
                      for row in (trace.customdata if getattr(trace, "customdata", None) is not None else [])
                      if isinstance(row, (list, tuple)) and len(row) > 5 and row[0] in wanted]
            assert hovers and all(name in hover for hover in hovers), (qualifier, hovers)
    fig = build_chart(ids.FUNDING_TIERS_GRAPH, dataset, ("zhangjiagang",), lang)
    lines = " ".join(context_lines(fig, ExportContext((), (), lang, "http://x/")))
    assert f"{qualifier_marker('at_most', lang)} {qualifier_label('at_most', lang)}" in lines.replace("<br>", "")


@pytest.mark.parametrize("lang", LANGS)
def test_every_surface_names_a_unit_as_the_vocabulary_does(dataset, lang):
    """metadata.json's units and the charts' axis and panel names are the vocabulary's."""
    catalog = figure_catalog(dataset)
    for unit in UNITS:
        assert dataset.metadata["units"][unit]["zh" if lang == "zh" else "en"] == unit_label(unit, lang)
        assert catalog.unit_name(unit, lang) == unit_label(unit, lang)
    fig = build_chart(ids.AGRICULTURE_GRAPH, dataset, ("huanjiang",), lang)
    panels = [a.text for a in fig.layout.annotations if a.name not in ("notes", "source")]
    assert panels and all(any(unit_label(u, lang) in p for u in UNITS) for p in panels)


@pytest.mark.parametrize("lang", LANGS)
def test_a_cluster_group_is_called_the_same_in_the_chart_and_the_panel(app_context, dataset, lang):
    cluster_id = dataset.clusters["cluster_id"].iloc[0]
    panel = texts_of(provenance_callbacks.render_provenance({"kind": "cluster", "id": cluster_id}, lang))
    tree = build_chart(ids.CLUSTERS_GRAPH, dataset, (), lang).data[0]
    hover = next(row[1] for row in tree.customdata if row[0] == cluster_id)
    for key in ("hover.group", "hover.districts", "hover.industries"):
        assert t(key, lang) in panel
    assert t("hover.group", lang) in hover


# Keys built from parts the code fills in: "export.png" comes from f"export.{fmt}",
# "table.page_first_label" from f"table.page_{name}_label".
def _used(key: str, code: str) -> bool:
    if f'"{key}"' in code or f"'{key}'" in code:
        return True
    for template in re.findall(r"""f["']([a-z_.]*\{[^"']*)["']""", code):
        pattern = "".join("[a-z0-9_]+" if part.startswith("{") else re.escape(part) for part in re.split(r"(\{[^}]*\})", template))
        if re.fullmatch(pattern, key):
            return True
    return False


def test_every_text_key_is_used_somewhere():
    """A text no code asks for is dead weight that drifts out of date: it fails here."""
    sources = [*(ROOT / "components").rglob("*.py"), *(ROOT / "assets").glob("*.js")]
    code = "\n".join(p.read_text(encoding="utf-8") for p in sources if p.name != "strings.py" and not p.name.endswith(".min.js"))
    unused = [key for key in TEXTS if not _used(key, code)]
    assert not unused, f"text keys no code uses: {unused}"


def test_text_keys_are_namespaced_and_each_has_both_languages():
    for key, entry in TEXTS.items():
        assert re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)+", key), key
        assert set(LANGS) <= set(entry) <= set(LANGS) | {lang + SINGULAR for lang in LANGS} and all(entry.values()), key


@pytest.mark.parametrize("lang", LANGS)
def test_numbers_speak_in_one_voice_on_every_surface(app_context, dataset, lang):
    """A fact's value reads the same on its chart label, in its hover, in the table and in the exported image."""
    from components.export import with_context
    from components.charts.figspec import plain_figure

    table = {row.fact_id: row.value for region in dataset.regions["region_id"] for n in range(10)
             for row in table_service.table_view([region], lang, n, None, "").rows}
    checked = 0
    for graph in registry.GRAPHS:
        fig = build_chart(graph, dataset, (), lang)
        exported = with_context(plain_figure(fig), ExportContext((), (), lang, "http://x/"))
        for trace, out in zip(fig.data, exported["data"]):
            rows = trace.customdata if getattr(trace, "customdata", None) is not None else []
            for i, row in enumerate(rows):
                if not (isinstance(row, (list, tuple)) and len(row) > 2 and row[0] in table):
                    continue
                assert row[2] == table[row[0]], (graph, row[0])
                text = trace.text[i] if isinstance(trace.text, (list, tuple)) else ""
                if text:
                    assert table[row[0]] in text and table[row[0]] in out["text"][i], (graph, row[0], text)
                checked += 1
    assert checked > 50


def test_a_count_of_one_takes_the_singular_in_english():
    assert t("overview.figures", "en", count=1) == "1 figure"
    assert t("overview.figures", "en", count="1,200") == "1,200 figures"
    assert t("overview.themes", "zh", count=1) == "1个主题"
