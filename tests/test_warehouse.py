"""The Warehouse API on real DuckDB files: loads, the Parquet copy kept in step, rebuild, check, and lock holders."""

from __future__ import annotations

import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from tests.conftest import load_fake_batch
from warehouse import Warehouse, WarehouseBusy, WarehouseDamaged, connection, parquet


def parquet_rows(wh: Warehouse, table: str) -> list:
    files = parquet.batch_files(wh.folder, table)
    return sorted(r for f in files for r in pq.read_table(f).column("doc_id").to_pylist())


def test_every_load_keeps_row_groups_small_so_a_checkpoint_does_not_grow_with_the_warehouse(tmp_path):
    wh = Warehouse(tmp_path)
    wh.migrate()
    for k in range(3):  # one connection per load, as the flow does
        with connection.writer(tmp_path) as con:
            con.execute(
                "INSERT INTO sentences SELECT 'd' || i, 0, 0, 1, 'x' FROM range(?, ?) t(i)", [k * 3000, (k + 1) * 3000]
            )
    sizes = [
        n
        for (n,) in wh.rows(
            "SELECT max(count) FROM pragma_storage_info('sentences') WHERE column_name = 'doc_id' GROUP BY row_group_id"
        )
    ]
    assert wh.rows("SELECT count(*) FROM sentences") == [(9000,)]
    assert wh.rows("SELECT count(*) FROM figures") == [(0,)]  # views resolve in a reader too
    with connection.writer(tmp_path) as con:  # spills go beside the database, not into the working directory
        assert con.execute("SELECT current_setting('temp_directory')").fetchone()[0] == f"{wh.db_path}.tmp"
    # DuckDB's default (122,880 rows) would merge these loads into row groups of 6,000 rows and more
    assert max(sizes) <= connection.ROW_GROUP_SIZE < 3000


def test_a_document_analysed_again_leaves_no_copy_in_its_old_batch_file(tmp_path):
    wh = Warehouse(tmp_path)
    load_fake_batch(wh, ["a", "b", "c"], "batch1")
    load_fake_batch(wh, ["b", "d"], "batch2")  # b analysed again, in another batch
    assert wh.rows("SELECT doc_id, batch_id FROM documents ORDER BY doc_id") == [
        ("a", "batch1"),
        ("b", "batch2"),
        ("c", "batch1"),
        ("d", "batch2"),
    ]
    for table in ("documents", "sentences", "entities", "claims"):
        in_db = sorted(d for (d,) in wh.rows(f"SELECT doc_id FROM {table}"))
        assert parquet_rows(wh, table) == in_db, table
    load_fake_batch(wh, ["a", "c"], "batch3")  # batch1 holds nothing now: its files go
    assert not parquet.batch_file(tmp_path, "claims", "batch1").exists()


def test_a_lost_database_is_never_replaced_by_an_empty_one_and_rebuild_restores_it(tmp_path):
    wh = Warehouse(tmp_path)
    load_fake_batch(wh, ["a", "b"], "batch1")
    load_fake_batch(wh, ["c"], "batch2")
    wh.save_run(
        {"run_id": "r1", "started_at": wh.rows("SELECT now()")[0][0], "status": "completed", "pipeline_version": "test"}
    )
    before = wh.table_counts()
    wh.check()  # writes the small tables' Parquet files too
    wh.db_path.unlink()
    with pytest.raises(WarehouseDamaged, match="newstally rebuild"):
        Warehouse(tmp_path).migrate()
    assert len(parquet.batch_files(tmp_path, "documents")) == 2  # nothing deleted
    assert Warehouse(tmp_path).rebuild() == before
    assert Warehouse(tmp_path).rows("SELECT run_id FROM runs") == [("r1",)]


def test_a_corrupt_database_is_reported_then_set_aside_by_rebuild(tmp_path):
    wh = Warehouse(tmp_path)
    load_fake_batch(wh, ["a", "b"], "batch1")
    data = wh.db_path.read_bytes()
    part = wh.db_path.with_name("restored.part")  # a truncated copy put in its place (a partial restore, say)
    part.write_bytes(data[: len(data) // 10])
    part.replace(wh.db_path)
    with pytest.raises(WarehouseDamaged, match="cannot be (opened|read)"):
        Warehouse(tmp_path).runs()
    assert Warehouse(tmp_path).rebuild()["documents"] == 2
    assert list(tmp_path.glob("newstally.duckdb.damaged-*"))


def test_check_rewrites_a_missing_parquet_file_from_the_database(tmp_path):
    wh = Warehouse(tmp_path)
    load_fake_batch(wh, ["a", "b"], "batch1")
    parquet.batch_file(tmp_path, "claims", "batch1").unlink()
    assert wh.check(repair=False).problems == [
        "batch batch1: the Parquet files of claims are missing or differ from the database"
    ]
    checked = wh.check()
    assert checked.repaired and not checked.problems
    assert parquet_rows(wh, "claims") == ["a", "a", "b", "b"]


def test_a_program_holding_the_database_gets_one_clear_line(tmp_path):
    wh = Warehouse(tmp_path, wait_seconds=1)
    load_fake_batch(wh, ["a"], "batch1")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('open', flush=True); time.sleep(60)",
            str(wh.db_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(WarehouseBusy, match=rf"is open in another program \(.*PID {holder.pid}\)") as err:
            wh.mark_abandoned_runs()
        assert "\n" not in str(err.value)
    finally:
        holder.kill()
        holder.wait()
    assert wh.mark_abandoned_runs() == 0  # free again
