"""The `newstally` Prefect flow: discover → read → normalize → select-new → analyse → extract → write Parquet → load DuckDB → check."""

from __future__ import annotations

import json
import os
import time
from collections import deque
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Generic, TypeVar

import pyarrow as pa
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import INPUTS, NO_CACHE, TASK_SOURCE
from prefect.context import FlowRunContext
from prefect.runtime import flow_run
from prefect.tasks import exponential_backoff

import pyarrow.compute  # noqa: F401  (pa.compute)
from flows.memory import batches_collected, collect_batch_garbage
from flows.model import pipeline_version
from flows.passes import Analysed, analysed_in_parallel, batch_claims
from flows.results import remove_expired_results
from flows.settings import Settings
from flows.sources import BatchRead, Part, Reject, input_files, parts, read_part
from schemas.tables import BY_NAME, REJECTS, SOURCES, validated
from transforms.documents import document_record, unique_documents
from transforms.text import content_id
from warehouse import store
from warehouse.locks import run_lock
from warehouse.report import run_counts, run_figures_markdown

SETTINGS = Settings.from_env()
T = TypeVar("T")
# Cached across runs (the default policy includes the run id, so it never hits again): a retried or
# re-run flow gets the batches it already analysed from the cache and analyses only the rest.
ACROSS_RUNS = (INPUTS - "run_id" - "processes") + TASK_SOURCE
RETRIES = dict(retries=SETTINGS.task_retries, retry_delay_seconds=exponential_backoff(backoff_factor=1))
CACHE_EXPIRATION = timedelta(days=7)
CACHED = dict(cache_policy=ACROSS_RUNS, persist_result=True, cache_expiration=CACHE_EXPIRATION,
              cache_result_in_memory=False, **RETRIES)  # persisted, so not also kept in memory for the whole run


class Whole(Generic[T]):
    """A task input that Prefect and Dask hand on as one object. Both walk lists, tuples, dicts and
    dataclasses item by item (looking for futures), which for a batch of documents costs more than the task."""

    __slots__ = ("value",)

    def __init__(self, value: T) -> None:
        self.value = value


def _now() -> datetime:
    return datetime.now(timezone.utc)


@task(name="discover", cache_policy=NO_CACHE)
def discover(sources: list[str], batch_size: int) -> list[list[Part]]:
    """Input files cut into batches of at most `batch_size` documents."""
    return parts(input_files(sources), batch_size)


@task(name="read", cache_policy=NO_CACHE, **RETRIES)
def read(batch: list[Part], max_bytes: int) -> BatchRead:
    """Raw articles of a batch, and the inputs that could not be read."""
    out = BatchRead()
    for part in batch:
        got = read_part(part, max_bytes)
        out.articles.extend(got.articles)
        out.rejects.extend(got.rejects)
    return out


@task(name="normalize", cache_policy=NO_CACHE)
def normalize(raw: Whole[BatchRead]) -> tuple[list[dict], list[dict], list[Reject]]:
    """Document records (one per distinct text), every (doc_id, source) pair, and articles with no text left."""
    raw = raw.value
    records, rejects = [], list(raw.rejects)
    for a in raw.articles:
        record = document_record(a.source, a.text, a.title, a.published, a.url, title_in_text=a.has_title_line)
        if record is None:
            rejects.append(Reject(a.source, "empty", "no text after normalization"))
        else:
            records.append(record)
    kept, _same_text = unique_documents(records)
    return kept, [{"doc_id": r["doc_id"], "source": r["source"]} for r in records], rejects


@task(name="select-new", cache_policy=NO_CACHE, **RETRIES)
def select_new(docs: Whole[list[dict]], sources: Whole[list[dict]], warehouse: str, version: str,
               full_refresh: bool) -> tuple[list[dict], bool]:
    """The documents not yet analysed with this pipeline version, and whether every source is already recorded."""
    docs, sources = docs.value, sources.value
    if full_refresh:
        return docs, False
    with store.opened(warehouse) as con:
        known = store.known_documents(con, [d["doc_id"] for d in docs], version)
        return [d for d in docs if d["doc_id"] not in known], store.sources_recorded(con, sources)


