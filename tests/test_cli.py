"""The command line, run as a user runs it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import SEED, cli_env, in_a_terminal

NEWSTALLY = [sys.executable, "-m", "flows.cli"]


def test_missing_source_exits_2_with_one_line(tmp_path):
    done = subprocess.run(
        [*NEWSTALLY, "run", str(tmp_path / "nope"), "--warehouse", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"newstally: error: {tmp_path / 'nope'}: no such file or folder"]


@pytest.mark.parametrize("command", ["run", "sql", "runs", "retry", "serve", "check", "rebuild", "export", "report"])
def test_every_help_ends_with_an_example(command):
    out = CliRunner().invoke(app, [command, "--help"], terminal_width=200).output
    last = out.rstrip().splitlines()[-1].strip()
    assert last.startswith("Example: ") and f"newstally {command}" in last


def test_version():
    out = CliRunner().invoke(app, ["--version"])
    assert out.exit_code == 0 and re.fullmatch(r"newstally \S+\n", out.output)


@pytest.fixture(scope="module")
def warehouse(prefect_server, tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    shutil.copy(SEED, src)
    wh = tmp_path_factory.mktemp("wh")
    result = CliRunner().invoke(app, ["run", str(src), "--warehouse", str(wh), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "1 analysed" in result.output and "largest new figures" in result.output
    return wh


def test_sql_formats(warehouse):
    runner = CliRunner()
    q = "select value, qualifier, category, object from claims order by value desc limit 2"
    table = runner.invoke(app, ["sql", q, "--warehouse", str(warehouse)]).output
    assert table.splitlines()[2].split()[:3] == ["960,000", "approx", "DISPLACED"]  # numbers for people
    csv = runner.invoke(app, ["sql", q, "-w", str(warehouse), "--format", "csv"]).output
    assert csv.splitlines()[0] == "value,qualifier,category,object"
    rows = json.loads(runner.invoke(app, ["sql", q, "-w", str(warehouse), "-f", "json"]).output)
    assert rows[0] == {"value": 960000.0, "qualifier": "approx", "category": "DISPLACED", "object": "people"}


def test_sql_is_read_only(warehouse):
    result = CliRunner().invoke(app, ["sql", "delete from claims", "-w", str(warehouse)])
    assert result.exit_code == 2 and "refused" in result.output and "read-only" in result.output.lower()
    out = (
        CliRunner().invoke(app, ["sql", "select count(*) as n from claims", "-w", str(warehouse), "-f", "json"]).output
    )
    assert json.loads(out)[0]["n"] > 10


def test_runs_lists_the_run(warehouse):
    out = CliRunner().invoke(app, ["runs", "-w", str(warehouse)]).output
    assert "completed" in out.splitlines()[2]


def test_sql_runs_several_statements_and_reads_sql_from_a_file_or_standard_input(warehouse, tmp_path):
    runner = CliRunner()
    several = "CREATE TEMP VIEW big AS SELECT * FROM claims WHERE value > 1000; SELECT count(*) AS n FROM big"
    out = runner.invoke(app, ["sql", several, "-w", str(warehouse), "-f", "csv"])
    assert out.exit_code == 0 and out.output.split() == ["n", "6"], out.output  # the seed's figures over 1,000
    query = tmp_path / "q.sql"
    query.write_text("-- the largest figure\nSELECT max(value) AS top FROM claims;\n")
    out = runner.invoke(app, ["sql", "--file", str(query), "-w", str(warehouse), "-f", "json"])
    assert json.loads(out.output) == [{"top": 960000.0}]
    out = runner.invoke(app, ["sql", "-", "-w", str(warehouse), "-f", "csv"], input="SELECT 6 * 7 AS answer")
    assert out.output.split() == ["answer", "42"]
    out = runner.invoke(app, ["sql", "-w", str(warehouse)])
    assert out.exit_code == 2 and "no query" in out.output


def test_sql_errors_exit_2_and_a_syntax_error_keeps_its_caret(warehouse):
    done = subprocess.run(
        [*NEWSTALLY, "sql", "SELEC value FROM claims", "-w", str(warehouse)], capture_output=True, text=True
    )
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.rstrip().splitlines()
    assert lines[0].startswith("newstally: error: Parser Error: syntax error at or near") and set(
        lines[-1].strip()
    ) == {"^"}


def test_tables_cut_long_text_to_the_width_never_figures():
    import pandas as pd

    from warehouse.report import as_text

    frame = pd.DataFrame(
        {"sentence": ["Floods killed 31 people and forced 12,000 from their homes. " * 3], "value": [12000.0]}
    )
    cut = as_text(frame, 60).splitlines()
    assert max(len(line) for line in cut) <= 60 and cut[2].endswith("12,000") and "…" in cut[2]
    assert "officials" not in cut[2] and len(as_text(frame).splitlines()[2]) > 180  # whole without a width


def test_run_figures_markdown_lists_the_largest_new_figures(warehouse):
    from warehouse import Warehouse
    from warehouse.report import run_figures_markdown

    wh = Warehouse(warehouse)
    run = wh.query("SELECT * FROM runs").iloc[0].to_dict()
    text = run_figures_markdown(wh, run)
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| value")]
    assert rows[0].startswith("| 960,000 | ") and "around 960,000" in rows[0] and "idlib-ceasefire.txt" in rows[0]


def test_a_lost_database_stops_the_run_before_prefect_starts_and_rebuild_restores_it(tmp_path):
    from tests.conftest import load_fake_batch
    from warehouse import Warehouse, parquet

    wh = Warehouse(tmp_path / "wh")
    load_fake_batch(wh, ["a", "b", "c"], "batch1")
    wh.check()
    wh.db_path.unlink()
    done = subprocess.run(
        [*NEWSTALLY, "run", str(SEED), "-w", str(wh.folder)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2 and "Prefect" not in done.stdout + done.stderr
    assert done.stderr.strip().splitlines() == [
        f"newstally: error: {wh.db_path} is missing but 1 batches are in {wh.folder / 'parquet'}: run `newstally rebuild` "
        "to recreate the database from them"
    ]
    assert len(parquet.batch_files(wh.folder, "claims")) == 1
    rebuilt = subprocess.run([*NEWSTALLY, "rebuild", "-w", str(wh.folder)], capture_output=True, text=True, timeout=120)
    assert rebuilt.returncode == 0 and "3 documents" in rebuilt.stdout
    assert wh.rows("SELECT count(*) FROM claims") == [(6,)]


def test_runs_on_a_truncated_database_says_so_in_one_line(tmp_path):
    from tests.conftest import load_fake_batch
    from warehouse import Warehouse

    wh = Warehouse(tmp_path / "wh")
    load_fake_batch(wh, [f"d{i}" for i in range(200)], "batch1")
    data = wh.db_path.read_bytes()
    wh.db_path.write_bytes(data[: len(data) // 10])
    done = subprocess.run([*NEWSTALLY, "runs", "-w", str(wh.folder)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and "newstally rebuild" in done.stderr


def test_an_unchanged_run_is_settled_without_starting_prefect(warehouse, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SEED, src)
    shutil.copy(SEED, src / "again.txt")  # the same text under another name: a new source to record, so the flow runs
    env = cli_env(tmp_path / "prefect", session_server=True)
    first = subprocess.run(
        [*NEWSTALLY, "run", str(src), "-w", str(warehouse), "--no-progress"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert first.returncode == 0, first.stderr
    again = subprocess.run(
        [*NEWSTALLY, "run", str(src), "-w", str(warehouse), "--no-progress"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**env, "PREFECT_API_URL": "http://127.0.0.1:9/api"},  # a server that is not there: never asked
    )
    assert again.returncode == 0, again.stderr
    assert "0 analysed, 1 repeated in the input, 1 already in the warehouse" in again.stdout
    assert "Prefect" not in again.stderr and "temporary server" not in again.stderr
    runs = json.loads(
        CliRunner()
        .invoke(
            app,
            ["sql", "select message from runs order by started_at desc limit 1", "-w", str(warehouse), "-f", "json"],
        )
        .output
    )
    assert runs == [{"message": "nothing new: every input is already in the warehouse"}]


def test_a_bad_setting_stops_every_command_with_one_line_naming_it(tmp_path):

    env = {**os.environ, "NEWSTALLY_BATCH_SIZE": "lots"}
    done = subprocess.run(
        [*NEWSTALLY, "runs", "-w", str(tmp_path)], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "newstally: error: NEWSTALLY_BATCH_SIZE='lots': Input should be a valid integer, unable to parse string as an integer"
    ]


def test_a_run_in_a_terminal_shows_a_bar_no_log_lines_a_summary_and_what_to_do_next(seed_project):
    code, out = seed_project.code, seed_project.output
    assert code == 0, out[-2000:]
    assert "analysing" in out and "7/7" in out and "documents/s" in out  # the bar, to its end, with its rate
    assert re.search(r"(?<!\d)[1-6]/7(?!\d)", out)  # moved document by document, not once for the batch
    assert "| INFO" not in out and "Traceback" not in out  # Prefect's task lines are not in the bar's way
    assert "7 analysed" in out and "largest new figures" in out and "next: newstally series" in out
    code, out = in_a_terminal(["-q", "run", "seeds", "docs/quake-reports.jsonl"], seed_project.env, seed_project.work)
    assert code == 0 and out.strip() == ""  # nothing new, and --quiet: nothing said


@pytest.mark.parametrize(
    "args, says",
    [
        (["run", "seeds", "--runner", "ray"], "'ray' is not one of 'default', 'dask'"),
        (["sql", "select 1", "--bogus"], "No such option: --bogus"),
        (["series", "-f", "xml"], "'xml' is not one of 'table', 'csv', 'json'"),
        (["nope"], "No such command 'nope'"),
    ],
)
def test_a_usage_error_is_one_line_with_exit_code_2(args, says):
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 2 and says in done.output and len(done.output.strip().splitlines()) == 1
    assert done.output.startswith("newstally: error: ") and "--help)" in done.output


@pytest.mark.parametrize(
    "args, says",
    [
        (["run", "seeds", "--model", "en_core_web_nope"], "spaCy model 'en_core_web_nope' cannot be loaded"),
        (["retry", "1234"], "no run 1234"),
        (["retry"], "nothing to retry"),
    ],
)
def test_a_user_error_is_one_line_and_exit_2_before_any_server_starts(warehouse, args, says):
    done = subprocess.run([*NEWSTALLY, *args, "-w", str(warehouse)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and says in done.stderr, done.stderr
    assert "server" not in done.stderr and done.stdout == ""
