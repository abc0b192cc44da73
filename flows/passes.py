"""The two spaCy passes over a batch of documents, as plain functions a task or a worker process can run."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute  # noqa: F401  (pa.compute)
from spacy.tokens import Doc

from flows import workers
from flows.model import language, sentences_and_entities, syntax
from flows.progress import documents_done
from schemas.tables import BY_NAME, CANDIDATES, validated
from transforms.analysis import document_records, sentence_and_entity_rows, sentence_claim_rows
from transforms.text import analysis_text, text_pieces
from transforms.time_place import claims_in_context

CHUNKS_PER_PROCESS = 4
# Each of the two passes (sentences and entities; claims) is half a document's work, for the progress bar.
PASS_SHARE = 0.5
# What one nlp.pipe batch holds at its peak grows with its longest text times the texts beside it
# (a batch of 32 articles around one of 25,000 characters took 190 MB more than the texts alone).
# Texts go in groups of about this many characters instead of a fixed count, and a longer text is
# parsed in pieces, so a run's memory depends on neither which articles land together nor the
# longest one; spaCy is no slower for it.
PIPE_CHARS = 20_000


@dataclass
class Analysed:
    """A batch after its first pass: sentence and entity rows, the sentences to parse, and failures.

    Arrow tables, not lists of dicts: Prefect walks list and dict inputs item by item, and a cached
    result is persisted, so it must pickle small and fast.
    """

    sentences: pa.Table
    entities: pa.Table
    candidates: pa.Table  # doc (position in the batch), sentence_idx, start, end, entities (JSON)
    n_sentences: list[int]
    failed: dict[int, str] = field(default_factory=dict)
    claims: pa.Table | None = None  # already made, when the model needs one full pass
    seconds: float = 0.0


TIMEOUT = "timeout"


class Clock:
    """Seconds each document has taken so far, against the per-document limit (NEWSTALLY_DOC_SECONDS)."""

    def __init__(self, limit: float | None = None) -> None:
        from flows.settings import settings

        self.limit = settings().doc_seconds if limit is None else limit
        self.spent: dict[int, float] = {}
        self.last = time.perf_counter()

    def over(self, doc: int) -> str | None:
        """Charge the time since the last call to `doc`; the failure reason once it is over the limit."""
        now = time.perf_counter()
        self.spent[doc] = self.spent.get(doc, 0.0) + now - self.last
        self.last = now
        if self.spent[doc] > self.limit:
            return f"{TIMEOUT}: its analysis took more than {self.limit:g} s (NEWSTALLY_DOC_SECONDS)"
        return None


def analysed_batch(docs: list[dict], model: str, doc_seconds: float | None = None) -> Analysed:
    """Sentences and entities of every document (senter and ner), and the sentences that hold a quantity.
    A document whose analysis takes more than `doc_seconds` fails (its later pieces are not analysed)."""
    started = time.perf_counter()
    first = sentences_and_entities(model)
    nlp = first or language(model)
    texts = [analysis_text(d["text"]) for d in docs]
    sentences, entities, candidates, claims, failed = [], [], [], [], {}
    counts = [0] * len(docs)
    clock = Clock(doc_seconds)
    last = None
    with nlp.memory_zone():
        for i, spacy_doc, offset in _each_parsed(nlp, texts, failed, joined=first is None):
            if i != last:  # a document's pieces come together: the one before is done
                documents_done(PASS_SHARE if last is not None else 0)
                last = i
            record = docs[i]
            if reason := clock.over(i):
                failed[i] = reason
                continue
            try:
                if first is None:  # the model splits sentences only with its parser: one full pass
                    rows = document_records(record["doc_id"], record["text"], spacy_doc)
                    claims.extend(rows["claims"])
                else:
                    rows = sentence_and_entity_rows(record["doc_id"], record["text"], spacy_doc, offset, counts[i])
                    candidates.extend(
                        {"doc": i, "sentence_idx": c[0], "start": c[1], "end": c[2], "entities": json.dumps(c[3])}
                        for c in rows["candidates"]
                    )
            except Exception as err:
                failed[i] = f"{type(err).__name__}: {err}"
                continue
            sentences.extend(rows["sentences"])
            entities.extend(rows["entities"])
            counts[i] += len(rows["sentences"])
    documents_done(PASS_SHARE if last is not None else 0)
    return Analysed(
        validated(BY_NAME["sentences"], sentences),
        validated(BY_NAME["entities"], entities),
        pa.Table.from_pylist(candidates, schema=CANDIDATES),
        counts,
        failed,
        validated(BY_NAME["claims"], claims) if first is None else None,
        time.perf_counter() - started,
    )


def sentence_claims(
    texts: dict[int, tuple[str, str]], candidates: list[dict], model: str
) -> tuple[pa.Table, dict[int, str]]:
    """Claims of candidate sentences, each parsed on its own, and the documents that failed.

    `texts` holds (doc_id, text) by position in the batch, for the documents the candidates name.
    """
    rows: list[dict] = []
    failed: dict[int, str] = {}
    nlp = syntax(model)
    with nlp.memory_zone():
        analysed = {pos: analysis_text(text) for pos, (_, text) in texts.items()}
        sentence_texts = [analysed[c["doc"]][c["start"] : c["end"]] for c in candidates]
        unparsed: dict[int, str] = {}
        clock = Clock()
        for i, sent_doc, _ in _each_parsed(nlp, sentence_texts, unparsed):
            c = candidates[i]
            if i and candidates[i - 1]["doc"] != c["doc"]:  # candidates come document by document
                documents_done(PASS_SHARE)
            doc_id, text = texts[c["doc"]]
            if c["doc"] in failed:
                continue
            if reason := clock.over(c["doc"]):
                failed[c["doc"]] = reason
                continue
            try:
                rows.extend(
                    sentence_claim_rows(
                        doc_id,
                        c["sentence_idx"],
                        c["start"],
                        text[c["start"] : c["end"]],
                        sent_doc,
                        json.loads(c["entities"]),
                    )
                )
            except Exception as err:
                failed.setdefault(c["doc"], f"{type(err).__name__}: {err}")
        for i, reason in unparsed.items():
            failed.setdefault(candidates[i]["doc"], reason)
        documents_done(PASS_SHARE if candidates else 0)
    return validated(BY_NAME["claims"], rows), failed


def analysed_in_parallel(docs: list[dict], model: str, processes: int) -> Analysed:
    """analysed_batch over a batch, in chunks spread over `processes` worker processes."""
    started = time.perf_counter()
    spans = _chunks(len(docs), processes)
    parts = workers.run_each(
        analysed_batch,
        [(docs[a:b], model) for a, b in spans],
        model=model,
        processes=processes,
        done=lambda k: documents_done(PASS_SHARE * (spans[k][1] - spans[k][0])),
    )
    if len(parts) == 1:
        return parts[0]
    counts = [n for part in parts for n in part.n_sentences]
    failed = {a + i: reason for (a, _), part in zip(spans, parts) for i, reason in part.failed.items()}
    candidates = pa.concat_tables(
        part.candidates.set_column(0, "doc", pa.compute.add(part.candidates.column("doc"), pa.scalar(a, pa.int32())))
        for (a, _), part in zip(spans, parts)
    )
    claims = None if parts[0].claims is None else pa.concat_tables(p.claims for p in parts)
    return Analysed(
        pa.concat_tables(p.sentences for p in parts),
        pa.concat_tables(p.entities for p in parts),
        candidates,
        counts,
        failed,
        claims,
        time.perf_counter() - started,
    )


def batch_claims(docs: list[dict], analysed: Analysed, model: str, processes: int) -> tuple[pa.Table, dict[int, str]]:
    """Claims of a batch's candidate sentences, in chunks spread over `processes` worker processes, with their
    time and place resolved against their documents."""
    claims, failed = _batch_claims(docs, analysed, model, processes)
    resolved = claims_in_context(claims.to_pylist(), docs, analysed.entities.to_pylist())
    return validated(BY_NAME["claims"], resolved), failed


def _batch_claims(docs: list[dict], analysed: Analysed, model: str, processes: int) -> tuple[pa.Table, dict[int, str]]:
    failed = dict(analysed.failed)
    if analysed.claims is not None:
        return analysed.claims, failed
    candidates = [c for c in analysed.candidates.to_pylist() if c["doc"] not in failed]
    jobs = []
    for a, b in _chunks(len(candidates), processes):
        part = candidates[a:b]
        jobs.append(({c["doc"]: (docs[c["doc"]]["doc_id"], docs[c["doc"]]["text"]) for c in part}, part, model))
    results = workers.run_each(
        sentence_claims,
        jobs,
        model=model,
        processes=processes,
        done=lambda k: documents_done(PASS_SHARE * len(jobs[k][0])),  # the documents a chunk's sentences are of
    )
    for _, part_failed in results:
        for pos, reason in part_failed.items():
            failed.setdefault(pos, reason)
    return pa.concat_tables(claims for claims, _ in results), failed


def _chunks(n: int, processes: int) -> list[tuple[int, int]]:
    """(start, stop) runs of range(n): one in one process; else several per process, so none waits long for another."""
    pieces = 1 if processes <= 1 or n == 0 else min(n, processes * CHUNKS_PER_PROCESS)
    return [(n * k // pieces, n * (k + 1) // pieces) for k in range(pieces)]


def _each_parsed(nlp, texts: list[str], failed: dict[int, str], joined: bool = False):
    """(position, Doc, offset) for each text, in order; when a group breaks the model, the group's rest one text at
    a time, so a bad text fails alone. A text longer than PIPE_CHARS comes in pieces cut at paragraph breaks, each
    with its offset in the text: spaCy's memory for one text grows faster than its length, so no piece may be
    long, and no Doc of the whole is made (`joined` makes one, for a pipeline that must see the whole text)."""
    for a, b in _size_groups(texts):
        if len(texts[a]) > PIPE_CHARS:  # a group of its own
            try:
                if joined:
                    pieces = list(nlp.pipe(text_pieces(texts[a], PIPE_CHARS)))
                    yield a, Doc.from_docs(pieces, ensure_whitespace=False), 0
                    continue
                offset = 0
                for piece in text_pieces(texts[a], PIPE_CHARS):
                    yield a, nlp(piece), offset
                    offset += len(piece)
                    if a in failed:
                        break
            except Exception as err:
                failed[a] = f"{type(err).__name__}: {err}"
            continue
        done = a
        try:
            for doc in nlp.pipe(texts[a:b], batch_size=b - a):
                yield done, doc, 0
                done += 1
            continue
        except Exception:
            pass
        for i in range(done, b):
            try:
                yield i, nlp(texts[i]), 0
            except Exception as err:
                failed[i] = f"{type(err).__name__}: {err}"


def _size_groups(texts: list[str], limit: int = PIPE_CHARS) -> list[tuple[int, int]]:
    """(start, stop) runs of consecutive texts of at most `limit` characters in all; a longer text alone."""
    groups, start, size = [], 0, 0
    for i, text in enumerate(texts):
        if i > start and size + len(text) > limit:
            groups.append((start, i))
            start, size = i, 0
        size += len(text)
    if start < len(texts):
        groups.append((start, len(texts)))
    return groups


def analyse_text(
    text: str, model: str | None = None, title: str | None = None, source: str = "text", published: str | None = None
) -> dict[str, list[dict]]:
    """The rows one text gives, made as the pipeline makes them (both passes): its document record, sentences,
    entities and claims. Without `title`, a first line that reads as a headline is the title; `published` is
    its publication date as a feed gives it.

    >>> analyse_text("Floods displaced 2,000 people.")["claims"][0]["value"]
    2000.0
    """
    from flows.settings import settings
    from transforms.documents import document_record

    model = model or settings().model
    record = document_record(source, text, title, published, title_in_text=title is None)
    if record is None:
        return {"documents": [], "sentences": [], "entities": [], "claims": []}
    analysed = analysed_batch([record], model)
    claims, failed = batch_claims([record], analysed, model, processes=1)
    if failed:
        raise ValueError(f"{source}: {failed[0]}")
    return {
        "documents": [record],
        "sentences": analysed.sentences.to_pylist(),
        "entities": analysed.entities.to_pylist(),
        "claims": claims.to_pylist(),
    }
