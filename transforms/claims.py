"""Numeric claims: quantities tied to what they count, their event, time, place and source."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from transforms.claim_place import COMPASS, place
from transforms.claim_source import attribution
from transforms.claim_time import time_text
from transforms.event_types import CATEGORY_OF, EVENT_LEMMAS, PEOPLE_CATEGORIES, names_people
from transforms.quantities import UNITS, Quantity, quantities
from transforms.syntax import OBJECT_DEPS, lemma_of
from transforms.text import content_id

# verbs that carry the event over a following infinitive: "forced to flee", "tried to cross"
LIGHT_VERBS = {
    "force",
    "try",
    "continue",
    "begin",
    "start",
    "seek",
    "attempt",
    "manage",
    "have",
    "want",
    "plan",
    "need",
    "expect",
    "be",
    "fail",
    "threaten",
    "hope",
    "help",
    "fear",
    "believe",
    "feel",
    "understand",
    "think",
    "appear",
    "seem",
    "report",
    "say",
    "know",
    "presume",
}
TRANSPARENT_VERBS = {"include"}  # "58 troops, including 33 soldiers killed": the event is the outer one
MILITARY_NOUNS = {
    "troop",
    "soldier",
    "force",
    "tank",
    "jeep",
    "warship",
    "ship",
    "peacekeeper",
    "marine",
    "unit",
    "battalion",
    "brigade",
    "company",
    "division",
    "police",
    "policeman",
    "officer",
    "aircraft",
    "plane",
    "jet",
    "helicopter",
    "vehicle",
    "gunboat",
    "commando",
    "paratrooper",
    "reservist",
    "guard",
    "personnel",
    "military",
    "army",
    "sailor",
    "airman",
    "fighter",
    "missile",
}
# Counted nouns that name a force: their number is the size of a force committed (DEPLOY) unless the sentence
# reports another event; equipment only as the one acting ("four jets struck").
FORCE_PEOPLE = {
    "troop",
    "soldier",
    "peacekeeper",
    "marine",
    "commando",
    "paratrooper",
    "reservist",
    "police",
    "policeman",
    "personnel",
    "sailor",
    "airman",
    "guardsman",
}
FORCE_EQUIPMENT = {"jet", "plane", "aircraft", "helicopter", "warship", "gunboat", "tank", "warplane"}
# Military nouns that name no one: "two helicopters were shot down" wounded no one.
MILITARY_THINGS = FORCE_EQUIPMENT | {"jeep", "ship", "vehicle", "missile"}
LOSS_VERBS = {"lose", "destroy", "down", "sink", "capture", "seize", "damage", "hit", "shoot"}
MOVEMENT_VERBS = {
    "march",
    "move",
    "enter",
    "pour",
    "roll",
    "arrive",
    "put",
    "place",
    "base",
    "keep",
    "mass",
    "position",
    "fly",
    "ship",
    "withdraw",
    "pull",
    "cross",
}
# help that is aid only when it is the thing counted: "half the IMF support", "a freeze on repayments"
AID_OBJECTS = {"support", "loan", "freeze", "fund", "aid", "relief", "assistance", "donation", "grant"}
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART", "LANGUAGE"}


def claim_records(doc_id: str, text: str, doc: Doc, sentences: list[tuple[int, int]], skip: set[int]) -> list[dict]:
    """Claim rows for one analysed document; `sentences` are (start, end) offsets, `skip` their indexes to pass over."""
    rows = []
    analysed = doc.text  # built anew on every access
    for idx, (s_start, s_end) in enumerate(sentences):
        if idx in skip:
            continue
        sent = doc.char_span(s_start, s_end, alignment_mode="expand")
        if sent is None:
            continue
        sentence_text = text[s_start:s_end]
        found = [q for q in quantities(analysed[s_start:s_end]) if _kept(q, sent, s_start)]
        claim_spans = [(s_start + q.start, s_start + q.end) for q in found]
        sentence_rows: list[dict] = []
        made: dict[int, dict] = {}  # claim rows by the position of their quantity in `found`
        for q in found:
            start, end = s_start + q.start, s_start + q.end
            row = {
                "claim_id": content_id(doc_id, str(start), str(end)),
                "doc_id": doc_id,
                "sentence_idx": idx,
                "sentence": sentence_text,
                "start_char": start,
                "end_char": end,
                "surface": text[start:end],
                "value": float(q.value),
                "value_low": None if q.low is None else float(q.low),
                "value_high": None if q.high is None else float(q.high),
                "qualifier": q.qualifier,
                "kind": q.kind,
                "unit": q.unit,
                **claim_context(doc, sent, q, s_start, claim_spans, text),
            }
            if (
                q.word_one
                and row["category"] not in PEOPLE_CATEGORIES
                and not _one_of_a_noun(doc, s_start + q.number_start)
            ):
                continue  # "one of them", "one side-effect": a determiner, not a count
            _as_measure_of_its_noun(row)
            converted = _converted_claim(sentence_text, q, found, made)
            if converted is not None:
                _as_conversion_of(row, converted)
            elif row["object"] is None and row["kind"] == "count":
                row["object"] = _elided_object(row, sentence_rows)
            sentence_rows.append(row)
            made[found.index(q)] = row
        rows.extend(sentence_rows)
    return rows


# Words that make a unit noun a time, not a measure: "last year", "next week".
TIME_DEICTICS = {"last", "next", "this", "past", "previous", "coming", "same", "that", "each", "every", "per"}


def _as_measure_of_its_noun(row: dict) -> None:
    """A count of a unit noun a word apart from its number is a measure: "517 rushing yards" (yards), "three
    consecutive days" (a duration), "40 metric tonnes"."""
    words = (row["object"] or "").lower().split()
    if row["kind"] != "count" or len(words) < 2 or not words[-1].isalpha() or len(words[-1]) < 4:
        return
    found = UNITS.get(words[-1])
    if found is None or found[0] not in ("measure", "duration"):
        return
    if not (words[-1].endswith("s") or row["value"] == 1) or words[-2] in TIME_DEICTICS:
        return  # "2.1 last year": a number, then when it held
    kind, unit, factor = found
    row.update(kind=kind, unit=unit, value=row["value"] * factor)
    for bound in ("value_low", "value_high"):
        if row[bound] is not None:
            row[bound] *= factor


