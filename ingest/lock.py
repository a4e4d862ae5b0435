"""Single-writer lock: `fcntl.flock` on `data/writer.lock`, holding the owner's pid.

The kernel drops the lock when the process dies (even by SIGKILL), so a stale file never blocks.
"""
from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from registry.errors import LedgerError


class AlreadyRunning(LedgerError):
    """Another writer (daemon or `ingest run`) holds the lock."""

    def __init__(self, pid: int | None, path: Path):
        who = f"pid {pid}" if pid else "pid unknown"
        super().__init__(f"already running ({who}): {path} is held by another ingest writer")
        self.pid = pid


def holder(path: Path) -> int | None:
    """The pid written in the lock file (whether or not it is still held)."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


@contextmanager
def writer_lock(path: Path) -> Iterator[int]:
    """Hold the lock for the block, or raise AlreadyRunning at once (never waits)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AlreadyRunning(holder(path), path) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))
        os.fsync(fd)
        try:
            yield fd
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
