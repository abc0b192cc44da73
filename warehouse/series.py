"""The series step, inside a load's transaction: the batch's claims join series or begin them, and every series
they touch gets its row made again. The grouping itself is `transforms/series.py`."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from schemas.tables import SERIES, validated
from transforms.series import (
    MAX_DAYS_APART,
    MAX_POSTINGS,
    Report,
    Series,
    event_kinds,
    event_terms,
    grouped,
    rarity,
    read_events,
    read_terms,
    report_days,
    reported_before,
    series_key,
    series_label,
    terms_column,
)

ENTITY_LABELS = ("GPE", "LOC", "FAC", "ORG", "EVENT", "NORP", "PERSON", "PRODUCT", "LAW")
# Terms that name something (an entity of the claim's sentence, its place, or of its article's headline and lead):
# an earlier series must share one to be read back as a candidate. `series_terms` holds them, one a row.
NAME_TERMS = ("e:", "c:")
# Sentences of an article whose entities are context for every claim in it: the headline and the lead.
CONTEXT_SENTENCES = 2


def stage_batch(con: duckdb.DuckDBPyConnection, files: dict | None, doc_ids: list[str] | None = None) -> None:
    """The rows the series step reads, as temp tables: a batch's Parquet files, or `doc_ids` from the tables."""
    for name in ("documents", "claims", "entities"):
        if files is not None:
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE batch_{name} AS SELECT * FROM read_parquet(?)", [str(files[name])]
            )
        else:
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE batch_{name} AS SELECT * FROM {name} "
                "WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
                [doc_ids or []],
            )


def complete(con: duckdb.DuckDBPyConnection, per_group: int = 200) -> None:
    """Every claim in exactly one series: memberships of claims that are gone are dropped (their series made
    again), every series' names are indexed, and the claims in none are grouped, their documents taken in
    publication order. For a warehouse upgraded to series, or rebuilt from Parquet files copied at another moment
    than its batches."""
    touched = {
        s
        for (s,) in con.execute(
            "SELECT DISTINCT series_id FROM series_claims sc WHERE NOT EXISTS "
            "(SELECT 1 FROM claims c WHERE c.claim_id = sc.claim_id)"
        ).fetchall()
    }
    con.execute("DELETE FROM series_claims sc WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.claim_id = sc.claim_id)")
    refresh(con, touched, {})
    index_names(con)
    doc_ids = [
        d
        for d, *_ in con.execute(
            "SELECT DISTINCT d.doc_id, d.published_at, d.source FROM documents d JOIN claims c USING (doc_id) "
            "WHERE NOT EXISTS (SELECT 1 FROM series_claims sc WHERE sc.claim_id = c.claim_id) "
            "ORDER BY d.published_at NULLS LAST, d.source"
        ).fetchall()
    ]
    for start in range(0, len(doc_ids), per_group):
        group = doc_ids[start : start + per_group]
        stage_batch(con, None, group)
        group_batch(con, forget_members(con, group))


def index_names(con: duckdb.DuckDBPyConnection) -> None:
    """`series_terms` made to hold the names of every series' terms, and of no series that is gone (for a
    warehouse upgraded to it, or rebuilt from Parquet files, which do not copy it)."""
    con.execute("DELETE FROM series_terms t WHERE NOT EXISTS (SELECT 1 FROM series s WHERE s.series_id = t.series_id)")
    con.execute(
        NAMES_SQL.format(
            source="(SELECT * FROM series s WHERE NOT EXISTS (SELECT 1 FROM series_terms t WHERE t.series_id = s.series_id))"
        ),
        [list(NAME_TERMS)],
    )


