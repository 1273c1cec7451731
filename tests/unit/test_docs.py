"""The README documents what users rely on: settings, ids, routes, columns, commands."""

import json
import re

from components.web import ids
from components.config import DEFAULTS
from components.data import numbers, textmatch
from components.data.loader import SOURCE_KEYS, SOURCE_OPTIONAL_KEYS
from components.data.numbers import QUALIFIER_WORDS
from components.data.schema import QUALIFIERS, UNITS, Fact
from components.charts import registry
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented():
    for name in DEFAULTS:
        assert f"`{name}`" in README, f"{name} is not in the README's settings table"


def test_the_two_commands_open_the_readme():
    head = README[:1200]
    assert "make run" in head and "make test" in head


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)


def test_page_ids_and_routes_are_documented():
    for component_id in (ids.REGION_FILTER, ids.LANG_TOGGLE, ids.PROVENANCE_PANEL, ids.FACTS_TABLE, *registry.GRAPHS):
        assert f"`{component_id}`" in README, component_id
    for route in ("/api/facts.csv", "/api/facts.json"):
        assert route in README


def test_fact_columns_and_units_are_documented():
    for column in Fact.REQUIRED + Fact.OPTIONAL:
        assert f"`{column}`" in README, column
    for unit in UNITS:
        assert f"`{unit}`" in README, unit


# The qualifier rule is written as "position: word, word; position: …" in each
# place that states it; these read it back so the places can be compared.
_POSITIONS = re.compile(r"(multiples in words|after a multiplier|before|after): ([^;.()]+)")
_CJK = re.compile(r"[\u4e00-\u9fff]+")


def _rule_words(text: str) -> dict[str, frozenset[str]]:
    """{position: words} of one qualifier's statement of the rule."""
    return {position: frozenset(_CJK.findall(words)) for position, words in _POSITIONS.findall(text)}


def _per_qualifier(text: str, marker: str) -> dict[str, dict[str, frozenset[str]]]:
    """Each qualifier's words in a text that names the qualifiers as ``marker.format(q)``, in turn."""
    starts = sorted((text.index(marker.format(q)), q) for q in QUALIFIERS)
    ends = [start for start, _ in starts[1:]] + [len(text)]
    return {q: _rule_words(text[start:end]) for (start, q), end in zip(starts, ends)}


def _parser_rule() -> dict[str, dict[str, frozenset[str]]]:
    return {q: {p: frozenset(words) for p, words in QUALIFIER_WORDS.get(q, {}).items()} for q in QUALIFIERS}


def test_readme_metadata_and_parser_name_the_same_qualifier_words():
    """One rule: the README's qualifier row, metadata.json and the parser's tables give each qualifier the same words."""
    parser = _parser_rule()
    assert parser["at_most"]["after"] >= {"以内", "以下"} and parser["exact"]["multiples in words"] >= {"翻倍"}
    row = next(line for line in README.splitlines() if line.startswith("| `qualifier` |"))
    assert _per_qualifier(row, "`{}`") == parser
    metadata = json.loads((ROOT / "data" / "metadata.json").read_text(encoding="utf-8"))
    assert {q: _rule_words(metadata["qualifiers"][q]["definition"]) for q in QUALIFIERS} == parser
    doc = numbers.__doc__
    rule = doc[doc.index("The qualifier rule") : doc.index('A "before" word')]
    assert _per_qualifier(rule, "``{}``") == parser


def test_the_quote_matching_rule_is_stated_identically():
    """README, metadata.json's matching_rule and the textmatch docstring state the same words."""
    rule = json.loads((ROOT / "data" / "metadata.json").read_text(encoding="utf-8"))["matching_rule"]
    assert "NFKC" in rule
    flat = " ".join(rule.split())
    assert flat in " ".join(README.split())
    assert flat in " ".join(textmatch.__doc__.split())


def test_the_readme_lists_exactly_the_keys_of_a_source_entry():
    """Step 2 of "Adding a county or an article" names the loader's required and optional keys."""
    step = README[README.index("2. Add its source entry") : README.index("3. Add any new region")]
    required = step[step.index("Required keys:") : step.index("Optional:")]
    optional = step[step.index("Optional:") : step.index("A missing required key")]

    def named(text: str) -> list[str]:
        """The keys named, leaving out what the parentheses say about them."""
        return re.findall(r"`([a-z_]+)`", re.sub(r"\([^)]*\)", "", text))

    assert named(required) == list(SOURCE_KEYS)
    assert named(optional) == list(SOURCE_OPTIONAL_KEYS)
