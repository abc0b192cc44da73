"""The flow's tasks, each on a batch of documents: read, normalize, select-new, analyse, extract, write, load, check."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path
from typing import Generic, TypeVar

import pyarrow as pa
import pyarrow.compute  # noqa: F401  (pa.compute)
from prefect import get_run_logger, task
from prefect.cache_policies import INPUTS, NO_CACHE, TASK_SOURCE
from prefect.tasks import exponential_backoff

from flows.code_version import TransformsSource
from flows.fetch import Fetched, FetchReport, fetched_sources
from flows.passes import TIMEOUT, Analysed, analysed_in_parallel, batch_claims
from flows.run_record import now
from flows.settings import SETTINGS
from flows.sources import BatchRead, Part, Reject, input_files, normalized_batch, parts, read_batch
from schemas.tables import BY_NAME, REJECTS, SOURCES, validated
from transforms.near_duplicates import band_rows
from warehouse import Checked, Warehouse
from warehouse.api import Loaded

T = TypeVar("T")
# Cached across runs (the default policy includes the run id, so it never hits again): a retried or
# re-run flow gets the batches it already analysed from the cache and analyses only the rest, as long as the
# transforms' source is the same.
ACROSS_RUNS = (INPUTS - "run_id" - "processes") + TASK_SOURCE + TransformsSource()
RETRIES = dict(retries=SETTINGS.task_retries, retry_delay_seconds=exponential_backoff(backoff_factor=1))
CACHE_EXPIRATION = timedelta(days=7)
CACHED = dict(
    cache_policy=ACROSS_RUNS,
    persist_result=True,
    cache_expiration=CACHE_EXPIRATION,
    cache_result_in_memory=False,
    **RETRIES,
)  # persisted, so not also kept in memory for the whole run


class Whole(Generic[T]):
    """A task input that Prefect and Dask hand on as one object. Both walk lists, tuples, dicts and
    dataclasses item by item (looking for futures), which for a batch of documents costs more than the task.

    Prefect's own `quote` and `opaque` stop Prefect's walk but are tuples: Dask packs a task's arguments
    again on the way to a worker, and what reaches the task is then a plain one-item tuple.
    """

    __slots__ = ("value",)

    def __init__(self, value: T) -> None:
        self.value = value


@task(name="fetch", cache_policy=NO_CACHE)
def fetch(urls: list[str], warehouse: str, max_bytes: int) -> FetchReport:
    """The URLs among the sources fetched into the warehouse's `fetched/` folder (only what changed since the last
    run is downloaded); a URL that gives nothing usable is a reject."""
    wh = Warehouse(warehouse)
    report = fetched_sources(
        urls,
        wh.folder / "fetched",
        wh.fetch_states(urls),
        max_bytes,
        SETTINGS.fetch_timeout,
        SETTINGS.fetch_retries,
        lookup=wh.fetch_states,
    )
    wh.save_fetches(report.states)
    get_run_logger().info(
        "%d URLs: %d requests, %d answered unchanged, %d files to read, %d rejected",
        len(urls),
        report.requests,
        report.unchanged,
        len(report.files),
        len(report.rejects),
    )
    return report


@task(name="discover", cache_policy=NO_CACHE)
def discover(sources: list[str], batch_size: int, fetched: list[Fetched] | None = None) -> list[list[Part]]:
    """Input files, and the files fetched for URLs, cut into batches of at most `batch_size` documents."""
    fetched = fetched or []
    files = input_files(sources) + [f.path for f in fetched]
    return parts(files, batch_size, {str(f.path): f.url for f in fetched})


@task(name="read", cache_policy=NO_CACHE, **RETRIES)
def read(batch: list[Part], max_bytes: int, warehouse: str) -> BatchRead:
    """Raw articles of a batch, and the inputs that could not be read (web pages read by an earlier run are not
    read again)."""
    got = read_batch(batch, max_bytes, Warehouse(warehouse).page_readings())
    if got.skipped_records:
        get_run_logger().info("%d web archive records passed over: not HTML pages", got.skipped_records)
    return got


@task(name="normalize", cache_policy=NO_CACHE)
def normalize(raw: Whole[BatchRead]) -> tuple[list[dict], list[dict], list[Reject]]:
    """Document records (one per distinct text), every (doc_id, source) pair, and articles with no text left."""
    return normalized_batch(raw.value)


@task(name="select-new", cache_policy=NO_CACHE, **RETRIES)
def select_new(
    docs: Whole[list[dict]],
    sources: Whole[list[dict]],
    warehouse: str,
    version: str,
    full_refresh: bool,
    names: Whole[list[str]],
) -> tuple[list[dict], bool]:
    """The documents not yet analysed with this pipeline version, and whether every source is already recorded
    (with no reject left under any name the inputs were read by)."""
    docs, sources = docs.value, sources.value
    if full_refresh:
        return docs, False
    known, recorded = Warehouse(warehouse).already_loaded([d["doc_id"] for d in docs], version, sources, names.value)
    return [d for d in docs if d["doc_id"] not in known], recorded


@task(name="analyse", **CACHED)
def analyse(docs: Whole[list[dict]], model: str, version: str, processes: int = 1) -> Analysed:
    """Sentences and entities of every document (spaCy's senter and ner), and which sentences hold a quantity.

    `version` is part of the cache key: results of another model or extractor version are never reused.
    """
    return analysed_in_parallel(docs.value, model, processes)


@task(name="extract", **CACHED)
def extract(
    docs: Whole[list[dict]],
    analysed: Analysed,
    model: str,
    version: str,
    run_id: str,
    batch_id: str,
    processes: int = 1,
) -> tuple[dict[str, pa.Table], list[Reject], dict[str, float]]:
    """Claims of the sentences that hold a quantity (parsed on their own), and the batch's document rows."""
    started = time.perf_counter()
    docs = docs.value
    _injected_failure(docs)
    claims, failed = batch_claims(docs, analysed, model, processes)
    at = now()
    documents = [
        {
            **record,
            "n_sentences": analysed.n_sentences[i],
            "pipeline_version": version,
            "batch_id": batch_id,
            "ingested_at": at,
            "run_id": run_id,
        }
        for i, record in enumerate(docs)
        if i not in failed
    ]
    rejects = [
        Reject(docs[i]["source"], TIMEOUT if reason.startswith(TIMEOUT) else "analysis", " ".join(reason.split())[:300])
        for i, reason in sorted(failed.items())
    ]
    tables = {
        "documents": validated(BY_NAME["documents"], documents),
        "sentences": analysed.sentences,
        "entities": analysed.entities,
        "claims": claims,
        "minhash_bands": validated(
            BY_NAME["minhash_bands"], [r for d in documents for r in band_rows(d["doc_id"], d["text"])]
        ),
    }
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
    return Warehouse(warehouse).write_batch(batch_id, tables)


@task(name="load-duckdb", cache_policy=NO_CACHE, **RETRIES)
def load_duckdb(
    warehouse: str,
    files: dict[str, Path] | None,
    sources: Whole[list[dict]],
    rejects: Whole[list[Reject]],
    run_id: str,
    names: Whole[list[str]],
) -> Loaded:
    """Load the batch's Parquet files, sources and rejects into DuckDB in one transaction; rejects under the
    `names` the batch's inputs were read by are cleared first; the batch's claims are put in series."""
    at = now()
    reject_rows = validated(
        REJECTS,
        [
            {"source": r.source, "reason": r.reason, "detail": r.detail, "run_id": run_id, "at": at}
            for r in rejects.value
        ],
    )
    source_rows = validated(SOURCES, [{**s, "run_id": run_id} for s in sources.value])
    return Warehouse(warehouse).load_batch(files, source_rows, reject_rows, names.value)


@task(name="check", cache_policy=NO_CACHE)
def check(warehouse: str) -> Checked:
    """Row counts; Parquet files brought in step with the database; fails when a row lost its document."""
    checked = Warehouse(warehouse).check()
    if checked.problems:
        raise RuntimeError("warehouse check failed: " + "; ".join(checked.problems))
    return checked
