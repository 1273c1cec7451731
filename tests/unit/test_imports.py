"""Importing the app does nothing heavy: no data is loaded, nothing is built, until ``app:server`` is asked for."""

import os
import subprocess
import sys

from tests.conftest import ROOT

IMPORTS = "import app, components.web.callbacks, components.web.layout, components.services.charts, components.cli.export"


def run(code: str, data_dir: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DASHBOARD_DATA_DIR": data_dir, "DASHBOARD_WARM_SECONDS": "0"}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_importing_the_package_loads_no_data(tmp_path):
    """With a data directory that does not exist, every module still imports: none of them reads data."""
    result = run(IMPORTS + "; import sys; print('kaleido' in sys.modules)", str(tmp_path / "no-such-dir"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"  # not even the renderer's library


def test_asking_for_the_served_app_builds_it_then(tmp_path):
    """``app.server`` builds the app on first access: the missing data now stops it with exit 2 and a message."""
    result = run("import app; app.server", str(tmp_path / "no-such-dir"))
    assert result.returncode == 2
    assert "error: invalid data" in result.stderr and "metadata.json" in result.stderr
    assert "Traceback" not in result.stderr
