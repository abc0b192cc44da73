"""A watchdog process that ends what a run started (Prefect's temporary server, worker processes) when the run's
process dies, however it dies: `kill -9` and the out-of-memory killer leave no chance to clean up from inside.

Linux only (it reads /proc); elsewhere nothing is started.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

_started = False


def watch_this_process() -> None:
    """Start the watchdog for this process, once."""
    global _started
    if _started or not Path("/proc/self/task").is_dir():
        return
    _started = True
    # a session of its own, so that whatever kills this process's group leaves the watchdog to clean up
    subprocess.Popen(
        [sys.executable, "-m", "flows.orphans", str(os.getpid())],
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _started_at(pid: int) -> str | None:
    """The process's start time (field 22 of /proc/PID/stat), so a reused pid is never taken for it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _descendants(pid: int) -> dict[int, str]:
    """Every live descendant of `pid`, with its start time."""
    found: dict[int, str] = {}
    todo = [pid]
    while todo:
        for children in Path(f"/proc/{todo.pop()}/task").glob("*/children"):
            try:
                kids = [int(k) for k in children.read_text().split()]
            except OSError:
                continue
            for kid in kids:
                if kid != os.getpid() and kid not in found and (started := _started_at(kid)):
                    found[kid] = started
                    todo.append(kid)
    return found


def watch(parent: int, every: float = 0.5) -> None:
    """Note the parent's descendants while it lives; once it is gone, end those still running."""
    parent_started = _started_at(parent)
    seen: dict[int, str] = {}
    while _started_at(parent) == parent_started is not None:
        seen.update(_descendants(parent))
        seen = {pid: s for pid, s in seen.items() if _started_at(pid) == s}
        time.sleep(every)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        alive = [pid for pid, s in seen.items() if _started_at(pid) == s]
        for pid in alive:
            try:
                os.kill(pid, sig)
            except OSError:
                pass
        if not alive:
            return
        time.sleep(3)


if __name__ == "__main__":
    watch(int(sys.argv[1]))
