"""Export: a table or view of the warehouse as CSV, Parquet or JSON Lines, read back with pandas as `sql` gives it."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from flows.cli import app
from warehouse import Warehouse

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def quake(prefect_server, tmp_path_factory) -> Warehouse:
    from flows.pipeline import newstally

    folder = tmp_path_factory.mktemp("export") / "wh"
    newstally(sources=[str(ROOT / "docs" / "quake-reports.jsonl")], warehouse=str(folder))
    return Warehouse(folder)


def export(wh: Warehouse, *args: str):
    """`newstally export` on the warehouse, in this process."""
    return CliRunner().invoke(app, ["export", "-w", str(wh.folder), *args])


def read_back(path: Path, fmt: str) -> pd.DataFrame:
    if fmt == "parquet":
        return pd.read_parquet(path)
    if fmt == "csv":
        return pd.read_csv(path)
    return pd.read_json(path, lines=True)


def same_rows(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """The same rows and columns; values compared as text, as CSV and JSON keep them."""
    assert list(got.columns) == list(want.columns)
    assert len(got) == len(want)
    when = [c for c in want.columns if pd.api.types.is_datetime64_any_dtype(want[c]) or _holds_dates(want[c])]

    def text(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        for column in out.columns:
            values = out[column]
            if column in when:
                values = pd.to_datetime(values.astype(str).replace({"None": None}), utc=True, format="mixed")
                values = values.dt.strftime("%Y-%m-%d %H:%M:%S")
            elif pd.api.types.is_numeric_dtype(values):
                values = values.astype("float64").round(9)
            out[column] = values.astype(str).replace({"nan": "", "None": "", "NaT": "", "<NA>": ""})
        return out.reset_index(drop=True)

    pd.testing.assert_frame_equal(text(got), text(want))


def _holds_dates(values: pd.Series) -> bool:
    from datetime import date

    return any(isinstance(v, date) for v in values.dropna())


@pytest.mark.parametrize("fmt", ["csv", "parquet", "json"])
@pytest.mark.parametrize("table", ["figures", "series", "series_timeline", "claims", "documents"])
def test_an_export_reads_back_as_the_rows_sql_gives(quake, tmp_path, fmt, table):
    out = tmp_path / f"{table}.{fmt}"
    with open(out, "wb") as f:
        rows = quake.export(table, f, fmt)
    want = quake.query(f"SELECT * FROM {table}")
    assert rows == len(want) > 0
    same_rows(read_back(out, fmt), want)


def test_a_condition_selects_rows_and_parquet_keeps_types(quake, tmp_path):
    out = tmp_path / "kills.parquet"
    done = export(quake, "-t", "figures", "-f", "parquet", "--where", "category = 'KILL'", "--out", str(out))
    assert done.exit_code == 0, done.output
    assert f"rows of figures written to {out}" in done.output
    got = pd.read_parquet(out)
    pd.testing.assert_frame_equal(got, quake.query("SELECT * FROM figures WHERE category = 'KILL'"))
    assert set(got["category"]) == {"KILL"} and len(got) > 1


def test_csv_and_json_go_to_standard_output_without_a_file(quake, tmp_path):
    done = export(quake, "-t", "series", "-f", "json")
    assert done.exit_code == 0, done.output
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert {r["series_id"] for r in records} == set(quake.query("SELECT series_id FROM series")["series_id"])


@pytest.mark.parametrize(
    "args, says",
    [
        (["-t", "claims", "--where", "1=1; DROP TABLE claims"], "--where"),
        (["-t", "claims", "--where", "valu > 3"], 'column "valu" not found'),
        (["-t", "nope"], "no table or view 'nope'"),
        (["-t", "claims", "-f", "xlsx", "--out", "x.xlsx"], "'xlsx' is not one of 'csv', 'parquet', 'json'"),
        (["-t", "claims", "-f", "parquet"], "--format parquet needs --out FILE"),
    ],
)
def test_a_bad_export_says_why_in_one_line_writes_nothing_and_changes_nothing(quake, tmp_path, args, says):
    before = quake.table_counts()
    done = export(quake, *[a.replace("x.xlsx", str(tmp_path / "x.xlsx")) for a in args])
    assert done.exit_code == 2 and says in done.output and len(done.output.strip().splitlines()) == 1
    assert list(tmp_path.glob("x.xlsx*")) == []
    assert quake.table_counts() == before