def _one_of_a_noun(doc: Doc, start: int) -> bool:
    """ "one reactor", "one proposal": "one" as the number of a noun, which the guidelines count like "two
    leaders"; not "one of them", "a one-off charge", "one side-effect of the disaster" (a determiner)."""
    span = doc.char_span(start, start + 3, alignment_mode="expand")
    if span is None:
        return False
    one, noun = span[0], span[0].head
    if one.dep_ != "nummod" or noun.pos_ != "NOUN" or noun.i != one.i + 1:
        return False  # "a one-off charge", "the number one side"
    return not any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children)  # "One side-effect of ..."


def _converted_claim(sentence: str, q: Quantity, found: list[Quantity], made: dict[int, dict]) -> dict | None:
    """The claim a bracketed conversion restates: "$1.3bn (£691m)", "45 km (28 miles)", "5bn rupees ($50m; £27m)"."""
    i = found.index(q)
    j = i - 1
    while j >= 0 and re.fullmatch(r"\s*;\s*", sentence[found[j].end : found[j + 1].start]) and found[j].kind == q.kind:
        j -= 1
    if j < 0 or q.kind not in ("money", "measure"):
        return None
    if not re.fullmatch(r"\s*\(\s*", sentence[found[j].end : found[j + 1].start]) or found[j].kind != q.kind:
        return None
    return made.get(j)


def _as_conversion_of(row: dict, main: dict) -> None:
    """A conversion keeps the qualifier, object and event of the amount it converts."""
    row["qualifier"] = main["qualifier"]
    if main["qualifier"] in ("approx",):
        row["value_low"] = row["value_high"] = None
    elif main["qualifier"] in ("at_most", "less_than"):
        row["value_low"], row["value_high"] = None, row["value"]
    elif main["qualifier"] in ("at_least", "more_than"):
        row["value_low"], row["value_high"] = row["value"], None
    for field in ("object", "predicate", "category", "direction", "time_text", "place", "attributed_to"):
        row[field] = main[field]


def _elided_object(row: dict, earlier: list[dict]) -> str | None:
    """What a bare number counts: "killed 45 workers and injured 185" → workers; a casualty with no noun → people."""
    for other in reversed(earlier):
        if other["kind"] == "count" and other["object"]:
            return other["object"]
    return "people" if row["category"] in PEOPLE_CATEGORIES else None


def _number_tokens(sent: Span, q: Quantity, offset: int) -> Span | None:
    return sent.doc.char_span(offset + q.number_start, offset + q.number_end, alignment_mode="expand")


def _kept(q: Quantity, sent: Span, offset: int) -> bool:
    """False for numbers the parse shows to be years, ages or parts of names."""
    number = _number_tokens(sent, q, offset)
    if number is None:
        return False
    anchor = number[-1]
    if q.maybe_year and q.qualifier == "exact" and not _counts_plural_noun(anchor):
        return False  # "in 1987", not "some 1200 arrived"
    if q.kind == "count" and q.qualifier != "vague":
        if anchor.ent_type_ in NAME_LABELS and not _counts_plural_noun(anchor):
            return False
        if anchor.ent_type_ in ("DATE", "TIME") and _day_like(anchor, q.value) and not _counts_plural_noun(anchor):
            return False
        if _is_age(anchor) or _age_at_death(anchor):
            return False
        if _is_name_part(number, anchor):
            return False
    return True


def _day_like(tok: Token, value: float | None) -> bool:
    """A whole number that could be a day of the month or an hour, in figures or in words ("March nine"): what a
    DATE or TIME entity may hold."""
    if tok.dep_ == "nummod" and tok.head.tag_ in ("NNS", "NNPS"):
        return False  # "three consecutive days", "3 days": a period
    if tok.text.isdigit():
        return int(tok.text) <= 31
    return tok.is_alpha and value is not None and value == int(value) and 1 <= value <= 31


