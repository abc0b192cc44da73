"""The warehouse's schema version, and its upgrade in place to the tables `schemas/` defines."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb

from schemas.tables import (
    ALL_TABLES,
    SCHEMA_HISTORY,
    SCHEMA_VERSION,
    VERSIONS,
    column_sql,
    create_table_sql,
    duckdb_type,
)
from warehouse import series
from warehouse.views import VIEWS

# How DuckDB's catalog names the types DDL writes
_CATALOG_TYPE = {"TIMESTAMPTZ": "TIMESTAMP WITH TIME ZONE"}
# Appended to the pipeline version of documents analysed before an upgrade that analysis must complete,
# so the next run that reads them analyses them again.
STALE = "+before-schema-"


class SchemaError(Exception):
    """The warehouse's tables cannot be used by this newstally."""


def schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The warehouse's schema version: None for an empty database, 1 for one made before versions were recorded."""
    tables = {
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
    }
    if SCHEMA_HISTORY.name in tables:
        ((version,),) = con.execute(f"SELECT max(version) FROM {SCHEMA_HISTORY.name}").fetchall()
        return version
    return 1 if "documents" in tables else None


def migrate(con: duckdb.DuckDBPyConnection, newstally_version: str) -> list[str]:
    """Create the tables, or upgrade older ones in one transaction; what was done, one line per version."""
    current = schema_version(con)
    if current is not None and current > SCHEMA_VERSION:
        raise SchemaError(
            f"this warehouse was written by a newer newstally (schema version {current}; this one "
            f"knows up to {SCHEMA_VERSION}): upgrade newstally to use it"
        )
    if current == SCHEMA_VERSION:
        _refuse_mismatches(con)
        return []
    con.execute("BEGIN TRANSACTION")
    try:
        done = _upgrade(con, current, newstally_version)
        _refuse_mismatches(con)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return done


def _refuse_mismatches(con: duckdb.DuckDBPyConnection) -> None:
    if problems := mismatches(con):
        raise SchemaError("the warehouse's tables differ from schemas/: " + "; ".join(problems))


def _upgrade(con: duckdb.DuckDBPyConnection, current: int | None, newstally_version: str) -> list[str]:
    present = _columns(con)
    for table in ALL_TABLES:
        if table.name not in present:
            con.execute(create_table_sql(table))
            continue
        for field in table.schema:
            if field.name not in present[table.name]:
                con.execute(f"ALTER TABLE {table.name} ADD COLUMN {column_sql(field)}")
    now = datetime.now(UTC)
    history = (
        f"INSERT INTO {SCHEMA_HISTORY.name} BY NAME SELECT ? AS version, ? AS applied_at, ? AS newstally, ? AS change"
    )
    if current is None:
        con.execute(history, [SCHEMA_VERSION, now, newstally_version, "created"])
        done = [f"created at schema version {SCHEMA_VERSION}"]
    else:
        done = []
        for step in VERSIONS:
            if step.version <= current:
                continue
            if step.reanalyse:
                con.execute(
                    "UPDATE documents SET pipeline_version = pipeline_version || ? WHERE pipeline_version NOT LIKE ?",
                    [f"{STALE}{step.version}", f"%{STALE}%"],
                )
            con.execute(history, [step.version, now, newstally_version, step.change])
            done.append(f"upgraded to schema version {step.version}: {step.change}")
        if any(step.regroup for step in VERSIONS if step.version > current):
            series.complete(con)
    for sql in VIEWS.values():
        con.execute(sql)
    return done


def _columns(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    """{table: {column: DuckDB type}} of the warehouse's tables."""
    out: dict[str, dict[str, str]] = {}
    for table, column, type_ in con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() "
        "WHERE database_name = current_database() AND NOT internal ORDER BY table_name, column_index"
    ).fetchall():
        out.setdefault(table, {})[column] = type_
    return {t: c for t, c in out.items() if t not in VIEWS}


def mismatches(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every column that is missing, extra or of another type than schemas/ says."""
    present = _columns(con)
    problems = []
    for table in ALL_TABLES:
        columns = present.get(table.name)
        if columns is None:
            problems.append(f"table {table.name} is missing")
            continue
        for field in table.schema:
            want = duckdb_type(field.type)
            got = columns.get(field.name)
            if got is None:
                problems.append(f"{table.name}.{field.name} is missing")
            elif got != _CATALOG_TYPE.get(want, want):
                problems.append(f"{table.name}.{field.name} is {got}, not {want}")
        problems += [f"{table.name}.{name} is not in schemas/" for name in columns if name not in table.schema.names]
    return problems
