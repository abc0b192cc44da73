"""Rows of a query written as CSV, Parquet or JSON Lines, batch by batch, so an export of any size holds one batch
in memory."""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from typing import IO

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

FORMATS = ("csv", "parquet", "json")


def write_batches(batches: pa.RecordBatchReader, out: IO, fmt: str) -> int:
    """Write every batch to `out` (binary) in `fmt`; the number of rows written."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    rows = 0
    if fmt in ("parquet", "csv"):
        writer = pq.ParquetWriter if fmt == "parquet" else pacsv.CSVWriter
        with writer(out, batches.schema) as write:
            for batch in batches:
                write.write_batch(batch)
                rows += batch.num_rows
        return rows
    for batch in batches:
        for record in batch.to_pylist():
            out.write((json.dumps({k: _plain(v) for k, v in record.items()}, ensure_ascii=False) + "\n").encode())
        rows += batch.num_rows
    return rows


def _plain(value):
    """A value JSON can hold: dates and times as ISO 8601 text, a float that is not a number as null."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
