"""The README documents what users rely on: settings, ids, routes, columns, commands."""

import re

from components.web import ids
from components.config import DEFAULTS
from components.data.schema import UNITS, Fact
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
