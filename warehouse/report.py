"""What the command line and a run's artifacts show: query results as text, and run summaries."""

from __future__ import annotations

import pandas as pd

from transforms.figure_text import figure_text
from transforms.markdown import markdown_table
from warehouse.api import Warehouse


def as_text(frame: pd.DataFrame, width: int = 60) -> str:
    """An aligned plain-text table; nulls blank, floats without needless decimals."""
    if frame.empty:
        return "(no rows)"
    shown = frame.astype(object).where(frame.notna(), "")
    for col in frame.columns:
        if pd.api.types.is_float_dtype(frame[col]):
            shown[col] = [("" if pd.isna(v) else f"{v:.10g}") for v in frame[col]]
    with pd.option_context("display.max_colwidth", width, "display.width", 250):
        return shown.to_string(index=False)


def formatted(frame: pd.DataFrame, fmt: str = "table") -> str:
    """A query's result as an aligned table, CSV or JSON records."""
    if fmt == "csv":
        return frame.to_csv(index=False).rstrip("\n")
    if fmt == "json":
        return frame.to_json(orient="records", date_format="iso", force_ascii=False)
    return as_text(frame)


def run_summary(warehouse: Warehouse, run: dict) -> str:
    """What a run did, with the warehouse's totals and the largest figures it added."""
    counts = run.get("table_counts", {})
    lines = [
        f"run {run['run_id']} {run['status']}: {run['documents_seen']} documents read, "
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
        lines += ["largest new figures:", as_text(shown, 40)]
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
