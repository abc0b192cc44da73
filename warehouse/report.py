"""Queries for the command line and a run's artifacts: query results and run summaries."""

from __future__ import annotations

import pandas as pd

from warehouse import store


def query_frame(warehouse: str, query: str) -> pd.DataFrame:
    """The result of a SQL query on the warehouse, opened read-only."""
    with store.opened(warehouse, read_only=True) as con:
        return con.execute(query).df()


def _as_text(frame: pd.DataFrame, width: int = 60) -> str:
    """An aligned plain-text table; nulls blank, floats without needless decimals."""
    shown = frame.astype(object).where(frame.notna(), "")
    for col in frame.columns:
        if pd.api.types.is_float_dtype(frame[col]):
            shown[col] = [("" if pd.isna(v) else f"{v:.10g}") for v in frame[col]]
    with pd.option_context("display.max_colwidth", width, "display.width", 250):
        return shown.to_string(index=False)


def query_output(warehouse: str, query: str, fmt: str = "table") -> str:
    """A query's result as an aligned table, CSV or JSON records."""
    frame = query_frame(warehouse, query)
    if fmt == "csv":
        return frame.to_csv(index=False).rstrip("\n")
    if fmt == "json":
        return frame.to_json(orient="records", date_format="iso", force_ascii=False)
    return "(no rows)" if frame.empty else _as_text(frame)


def largest_figures(warehouse: str, limit: int = 8) -> pd.DataFrame:
    """The largest counts, measures and amounts in the warehouse."""
    return query_frame(
        warehouse,
        "SELECT value, unit, qualifier, category, object, surface FROM claims "
        f"WHERE kind NOT IN ('ratio', 'percent') ORDER BY value DESC, claim_id LIMIT {int(limit)}",
    )


def run_summary(warehouse: str, run: dict) -> str:
    """What a run did, with the warehouse's totals and largest figures."""
    counts = run.get("table_counts", {})
    lines = [
        f"run {run['run_id']} {run['status']}: {run['documents_seen']} documents read, "
        f"{run['documents_new']} analysed, {run['documents_skipped']} already in the warehouse, "
        f"{run['documents_rejected']} rejected",
        f"warehouse {store.db_path(warehouse)}: " + ", ".join(
            f"{counts.get(t, 0)} {t}" for t in ("documents", "sentences", "entities", "claims", "rejects")
        ),
    ]
    figures = largest_figures(warehouse)
    if not figures.empty:
        lines += ["largest figures:", _as_text(figures, 40)]
    return "\n".join(lines)


def run_counts(run: dict) -> dict[str, int]:
    """The counts of one run, as its artifact shows them."""
    return {k: run[k] for k in ("documents_seen", "documents_new", "documents_skipped", "documents_rejected",
                                "sentences", "entities", "claims")}


def run_figures_markdown(warehouse: str, run: dict, limit: int = 10) -> str:
    """Markdown: what a run did and the largest figures it added, with their sentences and sources.

    Called by the run that holds the warehouse, so it reads the database itself, not a snapshot copy.
    """
    top = []
    if run["documents_new"]:
        with store.opened(warehouse) as con:
            top = con.execute(
                "SELECT c.value, c.unit, c.qualifier, c.category, c.object, c.surface, c.sentence, d.source FROM claims c "
                "JOIN documents d USING (doc_id) WHERE d.run_id = ? AND c.kind NOT IN ('ratio', 'percent') "
                f"ORDER BY c.value DESC, c.claim_id LIMIT {int(limit)}", [run["run_id"]]).fetchall()
    lines = [f"# newstally run {run['run_id']}", "",
             f"{run['documents_new']} new documents, {run['documents_skipped']} skipped, "
             f"{run['documents_rejected']} rejected; {run['claims']} claims.", ""]
    if not top:
        return "\n".join(lines + ["No new figures in this run."])
    lines += ["| value | unit | qualifier | category | object | surface | sentence | source |",
              "|---|---|---|---|---|---|---|---|"]
    for row in top:
        cells = ["" if v is None else " ".join(str(v).replace("|", "/").split()) for v in row]
        cells[0] = f"{row[0]:,.10g}"
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
