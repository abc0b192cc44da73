"""The `newstally` Prefect flow: discover → read → normalize → analyse → extract → write Parquet → load DuckDB → check."""

from __future__ import annotations

import json
from contextlib import nullcontext
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from flows.model import language, pipeline_version
from flows.settings import Settings
from flows.sources import BatchRead, Part, Reject, input_files, parts, read_part
from schemas.tables import BY_NAME, REJECTS, validated
from transforms.analysis import document_records
from transforms.documents import document_record, unique_documents
from transforms.text import analysis_text, content_id
from warehouse import store


def _now() -> datetime:
    return datetime.now(timezone.utc)


@task(name="discover", cache_policy=NO_CACHE)
def discover(sources: list[str], batch_size: int) -> list[list[Part]]:
    """Input files cut into batches of at most `batch_size` documents."""
    return parts(input_files(sources), batch_size)


@task(name="read", cache_policy=NO_CACHE)
def read(batch: list[Part], max_bytes: int) -> BatchRead:
    """Raw articles of a batch, and the inputs that could not be read."""
    out = BatchRead()
    for part in batch:
        got = read_part(part, max_bytes)
        out.articles.extend(got.articles)
        out.rejects.extend(got.rejects)
    return out


@task(name="normalize", cache_policy=NO_CACHE)
def normalize(raw: BatchRead) -> tuple[list[dict], list[Reject]]:
    """Document records (one per distinct text) and the articles with no text left."""
    records, rejects = [], list(raw.rejects)
    for a in raw.articles:
        record = document_record(a.source, a.text, a.title, a.published, a.url, title_in_text=a.has_title_line)
        if record is None:
            rejects.append(Reject(a.source, "empty", "no text after normalization"))
        else:
            records.append(record)
    kept, _duplicates = unique_documents(records)
    return kept, rejects


@task(name="select-new", cache_policy=NO_CACHE)
def select_new(docs: list[dict], warehouse: str, version: str, full_refresh: bool) -> list[dict]:
    """The documents not yet analysed with this pipeline version."""
    if full_refresh or not docs:
        return docs
    with store.opened(warehouse) as con:
        known = store.known_documents(con, [d["doc_id"] for d in docs], version)
    return [d for d in docs if d["doc_id"] not in known]


@task(name="analyse", cache_policy=NO_CACHE)
def analyse(docs: list[dict], model: str) -> list:
    """spaCy Docs of the documents (all-capital lines re-cased for the model)."""
    nlp = language(model)
    return list(nlp.pipe((analysis_text(d["text"]) for d in docs), batch_size=32))


@task(name="extract", cache_policy=NO_CACHE)
def extract(docs: list[dict], parsed: list, version: str, run_id: str) -> dict[str, pa.Table]:
    """Every document table's rows for the batch (documents, sentences, entities, claims), validated."""
    tables: dict[str, list[dict]] = {"documents": [], "sentences": [], "entities": [], "claims": []}
    at = _now()
    for record, spacy_doc in zip(docs, parsed, strict=True):
        rows = document_records(record["doc_id"], record["text"], spacy_doc)
        tables["documents"].append({
            **record, "n_sentences": len(rows["sentences"]), "pipeline_version": version,
            "ingested_at": at, "run_id": run_id,
        })
        for name in ("sentences", "entities", "claims"):
            tables[name].extend(rows[name])
    # Arrow tables, not lists of dicts: Prefect walks list and dict inputs item by item
    return {name: validated(BY_NAME[name], rows) for name, rows in tables.items()}


@task(name="write-parquet", cache_policy=NO_CACHE)
def write_parquet(warehouse: str, batch_id: str, tables: dict[str, pa.Table]) -> dict[str, Path]:
    """One Parquet file per table for this batch."""
    return {name: store.write_parquet(warehouse, name, batch_id, data) for name, data in tables.items()}


@task(name="load-duckdb", cache_policy=NO_CACHE)
def load_duckdb(warehouse: str, files: dict[str, Path], rejects: list[Reject], run_id: str) -> None:
    """Load the batch's Parquet files and rejects into DuckDB in one transaction."""
    at = _now()
    reject_rows = validated(REJECTS, [
        {"source": r.source, "reason": r.reason, "detail": r.detail, "run_id": run_id, "at": at} for r in rejects
    ])
    with store.opened(warehouse) as con:
        store.load_batch(con, files, reject_rows)


@task(name="record-rejects", cache_policy=NO_CACHE)
def record_rejects(warehouse: str, rejects: list[Reject], run_id: str) -> None:
    """Rejects of a batch that had no document to load."""
    at = _now()
    rows = validated(REJECTS, [
        {"source": r.source, "reason": r.reason, "detail": r.detail, "run_id": run_id, "at": at} for r in rejects
    ])
    with store.opened(warehouse) as con:
        con.register("batch_rejects", rows)
        con.execute("INSERT OR REPLACE INTO rejects BY NAME SELECT * FROM batch_rejects")


@task(name="check", cache_policy=NO_CACHE)
def check(warehouse: str) -> dict[str, int]:
    """Row counts of every table; fails when a row has lost its document."""
    with store.opened(warehouse) as con:
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
    model: str = Settings.model,
    batch_size: int = Settings.batch_size,
    max_bytes: int = Settings.max_bytes,
    full_refresh: bool = False,
    show_progress: bool = False,
) -> dict:
    """Analyse news articles into the warehouse; returns the run's summary."""
    logger = get_run_logger()
    run_id = str(flow_run.id or content_id(_now().isoformat()))
    version = pipeline_version(model)
    with store.opened(warehouse) as con:
        store.ensure_schema(con)
    run = {
        "run_id": run_id, "started_at": _now(), "finished_at": None, "status": "running",
        "sources": json.dumps(sources), "pipeline_version": version,
        "documents_seen": 0, "documents_new": 0, "documents_skipped": 0, "documents_rejected": 0,
        "sentences": 0, "entities": 0, "claims": 0, "message": None,
    }
    _save_run(warehouse, run)
    try:
        batches = discover(sources, batch_size)
        total = sum(p.stop - p.first for b in batches for p in b)
        with _progress(show_progress, total) as bar:
            for batch in batches:
                _run_batch(batch, warehouse, model, version, max_bytes, full_refresh, run_id, run)
                if bar is not None:
                    bar.advance(bar.task_ids[0], sum(p.stop - p.first for p in batch))
        run["table_counts"] = check(warehouse)
        run["status"] = "completed"
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


def _run_batch(batch: list[Part], warehouse: str, model: str, version: str, max_bytes: int,
               full_refresh: bool, run_id: str, run: dict) -> None:
    raw = read(batch, max_bytes)
    docs, rejects = normalize(raw)
    new = select_new(docs, warehouse, version, full_refresh)
    run["documents_seen"] += len(raw.articles)
    run["documents_new"] += len(new)
    run["documents_skipped"] += len(raw.articles) - len(new) - (len(rejects) - len(raw.rejects))
    run["documents_rejected"] += len(rejects)
    if new:
        tables = extract(new, analyse(new, model), version, run_id)
        batch_id = content_id(version, *sorted(d["doc_id"] for d in new))
        files = write_parquet(warehouse, batch_id, tables)
        load_duckdb(warehouse, files, rejects, run_id)
        for name in ("sentences", "entities", "claims"):
            run[name] += tables[name].num_rows
    elif rejects:
        record_rejects(warehouse, rejects, run_id)


def _save_run(warehouse: str, run: dict) -> None:
    with store.opened(warehouse) as con:
        store.save_run(con, {k: v for k, v in run.items() if k in BY_NAME["runs"].schema.names})
