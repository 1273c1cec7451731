"""Integration fixtures: a real redis-server and real gunicorn masters on free loopback ports.

Every process is started here and stopped here, by its PID.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from scripts.loadtest import worker_pids
from tests.conftest import ROOT

GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Redis:
    """A throwaway redis-server: no persistence, loopback only."""

    def __init__(self, port: int):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        end = time.time() + 10
        while self.cli("PING") != "PONG":
            if time.time() > end:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None

    def cli(self, *args: str) -> str:
        result = subprocess.run(["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True)
        return result.stdout.strip()

    def keys(self) -> list[str]:
        return [k for k in self.cli("--scan", "--pattern", "dashboard:*").splitlines() if k]


@pytest.fixture
def redis_server():
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is missing: run scripts/install-system-deps.sh (make test does)")
    server = Redis(free_port())
    server.start()
    yield server
    server.stop()


class Gunicorn:
    """gunicorn -c gunicorn.conf.py app:server, on a free port, its log in a file."""

    def __init__(self, tmp_path: Path, env: dict, workers: int = 2):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / f"gunicorn-{self.port}.log"
        full_env = dict(os.environ, GUNICORN_BIND=f"127.0.0.1:{self.port}", GUNICORN_WORKERS=str(workers), **env)
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                [str(GUNICORN), "-c", "gunicorn.conf.py", "app:server"], cwd=ROOT, env=full_env, stdout=log, stderr=log
            )
        end = time.time() + 90
        # Ready means answering AND every worker booted: the first worker can
        # answer while the second is still starting.
        while True:
            try:
                answered = urllib.request.urlopen(self.url + "/", timeout=5).status == 200
            except OSError:
                answered = False
            if answered and len(self.workers()) == workers:
                break
            if self.process.poll() is not None or time.time() > end:
                raise RuntimeError(f"gunicorn did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.2)

    @property
    def pid(self) -> int:
        return self.process.pid

    def workers(self) -> list[int]:
        return worker_pids(self.pid) if self.process.poll() is None else []

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        stop(self.process)


@pytest.fixture
def start_gunicorn(tmp_path):
    """Start gunicorn masters with extra environment; all are stopped at the end."""
    started: list[Gunicorn] = []

    def start(env: dict | None = None, workers: int = 2) -> Gunicorn:
        env = {"DASHBOARD_CACHE_DIR": str(tmp_path / "cache"), **(env or {})}
        server = Gunicorn(tmp_path, env, workers)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