def _is_name_part(number: Span, anchor: Token) -> bool:
    """ "iPhone 11", "S&P 500", "737 Max jets", "575 Wilbraham Road", "the Six Nations", "Formula One": a number
    inside a name, not a count."""
    if _title_case(number.sent):
        return False
    first = number[0]
    before = first.nbor(-1) if first.i > number.sent.start else None
    after = anchor.nbor(1) if anchor.i + 1 < number.sent.end else None
    if _capitalised_word(number) and before is not None and before.is_alpha:
        # a number word capitalised inside a sentence (not its first word, nor a quote's) beside a capitalised word,
        # or after one and "of" ("the Group of Seven")
        of_name = before.lower_ == "of" and before.i > number.sent.start and before.nbor(-1).text[:1].isupper()
        return of_name or any(t is not None and t.is_alpha and t.text[0].isupper() for t in (before, after))
    if _counts_plural_noun(anchor):
        return False
    if before is not None and not before.whitespace_ == "" and _is_capitalized(before) and before.i > number.sent.start:
        return before.ent_type_ not in ("DATE", "NORP", "GPE") and before.pos_ in ("PROPN", "NOUN", "X")
    model_number = anchor.text.isdigit() and len(anchor.text) <= 4  # "737 Max", not "63,150 Model 3s"
    return (
        after is not None
        and after.pos_ == "PROPN"
        and _is_capitalized(after)
        and model_number
        and anchor.dep_ in ("compound", "nmod", "nummod")
    )


def _capitalised_word(number: Span) -> bool:
    """ "Six", "Twenty-One": a number written as a word with a capital, not "SIX" or "six"."""
    text = number.text
    return text[:1].isupper() and text.replace("-", "").isalpha() and not text.isupper()


def _is_capitalized(tok: Token) -> bool:
    return any(c.isupper() for c in tok.text)


def _title_case(sent: Span) -> bool:
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) / len(words) > 0.6


def _counts_plural_noun(tok: Token) -> bool:
    head = tok.head
    return (
        tok.dep_ in ("nummod", "quantmod")
        and head.tag_ in ("NNS", "NNPS")
        and head.i > tok.i
        and head.ent_type_ not in ("DATE", "TIME")
    )


def _is_age(tok: Token) -> bool:
    """ "Walid Saadi, 53, was killed": a number between commas after a person's name."""
    doc = tok.doc
    if tok.i < 2 or tok.i + 1 >= len(doc):
        return False
    named = doc[tok.i - 2].ent_type_ == "PERSON" or doc[tok.i - 2].pos_ == "PROPN"
    return (
        doc[tok.i - 1].text == ","
        and named
        and doc[tok.i + 1].text in (",", ")")
        and tok.text.isdigit()
        and int(tok.text) <= 120
    )


def _age_at_death(tok: Token) -> bool:
    """ "The conductor has died in Germany at 50": a bare number after "at" that tells when someone died."""
    prep = tok.head
    return (
        tok.dep_ == "pobj"
        and prep.lower_ == "at"
        and lemma_of(prep.head) == "die"
        and not any(c.dep_ in ("prep", "compound") for c in tok.children)
        and tok.text.isdigit()
        and int(tok.text) <= 120
    )


def claim_context(doc: Doc, sent: Span, q: Quantity, offset: int, claim_spans, text: str) -> dict:
    """object, predicate, category, time_text, place and attributed_to of one quantity."""
    span = doc.char_span(offset + q.start, offset + q.end, alignment_mode="expand")
    root = _span_root(span)
    inside = {t.i for t in span}
    if root.head.lower_ == "strong":
        inside.add(root.head.i)  # "a 3,000-strong brigade" counts a brigade
    obj = counted_noun(root, q.kind, inside)
    start = obj if obj is not None and obj.i not in inside and obj.head.i != root.i else root
    path, event = event_path(start)
    return {
        "object": _described(root, q, event, inside, text)
        or (_object_text(obj, q.kind, inside, text) if obj is not None else None),
        "predicate": lemma_of(event) if event is not None else None,
        "category": category(q.kind, obj, root, path, event, sent),
        "direction": direction(root, obj),
        "time_text": time_text(sent, span, event, claim_spans, text),
        "place": place(sent, span, event, claim_spans, text),
        "attributed_to": attribution(sent, root, text),
    }


def _described(root: Token, q: Quantity, event: Token | None, inside: set[int], text: str) -> str | None:
    """What English names by its construction rather than by a noun: a distance ("45 km from the base", "heard
    several kilometres away"), a cost ("to cost Sri Lanka $1.3bn"), a sentence ("jailed him for 11 years"), the
    number of something ("the number of US forces killed is now three")."""
    if q.kind == "measure" and q.unit in LENGTH_UNITS:
        after = _after_brackets(root)
        if root.dep_ == "npadvmod" and root.head.lower_ == "from" and (pobj := _pobj(root.head)) is not None:
            return "distance from " + _phrase(pobj, inside, text)  # "some 45 km from the base"
        if root.dep_ == "npadvmod" and root.head.lower_ in COMPASS:  # "some 240 km north of Tokyo"
            of = next((c for c in root.head.children if c.lower_ == "of"), None)
            if of is not None and (pobj := _pobj(of)) is not None:
                return "distance from " + _phrase(pobj, inside, text)
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ == "from" and (pobj := _pobj(child)) is not None:
                return "distance from " + _phrase(pobj, inside, text)
            if child.lower_ in COMPASS and (of := next((c for c in child.children if c.lower_ == "of"), None)):
                if (pobj := _pobj(of)) is not None:
                    return "distance from " + _phrase(pobj, inside, text)
        if after is not None and after.lower_ == "away":
            return "distance"
    if q.kind == "money" and root.dep_ == "dobj" and lemma_of(root.head) == "cost":
        return "cost"
    if q.kind == "duration" and event is not None and lemma_of(event) in ("jail", "imprison", "sentence"):
        return "prison sentence"
    if q.kind == "count" and (counted := _number_of(root)) is not None:
        return _phrase(counted, inside, text)
    return None