def forget_members(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> set[str]:
    """Drop the memberships of these documents' claims (re-analysed or removed); the series that lost one."""
    if not doc_ids:
        return set()
    touched = {
        s
        for (s,) in con.execute(
            "SELECT DISTINCT series_id FROM series_claims WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [doc_ids]
        ).fetchall()
    }
    if touched:
        con.execute("DELETE FROM series_claims WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [doc_ids])
    return touched


def group_batch(con: duckdb.DuckDBPyConnection, touched: set[str]) -> int:
    """Put every claim of the staged batch in a series; make the rows of those and the `touched` series again.
    How many claims joined a series that earlier reports began."""
    reports = _reports(con)
    candidates = _candidates(con, reports)
    joined = 0
    if reports:
        weights = _weights(reports, candidates)
        assigned, by_id = grouped(reports, candidates, weights)
        doc_of = {r.claim_id: r.doc_id for r in reports}
        members = pa.table(
            {
                "series_id": [s for _, s, _ in assigned],
                "claim_id": [c for c, _, _ in assigned],
                "doc_id": [doc_of[c] for c, _, _ in assigned],
            }
        )
        con.register("new_members", members)
        con.execute("INSERT INTO series_claims BY NAME SELECT * FROM new_members")
        con.unregister("new_members")
        touched |= {s for _, s, _ in assigned}
        joined = sum(1 for *_, j in assigned if j)
        terms = {sid: (s.terms, s.events) for sid, s in by_id.items() if sid in touched}
    else:
        terms = {}
    refresh(con, touched, terms)
    return joined


def _reports(con: duckdb.DuckDBPyConnection) -> list[Report]:
    """The staged batch's claims as the series step sees them, in publication order (undated last), then as
    they stand in their articles."""
    rows = con.execute(
        "SELECT c.claim_id, c.doc_id, c.sentence_idx, c.sentence, c.category, c.kind, c.unit, c.value, c.time_start, "
        "c.time_end, c.country, c.place, c.object, c.attributed_to, d.published_at, c.qualifier, c.surface "
        "FROM batch_claims c JOIN batch_documents d USING (doc_id) "
        "ORDER BY d.published_at NULLS LAST, d.source, c.start_char, c.claim_id"
    ).fetchall()
    entities: dict[tuple[str, int], list[str]] = defaultdict(list)
    for doc_id, idx, text in con.execute(
        "SELECT doc_id, sentence_idx, text FROM batch_entities WHERE label IN (SELECT unnest(?::VARCHAR[])) "
        "ORDER BY doc_id, start_char",
        [list(ENTITY_LABELS)],
    ).fetchall():
        entities[(doc_id, idx)].append(text)
    reports = []
    for row in rows:
        claim_id, doc_id, idx, sentence, category, kind, unit, value, start, end, country, place, object_, source = row[
            :14
        ]
        context = [t for i in range(CONTEXT_SENTENCES) if i != idx for t in entities[(doc_id, i)]]
        terms = event_terms(sentence, entities[(doc_id, idx)], context, place, category)
        first, last = report_days(start, end, row[14])
        reports.append(
            Report(
                claim_id,
                doc_id,
                category,
                kind,
                unit,
                value,
                first,
                last,
                country,
                terms,
                place,
                object_,
                source,
                row[15],
                start is not None,
                idx,
                reported_before(sentence),
                event_kinds(sentence, row[16]),
            )
        )
    return reports


def _candidates(con: duckdb.DuckDBPyConnection, reports: list[Report]) -> list[Series]:
    """Series of earlier batches that the batch's reports could join: same event type, kind and unit, close
    enough in time (undated series and reports are matched on content alone), and naming one of the places,
    people or organisations the reports name. The last condition keeps the rows read, and the work, in
    proportion to the batch rather than to the warehouse."""
    keys = {r.key for r in reports}
    names = sorted({t for r in reports for t in r.terms if t.startswith(NAME_TERMS)})
    if not keys or not names:
        return []
    days = [d for r in reports for d in (r.first_day, r.last_day) if d is not None]
    undated = any(r.first_day is None for r in reports)
    low = min(days) if days else None
    high = max(days) if days else None
    rows = con.execute(
        "WITH hits AS (SELECT t.series_id, t.term FROM series_terms t JOIN series s USING (series_id) "
        " WHERE t.term IN (SELECT unnest(?::VARCHAR[])) AND s.kind IN (SELECT unnest(?::VARCHAR[])) AND ("
        "  s.first_day IS NULL OR ? OR (s.last_day >= ?::DATE - ?::INTEGER AND s.first_day <= ?::DATE + ?::INTEGER))),"
        # a name that many series hold (a country, a capital) tells none of them apart: it finds no candidate
        " telling AS (SELECT term FROM hits GROUP BY term HAVING count(*) <= ?) "
        "SELECT series_id, category, kind, unit, country, first_day, last_day, terms, latest_value, max_value, "
        "min_value, object FROM series WHERE series_id IN (SELECT series_id FROM hits WHERE term IN "
        "(SELECT term FROM telling)) ORDER BY series_id",
        [names, sorted({k[0] for k in keys}), undated, low, MAX_DAYS_APART, high, MAX_DAYS_APART, MAX_POSTINGS],
    ).fetchall()
    out = []
    for sid, category, kind, unit, country, first, last, terms, latest, high_v, low_v, object_ in rows:
        if series_key(kind, unit) not in keys:
            continue
        values = {latest, high_v, low_v} - {None}
        found = Series(sid, category, kind, unit, country, first, last, read_terms(terms), values, object_)
        found.events = read_events(terms)
        out.append(found)
    partners = _partners(con, [s.series_id for s in out])
    days = _named_days(con, [s.series_id for s in out])
    for s in out:
        s.partners = partners.get(s.series_id, set())
        s.named_days, s.unnamed = days.get(s.series_id, (set(), 0))
    return out


def _named_days(con: duckdb.DuckDBPyConnection, series_ids: list[str]) -> dict[str, tuple[set, int]]:
    """For each of these series, the single days its members' sentences name, and how many name no single day."""
    if not series_ids:
        return {}
    rows = con.execute(
        "SELECT sc.series_id, list(DISTINCT c.time_start) FILTER (c.time_start = c.time_end), "
        "count(*) FILTER (c.time_start IS NULL OR c.time_start <> c.time_end) "
        "FROM series_claims sc JOIN claims c ON c.claim_id = sc.claim_id "
        "WHERE sc.series_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY sc.series_id",
        [series_ids],
    ).fetchall()
    return {sid: (set(days or ()), unnamed) for sid, days, unnamed in rows}


def _partners(con: duckdb.DuckDBPyConnection, series_ids: list[str]) -> dict[str, set[tuple]]:
    """For each of these series, the figures its members' sentences also report: (their series, event type, key,
    document)."""
    if not series_ids:
        return {}
    rows = con.execute(
        "SELECT m.series_id, o.series_id, c2.category, c2.kind, c2.unit, c2.doc_id "
        "FROM series_claims m JOIN claims c1 ON c1.claim_id = m.claim_id "
        "JOIN claims c2 ON c2.doc_id = c1.doc_id AND c2.sentence_idx = c1.sentence_idx AND c2.claim_id <> c1.claim_id "
        "JOIN series_claims o ON o.claim_id = c2.claim_id "
        "WHERE m.series_id IN (SELECT unnest(?::VARCHAR[])) AND o.series_id <> m.series_id",
        [series_ids],
    ).fetchall()
    out: dict[str, set[tuple]] = defaultdict(set)
    for sid, partner, category, kind, unit, doc_id in rows:
        out[sid].add((partner, category, series_key(kind, unit), doc_id))
    return out


def _weights(reports: list[Report], candidates: list[Series]) -> dict[str, float]:
    """Term rarity over the batch's documents and the candidate series (each one document)."""
    per_doc: dict[str, set[str]] = defaultdict(set)
    for r in reports:
        per_doc[r.doc_id] |= r.terms
    counts: Counter[str] = Counter()
    for terms in per_doc.values():
        counts.update(terms)
    for s in candidates:
        counts.update(s.terms)
    return rarity(counts, len(per_doc) + len(candidates))


def refresh(con: duckdb.DuckDBPyConnection, series_ids: set[str], terms: dict[str, tuple[set[str], set[str]]]) -> None:
    """Make the rows of these series again from their members (`terms`: the event terms and kinds of event of those
    the grouping matched against); a series left with none is removed."""
    if not series_ids:
        return
    ids = sorted(series_ids)
    old_terms = dict(
        con.execute(
            "SELECT series_id, terms FROM series WHERE series_id IN (SELECT unnest(?::VARCHAR[]))", [ids]
        ).fetchall()
    )
    con.execute("DELETE FROM series WHERE series_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    con.execute("DELETE FROM series_terms WHERE series_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    summaries = con.sql(SUMMARY_SQL, params=[ids]).to_arrow_table().to_pylist()
    at = datetime.now(UTC)
    rows = []
    for row in summaries:
        sid = row["series_id"]
        row["terms"] = terms_column(*terms[sid]) if sid in terms else (old_terms.get(sid) or "")
        row["label"] = series_label(row["category"], row["object"], row["place"], row["country"], row["day"])
        row["updated_at"] = at
        rows.append(row)
    if rows:
        data = validated(SERIES, [{k: r.get(k) for k in SERIES.schema.names} for r in rows])
        con.register("series_rows", data)
        con.execute("INSERT INTO series BY NAME SELECT * FROM series_rows")
        con.execute(NAMES_SQL.format(source="series_rows"), [list(NAME_TERMS)])
        con.unregister("series_rows")


# The names among the terms of the series of `source` (a table with series_id and terms), as series_terms rows.
NAMES_SQL = (
    "INSERT INTO series_terms SELECT series_id, term FROM (SELECT series_id, unnest(string_split(terms, chr(10))) AS term "
    "FROM {source}) WHERE list_contains(?::VARCHAR[], left(term, 2))"
)

# One row per series from its members: its event type is the first member's that has one; the latest report is the first (in text order) of the last-published
# document; the conservative figure is the lowest of the last publication day (as ACLED codes disputed tolls).
SUMMARY_SQL = """
WITH m AS (
  SELECT sc.series_id, c.*, d.published_at, d.source,
         d.published_at::DATE AS pub_day
  FROM series_claims sc
  JOIN claims c ON c.claim_id = sc.claim_id
  JOIN documents d ON d.doc_id = c.doc_id
  WHERE sc.series_id IN (SELECT unnest(?::VARCHAR[]))
),
ranked AS (
  SELECT *,
    row_number() OVER (PARTITION BY series_id
      ORDER BY published_at NULLS FIRST, source, start_char, claim_id) AS first_rank,
    row_number() OVER (PARTITION BY series_id
      ORDER BY published_at DESC NULLS LAST, source DESC, start_char, claim_id) AS latest_rank,
    max(pub_day) OVER (PARTITION BY series_id) AS last_pub_day
  FROM m
)
SELECT
  series_id,
  arg_min(category, first_rank) FILTER (WHERE category IS NOT NULL) AS category,
  any_value(kind) FILTER (WHERE first_rank = 1) AS kind,
  any_value(unit) FILTER (WHERE first_rank = 1) AS unit,
  coalesce(any_value(object) FILTER (WHERE first_rank = 1), any_value(object)) AS object,
  mode(place) AS place,
  mode(country) AS country,
  min(time_start) AS event_date,
  coalesce(min(time_start), min(published_at)::DATE) AS day,
  min(coalesce(time_start, published_at::DATE)) AS first_day,
  max(coalesce(time_end, time_start, published_at::DATE)) AS last_day,
  min(published_at) AS first_published,
  max(published_at) AS last_published,
  count(*) AS n_claims,
  count(DISTINCT doc_id) AS n_documents,
  -- the last-dated document's first report; with no dated report, only a one-article series has a latest
  CASE WHEN count(published_at) > 0 OR count(DISTINCT doc_id) = 1
       THEN any_value(value) FILTER (WHERE latest_rank = 1) END AS latest_value,
  CASE WHEN count(published_at) > 0 OR count(DISTINCT doc_id) = 1
       THEN any_value(qualifier) FILTER (WHERE latest_rank = 1) END AS latest_qualifier,
  max(value) AS max_value,
  min(value) AS min_value,
  coalesce(min(value) FILTER (WHERE pub_day = last_pub_day), min(value)) AS conservative_value,
  min(coalesce(value_low, value)) AS bound_low,
  max(coalesce(value_high, value)) AS bound_high
FROM ranked
GROUP BY series_id
"""
