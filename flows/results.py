"""The task results Prefect keeps on this machine for the cross-run cache, and their removal once expired."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

from prefect.settings import get_current_settings


def local_result_storage() -> Path | None:
    """Where Prefect persists task results here; None when they go to a storage block (e.g. object storage)."""
    results = get_current_settings().results
    return None if results.default_storage_block else Path(results.local_storage_path)


def remove_expired_results(older_than: timedelta, folder: Path | None = None) -> int:
    """Delete persisted results written longer ago than the cache expiration; returns how many.

    No run can read them again (the cache ignores an expired result), and Prefect never deletes
    them: a home used every day would otherwise grow by every run's analysed batches.
    """
    folder = local_result_storage() if folder is None else folder
    if folder is None or not folder.is_dir():
        return 0
    cutoff = time.time() - older_than.total_seconds()
    removed = 0
    for path in folder.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except OSError:  # gone already, or another run's file being written
            continue
    return removed
