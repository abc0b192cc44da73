"""The warehouse on disk: Parquet files per batch, loaded into one DuckDB file, with views for analysts."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from schemas.tables import ALL_TABLES, DOCUMENT_TABLES, RUNS, create_table_sql, validated
from warehouse.locks import db_lock
from warehouse.views import VIEWS

DB_NAME = "newstally.duckdb"
OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
# Each load appends to the last row group of every table, and the checkpoint that ends the load
# rewrites that row group whole: with DuckDB's default of 122,880 rows, a load's memory and time grew
# with the warehouse (the documents table's texts for 20,000 articles fit in one row group). Small row
# groups bound both; DuckDB keeps this only for a connection, so every connection attaches with it.
ROW_GROUP_SIZE = 2048


def db_path(warehouse: str | Path) -> Path:
    return Path(warehouse) / DB_NAME


def parquet_dir(warehouse: str | Path, table: str) -> Path:
    return Path(warehouse) / "parquet" / table


def connect(warehouse: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse's DuckDB file that never reaches for the network."""
    path = db_path(warehouse)
    if read_only and not path.exists():
        raise FileNotFoundError(f"{path}: no warehouse here yet (run `newstally run` first)")
    path.parent.mkdir(parents=True, exist_ok=True)
    return attached(path, read_only)


def attached(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection whose default database is the DuckDB file at `path`, in row groups of ROW_GROUP_SIZE rows."""
    # spills go beside the file, as when DuckDB opens it directly (not into the working directory)
    con = duckdb.connect(config={**OFFLINE, "temp_directory": f"{path}.tmp"})
    options = f"ROW_GROUP_SIZE {ROW_GROUP_SIZE}" + (", READ_ONLY" if read_only else "")
    con.execute(f"ATTACH {_quoted(path)} AS {path.stem} ({options})")
    con.execute(f"USE {path.stem}")
    return con


@contextmanager
def opened(warehouse: str | Path, read_only: bool = False):
    """A writer's connection, holding the database lock; or a reader's, on a snapshot that blocks no writer."""
    if read_only:
        with snapshot(warehouse) as copy:
            con = attached(copy, read_only=True)
            try:
                yield con
            finally:
                con.close()
        return
    with db_lock(warehouse):
        con = connect(warehouse)
        try:
            yield con
        finally:
            con.close()


@contextmanager
def snapshot(warehouse: str | Path):
    """A private copy of the database file, taken between two writes."""
    path = db_path(warehouse)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no warehouse here yet (run `newstally run` first)")
    with tempfile.TemporaryDirectory(prefix="newstally-read-") as tmp:
        copy = Path(tmp) / DB_NAME
        with db_lock(warehouse, shared=True):
            shutil.copyfile(path, copy)
            wal = path.with_name(path.name + ".wal")
            if wal.exists():
                shutil.copyfile(wal, copy.with_name(copy.name + ".wal"))
        yield copy


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table from schemas/ and (re)create the views."""
    for table in ALL_TABLES:
        con.execute(create_table_sql(table))
    for sql in VIEWS.values():
        con.execute(sql)


def write_parquet(warehouse: str | Path, table: str, batch_id: str, data: pa.Table) -> Path:
    """Write one batch of one table as Parquet; the file appears whole or not at all."""
    folder = parquet_dir(warehouse, table)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{batch_id}.parquet"
    tmp = folder / f".{batch_id}.{uuid.uuid4().hex}.tmp"
    pq.write_table(data, tmp, compression="zstd")
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, final)
    return final


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def known_documents(con: duckdb.DuckDBPyConnection, doc_ids: list[str], pipeline_version: str) -> set[str]:
    """The doc_ids already analysed with this pipeline version."""
    if not doc_ids:
        return set()
    rows = con.execute(
        "SELECT doc_id FROM documents WHERE pipeline_version = ? AND doc_id IN (SELECT unnest(?::VARCHAR[]))",
        [pipeline_version, doc_ids],
    ).fetchall()
    return {r[0] for r in rows}


