"""Upgrades in place: a warehouse made by an earlier newstally opens, migrates in one transaction and keeps every row."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from schemas.tables import ALL_TABLES, SCHEMA_VERSION, VERSIONS
from warehouse import SchemaError, Warehouse

V1 = Path(__file__).parent / "data" / "schema_v1.sql"
NEWSTALLY = [sys.executable, "-m", "flows.cli"]


def version_1_warehouse(folder: Path) -> Path:
    """A warehouse as newstally made it before schema versions: its tables and views, with rows."""
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(folder / "newstally.duckdb"))
    con.execute(V1.read_text())
    con.execute(
        "INSERT INTO documents VALUES ('d1', 'a.txt', 'T', NULL, NULL, 'Floods displaced 2,000 people.', 30, 1, "
        "'en_core_web_sm-3.8.0+claims-4', 'b1', now(), 'r1')"
    )
    con.execute("INSERT INTO sentences VALUES ('d1', 0, 0, 30, 'Floods displaced 2,000 people.')")
    con.execute(
        "INSERT INTO claims VALUES ('c1', 'd1', 0, 'Floods displaced 2,000 people.', 17, 22, '2,000', 2000, 2000, "
        "2000, 'exact', 'count', NULL, 'people', 'displace', 'DISPLACED', NULL, NULL, NULL)"
    )
    con.execute(
        "INSERT INTO runs VALUES ('r1', now(), now(), 'completed', '[\"a.txt\"]', 'v', 1, 1, 0, 0, 1, 0, 1, NULL)"
    )
    con.execute("INSERT INTO sources VALUES ('d1', 'a.txt', 'r1')")
    con.close()
    return folder


def test_versions_are_recorded_in_order():
    assert [v.version for v in VERSIONS] == list(range(1, SCHEMA_VERSION + 1))


def test_a_version_1_warehouse_is_upgraded_and_keeps_every_row(tmp_path):
    wh = Warehouse(version_1_warehouse(tmp_path / "wh"))
    assert wh.migrate() == [f"upgraded to schema version {v.version}: {v.change}" for v in VERSIONS[1:]]
    assert wh.schema_version() == SCHEMA_VERSION
    assert wh.rows("SELECT run_id, documents_new, documents_duplicate FROM runs") == [
        ("r1", 1, 0)
    ]  # the new column's default
    assert wh.rows("SELECT doc_id, value, category FROM claims") == [("d1", 2000.0, "DISPLACED")]
    assert wh.table_counts() == {
        "documents": 1,
        "sentences": 1,
        "entities": 0,
        "claims": 1,
        "series": 1,  # every claim is in a series as soon as the warehouse is upgraded
        "series_claims": 1,
        "series_terms": 0,  # its claim's sentence names nothing
        "sources": 1,
        "runs": 1,
        "rejects": 0,
        "fetches": 0,
        "minhash_bands": 0,  # until the next run analyses the document again
        "schema_history": len(VERSIONS) - 1,
    }
    for table in ALL_TABLES:  # every column, of every table, in schemas/
        assert set(wh.query(f"SELECT * FROM {table.name} LIMIT 0").columns) == set(table.schema.names)
    assert Warehouse(wh.folder).migrate() == []  # once


def test_a_version_1_warehouse_is_upgraded_by_the_command_line_too(tmp_path):
    folder = version_1_warehouse(tmp_path / "wh")
    done = subprocess.run(
        [*NEWSTALLY, "sql", "select documents_duplicate from runs", "-w", str(folder), "-f", "csv"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["documents_duplicate", "0"]


def test_an_upgrade_that_fails_changes_nothing(tmp_path):
    folder = version_1_warehouse(tmp_path / "wh")
    con = duckdb.connect(str(folder / "newstally.duckdb"))
    con.execute("ALTER TABLE runs ADD COLUMN documents_duplicate VARCHAR")  # made by hand, of another type
    con.close()
    with pytest.raises(SchemaError, match=r"runs.documents_duplicate is VARCHAR, not BIGINT"):
        Warehouse(folder).migrate()
    con = duckdb.connect(str(folder / "newstally.duckdb"), read_only=True)
    tables = {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert "schema_history" not in tables and con.execute("SELECT count(*) FROM claims").fetchone() == (1,)
    con.close()


def test_a_column_whose_type_was_changed_by_hand_is_an_error_naming_it(tmp_path):
    wh = Warehouse(tmp_path)
    wh.migrate()
    con = duckdb.connect(str(wh.db_path))
    con.execute("ALTER TABLE claims ALTER COLUMN value TYPE VARCHAR")
    con.close()
    with pytest.raises(SchemaError, match=r"claims.value is VARCHAR, not DOUBLE"):
        Warehouse(tmp_path).migrate()  # as every run does first
    done = subprocess.run(
        [*NEWSTALLY, "sql", "SELECT value FROM claims ORDER BY value", "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "claims.value is VARCHAR, not DOUBLE" in done.stderr


def test_a_warehouse_from_a_newer_newstally_fails_with_one_line(tmp_path):
    wh = Warehouse(tmp_path)
    wh.migrate()
    con = duckdb.connect(str(wh.db_path))
    con.execute("INSERT INTO schema_history VALUES (?, now(), '9.9', 'from the future')", [SCHEMA_VERSION + 1])
    con.close()
    done = subprocess.run([*NEWSTALLY, "runs", "-w", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"newstally: error: this warehouse was written by a newer newstally (schema version {SCHEMA_VERSION + 1}; this one "
        f"knows up to {SCHEMA_VERSION}): upgrade newstally to use it"
    ]


def test_the_upgrade_that_adds_a_column_only_analysis_fills_has_the_next_run_analyse_again(prefect_server, tmp_path):
    from flows.pipeline import newstally

    source = tmp_path / "markets.txt"
    source.write_text("Markets fall\n\nExports fell 7% in March, the ministry said.\n")
    folder = tmp_path / "wh"
    newstally(sources=[str(source)], warehouse=str(folder))
    con = duckdb.connect(str(folder / "newstally.duckdb"))
    con.execute("ALTER TABLE claims DROP COLUMN direction")  # as version 5 made it
    con.execute("DROP TABLE fetches")
    con.execute("DROP TABLE minhash_bands")
    con.execute("ALTER TABLE documents DROP COLUMN duplicate_of")
    con.execute("UPDATE schema_history SET version = 5")
    con.close()
    wh = Warehouse(folder)
    assert wh.migrate()[:2] == [
        "upgraded to schema version 6: claims.direction",
        "upgraded to schema version 7: fetches",
    ]
    assert wh.rows("SELECT value, direction FROM claims") == [(7.0, None)]
    newstally(sources=[str(source)], warehouse=str(folder))  # analyses the document again: it predates the column
    assert wh.rows("SELECT value, direction FROM claims") == [(7.0, "down")]
    assert wh.check().problems == []
