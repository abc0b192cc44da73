"""The batch window: each batch is read, normalized and selected in the flow, analysed by the task runner,
then written and loaded in input order, with the next batches already under way."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
from prefect.context import FlowRunContext

from flows.run_record import RunRecord, now
from flows.sources import BatchRead, Part, Reject
from flows.tasks import Whole, analyse, extract, load_duckdb, normalize, read, select_new, write_parquet
from transforms.near_duplicates import originals
from transforms.text import content_id
from warehouse import Warehouse


@dataclass
class Options:
    """What every batch of one run shares."""

    warehouse: str
    model: str
    version: str
    max_bytes: int
    full_refresh: bool
    processes: int


@dataclass
class PendingBatch:
    """A batch between its preparation and its load."""

    batch: list[Part]
    raw: BatchRead
    doc_sources: list[dict]
    rejects: list[Reject]
    docs: list[dict]  # its distinct texts not seen earlier in this run
    duplicates: int  # texts that came earlier in this batch or run
    new: list[dict]
    sources_recorded: bool  # nothing to load unless there are new documents or rejects
    batch_id: str | None = None
    analysed: object = None  # Prefect futures of analyse's and extract's results
    extracted: object = None

    @property
    def size(self) -> int:
        return sum(part.stop - part.first for part in self.batch)


def prepare(batch: list[Part], o: Options, run: RunRecord, seen: set[str]) -> PendingBatch:
    """Read, normalize and select a batch in the flow; submit its analysis and extraction to the task runner.

    `seen` holds the texts of this run's earlier batches: a text repeated anywhere in the input is analysed
    once, and its later copies are counted as duplicates (their sources are still recorded).
    """
    with run.timed("read"):
        raw = read(batch, o.max_bytes, o.warehouse)
    with run.timed("normalize"):
        docs, doc_sources, rejects = normalize(Whole(raw))
    fresh = [d for d in docs if d["doc_id"] not in seen]
    seen.update(d["doc_id"] for d in fresh)
    duplicates = len(doc_sources) - len(fresh)
    with run.timed("select-new"):
        new, sources_recorded = select_new(
            Whole(fresh), Whole(doc_sources), o.warehouse, o.version, o.full_refresh, Whole(raw.names)
        )
    pending = PendingBatch(batch, raw, doc_sources, rejects, fresh, duplicates, new, sources_recorded)
    if new:
        pending.batch_id = content_id(o.version, *sorted(d["doc_id"] for d in new))
        refresh = dict(refresh_cache=True) if o.full_refresh else {}  # --full-refresh recomputes, never reads the cache
        pending.analysed = analyse.with_options(**refresh).submit(Whole(new), o.model, o.version, o.processes)
        pending.extracted = extract.with_options(**refresh).submit(
            Whole(new), pending.analysed, o.model, o.version, run.run_id, pending.batch_id, o.processes
        )
    return pending


def finish(p: PendingBatch, o: Options, run: RunRecord, logger) -> None:
    """Wait for a batch's extraction, write its Parquet files and load it, in input order."""
    rejects, files = list(p.rejects), None
    if p.new:
        p.analysed.result()  # raises analyse's own error, if it failed, rather than extract's "not run"
        tables, failed, task_seconds = p.extracted.result()
        tables = {**tables, "documents": _with_originals(_stamped(tables["documents"], run.run_id), tables, o)}
        for stage, seconds in task_seconds.items():  # measured inside the tasks, wherever they ran
            run.add_seconds(stage, seconds)
        rejects += failed
        with run.timed("write-parquet"):
            files = write_parquet(o.warehouse, p.batch_id, tables)
        run.sentences += tables["sentences"].num_rows
        run.entities += tables["entities"].num_rows
        run.claims += tables["claims"].num_rows
    if p.new or rejects or not p.sources_recorded:
        with run.timed("load-duckdb"):
            loaded = load_duckdb(
                o.warehouse, files, Whole(p.doc_sources), Whole(rejects), run.run_id, Whole(p.raw.names)
            )
            run.documents_replaced += loaded.replaced
            run.series_joined += loaded.joined
            run.add_seconds("load-duckdb: series", loaded.series_seconds)  # a part of load-duckdb
    skipped = len(p.docs) - len(p.new)
    if skipped:
        logger.info("%d documents of this batch are already in the warehouse with %s: skipped", skipped, o.version)
    failed_analysis = sum(1 for r in rejects if r.reason == "analysis")
    run.documents_seen += len(p.raw.articles)
    run.documents_new += len(p.new) - failed_analysis
    run.documents_duplicate += p.duplicates
    run.documents_undated += sum(1 for d in p.new if d.get("published") and d.get("published_at") is None)
    run.documents_skipped += skipped
    run.documents_rejected += len(rejects)


def _stamped(documents: pa.Table, run_id: str) -> pa.Table:
    """Documents marked as loaded by this run, now: a result from the cross-run cache was made by another run
    (perhaps for another warehouse), whose identity must not come with it."""
    n, schema = documents.num_rows, documents.schema
    for name, value in (("ingested_at", now()), ("run_id", run_id)):
        field = schema.field(name)
        documents = documents.set_column(schema.get_field_index(name), field, pa.array([value] * n, type=field.type))
    return documents


def _with_originals(documents: pa.Table, tables: dict[str, pa.Table], o: Options) -> pa.Table:
    """Documents with `duplicate_of` set for each near-copy of one loaded before it (batches are loaded in input
    order, so every earlier batch is in the warehouse by now) or earlier in its batch."""
    bands = tables["minhash_bands"]
    doc_ids = documents.column("doc_id").to_pylist()
    found = originals(doc_ids, bands.to_pylist(), Warehouse(o.warehouse).copied_from(bands))
    column = documents.schema.get_field_index("duplicate_of")
    field = documents.schema.field(column)
    return documents.set_column(column, field, pa.array([found.get(d) for d in doc_ids], type=field.type))


def window(processes: int) -> int:
    """Batches in flight: with worker processes, the next batch waits queued behind this one's chunks;
    with Dask, one per worker and one more."""
    runner = FlowRunContext.get().task_runner if FlowRunContext.get() else None
    if type(runner).__name__ != "DaskTaskRunner":
        return 2 if processes > 1 else 1
    try:
        return len(runner.client.scheduler_info().get("workers", {})) + 1
    except Exception:  # a cluster that does not say how many workers it has
        return 3
