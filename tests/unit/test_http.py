"""HTTP details: one ETag per encoding of a file, conditional requests for each, repeated query parameters."""

import csv
import gzip
import io
import re

import brotli
import pytest

from components.data.schema import Fact

DECODE = {"br": brotli.decompress, "gzip": gzip.decompress, None: lambda body: body}


def compressible_urls(client) -> list[str]:
    """The page's stylesheet and a non-fingerprinted asset, both with an ETag and over 1 KB."""
    page = client.get("/").get_data(as_text=True)
    urls = re.findall(r'(?:src|href)="(/assets/[^"?]+\.(?:css|js))', page)
    assert urls
    return urls[:2]


@pytest.mark.parametrize("accept, encoding", [("br", "br"), ("gzip", "gzip"), ("identity", None)])
def test_each_encoding_of_a_file_has_its_own_etag(client, accept, encoding):
    for url in compressible_urls(client):
        plain = client.get(url, headers={"Accept-Encoding": "identity"})
        response = client.get(url, headers={"Accept-Encoding": accept})
        assert response.headers.get("Content-Encoding") == encoding
        plain_tag, tag = plain.headers["ETag"], response.headers["ETag"]
        assert not tag.startswith("W/"), "a strong validator"
        suffix = {"br": "-br", "gzip": "-gz", None: ""}[encoding]
        assert tag == plain_tag[:-1] + suffix + '"'
        assert DECODE[encoding](response.get_data()) == plain.get_data()


@pytest.mark.parametrize("accept", ["br", "gzip", "identity"])
def test_a_conditional_request_with_the_encodings_etag_is_304(client, accept):
    """The browser sends back the ETag of what it holds: 304, no body; another encoding's tag: the full body."""
    for url in compressible_urls(client):
        tag = client.get(url, headers={"Accept-Encoding": accept}).headers["ETag"]
        again = client.get(url, headers={"Accept-Encoding": accept, "If-None-Match": tag})
        assert again.status_code == 304 and again.get_data() == b"" and again.headers["ETag"] == tag
        assert again.headers["X-Content-Type-Options"] == "nosniff" and "Content-Encoding" not in again.headers
        other = "identity" if accept != "identity" else "br"
        refreshed = client.get(url, headers={"Accept-Encoding": other, "If-None-Match": tag})
        assert refreshed.status_code == 200 and refreshed.headers["ETag"] != tag


def rows(response):
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


@pytest.mark.parametrize("route", ["/api/facts.csv", "/api/facts.json"])
def test_a_repeated_region_parameter_is_merged(client, route):
    """?region=a&region=b is ?region=a,b: both regions, not just the first."""
    repeated = client.get(f"{route}?region=huanjiang&region=jiangxi")
    listed = client.get(f"{route}?region=huanjiang,jiangxi")
    assert repeated.status_code == listed.status_code == 200
    if route.endswith(".csv"):
        assert {r[Fact.REGION_ID] for r in rows(repeated)} == {"huanjiang", "jiangxi"}
        assert repeated.get_data() == listed.get_data()
    else:
        assert repeated.get_json()["regions"] == ["huanjiang", "jiangxi"]
        assert repeated.get_json()["facts"] == listed.get_json()["facts"]
    unknown = client.get(f"{route}?region=huanjiang&region=atlantis")
    assert unknown.status_code == 400 and "atlantis" in unknown.get_data(as_text=True)
