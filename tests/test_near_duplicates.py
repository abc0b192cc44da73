"""The same story twice: a wire story republished with small edits, or sent again unchanged hours later, is linked
to the first copy (`documents.duplicate_of`), within a run and across runs, and its figures join the same series."""

from __future__ import annotations

import json

import pytest

from transforms.near_duplicates import band_rows, originals

STORY = (
    "Floods killed 31 people and forced 12,000 from their homes in the northern province on Monday, officials "
    "said. Rescue teams worked through the night to reach villages cut off by the water, and the governor asked "
    "the army for helicopters and boats. The river rose two metres in six hours after three days of heavy rain."
)
FERRY = (
    "A ferry carrying 212 people sank off the east coast early on Tuesday, and 57 had been rescued by dawn, the "
    "coast guard said. Fishing boats joined navy ships in the search as the weather improved."
)
OTHER = (
    "A road bridge collapsed in the capital on Tuesday, killing four people and injuring 17, police said. "
    "Engineers had warned last year that the bridge needed repairs, the city council said."
)


def _bands(texts: dict[str, str]) -> list[dict]:
    return [row for doc_id, text in texts.items() for row in band_rows(doc_id, text)]


def test_a_republished_story_with_a_new_headline_and_paragraph_is_a_copy_of_the_first():
    texts = {
        "first": "Floods kill 31 in north\n\n" + STORY,
        "corrected": "CORRECTED: Floods kill 31 in northern province\n\n"
        + STORY
        + "\n\nMore rain is due on Wednesday.",
        "other": "Bridge collapse kills 4\n\n" + OTHER,
        "copy-of-copy": "Floods kill 31\n\n" + STORY + "\n\nMore rain is due on Wednesday, forecasters said.",
    }
    found = originals(list(texts), _bands(texts), {})
    assert found == {"first": None, "corrected": "first", "other": None, "copy-of-copy": "first"}


def test_a_story_on_the_same_event_in_other_words_is_no_copy():
    retold = (
        "Thirty-one people died when floods swept the northern province, and about 12,000 lost their homes. "
        "The army sent helicopters after the governor's request, while the river kept rising after days of rain."
    )
    texts = {"first": STORY, "retold": retold}
    assert originals(list(texts), _bands(texts), {}) == {"first": None, "retold": None}


def test_a_copy_of_a_document_loaded_earlier_takes_that_document_or_its_original():
    texts = {"late-copy": STORY}
    assert originals(["late-copy"], _bands(texts), {"late-copy": ("second", "first", 12)}) == {"late-copy": "first"}
    assert originals(["late-copy"], _bands(texts), {"late-copy": ("first", None, 12)}) == {"late-copy": "first"}
    assert originals(["first"], _bands({"first": STORY}), {"first": ("copy", "first", 16)}) == {"first": None}


@pytest.fixture(scope="module")
def runs(prefect_server, tmp_path_factory):
    from flows.pipeline import newstally

    tmp_path = tmp_path_factory.mktemp("near")
    inbox, warehouse = tmp_path / "inbox", tmp_path / "wh"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Floods kill 31 in north\n\n" + STORY + "\n")
    (inbox / "c.txt").write_text("Bridge collapse kills 4\n\n" + OTHER + "\n")
    sent = [("w1", "2024-03-05T03:59:00Z"), ("w2", "2024-03-05T07:24:00Z"), ("w3", "2024-03-05T03:59:00Z")]
    (inbox / "wire.jsonl").write_text(
        "".join(json.dumps({"id": i, "title": "Ferry sinks", "text": FERRY, "published": at}) + "\n" for i, at in sent)
    )
    newstally(sources=[str(inbox)], warehouse=str(warehouse), report=False)
    (inbox / "b.txt").write_text(
        "UPDATE 1-Floods kill 31 in north\n\n" + STORY + "\n\nMore rain is due on Wednesday.\n"
    )
    newstally(sources=[str(inbox)], warehouse=str(warehouse), report=False)
    again = newstally(sources=[str(inbox)], warehouse=str(warehouse), report=False)
    return warehouse, again


def test_a_copy_in_a_later_run_is_linked_and_its_figures_join_the_first_copys_series(runs):
    from warehouse import Warehouse

    warehouse, again = runs
    wh = Warehouse(warehouse)
    linked = dict(
        wh.rows(
            "SELECT regexp_extract(d.source, '[a-z]\\.txt$'), regexp_extract(o.source, '[a-z]\\.txt$') "
            "FROM documents d LEFT JOIN documents o ON o.doc_id = d.duplicate_of WHERE d.source LIKE '%.txt'"
        )
    )
    assert linked == {"a.txt": None, "b.txt": "a.txt", "c.txt": None}
    series = wh.rows(
        "SELECT c.value, count(DISTINCT sc.series_id), count(DISTINCT c.doc_id) FROM claims c "
        "JOIN series_claims sc USING (claim_id) WHERE c.value IN (31, 12000) GROUP BY c.value ORDER BY 1"
    )
    assert series == [(31.0, 1, 2), (12000.0, 1, 2)]
    assert again["documents_new"] == 0
    assert wh.rows("SELECT count(*) FROM documents WHERE duplicate_of IS NULL") == [(3,)]
    assert wh.check().problems == []


def test_the_same_text_sent_again_later_is_another_document_linked_to_the_first(runs):
    from warehouse import Warehouse

    wh = Warehouse(runs[0])
    documents = wh.rows(
        "SELECT regexp_extract(d.source, 'w[0-9]$'), regexp_extract(o.source, 'w[0-9]$'), "
        "strftime(d.published_at AT TIME ZONE 'UTC', '%H:%M') FROM documents d "
        "LEFT JOIN documents o ON o.doc_id = d.duplicate_of WHERE d.source LIKE '%wire.jsonl%' ORDER BY 3"
    )
    assert documents == [("w1", None, "03:59"), ("w2", "w1", "07:24")]  # w3, sent at 03:59 too, is w1 again
    assert wh.rows("SELECT count(*) FROM sources WHERE source LIKE '%wire.jsonl%'") == [(3,)]
    series = wh.rows(
        "SELECT s.n_documents, strftime(s.last_published AT TIME ZONE 'UTC', '%H:%M') FROM series s "
        "JOIN series_claims sc USING (series_id) JOIN claims c USING (claim_id) WHERE c.value = 212 "
        "GROUP BY ALL"
    )
    assert series == [(2, "07:24")]
