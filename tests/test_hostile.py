"""Hostile input: one bad record costs exactly one reject, never a hang, a batch or the run. Real files, real flow."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
import zlib

import pytest

from tests.conftest import ROOT, SEED, cli_env
from warehouse import Warehouse

NEWSTALLY = [sys.executable, "-m", "flows.cli"]


def good_lines(n: int, prefix: str = "g") -> list[str]:
    return [
        json.dumps({"id": f"{prefix}{i}", "text": f"Floods displaced {100 + i} people in district {i}."})
        for i in range(n)
    ]


def run_flow(sources, warehouse, **kw):
    from flows.pipeline import newstally

    return newstally(sources=[str(s) for s in sources], warehouse=str(warehouse), **kw)


def reasons(wh: Warehouse) -> dict[str, str]:
    return dict(wh.rows("SELECT regexp_extract(source, '[^/]+$'), reason FROM rejects"))


@pytest.fixture(scope="module")
def hostile(prefect_server, tmp_path_factory):
    """One folder of good and hostile inputs, run once through the real flow (with a watchdog: it must not hang)."""
    src = tmp_path_factory.mktemp("src")
    lines = good_lines(40)
    deep = "[" * 100_000 + "]" * 100_000
    lines.insert(10, json.dumps({"id": "deep", "text": "x", "nested": None}).replace("null", deep))
    lines.insert(20, '{"id": "surrogate", "text": "A lone \\ud800 surrogate killed 3 people."}')
    (src / "feed.jsonl").write_text("\n".join(lines) + "\n")
    (src / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + "\n".join(good_lines(2, "bom")).encode() + b"\n")
    whole = gzip.compress(("\n".join(good_lines(27, "cut")) + "\n").encode())
    (src / "cut.jsonl.gz").write_bytes(whole[: len(whole) * 6 // 10])
    os.mkfifo(src / "pipe.txt")
    (src / "zero.txt").symlink_to("/dev/zero")
    (src / "huge-number.txt").write_text(
        "Counting\n\nThey counted " + "9" * 400 + " birds and 1" + "0" * 400 + " ants.\n"
    )
    (src / "digits.txt").write_text("Digits\n\n" + "".join(f"{i % 97}.{i % 13}-{i % 7}, " for i in range(2000)) + "\n")
    wh = tmp_path_factory.mktemp("wh")
    result = {}
    worker = threading.Thread(target=lambda: result.update(run=run_flow([src], wh, batch_size=50)), daemon=True)
    worker.start()
    worker.join(timeout=600)
    assert not worker.is_alive(), "the run hung"
    return src, Warehouse(wh), result["run"]


def test_the_run_finishes_and_loads_every_good_document(hostile):
    src, wh, run = hostile
    assert run["status"] == "completed"
    sources = {s for (s,) in wh.rows("SELECT regexp_extract(source, '[^/]+$') FROM sources")}
    assert {f"feed.jsonl#g{i}" for i in range(40)} <= sources
    assert {"bom.jsonl#bom0", "bom.jsonl#bom1", "huge-number.txt", "digits.txt"} <= sources


def test_each_bad_input_is_one_reject_with_its_reason(hostile):
    src, wh, run = hostile
    got = reasons(wh)
    assert got["feed.jsonl#line11"] == "too-deep"
    assert got["feed.jsonl#surrogate"] == "invalid-unicode"
    assert got["pipe.txt"] == "not-a-file" and got["zero.txt"] == "not-a-file"
    assert not any(name.startswith("bom.jsonl") for name in got)


def test_a_compressed_file_cut_short_loads_every_whole_record_before_the_cut(hostile):
    src, wh, run = hostile
    loaded = wh.rows("SELECT count(*) FROM sources WHERE source LIKE '%cut.jsonl.gz#cut%'")[0][0]
    ((cut, detail),) = wh.rows(
        "SELECT regexp_extract(source, '[^/]+$'), detail FROM rejects WHERE reason = 'truncated'"
    )
    recoverable = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress((src / "cut.jsonl.gz").read_bytes()).count(b"\n")
    assert loaded == recoverable > 5
    assert cut == f"cut.jsonl.gz#line{loaded + 1}" and detail == f"the file ends early, after line {loaded}"


def test_numbers_too_large_for_a_float_are_not_figures(hostile):
    src, wh, run = hostile
    assert wh.rows("SELECT count(*) FROM claims WHERE NOT isfinite(value) OR value > 1e300") == [(0,)]


def test_a_fixed_line_clears_its_reject(prefect_server, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    feed = src / "feed.jsonl"
    feed.write_text(good_lines(1)[0] + "\n" + '{"id": "late", "text": "Storm kills 4' + "\n")
    wh = Warehouse(tmp_path / "wh")
    run_flow([src], wh.folder)
    assert reasons(wh) == {"feed.jsonl#line2": "malformed"}
    feed.write_text(good_lines(1)[0] + "\n" + json.dumps({"id": "late", "text": "A storm killed 4 people."}) + "\n")
    run_flow([src], wh.folder)
    assert reasons(wh) == {}
    assert wh.rows("SELECT count(*) FROM sources WHERE source LIKE '%#late'") == [(1,)]


def test_an_edited_file_replaces_its_earlier_version(prefect_server, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Storm\n\nA storm killed 12 people in the north.\n")
    (src / "b.txt").write_text(SEED.read_text())
    wh = Warehouse(tmp_path / "wh")
    run_flow([src], wh.folder)
    (src / "a.txt").write_text("Storm\n\nA storm killed 14 people in the north, officials said.\n")
    run = run_flow([src], wh.folder)
    assert run["documents_replaced"] == 1 and run["documents_new"] == 1
    assert wh.rows("SELECT count(*) FROM documents") == [(2,)]
    assert wh.rows("SELECT value FROM claims c JOIN sources s USING (doc_id) WHERE s.source LIKE '%a.txt'") == [(14.0,)]
    assert wh.check(repair=False).problems == []  # and the Parquet files hold no trace of the old version


def test_a_cached_result_takes_the_identity_of_the_run_that_loads_it(prefect_server, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Storm\n\nA storm killed 12 people in the north.\n")
    first = run_flow([src], tmp_path / "wh1")
    second = run_flow([src], tmp_path / "wh2")  # the same batch: its analysis comes from the cross-run cache
    ((run_id,),) = Warehouse(tmp_path / "wh2").rows("SELECT run_id FROM documents")
    assert run_id == second["run_id"] != first["run_id"]


def test_the_command_line_finishes_too(prefect_server, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "feed.jsonl").write_text("\n".join(good_lines(3)) + "\n" + "[" * 100_000 + "\n")
    os.mkfifo(src / "pipe.jsonl")
    done = subprocess.run(
        [*NEWSTALLY, "run", str(src), "-w", str(tmp_path / "wh"), "--no-progress"],
        cwd=ROOT,
        env=cli_env(tmp_path / "prefect", session_server=True),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "3 analysed" in done.stdout and "2 rejected" in done.stdout


def test_tables_are_the_same_whatever_the_batch_size_and_processes_when_texts_repeat(prefect_server, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name, copy in (("a1", "x"), ("a2", "y"), ("a3", "x"), ("a4", "z"), ("a5", "y")):
        (src / f"{name}.txt").write_text(f"Copy {copy}\n\nA storm killed {len(copy) + 11} people in {copy}-town.\n")
    compared = {
        "documents": "SELECT doc_id, text, n_sentences FROM documents ORDER BY ALL",
        "claims": "SELECT claim_id, value, surface FROM claims ORDER BY ALL",
        "sources": "SELECT doc_id, source FROM sources ORDER BY ALL",
    }
    got = []
    for batch_size, processes in ((1, 1), (2, 1), (5, 1), (1, 2)):
        wh = Warehouse(tmp_path / f"wh{batch_size}-{processes}")
        run_flow([src], wh.folder, batch_size=batch_size, processes=processes)
        got.append({name: wh.rows(sql) for name, sql in compared.items()})
    assert all(g == got[0] for g in got) and len(got[0]["documents"]) == 3 and len(got[0]["sources"]) == 5


def test_a_run_killed_with_sigkill_leaves_no_prefect_server_behind(tmp_path):
    import signal
    import time

    from flows.orphans import _descendants

    src = tmp_path / "src"
    src.mkdir()
    for i in range(6):
        (src / f"a{i}.txt").write_text(SEED.read_text() + f"\nOfficials said {i + 2} more people were hurt.\n")
    run = subprocess.Popen(
        [*NEWSTALLY, "-v", "run", str(src), "-w", str(tmp_path / "wh"), "--batch-size", "1", "--no-progress"],
        cwd=ROOT,
        env=cli_env(tmp_path / "prefect"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    for line in run.stderr:  # the temporary server is up once the flow run begins (-v: Prefect logs it)
        if "Beginning flow run" in line:
            break
    started = _descendants(run.pid)
    assert started, "the run started no process"
    os.kill(run.pid, signal.SIGKILL)  # the run's process alone, as the out-of-memory killer does
    run.wait(timeout=30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(os.path.exists(f"/proc/{pid}") for pid in started):
        time.sleep(0.2)
    assert not [pid for pid in started if os.path.exists(f"/proc/{pid}")]
