"""File locks that keep one run per warehouse and let readers take consistent snapshots.

flock locks die with their process, so a run killed with SIGKILL never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path

RUN_LOCK = ".run.lock"
DB_LOCK = ".db.lock"


class WarehouseBusy(Exception):
    """Another run holds the warehouse."""


def _lock_file(warehouse: str | Path, name: str):
    path = Path(warehouse)
    path.mkdir(parents=True, exist_ok=True)
    return open(path / name, "a+")


def _holder(f) -> str:
    f.seek(0)
    return f.read().strip() or "unknown"


@contextmanager
def run_lock(warehouse: str | Path, wait_seconds: float = 0.0, on_wait=None):
    """Hold the warehouse for one run; waits up to `wait_seconds`, then raises WarehouseBusy."""
    f = _lock_file(warehouse, RUN_LOCK)
    deadline = time.monotonic() + wait_seconds
    told = False
    try:
        while True:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"{warehouse}: another newstally run ({_holder(f)}) is using this warehouse"
                    ) from None
                if on_wait is not None and not told:
                    on_wait(f"{warehouse}: another newstally run ({_holder(f)}) is using this warehouse; waiting")
                    told = True
                time.sleep(0.5)
        f.seek(0)
        f.truncate()
        f.write(f"pid {os.getpid()}")
        f.flush()
        yield
    finally:
        f.close()


@contextmanager
def db_lock(warehouse: str | Path, shared: bool = False):
    """Exclusive while a writer has the DuckDB file open; shared while a reader copies it."""
    f = _lock_file(warehouse, DB_LOCK)
    try:
        fcntl.flock(f, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        f.close()