def _number_of(root: Token) -> Token | None:
    """What "the number of X is N" counts: X ("the number of US forces killed is now three")."""
    if root.dep_ != "attr":
        return None
    subject = next((c for c in root.head.children if c.dep_ == "nsubj"), None)
    if subject is None or lemma_of(subject) not in ("number", "total", "toll", "tally", "count"):
        return None
    of = next((c for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return _pobj(of) if of is not None else None


def _after_brackets(tok: Token) -> Token | None:
    """The token after `tok`, past a bracketed conversion: "several kilometers (miles) away" → away."""
    doc, i = tok.doc, tok.i + 1
    if i < len(doc) and doc[i].text == "(":
        i = next((j + 1 for j in range(i, min(len(doc), i + 8)) if doc[j].text == ")"), i)
    return doc[i] if i < len(doc) else None


def _pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def direction(root: Token, obj: Token | None) -> str | None:
    """ "up" or "down" when the figure is a change or a level a change reached or left: "rose 5%", "down 0.8%",
    "increased by 2 percent", "a 3 percent drop", "fell to $2.3 billion", "plummeted from $36,040"; else None."""
    node = root
    for _ in range(4):
        head = node.head
        if head.i == node.i:
            return None
        through_preposition = node.dep_ == "pobj" and head.lower_ in CHANGE_PREPOSITIONS
        if not (
            node.dep_ in CHANGE_DEPS
            or through_preposition
            or (node.dep_ == "prep" and node.lower_ in CHANGE_PREPOSITIONS)
        ):
            return None
        found = CHANGE_WORDS.get(lemma_of(head)) or CHANGE_WORDS.get(head.lower_)
        if node.dep_ == "prep" and node.lower_ == "of" and found is None:
            return None  # "an increase of 20%", not "control of 3 towns"
        if found is not None:
            if lemma_of(head) in PEOPLE_LOSS_VERBS and obj is not None and node.dep_ == "dobj" and _is_people(obj):
                return None  # "lost 700 troops" is a toll, not a change
            return found
        if head.pos_ in ("VERB", "AUX"):
            return None  # the figure of a verb that says no change
        node = head
    return None


def _span_root(span: Span) -> Token:
    """The token of a span whose head lies outside it (the last such, for a range)."""
    outside = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head.i == t.i]
    nouns = [t for t in outside if t.pos_ in ("NOUN", "NUM", "PROPN", "ADJ")]
    return (nouns or outside or [span[-1]])[-1]


def _of_object(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            if pobj:
                return pobj[0]
    return None


def _of_head(tok: Token) -> Token | None:
    """The noun a quantity is attached to by "of": "repayments of up to 30 trillion rupiah" → repayments."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in ("NOUN", "PROPN"):
        return tok.head.head
    return None


def counted_noun(root: Token, kind: str, inside: set[int]) -> Token | None:
    """The noun a quantity counts or measures: "58 Turkish troops" → troops, "thousands of troops" → troops."""
    if kind in ("count", "ratio"):
        if (of := _of_object(root)) is not None:
            return _beyond_pronoun(of)
        if root.head.lower_ == "strong" and root.head.head.pos_ == "NOUN":
            return root.head.head  # "a 3,000-strong brigade"
        if root.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod", "appos", "predet") and root.head.pos_ in (
            "NOUN",
            "PROPN",
            "PRON",
        ):
            return root.head
        if root.pos_ in ("NOUN", "PROPN") and root.i not in inside:
            return root
        if kind == "ratio" and root.dep_ in ("nsubj", "nsubjpass"):
            return _attribute(root.head)
        return None
    if kind == "duration" and (of := _of_object(root)) is not None:
        return of
    if root.dep_ in ("amod", "compound", "nmod", "nummod", "npadvmod", "appos") and root.head.pos_ in ("NOUN", "PROPN"):
        return root.head
    if kind in ("money", "percent") and (of := _of_object(root)) is not None:
        return of  # "$2bn of losses", "20% of national income"
    if kind == "money" and (what := _money_use(root)) is not None:
        return what
    if (head := _of_head(root)) is not None:
        return head
    if kind == "measure" and root.head.pos_ == "ADJ" and root.head.head.pos_ in ("NOUN", "PROPN"):
        return root.head.head  # "a crater three meters wide"
    if kind == "measure" and (noun := next((c for c in root.lefts if c.dep_ == "nmod" and c.pos_ == "NOUN"), None)):
        return noun  # "ripping a crater half a meter deep"
    verb = _governing_verb(root)
    if verb is not None and verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head  # "an earthquake registering 6.9 on the Richter scale"
    if verb is not None and (kind not in ("money", "percent") or _subject_is_measured(verb)):
        subject = subject_of(verb)
        if subject is not None and subject.i not in inside:
            return _relative_antecedent(subject)
    return None


def subject_of(verb: Token) -> Token | None:
    """A verb's subject; a verb coordinated with another shares its subject ("the estimate ... was flattened and
    was 20 trillion rupiah"); a noun rather than a pronoun or quantifier when there are two."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    nouns = [c for c in subjects if c.pos_ in ("NOUN", "PROPN")]
    return (nouns or subjects or [None])[0]


def _subject_is_measured(verb: Token) -> bool:
    """Whether an amount's verb says its subject is what the amount measures ("the cost was $3m", "sales rose 5%",
    "the bill totals $2bn"), not who asks, pays, holds or raises it ("the island state is asking for $320m")."""
    return lemma_of(verb) in MEASURED_SUBJECT_VERBS or verb.lower_ in MEASURED_SUBJECT_VERBS


def _money_use(root: Token) -> Token | None:
    """What an amount of money is in or for: "$50 million in relief funds", "pledged $2bn in aid", "$3 million
    for reconstruction"."""
    holders = [root] + ([root.head] if root.dep_ == "dobj" and root.head.pos_ == "VERB" else [])
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "for") and child.i > root.i:
                noun = next((c for c in child.children if c.dep_ == "pobj" and c.pos_ == "NOUN"), None)
                if noun is not None:
                    return noun
    return None


def _beyond_pronoun(tok: Token) -> Token:
    """ "half of them are children" counts children."""
    if tok.pos_ == "PRON":
        clause = tok.head.head if tok.head.dep_ == "prep" else tok.head
        verb = clause.head if clause.dep_ in ("nsubj", "nsubjpass") else None
        if verb is not None and (attr := _attribute(verb)) is not None:
            return attr
    return tok


def _attribute(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("attr", "acomp")), None)