@task(name="analyse", **CACHED)
def analyse(docs: Whole[list[dict]], model: str, version: str, processes: int = 1) -> Analysed:
    """Sentences and entities of every document (spaCy's senter and ner), and which sentences hold a quantity.

    `version` is part of the cache key: results of another model or extractor version are never reused.
    """
    return analysed_in_parallel(docs.value, model, processes)


@task(name="extract", **CACHED)
def extract(docs: Whole[list[dict]], analysed: Analysed, model: str, version: str, run_id: str, batch_id: str,
            processes: int = 1) -> tuple[dict[str, pa.Table], list[Reject], dict[str, float]]:
    """Claims of the sentences that hold a quantity (parsed on their own), and the batch's document rows."""
    started = time.perf_counter()
    docs = docs.value
    _injected_failure(docs)
    claims, failed = batch_claims(docs, analysed, model, processes)
    at = _now()
    documents = [
        {**record, "n_sentences": analysed.n_sentences[i], "pipeline_version": version,
         "batch_id": batch_id, "ingested_at": at, "run_id": run_id}
        for i, record in enumerate(docs) if i not in failed
    ]
    rejects = [Reject(docs[i]["source"], "analysis", " ".join(reason.split())[:300]) for i, reason in sorted(failed.items())]
    tables = {"documents": validated(BY_NAME["documents"], documents), "sentences": analysed.sentences,
              "entities": analysed.entities, "claims": claims}
    if failed:  # keep no row of a document that failed
        keep = pa.array([d["doc_id"] for d in documents], type=pa.string())
        tables = {name: t.filter(pa.compute.is_in(t.column("doc_id"), value_set=keep)) for name, t in tables.items()}
    return tables, rejects, {"analyse": analysed.seconds, "extract": time.perf_counter() - started}


def _injected_failure(docs: list[dict]) -> None:
    """Fail once on purpose (for resilience tests): NEWSTALLY_FAIL_ONCE names a marker file holding a source."""
    marker = os.environ.get("NEWSTALLY_FAIL_ONCE")
    if marker and os.path.exists(marker):
        needle = Path(marker).read_text().strip()
        if any(needle in d["source"] for d in docs):
            os.unlink(marker)
            raise RuntimeError(f"injected failure on the batch holding {needle}")


@task(name="write-parquet", cache_policy=NO_CACHE, **RETRIES)
def write_parquet(warehouse: str, batch_id: str, tables: dict[str, pa.Table]) -> dict[str, Path]:
    """One Parquet file per table for this batch."""
    return {name: store.write_parquet(warehouse, name, batch_id, data) for name, data in tables.items()}


@task(name="load-duckdb", cache_policy=NO_CACHE, **RETRIES)
def load_duckdb(warehouse: str, files: dict[str, Path] | None, sources: Whole[list[dict]], rejects: Whole[list[Reject]],
                run_id: str) -> None:
    """Load the batch's Parquet files, sources and rejects into DuckDB in one transaction."""
    sources, rejects = sources.value, rejects.value
    at = _now()
    reject_rows = validated(REJECTS, [
        {"source": r.source, "reason": r.reason, "detail": r.detail, "run_id": run_id, "at": at} for r in rejects
    ])
    source_rows = validated(SOURCES, [{**s, "run_id": run_id} for s in sources])
    with store.opened(warehouse) as con:
        store.load_batch(con, files, source_rows, reject_rows)


@task(name="check", cache_policy=NO_CACHE)
def check(warehouse: str) -> dict[str, int]:
    """Row counts of every table; removes Parquet files no document points to; fails when a row lost its document."""
    with store.opened(warehouse) as con:
        store.prune_parquet(con, warehouse)
        problems = store.integrity_problems(con)
        if problems:
            raise RuntimeError("warehouse check failed: " + "; ".join(problems))
        return store.table_counts(con)


def _progress(enabled: bool, total: int):
    if not enabled:
        return nullcontext(None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), transient=True)
    progress.add_task("documents", total=total)
    return progress


