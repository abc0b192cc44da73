"""Who a sentence credits with a claim's figure: "according to activists", "the army said"."""

from __future__ import annotations

from spacy.tokens import Span, Token

from transforms.syntax import SPEECH_VERBS, lemma_of, per_sentence


def attribution(sent: Span, root: Token, text: str) -> str | None:
    """Who the sentence credits with the figure: "according to activists", "the army said"."""
    according, speakers = per_sentence(sent, "sources", lambda: _sources_of(sent))
    if according is not None:
        return _subject_text(according, text)
    ancestors = set(t.i for t in root.ancestors)
    speakers = sorted(speakers, key=lambda t: (t.i not in ancestors, abs(t.i - root.i)))
    for verb in speakers:
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.lower_ not in ("this", "that", "which"):  # "it" is resolved in context
            return _subject_text(subject, text)
    return None


def _sources_of(sent: Span) -> tuple[Token | None, list[Token]]:
    """The object of "according to" in a sentence, and its verbs of speech."""
    according = None
    for tok in sent:
        if tok.lower_ == "according" and (to := next((c for c in tok.children if c.lower_ == "to"), None)) is not None:
            according = next((c for c in to.children if c.dep_ == "pobj"), None)
            if according is not None:
                break
    return according, [t for t in sent if t.pos_ == "VERB" and lemma_of(t) in SPEECH_VERBS]


def _subject_text(tok: Token, text: str) -> str:
    cut = {"appos", "relcl", "acl", "punct", "advcl", "cc", "conj", "prep"}
    keep = [tok]
    for child in tok.children:
        if child.dep_ not in cut:
            keep.extend(child.subtree)
    keep.sort(key=lambda t: t.i)
    first, last = keep[0], keep[-1]
    return text[first.idx : last.idx + len(last)]
