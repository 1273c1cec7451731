"""The download routes: documented columns, BOM, region filter, clear errors."""

import csv
import io
import json

import pytest

from components.data.schema import Fact

EXPECTED_FIRST = [
    "fact_id", "dataset", "region_id", "indicator_id", "indicator_zh", "indicator_en", "period",
    "value", "unit", "qualifier", "derived", "source_file", "source_quote",
]


def read_csv(response):
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff"), "CSV must start with a BOM so Excel reads UTF-8"
    return list(csv.DictReader(io.StringIO(body[1:]))), body


def test_csv_has_the_documented_columns_first(client, dataset):
    response = client.get("/api/facts.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows, body = read_csv(response)
    header = next(csv.reader(io.StringIO(body[1:])))
    assert header[: len(EXPECTED_FIRST)] == EXPECTED_FIRST
    assert len(rows) == len(dataset.facts)


def test_csv_values_are_plain_base_units(client):
    rows, _ = read_csv(client.get("/api/facts.csv"))
    by_id = {r["fact_id"]: r for r in rows}
    assert by_id["zjg_top_talent_funding_2021"]["value"] == "100000000"
    assert by_id["hj_urban_income_growth_2020"]["value"] == "3.8"
    assert by_id["hj_urban_income_2019"]["derived"] == "true"
    assert "人才" in by_id["zjg_top_talent_funding_2021"]["source_quote"]


@pytest.mark.parametrize("param, regions", [("huanjiang", {"huanjiang"}), ("huanjiang,jiangxi", {"huanjiang", "jiangxi"}), (" jiangxi , ", {"jiangxi"})])
def test_region_filter(client, dataset, param, regions):
    rows, _ = read_csv(client.get("/api/facts.csv", query_string={"region": param}))
    assert {r["region_id"] for r in rows} == regions
    assert len(rows) == int(dataset.facts[Fact.REGION_ID].isin(regions).sum())


def test_json_has_records_and_metadata(client, dataset):
    response = client.get("/api/facts.json", query_string={"region": "jiangxi"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["metadata"]["sources"][0]["publisher_en"] == "Science and Technology Daily"
    assert body["count"] == len(body["facts"]) == int((dataset.facts[Fact.REGION_ID] == "jiangxi").sum())
    assert list(body["facts"][0])[: len(EXPECTED_FIRST)] == EXPECTED_FIRST
    assert all(isinstance(f["value"], (int, float)) and isinstance(f["derived"], bool) for f in body["facts"])


@pytest.mark.parametrize("route", ["/api/facts.csv", "/api/facts.json"])
@pytest.mark.parametrize("param", ["atlantis", "huanjiang,<script>alert(1)</script>", "x" * 5000])
def test_unknown_region_is_a_clear_400(client, route, param):
    response = client.get(route, query_string={"region": param})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "region" in text
    assert "Traceback" not in text
    if route.endswith(".json"):
        assert "error" in json.loads(text)


def test_download_is_named(client):
    response = client.get("/api/facts.csv", query_string={"region": "huanjiang"})
    assert 'filename="facts_huanjiang.csv"' in response.headers["Content-Disposition"]


def test_download_names_are_ascii_safe():
    from components.web.api import regions_stem

    assert regions_stem(["province:hebei", "huanjiang"]) == "province-hebei-huanjiang"
    assert regions_stem([]) == "all"
