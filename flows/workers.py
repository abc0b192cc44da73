"""Worker processes that each load the spaCy model once and run whole batches' passes, in parallel.

One process per core scales where spaCy's own `n_process` does not: no process start per batch,
and no Doc sent back to be deserialized by a busy parent; a worker returns Arrow tables.
"""

from __future__ import annotations

import atexit
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import TypeVar

from flows.memory import collect_batch_garbage, freeze_long_lived

T = TypeVar("T")

_pools: dict[tuple[str, int], ProcessPoolExecutor] = {}
_lock = threading.Lock()


def run_each(
    fn: Callable[..., T], jobs: list[tuple], model: str, processes: int, done: Callable[[int], None] | None = None
) -> list[T]:
    """fn(*job) for each job, in order: here when `processes` is 1, else spread over that many workers, `done`
    told each job's index as its result comes back (work here reports its own progress)."""
    if processes <= 1:
        return [fn(*job) for job in jobs]
    pool = _pool(model, processes)
    futures = [pool.submit(_collected, fn, job) for job in jobs]
    try:
        results = []
        for k, f in enumerate(futures):
            results.append(f.result())
            if done is not None:
                done(k)
        return results
    except BrokenProcessPool:
        _discard(model, processes, pool)  # a worker died (killed, out of memory): the next try gets a new pool
        raise
    finally:
        for f in futures:
            f.cancel()  # after a failure, the other chunks of this call are not worth running


def shutdown() -> None:
    """Stop every worker process (at exit; workers otherwise stay for the next run in this process, like a loaded model)."""
    with _lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.shutdown(wait=True, cancel_futures=True)


def _pool(model: str, processes: int) -> ProcessPoolExecutor:
    with _lock:
        key = (model, processes)
        if key not in _pools:
            # spawn, not fork: the flow process runs threads and event loops that a fork would copy mid-step
            if not _pools:
                atexit.register(shutdown)
            pool = ProcessPoolExecutor(
                processes, mp_context=get_context("spawn"), initializer=_start_worker, initargs=(model, os.getpid())
            )
            for _ in range(processes):  # start every worker now, so all load the model at the same time
                pool.submit(int)
            _pools[key] = pool
        return _pools[key]


def _discard(model: str, processes: int, pool: ProcessPoolExecutor) -> None:
    with _lock:
        if _pools.get((model, processes)) is pool:
            del _pools[(model, processes)]
    pool.shutdown(wait=False, cancel_futures=True)


def _start_worker(model: str, parent: int) -> None:
    """Load both passes' pipelines before the first batch; leave Ctrl-C to the parent; die with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()
    import flows  # noqa: F401  (the parent's offline settings)
    from flows.model import sentences_and_entities, syntax

    try:
        sentences_and_entities(model)
        syntax(model)
    except Exception:  # the first batch raises the same error, with its message, where the flow sees it
        pass
    freeze_long_lived()  # the model stays for the worker's life


def _collected(fn: Callable[..., T], job: tuple) -> T:
    """fn(*job), then free the reference cycles it left (a few thousand per batch), so a long run's
    workers stay the size of one batch."""
    try:
        return fn(*job)
    finally:
        collect_batch_garbage()


def _exit_when_orphaned(parent: int) -> None:
    # A parent killed with SIGKILL cannot stop its workers; they notice they were re-parented.
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)
