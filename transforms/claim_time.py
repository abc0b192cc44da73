"""A claim's time as written: the date or time expression that scopes its figure, in its own clause."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from transforms.syntax import SPEECH_VERBS, ents_near, in_clause_of, lemma_of, path_up, per_sentence

TIME_PATTERN = re.compile(
    r"\b(?:(?:last|this|on|early|late) (?:night|morning|afternoon|evening|weekend)|(?:early |late )?(?:yesterday|"
    r"today|tonight)|(?:at|around|about) \d{1,2}(?:[.:]\d{2})? ?[ap]\.? ?m\.?|at the (?:same )?time(?: of the \w+)?)"
    r"(?![a-z])",
    re.I,
)

TIME_NOUNS = {"night", "day", "week", "weekend", "month", "year", "morning", "afternoon", "evening", "hour"}

TIME_ADVERBS = {"now", "earlier", "previously", "currently", "recently", "later", "far"}

TIME_PREPOSITIONS = {
    "since",
    "in",
    "on",
    "during",
    "by",
    "until",
    "till",
    "from",
    "before",
    "after",
    "over",
    "for",
    "through",
    "between",
    "at",
    "throughout",
    "within",
}

# Prepositions before a period that scopes a figure: "in three nights", "over 15 months", "of 15 months".
PERIOD_PREPOSITIONS = {"in", "over", "during", "for", "of", "within", "throughout"}


def time_text(sent: Span, span: Span, event: Token | None, claim_spans, text: str) -> str | None:
    """The date or time reference of a claim in its sentence, with its preposition ("since December")."""
    anchor = event if event is not None else span.root  # "reported last night that forces held four areas"
    if event is not None and lemma_of(event) in SPEECH_VERBS:  # "radio reported last night that forces were in ..."
        anchor = next((t for t in span.root.ancestors if t.dep_ == "ccomp" and t.head.i == event.i), anchor)
    ents = [
        e
        for e in ents_near(sent, span, event, claim_spans, {"DATE", "TIME"})
        if _is_when(e, anchor) and not _of_another_figure(e, anchor, span, claim_spans)
    ]
    ents = ents or [e for e in _periods(sent, span) if _is_when(e, anchor)] or _told_of_counted(sent, span)
    if not ents and (day := _date_of_when_clause(sent, span)) is not None:
        return text[day.start_char : day.end_char]
    if not ents:
        # what the small model's entities miss: "last night", "at 10.30 P.M."
        for found in per_sentence(sent, "time words", lambda: list(TIME_PATTERN.finditer(text, *_bounds(sent)))):
            words = sent.doc.char_span(found.start(), found.end(), alignment_mode="expand")
            if words is not None and _is_when(words, anchor):
                return text[found.start() : found.end()]
        own = _adverb_of_own_verb(span)
        return (
            _time_adverb(sent, event, span, text)
            or (own.text if own is not None else None)
            or _time_subject(event, text)
        )
    e = ents[0]
    if (own := _adverb_of_own_verb(span, e)) is not None:
        return own.text
    start = e.start_char
    before = e.doc[e.start - 1] if e.start > sent.start else None
    if before is not None and before.lower_ in TIME_PREPOSITIONS | PERIOD_PREPOSITIONS and e.root.head.i == before.i:
        start = before.idx
    return text[start : e.end_char]


def _told_of_counted(sent: Span, span: Span) -> list[Span]:
    """Dates of a relative clause that tells of what the figure counts: "the 15 explosions which rocked Mumbai on
    12 March 1993", "two gunmen who shot the settler dead on Sunday"."""
    noun = span.root.head if span.root.dep_ == "nummod" else span.root
    clauses = [c for c in noun.children if c.dep_ in ("relcl", "acl")]
    if not clauses:
        return []
    inside = {t.i for c in clauses for t in c.subtree}
    return [e for e in sent.ents if e.label_ in ("DATE", "TIME") and e.root.i in inside and _is_when(e, None)]


def _date_of_when_clause(sent: Span, span: Span) -> Span | None:
    """The date a "when" clause holding the claim tells of: "since January 2, when Chadian troops overran the
    garrison with the loss of 700 troops" is January 2 (without "since", which dates the sentence's own verb)."""
    for tok in (span.root, *span.root.ancestors):
        if tok.dep_ == "relcl" and any(c.dep_ == "advmod" and c.lower_ == "when" for c in tok.children):
            return next((e for e in sent.ents if e.label_ == "DATE" and e.start <= tok.head.i < e.end), None)
    return None


