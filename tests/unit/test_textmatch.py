"""The quote matching rule: whitespace dropped, each character compared in its NFKC form."""

from dash import html

from components.data.schema import Fact
from components.data.textmatch import SourceText, match_form
from components.web.provenance import fact_panel
from tests.conftest import SEED_NAME, figure_catalog

FULL_WIDTH = "第一段。\n\n资助标准（团队）提高至１００万元，\n增长3.8％。后文。\n"


def marks(children) -> list[str]:
    """The text of every html.Mark in a component tree: what the panel highlights."""
    found = []
    for child in children if isinstance(children, list) else [children]:
        if isinstance(child, html.Mark):
            found.append(child.children)
        elif hasattr(child, "children"):
            found += marks(child.children)
    return found


def test_an_ascii_quote_finds_full_width_text_and_maps_back_to_its_characters():
    """'(团队)…,增长3.8%' matches '（团队）…，\\n增长3.8％'; the span is the original, full-width text."""
    source = SourceText("web.txt", FULL_WIDTH)
    span = source.find("资助标准(团队)提高至100万元,增长3.8%")
    assert span is not None
    assert source.text[span.start : span.end] == "资助标准（团队）提高至１００万元，\n增长3.8％"
    before, matched, after = source.context(span)
    assert matched == "资助标准（团队）提高至１００万元，增长3.8％"
    assert after == "。后文。"


def test_a_full_width_quote_is_highlighted_in_the_ascii_seed(dataset):
    """The provenance panel marks the seed's own characters for a quote pasted with '，' '％'."""
    source = dataset.sources[SEED_NAME]
    fact = dataset.facts.set_index(Fact.FACT_ID).loc["hj_urban_income_growth_2020"].copy()
    fact[Fact.FACT_ID] = "hj_urban_income_growth_2020"
    fact[Fact.SOURCE_QUOTE] = "环江城镇居民人均可支配收入30356元，增长3.8％"
    assert marks(fact_panel(fact, source, figure_catalog(dataset), "zh")) == ["环江城镇居民人均可支配收入30356元,增长3.8%"]


def test_a_character_that_nfkc_lengthens_maps_back_exactly():
    """'…' is '...' in the matching form: a quote with ASCII dots covers the two '…' and no more."""
    source = SourceText("t.txt", "专利近600件……这一系列")
    span = source.find("600件......这一")
    assert source.text[span.start : span.end] == "600件……这一"


def test_a_match_never_splits_an_original_character():
    """Two of the three dots of '…' are not a quote of it."""
    source = SourceText("t.txt", "等等…后文")
    assert source.find_all("等等..") == []
    assert source.find_all("等等...后") != []


def test_any_other_difference_of_a_character_is_not_forgiven():
    """NFKC equates forms of one character, not different characters or different quote marks."""
    source = SourceText("t.txt", "推动“多链融合”发展")
    assert source.find_all("推动\"多链融合\"发展") == []
    assert source.find_all("推动“多链结合”发展") == []
    assert source.find_all("推动“多链融合”发展") != []


def test_the_matching_form_drops_whitespace_and_folds_compatibility_forms():
    assert match_form("３.８％ ，\u3000（Ａ）\n") == "3.8%,(A)"
