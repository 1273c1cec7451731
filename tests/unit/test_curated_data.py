"""The curated data against its source text: every fact traceable, every number covered."""

import json
import re

import pytest

from components.data import schema
from components.data.coverage import SKIP_KINDS, check_coverage, load_skips, unused_skips
from components.data.loader import evaluate_formula, formula_refs, validate_metadata, values_match
from components.data.numbers import find_numbers
from components.data.precision import Interval, stated_half_width, supported_rounding
from components.data.schema import Fact
from components.data.textmatch import squeeze
from tests.conftest import DATA_DIR, SEED_NAME

REQUIRED_REGIONS = {"zhangjiagang", "huanjiang", "jiangxi", "chongqing", "yueqing", "zhejiang", "china"}
CN_SMALL = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}
QUALIFIER_WORDS = {
    "at_least": ("余", "多", "超", "以上", "突破", "万亿级"),
    "at_most": ("最高", "不超过"),
    "approx": ("近",),
}


def _plain(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".")


def spellings(value: float, unit: str) -> set[str]:
    """How a value in base units can be written in Chinese text.

    Independent of the parser: the test re-derives the written forms (1e8 ->
    "1亿", 33000 -> "3.3万", 2 -> "两") and looks for one in the quote.
    """
    forms = {_plain(value), _plain(value / 1e4) + "万", _plain(value / 1e8) + "亿"}
    if value == 1e12:
        forms.add("万亿")
    if value in CN_SMALL:
        forms.add(CN_SMALL[int(value)])
        if value == 2:
            forms.add("二")
    if unit == "ratio" and value == 2:
        forms.add("翻倍")
    return forms


def test_regions_are_the_documented_ids(dataset):
    assert REQUIRED_REGIONS <= set(dataset.regions["region_id"])


def test_required_datasets_exist(dataset):
    assert {"funding_tiers", "income_growth", "digitalization"} <= set(dataset.facts[Fact.DATASET])


def test_every_quote_occurs_in_its_source(dataset):
    """Curated quotes are copied exactly: whitespace aside, each is a substring of its source.

    Stricter than the quote matching rule, which also equates full-width and
    ASCII forms; the loader applies that rule.
    """
    for _, fact in dataset.facts.iterrows():
        source = (DATA_DIR.parent / "seeds" / fact[Fact.SOURCE_FILE]).read_text(encoding="utf-8")
        assert squeeze(fact[Fact.SOURCE_QUOTE]) in squeeze(source), fact[Fact.FACT_ID]


def test_every_stated_fact_is_written_in_its_quote(dataset):
    """The value, in one of its written forms, and its qualifier word stand in the quote."""
    stated = dataset.facts[~dataset.facts[Fact.DERIVED]]
    assert len(stated) > 60
    for _, fact in stated.iterrows():
        quote = squeeze(fact[Fact.SOURCE_QUOTE])
        # "400余万元", "3.3万余家": the qualifier sits inside the written number.
        bare = re.sub(r"(?<=\d)[余多](?=[万亿])|(?<=[万亿])[余多]", "", quote)
        forms = spellings(fact[Fact.VALUE], fact[Fact.UNIT])
        assert any(form in bare for form in forms), (fact[Fact.FACT_ID], forms, quote)
        words = QUALIFIER_WORDS.get(fact[Fact.QUALIFIER], ())
        if words:
            assert any(w in quote for w in words), (fact[Fact.FACT_ID], fact[Fact.QUALIFIER], quote)


def test_implied_2019_incomes(dataset):
    """The 2019 incomes follow from the 2020 levels and growth rates stated for 去年, to the 10 yuan.

    30356 ÷ 1.038 = 29244.70, but 3.8% is only known to ±0.05%: 29240, approximately.
    """
    facts = dataset.facts.set_index(Fact.FACT_ID)
    urban = facts.loc[(facts[Fact.INDICATOR_ID] == facts.loc["hj_urban_income_2020", Fact.INDICATOR_ID]) & (facts[Fact.PERIOD] == "2019")]
    assert urban[Fact.DERIVED].all()
    assert urban[[Fact.VALUE, Fact.QUALIFIER]].iloc[0].tolist() == [29240, "approx"]
    assert abs(urban[Fact.VALUE].iloc[0] - 30356 / 1.038) < 5
    assert facts.loc["hj_rural_income_2019", [Fact.VALUE, Fact.QUALIFIER]].tolist() == [10930, "approx"]
    assert facts.loc["hj_urban_rural_income_gap_2020", [Fact.VALUE, Fact.QUALIFIER]].tolist() == [18500, "exact"]


def _input_interval(dataset, fact) -> Interval:
    """A stated input's value, give or take half a unit of its last digit as its quote writes it."""
    source = dataset.sources[fact[Fact.SOURCE_FILE]]
    span = source.find(fact[Fact.SOURCE_QUOTE])
    (written,) = {
        m for m in find_numbers(source)
        if span.start <= m.start and m.end <= span.end and m.value is not None and values_match(m.value, fact[Fact.VALUE])
    }
    half = stated_half_width(written, fact[Fact.UNIT])
    return Interval(fact[Fact.VALUE] - half, fact[Fact.VALUE] + half)


