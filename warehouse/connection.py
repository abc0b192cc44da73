"""Connections to the warehouse's DuckDB file: a writer's, in short windows, and a reader's that can only read.

Reads and loads share the one file through a lock (`warehouse/locks.py: db_lock`): a load holds it
exclusively for the moment its transaction takes, a query holds it shared while it runs, then lets go
(the result is fetched whole first). So no query copies the database, a query never sees half a batch,
and each side waits at most for one load or one query of the other.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.locks import WarehouseBusy, db_lock

DB_NAME = "newstally.duckdb"
OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
# Each load appends to the last row group of every table, and the checkpoint that ends the load
# rewrites that row group whole: with DuckDB's default of 122,880 rows, a load's memory and time grew
# with the warehouse (the documents table's texts for 20,000 articles fit in one row group). Small row
# groups bound both; DuckDB keeps this only for a connection, so every writer attaches with it.
ROW_GROUP_SIZE = 2048
# How long a connection waits for a program outside newstally (an analyst's DuckDB shell or notebook)
# that holds the file, before it says so.
HOLDER_WAIT_SECONDS = 10.0


class NoWarehouse(FileNotFoundError):
    """There is no warehouse at this path yet."""


def db_path(warehouse: str | Path) -> Path:
    return Path(warehouse) / DB_NAME


def holder(err: Exception) -> str | None:
    """The program DuckDB says holds the file, when the error is a lock conflict."""
    text = str(err)
    if "lock" not in text.lower():
        return None
    found = re.search(r"held in (.+?) \(PID (\d+)\)", text)
    return f"{found.group(1)}, PID {found.group(2)}" if found else "another program"


def _retrying(open_, path: Path, wait_seconds: float):
    """open_(), retried while another program holds the file, up to `wait_seconds`."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return open_()
        except duckdb.IOException as err:
            who = holder(err)
            if who is None:
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"{path} is open in another program ({who}): close it and try again; to read while newstally "
                    "loads, use `newstally sql` or the Parquet files, which never hold the database"
                ) from None
            time.sleep(0.2)


def _attached(path: Path) -> duckdb.DuckDBPyConnection:
    """A writer's connection whose default database is the file at `path`, in row groups of ROW_GROUP_SIZE rows."""
    # spills go beside the file, as when DuckDB opens it directly (not into the working directory)
    con = duckdb.connect(config={**OFFLINE, "temp_directory": f"{path}.tmp"})
    try:
        con.execute(f"ATTACH '{_escaped(path)}' AS {path.stem} (ROW_GROUP_SIZE {ROW_GROUP_SIZE})")
        con.execute(f"USE {path.stem}")
    except Exception:
        con.close()
        raise
    return con


def _escaped(path: Path) -> str:
    # ATTACH takes no bound parameters; a path is the one value that must go into its text
    return str(path).replace("'", "''")


@contextmanager
def writer(warehouse: str | Path, wait_seconds: float = HOLDER_WAIT_SECONDS):
    """A connection that may write, held for as short a time as the caller's block."""
    path = db_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    with db_lock(warehouse):
        con = _retrying(lambda: _attached(path), path, wait_seconds)
        try:
            yield con
        finally:
            con.close()


@contextmanager
def reader(warehouse: str | Path, files: dict[str, Path] | None = None, wait_seconds: float = HOLDER_WAIT_SECONDS):
    """A connection that can read the warehouse's tables and views and nothing else: no file, no network,
    no ATTACH, no INSTALL or LOAD, no setting that widens access. `files` (name → path) are loaded as
    temporary tables first, for a user who named them."""
    path = db_path(warehouse)
    if not path.exists():
        raise NoWarehouse(f"{path}: no warehouse here yet (run `newstally run` first)")
    spill = Path(tempfile.mkdtemp(prefix="newstally-read-"))
    try:
        with db_lock(warehouse, shared=True):
            con = _retrying(
                lambda: duckdb.connect(
                    str(path), read_only=True, config={**OFFLINE, "temp_directory": str(spill / "spill")}
                ),
                path,
                wait_seconds,
            )
            try:
                for name, file in (files or {}).items():
                    con.execute(f'CREATE TEMP TABLE "{name}" AS SELECT * FROM {_reader_of(file)}(?)', [str(file)])
                con.execute("SET enable_external_access = false")
                con.execute("SET lock_configuration = true")
                yield con
            finally:
                con.close()
    finally:
        shutil.rmtree(spill, ignore_errors=True)


def _reader_of(file: Path) -> str:
    name = file.name.lower()
    if name.endswith(".parquet"):
        return "read_parquet"
    if name.endswith((".json", ".jsonl", ".ndjson", ".json.gz", ".jsonl.gz")):
        return "read_json_auto"
    return "read_csv_auto"
