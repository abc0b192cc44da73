"""`Warehouse`: the one API over the warehouse's DuckDB file and its Parquet copy. Every SQL statement lives here.

    from warehouse import Warehouse
    wh = Warehouse("warehouse")
    wh.query("SELECT value, object FROM figures WHERE category = ? ORDER BY value DESC", ["KILL"])

Each call opens the database for as short a time as it needs (see `warehouse/connection.py`). The first
call that writes upgrades an older warehouse in place (`warehouse/migrations.py`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO

import duckdb
import pandas as pd
import pyarrow as pa

from schemas.tables import (
    ALL_TABLES,
    DOCUMENT_TABLES,
    FETCHES,
    REJECTS,
    RUNS,
    SCHEMA_VERSION,
    SERIES,
    SERIES_CLAIMS,
    SOURCES,
    validated,
)
from transforms.near_duplicates import MIN_SHARED_BANDS
from warehouse import connection, export, parquet, series
from warehouse.connection import HOLDER_WAIT_SECONDS, db_path
from warehouse.migrations import migrate, mismatches, schema_version
from warehouse.page_readings import PageReadings
from warehouse.views import VIEWS

# kept in Parquet as one file each, rewritten after every run
SMALL_TABLES = (SOURCES, RUNS, REJECTS, SERIES, SERIES_CLAIMS, FETCHES)
# Rows an export holds in memory at once
EXPORT_BATCH_ROWS = 50_000
# Databases this process has checked or upgraded to the current schema: the flow's tasks each make a Warehouse,
# and checking the schema on each would cost more connections than the task's own work.
_READY: set[tuple[str, int]] = set()


class WarehouseDamaged(Exception):
    """The database is missing or unreadable while its Parquet copy is there: rebuild it, never overwrite."""


def newstally_version() -> str:
    try:
        return version("newstally")
    except PackageNotFoundError:
        return "unknown"


@dataclass
class Loaded:
    """What one batch's load did beyond adding its rows."""

    replaced: int  # documents removed because an edited input now holds another text
    joined: int  # claims that joined a series earlier reports began
    series_seconds: float = 0.0  # the series step's share of the load


@dataclass
class Checked:
    """What `Warehouse.check` found and did."""

    counts: dict[str, int]
    problems: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    pruned: int = 0


