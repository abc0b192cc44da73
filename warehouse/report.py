"""What the command line and a run's artifacts show: query results as text, and run summaries."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from transforms.figure_text import figure_text
from transforms.markdown import markdown_table
from warehouse.api import Warehouse


def as_text(frame: pd.DataFrame, width: int | None = None) -> str:
    """An aligned plain-text table: text to the left, numbers to the right with thousands marked, nulls blank,
    durations in seconds. Past `width` columns the widest text is cut with an ellipsis; figures never are."""
    if frame.empty:
        return "(no rows)"
    headers = [str(c) for c in frame.columns]
    columns = [[_cell(v) for v in frame[c]] for c in frame.columns]
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]) for c in frame]
    widths = [max(len(h), *(len(x) for x in col)) for h, col in zip(headers, columns)]
    excess = sum(widths) + 2 * (len(widths) - 1) - (width or 10**9)
    while excess > 0:
        cuttable = [i for i, n in enumerate(numeric) if not n and widths[i] > MIN_TEXT_WIDTH]
        if not cuttable:
            break
        widest = max(cuttable, key=widths.__getitem__)
        cut = min(excess, widths[widest] - MIN_TEXT_WIDTH)
        widths[widest] -= cut
        excess -= cut

    def line(cells: list[str]) -> str:
        shown = [
            (x if len(x) <= w else x[: w - 1] + "…").rjust(w)
            if n
            else (x if len(x) <= w else x[: w - 1] + "…").ljust(w)
            for x, w, n in zip(cells, widths, numeric)
        ]
        return "  ".join(shown).rstrip()

    rows = [line(headers), "  ".join("-" * w for w in widths)]
    rows += [line(list(r)) for r in zip(*columns)]
    return "\n".join(rows)


# How narrow a text column may be cut to fit the terminal.
MIN_TEXT_WIDTH = 12


def terminal_width() -> int | None:
    """The terminal's width when standard output is one; None (no limit) for a pipe or a file."""
    import shutil
    import sys

    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def _cell(value) -> str:
    """A value as a table shows it: 12,000 and 0.25, not 12000.0 and 2.5e-01; a duration in seconds."""
    if value is None or (not isinstance(value, list | dict) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) < 1e15):
        return f"{int(value):,}"
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e15 else f"{value:.4g}"
    if isinstance(value, pd.Timedelta | timedelta):
        return f"{value.total_seconds():,.1f} s"
    return str(value)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def formatted(frame: pd.DataFrame, fmt: str = "table", width: int | None = None) -> str:
    """A query's result as an aligned table (cells cut to `width` columns), or CSV or JSON records, raw."""
    if fmt == "csv":
        return frame.to_csv(index=False).rstrip("\n")
    if fmt == "json":
        return frame.to_json(orient="records", date_format="iso", force_ascii=False)
    return as_text(frame, width)


def run_summary(warehouse: Warehouse, run: dict) -> str:
    """What a run did, with the warehouse's totals and the largest figures it added."""
    counts = run.get("table_counts", {})
    lines = [
        f"run {run['run_id']} {run['status']}: {_count(run['documents_seen'], 'document')} read, "
        f"{run['documents_new']} analysed, {run['documents_duplicate']} repeated in the input, "
        f"{run['documents_skipped']} already in the warehouse, {run['documents_rejected']} rejected"
        + (f", {run['documents_replaced']} replaced by an edited input" if run.get("documents_replaced") else "")
        + (
            f"; {run['documents_undated']} with a publication date newstally cannot read (published_at left empty)"
            if run.get("documents_undated")
            else ""
        ),
        f"{run['claims']} claims, {run.get('series_joined', 0)} of them joined series of earlier reports"
        if run.get("claims")
        else "no new claims",
        f"warehouse {warehouse.db_path}: "
        + ", ".join(
            f"{counts.get(t, 0)} {t}" for t in ("documents", "sentences", "entities", "claims", "series", "rejects")
        ),
    ]
    if run.get("documents_rejected"):
        reasons = warehouse.rows(
            "SELECT reason, count(*) FROM rejects WHERE run_id = ? GROUP BY reason ORDER BY 2 DESC, 1", [run["run_id"]]
        )
        if reasons:
            lines.insert(
                1,
                "rejected: "
                + ", ".join(f"{n} {reason}" for reason, n in reasons)
                + f" (newstally sql \"select * from rejects where run_id = '{run['run_id']}'\" says which and why)",
            )
    figures = warehouse.largest_figures(run_id=run["run_id"])
    if not figures.empty:
        rows = figures.astype(object).where(figures.notna(), None).to_dict("records")
        shown = pd.DataFrame(
            {
                "figure": [
                    figure_text(r["value"], r["unit"], r["qualifier"], r["value_low"], r["value_high"], r["kind"])
                    for r in rows
                ],
                "category": [r["category"] or "" for r in rows],
                "object": [r["object"] or "" for r in rows],
                "as written": [r["surface"] for r in rows],
            }
        )
        lines += ["largest new figures:", as_text(shown, terminal_width())]
    return "\n".join(lines)


RUN_COUNTS = (
    "documents_seen",
    "documents_new",
    "documents_duplicate",
    "documents_replaced",
    "documents_skipped",
    "documents_rejected",
    "documents_undated",
    "sentences",
    "entities",
    "claims",
    "series_joined",
)


def run_counts(run: dict) -> dict[str, int]:
    """The counts of one run, as its artifact shows them."""
    return {k: run.get(k, 0) for k in RUN_COUNTS}


def run_figures_markdown(warehouse: Warehouse, run: dict, limit: int = 10) -> str:
    """Markdown: what a run did and the largest figures it added, with their sentences and sources."""
    lines = [
        f"# newstally run {run['run_id']}",
        "",
        f"{run['documents_new']} new documents, {run['documents_skipped']} skipped, "
        f"{run['documents_rejected']} rejected; {run['claims']} claims.",
        "",
    ]
    top = warehouse.largest_figures(limit, run_id=run["run_id"]) if run["documents_new"] else pd.DataFrame()
    if top.empty:
        return "\n".join(lines + ["No new figures in this run."])
    rows = [
        [f"{r.value:,.10g}", r.unit, r.qualifier, r.category, r.object, r.surface, r.sentence, r.source]
        for r in top.astype(object).where(top.notna(), None).itertuples()
    ]
    lines += [
        "## Largest new figures",
        "",
        markdown_table(["value", "unit", "qualifier", "category", "object", "surface", "sentence", "source"], rows),
    ]
    series = warehouse.run_series(run["run_id"], limit)
    if not series.empty:
        rows = [
            [
                r.label,
                figure_text(r.latest_value, r.unit, r.latest_qualifier, kind=r.kind),
                figure_text(r.max_value, r.unit, kind=r.kind),
                str(r.n_claims),
                str(r.n_documents),
                r.series_id[:12],
            ]
            for r in series.astype(object).where(series.notna(), None).itertuples()
        ]
        lines += [
            "",
            "## Series this run reported on, the most reports first",
            "",
            markdown_table(["series", "latest", "highest", "reports", "documents", "id"], rows),
        ]
    return "\n".join(lines)
