"""The curation helper lists every number of a text with its reading and status."""

import subprocess
import sys

from components.data.schema import Fact
from tests.conftest import DATA_DIR, ROOT, SEEDS_DIR, SEED_NAME, add_source_facts


def run_curate(*args):
    return subprocess.run(
        [sys.executable, "-m", "components.cli.curate", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_seed_is_fully_curated():
    """--missing lists nothing and exits 0 for the curated seed."""
    result = run_curate(SEEDS_DIR / SEED_NAME, "--missing", "--data-dir", DATA_DIR)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "MISSING" not in result.stdout
    assert ", 0 missing" in result.stderr


def test_listing_shows_value_unit_qualifier_and_fact():
    result = run_curate(SEEDS_DIR / SEED_NAME, "--data-dir", DATA_DIR)
    lines = result.stdout.splitlines()
    top_talent = next(line for line in lines if "fact zjg_top_talent_funding_2021" in line)
    assert "1亿元" in top_talent and "100,000,000" in top_talent and "CNY" in top_talent
    cap = next(line for line in lines if "fact zjg_major_team_funding_cap_2021" in line)
    assert "at_most" in cap
    assert any("skip date:" in line for line in lines)


def test_a_new_text_lists_its_numbers_as_missing(tmp_path):
    """A text outside seeds/ is read with nothing of its own curated yet; exit 1 with --missing.

    The project's data still validates: its sources are read from seeds/, not
    from the new text's directory.
    """
    text = tmp_path / "new_article.txt"
    text.write_text("去年,示例县新增高新技术企业120家,研发投入超3.5亿元。\n", encoding="utf-8")
    result = run_curate(text, "--missing", "--data-dir", DATA_DIR)
    assert result.returncode == 1
    assert "does not validate" not in result.stderr and "not a readable file" not in result.stderr
    assert "120家" in result.stdout and "MISSING" in result.stdout
    line = next(line for line in result.stdout.splitlines() if "3.5亿元" in line and not line.startswith(" " * 6))
    assert "350,000,000" in line and "at_least" in line
    assert "去年,示例县新增高新技术企业120家,研发投入超3.5亿元。" in result.stdout


def test_missing_file_is_a_clear_error(tmp_path):
    result = run_curate(tmp_path / "nope.txt")
    assert result.returncode == 2
    assert "is not a file" in result.stderr and "Traceback" not in result.stderr


def test_a_text_outside_seeds_is_read_as_one_more_source(data_copy, tmp_path):
    """The project's data still loads from its seeds dir; facts already written for the new text count."""
    data_dir, seeds_dir = data_copy
    draft = tmp_path / "drafts" / "new_county.txt"
    draft.parent.mkdir()
    draft.write_text("去年,示例县新增高新技术企业120家,研发投入超3.5亿元。\n", encoding="utf-8")
    fact = {
        Fact.FACT_ID: "example_hte_2020", Fact.DATASET: "digitalization", Fact.REGION_ID: "huanjiang",
        Fact.INDICATOR_ID: "example_new_hte", Fact.INDICATOR_ZH: "新增高新技术企业", Fact.INDICATOR_EN: "New high-tech enterprises",
        Fact.PERIOD: "2020", Fact.VALUE: "120", Fact.UNIT: "count", Fact.QUALIFIER: "exact", Fact.DERIVED: "false",
        Fact.FORMULA: "", Fact.SOURCE_FILE: "new_county.txt", Fact.SOURCE_QUOTE: "示例县新增高新技术企业120家",
    }
    add_source_facts(data_dir, "new_county.txt", [fact])

    result = run_curate(draft, "--data-dir", data_dir, "--seeds-dir", seeds_dir)
    assert result.returncode == 0, result.stderr
    assert "does not validate" not in result.stderr and "not a readable file" not in result.stderr
    counted = next(line for line in result.stdout.splitlines() if "120家" in line and not line.startswith(" " * 6))
    assert "fact example_hte_2020" in counted
    assert "3.5亿元" in result.stdout and ", 1 missing" in result.stderr