@flow(name="newstally", log_prints=False)
def newstally(
    sources: list[str],
    warehouse: str = "warehouse",
    model: str = SETTINGS.model,
    batch_size: int = SETTINGS.batch_size,
    max_bytes: int = SETTINGS.max_bytes,
    full_refresh: bool = False,
    show_progress: bool = False,
    wait_seconds: float = 0.0,
    processes: int = SETTINGS.processes,
) -> dict:
    """Analyse news articles into the warehouse; returns the run's summary."""
    logger = get_run_logger()
    run_id = str(flow_run.id or content_id(_now().isoformat()))
    version = _validated_parameters(sources, model, batch_size)
    with run_lock(warehouse, wait_seconds, on_wait=logger.warning):
        with store.opened(warehouse) as con:
            store.ensure_schema(con)
            if killed := store.mark_abandoned_runs(con):
                logger.warning("%d earlier run(s) ended without finishing; this run completes their work", killed)
        if expired := remove_expired_results(CACHE_EXPIRATION):
            logger.info("removed %d cached task results older than %s", expired, CACHE_EXPIRATION)
        run = {
            "run_id": run_id, "started_at": _now(), "finished_at": None, "status": "running",
            "sources": json.dumps(sources), "pipeline_version": version,
            "documents_seen": 0, "documents_new": 0, "documents_skipped": 0, "documents_rejected": 0,
            "sentences": 0, "entities": 0, "claims": 0, "message": None,
        }
        _save_run(warehouse, run)
        failures: list[str] = []
        try:
            with _timed(run, "discover"):
                batches = discover(sources, batch_size)
            total = sum(p.stop - p.first for b in batches for p in b)
            in_flight: deque[_Pending] = deque()
            window = _window(processes)  # batches in flight: enough that no worker waits for the flow

            def settle(p: _Pending) -> None:
                try:
                    _finish(p, warehouse, version, run_id, run, logger)
                except Exception as err:  # the other batches go on; a retry redoes only this one
                    failures.append(f"{p.batch[0].path}: {type(err).__name__}: {err}")
                    logger.error("batch starting at %s failed: %s", p.batch[0].path, err)
                if bar is not None:
                    bar.advance(bar.task_ids[0], sum(part.stop - part.first for part in p.batch))

            def settle_oldest() -> None:
                settle(in_flight.popleft())
                collect_batch_garbage()  # the batch is unreachable now, Prefect's cycles around it too

            with _progress(show_progress, total) as bar, batches_collected():
                for batch in batches:
                    try:
                        in_flight.append(_prepare(batch, warehouse, model, version, max_bytes, full_refresh,
                                                  run_id, processes, run))
                    except Exception as err:
                        failures.append(f"{batch[0].path}: {type(err).__name__}: {err}")
                        logger.error("batch starting at %s failed: %s", batch[0].path, err)
                    while len(in_flight) >= window:
                        settle_oldest()
                while in_flight:
                    settle_oldest()
            with _timed(run, "check"):
                run["table_counts"] = check(warehouse)
            if failures:
                raise RuntimeError(f"{len(failures)} of {len(batches)} batches failed; first: {failures[0]}")
            run["status"] = "completed"
            _publish(run, warehouse)
        except Exception as err:
            run["status"], run["message"] = "failed", f"{type(err).__name__}: {err}"
            raise
        finally:
            run["finished_at"] = _now()
            _save_run(warehouse, run)
    logger.info(
        "%d documents: %d new, %d already analysed, %d rejected; %d claims",
        run["documents_seen"], run["documents_new"], run["documents_skipped"], run["documents_rejected"], run["claims"],
    )
    return run


def _validated_parameters(sources: list[str], model: str, batch_size: int) -> str:
    """Fail early and clearly on parameters that cannot work; returns the pipeline version."""
    if not sources:
        raise ValueError("no sources: name at least one file or folder")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    input_files(sources)  # raises SourceError naming a missing path
    return pipeline_version(model)  # raises ModelError when the model cannot be loaded


def _publish(run: dict, warehouse: str) -> None:
    """Prefect artifacts of a run: its counts, and its largest new figures with their sentences."""
    create_table_artifact(key="newstally-counts", table=[run_counts(run)], description=f"newstally run {run['run_id']}")
    create_markdown_artifact(key="newstally-figures", markdown=run_figures_markdown(warehouse, run),
                             description="largest new figures")