def _relative_antecedent(tok: Token) -> Token:
    if tok.tag_ in ("WDT", "WP") and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok


def _governing_verb(tok: Token) -> Token | None:
    for node in list(tok.ancestors)[:8]:
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None


def event_path(tok: Token) -> tuple[list[Token], Token | None]:
    """The tokens from a quantity up to its verb or event noun, and that word ("killed 58 troops" → killed)."""
    for child in tok.children:
        if child.pos_ == "VERB" and (child.dep_ == "acl" or (child.dep_ == "relcl" and _is_passive(child))):
            return [child], _through_light_verb(child)
    path: list[Token] = []
    for node in list(tok.ancestors)[:8]:
        path.append(node)
        if node.pos_ == "VERB" and lemma_of(node) in TRANSPARENT_VERBS and node.dep_ == "prep":
            continue
        if node.pos_ == "VERB" or (node.pos_ == "AUX" and node.dep_ == "ROOT"):
            return path, _through_light_verb(node)
        if node.pos_ == "NOUN" and lemma_of(node) in CATEGORY_OF:
            return path, node
    return path, None


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _through_light_verb(verb: Token) -> Token:
    for _ in range(3):
        if lemma_of(verb) not in LIGHT_VERBS:
            break
        nxt = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
        if nxt is None:
            break
        verb = nxt
    return verb


def _is_people(tok: Token | None) -> bool:
    """A noun that names people: "civilians", "Palestinians", "workers", "others"."""
    if tok is None:
        return True  # a bare number after a verb of violence counts people
    lemma = lemma_of(tok)
    if lemma in MILITARY_THINGS:
        return False
    return names_people(lemma) or tok.ent_type_ in ("NORP", "PERSON") or tok.pos_ == "PRON" or lemma in MILITARY_NOUNS


