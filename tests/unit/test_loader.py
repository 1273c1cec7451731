"""Every kind of bad data file is refused with its file, row and column named."""

import csv
import json
import os
import subprocess
import sys

import pytest

from components.data.loader import DataValidationError, evaluate_formula, load_dataset
from components.data.schema import Fact
from tests.conftest import ROOT, SEED_NAME, add_source_facts

FACTS = f"facts/{SEED_NAME.replace('.txt', '.csv')}"


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path, rows, fieldnames=None):
    fieldnames = fieldnames or list(rows[0])
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit_fact(data_dir, index, **changes):
    path = data_dir / FACTS
    rows = read_rows(path)
    rows[index].update(changes)
    write_rows(path, rows)


def problems_of(data_dir, seeds_dir):
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_dir, seeds_dir)
    return info.value.problems


def assert_problem(problems, file, row, column, words):
    hits = [p for p in problems if p.file == file and p.row == row and p.column == column]
    assert hits, f"no problem at {file} row {row} column {column}: {[str(p) for p in problems]}"
    assert any(words in p.message for p in hits), [p.message for p in hits]


def test_the_curated_data_loads(dataset):
    assert len(dataset.facts) >= 90
    assert dataset.facts[Fact.VALUE].dtype == "float64"
    assert dataset.facts[Fact.DERIVED].dtype == "bool"
    assert len(dataset.version) == 12


@pytest.mark.parametrize(
    "column, value, words",
    [
        (Fact.UNIT, "万元", "unknown unit"),
        (Fact.QUALIFIER, "roughly", "unknown qualifier"),
        (Fact.REGION_ID, "atlantis", "unknown region"),
        (Fact.VALUE, "1亿", "not a finite number"),
        (Fact.VALUE, "nan", "not a finite number"),
        (Fact.VALUE, "123456", "not a number stated in the quote"),
        (Fact.PERIOD, "今年", "not a period"),
        (Fact.DATASET, "misc", "unknown dataset"),
        (Fact.SOURCE_QUOTE, "这句话不在原文中", "quote not found"),
        (Fact.SOURCE_FILE, "../../etc/passwd", "plain file name"),
        (Fact.SOURCE_FILE, "missing.txt", "not a readable file"),
        (Fact.DERIVED, "maybe", "not true or false"),
        (Fact.FACT_ID, "Bad Id", "snake_case"),
    ],
)
def test_bad_cell_is_named(data_copy, column, value, words):
    """A bad cell in row 5 of the facts file is reported at row 5, that column."""
    data_dir, seeds_dir = data_copy
    edit_fact(data_dir, 3, **{column: value})  # data row index 3 is file row 5
    assert_problem(problems_of(data_dir, seeds_dir), FACTS, 5, column, words)


def test_wrong_qualifier_against_quote(data_copy):
    """'最高5000万元' recorded as exact is caught by reading the quote."""
    data_dir, seeds_dir = data_copy
    rows = read_rows(data_dir / FACTS)
    index = next(i for i, r in enumerate(rows) if r[Fact.FACT_ID] == "zjg_major_team_funding_cap_2021")
    edit_fact(data_dir, index, **{Fact.QUALIFIER: "exact"})
    assert_problem(problems_of(data_dir, seeds_dir), FACTS, index + 2, Fact.QUALIFIER, "reads as at_most")


def test_duplicate_fact_id(data_copy):
    data_dir, seeds_dir = data_copy
    rows = read_rows(data_dir / FACTS)
    edit_fact(data_dir, 5, **{Fact.FACT_ID: rows[0][Fact.FACT_ID]})
    assert_problem(problems_of(data_dir, seeds_dir), FACTS, 7, Fact.FACT_ID, "duplicate id")


def test_derived_value_must_match_its_formula(data_copy):
    data_dir, seeds_dir = data_copy
    rows = read_rows(data_dir / FACTS)
    index = next(i for i, r in enumerate(rows) if r[Fact.DERIVED] == "true")
    edit_fact(data_dir, index, **{Fact.VALUE: "1"})
    assert_problem(problems_of(data_dir, seeds_dir), FACTS, index + 2, Fact.VALUE, "differs from its formula")