class Warehouse:
    """A warehouse folder: `newstally.duckdb` and `parquet/`."""

    def __init__(self, folder: str | Path, wait_seconds: float = HOLDER_WAIT_SECONDS) -> None:
        self.folder = Path(folder)
        self.wait_seconds = wait_seconds

    def __repr__(self) -> str:
        return f"Warehouse({str(self.folder)!r})"

    @property
    def db_path(self) -> Path:
        return db_path(self.folder)

    def exists(self) -> bool:
        return self.db_path.exists()

    def _identity(self) -> tuple[str, int]:
        """The database file, as this process knows it: a file put in its place (a rebuild) is checked again."""
        try:
            return str(self.db_path.resolve()), self.db_path.stat().st_ino
        except OSError:
            return str(self.db_path), -1

    def _ready(self) -> bool:
        """Whether this process has already found the database at the current schema (checked once per process)."""
        return self._identity() in _READY

    # --- schema ---------------------------------------------------------------------------------------------

    def migrate(self) -> list[str]:
        """Create the tables, or upgrade an older warehouse in place; what was done."""
        self._refuse_if_damaged()
        with connection.writer(self.folder, self.wait_seconds) as con:
            done = migrate(con, newstally_version())
        _READY.add(self._identity())
        return done

    def schema_version(self) -> int | None:
        with self._reader() as con:
            return schema_version(con)

    def _refuse_if_damaged(self) -> None:
        """Never let a new, empty database stand in for a lost one: its first run would prune the Parquet copy."""
        batches = parquet.batch_files(self.folder, "documents")
        if not batches:
            return
        if not self.exists():
            raise WarehouseDamaged(
                f"{self.db_path} is missing but {len(batches)} batches are in "
                f"{parquet.folder(self.folder, 'documents').parent}: run `newstally rebuild` to "
                "recreate the database from them"
            )
        if (err := self._open_error()) is not None:
            raise self._damaged(err)

    def _open_error(self) -> duckdb.Error | None:
        """Why DuckDB cannot open the database, or None; a lock held by another program is raised, not returned."""
        try:
            with connection.writer(self.folder, self.wait_seconds) as con:
                _refuse_truncated(con, self.db_path)
        except duckdb.Error as err:
            if connection.holder(err) is not None:
                raise
            return err
        return None

    def _damaged(self, err: duckdb.Error) -> WarehouseDamaged:
        return WarehouseDamaged(
            f"{self.db_path} cannot be opened ({' '.join(str(err).split())[:200]}): run `newstally rebuild` to "
            "recreate it from the Parquet files"
        )

    def _writer(self):
        if not self._ready():
            self.migrate()
        return connection.writer(self.folder, self.wait_seconds)

    def _reader(self, files: dict[str, Path] | None = None):
        if not self._ready():
            self._check_readable()
        return connection.reader(self.folder, files, self.wait_seconds)

    def _check_readable(self) -> None:
        """An older warehouse is upgraded before it is read; a newer or altered one is refused."""
        try:
            with connection.reader(self.folder, None, self.wait_seconds) as con:
                _refuse_truncated(con, self.db_path)
                found, problems = schema_version(con), mismatches(con)
        except duckdb.Error as err:
            if connection.holder(err) is not None:
                raise
            raise self._damaged(err) from None
        if found != SCHEMA_VERSION or problems:
            self.migrate()  # upgrades an older warehouse; raises SchemaError for a newer or altered one
        _READY.add(self._identity())

    # --- reads ----------------------------------------------------------------------------------------------

    def query(self, sql: str, params: list | dict | None = None, files: dict[str, Path] | None = None) -> pd.DataFrame:
        """The result of one read-only SQL statement, values bound from `params`; `files` (name → CSV, JSON or
        Parquet path) are readable as tables of those names."""
        return self.query_arrow(sql, params, files).to_pandas()

    def query_arrow(
        self, sql: str, params: list | dict | None = None, files: dict[str, Path] | None = None
    ) -> pa.Table:
        with self._reader(files) as con:
            result = con.sql(sql, params=params)
            return pa.table({}) if result is None else result.to_arrow_table()

    def rows(self, sql: str, params: list | dict | None = None) -> list[tuple]:
        """The rows of a read-only query, as tuples."""
        with self._reader() as con:
            return con.execute(sql, params).fetchall()

    def table_counts(self) -> dict[str, int]:
        with self._reader() as con:
            return _counts(con)

    def runs(self, limit: int = 10) -> pd.DataFrame:
        """The newest runs, with what each did."""
        return self.query(
            "SELECT run_id, status, started_at, round(epoch(finished_at) - epoch(started_at), 1) AS seconds, documents_seen AS seen, "
            "documents_new AS new, documents_duplicate AS duplicate, documents_replaced AS replaced, documents_skipped AS skipped, "
            "documents_rejected AS rejected, claims, message FROM runs ORDER BY started_at DESC LIMIT ?",
            [limit],
        )

    def run(self, run_id: str) -> dict | None:
        found = self.query("SELECT * FROM runs WHERE run_id = ?", [run_id])
        return None if found.empty else found.iloc[0].to_dict()

    def last_unfinished_run(self) -> str | None:
        """The id of the newest run that did not complete."""
        found = self.rows("SELECT run_id FROM runs WHERE status <> 'completed' ORDER BY started_at DESC LIMIT 1")
        return found[0][0] if found else None

    def exportable(self) -> list[str]:
        """The tables and views `export` can write."""
        return sorted([t.name for t in ALL_TABLES] + list(VIEWS))

    def export(self, table: str, out: IO, fmt: str = "csv", where: str | None = None) -> int:
        """Write a table or view, or the rows of it a SQL condition selects, to `out` (binary) as CSV, Parquet or
        JSON Lines, batch by batch; the number of rows written. Reads as `query` does: the condition cannot change
        the warehouse."""
        if table not in self.exportable():
            raise ValueError(f"no table or view {table!r}: one of {', '.join(self.exportable())}")
        if fmt not in export.FORMATS:
            raise ValueError(f"format must be one of {', '.join(export.FORMATS)}, not {fmt!r}")
        # the condition is the user's own SQL, as `query` takes a whole statement: the connection is read-only
        sql = f"SELECT * FROM {table}" + (f" WHERE ({where})" if where else "")
        with self._reader() as con:
            return export.write_batches(con.sql(sql).to_arrow_reader(EXPORT_BATCH_ROWS), out, fmt)

    def largest_figures(self, limit: int = 8, run_id: str | None = None) -> pd.DataFrame:
        """The largest counts, measures and amounts, of the whole warehouse or of the documents one run added."""
        return self.query(
            "SELECT c.value, c.unit, c.qualifier, c.category, c.object, c.surface, c.sentence, d.source, c.value_low, "
            "c.value_high, c.kind FROM claims c "
            "JOIN documents d USING (doc_id) WHERE c.kind NOT IN ('ratio', 'percent') AND (? IS NULL OR d.run_id = ?) "
            "ORDER BY c.value DESC, c.claim_id LIMIT ?",
            [run_id, run_id, limit],
        )

    def series(
        self,
        category: str | None = None,
        country: str | None = None,
        min_reports: int = 1,
        limit: int = 20,
    ) -> pd.DataFrame:
        """Figure series, those with the most reports first."""
        return self.query(
            "SELECT series_id, label, n_claims AS reports, n_documents AS documents, latest_value, latest_qualifier, "
            "max_value, conservative_value, unit, first_published, last_published FROM series "
            "WHERE (? IS NULL OR category = upper(?)) AND (? IS NULL OR country = upper(?)) AND n_claims >= ? "
            "ORDER BY n_claims DESC, n_documents DESC, max_value DESC, series_id LIMIT ?",
            [category, category, country, country, min_reports, limit],
        )

    def run_series(self, run_id: str, limit: int = 10) -> pd.DataFrame:
        """The series that the documents one run added report on, those with the most reports first."""
        return self.query(
            "SELECT series_id, label, kind, unit, latest_value, latest_qualifier, max_value, n_claims, n_documents "
            "FROM series WHERE series_id IN (SELECT sc.series_id FROM series_claims sc JOIN documents d USING (doc_id) "
            "WHERE d.run_id = ?) ORDER BY n_claims DESC, n_documents DESC, max_value DESC, series_id LIMIT ?",
            [run_id, limit],
        )

    def series_timeline(self, series_id: str) -> pd.DataFrame:
        """One series' reports in publication order (a prefix of its id is enough when only one series has it)."""
        return self.query(
            "SELECT published_at, value, qualifier, attributed_to, time_text, surface, title, source, sentence "
            "FROM series_timeline WHERE series_id LIKE ? || '%' "
            "ORDER BY published_at NULLS LAST, source, start_char",
            [series_id],
        )

    def series_ids(self, prefix: str) -> list[str]:
        """The series whose id starts with `prefix`."""
        return [r[0] for r in self.rows("SELECT series_id FROM series WHERE series_id LIKE ? || '%' LIMIT 2", [prefix])]

    # --- a run's loads --------------------------------------------------------------------------------------

    def already_loaded(
        self, doc_ids: list[str], pipeline_version: str, sources: list[dict], names: list[str]
    ) -> tuple[set[str], bool]:
        """The doc_ids already analysed with this pipeline version; and whether every (doc_id, source) pair is
        recorded with no reject standing under one of these sources or other `names` the inputs were read by."""
        if not doc_ids and not sources and not names:
            return set(), True
        seen = pa.Table.from_pylist(sources, schema=pa.schema([("doc_id", pa.string()), ("source", pa.string())]))
        with self._writer() as con:
            known = {
                r[0]
                for r in con.execute(
                    "SELECT doc_id FROM documents WHERE pipeline_version = ? AND doc_id IN (SELECT unnest(?::VARCHAR[]))",
                    [pipeline_version, doc_ids],
                ).fetchall()
            }
            con.register("seen_sources", seen)
            ((recorded, rejected),) = con.execute(
                "SELECT (SELECT count(*) FROM sources JOIN seen_sources USING (doc_id, source)),"
                " (SELECT count(*) FROM rejects WHERE source IN (SELECT source FROM seen_sources)"
                "  OR source IN (SELECT unnest(?::VARCHAR[])))",
                [list(names)],
            ).fetchall()
        return known, recorded == len(sources) and rejected == 0

    def copied_from(self, bands: pa.Table) -> dict[str, tuple[str, str | None, int]]:
        """For each document of a batch (its `minhash_bands` rows), the document loaded earlier that it shares the
        most bands with, if at least MIN_SHARED_BANDS: (that document, its own `duplicate_of`, bands shared)."""
        if not bands.num_rows or not self.exists():
            return {}
        with self._writer() as con:
            con.register("batch_bands", bands)
            rows = con.execute(
                "SELECT b.doc_id, o.doc_id, any_value(d.duplicate_of), count(*) AS shared "
                "FROM batch_bands b JOIN minhash_bands o ON o.band = b.band AND o.hash = b.hash "
                "JOIN documents d ON d.doc_id = o.doc_id "
                "WHERE o.doc_id NOT IN (SELECT doc_id FROM batch_bands) "
                "GROUP BY b.doc_id, o.doc_id HAVING count(*) >= ? "
                "ORDER BY b.doc_id, shared DESC, any_value(d.published_at) NULLS LAST, o.doc_id",
                [MIN_SHARED_BANDS],
            ).fetchall()
            con.unregister("batch_bands")
        found: dict[str, tuple[str, str | None, int]] = {}
        for doc_id, other, its_original, shared in rows:
            found.setdefault(doc_id, (other, its_original, shared))
        return found

    def write_batch(self, batch_id: str, tables: dict[str, pa.Table]) -> dict[str, Path]:
        """One Parquet file per document table for this batch."""
        return {
            name: parquet.write(parquet.batch_file(self.folder, name, batch_id), data) for name, data in tables.items()
        }

    def load_batch(
        self, files: dict[str, Path] | None, sources: pa.Table, rejects: pa.Table, names: list[str] = ()
    ) -> Loaded:
        """One transaction: replace the batch's documents in every document table, put their claims in series,
        record where each text came from, and record the batch's rejects (forgetting inputs that now load). A
        source whose text changed (an edited file) no longer points to its old text, and a document no source
        points to any more is removed, with its claims' places in series. Batches that held these documents have
        their Parquet files rewritten without them."""
        superseded: list[str] = []
        joined = 0
        with self._writer() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                batch_docs: list[str] = []
                if files:
                    superseded, batch_docs = self._load_documents(con, files)
                con.register("batch_sources", sources)
                gone, emptied = self._forget_replaced(con)
                superseded += emptied
                started = time.perf_counter()
                touched = series.forget_members(con, batch_docs + gone)
                if files:
                    series.stage_batch(con, files)
                    joined = series.group_batch(con, touched)
                else:
                    series.refresh(con, touched, {})
                series_seconds = time.perf_counter() - started
                con.execute("INSERT INTO sources BY NAME SELECT * FROM batch_sources ON CONFLICT DO NOTHING")
                # an input read again clears its reject (made again below if it is still bad)
                con.execute(
                    "DELETE FROM rejects WHERE source IN (SELECT source FROM batch_sources)"
                    " OR source IN (SELECT unnest(?::VARCHAR[]))",
                    [list(names)],
                )
                con.unregister("batch_sources")
                if rejects.num_rows:
                    con.register("batch_rejects", rejects)
                    con.execute("INSERT OR REPLACE INTO rejects BY NAME SELECT * FROM batch_rejects")
                    con.unregister("batch_rejects")
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
            for batch_id in sorted(set(superseded)):
                self._rewrite_batch(con, batch_id)
        return Loaded(len(gone), joined, series_seconds)

    @staticmethod
    def _forget_replaced(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[str]]:
        """Drop the pairs (old text, source) of sources that now hold another text, then the documents left with
        no source; those documents, and the batches they were in."""
        con.execute(
            "CREATE OR REPLACE TEMP TABLE old_pairs AS SELECT s.doc_id, s.source FROM sources s "
            "JOIN batch_sources b ON s.source = b.source AND s.doc_id <> b.doc_id"
        )
        con.execute(
            "DELETE FROM sources USING old_pairs o WHERE sources.doc_id = o.doc_id AND sources.source = o.source"
        )
        gone = con.execute(
            "SELECT doc_id, batch_id FROM documents WHERE doc_id IN (SELECT doc_id FROM old_pairs) "
            "AND doc_id NOT IN (SELECT doc_id FROM sources) AND doc_id NOT IN (SELECT doc_id FROM batch_sources)"
        ).fetchall()
        if gone:
            con.register("gone", pa.table({"doc_id": [d for d, _ in gone]}))
            for table in DOCUMENT_TABLES:
                con.execute(f"DELETE FROM {table.name} WHERE doc_id IN (SELECT doc_id FROM gone)")
            con.unregister("gone")
        con.execute("DROP TABLE old_pairs")
        return [d for d, _ in gone], [b for _, b in gone]

    @staticmethod
    def _load_documents(con: duckdb.DuckDBPyConnection, files: dict[str, Path]) -> tuple[list[str], list[str]]:
        """Insert a batch's rows, first deleting earlier rows of its documents; the batches those were in, and the
        batch's documents that were already here."""
        new_ids = "SELECT doc_id FROM read_parquet(?)"
        documents = str(files["documents"])
        # Only documents already here have rows to replace; the big tables have no index, so look there only
        # then (a new batch, the usual case, must not scan the whole warehouse).
        superseded = [
            b
            for (b,) in con.execute(
                f"SELECT DISTINCT batch_id FROM documents WHERE doc_id IN ({new_ids}) AND batch_id <> "
                "(SELECT any_value(batch_id) FROM read_parquet(?))",
                [documents, documents],
            ).fetchall()
        ]
        present = [
            d
            for (d,) in con.execute(f"SELECT doc_id FROM documents WHERE doc_id IN ({new_ids})", [documents]).fetchall()
        ]
        for table in DOCUMENT_TABLES:
            if present:
                con.execute(f"DELETE FROM {table.name} WHERE doc_id IN ({new_ids})", [documents])
            if table.name in files:  # a batch may come without the tables it has no rows for
                con.execute(f"INSERT INTO {table.name} BY NAME SELECT * FROM read_parquet(?)", [str(files[table.name])])
        return superseded, present

    def _rewrite_batch(self, con: duckdb.DuckDBPyConnection, batch_id: str) -> None:
        """A batch's Parquet files made again from the database (deleted when it holds no document now)."""
        ((n,),) = con.execute("SELECT count(*) FROM documents WHERE batch_id = ?", [batch_id]).fetchall()
        if not n:
            parquet.remove_batch(self.folder, batch_id)
            return
        for table in DOCUMENT_TABLES:
            cols = ", ".join(f'"{c}"' for c in table.schema.names)
            data = con.sql(
                f"SELECT {cols} FROM {table.name} WHERE doc_id IN (SELECT doc_id FROM documents WHERE batch_id = ?)",
                params=[batch_id],
            ).to_arrow_table()
            parquet.write(parquet.batch_file(self.folder, table.name, batch_id), data.cast(table.schema))

    def page_readings(self) -> PageReadings:
        """What the web pages read into this warehouse were read into, by their bytes (kept in its folder)."""
        from transforms.web_page import reader_version

        return PageReadings(self.folder, reader_version())

    def fetch_states(self, urls: list[str]) -> dict[str, dict]:
        """The `fetches` rows of these URLs, by URL: where each one's last answer is kept and its validators."""
        if not urls or not self.exists():
            return {}
        with self._writer() as con:
            rows = con.sql(
                "SELECT * FROM fetches WHERE url IN (SELECT unnest(?::VARCHAR[]))", params=[sorted(set(urls))]
            ).to_arrow_table()
        return {r["url"]: r for r in rows.to_pylist()}

    def save_fetches(self, rows: list[dict]) -> None:
        """Insert or update `fetches` rows (one a URL)."""
        if not rows:
            return
        data = validated(FETCHES, [{k: r.get(k) for k in FETCHES.schema.names} for r in rows])
        with self._writer() as con:
            con.register("fetch_rows", data)
            con.execute("INSERT OR REPLACE INTO fetches BY NAME SELECT * FROM fetch_rows")
            con.unregister("fetch_rows")

    def save_run(self, run: dict) -> None:
        """Insert or update one row of the runs table."""
        data = validated(RUNS, [{k: v for k, v in run.items() if k in RUNS.schema.names}])
        with self._writer() as con:
            con.register("run_row", data)
            con.execute("INSERT OR REPLACE INTO runs BY NAME SELECT * FROM run_row")
            con.unregister("run_row")

    def mark_abandoned_runs(self) -> int:
        """Runs still marked running when a new run holds the warehouse were killed: say so; how many."""
        with self._writer() as con:
            ((n,),) = con.execute("SELECT count(*) FROM runs WHERE status = 'running'").fetchall()
            con.execute(
                "UPDATE runs SET status = 'killed', message = 'the process ended before the run finished' "
                "WHERE status = 'running'"
            )
        return n

    # --- keeping the database and its Parquet copy whole ----------------------------------------------------

    def check(self, repair: bool = True) -> Checked:
        """Row counts; rows that lost their document; batch files missing or out of step with the database
        (rewritten from it when `repair`); files of no batch removed; the small tables' files rewritten."""
        with self._writer() as con:
            live = dict(con.execute("SELECT batch_id, count(*) FROM documents GROUP BY batch_id").fetchall())
            checked = Checked(_counts(con), _integrity_problems(con))
            per_table = {
                t.name: dict(
                    con.execute(
                        f"SELECT d.batch_id, count(*) FROM {t.name} JOIN documents d USING (doc_id) GROUP BY d.batch_id"
                    ).fetchall()
                )
                if t.name != "documents"
                else live
                for t in DOCUMENT_TABLES
            }
            for batch_id in sorted(live):
                wrong = [
                    t.name
                    for t in DOCUMENT_TABLES
                    # no file for no rows is no loss: a batch written before its table existed
                    if (parquet.rows_in(parquet.batch_file(self.folder, t.name, batch_id)) or 0)
                    != per_table[t.name].get(batch_id, 0)
                ]
                if not wrong:
                    continue
                if repair:
                    self._rewrite_batch(con, batch_id)
                    checked.repaired.append(f"batch {batch_id}: {', '.join(wrong)} rewritten from the database")
                else:
                    checked.problems.append(
                        f"batch {batch_id}: the Parquet files of {', '.join(wrong)} are missing or "
                        "differ from the database"
                    )
            if repair:
                checked.pruned = parquet.prune(self.folder, set(live))
                for table in SMALL_TABLES:
                    cols = ", ".join(f'"{c}"' for c in table.schema.names)
                    data = con.sql(f"SELECT {cols} FROM {table.name} ORDER BY ALL").to_arrow_table()
                    parquet.write(parquet.snapshot_file(self.folder, table), data.cast(table.schema))
        return checked

    def rebuild(self) -> dict[str, int]:
        """Recreate the database from the Parquet files; row counts. A database that opens is left alone; one that
        does not is kept beside it, renamed."""
        if self.exists():
            if self._open_error() is None:
                raise WarehouseDamaged(f"{self.db_path} opens: move it aside first if you want it rebuilt")
            stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%S}"
            self.db_path.rename(self.db_path.with_name(f"{self.db_path.name}.damaged-{stamp}"))
            self.db_path.with_name(self.db_path.name + ".wal").unlink(missing_ok=True)
        with connection.writer(self.folder, self.wait_seconds) as con:
            migrate(con, newstally_version())
            con.execute("BEGIN TRANSACTION")
            try:
                self._restore(con)
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
            counts = _counts(con)
        _READY.add(self._identity())
        return counts

    def _restore(self, con: duckdb.DuckDBPyConnection) -> None:
        documents = [str(p) for p in parquet.batch_files(self.folder, "documents")]
        if documents:
            # a document in two batches (a killed run's leftovers) keeps its newest analysis
            con.execute(
                "CREATE TEMP TABLE chosen AS SELECT doc_id, batch_id FROM read_parquet(?, union_by_name = true) "
                "QUALIFY row_number() OVER (PARTITION BY doc_id ORDER BY ingested_at DESC, batch_id DESC) = 1",
                [documents],
            )
            for table in DOCUMENT_TABLES:
                files = [str(p) for p in parquet.batch_files(self.folder, table.name)]
                if not files:
                    continue
                con.execute(
                    f"INSERT INTO {table.name} BY NAME SELECT * EXCLUDE (filename) "
                    "FROM read_parquet(?, union_by_name = true, filename = true) p "
                    "WHERE EXISTS (SELECT 1 FROM chosen c WHERE c.doc_id = p.doc_id "
                    "AND c.batch_id = regexp_extract(p.filename, '([^/]+)\\.parquet$', 1))",
                    [files],
                )
            con.execute("DROP TABLE chosen")
        for table in SMALL_TABLES:
            snapshot = parquet.snapshot_file(self.folder, table)
            if snapshot.exists():
                verb = "INSERT OR REPLACE" if table.indexed else "INSERT"
                con.execute(f"{verb} INTO {table.name} BY NAME SELECT * FROM read_parquet(?)", [str(snapshot)])
        series.complete(con)  # claims loaded after the series' last copy, or whose series it lacks


