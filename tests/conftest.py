"""Shared fixtures: the real curated data, and apps built by the factory."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SEEDS_DIR = ROOT / "seeds"
SEED_NAME = "000_3d761635c312e61a.txt"


@pytest.fixture(scope="session")
def dataset():
    from components.data.loader import load_dataset

    return load_dataset(DATA_DIR, SEEDS_DIR)


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of data/ and seeds/, for tests that break or extend it."""
    data = tmp_path / "data"
    seeds = tmp_path / "seeds"
    shutil.copytree(DATA_DIR, data)
    shutil.copytree(SEEDS_DIR, seeds)
    return data, seeds


def add_source_facts(data_dir: Path, source_file: str, facts: list[dict]) -> None:
    """A facts file for a new source, and the source's entry in metadata.json (the seed's, renamed).

    What a curator adds for a new article (README, "Adding a county or an
    article"); the text itself is the test's to place.
    """
    with open(data_dir / "facts" / source_file.replace(".txt", ".csv"), "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(facts[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(facts)
    meta_path = data_dir / "metadata.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["sources"].append(dict(meta["sources"][0], file=source_file))
    meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def make_config(tmp_path, data_dir=DATA_DIR, seeds_dir=SEEDS_DIR, **extra):
    cache_dir = tmp_path / "cache"
    config = {
        "DASHBOARD_DATA_DIR": str(data_dir),
        "DASHBOARD_SEEDS_DIR": str(seeds_dir),
        "DASHBOARD_CACHE_DIR": str(cache_dir),
        "DASHBOARD_WARM_SECONDS": "0",  # a fresh app per test: warm only the default view
        "DASHBOARD_PREVIEWS": "0",  # no renderer behind every test's server (tests of previews turn it on)
    }
    config.update(extra)
    return config


@pytest.fixture
def dash_app(tmp_path):
    from app import create_app

    return create_app(make_config(tmp_path))


@pytest.fixture
def client(dash_app):
    return dash_app.server.test_client()


@pytest.fixture
def app_context(dash_app):
    with dash_app.server.app_context():
        yield dash_app


def pytest_setup_options():
    """Chromium flags for dash_duo: Debian's build, and no background traffic.

    The machines running the tests have no network but the package
    registries; without these flags Chromium keeps trying to reach Google
    services and logs connection errors into the console we assert on.
    """
    from selenium.webdriver.chrome.options import Options

    options = Options()
    if Path("/usr/bin/chromium").exists():
        options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--no-first-run",
        "--window-size=1280,1000",
        "--lang=zh-CN",
    ):
        options.add_argument(flag)
    return options  # pluggy collects hook results into the list dash expects


def pytest_collection_modifyitems(items):
    """Everything under tests/browser is the browser tier."""
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


def figure_catalog(dataset):
    """The catalog the figure builders get for a loaded dataset (its texts escaped for Plotly)."""
    from components.data.catalog import Catalog

    return Catalog.of(dataset.facts, dataset.regions, dataset.metadata, dataset.charts).escaped()


def build_chart(graph_id: str, dataset, regions=(), lang: str = "zh", indicator=None):
    """One chart of the registry for a view of a loaded dataset, as the chart service builds it."""
    from components.charts.registry import BY_GRAPH
    from components.data.schema import Cluster, Fact

    facts, clusters = dataset.facts, dataset.clusters
    if regions:
        facts = facts[facts[Fact.REGION_ID].isin(list(regions))]
        clusters = clusters[clusters[Cluster.REGION_ID].isin(list(regions))]
    return BY_GRAPH[graph_id].build(facts, dataset.regions, clusters, lang=lang, catalog=figure_catalog(dataset), indicator=indicator)


OTHER_UID = 65534  # nobody


@contextlib.contextmanager
def read_only(path: Path):
    """``path`` (a directory) unwritable for the test's duration, even for root.

    As root a mode bit stops nothing, so the immutable attribute is set
    instead (chattr +i: no file can be created, renamed or removed there).
    """
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)]).returncode:
            pytest.skip("making a directory read-only as root needs chattr on ext4/xfs")
        try:
            yield path
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o500)
        try:
            yield path
        finally:
            path.chmod(mode)


def give_to_another_user(path: Path) -> None:
    """Make ``path`` belong to another uid (only root can)."""
    if os.geteuid() != 0:
        pytest.skip("giving a file to another user needs root")
    os.chown(path, OTHER_UID, -1)