@contextmanager
def _timed(run: dict, stage: str):
    """Add the wall time of a stage to the run's `stage_seconds` (what `make bench` reports)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        seconds = run.setdefault("stage_seconds", {})
        seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - started


@dataclass
class _Pending:
    """A batch between its preparation and its load."""

    batch: list[Part]
    raw: BatchRead
    docs: list[dict]
    doc_sources: list[dict]
    rejects: list[Reject]
    new: list[dict]
    sources_recorded: bool  # nothing to load unless there are new documents or rejects
    batch_id: str | None = None
    analysed: object = None  # Prefect futures of analyse's and extract's results
    extracted: object = None


def _prepare(batch: list[Part], warehouse: str, model: str, version: str, max_bytes: int, full_refresh: bool,
             run_id: str, processes: int, run: dict) -> _Pending:
    """Read, normalize and select a batch in the flow; submit its analysis and extraction to the task runner."""
    with _timed(run, "read"):
        raw = read(batch, max_bytes)
    with _timed(run, "normalize"):
        docs, doc_sources, rejects = normalize(Whole(raw))
    with _timed(run, "select-new"):
        new, sources_recorded = select_new(Whole(docs), Whole(doc_sources), warehouse, version, full_refresh)
    pending = _Pending(batch, raw, docs, doc_sources, rejects, new, sources_recorded)
    if new:
        pending.batch_id = content_id(version, *sorted(d["doc_id"] for d in new))
        fresh = dict(refresh_cache=True) if full_refresh else {}  # --full-refresh recomputes, never reads the cache
        pending.analysed = analyse.with_options(**fresh).submit(Whole(new), model, version, processes)
        pending.extracted = extract.with_options(**fresh).submit(Whole(new), pending.analysed, model, version, run_id,
                                                                 pending.batch_id, processes)
    return pending


def _finish(p: _Pending, warehouse: str, version: str, run_id: str, run: dict, logger) -> None:
    """Wait for a batch's extraction, write its Parquet files and load it, in input order."""
    rejects, files = list(p.rejects), None
    if p.new:
        p.analysed.result()  # raises analyse's own error, if it failed, rather than extract's "not run"
        tables, failed, task_seconds = p.extracted.result()
        stages = run.setdefault("stage_seconds", {})
        for stage, seconds in task_seconds.items():  # measured inside the tasks, wherever they ran
            stages[stage] = stages.get(stage, 0.0) + seconds
        rejects += failed
        with _timed(run, "write-parquet"):
            files = write_parquet(warehouse, p.batch_id, tables)
        for name in ("sentences", "entities", "claims"):
            run[name] += tables[name].num_rows
    if p.new or rejects or not p.sources_recorded:
        with _timed(run, "load-duckdb"):
            load_duckdb(warehouse, files, Whole(p.doc_sources), Whole(rejects), run_id)
    skipped = len(p.docs) - len(p.new)
    if skipped:
        logger.info("%d documents of this batch are already in the warehouse with %s: skipped", skipped, version)
    emptied = len(p.rejects) - len(p.raw.rejects)
    failed_analysis = sum(1 for r in rejects if r.reason == "analysis")
    run["documents_seen"] += len(p.raw.articles)
    run["documents_new"] += len(p.new) - failed_analysis
    run["documents_skipped"] += len(p.raw.articles) - emptied - len(p.new)
    run["documents_rejected"] += len(rejects)


def _window(processes: int) -> int:
    """Batches in flight: with worker processes, the next batch waits queued behind this one's chunks;
    with Dask, one per worker and one more."""
    runner = FlowRunContext.get().task_runner if FlowRunContext.get() else None
    if type(runner).__name__ != "DaskTaskRunner":
        return 2 if processes > 1 else 1
    try:
        return len(runner.client.scheduler_info().get("workers", {})) + 1
    except Exception:  # a cluster that does not say how many workers it has
        return 3


def flow_with_runner(runner: str = "default", dask_address: str | None = None):
    """The flow with its task runner: Prefect's default, or Dask (a local cluster, or the one at `dask_address`)."""
    if runner == "default":
        return newstally
    from prefect_dask import DaskTaskRunner

    if dask_address:
        return newstally.with_options(task_runner=DaskTaskRunner(address=dask_address))
    return newstally.with_options(task_runner=DaskTaskRunner(
        cluster_class="distributed.LocalCluster",
        cluster_kwargs={"n_workers": SETTINGS.dask_workers, "threads_per_worker": 1, "processes": True},
    ))


def _save_run(warehouse: str, run: dict) -> None:
    with store.opened(warehouse) as con:
        store.save_run(con, {k: v for k, v in run.items() if k in BY_NAME["runs"].schema.names})
