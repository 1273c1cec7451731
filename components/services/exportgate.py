"""Who may render an export-all ZIP now: a few slots per host, and a pause per client.

Rendering a view's ZIP keeps a Chromium busy for seconds and takes most of a
core; ten at once starved every other request for tens of seconds (the
review: the layout took a median 14.4 s). So:

* at most ``DASHBOARD_EXPORT_SLOTS`` renders run at a time on one host,
  across all gunicorn workers: each slot is a file in the private cache
  directory locked with ``fcntl.flock`` (non-blocking, released by the
  kernel if the worker dies). A request that finds every slot taken is
  answered at once, "busy, try again in N s", N from the running render's
  start and the last render's duration; it never queues. A slot directory
  removed under the server is made again;
* a client (its address as gunicorn sees it) that has just had an export
  waits ``DASHBOARD_EXPORT_COOLDOWN`` seconds before the next one, so no one
  client can keep a slot in a loop while others are refused. The pause is
  kept in the app's shared cache, so it holds across workers (and hosts,
  with Redis).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import math
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from components.config import ConfigError, private_cache_dir
from components.services.cache import cache

log = logging.getLogger("dashboard.export")

GATE_EXTENSION_KEY = "dashboard.export_gate"  # app.server.extensions[...]: the app's ExportGate
SLOT_FILE = ".export-slot-{}.lock"  # dot files: never taken for cache entries
DEFAULT_DURATION = 5.0  # seconds a render is expected to take before any was measured


@dataclass(frozen=True)
class Refusal:
    """Why an export cannot start now, and in how many seconds to try again."""

    reason: str  # "busy" (every slot rendering) or "cooldown" (this client just had one)
    retry_after: int


class ExportGate:
    """The host's export slots and the clients' pauses; one per app."""

    def __init__(self, lock_dir: str | Path, slots: int, cooldown: float):
        self._dir = Path(lock_dir)
        self._slots = max(1, slots)
        self._cooldown = max(0.0, cooldown)

    @contextlib.contextmanager
    def enter(self, client: str) -> Iterator[Refusal | None]:
        """``with gate.enter(client) as refusal:`` None means render now (a slot is held until the block ends)."""
        pause_key = f"export-pause:{client}"
        now = time.time()
        until = cache.get(pause_key)
        if isinstance(until, (int, float)) and until > now:
            yield Refusal("cooldown", math.ceil(until - now))
            return
        handle = self._take_slot()
        if handle is None:
            yield Refusal("busy", self._retry_after())
            return
        started = time.monotonic()
        try:
            self._write(handle, {"started": now, "expected": self._last_duration(handle)})
            yield None
        finally:
            duration = time.monotonic() - started
            self._write(handle, {"last": duration})
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()
            if self._cooldown:
                cache.set(pause_key, time.time() + self._cooldown, timeout=math.ceil(self._cooldown) + 1)

    def rendering(self) -> bool:
        """Is an export rendering on this host now (a slot held by any worker)?"""
        for path in self._slot_paths():
            handle = self._open(path)
            if handle is None:
                continue
            try:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            finally:
                handle.close()  # closing releases a lock taken here
        return False

    @contextlib.contextmanager
    def background(self, name: str) -> Iterator[bool]:
        """``with gate.background("previews") as mine:`` True when this worker holds the host's one
        lock of that name (background work one worker at a time per host), else False at once."""
        handle = self._open(self._dir / f".{name}.lock")
        if handle is None:
            yield False
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()

    def _slot_paths(self) -> list[Path]:
        return [self._dir / SLOT_FILE.format(i) for i in range(self._slots)]

    def _take_slot(self):
        opened = False
        for path in self._slot_paths():
            handle = self._open(path)
            if handle is None:
                continue
            opened = True
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            return handle
        if not opened and not self._dir.is_dir():
            # The cache directory was removed under the server: make it again
            # (private), rather than answer "busy" for ever.
            try:
                private_cache_dir(str(self._dir))
            except ConfigError as exc:
                log.warning("export-all: cannot make the slot directory again (%s)", exc)
                return None
            log.warning("export-all: the slot directory %s was gone; created it again", self._dir)
            return self._take_slot()
        return None

    def _open(self, path: Path):
        try:
            # "a+": created if missing (0600), never truncated before it is locked.
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        except OSError:
            return None
        return os.fdopen(fd, "r+")

    @staticmethod
    def _read(handle) -> dict:
        handle.seek(0)
        try:
            state = json.loads(handle.read() or "{}")
        except ValueError:
            return {}
        return state if isinstance(state, dict) else {}

    @staticmethod
    def _write(handle, state: dict) -> None:
        previous = ExportGate._read(handle)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"last": previous.get("last"), **state}))
        handle.flush()

    def _last_duration(self, handle) -> float:
        last = self._read(handle).get("last")
        return float(last) if isinstance(last, (int, float)) and last > 0 else DEFAULT_DURATION

    def _retry_after(self) -> int:
        """Seconds until the first running render is expected to end (at least 1)."""
        now, ends = time.time(), []
        for path in self._slot_paths():
            try:
                state = json.loads(path.read_text() or "{}")
                ends.append(float(state["started"]) + float(state.get("expected") or DEFAULT_DURATION))
            except (OSError, ValueError, KeyError, TypeError):
                continue
        return max(1, math.ceil(min(ends) - now)) if ends else math.ceil(DEFAULT_DURATION)