def category(
    kind: str, obj: Token | None, root: Token, path: list[Token], event: Token | None, sent: Span
) -> str | None:
    """The event type of a claim, from its verb and the words around its object; None when it reports none."""
    aid_words = EVENT_LEMMAS["AID"].split()
    if kind == "money":
        scope = list(event.subtree) if event is not None else list(sent)
        # not a participle before another noun: "freezing temperatures" are no freeze of debt
        near_aid = any(lemma_of(t) in aid_words and not (t.dep_ == "amod" and t.tag_ == "VBG") for t in scope)
        return "AID" if near_aid or (obj is not None and lemma_of(obj) in AID_OBJECTS) else None
    if kind == "duration":
        cat = CATEGORY_OF.get(lemma_of(event)) if event is not None else None
        return "ARREST" if cat == "ARREST" and lemma_of(event) != "capture" else None
    if kind not in ("count", "ratio"):
        return None
    if kind == "ratio" and obj is not None and lemma_of(obj) in AID_OBJECTS:
        return "AID"
    obj_lemma = lemma_of(obj) if obj is not None else ""
    military = obj_lemma in MILITARY_NOUNS
    if event is not None and military and lemma_of(event) in MOVEMENT_VERBS and _conjunct_head(obj).i == event.i:
        return "DEPLOY"  # "placed 2,000 troops on alert", not "placed an order for four aircraft"
    for w in _category_words(obj, root, path, event):
        lemma = lemma_of(w)
        cat = CATEGORY_OF.get(lemma) or CATEGORY_OF.get(w.lower_)
        if cat is None or cat == "AID":
            continue
        if w.pos_ == "PROPN" and w.ent_type_ in NAME_LABELS or w.ent_type_ in ("DATE", "TIME"):
            continue  # a word of a name or a date: "Merrill Lynch", "March"
        if w.pos_ in ("VERB", "AUX") and any(c.dep_ == "neg" for c in w.children):
            continue  # "supporters ... would not be arrested", "the 40 passengers were not hurt"
        if cat == "AFFECT" and w.pos_ != "VERB" and not (obj is not None and w in _state_of(obj)):
            continue
        if cat == "AFFECT" and w.pos_ == "VERB" and lemma in ("need", "lack") and not _in_need(w, root, obj):
            continue  # "the bank needed 800 employees", "needing five sets": what is needed is in no need
        if cat == "DEPLOY" and w.pos_ == "VERB" and _to_hospital(w):
            return "WOUND"  # "the fire killed one and sent 17 to hospital"
        if cat == "DEPLOY" and not (w.pos_ == "VERB" and (military or (obj is None and root.head.i == w.i))):
            continue  # "sent 300 to the front", not "sent prices to a high of 306.10"
        if lemma == "round" and (w.pos_ != "VERB" or any(c.dep_ == "prt" and c.lower_ != "up" for c in w.children)):
            continue  # "rounded up 300 suspects", "75 were rounded", not "several rounds of talks", "rounding out"
        if lemma == "execute" and not _is_people(obj):
            continue  # "executed 12 prisoners", not "executed two licenses"
        if lemma == "treat" and any(c.dep_ == "prep" and c.lower_ == "to" for c in w.children):
            continue  # "treated for burns", not "fans were treated to performances"
        if cat == "PROTEST" and military:
            continue
        if cat in ("ARREST", "KIDNAP", "PROTEST", "WOUND") and not _is_people(obj):
            continue
        if cat == "PROTEST" and obj is None and w.pos_ == "VERB" and _things_rise(w, root):
            continue  # "Gulf exports rallied", not "some 5,000 rallied"
        if cat == "PROTEST" and obj is None and w.pos_ == "NOUN" and _value_of_another_noun(root, w):
            continue  # "a rally of 5,000", "5,000 joined the rally", not "a rally sent the index to a high of 306.10"
        if cat == "REFUGEE" and obj is not None and w.i != obj.i and (w.head.i != obj.i or not _is_people(obj)):
            continue  # "refugee families" are refugees, "two refugee camps" are not
        if cat == "DISPLACED" and lemma == "flee" and CATEGORY_OF.get(obj_lemma) == "REFUGEE":
            return "REFUGEE"
        if cat == "KILL" and lemma == "body" and _body_of_a_thing(w):
            continue
        if cat == "KILL" and lemma == "life" and w.i != (obj.i if obj is not None else -1):
            continue
        if cat == "KILL" and lemma == "loss" and (obj is None or not _is_people(obj)):
            continue  # "the loss of 700 troops", not "job losses"
        if cat == "KILL" and lemma == "toll" and not _is_people(obj):
            continue  # a toll of people, not "two S&L failures raise the year's toll to 10"
        if cat == "WOUND" and (
            _to_death(w) or (event is not None and any(_to_death(v) for v in (event, *event.conjuncts)))
        ):
            return "KILL"
        return cat
    if event is not None and _blew_themselves_up(event, root):
        return "KILL"  # "two suicide bombers blew themselves up": they died
    if kind == "count" and root.head.lower_ == "strong" and lemma_of(root.head.head) in MILITARY_NOUNS:
        return "DEPLOY"  # "a 3,000-strong brigade": the size of a force
    return "DEPLOY" if kind == "count" and _is_force(obj, event) else None


def _in_need(verb: Token, number: Token, obj: Token | None) -> bool:
    """Whether a verb of need ("need", "lack") tells that the figure's people or things are in need: they are its
    subject ("two million people need food"), or it describes them ("families lacking shelter", "left 5,000 people
    needing help"); not what is needed ("the bank needed 800 employees", "after needing five sets")."""
    counted = {number.i} | ({obj.i} if obj is not None else set())
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None:
        return subject.i in counted
    if verb.dep_ in ("relcl", "acl") and verb.head.i in counted:
        return verb.tag_ != "VBN"  # "families needing help", not "the financing needed"
    head_objects = {c.i for c in verb.head.children if c.dep_ == "dobj"}
    return verb.dep_ in ("xcomp", "advcl", "oprd", "ccomp") and bool(head_objects & counted)


