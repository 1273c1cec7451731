"""The README's "Adding a county or an article", step by step, as a curator would follow it.

The county is fictional (tests/fixtures/fictional.py): its text states
figures with the same indicator ids as the curated page, and at the end it
is compared side by side with Huanjiang in every chart it has data for.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys

from components.data.schema import Fact, Region
from components.web import ids
from tests.conftest import ROOT, make_config
from tests.fixtures.fictional import PUBLISHER_EN, PUBLISHER_ZH, counties, fact_rows, texts_of

README = (ROOT / "README.md").read_text(encoding="utf-8")


def curate(path, data, seeds, *flags):
    env = {**os.environ, "DASHBOARD_DATA_DIR": str(data), "DASHBOARD_SEEDS_DIR": str(seeds)}
    return subprocess.run([sys.executable, "-m", "components.curate", str(path), *flags], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def append_csv(path, rows):
    new = not path.exists()
    with open(path, "a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        if new:
            writer.writeheader()
        writer.writerows(rows)


def test_the_readme_walkthrough_adds_a_county_that_every_chart_compares(data_copy, tmp_path):
    assert "### Adding a county or an article" in README
    data, seeds = data_copy
    county = counties(1)[0]

    # 1. The text in seeds/ (UTF-8).
    text = seeds / county.source_file
    text.write_text("\n\n".join(texts_of(county).values()) + "\n", encoding="utf-8")

    # 2. Its source entry in metadata.json, with the keys the README lists.
    metadata = json.loads((data / "metadata.json").read_text(encoding="utf-8"))
    for key in ("`file`", "`publisher_zh`", "`publisher_en`", "`published`", "`licence`"):
        assert key in README
    metadata["sources"].append({"file": county.source_file, "publisher_zh": PUBLISHER_ZH, "publisher_en": PUBLISHER_EN,
                                "published": "2022-03", "licence": "Invented for the tests."})
    metadata["datasets"]["fictional_policy"] = {"title_zh": "虚构县政策(测试)", "title_en": "Fictional county policy (test)"}
    metadata["datasets"]["fictional_economy"] = {"title_zh": "虚构县经济(测试)", "title_en": "Fictional county economy (test)"}
    (data / "metadata.json").write_text(json.dumps(metadata, ensure_ascii=False, indent=2), encoding="utf-8")

    # 3. The new region, in a CSV of its own.
    append_csv(data / "regions" / "my_regions.csv", [{
        Region.REGION_ID: county.region_id, Region.NAME_ZH: county.name_zh, Region.NAME_EN: county.name_en, Region.LEVEL: "county",
        Region.PARENT_ID: "testland", Region.PROVINCE_ZH: "测试省(虚构)", Region.PROVINCE_EN: "Testland (fictional)",
        Region.LAT: "30.0", Region.LON: "110.0",
    }])

    # 4. List its numbers: all of them still to curate.
    listed = curate(text, data, seeds, "--missing")
    assert listed.returncode == 1, listed.stderr
    missing = int(re.search(r"(\d+) missing", listed.stderr).group(1))
    assert "MISSING" in listed.stdout and missing >= len(fact_rows(county)) - 5, listed.stderr

    # 5. The facts to a new CSV, and what is not a fact to the skip list.
    append_csv(data / "facts" / "my_county.csv", fact_rows(county))
    left = curate(text, data, seeds, "--missing")
    missing = [line.split()[1] for line in left.stdout.splitlines() if line.strip() and "MISSING" in line]
    with open(data / "coverage_skips.csv", "a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for number in missing:
            # "5G" (a name) and "一季度" (a date) are not figures of the county.
            context = "5G应用项目" if number.startswith("5") else "今年一季度"
            writer.writerow([county.source_file, context, "5" if number.startswith("5") else "一", "name" if number.startswith("5") else "date", "not a figure (test county)"])
    done = curate(text, data, seeds, "--missing")
    assert done.returncode == 0, done.stdout + done.stderr

    # 6. Restart: loaded and validated with no code change, and compared in every chart it has data for.
    from app import create_app
    from components.services.charts import chart_view

    app = create_app(make_config(tmp_path, data, seeds))
    with app.server.app_context():
        view = chart_view(["huanjiang", county.region_id], "en")
    facts = {row[Fact.FACT_ID] for row in fact_rows(county)}
    for graph in (ids.FUNDING_TIERS_GRAPH, ids.INCOME_GROWTH_GRAPH, ids.DIGITALIZATION_GRAPH, ids.INNOVATION_POINTS_GRAPH, ids.AGRICULTURE_GRAPH):
        item = view["graphs"][graph]
        marked = {row[0] for trace in item["figure"]["data"] for row in trace.get("customdata") or [] if isinstance(row, list) and row}
        assert marked & facts, graph
        assert county.name_en in json.dumps(item["figure"], ensure_ascii=False), graph
    income = json.dumps(view["graphs"][ids.INCOME_GROWTH_GRAPH]["figure"], ensure_ascii=False)
    assert "hj_urban_income_2020" in income  # next to Huanjiang's own facts
    assert county.source_file in income and PUBLISHER_EN.split(" (")[0] in income