def sources_recorded(con: duckdb.DuckDBPyConnection, sources: list[dict]) -> bool:
    """True when every (doc_id, source) pair is in the sources table and none of the sources has a reject."""
    if not sources:
        return True
    con.register("seen_sources", pa.Table.from_pylist(sources, schema=pa.schema([("doc_id", pa.string()),
                                                                                  ("source", pa.string())])))
    try:
        (known, rejected), = con.execute(
            "SELECT (SELECT count(*) FROM sources JOIN seen_sources USING (doc_id, source)),"
            " (SELECT count(*) FROM rejects WHERE source IN (SELECT source FROM seen_sources))"
        ).fetchall()
    finally:
        con.unregister("seen_sources")
    return known == len(sources) and rejected == 0


def load_batch(con: duckdb.DuckDBPyConnection, files: dict[str, Path] | None, sources: pa.Table, rejects: pa.Table) -> None:
    """One transaction: replace the batch's documents in every document table, record where each text came
    from, and record the batch's rejects (forgetting inputs that now load)."""
    con.execute("BEGIN TRANSACTION")
    try:
        if files:
            ids = f"SELECT doc_id FROM read_parquet({_quoted(files['documents'])})"
            # Only documents already here have rows to replace; the big tables have no index, so look
            # there only then (a new batch, the usual case, must not scan the whole warehouse).
            (present,), = con.execute(f"SELECT count(*) FROM documents WHERE doc_id IN ({ids})").fetchall()
            for table in DOCUMENT_TABLES:
                if present:
                    con.execute(f"DELETE FROM {table.name} WHERE doc_id IN ({ids})")
                con.execute(f"INSERT INTO {table.name} BY NAME SELECT * FROM read_parquet({_quoted(files[table.name])})")
        con.register("batch_sources", sources)
        con.execute("INSERT INTO sources BY NAME SELECT * FROM batch_sources ON CONFLICT DO NOTHING")
        con.execute("DELETE FROM rejects WHERE source IN (SELECT source FROM batch_sources)")
        con.unregister("batch_sources")
        if rejects.num_rows:
            con.register("batch_rejects", rejects)
            con.execute("INSERT OR REPLACE INTO rejects BY NAME SELECT * FROM batch_rejects")
            con.unregister("batch_rejects")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def prune_parquet(con: duckdb.DuckDBPyConnection, warehouse: str | Path) -> int:
    """Delete Parquet files no document points to (left by a killed run or an older pipeline version)."""
    live = {r[0] for r in con.execute("SELECT DISTINCT batch_id FROM documents").fetchall()}
    removed = 0
    for table in DOCUMENT_TABLES:
        folder = parquet_dir(warehouse, table.name)
        if not folder.is_dir():
            continue
        for f in folder.iterdir():
            stale_tmp = f.name.startswith(".") and f.suffix == ".tmp"
            if stale_tmp or (f.suffix == ".parquet" and f.stem not in live):
                f.unlink(missing_ok=True)
                removed += 1
    return removed


def mark_abandoned_runs(con: duckdb.DuckDBPyConnection) -> int:
    """Runs still marked running when a new run holds the warehouse lock were killed: say so."""
    n = con.execute("SELECT count(*) FROM runs WHERE status = 'running'").fetchone()[0]
    con.execute("UPDATE runs SET status = 'killed', message = 'the process ended before the run finished' "
                "WHERE status = 'running'")
    return n


def save_run(con: duckdb.DuckDBPyConnection, run: dict) -> None:
    """Insert or update one row of the runs table."""
    data = validated(RUNS, [run])
    con.register("run_row", data)
    con.execute("INSERT OR REPLACE INTO runs BY NAME SELECT * FROM run_row")
    con.unregister("run_row")


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t.name: con.execute(f"SELECT count(*) FROM {t.name}").fetchone()[0] for t in ALL_TABLES}


def integrity_problems(con: duckdb.DuckDBPyConnection) -> list[str]:
    """What is wrong with the warehouse: rows without their document, or documents without sentences."""
    problems = []
    for table in DOCUMENT_TABLES[1:]:
        n = con.execute(
            f"SELECT count(*) FROM {table.name} t ANTI JOIN documents d USING (doc_id)"
        ).fetchone()[0]
        if n:
            problems.append(f"{n} {table.name} rows have no document")
    n = con.execute(
        "SELECT count(*) FROM documents d WHERE n_sentences <> (SELECT count(*) FROM sentences s WHERE s.doc_id = d.doc_id)"
    ).fetchone()[0]
    if n:
        problems.append(f"{n} documents have a sentence count that does not match the sentences table")
    return problems