def _later_verbs(clause: Token) -> list[Token]:
    """The verbs that go on from a clause's: "and were arrested", "before being killed"."""
    verbs = [g for g in clause.children if g.dep_ in ("advcl", "conj")]
    return verbs + [g for p in clause.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pcomp"]


def _conjunct_head(tok: Token) -> Token:
    """The word a conjunct's first conjunct hangs on: "entered" for "jeeps" in "the tanks and two jeeps entered"."""
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    return tok.head


def _to_hospital(verb: Token) -> bool:
    """ "sent 17 to hospital": who is sent there is hurt."""
    return any(
        c.dep_ == "prep" and c.lower_ == "to" and any(lemma_of(g) == "hospital" for g in c.children)
        for c in verb.children
    )


def _value_of_another_noun(number: Token, noun: Token) -> bool:
    """Whether a number is the value of another noun than this one, through a preposition: "a high of 306.10"."""
    holder = number.head.head
    return number.dep_ == "pobj" and holder.pos_ in ("NOUN", "PROPN") and holder.i != noun.i


def _things_rise(verb: Token, number: Token) -> bool:
    """Whether a verb of protest ("rally", "march") tells of things, not people: its subject (or that of the verb it
    is coordinated with or completes) is neither the figure nor people: "exports are predicted to decline ... and
    then rally", not "thousands rallied"."""
    v = verb
    for _ in range(4):
        subject = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject.i != number.i and not subject.like_num and not _is_people(subject)
        if v.dep_ not in ("conj", "xcomp") or v.head is v:
            return False
        v = v.head
    return False


def _body_of_a_thing(word: Token) -> bool:
    """Whether "body" is part of a thing's name, not the dead: "wide-body jets", "15 wide-bodies", "economic
    research bodies"."""
    hyphened = word.i > 0 and word.doc[word.i - 1].text == "-"
    return hyphened or word.dep_ == "compound" or any(c.dep_ == "compound" for c in word.children)


def _shares_object(verb: Token) -> bool:
    """A verb coordinated by "or" after another that has no object of its own: "killed or wounded 4,000"."""
    head = verb.head
    return (
        verb.dep_ == "conj"
        and head.pos_ == "VERB"
        and any(c.dep_ == "cc" and c.lower_ == "or" for c in head.children)
        and not any(c.dep_ in ("dobj", "nsubjpass") for c in head.children)
    )


def _blew_themselves_up(verb: Token, root: Token) -> bool:
    """Whether the figure counts who blew themselves up: "two suicide bombers blew themselves up"."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return (
        lemma_of(verb) == "blow"
        and any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children)
        and any(c.dep_ == "dobj" and c.lower_ in ("themselves", "himself", "herself") for c in verb.children)
        and subject is not None
        and (root.i == subject.i or root.head.i == subject.i)
    )


def _to_death(verb: Token) -> bool:
    """ "shot to death", "shot dead": a wounding verb that reports a killing."""
    return any(
        (c.dep_ == "prep" and any(lemma_of(g) == "death" for g in c.children))
        or (c.lower_ == "dead" and c.i == verb.i + 1)
        for c in verb.children
    )


def _is_force(obj: Token | None, event: Token | None) -> bool:
    """A count of a force in the field ("hundreds of troops are scouring", "four jets struck"), not of losses."""
    if obj is None or (event is not None and lemma_of(event) in LOSS_VERBS):
        return False
    lemma = lemma_of(obj)
    if lemma in FORCE_PEOPLE:
        return True
    return lemma in FORCE_EQUIPMENT and obj.dep_ == "nsubj" and event is not None and not _is_passive(event)


def _category_words(obj: Token | None, root: Token, path: list[Token], event: Token | None) -> list[Token]:
    """Words that may name a claim's event, nearest first."""
    words: list[Token] = []
    if obj is None and (counted := _number_of(root)) is not None:
        obj = counted  # "the number of US forces killed is now three" tells of killing
    if obj is not None:
        # not what they did to others: "three gunmen who killed 20 people were arrested" are the arrested
        for c in obj.children:
            if c.dep_ not in ("acl", "relcl", "amod"):
                continue
            if not _done_to_others(c):
                words.append(c)
            else:  # what then happened to them: "two Palestinians who shot the settler dead before being killed"
                words += [v for v in _later_verbs(c) if _is_passive(v)]
    words += [c for c in root.children if c.pos_ == "ADJ"] + ([root.head] if root.head.pos_ == "ADJ" else [])
    if event is not None:
        if _shares_object(event):  # "killed or wounded 4,000": the first-named outcome
            words.append(event.head)
        words.append(event)
        for child in event.children:
            if child.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "acomp", "oprd", "conj"):
                words.append(child)
                words += [c for c in child.children if c.dep_ == "compound"]
                if child.dep_ == "dobj" and child.lower_ == "part":  # "took part in the march"
                    words += [
                        g
                        for p in (*child.children, *event.children)
                        if p.dep_ == "prep" and p.lower_ == "in"
                        for g in p.children
                        if g.dep_ == "pobj"
                    ]
            elif child.dep_ == "xcomp":
                words.append(child)
                words += [c for c in child.children if c.dep_ in ("acomp", "attr", "oprd")]
    words += path
    if obj is not None:
        words += [obj] + [c for c in obj.children if c.dep_ == "compound"]
        words += _state_of(obj)  # "people in need", "families at risk", "men in detention"
    return words


def _state_of(noun: Token) -> list[Token]:
    """The state a counted noun is said to be in: "people in need", "families at risk"."""
    return [
        g
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ in ("in", "at")
        for g in c.children
        if g.dep_ == "pobj"
    ]


def _done_to_others(clause: Token) -> bool:
    """Whether a clause on a counted noun tells what its people or things did to others (it has an object of its
    own): "gunmen who killed 20 people", "a fire at one cafe that killed 25 people"."""
    return clause.dep_ in ("acl", "relcl") and any(c.dep_ == "dobj" and not _reflexive(c) for c in clause.children)


def _reflexive(tok: Token) -> bool:
    """ "himself", "themselves": what one does to oneself happens to one ("a man who killed himself")."""
    return tok.lower_.endswith(("self", "selves"))


