"""Every table's columns and types: DuckDB DDL and validation derive from here."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

TS = pa.timestamp("us", tz="UTC")
DATE = pa.date32()
# The version of the tables below. Raise it with every change to a table, and say in VERSIONS what the
# upgrade from the version before does: warehouses made by earlier versions are migrated when opened.
SCHEMA_VERSION = 8


@dataclass(frozen=True)
class Table:
    """A warehouse table: its pyarrow schema and its key.

    `indexed`: DuckDB enforces the key (a PRIMARY KEY). The big per-document tables are not indexed: an
    index there grows with the warehouse and is loaded for every batch's load, so the memory and time of
    a load would grow with the warehouse. Their keys are checked on each batch instead (`validated`), and
    a batch replaces its documents' rows whole, so no key can repeat across batches.
    """

    name: str
    schema: pa.Schema
    key: tuple[str, ...]
    description: str = ""
    indexed: bool = True


def _field(name: str, type_: pa.DataType, doc: str, nullable: bool = True, default: str | None = None) -> pa.Field:
    """A column; `default` (a SQL literal) fills it in rows made before the column existed."""
    metadata = {"doc": doc} if default is None else {"doc": doc, "default": default}
    return pa.field(name, type_, nullable=nullable, metadata=metadata)


DOCUMENTS = Table(
    "documents",
    pa.schema(
        [
            _field("doc_id", pa.string(), "SHA-256 (first 16 bytes, hex) of the normalized text", False),
            _field("source", pa.string(), "file path, or path#id for a JSONL record", False),
            _field("title", pa.string(), "headline, when the input has one"),
            _field("published", pa.string(), "publication date as given by the input"),
            _field("published_at", TS, "publication time read from `published` (UTC); null when it names none"),
            _field("url", pa.string(), "the article's URL, when given"),
            _field(
                "duplicate_of",
                pa.string(),
                "the document loaded earlier that this one is a near-copy of (the same story republished with small "
                "edits); null for an original. Count stories with `WHERE duplicate_of IS NULL`",
            ),
            _field("text", pa.string(), "normalized text (title first, then the body); offsets point into it", False),
            _field("n_chars", pa.int64(), "characters in text", False),
            _field("n_sentences", pa.int64(), "sentences found by spaCy", False),
            _field("pipeline_version", pa.string(), "model name and version plus extractor version", False),
            _field("batch_id", pa.string(), "the Parquet batch file that holds this document's rows", False),
            _field("ingested_at", TS, "when this document was analysed", False),
            _field("run_id", pa.string(), "the run that analysed it", False),
        ]
    ),
    key=("doc_id",),
    description="one row per distinct normalized text",
)

SENTENCES = Table(
    "sentences",
    pa.schema(
        [
            _field("doc_id", pa.string(), "the document", False),
            _field("sentence_idx", pa.int32(), "0-based position in the document", False),
            _field("start_char", pa.int64(), "offset of the first character in documents.text", False),
            _field("end_char", pa.int64(), "offset after the last character", False),
            _field("text", pa.string(), "the sentence", False),
        ]
    ),
    key=("doc_id", "sentence_idx"),
    indexed=False,
)

ENTITIES = Table(
    "entities",
    pa.schema(
        [
            _field("doc_id", pa.string(), "the document", False),
            _field("sentence_idx", pa.int32(), "the sentence it stands in", False),
            _field("start_char", pa.int64(), "offset in documents.text", False),
            _field("end_char", pa.int64(), "offset after the entity", False),
            _field("text", pa.string(), "the entity as written", False),
            _field("label", pa.string(), "spaCy label: PERSON, GPE, ORG, LOC, NORP, DATE, ...", False),
        ]
    ),
    key=("doc_id", "start_char", "end_char", "label"),
    indexed=False,
)

CLAIMS = Table(
    "claims",
    pa.schema(
        [
            _field("claim_id", pa.string(), "hash of doc_id and the claim's character span", False),
            _field("doc_id", pa.string(), "the document", False),
            _field("sentence_idx", pa.int32(), "the sentence it stands in", False),
            _field("sentence", pa.string(), "the sentence's text", False),
            _field("start_char", pa.int64(), "offset of the surface in documents.text", False),
            _field("end_char", pa.int64(), "offset after the surface", False),
            _field("surface", pa.string(), "the quantity as written, with its qualifier", False),
            _field("value", pa.float64(), "the number (lower bound for vague amounts and ranges)", False),
            _field("value_low", pa.float64(), "lower bound, when the text gives one"),
            _field("value_high", pa.float64(), "upper bound, when the text gives one"),
            _field(
                "qualifier", pa.string(), "exact, approx, at_least, more_than, at_most, less_than, range, vague", False
            ),
            _field("kind", pa.string(), "count, measure, duration, ratio, percent, money", False),
            _field("unit", pa.string(), "km, hour, percent, USD, ...; null for counts and ratios"),
            _field("object", pa.string(), "what is counted or measured, without the number"),
            _field("predicate", pa.string(), "lemma of the verb or event noun the quantity takes part in"),
            _field(
                "category", pa.string(), "KILL, WOUND, DISPLACED, REFUGEE, DEPLOY, ARREST, KIDNAP, AFFECT, PROTEST, AID"
            ),
            _field(
                "direction",
                pa.string(),
                'up or down: the figure is a change ("rose 5%", "a 3% drop") or a level one reached or left '
                '("fell to $2bn")',
            ),
            _field("time_text", pa.string(), "the time the claim refers to, as written"),
            _field("place", pa.string(), "the place the claim refers to (a GPE/LOC entity)"),
            _field("attributed_to", pa.string(), "who the text attributes the figure to"),
            _field("time_start", DATE, "first day of the interval time_text denotes, resolved against published_at"),
            _field("time_end", DATE, "last day of that interval"),
            _field(
                "country",
                pa.string(),
                "ISO 3166-1 alpha-2 code of the claim's place (none for a region of several countries), "
                "else of the one country its article is about",
            ),
            _field("place_lat", pa.float64(), "latitude of the place, when the gazetteer knows it as a city"),
            _field("place_lon", pa.float64(), "longitude of the place"),
        ]
    ),
    key=("claim_id",),
    indexed=False,
)

MINHASH_BANDS = Table(
    "minhash_bands",
    pa.schema(
        [
            _field("doc_id", pa.string(), "the document", False),
            _field("band", pa.int32(), "which band of the text's MinHash signature", False),
            _field("hash", pa.int64(), "the band's hash: texts that share enough bands are near-copies", False),
        ]
    ),
    key=("doc_id", "band"),
    description="how near-copies of a text are found (see `documents.duplicate_of`)",
    indexed=False,
)

SERIES = Table(
    "series",
    pa.schema(
        [
            _field("series_id", pa.string(), "hash of the claim that began the series; kept as reports join", False),
            _field("label", pa.string(), "a short name: what is counted, where and when", False),
            _field("category", pa.string(), "the event type its reports give"),
            _field("kind", pa.string(), "count, measure, duration, ratio, percent, money", False),
            _field("unit", pa.string(), "the unit of its values"),
            _field("object", pa.string(), "what is counted or measured (its first report's words)"),
            _field("place", pa.string(), "where, as its reports name it"),
            _field("country", pa.string(), "ISO 3166-1 alpha-2 code"),
            _field("event_date", DATE, "the earliest day its reports place the figure on"),
            _field("first_day", DATE, "the first day its reports cover (their time, else their publication day)"),
            _field("last_day", DATE, "the last day its reports cover"),
            _field("first_published", TS, "publication time of its first dated report"),
            _field("last_published", TS, "publication time of its last dated report"),
            _field("n_claims", pa.int64(), "reports (claims) in it", False),
            _field("n_documents", pa.int64(), "documents those reports are in", False),
            _field(
                "latest_value",
                pa.float64(),
                "the first figure of the last-published document that reports it (null when no report is dated "
                "and several articles report it)",
            ),
            _field("latest_qualifier", pa.string(), "that report's qualifier: exact, at_least, approx, ..."),
            _field("max_value", pa.float64(), "the largest figure reported", False),
            _field("min_value", pa.float64(), "the smallest figure reported", False),
            _field(
                "conservative_value",
                pa.float64(),
                "the lowest figure among the reports of its last publication day (every report when none is dated)",
                False,
            ),
            _field("bound_low", pa.float64(), "the lowest bound or figure any report gives"),
            _field("bound_high", pa.float64(), "the highest bound or figure any report gives"),
            _field(
                "terms",
                pa.string(),
                "words that identify its event (names, places, event words) and the kinds of event its reports name "
                "beside their figures (k:bomb), matched on",
                False,
            ),
            _field("updated_at", TS, "when a report last joined or left", False),
        ]
    ),
    key=("series_id",),
    description="one quantity about one event, across the articles that report it",
    indexed=False,
)

SERIES_CLAIMS = Table(
    "series_claims",
    pa.schema(
        [
            _field("series_id", pa.string(), "the series", False),
            _field("claim_id", pa.string(), "a claim; every claim is in exactly one series", False),
            _field("doc_id", pa.string(), "the claim's document", False),
        ]
    ),
    key=("claim_id",),
    description="which series each claim reports",
    indexed=False,
)

SERIES_TERMS = Table(
    "series_terms",
    pa.schema(
        [
            _field("series_id", pa.string(), "the series", False),
            _field(
                "term",
                pa.string(),
                "a name in its terms (a place, person or organisation), as series.terms has it",
                False,
            ),
        ]
    ),
    key=("series_id", "term"),
    description="the names each series' terms hold, one a row: how a new report finds the series it may join",
    indexed=False,
)

SOURCES = Table(
    "sources",
    pa.schema(
        [
            _field("doc_id", pa.string(), "the document", False),
            _field(
                "source",
                pa.string(),
                "a file or JSONL record that holds this text (the same text may come from many)",
                False,
            ),
            _field("run_id", pa.string(), "the run that first saw it there", False),
        ]
    ),
    key=("doc_id", "source"),
    description="every input a document was read from",
)

RUNS = Table(
    "runs",
    pa.schema(
        [
            _field("run_id", pa.string(), "Prefect flow run id", False),
            _field("started_at", TS, "start of the run", False),
            _field("finished_at", TS, "end of the run"),
            _field("status", pa.string(), "completed or failed", False),
            _field("sources", pa.string(), "the SOURCE arguments, JSON list"),
            _field("pipeline_version", pa.string(), "model and extractor versions", False),
            _field("documents_seen", pa.int64(), "documents read from the sources"),
            _field("documents_new", pa.int64(), "documents analysed by this run"),
            _field("documents_skipped", pa.int64(), "documents already in the warehouse with this pipeline version"),
            _field(
                "documents_duplicate",
                pa.int64(),
                "documents whose text came earlier in the same run's input",
                default="0",
            ),
            _field(
                "documents_replaced",
                pa.int64(),
                "documents removed because the only input that held them now holds another text (an edited file)",
                default="0",
            ),
            _field(
                "documents_undated",
                pa.int64(),
                "new documents whose `published` names no date newstally can read",
                default="0",
            ),
            _field("series_joined", pa.int64(), "claims that joined a series of earlier reports", default="0"),
            _field("documents_rejected", pa.int64(), "inputs that could not be read or analysed"),
            _field("sentences", pa.int64(), "sentences written"),
            _field("entities", pa.int64(), "entities written"),
            _field("claims", pa.int64(), "claims written"),
            _field("message", pa.string(), "error message of a failed run"),
        ]
    ),
    key=("run_id",),
)

REJECTS = Table(
    "rejects",
    pa.schema(
        [
            _field("source", pa.string(), "the file or URL, or path#line for a JSONL line", False),
            _field(
                "reason",
                pa.string(),
                "empty, binary, encoding, no-text, too-large, malformed, too-deep, invalid-unicode, truncated, not-a-file, unreadable, broken-link, unsupported, no-article, fetch-failed, timeout, analysis",
                False,
            ),
            _field("detail", pa.string(), "one-line explanation"),
            _field("run_id", pa.string(), "the run that met it", False),
            _field("at", TS, "when", False),
        ]
    ),
    key=("source",),
)

FETCHES = Table(
    "fetches",
    pa.schema(
        [
            _field("url", pa.string(), "a URL named as a source, or the page of a feed entry it led to", False),
            _field("path", pa.string(), "the file in `fetched/` that holds its last answer"),
            _field("etag", pa.string(), "the ETag of that answer: the next request asks only for a change"),
            _field("last_modified", pa.string(), "its Last-Modified, for the same"),
            _field("content_type", pa.string(), "its Content-Type"),
            _field("fetched_at", TS, "when that answer came", False),
            _field(
                "checked_at",
                TS,
                "when the URL was last asked for (an answer of 304 Not Modified changes nothing else)",
                False,
            ),
        ]
    ),
    key=("url",),
    description="URLs fetched: where their answer is kept and what makes the next request conditional",
)

SCHEMA_HISTORY = Table(
    "schema_history",
    pa.schema(
        [
            _field("version", pa.int32(), "schema version the warehouse was created at or upgraded to", False),
            _field("applied_at", TS, "when", False),
            _field("newstally", pa.string(), "the newstally version that did it", False),
            _field("change", pa.string(), "what the upgrade did"),
        ]
    ),
    key=("version",),
    description="the warehouse's schema version: its newest row",
)


@dataclass(frozen=True)
class Version:
    """What an upgrade to this schema version does beyond adding the tables and columns it declares."""

    version: int
    change: str
    # documents analysed before this version lack a column only analysis can fill: the next run redoes them
    reanalyse: bool = False
    # the series are completed: every claim put in one, every series' names indexed
    regroup: bool = False


VERSIONS = (
    Version(1, "documents, sentences, entities, claims, sources, runs and rejects (no version recorded)"),
    Version(2, "schema_history; runs.documents_duplicate"),
    Version(3, "runs.documents_replaced"),
    Version(
        4,
        "series and series_claims; documents.published_at; claims.time_start, time_end, country, place_lat, "
        "place_lon; runs.documents_undated, series_joined",
        reanalyse=True,
        regroup=True,
    ),
    Version(5, "series_terms", regroup=True),
    Version(6, "claims.direction", reanalyse=True),
    Version(7, "fetches"),
    Version(8, "documents.duplicate_of; minhash_bands", reanalyse=True),
)

# Not a warehouse table: the sentences one batch hands from `analyse` to `extract` (positions in the batch,
# offsets in the document, and the sentence's entities as JSON [start, end, label] triples).
CANDIDATES = pa.schema(
    [
        ("doc", pa.int32()),
        ("sentence_idx", pa.int32()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("entities", pa.string()),
    ]
)

DOCUMENT_TABLES = (DOCUMENTS, SENTENCES, ENTITIES, CLAIMS, MINHASH_BANDS)
SERIES_TABLES = (SERIES, SERIES_CLAIMS, SERIES_TERMS)
ALL_TABLES = (*DOCUMENT_TABLES, *SERIES_TABLES, SOURCES, RUNS, REJECTS, FETCHES, SCHEMA_HISTORY)
BY_NAME = {t.name: t for t in ALL_TABLES}

_DUCKDB_TYPES = {
    pa.string(): "VARCHAR",
    pa.int32(): "INTEGER",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE",
    pa.bool_(): "BOOLEAN",
    TS: "TIMESTAMPTZ",
    DATE: "DATE",
}


def duckdb_type(type_: pa.DataType) -> str:
    """The DuckDB column type for a pyarrow type."""
    return _DUCKDB_TYPES[type_]


def create_table_sql(table: Table) -> str:
    """CREATE TABLE IF NOT EXISTS statement for a table, with its primary key when DuckDB enforces it."""
    columns = [column_sql(f) for f in table.schema]
    if table.indexed:
        columns.append(f"PRIMARY KEY ({', '.join(table.key)})")
    return f"CREATE TABLE IF NOT EXISTS {table.name} (\n  " + ",\n  ".join(columns) + "\n)"


def validated(table: Table, records: list[dict]) -> pa.Table:
    """Records as a pyarrow table of the table's schema; raises ValueError on a missing or mistyped column,
    and on a key that repeats when DuckDB does not check it."""
    try:
        data = pa.Table.from_pylist(records, schema=table.schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as err:
        raise ValueError(f"{table.name}: {err}") from err
    for field in table.schema:
        if not field.nullable and data.column(field.name).null_count:
            raise ValueError(f"{table.name}: column {field.name} may not be null")
    if not table.indexed and (repeated := repeated_keys(table, data)):
        raise ValueError(f"{table.name}: {repeated} rows repeat a key ({', '.join(table.key)})")
    return data


def repeated_keys(table: Table, data: pa.Table) -> int:
    """How many rows of `data` have a key an earlier row already has."""
    if data.num_rows == 0:
        return 0
    return data.num_rows - data.group_by(list(table.key), use_threads=False).aggregate([]).num_rows


def column_sql(field: pa.Field) -> str:
    """A column's definition in CREATE TABLE or ALTER TABLE ADD COLUMN."""
    default = field.metadata.get(b"default")
    return (
        f'"{field.name}" {duckdb_type(field.type)}'
        + (f" DEFAULT {default.decode()}" if default else "")
        + ("" if field.nullable else " NOT NULL")
    )


def column_docs(table: Table) -> list[tuple[str, str, str]]:
    """(column, DuckDB type, description) for every column of a table, for docs and `--help`."""
    return [(f.name, duckdb_type(f.type), f.metadata[b"doc"].decode()) for f in table.schema]
