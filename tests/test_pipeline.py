"""The real flow on the seed article, into a temporary warehouse."""

from __future__ import annotations

import shutil

import pyarrow.parquet as pq
import pytest

from tests.conftest import SEED
from warehouse import Warehouse

DOCUMENT_TABLES = ("documents", "sentences", "entities", "claims")


def rows(warehouse, table: str):
    key = {
        "documents": "doc_id",
        "sentences": "doc_id, sentence_idx",
        "entities": "doc_id, start_char, label",
        "claims": "claim_id",
    }[table]
    return Warehouse(warehouse).rows(f"SELECT * FROM {table} ORDER BY {key}")


@pytest.fixture(scope="module")
def seeded(prefect_server, tmp_path_factory):
    """A warehouse after two runs of the flow over the seed; the tables after each run."""
    from flows.pipeline import newstally

    src = tmp_path_factory.mktemp("seeds")
    shutil.copy(SEED, src)
    warehouse = tmp_path_factory.mktemp("warehouse")
    first = newstally(sources=[str(src)], warehouse=str(warehouse))
    after_first = {t: rows(warehouse, t) for t in DOCUMENT_TABLES}
    second = newstally(sources=[str(src)], warehouse=str(warehouse))
    return warehouse, first, second, after_first


def query(warehouse, sql):
    return Warehouse(warehouse).rows(sql)


def test_seed_figures(seeded):
    warehouse, *_ = seeded
    got = query(warehouse, "SELECT value, qualifier, kind, unit, category, object FROM claims")
    by_value = {}
    for value, qualifier, kind, unit, category, obj in got:
        by_value.setdefault(value, []).append((qualifier, kind, unit, category, obj))
    assert ("approx", "count", None, "DISPLACED", "people") in by_value[960000]
    assert ("exact", "count", None, "KILL", "Turkish troops") in by_value[58]
    assert any(c[3] == "KILL" for c in by_value[33])
    assert any(c[0] == "at_least" and c[3] == "KILL" for c in by_value[15])
    assert any(c[1] == "measure" and c[2] == "km" for c in by_value[12])


def test_seed_has_no_dates_times_or_identifiers(seeded):
    warehouse, *_ = seeded
    surfaces = [s for (s,) in query(warehouse, "SELECT surface FROM claims")]
    assert not [s for s in surfaces if "March" in s or "midnight" in s or "M4" in s]
    assert 15 not in [v for (v,) in query(warehouse, "SELECT value FROM claims WHERE sentence LIKE '%March 15%'")]
    assert 4 not in [v for (v,) in query(warehouse, "SELECT value FROM claims WHERE sentence LIKE '%M4%'")]


def test_seed_entities(seeded):
    warehouse, *_ = seeded
    ents = set(query(warehouse, "SELECT text, label FROM entities"))
    assert {("Vladimir Putin", "PERSON"), ("Idlib", "GPE"), ("United Nations", "ORG")} <= ents


def test_seed_title_and_documents(seeded):
    warehouse, first, *_ = seeded
    ((title, source, n_sentences, run_id),) = query(
        warehouse, "SELECT title, source, n_sentences, run_id FROM documents"
    )
    assert title.startswith("Vladimir Putin announces Idlib ceasefire")
    assert source.endswith("idlib-ceasefire.txt")
    assert n_sentences == query(warehouse, "SELECT count(*) FROM sentences")[0][0] > 20
    assert run_id == first["run_id"]
    # the headline is analysed like any sentence
    assert query(warehouse, "SELECT count(*) FROM claims WHERE sentence_idx = 0 AND unit = 'hour'")[0][0] == 1


def test_second_run_changes_nothing(seeded):
    warehouse, first, second, after_first = seeded
    assert first["documents_new"] == 1 and second["documents_new"] == 0 and second["documents_skipped"] == 1
    for table in DOCUMENT_TABLES:
        assert rows(warehouse, table) == after_first[table], table
    ((n, distinct),) = query(warehouse, "SELECT count(*), count(DISTINCT (doc_id, start_char, end_char)) FROM claims")
    assert n == distinct > 0


def test_runs_are_recorded(seeded):
    warehouse, first, second, _ = seeded
    runs = dict(query(warehouse, "SELECT run_id, status FROM runs"))
    assert runs == {first["run_id"]: "completed", second["run_id"]: "completed"}


def test_figures_view_joins_documents(seeded):
    warehouse, *_ = seeded
    ((n_claims,),) = query(warehouse, "SELECT count(*) FROM claims")
    got = query(warehouse, "SELECT title, source FROM figures")
    assert len(got) == n_claims and all(t.startswith("Vladimir Putin") for t, _ in got)


def test_parquet_files_match_tables(seeded):
    warehouse, *_ = seeded
    for table in DOCUMENT_TABLES:
        files = list((warehouse / "parquet" / table).glob("*.parquet"))
        assert len(files) == 1, table
        assert pq.read_metadata(files[0]).num_rows == len(rows(warehouse, table))


def test_bad_parameters_fail_the_flow_with_a_clear_message(prefect_server, tmp_path):
    from flows.model import ModelError
    from flows.pipeline import newstally
    from flows.sources import SourceError

    with pytest.raises(SourceError, match="no such file or folder"):
        newstally(sources=[str(tmp_path / "missing")], warehouse=str(tmp_path / "wh"))
    with pytest.raises(ModelError, match="cannot be loaded"):
        newstally(sources=[str(SEED)], warehouse=str(tmp_path / "wh"), model="no_such_model_xyz")


def test_a_text_repeated_across_batches_is_analysed_once_and_counted_as_a_duplicate(prefect_server, tmp_path):
    import pyarrow.parquet as pq

    from flows.pipeline import newstally
    from warehouse import Warehouse, parquet

    src = tmp_path / "src"
    src.mkdir()
    text = SEED.read_text()
    # batches of 2: [a1 a2] [a3 a4] [a5]; a3 repeats a1's text and a5 repeats a2's, each in a later batch
    for name, copy in (("a1", "x"), ("a2", "y"), ("a3", "x"), ("a4", "z"), ("a5", "y")):
        (src / f"{name}.txt").write_text(f"Copy {copy}.\n\n{text}")
    run = newstally(sources=[str(src)], warehouse=str(tmp_path / "wh"), batch_size=2)
    assert (run["documents_seen"], run["documents_new"], run["documents_duplicate"], run["documents_skipped"]) == (
        5,
        3,
        2,
        0,
    )
    wh = Warehouse(tmp_path / "wh")
    assert wh.rows("SELECT count(*) FROM sources") == [(5,)]
    for table in DOCUMENT_TABLES:  # the Parquet copy holds what the database holds, no more
        in_files = sum(pq.read_metadata(f).num_rows for f in parquet.batch_files(wh.folder, table))
        assert [(in_files,)] == wh.rows(f"SELECT count(*) FROM {table}"), table
