"""What the HTML report shows, read from the warehouse: every query of `newstally report`, with bound parameters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from warehouse.api import Warehouse

# Long articles are cut in the report's list of cited documents: it links to the sentence, not to a book.
DOCUMENT_CHARS = 20_000


@dataclass(frozen=True)
class Scope:
    """Which figures a report covers: an event type, a country, documents published since a day, one run's."""

    category: str | None = None
    country: str | None = None
    since: date | None = None
    run_id: str | None = None

    def params(self) -> list:
        c, k = (self.category or None), (self.country or None)
        return [c, c, k, k, self.since, self.since, self.run_id, self.run_id]

    def describe(self) -> str:
        parts = [
            f"category {self.category.upper()}" if self.category else "",
            f"country {self.country.upper()}" if self.country else "",
            f"published since {self.since.isoformat()}" if self.since else "",
            f"documents of run {self.run_id}" if self.run_id else "",
        ]
        return ", ".join(p for p in parts if p) or "the whole warehouse"


# The figures in scope; every query below starts from it.
SCOPED = """
WITH f AS (
  SELECT * FROM figures
  WHERE (?::VARCHAR IS NULL OR category = upper(?)) AND (?::VARCHAR IS NULL OR country = upper(?))
    AND (?::DATE IS NULL OR published_at >= ?::DATE)
    AND (?::VARCHAR IS NULL OR doc_id IN (SELECT doc_id FROM documents WHERE run_id = ?))
)
"""


def totals(wh: Warehouse, scope: Scope) -> dict:
    """Documents, claims and series in scope; runs and rejects of the warehouse (or of the run)."""
    row = wh.query(
        SCOPED + "SELECT count(DISTINCT doc_id) AS documents, count(*) AS claims, count(DISTINCT series_id) AS series, "
        "(SELECT count(*) FROM runs WHERE ?::VARCHAR IS NULL OR run_id = ?) AS runs, "
        "(SELECT count(*) FROM rejects WHERE ?::VARCHAR IS NULL OR run_id = ?) AS rejects FROM f",
        [*scope.params(), scope.run_id, scope.run_id, scope.run_id, scope.run_id],
    )
    return {k: int(v) for k, v in row.iloc[0].items()}


def by_group(wh: Warehouse, scope: Scope, column: str, limit: int = 25) -> pd.DataFrame:
    """Documents, claims and series in scope by event type or by country, the most claims first."""
    if column not in ("category", "country"):
        raise ValueError(f"cannot group the report by {column!r}")
    return wh.query(
        SCOPED + f"SELECT {column} AS name, count(DISTINCT doc_id) AS documents, count(*) AS claims, "
        "count(DISTINCT series_id) AS series FROM f GROUP BY ALL ORDER BY claims DESC, name NULLS LAST LIMIT ?",
        [*scope.params(), limit],
    )


def top_series(wh: Warehouse, scope: Scope, limit: int = 12) -> pd.DataFrame:
    """The series in scope told by the most documents, then the most reports."""
    return wh.query(
        SCOPED + "SELECT s.* EXCLUDE (terms) FROM series s WHERE s.series_id IN (SELECT series_id FROM f) "
        "ORDER BY s.n_documents DESC, s.n_claims DESC, s.max_value DESC, s.series_id LIMIT ?",
        [*scope.params(), limit],
    )


# A claim with what the report shows beside it: where its quantity lies in its sentence, its document's title.
CLAIM_COLUMNS = """
c.claim_id, c.doc_id, c.value, c.value_low, c.value_high, c.qualifier, c.kind, c.unit, c.object, c.category,
c.place, c.country, c.time_text, c.time_start, c.time_end, c.attributed_to, c.surface, c.sentence,
c.start_char - s.start_char AS quantity_start, c.end_char - s.start_char AS quantity_end,
d.title, d.source, d.url, d.published_at
"""


def series_reports(wh: Warehouse, series_ids: list[str]) -> pd.DataFrame:
    """Every report of these series, in publication order."""
    return wh.query(
        f"SELECT sc.series_id, {CLAIM_COLUMNS} FROM series_claims sc "
        "JOIN claims c ON c.claim_id = sc.claim_id JOIN documents d ON d.doc_id = c.doc_id "
        "LEFT JOIN sentences s ON s.doc_id = c.doc_id AND s.sentence_idx = c.sentence_idx "
        "WHERE sc.series_id IN (SELECT unnest(?::VARCHAR[])) "
        "ORDER BY sc.series_id, d.published_at NULLS LAST, d.source, c.start_char",
        [series_ids],
    )


def largest_figures(wh: Warehouse, scope: Scope, per_group: int = 5, groups: int = 12) -> pd.DataFrame:
    """The largest figures of each event type and measure (counts apart from money, kilometres apart from
    years), for the groups with the most claims; ratios and percentages are left out."""
    return wh.query(
        SCOPED
        + f"""
, g AS (
  SELECT category, kind, unit, count(*) AS n FROM f WHERE kind NOT IN ('ratio', 'percent')
  GROUP BY ALL ORDER BY n DESC, category NULLS LAST, kind, unit NULLS FIRST LIMIT ?
)
SELECT g.n AS group_claims, {CLAIM_COLUMNS}
FROM f c
JOIN g ON c.category IS NOT DISTINCT FROM g.category AND c.kind = g.kind AND c.unit IS NOT DISTINCT FROM g.unit
JOIN documents d ON d.doc_id = c.doc_id
LEFT JOIN sentences s ON s.doc_id = c.doc_id AND s.sentence_idx = c.sentence_idx
QUALIFY row_number() OVER (PARTITION BY c.category, c.kind, c.unit ORDER BY c.value DESC, c.claim_id) <= ?
ORDER BY g.n DESC, c.category NULLS LAST, c.kind, c.unit NULLS FIRST, c.value DESC, c.claim_id
""",
        [*scope.params(), groups, per_group],
    )


def rejects_by_reason(wh: Warehouse, run_id: str | None = None) -> pd.DataFrame:
    """How many inputs were rejected, for each reason."""
    return wh.query(
        "SELECT reason, count(*) AS inputs FROM rejects WHERE ?::VARCHAR IS NULL OR run_id = ? "
        "GROUP BY reason ORDER BY inputs DESC, reason",
        [run_id, run_id],
    )


def recent_rejects(wh: Warehouse, run_id: str | None = None, limit: int = 50) -> pd.DataFrame:
    """The newest rejected inputs, with their reasons."""
    return wh.query(
        'SELECT source, reason, detail, run_id, "at" FROM rejects WHERE ?::VARCHAR IS NULL OR run_id = ? '
        'ORDER BY "at" DESC, source LIMIT ?',
        [run_id, run_id, limit],
    )


def runs(wh: Warehouse, run_id: str | None = None, limit: int = 10) -> pd.DataFrame:
    """The newest runs (or one), with what each did and, for those that did not complete, why."""
    return wh.query(
        "SELECT run_id, status, started_at, finished_at, documents_seen, documents_new, documents_skipped, "
        "documents_rejected, claims, message FROM runs WHERE ?::VARCHAR IS NULL OR run_id = ? "
        "ORDER BY started_at DESC LIMIT ?",
        [run_id, run_id, limit],
    )


def documents(wh: Warehouse, doc_ids: list[str]) -> pd.DataFrame:
    """The documents the report links to, their text cut to a readable length."""
    return wh.query(
        "SELECT doc_id, title, source, url, published_at, left(text, ?) AS text, length(text) > ? AS cut "
        "FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY published_at NULLS LAST, source",
        [DOCUMENT_CHARS, DOCUMENT_CHARS, doc_ids],
    )
