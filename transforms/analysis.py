"""From an analysed spaCy Doc to sentence, entity and claim records."""

from __future__ import annotations

import bisect
import re

from spacy.language import Language
from spacy.tokens import Doc

from transforms.claims import claim_records
from transforms.text import is_link_line

PARAGRAPH_BREAKS = "newstally_paragraph_breaks"


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, so no sentence or entity spans two paragraphs."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


def with_paragraph_breaks(nlp: Language) -> Language:
    """The pipeline with paragraph breaks as sentence boundaries (before the parser or senter)."""
    if PARAGRAPH_BREAKS not in nlp.pipe_names:
        first = next((p for p in ("parser", "senter") if p in nlp.pipe_names), None)
        nlp.add_pipe(PARAGRAPH_BREAKS, before=first) if first else nlp.add_pipe(PARAGRAPH_BREAKS, first=True)
    return nlp


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) character offsets of each sentence, whitespace trimmed; empty sentences dropped."""
    spans = []
    for sent in doc.sents:
        raw = sent.text
        left = len(raw) - len(raw.lstrip())
        right = len(raw.rstrip())
        if right > left:
            spans.append((sent.start_char + left, sent.start_char + right))
    return spans


def link_sentences(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """Indexes of sentences on body lines that read as links or captions, not as prose."""
    skip = set()
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    starts = [p[0] for p in paragraphs]
    for idx, (start, _) in enumerate(spans):
        p = bisect.bisect_right(starts, start) - 1
        if p > 0 and is_link_line(text[paragraphs[p][0]:paragraphs[p][1]]):
            skip.add(idx)
    return skip


def document_records(doc_id: str, text: str, doc: Doc) -> dict[str, list[dict]]:
    """Sentence, entity and claim rows of one document; `doc` was made from `analysis_text(text)`."""
    spans = sentence_spans(doc)
    starts = [s for s, _ in spans]
    sentences = [
        {"doc_id": doc_id, "sentence_idx": i, "start_char": s, "end_char": e, "text": text[s:e]}
        for i, (s, e) in enumerate(spans)
    ]
    entities = []
    for ent in doc.ents:
        surface = text[ent.start_char:ent.end_char]
        if not surface.strip():
            continue
        entities.append({
            "doc_id": doc_id,
            "sentence_idx": max(0, bisect.bisect_right(starts, ent.start_char) - 1),
            "start_char": ent.start_char,
            "end_char": ent.end_char,
            "text": surface,
            "label": ent.label_,
        })
    claims = claim_records(doc_id, text, doc, spans, link_sentences(text, spans))
    return {"sentences": sentences, "entities": entities, "claims": claims}
