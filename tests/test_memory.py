"""A long run's memory stays the size of one batch: what a finished batch leaves in reference cycles is freed."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import weakref

from flows.memory import batches_collected, collect_batch_garbage
from tests.conftest import SEED


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_a_cycle_left_by_a_batch_is_freed_at_once():
    with batches_collected():
        gc.disable()  # as if Python's own full collection were far away, which it is in a big process
        try:
            ref = weakref.ref(Node())
            assert ref() is not None
            collect_batch_garbage()
            assert ref() is None
        finally:
            gc.enable()


def test_what_was_alive_before_the_run_is_collected_again_after_it():
    with batches_collected():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_a_run_leaves_no_batch_result_behind(prefect_server, tmp_path):
    from flows.passes import Analysed
    from flows.pipeline import newstally

    src = tmp_path / "in"
    src.mkdir()
    text = SEED.read_text()
    for i in range(3):  # three batches of one document each
        (src / f"{i}.txt").write_text(f"Copy {i}.\n\n{text}")
    gc.collect()
    gc.disable()  # no automatic collection may hide what the run leaves
    try:
        run = newstally(sources=[str(src)], warehouse=str(tmp_path / "wh"), batch_size=1)
        left = [o for o in gc.get_objects() if isinstance(o, Analysed)]
    finally:
        gc.enable()
    assert run["documents_new"] == 3
    assert left == []


def _arrow_pool(env: dict) -> str:
    code = "import flows, pyarrow; print(pyarrow.default_memory_pool().backend_name)"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_arrow_allocates_through_malloc_unless_the_user_names_a_pool():
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    assert _arrow_pool(env) == "system"
    assert _arrow_pool({**env, "ARROW_DEFAULT_MEMORY_POOL": "jemalloc"}) == "jemalloc"