def _phrase(tok: Token, inside: set[int], text: str) -> str:
    """A noun with its adjectives and compounds, without numbers or determiners, as written."""
    keep = [tok]
    for child in tok.lefts:
        if _frames_the_number(child):
            continue  # "a total of five profile slots" counts profile slots
        if child.dep_ in OBJECT_DEPS and child.i not in inside and child.pos_ not in ("NUM", "SYM", "PUNCT", "DET"):
            keep.extend(t for t in child.subtree if t.i not in inside and t.pos_ not in ("NUM", "PUNCT", "SYM", "DET"))
    for child in tok.rights:
        # "12 soldiers and policemen" share the number; "three troops and five members" do not
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN") and not _has_own_number(child):
            keep.append(child)
    kept = {t.i for t in keep}
    doc = tok.doc
    for t in list(keep):  # the hyphen inside a word: "first-team players"
        hyphen = doc[t.i + 1] if t.i + 1 < len(doc) else None
        if (
            hyphen is not None
            and hyphen.text == "-"
            and t.whitespace_ == hyphen.whitespace_ == ""
            and hyphen.i + 1 in kept
        ):
            keep.append(hyphen)
    keep = sorted({t.i: t for t in keep}.values(), key=lambda t: t.i)
    first, last = keep[0], keep[-1]
    if last.i - first.i + 1 == len(keep) or (len(keep) == 2 and keep[1].dep_ == "conj"):
        if len(keep) == 2 and keep[1].dep_ == "conj":
            cc = [c for c in tok.rights if c.dep_ == "cc"]
            if last.i - first.i + 1 == 3 and cc:
                return text[first.idx : last.idx + len(last)]
            return f"{text[first.idx : first.idx + len(first)]} and {text[last.idx : last.idx + len(last)]}"
        return text[first.idx : last.idx + len(last)]
    return " ".join(text[t.idx : t.idx + len(t)] for t in keep)


def _frames_the_number(tok: Token) -> bool:
    """ "total" in "a total of five slots", "maximum" in "a maximum of 12 players": a word about the number."""
    after = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return tok.lower_ in NUMBER_FRAMES and after is not None and after.lower_ == "of"


# Nouns that frame a number rather than name what it counts: "a total of", "a maximum of".
NUMBER_FRAMES = {"total", "maximum", "minimum", "average", "sum", "tally", "handful"}


def _object_text(obj: Token, kind: str, inside: set[int], text: str) -> str:
    """The object as written; an amount's container noun with what it is of: "cost of rebuilding the bridge",
    "estimate of rebuilding costs", "value of exports"; the members of a body of so many ("a 30-member cabinet")."""
    if lemma_of(obj) == "member" and obj.dep_ == "compound" and obj.head.pos_ == "NOUN" and obj.head.i == obj.i + 1:
        return f"{obj.head.text} members"
    phrase = _phrase(obj, inside, text)
    if kind not in ("money", "percent", "measure") or lemma_of(obj) not in CONTAINER_NOUNS:
        return phrase
    of = next((c for c in obj.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is None:
        return phrase
    clause = min((t.i for t in of.subtree if t.dep_ in ("acl", "relcl")), default=None)  # "... held by the top tenth"
    words = [t for t in of.subtree if t.i not in inside and (clause is None or t.i < clause)]
    if not words or len(words) > 8 or words[-1].i - of.i + 1 != len(words):
        return phrase
    return f"{phrase} {text[of.idx : words[-1].idx + len(words[-1])]}"


def _has_own_number(noun: Token) -> bool:
    """A noun with a number or determiner of its own: "five members", "the UN envoy"."""
    return any(c.dep_ in ("nummod", "det", "poss") for c in noun.children)


# Words of change and the direction they give the figures they govern.
CHANGE_WORDS = {
    **{
        w: "up"
        for w in "rise increase gain climb jump surge soar grow advance rally rebound raise boost lift up higher "
        "double triple expand recover growth hike spike leap rocket widen add strengthen accelerate".split()
    },
    **{
        w: "down"
        for w in "fall drop decline decrease lose slip slide tumble plunge plummet sink shrink cut reduce lower down "
        "ease dip slump shed narrow contract retreat crash halve reduction contraction downturn fell weaken slow".split()
    },
}
# How a figure hangs on its change word: "rose 5%", "up 19 cents", "a 3 percent drop", "by 2 percent"
CHANGE_DEPS = {"npadvmod", "dobj", "advmod", "nummod", "compound", "amod", "quantmod"}
CHANGE_PREPOSITIONS = {"by", "to", "from", "at", "of"}
# Verbs of change that also report losses of people: "lost 700 troops", "added 3,000 soldiers"
PEOPLE_LOSS_VERBS = {"lose", "add", "cut", "shed", "double", "triple", "reduce", "raise"}
# Units of length: a length measured from a place is a distance
LENGTH_UNITS = {"km", "m", "mile", "ft", "yd", "cm", "mm", "in", "nautical mile"}
# Verbs whose subject is what an amount of money or a percentage measures: being, reaching, and changing by
# itself ("sales rose 5%"; not "the firm raised $40m", whose subject raises it).
MEASURED_SUBJECT_VERBS = set(
    "be become remain stand total reach amount cost exceed top hit near equal run come average account represent "
    "rise fall grow drop climb jump surge soar decline decrease increase slip slide tumble plunge plummet sink "
    "shrink ease dip slump gain advance rally rebound recover double triple halve fell rose strengthen weaken widen "
    "narrow accelerate slow expand contract firm".split()
)
# Nouns that hold an amount of something else: "the cost of rebuilding", "the value of exports"
CONTAINER_NOUNS = {
    "cost",
    "estimate",
    "value",
    "price",
    "total",
    "bill",
    "figure",
    "amount",
    "level",
    "share",
    "rate",
    "number",
    "budget",
    "worth",
    "sum",
    "volume",
}
