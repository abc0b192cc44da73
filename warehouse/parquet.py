"""The Parquet copy of the warehouse: one file per batch for each document table, one file for each small table.

Files are written under a temporary name and renamed, so each appears whole or not at all.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas.tables import DOCUMENT_TABLES, Table

ROOT = "parquet"


def folder(warehouse: str | Path, table: str) -> Path:
    return Path(warehouse) / ROOT / table


def batch_file(warehouse: str | Path, table: str, batch_id: str) -> Path:
    return folder(warehouse, table) / f"{batch_id}.parquet"


def write(path: Path, data: pa.Table) -> Path:
    """Write a Parquet file that appears whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.{uuid.uuid4().hex}.tmp")
    pq.write_table(data, tmp, compression="zstd")
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return path


def batch_files(warehouse: str | Path, table: str) -> list[Path]:
    """The batch files of a document table (never the temporary files of a write under way)."""
    where = folder(warehouse, table)
    if not where.is_dir():
        return []
    return sorted(p for p in where.iterdir() if p.suffix == ".parquet" and not p.name.startswith("."))


def rows_in(path: Path) -> int | None:
    """Rows of a Parquet file, from its footer; None when it is missing or unreadable."""
    try:
        return pq.ParquetFile(path).metadata.num_rows
    except (OSError, pa.ArrowException):
        return None


def remove_batch(warehouse: str | Path, batch_id: str) -> None:
    for table in DOCUMENT_TABLES:
        batch_file(warehouse, table.name, batch_id).unlink(missing_ok=True)


def prune(warehouse: str | Path, live: set[str]) -> int:
    """Delete batch files of batches no document belongs to, and temporary files a killed write left."""
    removed = 0
    for table in DOCUMENT_TABLES:
        where = folder(warehouse, table.name)
        if not where.is_dir():
            continue
        for f in where.iterdir():
            stale_tmp = f.name.startswith(".") and f.suffix == ".tmp"
            if stale_tmp or (f.suffix == ".parquet" and not f.name.startswith(".") and f.stem not in live):
                f.unlink(missing_ok=True)
                removed += 1
    return removed


def snapshot_file(warehouse: str | Path, table: Table) -> Path:
    """The one file that holds a small table (runs, sources, rejects) whole."""
    return folder(warehouse, table.name) / f"{table.name}.parquet"