def _of_another_figure(ent: Span, anchor: Token, span: Span, claim_spans) -> bool:
    """Whether a time stands in a clause under the claim's verb that reports a figure of its own: "two banks were
    closed, making a total of 40 failures so far this year" dates the 40, not the two."""
    verb = next((t for t in (ent.root, *ent.root.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb.i == anchor.i or anchor not in verb.ancestors:
        return False
    clause = [(t.idx, t.idx + len(t)) for t in verb.subtree]
    mine = (span.start_char, span.end_char)
    return any(
        not (a < mine[1] and mine[0] < b) and any(start <= a < end for start, end in clause) for a, b in claim_spans
    )


def _bounds(sent: Span) -> tuple[int, int]:
    return sent.start_char, sent.end_char


def _periods(sent: Span, span: Span) -> list[Span]:
    """Periods that are figures of their own and scope the claim ("killed in three nights of air raids", "the toll
    of 15 months"): date entities other than the claim after a preposition of time."""
    return [
        e
        for e in sent.ents
        if e.label_ == "DATE"
        and not (e.start_char < span.end_char and span.start_char < e.end_char)
        and e.start > sent.start
        and e.doc[e.start - 1].lower_ in PERIOD_PREPOSITIONS
    ]


def _is_when(ent: Span, event: Token | None) -> bool:
    """A date or time entity that says when: not an age ("19-year-old", "Masood, 30"), a bare number, or when
    someone spoke ("reported last night that ...") about a figure in what they said."""
    words = ent.text.lower()
    if re.fullmatch(r"[\d.,]+", words) and not re.fullmatch(r"(?:1[5-9]|20)\d\d", words):
        return False  # a bare number, not a year
    if re.search(r"-old\b|\bold$|\bage", words):
        return False
    head = ent.root.head
    while head.dep_ == "prep":
        head = head.head
    speech = head.pos_ == "VERB" and lemma_of(head) in SPEECH_VERBS
    if speech and event is not None and event.i != head.i and head in event.ancestors:
        return False
    return event is None or _holds(ent, event) or in_clause_of(ent.root, event)


def _holds(ent: Span, event: Token) -> bool:
    """A period whose phrase holds the claim's clause ("in the past three years of unrest which has claimed 2,400
    lives"), or a date of the noun a relative clause tells of ("weekend attacks which left 26 dead")."""
    if ent.root in event.ancestors:
        path = path_up(event, ent.root)
        return path[0].dep_ in ("relcl", "acl") and all(t.pos_ in ("NOUN", "PROPN", "ADP") for t in path[1:])
    return event.dep_ == "relcl" and ent.root.head.i == event.head.i and ent.root.dep_ in ("compound", "amod", "nmod")


def _adverb_of_own_verb(span: Span, ent: Span | None = None) -> Token | None:
    """A time adverb of the verb the figure is an argument of ("the toll is now 40"), when the date entity (if any)
    lies outside that verb's phrase: "We have an update since this morning, and the number killed is now three"."""
    verb = span.root.head
    if verb.i == span.root.i or verb.pos_ not in ("VERB", "AUX"):
        return None
    if ent is not None and ent.root.i in {t.i for t in verb.subtree}:
        return None
    return next((c for c in verb.children if c.dep_ == "advmod" and c.lower_ in TIME_ADVERBS - {"far"}), None)


def _spoken_in_clause(span: Span, verb: Token) -> bool:
    """Whether the figure stands in a clause a verb of speech reports ("officials had earlier said it was two"): that
    verb's time is when they spoke."""
    if lemma_of(verb) not in SPEECH_VERBS:
        return False
    return any(t.dep_ == "ccomp" and t.head.i == verb.i for t in (span.root, *span.root.ancestors))


def _time_subject(event: Token | None, text: str) -> str | None:
    """A period that is the subject of the claim's verb: "the first night of bombing left 80 civilians dead"."""
    if (
        event is not None
        and event.dep_ == "conj"
        and not any(c.dep_ == "nsubj" and c.pos_ != "NUM" for c in event.children)
    ):
        event = event.head  # "the first night left 80 dead and 150 wounded": the conjuncts share the subject
    subject = next((c for c in event.children if c.dep_ == "nsubj"), None) if event is not None else None
    if subject is None or lemma_of(subject) not in TIME_NOUNS:
        return None
    first = min(t.i for t in subject.subtree if t.i <= subject.i)
    return text[subject.doc[first].idx : subject.idx + len(subject)]


def _time_adverb(sent: Span, event: Token | None, span: Span, text: str) -> str | None:
    """ "now", "earlier", "so far": a time adverb of the claim's verb, of a verb it is a participle or a conjunct
    of ("Earlier, troops shot eight children, killing one"), or of the figure ("a previously reported 85"), when
    no date or time entity is there."""
    words = [c for t in span for m in t.children if m.dep_ == "amod" for c in m.children]
    if event is not None:
        verbs = [event]
        while verbs[-1].head not in verbs and (
            verbs[-1].dep_ in ("xcomp", "conj")  # "are believed to have been killed"
            or (verbs[-1].dep_ == "advcl" and not any(c.dep_ == "mark" for c in verbs[-1].children))
        ):
            verbs.append(verbs[-1].head)
        words += [c for v in verbs if not _spoken_in_clause(span, v) for c in v.children]
    for child in words:
        if child.dep_ == "advmod" and child.lower_ in TIME_ADVERBS:
            before = child.doc[child.i - 1] if child.i > sent.start else None
            if child.lower_ == "far" and before is not None and before.lower_ == "so":
                return text[before.idx : child.idx + len(child)]
            if child.lower_ != "far":
                return child.text
    return None