@pytest.mark.parametrize(
    "formula, words",
    [("__import__('os').system('true')", "only numbers"), ("{no_such_fact} * 2", "unknown fact_id"), ("1 +", "not an arithmetic")],
)
def test_formulas_cannot_run_code(formula, words):
    with pytest.raises(ValueError, match=words):
        evaluate_formula(formula, {"a": 1.0})


def test_missing_column(data_copy):
    data_dir, seeds_dir = data_copy
    rows = read_rows(data_dir / FACTS)
    fields = [f for f in rows[0] if f != Fact.QUALIFIER]
    for row in rows:
        row.pop(Fact.QUALIFIER)
    write_rows(data_dir / FACTS, rows, fields)
    assert_problem(problems_of(data_dir, seeds_dir), FACTS, 1, Fact.QUALIFIER, "required column is missing")


def test_a_repeated_column_is_named_as_written_not_as_pandas_renames_it(data_copy):
    data_dir, seeds_dir = data_copy
    path = data_dir / FACTS
    with open(path, encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    at = table[0].index(Fact.VALUE) + 1  # 1-based: the column an editor shows
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(cells[:at] + [cells[at - 1]] + cells[at:] for cells in table)
    problems = problems_of(data_dir, seeds_dir)
    assert_problem(problems, FACTS, 1, Fact.VALUE, f"column appears twice (columns {at} and {at + 1})")
    assert not any("value.1" in str(p) for p in problems), [str(p) for p in problems]


def test_a_facts_file_with_a_header_and_no_rows_is_refused_naming_it(data_copy, tmp_path):
    """Not an app silently serving nothing of that file: the start stops, naming it."""
    data_dir, seeds_dir = data_copy
    empty = data_dir / "facts" / "zz_empty.csv"
    empty.write_text(",".join(Fact.REQUIRED) + "\n", encoding="utf-8")
    assert_problem(problems_of(data_dir, seeds_dir), "facts/zz_empty.csv", 2, None, "no facts: the file has a header and no rows")
    for path in (data_dir / "facts").glob("*.csv"):
        path.write_text(",".join(Fact.REQUIRED + Fact.OPTIONAL) + "\n", encoding="utf-8")
    env = dict(os.environ, DASHBOARD_DATA_DIR=str(data_dir), DASHBOARD_SEEDS_DIR=str(seeds_dir), DASHBOARD_CACHE_DIR=str(tmp_path / "cache"))
    result = subprocess.run([sys.executable, "app.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and f"{FACTS}, row 2: no facts" in result.stderr and "Traceback" not in result.stderr


def test_malformed_csv_names_the_line(data_copy):
    data_dir, seeds_dir = data_copy
    path = data_dir / FACTS
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3] + ',"extra",cells'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = problems_of(data_dir, seeds_dir)
    assert any(p.file == FACTS and p.row == 4 and "malformed CSV" in p.message for p in problems), problems


def test_wrong_encoding_names_the_row(data_copy):
    """A file saved as GBK is refused, naming the first bad row."""
    data_dir, seeds_dir = data_copy
    path = data_dir / FACTS
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    problems = problems_of(data_dir, seeds_dir)
    assert any(p.file == FACTS and p.row == 2 and "UTF-8" in p.message for p in problems), problems


def test_bad_region_row(data_copy):
    data_dir, seeds_dir = data_copy
    path = data_dir / "regions" / "regions.csv"
    rows = read_rows(path)
    rows[1]["lat"] = "north"
    rows[2]["level"] = "galaxy"
    write_rows(path, rows)
    problems = problems_of(data_dir, seeds_dir)
    assert_problem(problems, "regions/regions.csv", 3, "lat", "coordinate")
    assert_problem(problems, "regions/regions.csv", 4, "level", "galaxy")


def test_problems_are_all_reported_at_once(data_copy):
    data_dir, seeds_dir = data_copy
    edit_fact(data_dir, 0, **{Fact.UNIT: "bad"})
    edit_fact(data_dir, 1, **{Fact.QUALIFIER: "bad"})
    assert len(problems_of(data_dir, seeds_dir)) >= 2


def test_user_added_facts_file_and_source_load(data_copy, dataset):
    """A new article in seeds/ with its own facts CSV loads without code changes."""
    data_dir, seeds_dir = data_copy
    (seeds_dir / "my_county.txt").write_text("去年,示例县新增高新技术企业120家,增长15%。\n", encoding="utf-8")
    (data_dir / "regions" / "my_regions.csv").write_text(
        "region_id,name_zh,name_en,level,parent_id,province_zh,province_en,lat,lon\n"
        "example_county,示例县,Example County,county,jiangsu,江苏省,Jiangsu,32.0,119.0\n",
        encoding="utf-8",
    )
    rows = read_rows(data_dir / FACTS)
    new = dict(rows[0])
    new.update(
        {
            Fact.FACT_ID: "example_hte_2020",
            Fact.DATASET: "digitalization",
            Fact.REGION_ID: "example_county",
            Fact.INDICATOR_ID: "new_high_tech_enterprises",
            Fact.INDICATOR_ZH: "新增高新技术企业",
            Fact.INDICATOR_EN: "New high-tech enterprises",
            Fact.PERIOD: "2020",
            Fact.VALUE: "120",
            Fact.UNIT: "count",
            Fact.QUALIFIER: "exact",
            Fact.SOURCE_FILE: "my_county.txt",
            Fact.SOURCE_QUOTE: "示例县新增高新技术企业120家",
            Fact.NOTE_ZH: "",
            Fact.NOTE_EN: "",
        }
    )
    add_source_facts(data_dir, "my_county.txt", [new])
    loaded = load_dataset(data_dir, seeds_dir)
    assert len(loaded.facts) == len(dataset.facts) + 1
    assert "example_county" in set(loaded.regions["region_id"])
    assert loaded.version != dataset.version


def test_app_refuses_to_start_on_bad_data(data_copy, tmp_path):
    """`python app.py` exits non-zero with the file, row and column, and serves nothing."""
    data_dir, seeds_dir = data_copy
    edit_fact(data_dir, 3, **{Fact.UNIT: "万元"})
    env = dict(os.environ, DASHBOARD_DATA_DIR=str(data_dir), DASHBOARD_SEEDS_DIR=str(seeds_dir),
               DASHBOARD_CACHE_DIR=str(tmp_path / "cache"))
    result = subprocess.run([sys.executable, "app.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"{FACTS}, row 5, column 'unit'" in result.stderr
    assert "Traceback" not in result.stderr


def test_reload_with_bad_data_keeps_serving_good_data(data_copy, tmp_path):
    from app import create_app
    from tests.conftest import make_config

    data_dir, seeds_dir = data_copy
    app = create_app(make_config(tmp_path, data_dir, seeds_dir))
    store = app.server.extensions["dashboard_data"]
    before = store.version
    edit_fact(data_dir, 0, **{Fact.VALUE: "oops"})
    with pytest.raises(DataValidationError):
        store.reload(data_dir, seeds_dir)
    assert store.version == before
    assert len(store.dataset.facts) >= 90


def row_of(data_dir, fact_id):
    """(data row index, file row) of a fact in the seed's facts file."""
    rows = read_rows(data_dir / FACTS)
    index = next(i for i, r in enumerate(rows) if r[Fact.FACT_ID] == fact_id)
    return index, index + 2


def test_a_quote_with_full_width_punctuation_matches_the_ascii_seed(data_copy):
    """'，' '％' match the seed's ',' '%': the quote rule compares NFKC forms, so the data loads."""
    data_dir, seeds_dir = data_copy
    index, _ = row_of(data_dir, "hj_urban_income_growth_2020")
    edit_fact(data_dir, index, **{Fact.SOURCE_QUOTE: "环江城镇居民人均可支配收入３０３５６元，增长3.8％"})
    facts = load_dataset(data_dir, seeds_dir).facts.set_index(Fact.FACT_ID)
    assert facts.loc["hj_urban_income_growth_2020", Fact.VALUE] == 3.8


@pytest.mark.parametrize(
    "fact_id, column, value, words",
    [
        # NFKC forgives full-width/ASCII forms only: '3.9％' for the seed's '3.8%' is not found.
        pytest.param("hj_urban_income_growth_2020", Fact.SOURCE_QUOTE, "环江城镇居民人均可支配收入30356元，增长3.9％", "quote not found",
                     id="wrong-character-in-a-full-width-quote"),
        # 29244.7 from a growth rate known to ±0.05%: the loader asks for 29240.
        pytest.param("hj_urban_income_2019", Fact.VALUE, "29244.7", "gives 29240", id="derived-false-precision"),
        # 29240 is 29244.70 rounded, so it cannot be exact (the curated row says approx and loads).
        pytest.param("hj_urban_income_2019", Fact.QUALIFIER, "exact", "qualifier is approx", id="rounded-derived-is-approx"),
        # 30356 − 11856 = 18500 needs no rounding, so approx would misstate it.
        pytest.param("hj_urban_rural_income_gap_2020", Fact.QUALIFIER, "approx", "qualifier is exact", id="unrounded-derived-is-exact"),
        # '600余' has no interval to compute with: a formula citing an at_least fact is an error.
        pytest.param("zjg_preresearch_leverage_ratio_2019", Fact.FORMULA, "{zjg_competition_applicants_2021} / 2",
                     "exact stated values only", id="formula-over-a-bound"),
    ],
)
def test_a_cell_against_the_quote_and_rounding_rules_is_refused(data_copy, fact_id, column, value, words):
    """One cell of a curated fact changed against the quote rule or the rounding of derived values is named."""
    data_dir, seeds_dir = data_copy
    index, row = row_of(data_dir, fact_id)
    edit_fact(data_dir, index, **{column: value})
    assert_problem(problems_of(data_dir, seeds_dir), FACTS, row, column, words)


def test_a_missing_source_key_is_named_with_its_purpose(data_copy):
    """A source entry without 'published' says which key and what it is for."""
    data_dir, seeds_dir = data_copy
    meta_path = data_dir / "metadata.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    del meta["sources"][0]["published"]
    meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    problems = problems_of(data_dir, seeds_dir)
    assert_problem(problems, "metadata.json", None, "sources[0].published", "required key 'published' is missing")
    assert any("as a period" in p.message for p in problems if p.column == "sources[0].published")


def test_an_extra_source_is_read_from_its_own_path(data_copy, tmp_path):
    """A text outside seeds/ given as an extra source validates its facts; the seeds still resolve."""
    data_dir, seeds_dir = data_copy
    draft = tmp_path / "drafts" / "my_county.txt"
    draft.parent.mkdir()
    draft.write_text("去年,示例县搬迁6000余户。\n", encoding="utf-8")
    rows = read_rows(data_dir / FACTS)
    new = dict(rows[0])
    new.update({Fact.FACT_ID: "example_relocated_2020", Fact.REGION_ID: "huanjiang", Fact.INDICATOR_ID: "relocated_households",
                Fact.INDICATOR_ZH: "搬迁户数", Fact.INDICATOR_EN: "Households relocated", Fact.PERIOD: "2020", Fact.VALUE: "6000",
                Fact.UNIT: "household", Fact.QUALIFIER: "at_least", Fact.SOURCE_FILE: "my_county.txt",
                Fact.SOURCE_QUOTE: "示例县搬迁6000余户", Fact.NOTE_ZH: "", Fact.NOTE_EN: ""})
    add_source_facts(data_dir, "my_county.txt", [new])
    assert_problem(problems_of(data_dir, seeds_dir), "facts/my_county.csv", 2, Fact.SOURCE_FILE, "not a readable file")
    loaded = load_dataset(data_dir, seeds_dir, extra_sources={"my_county.txt": draft})
    assert set(loaded.sources) == {SEED_NAME, "my_county.txt"}
    assert loaded.facts.set_index(Fact.FACT_ID).loc["example_relocated_2020", Fact.UNIT] == "household"
