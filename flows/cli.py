"""The `newstally` command line: a thin layer over the flow and the warehouse."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from flows.settings import Settings

SETTINGS = Settings.from_env()
app = typer.Typer(
    help="Turn news text into a DuckDB warehouse of documents, entities and numeric claims.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

WarehouseOpt = Annotated[Path, typer.Option("--warehouse", "-w", help="Warehouse folder (NEWSTALLY_WAREHOUSE).")]


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"newstally: error: {message}", err=True)
    raise typer.Exit(code)


@app.command(epilog="Example: newstally run seeds/ ../shared/corpus/bbc.jsonl.gz --warehouse warehouse --processes 2")
def run(
    sources: Annotated[list[Path] | None, typer.Argument(help="Files (.txt, .jsonl, .jsonl.gz) or folders; default seeds/.")] = None,
    warehouse: WarehouseOpt = Path(SETTINGS.warehouse),
    model: Annotated[str, typer.Option(help="spaCy model package or path (NEWSTALLY_MODEL).")] = SETTINGS.model,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per batch (NEWSTALLY_BATCH_SIZE).")] = SETTINGS.batch_size,
    full_refresh: Annotated[bool, typer.Option("--full-refresh", help="Analyse every document again.")] = False,
    progress: Annotated[bool | None, typer.Option("--progress/--no-progress", help="Progress bar (default: on a terminal).")] = None,
    wait: Annotated[float, typer.Option(help="Seconds to wait for another run on this warehouse to finish.")] = 0.0,
    processes: Annotated[int, typer.Option(min=1, help="worker processes, each with its own copy of the model; 2 on 2 cores (NEWSTALLY_PROCESSES).")] = SETTINGS.processes,
    runner: Annotated[str, typer.Option(help="Task runner: default (one process) or dask.")] = "default",
    dask_address: Annotated[str | None, typer.Option(help="Use the Dask cluster at tcp://HOST:PORT (implies --runner dask).")] = None,
) -> None:
    """Analyse articles into the warehouse, skipping those already analysed."""
    from flows.model import ModelError
    from flows.pipeline import flow_with_runner
    from flows.sources import SourceError, input_files
    from warehouse.locks import WarehouseBusy
    from warehouse.report import run_summary

    names = [str(s) for s in (sources or [Path("seeds")])]
    try:
        input_files(names)
    except SourceError as err:
        fail(str(err))
    if runner not in ("default", "dask"):
        fail(f"--runner must be default or dask, not {runner!r}")
    flow = flow_with_runner("dask" if dask_address else runner, dask_address)
    try:
        result = flow(
            sources=names, warehouse=str(warehouse), model=model, batch_size=batch_size,
            max_bytes=SETTINGS.max_bytes, full_refresh=full_refresh,
            show_progress=sys.stderr.isatty() if progress is None else progress, wait_seconds=wait,
            processes=processes,
        )
    except ModelError as err:
        fail(str(err))
    except WarehouseBusy as err:
        fail(f"{err}; try again later or pass --wait SECONDS", code=3)
    except Exception as err:  # the flow run failed; Prefect has logged the traceback
        fail(f"run failed: {type(err).__name__}: {err}", code=1)
    typer.echo(run_summary(str(warehouse), result))


@app.command(epilog='Example: PREFECT_API_URL=http://127.0.0.1:4200/api newstally serve seeds --cron "*/15 * * * *"')
def serve(
    sources: Annotated[list[Path], typer.Argument(help="Files or folders to analyse on every run.")],
    cron: Annotated[str, typer.Option(help="When to run, as a cron expression.")] = "*/15 * * * *",
    warehouse: WarehouseOpt = Path(SETTINGS.warehouse),
    name: Annotated[str, typer.Option(help="The deployment's name.")] = "scheduled",
    model: Annotated[str, typer.Option(help="spaCy model package or path (NEWSTALLY_MODEL).")] = SETTINGS.model,
) -> None:
    """Serve the flow as a Prefect deployment that runs on a schedule, until stopped (Ctrl-C or SIGTERM)."""
    import os

    from flows.pipeline import newstally
    from flows.sources import SourceError, input_files

    try:
        input_files([str(s) for s in sources])
    except SourceError as err:
        fail(str(err))
    if not os.environ.get("PREFECT_API_URL"):
        typer.echo("newstally: PREFECT_API_URL is not set: serving on a temporary server that nothing else can reach "
                   "(start one with `make server`)", err=True)
    parameters = {"sources": [str(s.resolve()) for s in sources], "warehouse": str(warehouse.resolve()), "model": model}
    try:
        newstally.serve(name=name, cron=cron, parameters=parameters)
    except KeyboardInterrupt:
        pass
    typer.echo(f"newstally: stopped serving newstally/{name}")


@app.command(epilog="Example: newstally retry --warehouse warehouse")
def retry(
    run_id: Annotated[str | None, typer.Argument(help="The run to retry; default: the newest run that did not complete.")] = None,
    warehouse: WarehouseOpt = Path(SETTINGS.warehouse),
) -> None:
    """Run a failed run again under its own id: finished batches come from the cache, failed ones run again."""
    from flows.retry import RetryError, last_failed_run, retry_run
    from warehouse.report import query_output

    try:
        run_id = run_id or last_failed_run(str(warehouse))
        state = retry_run(run_id)
    except (RetryError, FileNotFoundError) as err:
        fail(str(err))
    typer.echo(f"run {run_id}: {state.name}")
    typer.echo(query_output(str(warehouse), f"SELECT status, documents_new AS new, documents_skipped AS skipped, "
                                            f"documents_rejected AS rejected, claims FROM runs WHERE run_id = '{run_id}'"))
    if not state.is_completed():
        raise typer.Exit(1)


@app.command(epilog="Example: newstally sql \"select value, qualifier, category, object from claims order by value desc\"")
def sql(
    query: Annotated[str, typer.Argument(help="A SQL query; the warehouse is opened read-only.")],
    warehouse: WarehouseOpt = Path(SETTINGS.warehouse),
    format: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
) -> None:
    """Run a read-only SQL query on the warehouse and print the result."""
    from warehouse.report import query_output

    if format not in ("table", "csv", "json"):
        fail(f"--format must be table, csv or json, not {format!r}")
    try:
        typer.echo(query_output(str(warehouse), query, format))
    except FileNotFoundError as err:
        fail(str(err))
    except Exception as err:  # duckdb reports bad SQL as its own error types
        fail(" ".join(str(err).split()), code=1)


@app.command(epilog="Example: newstally runs --limit 5")
def runs(
    warehouse: WarehouseOpt = Path(SETTINGS.warehouse),
    limit: Annotated[int, typer.Option(min=1, help="How many runs, newest first.")] = 10,
) -> None:
    """List recent runs with their counts and status."""
    from warehouse.report import query_output

    try:
        typer.echo(query_output(
            str(warehouse),
            "SELECT run_id, status, started_at, finished_at - started_at AS took, documents_seen AS seen, "
            "documents_new AS new, documents_skipped AS skipped, documents_rejected AS rejected, claims, message "
            f"FROM runs ORDER BY started_at DESC LIMIT {int(limit)}",
            "table",
        ))
    except FileNotFoundError as err:
        fail(str(err))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
