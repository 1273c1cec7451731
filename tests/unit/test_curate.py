"""The curation helper lists every number of a text with its reading and status."""

import subprocess
import sys

from tests.conftest import DATA_DIR, ROOT, SEEDS_DIR, SEED_NAME


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
    """A text placed beside the seeds is read with nothing curated yet; exit 1 with --missing."""
    text = tmp_path / "new_article.txt"
    text.write_text("去年,示例县新增高新技术企业120家,研发投入超3.5亿元。\n", encoding="utf-8")
    result = run_curate(text, "--missing", "--data-dir", DATA_DIR)
    assert result.returncode == 1
    assert "120家" in result.stdout and "MISSING" in result.stdout
    line = next(line for line in result.stdout.splitlines() if "3.5亿元" in line and not line.startswith(" " * 6))
    assert "350,000,000" in line and "at_least" in line
    assert "去年,示例县新增高新技术企业120家,研发投入超3.5亿元。" in result.stdout


def test_missing_file_is_a_clear_error(tmp_path):
    result = run_curate(tmp_path / "nope.txt")
    assert result.returncode == 2
    assert "is not a file" in result.stderr and "Traceback" not in result.stderr
