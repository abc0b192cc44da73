"""What the claim rules read from spaCy's parse: lemmas, clauses, the entities near a figure, verbs of speech."""

from __future__ import annotations

from spacy.tokens import Span, Token

from transforms import attributes

# Subordinating words of clauses whose time is their own, not the figure's.
UNTIMED_MARKS = {"while", "whereas", "because", "although", "though", "if", "unless", "whether"}

SPEECH_VERBS = {
    "say",
    "tell",
    "report",
    "announce",
    "claim",
    "state",
    "estimate",
    "add",
    "confirm",
    "quote",
    "allege",
    "insist",
    "warn",
    "indicate",
    "show",
    "note",
    "put",
    "reveal",
    "disclose",
    "predict",
    "forecast",
    "calculate",
    "count",
    "record",
    "explain",
    "declare",
    "write",
}

OBJECT_DEPS = {"amod", "compound", "nmod", "poss", "npadvmod"}


def lemma_of(tok: Token) -> str:
    return attributes.lemma(tok).lower()


def in_clause_of(tok: Token, event: Token) -> bool:
    """Whether a time word says when the claim's event was: the verb it modifies governs the event with no
    relative or subordinate clause between ("was bombed last October after a mob lynched two soldiers"), or
    is the event's own, or in a clause under it that is not a relative one ("70 were injured when a bomb exploded
    this morning", not "the quake, which struck at 9:40, ...")."""
    verb = next((t for t in (tok, *tok.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb.i == event.i:
        return True
    if event in verb.ancestors:  # a clause of "when", "since", "after" dates the event; of "while", "because" not
        return not any(
            t.dep_ in ("relcl", "acl")
            or (t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in UNTIMED_MARKS for c in t.children))
            for t in path_up(verb, event)
        )
    if verb in event.ancestors:
        return not any(
            t.dep_ in ("relcl", "acl") or (t.dep_ == "advcl" and any(c.dep_ == "mark" for c in t.children))
            for t in path_up(event, verb)
        )
    return False


def path_up(tok: Token, ancestor: Token) -> list[Token]:
    """The tokens from `tok` up to `ancestor`, without it."""
    path = []
    while tok.i != ancestor.i:
        path.append(tok)
        tok = tok.head
    return path


def ents_near(sent: Span, span: Span, event: Token | None, claim_spans, labels) -> list[Span]:
    """Entities of a sentence outside every claim, those tied to the claim's event first, then the nearest."""

    def free(e: Span) -> bool:
        return not any(e.start_char < b and a < e.end_char for a, b in claim_spans)

    return nearest_first([e for e in sent.ents if e.label_ in labels and free(e)], span, event)


def nearest_first(ents: list[Span], span: Span, event: Token | None) -> list[Span]:
    """Spans tied to the claim's event first (its own or its preposition's), then by distance from the claim."""

    def attached(e: Span) -> bool:
        return event is not None and (e.root.head.i == event.i or e.root.head.head.i == event.i)

    def distance(e: Span) -> int:
        return e.start - span.end if e.start >= span.end else span.start - e.end

    return sorted(ents, key=lambda e: (not attached(e), distance(e)))


def per_sentence(sent: Span, what: str, make):
    """What `make` finds in a sentence, worked out once for all the sentence's claims (kept with its Doc)."""
    memo = sent.doc.user_data.setdefault("newstally", {})
    key = (what, sent.start, sent.end)
    if key not in memo:
        memo[key] = make()
    return memo[key]
