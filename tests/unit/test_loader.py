"""Every kind of bad data file is refused with its file, row and column named."""

import csv
import os
import subprocess
import sys

import pytest

from components.data.loader import DataValidationError, evaluate_formula, load_dataset
from components.data.schema import Fact
from tests.conftest import ROOT, SEED_NAME

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
    write_rows(data_dir / "facts" / "my_county.csv", [new])
    import json

    meta_path = data_dir / "metadata.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["sources"].append(dict(meta["sources"][0], file="my_county.txt"))
    meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
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
