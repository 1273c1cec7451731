"""Slow clients (slowloris headers, trickled and stalled bodies) on real gunicorn over loopback."""

import json

import pytest

from components.web.http.serving import BODY_TIMEOUT, HEADER_TIMEOUT
from scripts.slowclients import run

pytestmark = pytest.mark.integration

SOCKETS = 200
SECONDS = 25  # > 2 x the timeouts: every slow socket is dropped at least twice


@pytest.mark.parametrize("mode", ["headers", "body"])
def test_slow_clients_do_not_delay_others_and_are_dropped(start_gunicorn, mode):
    """200 sockets trickling one byte every 3 s: every probe answered (p95 <= 500 ms), each socket dropped at the bound, logged."""
    server = start_gunicorn()
    report = run(server.url, mode, SOCKETS, SECONDS, interval=3.0, probe_every=0.1, probe_timeout=5.0)
    print(json.dumps(report, indent=1))

    probes, attack = report["probes"], report["attack"]
    assert probes["failures"] == 0, probes
    assert probes["n"] > 100
    assert probes["p95_ms"] <= 500, probes
    # every slow socket is dropped, after the bound and not much later
    limit = HEADER_TIMEOUT if mode == "headers" else BODY_TIMEOUT
    assert attack["dropped_by_server"] >= SOCKETS, attack
    assert limit - 0.5 <= attack["drop_after_s"]["min"] and attack["drop_after_s"]["max"] <= limit + 2, attack
    log = server.log_text()
    if mode == "body":
        assert attack["server_answers"] == {"HTTP/1.1 408 Request Timeout": attack["dropped_by_server"]}
        assert "slow client 127.0.0.1:" in log and "answered 408 and closed" in log
    else:
        assert "no complete request headers in" in log
    assert "Traceback" not in log


def test_a_stalled_body_is_dropped_and_logged(start_gunicorn):
    """The review's case: Content-Length 1000, one byte, then nothing."""
    server = start_gunicorn()
    report = run(server.url, "stall", 4, BODY_TIMEOUT + 5, interval=3.0, probe_every=0.1, probe_timeout=5.0)
    assert report["probes"]["failures"] == 0
    assert report["attack"]["server_answers"] == {"HTTP/1.1 408 Request Timeout": 4}
    assert "sent 1 of 1000 body bytes in" in server.log_text()
