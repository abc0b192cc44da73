"""The `newstally` Prefect flow: discover → read → normalize → select-new → analyse → extract → write Parquet → load DuckDB → check."""

from __future__ import annotations

from collections import deque
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.runtime import flow_run

from flows import progress
from flows.batches import Options, PendingBatch, finish, prepare, window
from flows.fetch import Fetched
from flows.memory import batches_collected, collect_batch_garbage
from flows.preflight import validated_parameters
from flows.results import remove_expired_results
from flows.run_record import RunRecord, now
from flows.settings import SETTINGS
from flows.sources import is_url
from flows.tasks import CACHE_EXPIRATION, Whole, check, discover, fetch, load_duckdb
from transforms.text import content_id
from warehouse import Warehouse
from warehouse.html_report import write_report
from warehouse.locks import run_lock
from warehouse.report import run_counts, run_figures_markdown
from warehouse.report_data import Scope

# The series a run's own report charts: what it moved most, in a page that takes a second or two to draw.
RUN_REPORT_SERIES = 6


@flow(name="newstally", log_prints=False)
def newstally(
    sources: list[str],
    warehouse: str = SETTINGS.warehouse,
    model: str = SETTINGS.model,
    batch_size: int = SETTINGS.batch_size,
    max_bytes: int = SETTINGS.max_bytes,
    full_refresh: bool = False,
    show_progress: bool = False,
    wait_seconds: float = 0.0,
    processes: int = SETTINGS.processes,
    report: bool = SETTINGS.report,
) -> dict:
    """Analyse news articles into the warehouse; returns the run's summary."""
    logger = get_run_logger()
    version = validated_parameters(sources, model, batch_size)
    run = RunRecord(str(flow_run.id or content_id(now().isoformat())), sources, version)
    options = Options(warehouse, model, version, max_bytes, full_refresh, processes)
    wh = Warehouse(warehouse)
    with run_lock(warehouse, wait_seconds, on_wait=logger.warning):
        for line in wh.migrate():
            logger.info("%s: %s", wh.db_path, line)
        if killed := wh.mark_abandoned_runs():
            logger.warning("%d earlier run(s) ended without finishing; this run completes their work", killed)
        if expired := remove_expired_results(CACHE_EXPIRATION):
            logger.info("removed %d cached task results older than %s", expired, CACHE_EXPIRATION)
        if unused := wh.page_readings().remove_unused(CACHE_EXPIRATION):
            logger.info("removed %d web page readings no run used for %s", unused, CACHE_EXPIRATION)
        wh.save_run(run.row())
        try:
            failures, n_batches = _batches(run, options, batch_size, show_progress, logger)
            with run.timed("check"):
                checked = check(warehouse)
            run.table_counts = checked.counts
            for line in checked.repaired:
                logger.warning("%s", line)
            if failures:
                raise RuntimeError(f"{len(failures)} of {n_batches} batches failed; first: {failures[0]}")
            run.status = "completed"
        except Exception as err:
            run.status, run.message = "failed", f"{type(err).__name__}: {err}"
            raise
        finally:
            run.finished_at = now()
            wh.save_run(run.row())
        _publish(run, wh, report, logger)
    logger.info(
        "%d documents: %d new, %d repeated in the input, %d already analysed, %d rejected; %d claims",
        run.documents_seen,
        run.documents_new,
        run.documents_duplicate,
        run.documents_skipped,
        run.documents_rejected,
        run.claims,
    )
    return run.summary()


