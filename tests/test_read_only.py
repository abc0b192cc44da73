"""`newstally sql` and `Warehouse.query` read the warehouse's tables and views, and nothing else; no copy per query."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import load_fake_batch
from warehouse import Warehouse

NEWSTALLY = [sys.executable, "-m", "flows.cli"]


@pytest.fixture(scope="module")
def wh(tmp_path_factory) -> Warehouse:
    wh = Warehouse(tmp_path_factory.mktemp("wh"))
    load_fake_batch(wh, [f"d{i:04d}" for i in range(3000)], "batch1")
    return wh


def sql(wh: Warehouse, query: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*NEWSTALLY, "sql", query, "-w", str(wh.folder), *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "query, target",
    [
        ("COPY (SELECT 42) TO '{tmp}/x.csv'", "x.csv"),
        ("EXPORT DATABASE '{tmp}/export'", "export"),
        ("ATTACH '{tmp}/e.duckdb' AS e; CREATE TABLE e.t AS SELECT 1", "e.duckdb"),
        ("SELECT * FROM read_csv('/etc/passwd')", None),
        ("INSTALL httpfs", None),
        ("LOAD httpfs", None),
        ("SET enable_external_access = true", None),
        ("SET allowed_directories = ['/']", None),
        ("DELETE FROM claims", None),
        ("ATTACH '{db}' AS live; DELETE FROM live.claims", None),
        ("CREATE TABLE forged AS SELECT 1", None),
    ],
)
def test_what_sql_refuses_it_refuses_in_one_line_with_exit_code_2(wh, tmp_path, query, target):
    done = sql(wh, query.format(tmp=tmp_path, db=wh.db_path))
    assert done.returncode == 2, done.stdout
    assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("newstally: error: refused: ")
    assert target is None or not (tmp_path / target).exists()
    assert wh.rows("SELECT count(*) FROM claims") == [(6000,)]


def test_other_files_are_read_only_when_the_user_names_them(wh, tmp_path):
    places = tmp_path / "places.csv"
    places.write_text("place,population\nd0001,10\nd0002,20\n")
    done = sql(
        wh,
        "SELECT c.place, sum(p.population) AS people FROM claims c JOIN places p USING (place) GROUP BY 1 ORDER BY 1",
        "--attach",
        f"places={places}",
        "-f",
        "csv",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["place,people", "d0001,20", "d0002,40"]
    refused = sql(wh, f"COPY places TO '{places}'", "--attach", f"places={places}")
    assert refused.returncode == 2 and "refused" in refused.stderr
    assert places.read_text().startswith("place,population")


def test_a_query_writes_a_few_kilobytes_at_most_whatever_the_warehouse_size(wh):
    size = wh.db_path.stat().st_size
    before = _written()
    for _ in range(3):
        assert len(wh.query("SELECT * FROM figures WHERE value > ?", [0])) == 6000
    per_query = (_written() - before) / 3
    assert size > 2_000_000 and per_query < 16_000, (size, per_query)  # it used to copy the whole file


def _written() -> int:
    """Bytes this process has handed to write() so far (files, pipes and all)."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("wchar:"):
            return int(line.split()[1])
    pytest.skip("no /proc/self/io here")


def test_values_are_bound_never_pasted(wh):
    assert wh.rows("SELECT count(*) FROM documents WHERE doc_id = ?", ["d0001' OR '1'='1"]) == [(0,)]
    assert wh.rows("SELECT count(*) FROM documents WHERE doc_id = ?", ["d0001"]) == [(1,)]
