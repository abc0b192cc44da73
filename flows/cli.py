"""The `newstally` command line: a few lines per command over the flow and the `Warehouse` API."""

from __future__ import annotations

import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

try:
    from flows.settings import SETTINGS
except ValueError as _err:  # a bad NEWSTALLY_* variable: say which, before anything starts
    print(f"newstally: error: {_err}", file=sys.stderr)
    sys.exit(2)


class OneLineErrors(TyperGroup):
    """The command group, whose usage errors (an unknown option, a value not among the choices) are one line with
    exit code 2, as every other error of newstally is."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError  # typer's own click

        try:
            done = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except NoArgsIsHelpError as err:  # `newstally` alone: its help
            typer.echo(err.format_message())
            done = 0
        except UsageError as err:
            where = err.ctx.command_path if err.ctx is not None else "newstally"
            typer.echo(f"newstally: error: {_one_line(err.format_message())} (see {where} --help)", err=True)
            done = 2
        except ClickException as err:
            typer.echo(f"newstally: error: {_one_line(err.format_message())}", err=True)
            done = err.exit_code
        except typer.Abort:
            typer.echo("newstally: stopped", err=True)
            done = 1
        if not standalone_mode:
            return done
        sys.exit(done if isinstance(done, int) else 0)


EXIT_CODES = "Exit codes: 0 done, 1 a run failed, 2 a usage or input error, 3 the warehouse is busy with another run."
app = typer.Typer(
    cls=OneLineErrors,
    help="Turn news text into a DuckDB warehouse of documents, entities and numeric claims.",
    epilog=f"{EXIT_CODES} Example: newstally run seeds/ && newstally series --min-reports 2",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _show_version(shown: bool) -> None:
    if shown:
        from warehouse.api import newstally_version

        typer.echo(f"newstally {newstally_version()}")
        raise typer.Exit()


# Prefect's log level at each verbosity: its per-task lines would break the progress bar, so by default only
# what went wrong is shown.
LOG_LEVELS = {-1: "ERROR", 0: "WARNING", 1: "INFO"}
VERBOSITY = {"level": 0}


@app.callback()
def _options(
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show Prefect's log of every task, and tracebacks.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
) -> None:
    """Turn news text into a DuckDB warehouse of documents, entities and numeric claims."""
    VERBOSITY["level"] = 1 if verbose else -1 if quiet else 0


def _console_logs_at_verbosity() -> None:
    """Prefect's terminal log at the chosen verbosity (before Prefect is imported); what it sends to its server,
    for the UI, stays whole."""
    import os

    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", LOG_LEVELS[VERBOSITY["level"]])


def _tracebacks_only_when_verbose() -> None:
    """At the default verbosity a failure in the log is its one line, not its traceback (-v shows it); what
    Prefect sends its server, for the UI, keeps the traceback. Called once Prefect has set up its logging."""
    import logging

    if VERBOSITY["level"] >= 1:
        return

    class NoTraceback(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            record.exc_info, record.exc_text, record.stack_info = None, None, None
            return True

    for handler in logging.getLogger().handlers:  # the terminal's: Prefect's API handler sits on its own loggers
        handler.addFilter(NoTraceback())


def say(text: str) -> None:
    """Print what a command found, unless --quiet."""
    if VERBOSITY["level"] >= 0:
        typer.echo(text)


WarehouseOpt = Annotated[Path, typer.Option("--warehouse", "-w", help="Warehouse folder (NEWSTALLY_WAREHOUSE).")]


class TableFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class ExportFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"
    json = "json"


class Runner(StrEnum):
    default = "default"
    dask = "dask"


CategoryOpt = Annotated[
    str | None, typer.Option(metavar="CATEGORY", help="Only this event type: KILL, WOUND, DISPLACED, ...")
]
CountryOpt = Annotated[str | None, typer.Option(metavar="CC", help="Only this country (ISO 3166-1 alpha-2, e.g. SY).")]
FormatOpt = Annotated[TableFormat, typer.Option("--format", "-f", help="How rows are printed.")]
WideOpt = Annotated[bool, typer.Option("--wide", help="Show long text whole (a table is cut to the terminal's width).")]


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"newstally: error: {message}", err=True)
    raise typer.Exit(code)


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())


@app.command(epilog="Example: newstally run seeds/ ../shared/corpus/bbc.jsonl.gz --warehouse warehouse --processes 2")
def run(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="SOURCE",
            help="Files (text, JSON, JSON lines, web pages, feeds, web archives), folders, or URLs of pages and "
            "feeds; default seeds/.",
        ),
    ] = None,
    warehouse: WarehouseOpt = Path(SETTINGS.warehouse),
    model: Annotated[
        str, typer.Option(metavar="NAME", help="spaCy model package or path (NEWSTALLY_MODEL).")
    ] = SETTINGS.model,
    batch_size: Annotated[
        int, typer.Option(min=1, help="Documents per batch (NEWSTALLY_BATCH_SIZE).")
    ] = SETTINGS.batch_size,
    full_refresh: Annotated[bool, typer.Option("--full-refresh", help="Analyse every document again.")] = False,
    progress: Annotated[
        bool | None, typer.Option("--progress/--no-progress", help="Progress bar (default: on a terminal).")
    ] = None,
    wait: Annotated[
        float, typer.Option(metavar="SECONDS", help="Seconds to wait for another run on this warehouse to finish.")
    ] = 0.0,
    processes: Annotated[
        int,
        typer.Option(
            min=1, help="worker processes, each with its own copy of the model; 2 on 2 cores (NEWSTALLY_PROCESSES)."
        ),
    ] = SETTINGS.processes,
    runner: Annotated[Runner, typer.Option(help="Task runner: Prefect's default, or Dask.")] = Runner.default,
    dask_address: Annotated[
        str | None, typer.Option(metavar="tcp://HOST:PORT", help="Use this Dask cluster (implies --runner dask).")
    ] = None,
) -> None:
    """Analyse articles into the warehouse, skipping those already analysed."""
    from flows.pipeline_version import ModelError
    from flows.preflight import unchanged_run, validated_parameters
    from flows.sources import SourceError
    from warehouse import SchemaError, Warehouse, WarehouseBusy, WarehouseDamaged
    from warehouse.connection import HOLDER_WAIT_SECONDS
    from warehouse.report import run_summary

    names = list(sources or ["seeds"])
    wh = Warehouse(warehouse, wait_seconds=max(wait, HOLDER_WAIT_SECONDS))
    try:  # what can be settled before Prefect starts
        version = validated_parameters(names, model, batch_size)
        wh.migrate()
        unchanged = (
            None if full_refresh else unchanged_run(names, str(warehouse), version, batch_size, SETTINGS.max_bytes)
        )
    except (SourceError, ModelError, SchemaError, WarehouseDamaged, ValueError) as err:
        fail(str(err))
    except WarehouseBusy as err:
        fail(str(err), code=3)
    if unchanged is not None:
        say(run_summary(wh, unchanged.summary()))
        return
    _console_logs_at_verbosity()
    from flows.orphans import watch_this_process
    from flows.pipeline import flow_with_runner, run_report_path

    _tracebacks_only_when_verbose()

    watch_this_process()  # Prefect's temporary server and the workers end with this process, however it ends

    flow = flow_with_runner("dask" if dask_address else runner.value, dask_address)
    try:
        result = flow(
            sources=names,
            warehouse=str(warehouse),
            model=model,
            batch_size=batch_size,
            max_bytes=SETTINGS.max_bytes,
            full_refresh=full_refresh,
            show_progress=sys.stderr.isatty() if progress is None else progress,
            wait_seconds=wait,
            processes=processes,
        )
    except ModelError as err:
        fail(str(err))
    except WarehouseBusy as err:
        fail(f"{err}; try again later or pass --wait SECONDS", code=3)
    except Exception as err:  # the flow run failed; Prefect has logged it (with its traceback under -v)
        fail(f"run failed: {type(err).__name__}: {err} (newstally retry runs it again; -v shows the details)", code=1)
    say(run_summary(wh, result))
    page = run_report_path(wh, result["run_id"])
    if page.exists():
        say(f"report of this run: {page.resolve().as_uri()}")
    say(next_steps(warehouse))


def next_steps(warehouse: Path) -> str:
    """What to try after a run."""
    w = "" if warehouse == Path(SETTINGS.warehouse) else f" -w {warehouse}"
    return (
        f"next: newstally series --min-reports 2{w}   (figures reported by several articles, each counted once)\n"
        f"      newstally report{w}   (one HTML page of the whole warehouse)"
    )


@app.command(
    epilog='Example: PREFECT_API_URL=http://127.0.0.1:4200/api newstally serve https://example.org/feed.xml --cron "*/15 * * * *"'
)
def serve(
    sources: Annotated[
        list[str],
        typer.Argument(metavar="SOURCE", help="Files, folders or URLs (pages, feeds) to analyse on every run."),
    ],
    cron: Annotated[str, typer.Option(metavar="CRON", help="When to run, as a cron expression.")] = "*/15 * * * *",
    warehouse: WarehouseOpt = Path(SETTINGS.warehouse),
    name: Annotated[str, typer.Option(metavar="NAME", help="The deployment's name.")] = "scheduled",
    model: Annotated[
        str, typer.Option(metavar="NAME", help="spaCy model package or path (NEWSTALLY_MODEL).")
    ] = SETTINGS.model,
) -> None:
    """Serve the flow as a Prefect deployment that runs on a schedule, until stopped (Ctrl-C or SIGTERM)."""
    import os

    from flows.sources import SourceError, input_files, is_url

    try:
        input_files(sources)
    except SourceError as err:
        fail(str(err))
    from flows.pipeline import newstally

    if not os.environ.get("PREFECT_API_URL"):
        typer.echo(
            "newstally: PREFECT_API_URL is not set: serving on a temporary server that nothing else can reach "
            "(start one with `make server`)",
            err=True,
        )
    resolved = [s if is_url(s) else str(Path(s).resolve()) for s in sources]
    parameters = {"sources": resolved, "warehouse": str(warehouse.resolve()), "model": model}
    try:
        newstally.serve(name=name, cron=cron, parameters=parameters)
    except KeyboardInterrupt:
        pass
    typer.echo(f"newstally: stopped serving newstally/{name}")


@app.command(epilog="Example: newstally retry --warehouse warehouse")
def retry(
    run_id: Annotated[
        str | None,
        typer.Argument(metavar="RUN_ID", help="The run to retry; default: the newest run that did not complete."),
    ] = None,
    warehouse: WarehouseOpt = Path(SETTINGS.warehouse),
) -> None:
    """Run a failed run again under its own id: finished batches come from the cache, failed ones run again."""
    from warehouse import NoWarehouse, Warehouse
    from warehouse.report import as_text

    wh = Warehouse(warehouse)
    try:
        run_id = run_id or wh.last_unfinished_run()
        if run_id is None:
            fail(f"{warehouse}: every run completed; there is nothing to retry")
        if wh.run(run_id) is None:
            fail(f"{warehouse}: no run {run_id} (`newstally runs` lists them)")
    except NoWarehouse as err:
        fail(str(err))
    _console_logs_at_verbosity()
    from flows.retry import RetryError, retry_run

    _tracebacks_only_when_verbose()

    try:
        state = retry_run(run_id)
    except RetryError as err:
        fail(str(err))
    typer.echo(f"run {run_id}: {state.name}")
    typer.echo(
        as_text(
            wh.query(
                "SELECT status, documents_new AS new, documents_skipped AS skipped, documents_rejected "
                "AS rejected, claims FROM runs WHERE run_id = ?",
                [run_id],
            )
        )
    )
    if not state.is_completed():
        raise typer.Exit(1)


def _named_files(specs: list[str]) -> dict[str, Path]:
    files = {}
    for spec in specs:
        name, sep, path = spec.partition("=")
        if not sep or not name.isidentifier() or not Path(path).is_file():
            fail(
                f"--attach {spec!r}: write it as NAME=PATH, with NAME a table name and PATH an existing CSV, JSON "
                "or Parquet file"
            )
        files[name] = Path(path)
    return files


def _query_text(query: str | None, file: Path | None) -> str:
    """The SQL to run: the argument, or `-` for standard input, or the text of --file."""
    if file is not None:
        if query is not None:
            fail("give the query as an argument or with --file, not both")
        try:
            return file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            fail(f"--file {file}: {getattr(err, 'strerror', None) or err}")
    if query is None:
        fail('no query: give one (newstally sql "select ..."), or - to read it from standard input, or --file FILE')
    return sys.stdin.read() if query == "-" else query


@app.command(
    epilog='Example: newstally sql "select value, category, object from claims order by value desc" '
    "(or --file tolls.sql, or - to read standard input)"
)
def sql(
    query: Annotated[
        str | None,
        typer.Argument(
            metavar="SQL",
            help="SQL that reads the warehouse's tables and views (several statements run in order; the last one's "
            "rows are shown); - reads it from standard input.",
        ),
    ] = None,
    warehouse: WarehouseOpt = Path(SETTINGS.warehouse),
    format: FormatOpt = TableFormat.table,
    file: Annotated[Path | None, typer.Option("--file", metavar="FILE", help="Read the SQL from this file.")] = None,
    attach: Annotated[
        list[str] | None,
        typer.Option(
            "--attach",
            metavar="NAME=PATH",
            help="NAME=PATH: also read this CSV, JSON or Parquet file, as table NAME (repeatable).",
        ),
    ] = None,
    wide: WideOpt = False,
) -> None:
    """Run read-only SQL on the warehouse and print the result."""
    import duckdb

    from warehouse import NoWarehouse, SchemaError, Warehouse, WarehouseBusy, WarehouseDamaged
    from warehouse.report import formatted, terminal_width

    text = _query_text(query, file)
    files = _named_files(attach or [])
    try:
        rows = Warehouse(warehouse).query(text, files=files)
    except (NoWarehouse, SchemaError, WarehouseDamaged, WarehouseBusy) as err:
        fail(str(err))
    except duckdb.PermissionException as err:
        fail(
            f"refused: {_one_line(err)} (newstally sql reads the warehouse only; name other files with "
            "--attach NAME=PATH)"
        )
    except duckdb.ParserException as err:  # DuckDB's own lines, with the caret under the place it stopped
        fail(str(err).strip())
    except duckdb.Error as err:
        message = _one_line(err)
        if "read-only mode" in message or "configuration has been locked" in message:
            message = f"refused: {message} (newstally sql cannot change the warehouse)"
        fail(message)
    typer.echo(formatted(rows, format.value, None if wide else terminal_width()))


@app.command(
    name="series",
    epilog="Examples: newstally series --category KILL --min-reports 2; newstally series 3f9a2c (one series' reports)",
)
def series_command(
    series_id: Annotated[
        str | None,
        typer.Argument(
            metavar="SERIES_ID", help="Show this series' reports over time (the start of its id is enough)."
        ),
    ] = None,
    warehouse: WarehouseOpt = Path(SETTINGS.warehouse),
    category: CategoryOpt = None,
    country: CountryOpt = None,
    min_reports: Annotated[int, typer.Option(min=1, help="Only series with at least this many reports.")] = 1,
    limit: Annotated[int, typer.Option(min=1, help="How many series.")] = 20,
    format: FormatOpt = TableFormat.table,
    wide: WideOpt = False,
) -> None:
    """List figure series (one quantity about one event, across articles), or show one series' timeline.

    Count a death toll once: sum a series' latest or conservative value, not every article's restatement."""
    from warehouse import NoWarehouse, SchemaError, Warehouse, WarehouseBusy, WarehouseDamaged
    from warehouse.report import formatted, terminal_width

    width = None if wide else terminal_width()
    wh = Warehouse(warehouse)
    try:
        if series_id is None:
            typer.echo(formatted(wh.series(category, country, min_reports, limit), format.value, width))
            return
        found = wh.series_ids(series_id)
        if len(found) != 1:
            fail(
                f"{warehouse}: no series {series_id!r} (`newstally series` lists them)"
                if not found
                else f"{series_id!r} is the start of more than one series id: give more of it"
            )
        typer.echo(formatted(wh.series_timeline(found[0]), format.value, width))
    except (NoWarehouse, SchemaError, WarehouseDamaged, WarehouseBusy) as err:
        fail(str(err))


@app.command(
    epilog="Example: newstally export --table figures --format csv --where \"category = 'KILL'\" --out kills.csv"
)
def export(
    table: Annotated[
        str,
        typer.Option("--table", "-t", metavar="TABLE", help="figures, series, series_timeline, claims, documents..."),
    ],
    warehouse: WarehouseOpt = Path(SETTINGS.warehouse),
    format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="json writes JSON Lines, one row a line.")
    ] = ExportFormat.csv,
    where: Annotated[
        str | None, typer.Option(metavar="CONDITION", help="A SQL condition on the table's columns.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="The file to write; default: standard output (not for parquet).")
    ] = None,
) -> None:
    """Write a table or view of the warehouse as CSV, Parquet or JSON Lines, for a spreadsheet, pandas or a notebook.

    Reads as `newstally sql` does: the condition cannot change the warehouse."""
    import sys

    import duckdb

    from warehouse import NoWarehouse, SchemaError, Warehouse, WarehouseBusy, WarehouseDamaged

    format = format.value
    if out is None and format == "parquet":
        fail("--format parquet needs --out FILE: Parquet is not for a terminal")
    wh = Warehouse(warehouse)
    try:
        if out is None:
            wh.export(table, sys.stdout.buffer, format, where)
            return
        partial = out.with_name(out.name + ".partial")
        with open(partial, "wb") as f:
            rows = wh.export(table, f, format, where)
        partial.replace(out)  # a failed export leaves no half-written file under the name asked for
        typer.echo(f"{rows} rows of {table} written to {out}", err=True)
    except ValueError as err:
        fail(str(err))
    except (NoWarehouse, SchemaError, WarehouseDamaged, WarehouseBusy) as err:
        fail(str(err))
    except duckdb.Error as err:
        fail(f"--where {where!r}: {_one_line(err)}")
    finally:
        if out is not None:
            out.with_name(out.name + ".partial").unlink(missing_ok=True)


@app.command(
    epilog="Example: newstally report --warehouse warehouse --out report.html --category KILL --since 2024-01-01"
)
def report(
    warehouse: WarehouseOpt = Path(SETTINGS.warehouse),
    out: Annotated[
        Path | None, typer.Option(help="The HTML file to write; default: report.html in the warehouse.")
    ] = None,
    category: CategoryOpt = None,
    country: CountryOpt = None,
    since: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="Only documents published on or after this day."),
    ] = None,
    series: Annotated[
        int, typer.Option(min=0, help="How many series to chart, those with the most reports first.")
    ] = 12,
) -> None:
    """Write the warehouse's report: one HTML page that opens offline in any browser.

    Figures by event type and country, the series with the most reports charted over time, the largest figures
    with their sentences, and what could not be read; for the whole warehouse, or a category, country or period."""
    from warehouse import NoWarehouse, SchemaError, Warehouse, WarehouseBusy, WarehouseDamaged
    from warehouse.html_report import write_report
    from warehouse.report_data import Scope

    if country is not None and not (len(country) == 2 and country.isalpha()):
        fail(f"--country takes a two-letter ISO 3166-1 code such as SY, not {country!r}")
    wh = Warehouse(warehouse)
    target = out if out is not None else wh.folder / "report.html"
    try:
        scope = Scope(category, country, since.date() if since else None)
        written = write_report(wh, target, scope, top=series)
    except (NoWarehouse, SchemaError, WarehouseDamaged, WarehouseBusy) as err:
        fail(str(err))
    except OSError as err:
        fail(f"{target}: cannot write the report: {err.strerror or err}")
    typer.echo(f"report written to {written}: open {written.resolve().as_uri()} in a browser", err=True)


@app.command(epilog="Example: newstally runs --limit 5")
def runs(
    warehouse: WarehouseOpt = Path(SETTINGS.warehouse),
    limit: Annotated[int, typer.Option(min=1, help="How many runs, newest first.")] = 10,
) -> None:
    """List recent runs with their counts and status."""
    from warehouse import NoWarehouse, SchemaError, Warehouse, WarehouseBusy, WarehouseDamaged
    from warehouse.report import as_text

    try:
        typer.echo(as_text(Warehouse(warehouse).runs(limit)))
    except (NoWarehouse, SchemaError, WarehouseDamaged, WarehouseBusy) as err:
        fail(str(err))


@app.command(epilog="Example: newstally check --warehouse warehouse")
def check(
    warehouse: WarehouseOpt = Path(SETTINGS.warehouse),
    repair: Annotated[
        bool, typer.Option("--repair/--no-repair", help="Rewrite missing or stale Parquet files from the database.")
    ] = True,
) -> None:
    """Check the database and its Parquet copy: rows without their document, missing or stale Parquet files."""
    from warehouse import NoWarehouse, SchemaError, Warehouse, WarehouseBusy, WarehouseDamaged
    from warehouse.locks import run_lock

    wh = Warehouse(warehouse)
    if not wh.exists():
        fail(f"{wh.db_path}: no warehouse here yet (run `newstally run` first)")
    try:
        with run_lock(warehouse):
            checked = wh.check(repair=repair)
    except (NoWarehouse, SchemaError, WarehouseDamaged, WarehouseBusy) as err:
        fail(str(err))
    for line in checked.repaired:
        typer.echo(f"repaired: {line}")
    for line in checked.problems:
        typer.echo(f"problem: {line}")
    typer.echo(", ".join(f"{n} {t}" for t, n in checked.counts.items()))
    if checked.problems:
        raise typer.Exit(1)


@app.command(epilog="Example: newstally rebuild --warehouse warehouse")
def rebuild(warehouse: WarehouseOpt = Path(SETTINGS.warehouse)) -> None:
    """Recreate a lost or damaged database from the warehouse's Parquet files (a database that opens is left alone)."""
    from warehouse import Warehouse, WarehouseBusy, WarehouseDamaged
    from warehouse.locks import run_lock

    try:
        with run_lock(warehouse):
            counts = Warehouse(warehouse).rebuild()
    except (WarehouseDamaged, WarehouseBusy) as err:
        fail(str(err))
    typer.echo("rebuilt: " + ", ".join(f"{n} {t}" for t, n in counts.items()))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
