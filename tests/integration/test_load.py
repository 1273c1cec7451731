"""Bounded load on real gunicorn over loopback, with one worker killed by SIGKILL mid-run."""

import json

import pytest

from scripts.loadtest import run, worker_pids

pytestmark = pytest.mark.integration

SECONDS = 20
CLIENTS = 16
KILL_AT = 8


def test_load_with_a_worker_killed_loses_only_its_requests(start_gunicorn):
    """16 clients for 20 s: no non-2xx answer; the SIGKILLed worker is replaced and only its connections fail."""
    server = start_gunicorn()
    before = worker_pids(server.pid)
    report = run(server.url, SECONDS, CLIENTS, kill_at=KILL_AT, master=server.pid)
    print(json.dumps(report, indent=1))  # the numbers, for docs/RELIABILITY.md

    assert report["non_2xx"] == 0, report["statuses"]
    assert report["requests"] > 200
    # Each client holds one keep-alive connection; at most those on the
    # killed worker fail, once each, right after the kill.
    assert report["connection_errors"] <= CLIENTS
    assert all(KILL_AT - 1 <= at <= KILL_AT + 5 for at, _ in report["error_times"])
    assert report["killed_worker"] in before and report["killed_worker"] not in report["workers_after"]
    assert len(report["workers_after"]) == len(before)
    assert "Traceback" not in server.log_text()