def test_derived_facts_are_their_formula_rounded_to_what_the_inputs_support(dataset):
    """Every derived value is its formula's result on the stated inputs, rounded within their precision.

    And approx exactly when that rounding changed the result (README, "Derived values").
    """
    facts = dataset.facts.set_index(Fact.FACT_ID)
    derived = facts[facts[Fact.DERIVED]]
    assert len(derived) >= 5
    for fact_id, fact in derived.iterrows():
        refs = formula_refs(fact[Fact.FORMULA])
        assert refs and not facts.loc[refs, Fact.DERIVED].any(), fact_id  # the curated formulas cite stated facts only
        central = evaluate_formula(fact[Fact.FORMULA], {r: facts.loc[r, Fact.VALUE] for r in refs})
        interval = evaluate_formula(fact[Fact.FORMULA], {r: _input_interval(dataset, facts.loc[r]) for r in refs})
        rounded = supported_rounding(central, interval.low, interval.high)
        # Inside what the inputs support, unless 4 significant figures already say more than they do.
        assert interval.low <= rounded <= interval.high or f"{rounded:.4g}" == f"{central:.4g}", fact_id
        assert fact[Fact.VALUE] == pytest.approx(rounded, rel=1e-9), fact_id
        assert fact[Fact.QUALIFIER] == ("exact" if rounded == central else "approx"), fact_id


def test_this_year_and_last_year_resolve_to_2021_and_2020(dataset):
    """In a sentence that opens with '去年' the period is 2020; with '今年', 2021 (the page's year)."""
    source = dataset.sources[SEED_NAME]
    opened = {"去年": [], "今年": []}
    for _, fact in dataset.facts[~dataset.facts[Fact.DERIVED]].iterrows():
        span = source.find(fact[Fact.SOURCE_QUOTE])
        sentence = source.sentence_at(span.start)
        text = squeeze(source.text[sentence.start : sentence.end])
        first = text[:2]
        # A sentence that also names a year ("2020年度…名单") dates its own figures.
        if first in opened and not re.search(r"\d{4}年", text):
            opened[first].append(fact[Fact.PERIOD])
    assert len(opened["去年"]) >= 4 and set(opened["去年"]) == {"2020"}
    assert len(opened["今年"]) >= 4 and all(p.startswith("2021") for p in opened["今年"])


def test_values_are_in_base_units(dataset):
    """Amounts in yuan, not 万元: the top-talent grant is 100,000,000."""
    facts = dataset.facts.set_index(Fact.FACT_ID)
    assert facts.loc["zjg_top_talent_funding_2021", Fact.VALUE] == 1e8
    assert facts.loc["jx_cloud_enterprises_2021", [Fact.VALUE, Fact.QUALIFIER]].tolist() == [33000, "at_least"]
    assert facts.loc["hj_urban_income_growth_2020", [Fact.VALUE, Fact.UNIT]].tolist() == [3.8, "percent"]


def test_every_number_of_the_seed_is_curated_or_skipped(dataset):
    """The coverage test: no number of the page is left unaccounted for."""
    skips = load_skips(DATA_DIR)
    rows = check_coverage(dataset.sources[SEED_NAME], dataset.facts, skips)
    missing = [f"line {r.mention.line}: {r.mention.raw} in {r.mention.sentence}" for r in rows if not r.covered]
    assert len(rows) > 150
    assert not missing, "\n".join(missing)
    assert sum(1 for r in rows if r.fact_ids) > 75


def test_skip_list_has_no_stale_rows(dataset):
    """Every specific skip still names a number in its source, with a documented kind and a reason."""
    skips = load_skips(DATA_DIR)
    assert set(skips["kind"]) <= set(SKIP_KINDS)
    assert (skips["reason"].str.len() > 10).all()
    assert unused_skips(dataset.sources[SEED_NAME], skips) == []


def test_metadata_is_valid_and_describes_every_dataset(dataset):
    metadata = json.loads((DATA_DIR / "metadata.json").read_text(encoding="utf-8"))
    assert validate_metadata(metadata) == []
    assert set(dataset.facts[Fact.DATASET]) <= set(metadata["datasets"])
    assert {s["file"] for s in metadata["sources"]} >= set(dataset.facts[Fact.SOURCE_FILE])
    assert metadata["sources"][0]["publisher_zh"] == "科技日报"


@pytest.mark.parametrize(
    "broken, key",
    [
        (lambda m: m.pop("sources"), "sources"),
        (lambda m: m["units"].pop("mu"), "units.mu"),
        (lambda m: m["datasets"]["funding_tiers"].pop("title_en"), "datasets.funding_tiers.title_en"),
        (lambda m: m.__setitem__("title", {"zh": "标题"}), "title"),
    ],
)
def test_metadata_problems_name_the_key(broken, key):
    metadata = json.loads((DATA_DIR / "metadata.json").read_text(encoding="utf-8"))
    broken(metadata)
    problems = validate_metadata(metadata)
    assert any(p.column == key and p.file == "metadata.json" for p in problems), problems


def test_periods_and_ids_follow_the_schema(dataset):
    assert dataset.facts[Fact.PERIOD].map(lambda p: bool(schema.PERIOD_PATTERN.match(p))).all()
    assert dataset.facts[Fact.FACT_ID].is_unique
    assert set(dataset.facts[Fact.UNIT]) <= set(schema.UNITS)
    assert set(dataset.facts[Fact.QUALIFIER]) <= set(schema.QUALIFIERS)
    assert all(re.fullmatch(r"[a-z0-9_]+", i) for i in dataset.facts[Fact.INDICATOR_ID])