def _batches(run: RunRecord, o: Options, batch_size: int, show_progress: bool, logger) -> tuple[list[str], int]:
    """Every batch through the window; the batches that failed, and how many batches there were."""
    fetched = _fetched([s for s in run.sources if is_url(s)], o, run)
    with run.timed("discover"):
        batches = discover(run.sources, batch_size, fetched)
    failures: list[str] = []
    in_flight: deque[PendingBatch] = deque()
    seen: set[str] = set()
    size = window(o.processes)  # batches in flight: enough that no worker waits for the flow

    def failed(where: str, err: Exception) -> None:  # the other batches go on; a retry redoes only this one
        failures.append(f"{where}: {type(err).__name__}: {err}")
        logger.error("batch starting at %s failed: %s", where, err)

    with _progress(show_progress, sum(p.stop - p.first for b in batches for p in b)) as bar, batches_collected():
        settled = [0]  # documents of the batches loaded so far

        def settle(p: PendingBatch) -> None:
            try:
                finish(p, o, run, logger)
            except Exception as err:
                failed(p.batch[0].path, err)
            settled[0] += p.size
            if bar is not None:  # the passes moved it document by document; a loaded batch is done whole
                task = bar.tasks[0]
                bar.update(task.id, completed=max(task.completed, settled[0]))
                _show_rate(bar)

        def settle_oldest() -> None:
            settle(in_flight.popleft())
            collect_batch_garbage()  # the batch is unreachable now, Prefect's cycles around it too

        progress.listen(_moved_by_passes(bar) if bar is not None else None)
        try:
            for batch in batches:
                try:
                    in_flight.append(prepare(batch, o, run, seen))
                except Exception as err:
                    failed(batch[0].path, err)
                while len(in_flight) >= size:
                    settle_oldest()
            while in_flight:
                settle_oldest()
        finally:
            progress.listen(None)
    return failures, len(batches)


def _fetched(urls: list[str], o: Options, run: RunRecord) -> list[Fetched]:
    """The files the run's URLs were fetched into; the URLs that gave none are loaded as rejects at once."""
    if not urls:
        return []
    with run.timed("fetch"):
        report = fetch(urls, o.warehouse, o.max_bytes)
    if report.rejects:
        with run.timed("load-duckdb"):
            names = [r.source for r in report.rejects]
            load_duckdb(o.warehouse, None, Whole([]), Whole(report.rejects), run.run_id, Whole(names))
        run.documents_rejected += len(report.rejects)
    return report.files


def _show_rate(bar) -> None:
    task = bar.tasks[0]
    rate = task.completed / task.elapsed if task.elapsed else 0
    bar.update(task.id, rate=f"{rate:,.1f} documents/s" if rate else "")


def _moved_by_passes(bar):
    """A listener that moves the bar as the analysis passes finish documents (never past its end)."""

    def moved(documents: float) -> None:
        task = bar.tasks[0]
        bar.update(task.id, completed=min(task.total, task.completed + documents))
        _show_rate(bar)

    return moved


def _progress(enabled: bool, total: int):
    from contextlib import nullcontext

    if not enabled:
        return nullcontext(None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(
        TextColumn("analysing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        transient=True,
    )
    progress.add_task("documents", total=total, rate="")
    return progress


def _publish(run: RunRecord, wh: Warehouse, report: bool, logger) -> None:
    """Prefect artifacts of a run: its counts, its largest new figures and top series, and a link to the HTML
    report of what it added. A report that cannot be written is a warning: the run's data are loaded."""
    summary = run.summary()
    create_table_artifact(
        key="newstally-counts", table=[run_counts(summary)], description=f"newstally run {run.run_id}"
    )
    markdown = run_figures_markdown(wh, summary)
    if report and run.documents_new:
        try:
            path = write_report(wh, run_report_path(wh, run.run_id), Scope(run_id=run.run_id), top=RUN_REPORT_SERIES)
        except Exception as err:  # whatever the report meets, the run and its data stand
            logger.warning("the HTML report of this run could not be written: %s", err)
        else:
            uri = path.resolve().as_uri()
            create_link_artifact(
                key="newstally-report", link=uri, link_text=path.name, description="HTML report of this run"
            )
            markdown += f"\n\nHTML report of this run: [{path}]({uri})"
            logger.info("HTML report of this run: %s", path)
    create_markdown_artifact(key="newstally-figures", markdown=markdown, description="largest new figures and series")


def run_report_path(wh: Warehouse, run_id: str) -> Path:
    """Where a run's HTML report is written: `reports/` in the warehouse folder."""
    return wh.folder / "reports" / f"run-{run_id}.html"


def flow_with_runner(runner: str = "default", dask_address: str | None = None):
    """The flow with its task runner: Prefect's default, or Dask (a local cluster, or the one at `dask_address`)."""
    if runner == "default":
        return newstally
    from prefect_dask import DaskTaskRunner

    if dask_address:
        return newstally.with_options(task_runner=DaskTaskRunner(address=dask_address))
    return newstally.with_options(
        task_runner=DaskTaskRunner(
            cluster_class="distributed.LocalCluster",
            cluster_kwargs={"n_workers": SETTINGS.dask_workers, "threads_per_worker": 1, "processes": True},
        )
    )
