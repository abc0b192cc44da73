"""schemas/ is the one definition of every table."""

from datetime import UTC, datetime

import duckdb
import pytest

from schemas.tables import ALL_TABLES, CLAIMS, RUNS, SENTENCES, column_docs, create_table_sql, validated


def test_duckdb_tables_follow_the_pyarrow_schemas(tmp_path):
    con = duckdb.connect(str(tmp_path / "x.duckdb"))
    for table in ALL_TABLES:
        con.execute(create_table_sql(table))
        cols = [r[0] for r in con.execute(f"DESCRIBE {table.name}").fetchall()]
        assert cols == table.schema.names


def test_every_column_is_documented():
    for table in ALL_TABLES:
        assert all(doc for _, _, doc in column_docs(table))


def test_claims_have_the_guideline_fields():
    assert {
        "value",
        "value_low",
        "value_high",
        "qualifier",
        "kind",
        "unit",
        "object",
        "predicate",
        "category",
        "time_text",
        "place",
        "attributed_to",
        "surface",
        "sentence",
    } <= set(CLAIMS.schema.names)


def test_validation_rejects_missing_required_values():
    with pytest.raises(ValueError, match="run_id"):
        validated(RUNS, [{"run_id": None, "started_at": datetime.now(UTC), "status": "x", "pipeline_version": "v"}])
    with pytest.raises(ValueError, match="claims"):
        validated(CLAIMS, [{"claim_id": "a", "value": "not a number"}])


def test_keys_duckdb_does_not_index_are_checked_on_each_batch(tmp_path):
    row = {"doc_id": "d", "sentence_idx": 0, "start_char": 0, "end_char": 1, "text": "x"}
    assert validated(SENTENCES, [row, {**row, "sentence_idx": 1}]).num_rows == 2
    with pytest.raises(ValueError, match=r"sentences: 1 rows repeat a key \(doc_id, sentence_idx\)"):
        validated(SENTENCES, [row, dict(row)])
    con = duckdb.connect(str(tmp_path / "x.duckdb"))
    for table in ALL_TABLES:
        con.execute(create_table_sql(table))
    indexed = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
        ).fetchall()
    }
    assert indexed == {t.name for t in ALL_TABLES if t.indexed}
    assert not {"sentences", "entities", "claims"} & indexed
