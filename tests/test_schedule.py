"""Scheduled runs on a real Prefect server: `newstally serve`, triggered through the API as the scheduler would."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ROOT, SEED

BIN = Path(sys.executable).parent


def wait_for(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if result := check():
                return result
        except Exception:
            pass
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def api(url: str, path: str, body: dict | None = None):
    req = urllib.request.Request(
        url + path,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json"},
        method="POST" if body is not None else "GET",
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read() or b"null")


def stop(proc: subprocess.Popen, seconds: float = 60) -> int:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            return proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise
    return proc.returncode


def runs(warehouse: Path):
    con = duckdb.connect(str(warehouse / "newstally.duckdb"), read_only=True)
    try:
        return con.execute("SELECT status, documents_new, documents_skipped FROM runs ORDER BY started_at").fetchall()
    finally:
        con.close()


@pytest.fixture
def prefect_api(prefect_server, tmp_path):
    """The session's real Prefect server (its API over HTTP), and the environment of processes that use it."""
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    # the runner asks for due runs every second, not every ten: the test waits for the work, not the poll
    env.update(
        PREFECT_HOME=str(tmp_path / "prefect-home"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_RUNNER_POLL_FREQUENCY="1",
        PREFECT_API_URL=url,
    )
    wait_for(lambda: api(url, "/health"), 120, "the Prefect server")
    return url, env


def test_serve_runs_on_trigger_and_only_new_files_are_analysed(prefect_api, tmp_path):
    url, env = prefect_api
    src, wh = tmp_path / "src", tmp_path / "wh"
    src.mkdir()
    shutil.copy(SEED, src)
    serve = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "serve", str(src), "--cron", "0 0 1 1 *", "-w", str(wh), "--name", "test"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:

        def trigger():
            done = subprocess.run(
                [str(BIN / "prefect"), "deployment", "run", "newstally/test", "--watch", "--watch-interval", "1"],
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            return done if done.returncode == 0 else None

        wait_for(trigger, 180, "the first scheduled run")
        assert runs(wh) == [("completed", 1, 0)]
        (src / "late.txt").write_text("Late news\nA storm killed 12 people in the north.\n")
        wait_for(trigger, 180, "the second scheduled run")
        assert runs(wh)[-1] == ("completed", 1, 1)
        artifacts = api(url, "/artifacts/filter", {})
        assert {"newstally-counts", "newstally-figures"} <= {a["key"] for a in artifacts}
    finally:
        code = stop(serve)
    assert code == 0, serve.stdout.read()[-3000:]
