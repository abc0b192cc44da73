"""Re-running what failed, incremental runs, bad input and crashes: real files, real flow runs, real kills."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED, cli_env
from warehouse import Warehouse

COMPARED = {
    "documents": ("doc_id", "source, title, published, url, text, n_chars, n_sentences, pipeline_version"),
    "sentences": ("doc_id, sentence_idx", "*"),
    "entities": ("doc_id, start_char, end_char, label", "*"),
    "claims": ("claim_id", "*"),
    "sources": ("doc_id, source", "doc_id, source"),
}


def tables(warehouse: Path) -> dict[str, list]:
    """Every document table, without the columns that say when and by which run a row was made."""
    wh = Warehouse(warehouse)
    return {t: wh.rows(f"SELECT {cols} FROM {t} ORDER BY {key}") for t, (key, cols) in COMPARED.items()}


def query(warehouse: Path, sql: str):
    return Warehouse(warehouse).rows(sql)


def articles(folder: Path, n: int) -> Path:
    """n distinct articles made from the seed, one file each."""
    folder.mkdir(parents=True, exist_ok=True)
    seed = SEED.read_text(encoding="utf-8")
    for i in range(n):
        (folder / f"a{i:03d}.txt").write_text(f"{seed}\nOfficials said {i + 2} more people were hurt on day {i}.\n")
    return folder


def run_flow(sources, warehouse, **kw):
    from flows.pipeline import newstally

    return newstally(sources=[str(s) for s in sources], warehouse=str(warehouse), **kw)


NEWSTALLY = [sys.executable, "-m", "flows.cli"]


# --- incremental -------------------------------------------------------------------------------------------


def test_new_files_are_analysed_and_the_rest_skipped(prefect_server, tmp_path):
    src = articles(tmp_path / "src", 3)
    wh = tmp_path / "wh"
    first = run_flow([src], wh, batch_size=2)
    (src / "late.txt").write_text("Late news\nA storm killed 12 people in the north.\n")
    second = run_flow([src], wh, batch_size=2)
    assert (first["documents_new"], first["documents_skipped"]) == (3, 0)
    assert (second["documents_new"], second["documents_skipped"], second["documents_rejected"]) == (1, 3, 0)
    refresh = run_flow([src], wh, batch_size=2, full_refresh=True)
    assert (refresh["documents_new"], refresh["documents_skipped"]) == (4, 0)
    assert query(wh, "SELECT count(*) FROM documents")[0][0] == 4


def test_a_new_model_version_analyses_again(prefect_server, nlp, tmp_path):
    model_dir = tmp_path / "model"
    nlp.meta["version"] = nlp.meta["version"] + "-test"
    try:
        nlp.to_disk(model_dir)
    finally:
        nlp.meta["version"] = nlp.meta["version"].removesuffix("-test")
    src = articles(tmp_path / "src", 2)
    wh = tmp_path / "wh"
    run_flow([src], wh)
    again = run_flow([src], wh, model=str(model_dir))
    assert again["documents_new"] == 2
    assert query(wh, "SELECT DISTINCT pipeline_version FROM documents") == [(again["pipeline_version"],)]
    assert len(list((wh / "parquet" / "documents").glob("*.parquet"))) == 1  # the old version's file is gone


# --- bad input ---------------------------------------------------------------------------------------------


def test_bad_inputs_are_rejected_one_by_one(prefect_server, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SEED, src / "good.txt")
    shutil.copy(SEED, src / "same-text.txt")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (src / "latin1.txt").write_bytes("Caf\xe9 owners said 12 shops shut.".encode("latin-1"))
    (src / "empty.txt").write_text("")
    (src / "blank.txt").write_text("  \n\t\n")
    with open(src / "huge.txt", "w") as f:
        f.write(("Officials said 3 people died. " * 1000 + "\n") * 1700)  # about 50 MB
    (src / "corrupt.jsonl.gz").write_bytes(b"this is not gzip data")
    (src / "dangling.txt").symlink_to(src / "gone.txt")
    with gzip.open(src / "feed.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps({"id": "ok", "title": "Storm", "text": "A storm killed 12 people."}) + "\n")
        f.write("{broken json\n")
        f.write(json.dumps({"id": "notext", "title": "No text"}) + "\n")
    wh = tmp_path / "wh"
    run = run_flow([src], wh)
    assert run["status"] == "completed"
    reasons = dict(query(wh, "SELECT regexp_extract(source, '[^/]+$'), reason FROM rejects"))
    assert reasons == {
        "binary.txt": "binary",
        "latin1.txt": "encoding",
        "empty.txt": "empty",
        "blank.txt": "empty",
        "huge.txt": "too-large",
        "corrupt.jsonl.gz": "unreadable",
        "dangling.txt": "broken-link",
        "feed.jsonl.gz#line2": "malformed",
        "feed.jsonl.gz#notext": "no-text",
    }
    details = [d for (d,) in query(wh, "SELECT detail FROM rejects")]
    assert all(d and "\n" not in d for d in details)
    assert query(wh, "SELECT count(*) FROM documents")[0][0] == 2  # the seed once, the storm once
    seed_sources = query(
        wh,
        "SELECT regexp_extract(s.source, '[^/]+$') FROM sources s JOIN documents d USING (doc_id) "
        "WHERE d.title LIKE 'Vladimir Putin%' ORDER BY 1",
    )
    assert [s for (s,) in seed_sources] == ["good.txt", "same-text.txt"]
    assert (
        run["documents_seen"],
        run["documents_new"],
        run["documents_duplicate"],
        run["documents_skipped"],
        run["documents_rejected"],
    ) == (3, 2, 1, 0, 9)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file_is_rejected(prefect_server, tmp_path):
    src = articles(tmp_path / "src", 1)
    locked = src / "locked.txt"
    locked.write_text("Secret\nNine people died.\n")
    locked.chmod(0)
    run_flow([src], tmp_path / "wh")
    assert query(tmp_path / "wh", "SELECT reason FROM rejects") == [("unreadable",)]


def test_a_missing_source_is_exit_code_2(tmp_path):
    done = subprocess.run(
        [*NEWSTALLY, "run", str(tmp_path / "nope"), "-w", str(tmp_path / "wh")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 2 and "no such file or folder" in done.stderr


# --- concurrency -------------------------------------------------------------------------------------------


def test_a_second_run_on_a_busy_warehouse_stops_with_a_clear_message(prefect_server, tmp_path):
    from warehouse.locks import WarehouseBusy, run_lock

    src = articles(tmp_path / "src", 1)
    wh = tmp_path / "wh"
    with run_lock(wh):
        with pytest.raises(WarehouseBusy, match="another newstally run"):
            run_flow([src], wh)
    assert run_flow([src], wh)["status"] == "completed"


def test_a_reader_in_a_loop_during_a_real_run_never_fails_nor_sees_half_a_batch(prefect_server, tmp_path):
    from warehouse import Warehouse

    src = articles(tmp_path / "src", 5)
    wh = tmp_path / "wh"
    run = subprocess.Popen(
        [*NEWSTALLY, "run", str(src), "-w", str(wh), "--batch-size", "1", "--no-progress"],
        cwd=ROOT,
        env=cli_env(tmp_path / "prefect", session_server=True),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    reader = Warehouse(wh)
    seen, reads = set(), 0
    deadline = time.monotonic() + 300
    while run.poll() is None and time.monotonic() < deadline:
        if not (wh / "newstally.duckdb").exists():
            time.sleep(0.05)
            continue
        # every document has all its sentences and claims, or is not there at all
        ((docs, partial, claims_without_document),) = reader.rows(
            "SELECT (SELECT count(*) FROM documents),"
            " (SELECT count(*) FROM documents d WHERE n_sentences <> (SELECT count(*) FROM sentences s WHERE s.doc_id = d.doc_id)),"
            " (SELECT count(*) FROM claims c ANTI JOIN documents d USING (doc_id))"
        )
        assert (partial, claims_without_document) == (0, 0)
        seen.add(docs)
        reads += 1
    assert run.wait(timeout=60) == 0, run.stderr.read()[-2000:]
    assert reads > 10 and len(seen) > 2  # it read between loads, as they came
    assert reader.rows("SELECT count(*) FROM documents") == [(5,)]


# --- crashes and retries (subprocesses, each with its own Prefect server) -----------------------------------


@pytest.fixture(scope="module")
def clean_run(prefect_server, tmp_path_factory):
    """The tables of one uninterrupted run over 24 articles."""
    base = tmp_path_factory.mktemp("clean")
    src = articles(base / "src", 24)
    run_flow([src], base / "wh", batch_size=3)
    return src, tables(base / "wh")


def test_killed_run_then_rerun_equals_a_clean_run(clean_run, prefect_server, tmp_path):
    src, expected = clean_run
    wh = tmp_path / "wh"
    env = cli_env(tmp_path / "prefect", session_server=True)
    # with worker processes, and killed as a group: no Prefect server or worker outlives the test
    proc = subprocess.Popen(
        [*NEWSTALLY, "run", str(src), "-w", str(wh), "--batch-size", "3", "--no-progress", "--processes", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 240
    folder = wh / "parquet" / "claims"
    while time.monotonic() < deadline and len(list(folder.glob("*.parquet"))) < 2:
        assert proc.poll() is None, "the run finished before it could be killed"
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    partial = tables(wh)
    assert 0 < len(partial["documents"]) < 24
    assert query(wh, "SELECT status FROM runs") == [("running",)]
    done = subprocess.run(
        [*NEWSTALLY, "run", str(src), "-w", str(wh), "--batch-size", "3", "--no-progress"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert tables(wh) == expected
    assert sorted(s for (s,) in query(wh, "SELECT status FROM runs")) == ["completed", "killed"]
    files = {t: sorted(p.stem for p in (wh / "parquet" / t).glob("*.parquet")) for t in ("documents", "claims")}
    assert files["documents"] == files["claims"] == sorted({b for (b,) in query(wh, "SELECT batch_id FROM documents")})


def test_retry_takes_finished_batches_from_the_cache(prefect_server, tmp_path):
    src = articles(tmp_path / "src", 4)
    wh = tmp_path / "wh"
    marker = tmp_path / "fail-once"
    marker.write_text("a003.txt")
    env = cli_env(
        tmp_path / "prefect", session_server=True, NEWSTALLY_FAIL_ONCE=str(marker), NEWSTALLY_TASK_RETRIES="0"
    )
    failed = subprocess.run(
        [*NEWSTALLY, "run", str(src), "-w", str(wh), "--batch-size", "2", "--no-progress"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert failed.returncode == 1 and "1 of 2 batches failed" in failed.stderr
    assert "Traceback" not in failed.stderr  # what failed in one line; -v shows the traceback
    assert not marker.exists()
    assert query(wh, "SELECT count(*) FROM documents")[0][0] == 2
    ((run_id, status),) = query(wh, "SELECT run_id, status FROM runs")
    assert status == "failed"
    retried = subprocess.run(
        [*NEWSTALLY, "-v", "retry", "-w", str(wh)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert retried.returncode == 0, retried.stderr[-2000:]
    log = retried.stdout + retried.stderr
    assert f"run {run_id}: Completed" in log
    # the finished batch is already loaded (skipped); the failed batch's analysis comes from the cache
    assert log.count("Cached(") == 1
    assert query(wh, "SELECT run_id, status, documents_new, documents_skipped FROM runs") == [
        (run_id, "completed", 2, 2)
    ]
    assert query(wh, "SELECT count(*) FROM documents")[0][0] == 4


def test_a_cached_analysis_is_keyed_by_the_transforms_source(tmp_path):
    """A change to any transform invalidates the cached analyses, even one that forgot to bump the version."""
    from flows.code_version import TransformsSource, source_digest
    from flows.tasks import ACROSS_RUNS

    (tmp_path / "claims.py").write_text("KILL = 'kill'\n")
    before = source_digest(tmp_path)
    assert source_digest(tmp_path) == before
    (tmp_path / "claims.py").write_text("KILL = 'kill die'\n")
    assert source_digest(tmp_path) != before
    assert any(isinstance(p, TransformsSource) for p in ACROSS_RUNS.policies)
