"""Cached task results older than the cache expiration are deleted, and only those."""

import os
import time
from datetime import timedelta

import flows  # noqa: F401  (Prefect's settings)
from flows.results import local_result_storage, remove_expired_results


def test_only_expired_results_are_removed(tmp_path):
    old, new = tmp_path / "old-key", tmp_path / "new-key"
    old.write_bytes(b"x")
    new.write_bytes(b"y")
    eight_days_ago = time.time() - 8 * 86400
    os.utime(old, (eight_days_ago, eight_days_ago))
    assert remove_expired_results(timedelta(days=7), tmp_path) == 1
    assert not old.exists() and new.exists()


def test_results_are_kept_under_the_prefect_home():
    folder = local_result_storage()
    assert folder is not None and folder.is_relative_to(os.environ["PREFECT_HOME"])
