"""What the command line settles before Prefect starts: parameters that cannot work, and runs with nothing new.

Kept free of Prefect and spaCy imports, so both answers come in about a second.
"""

from __future__ import annotations

import uuid

from flows.pipeline_version import pipeline_version
from flows.run_record import RunRecord, now
from flows.sources import input_files, is_url, normalized_batch, parts, read_batch
from warehouse import Warehouse, WarehouseBusy
from warehouse.locks import run_lock


def validated_parameters(sources: list[str], model: str, batch_size: int) -> str:
    """Fail early and clearly on parameters that cannot work; returns the pipeline version."""
    if not sources:
        raise ValueError("no sources: name at least one file, folder or URL")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    input_files(sources)  # raises SourceError naming a missing path
    return pipeline_version(model)  # raises ModelError when the model's package or folder is not there


def unchanged_run(
    sources: list[str], warehouse: str, version: str, batch_size: int, max_bytes: int
) -> RunRecord | None:
    """When every input is already in the warehouse (same text, same pipeline version, same source, no reject),
    the run that found so, recorded in `runs`; else None, and the flow does the work.

    It reads and hashes every input, as the flow would, but starts neither Prefect nor spaCy.
    """
    wh = Warehouse(warehouse)
    if not wh.exists() or any(is_url(s) for s in sources):  # what a URL holds now, only fetching tells
        return None
    try:
        with run_lock(warehouse):
            run = RunRecord(str(uuid.uuid4()), sources, version)
            seen: set[str] = set()
            for batch in parts(input_files(sources), batch_size):
                raw = read_batch(batch, max_bytes, wh.page_readings())
                docs, doc_sources, rejects = normalized_batch(raw)
                fresh = [d for d in docs if d["doc_id"] not in seen]
                seen.update(d["doc_id"] for d in fresh)
                if rejects:
                    return None
                known, recorded = wh.already_loaded([d["doc_id"] for d in fresh], version, doc_sources, raw.names)
                if len(known) < len(fresh) or not recorded:
                    return None
                run.documents_seen += len(raw.articles)
                run.documents_duplicate += len(doc_sources) - len(fresh)
                run.documents_skipped += len(fresh)
            wh.mark_abandoned_runs()
            run.status, run.finished_at = "completed", now()
            run.message = "nothing new: every input is already in the warehouse"
            run.table_counts = wh.table_counts()
            wh.save_run(run.row())
            return run
    except WarehouseBusy:  # another run holds the warehouse: the flow waits for it, or says so
        return None
