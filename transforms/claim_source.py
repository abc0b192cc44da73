"""Who a sentence credits with a claim's figure: "according to activists", "the army said"."""

from __future__ import annotations

from spacy.tokens import Span, Token

from transforms.claim_place import DATELINE
from transforms.syntax import SPEECH_VERBS, lemma_of, per_sentence


def attribution(sent: Span, root: Token, text: str) -> str | None:
    """Who the sentence credits with the figure: "according to activists", "the army said"."""
    according, speakers = per_sentence(sent, "sources", lambda: _sources_of(sent))
    if according is not None:
        return _subject_text(according, 0, text)
    ancestors = set(t.i for t in root.ancestors)
    speakers = sorted(speakers, key=lambda t: (t.i not in ancestors, abs(t.i - root.i)))
    for verb in speakers:
        quoted = next((c for c in verb.children if c.dep_ == "dobj"), None) if lemma_of(verb) == "quote" else None
        as_saying = any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children)
        if quoted is not None and as_saying:  # "IRNA quoted the commander as saying ...": the commander speaks
            return _subject_text(quoted, 0, text)
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.lower_ not in ("this", "that", "which"):  # "it" is resolved in context
            return _subject_text(*_beyond_dateline(_issuer(subject) or subject, sent, text), text)
    return None


# What speaks for whoever issued it: "the statement issued by Chad's Paris embassy said".
DOCUMENT_NOUNS = {"statement", "report", "communique", "announcement", "release", "bulletin", "letter"}


def _issuer(subject: Token) -> Token | None:
    """Who issued the document that is a verb of speech's subject: "the statement issued by the embassy" → embassy."""
    if lemma_of(subject) not in DOCUMENT_NOUNS:
        return None
    for acl in (c for c in subject.children if c.dep_ == "acl"):
        for agent in (c for c in acl.children if c.dep_ == "agent"):
            return next((c for c in agent.children if c.dep_ == "pobj"), None)
    return None


def _beyond_dateline(subject: Token, sent: Span, text: str) -> tuple[Token, int]:
    """A subject the parse took from a wire story's dateline ("OSTEND, Belgium - Officials said"): the noun after
    it, and where the dateline ends."""
    dateline = DATELINE.match(text[sent.start_char : sent.end_char])
    if dateline is None or subject.idx >= sent.start_char + dateline.end():
        return subject, 0
    end = sent.start_char + dateline.end()
    after = [c for c in subject.children if c.idx >= end]
    return (after[0], end) if after else (subject, 0)


def _sources_of(sent: Span) -> tuple[Token | None, list[Token]]:
    """The object of "according to" in a sentence, and its verbs of speech."""
    according = None
    for tok in sent:
        if tok.lower_ == "according" and (to := next((c for c in tok.children if c.lower_ == "to"), None)) is not None:
            according = next((c for c in to.children if c.dep_ == "pobj"), None)
            if according is not None:
                break
    return according, [t for t in sent if t.pos_ == "VERB" and lemma_of(t) in SPEECH_VERBS]


def _subject_text(tok: Token, start: int, text: str) -> str:
    """The noun phrase of a source, without clauses, appositions or what comes before `start` (a dateline)."""
    cut = {"appos", "relcl", "acl", "punct", "advcl", "cc", "conj", "prep"}
    keep = [tok]
    for child in tok.children:
        if child.dep_ not in cut:
            keep.extend(t for t in child.subtree if t.idx >= start)
    keep.sort(key=lambda t: t.i)
    first, last = keep[0], keep[-1]
    return text[first.idx : last.idx + len(last)]
