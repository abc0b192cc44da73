"""From an analysed spaCy Doc to sentence, entity and claim records."""

from __future__ import annotations

import bisect
import re

import numpy
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

from transforms.claims import claim_records
from transforms.quantities import quantities
from transforms.text import content_id, is_link_line

PARAGRAPH_BREAKS = "newstally_paragraph_breaks"


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, so no sentence or entity spans two paragraphs."""
    # only whitespace tokens can hold a line break: visiting every token (or building doc.text) costs more
    for i in numpy.flatnonzero(doc.to_array(IS_SPACE)):
        if i + 1 < len(doc) and "\n" in doc[int(i)].text:
            doc[int(i) + 1].is_sent_start = True
    return doc


def with_paragraph_breaks(nlp: Language) -> Language:
    """The pipeline with paragraph breaks as sentence boundaries: before the parser, which keeps them, or
    after the senter, which would overwrite them."""
    if PARAGRAPH_BREAKS in nlp.component_names:  # saved with a model: put it where this pipeline needs it
        nlp.remove_pipe(PARAGRAPH_BREAKS)
    if PARAGRAPH_BREAKS not in nlp.pipe_names:
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
        elif "senter" in nlp.pipe_names:
            nlp.add_pipe(PARAGRAPH_BREAKS, after="senter")
        else:
            nlp.add_pipe(PARAGRAPH_BREAKS, first=True)
    return nlp


def sentence_spans(doc: Doc, text: str | None = None) -> list[tuple[int, int]]:
    """(start, end) character offsets of each sentence, whitespace trimmed; empty sentences dropped.

    A boundary inside brackets ("struck at 9:40 A.M. (0040 GMT)") is a segmentation error: the two
    parts are joined again, within a paragraph.
    """
    spans: list[tuple[int, int]] = []
    text = doc.text if text is None else text  # doc.text is rebuilt from every token on each access
    for sent in doc.sents:
        raw = sent.text
        left = len(raw) - len(raw.lstrip())
        right = len(raw.rstrip())
        if right <= left:
            continue
        start, end = sent.start_char + left, sent.start_char + right
        if spans and _open_bracket(text[spans[-1][0] : spans[-1][1]]) and "\n" not in text[spans[-1][1] : start]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _open_bracket(sentence: str) -> bool:
    return sentence.count("(") > sentence.count(")") or sentence.count("[") > sentence.count("]")


def link_sentences(text: str, spans: list[tuple[int, int]], title_first: bool = True) -> set[int]:
    """Indexes of sentences on body lines that read as links or captions, not as prose. The first paragraph is
    the title when `title_first` (the text opens its document)."""
    skip = set()
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    starts = [p[0] for p in paragraphs]
    for idx, (start, _) in enumerate(spans):
        p = bisect.bisect_right(starts, start) - 1
        if (p > 0 or not title_first) and p >= 0 and is_link_line(text[paragraphs[p][0] : paragraphs[p][1]]):
            skip.add(idx)
    return skip


# A "sentence" longer than this is no prose (a table, a run of figures): it gets no claims, and is never parsed
# on its own, which would take the parser's memory and time for one unbounded text.
MAX_CLAIM_SENTENCE = 5_000


def sentence_and_entity_rows(
    doc_id: str, text: str, doc: Doc, offset: int = 0, first_idx: int = 0
) -> dict[str, list[dict]]:
    """Sentence and entity rows of a document, and the sentences worth parsing for claims.

    `doc` is the document's text, or the piece of it that starts at `offset` (a long text is analysed in pieces,
    so that nothing grows with its length); `first_idx` is the index of the piece's first sentence.
    A candidate is (sentence_idx, start, end, entities as (start, end, label) within the sentence): a
    prose sentence in which the number grammar finds a quantity.
    """
    analysed = doc.text  # the text as analysed (capitals recased); rebuilt from every token on each access
    piece = text[offset : offset + len(analysed)]
    spans = sentence_spans(doc, analysed)
    starts = [s for s, _ in spans]
    sentences = [
        {
            "doc_id": doc_id,
            "sentence_idx": first_idx + i,
            "start_char": offset + s,
            "end_char": offset + e,
            "text": piece[s:e],
        }
        for i, (s, e) in enumerate(spans)
    ]
    entities = []
    by_sentence: dict[int, list[tuple[int, int, str]]] = {}
    for ent in doc.ents:
        surface = piece[ent.start_char : ent.end_char]
        if not surface.strip():
            continue
        idx = max(0, bisect.bisect_right(starts, ent.start_char) - 1)
        entities.append(
            {
                "doc_id": doc_id,
                "sentence_idx": first_idx + idx,
                "start_char": offset + ent.start_char,
                "end_char": offset + ent.end_char,
                "text": surface,
                "label": ent.label_,
            }
        )
        by_sentence.setdefault(idx, []).append((ent.start_char, ent.end_char, ent.label_))
    skip = link_sentences(piece, spans, title_first=offset == 0)
    candidates = [
        (
            first_idx + i,
            offset + s,
            offset + e,
            [(a - s, b - s, label) for a, b, label in by_sentence.get(i, []) if s <= a and b <= e],
        )
        for i, (s, e) in enumerate(spans)
        if i not in skip and e - s <= MAX_CLAIM_SENTENCE and quantities(analysed[s:e])
    ]
    return {"sentences": sentences, "entities": entities, "candidates": candidates}


def sentence_claim_rows(
    doc_id: str, sentence_idx: int, start: int, sentence_text: str, sent_doc: Doc, entities: list[tuple[int, int, str]]
) -> list[dict]:
    """Claim rows of one sentence parsed on its own; offsets are moved back into the document."""
    spans = [sent_doc.char_span(a, b, label=label) for a, b, label in entities]
    sent_doc.ents = [span for span in spans if span is not None]
    rows = claim_records(doc_id, sentence_text, sent_doc, [(0, len(sentence_text))], set())
    for row in rows:
        row["sentence_idx"] = sentence_idx
        row["start_char"] += start
        row["end_char"] += start
        row["claim_id"] = content_id(doc_id, str(row["start_char"]), str(row["end_char"]))
    return rows


def document_records(doc_id: str, text: str, doc: Doc) -> dict[str, list[dict]]:
    """Sentence, entity and claim rows of one document analysed by the whole pipeline in one pass."""
    rows = sentence_and_entity_rows(doc_id, text, doc)
    spans = [(r["start_char"], r["end_char"]) for r in rows["sentences"]]
    claims = claim_records(doc_id, text, doc, spans, link_sentences(text, spans))
    return {"sentences": rows["sentences"], "entities": rows["entities"], "claims": claims}