def _refuse_truncated(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """DuckDB opens a file cut short (a full disk, a copy that stopped) and fails only on the first read of a
    lost block: compare the file's size with the blocks in use its header counts. A write-ahead log beside it
    holds changes the file does not have yet: then there is nothing to compare."""
    if path.with_name(path.name + ".wal").exists():
        return
    ((blocks, block_size),) = con.execute(
        "SELECT used_blocks, block_size FROM pragma_database_size() WHERE database_name = current_database()"
    ).fetchall()
    size = path.stat().st_size
    if size < blocks * block_size:
        # (no word with "lock" in it: `connection.holder` reads such a message as a lock conflict)
        raise duckdb.IOException(f"the file has {size} bytes, less than the {blocks * block_size} in use: cut short")


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t.name: con.execute(f"SELECT count(*) FROM {t.name}").fetchone()[0] for t in ALL_TABLES}


def _integrity_problems(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Rows without their document, or documents without their sentences."""
    problems = []
    for table in DOCUMENT_TABLES[1:]:
        ((n,),) = con.execute(f"SELECT count(*) FROM {table.name} t ANTI JOIN documents d USING (doc_id)").fetchall()
        if n:
            problems.append(f"{n} {table.name} rows have no document")
    ((n,),) = con.execute(
        "SELECT count(*) FROM documents d WHERE n_sentences <> (SELECT count(*) FROM sentences s WHERE s.doc_id = d.doc_id)"
    ).fetchall()
    if n:
        problems.append(f"{n} documents have a sentence count that does not match the sentences table")
    ((unseried,),) = con.execute("SELECT count(*) FROM claims ANTI JOIN series_claims USING (claim_id)").fetchall()
    if unseried:
        problems.append(f"{unseried} claims are in no series")
    ((orphans,),) = con.execute(
        "SELECT count(*) FROM series_claims sc WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.claim_id = sc.claim_id)"
        " OR NOT EXISTS (SELECT 1 FROM series s WHERE s.series_id = sc.series_id)"
    ).fetchall()
    if orphans:
        problems.append(f"{orphans} series_claims rows have no claim or no series")
    ((orphans,),) = con.execute(
        "SELECT count(*) FROM series_terms t WHERE NOT EXISTS (SELECT 1 FROM series s WHERE s.series_id = t.series_id)"
    ).fetchall()
    if orphans:
        problems.append(f"{orphans} series_terms rows have no series")
    return problems
