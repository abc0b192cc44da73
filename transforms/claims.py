"""Numeric claims: quantities tied to what they count, their event, time, place and source."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from transforms import attributes, places
from transforms.quantities import Quantity, quantities
from transforms.text import content_id

EVENT_LEMMAS = {
    "KILL": "kill die dead death fatality toll slay massacre execute behead assassinate murder perish "
    "casualty body corpse drown lynch life loss",
    "WOUND": "injure wound hurt shoot maim injury wounded injured treat hospitalise hospitalize",
    "DISPLACED": "displace evacuate uproot homeless flee evacuee displaced",
    "REFUGEE": "refugee migrant asylum",
    "DEPLOY": "deploy send station dispatch reinforce mobilise mobilize deployment",
    "ARREST": "arrest detain jail imprison capture sentence convict round detention prisoner detainee",
    "KIDNAP": "kidnap abduct hostage kidnapping abduction",
    "AFFECT": "affect need risk starve lack strand",
    "PROTEST": "protest demonstrate rally march protester demonstrator demonstration",
    "AID": "aid donate pledge grant relief assistance donation lend freeze moratorium bailout humanitarian",
}
CATEGORY_OF = {lemma: cat for cat, words in EVENT_LEMMAS.items() for lemma in words.split()}
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
PEOPLE_CATEGORIES = {"KILL", "WOUND", "DISPLACED", "REFUGEE", "ARREST", "KIDNAP", "AFFECT", "PROTEST"}
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
PERSON_NOUNS = {
    "people",
    "person",
    "civilian",
    "soldier",
    "troop",
    "child",
    "woman",
    "man",
    "refugee",
    "migrant",
    "resident",
    "villager",
    "fighter",
    "militant",
    "rebel",
    "policeman",
    "officer",
    "student",
    "worker",
    "protester",
    "demonstrator",
    "prisoner",
    "hostage",
    "passenger",
    "member",
    "citizen",
    "palestinian",
    "israeli",
    "victim",
    "other",
    "pilgrim",
    "guard",
    "gunman",
    "settler",
    "suspect",
    "activist",
    "supporter",
    "detainee",
    "inmate",
    "youth",
    "teenager",
    "girl",
    "boy",
    "adult",
    "baby",
    "infant",
    "patient",
    "miner",
    "farmer",
    "crew",
    "staff",
    "employee",
    "family",
    "guerrilla",
    "insurgent",
    "combatant",
    "journalist",
    "tourist",
    "doctor",
    "nurse",
    "pupil",
    "opponent",
    "dissident",
    "official",
    "leader",
}
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART", "LANGUAGE"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
# A wire story's dateline: "ANKARA - ", "ZEEBRUGGE, Belgium - "
DATELINE = re.compile(r"^([A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+)*)(?:, [A-Z][A-Za-z .]+)? [-\u2013\u2014] ")
# Nouns of events: a place before one says where it happened ("the Soweto attack", "the Quetta blast").
EVENT_NOUNS = {
    "attack",
    "bombing",
    "blast",
    "explosion",
    "raid",
    "strike",
    "airstrike",
    "ambush",
    "massacre",
    "shooting",
    "earthquake",
    "quake",
    "flood",
    "fire",
    "crash",
    "clash",
    "fighting",
    "offensive",
    "siege",
    "riot",
    "protest",
}
# Nouns of places: a name or nationality before one is a place ("Banda Aceh province", "Palestinian territory").
PLACE_NOUNS = {
    "province",
    "area",
    "areas",
    "district",
    "region",
    "city",
    "town",
    "village",
    "camp",
    "airport",
    "county",
    "valley",
    "coast",
    "island",
    "territory",
    "territories",
    "settlement",
    "suburb",
    "neighbourhood",
    "neighborhood",
    "prefecture",
    "governorate",
    "border",
}
# Place nouns of sites within a town, named as buildings are: "the Shatila camp in Beirut" is in Beirut.
SITE_NOUNS = {"camp", "airport", "settlement", "base"}
# Words of names of institutions, not places: "in Congress", "in the Labour Party".
INSTITUTION_WORDS = {
    "congress",
    "parliament",
    "senate",
    "house",
    "assembly",
    "party",
    "government",
    "ministry",
    "council",
    "court",
    "army",
    "agency",
    "bank",
    "company",
    "corp",
    "group",
    "union",
    "committee",
    "university",
    "academy",
    "school",
    "hospital",
    "exchange",
    "police",
    "force",
    "office",
    "authority",
    "commission",
    "association",
    "organisation",
    "organization",
    "league",
    "cup",
    "church",
}
LOCATIVE_PREPOSITIONS = {"in", "near", "at", "outside", "inside", "across", "into", "around", "on", "of", "off"}
COMPASS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"}
OBJECT_DEPS = {"amod", "compound", "nmod", "poss", "npadvmod"}


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
            converted = _converted_claim(sentence_text, q, found, made)
            if converted is not None:
                _as_conversion_of(row, converted)
            elif row["object"] is None and row["kind"] == "count":
                row["object"] = _elided_object(row, sentence_rows)
            sentence_rows.append(row)
            made[found.index(q)] = row
        rows.extend(sentence_rows)
    return rows


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
        if anchor.ent_type_ in ("DATE", "TIME") and _day_like(anchor) and not _counts_plural_noun(anchor):
            return False
        if _is_age(anchor):
            return False
        if _is_name_part(number, anchor):
            return False
    return True


def _day_like(tok: Token) -> bool:
    """A whole number that could be a day of the month or an hour: what a DATE or TIME entity may hold."""
    return tok.text.isdigit() and int(tok.text) <= 31


def _is_name_part(number: Span, anchor: Token) -> bool:
    """ "iPhone 11", "S&P 500", "737 Max jets", "575 Wilbraham Road": a number inside a name, not a count."""
    if _counts_plural_noun(anchor) or _title_case(number.sent):
        return False
    first = number[0]
    before = first.nbor(-1) if first.i > number.sent.start else None
    after = anchor.nbor(1) if anchor.i + 1 < number.sent.end else None
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


def _lemma(tok: Token) -> str:
    return attributes.lemma(tok).lower()


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


def claim_context(doc: Doc, sent: Span, q: Quantity, offset: int, claim_spans, text: str) -> dict:
    """object, predicate, category, time_text, place and attributed_to of one quantity."""
    span = doc.char_span(offset + q.start, offset + q.end, alignment_mode="expand")
    root = _span_root(span)
    inside = {t.i for t in span}
    obj = counted_noun(root, q.kind, inside)
    start = obj if obj is not None and obj.i not in inside and obj.head.i != root.i else root
    path, event = event_path(start)
    return {
        "object": _described(root, q, event, inside, text)
        or (_object_text(obj, q.kind, inside, text) if obj is not None else None),
        "predicate": _lemma(event) if event is not None else None,
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
        after = root.doc[root.i + 1] if root.i + 1 < len(root.doc) else None
        if root.dep_ == "npadvmod" and root.head.lower_ == "from" and (pobj := _pobj(root.head)) is not None:
            return "distance from " + _phrase(pobj, inside, text)  # "some 45 km from the base"
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ == "from" and (pobj := _pobj(child)) is not None:
                return "distance from " + _phrase(pobj, inside, text)
            if child.lower_ in COMPASS and (of := next((c for c in child.children if c.lower_ == "of"), None)):
                if (pobj := _pobj(of)) is not None:
                    return "distance from " + _phrase(pobj, inside, text)
        if after is not None and after.lower_ == "away":
            return "distance"
    if q.kind == "money" and root.dep_ == "dobj" and _lemma(root.head) == "cost":
        return "cost"
    if q.kind == "duration" and event is not None and _lemma(event) in ("jail", "imprison", "sentence"):
        return "prison sentence"
    if q.kind == "count" and root.dep_ == "attr":
        subject = next((c for c in root.head.children if c.dep_ == "nsubj"), None)
        if subject is not None and _lemma(subject) in ("number", "total", "toll", "tally", "count"):
            of = next((c for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            if of is not None and (pobj := _pobj(of)) is not None:
                return _phrase(pobj, inside, text)
    return None


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
        found = CHANGE_WORDS.get(_lemma(head)) or CHANGE_WORDS.get(head.lower_)
        if node.dep_ == "prep" and node.lower_ == "of" and found is None:
            return None  # "an increase of 20%", not "control of 3 towns"
        if found is not None:
            if _lemma(head) in PEOPLE_LOSS_VERBS and obj is not None and node.dep_ == "dobj" and _is_people(obj):
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
    if verb is not None:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.i not in inside:
            return _relative_antecedent(subject)
    return None


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
        if node.pos_ == "VERB" and _lemma(node) in TRANSPARENT_VERBS and node.dep_ == "prep":
            continue
        if node.pos_ == "VERB" or (node.pos_ == "AUX" and node.dep_ == "ROOT"):
            return path, _through_light_verb(node)
        if node.pos_ == "NOUN" and _lemma(node) in CATEGORY_OF:
            return path, node
    return path, None


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _through_light_verb(verb: Token) -> Token:
    for _ in range(3):
        if _lemma(verb) not in LIGHT_VERBS:
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
    lemma = _lemma(tok)
    return (
        lemma in PERSON_NOUNS
        or tok.ent_type_ in ("NORP", "PERSON")
        or tok.pos_ == "PRON"
        or lemma.endswith(("er", "ian", "ist", "man", "men", "ant", "ee"))
        or lemma in MILITARY_NOUNS
    )


def category(
    kind: str, obj: Token | None, root: Token, path: list[Token], event: Token | None, sent: Span
) -> str | None:
    """The event type of a claim, from its verb and the words around its object; None when it reports none."""
    aid_words = EVENT_LEMMAS["AID"].split()
    if kind == "money":
        scope = list(event.subtree) if event is not None else list(sent)
        near_aid = any(_lemma(t) in aid_words for t in scope)
        return "AID" if near_aid or (obj is not None and _lemma(obj) in AID_OBJECTS) else None
    if kind == "duration":
        cat = CATEGORY_OF.get(_lemma(event)) if event is not None else None
        return "ARREST" if cat == "ARREST" and _lemma(event) != "capture" else None
    if kind not in ("count", "ratio"):
        return None
    if kind == "ratio" and obj is not None and _lemma(obj) in AID_OBJECTS:
        return "AID"
    obj_lemma = _lemma(obj) if obj is not None else ""
    military = obj_lemma in MILITARY_NOUNS
    if event is not None and military and _lemma(event) in MOVEMENT_VERBS:
        return "DEPLOY"
    for w in _category_words(obj, root, path, event):
        lemma = _lemma(w)
        cat = CATEGORY_OF.get(lemma) or CATEGORY_OF.get(w.lower_)
        if cat is None or cat == "AID":
            continue
        if cat == "AFFECT" and w.pos_ != "VERB":
            continue
        if cat == "DEPLOY" and not (w.pos_ == "VERB" and (military or obj is None)):
            continue
        if cat == "PROTEST" and military:
            continue
        if cat in ("ARREST", "KIDNAP") and not _is_people(obj):
            continue
        if cat == "REFUGEE" and obj is not None and w.i != obj.i and w.head.i != obj.i:
            continue
        if cat == "DISPLACED" and lemma == "flee" and CATEGORY_OF.get(obj_lemma) == "REFUGEE":
            return "REFUGEE"
        if cat == "KILL" and lemma == "life" and w.i != (obj.i if obj is not None else -1):
            continue
        if cat == "KILL" and lemma == "loss" and (obj is None or not _is_people(obj)):
            continue  # "the loss of 700 troops", not "job losses"
        if cat == "WOUND" and event is not None and any(_to_death(v) for v in (event, *event.conjuncts)):
            return "KILL"
        return cat
    if kind == "count" and root.head.lower_ == "strong" and _lemma(root.head.head) in MILITARY_NOUNS:
        return "DEPLOY"  # "a 3,000-strong brigade": the size of a force
    return "DEPLOY" if kind == "count" and _is_force(obj, event) else None


def _shares_object(verb: Token) -> bool:
    """A verb coordinated by "or" after another that has no object of its own: "killed or wounded 4,000"."""
    head = verb.head
    return (
        verb.dep_ == "conj"
        and head.pos_ == "VERB"
        and any(c.dep_ == "cc" and c.lower_ == "or" for c in head.children)
        and not any(c.dep_ in ("dobj", "nsubjpass") for c in head.children)
    )


def _to_death(verb: Token) -> bool:
    """ "shot to death", "shot dead": a wounding verb that reports a killing."""
    return any(
        (c.dep_ == "prep" and any(_lemma(g) == "death" for g in c.children))
        or (c.lower_ == "dead" and c.i == verb.i + 1)
        for c in verb.children
    )


def _is_force(obj: Token | None, event: Token | None) -> bool:
    """A count of a force in the field ("hundreds of troops are scouring", "four jets struck"), not of losses."""
    if obj is None or (event is not None and _lemma(event) in LOSS_VERBS):
        return False
    lemma = _lemma(obj)
    if lemma in FORCE_PEOPLE:
        return True
    return lemma in FORCE_EQUIPMENT and obj.dep_ == "nsubj" and event is not None and not _is_passive(event)


def _category_words(obj: Token | None, root: Token, path: list[Token], event: Token | None) -> list[Token]:
    """Words that may name a claim's event, nearest first."""
    words: list[Token] = []
    if obj is not None:
        words += [c for c in obj.children if c.dep_ in ("acl", "relcl", "amod")]
    words += [c for c in root.children if c.pos_ == "ADJ"] + ([root.head] if root.head.pos_ == "ADJ" else [])
    if event is not None:
        if _shares_object(event):  # "killed or wounded 4,000": the first-named outcome
            words.append(event.head)
        words.append(event)
        for child in event.children:
            if child.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "acomp", "oprd", "conj"):
                words.append(child)
                words += [c for c in child.children if c.dep_ == "compound"]
            elif child.dep_ == "xcomp":
                words.append(child)
                words += [c for c in child.children if c.dep_ in ("acomp", "attr", "oprd")]
    words += path
    if obj is not None:
        words += [obj] + [c for c in obj.children if c.dep_ == "compound"]
    return words


def _phrase(tok: Token, inside: set[int], text: str) -> str:
    """A noun with its adjectives and compounds, without numbers or determiners, as written."""
    keep = [tok]
    for child in tok.lefts:
        if child.dep_ in OBJECT_DEPS and child.i not in inside and child.pos_ not in ("NUM", "SYM", "PUNCT", "DET"):
            keep.extend(t for t in child.subtree if t.i not in inside and t.pos_ not in ("NUM", "PUNCT", "SYM", "DET"))
    for child in tok.rights:
        # "12 soldiers and policemen" share the number; "three troops and five members" do not
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN") and not _has_own_number(child):
            keep.append(child)
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


def _object_text(obj: Token, kind: str, inside: set[int], text: str) -> str:
    """The object as written; an amount's container noun with what it is of: "cost of rebuilding the bridge",
    "estimate of rebuilding costs", "value of exports"."""
    phrase = _phrase(obj, inside, text)
    if kind not in ("money", "percent", "measure") or _lemma(obj) not in CONTAINER_NOUNS:
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


TIME_PATTERN = re.compile(
    r"\b(?:(?:last|this|on|early|late) (?:night|morning|afternoon|evening|weekend)|(?:early |late )?(?:yesterday|"
    r"today|tonight)|(?:at|around|about) \d{1,2}(?:[.:]\d{2})? ?[ap]\.? ?m\.?|at the (?:same )?time(?: of the \w+)?)"
    r"(?![a-z])",
    re.I,
)
# Subordinating words of clauses whose time is their own, not the figure's.
UNTIMED_MARKS = {"while", "whereas", "because", "although", "though", "if", "unless", "whether"}
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


def _ents_near(sent: Span, span: Span, event: Token | None, claim_spans, labels) -> list[Span]:
    """Entities of a sentence outside every claim, those tied to the claim's event first, then the nearest."""

    def free(e: Span) -> bool:
        return not any(e.start_char < b and a < e.end_char for a, b in claim_spans)

    def attached(e: Span) -> bool:
        return event is not None and (e.root.head.i == event.i or e.root.head.head.i == event.i)

    def distance(e: Span) -> int:
        return e.start - span.end if e.start >= span.end else span.start - e.end

    ents = [e for e in sent.ents if e.label_ in labels and free(e)]
    return sorted(ents, key=lambda e: (not attached(e), distance(e)))


def time_text(sent: Span, span: Span, event: Token | None, claim_spans, text: str) -> str | None:
    """The date or time reference of a claim in its sentence, with its preposition ("since December")."""
    anchor = event if event is not None else span.root  # "reported last night that forces held four areas"
    if event is not None and _lemma(event) in SPEECH_VERBS:  # "radio reported last night that forces were in ..."
        anchor = next((t for t in span.root.ancestors if t.dep_ == "ccomp" and t.head.i == event.i), anchor)
    ents = [e for e in _ents_near(sent, span, event, claim_spans, {"DATE", "TIME"}) if _is_when(e, anchor)]
    ents = ents or [e for e in _periods(sent, span) if _is_when(e, anchor)]
    if not ents:
        # what the small model's entities miss: "last night", "at 10.30 P.M."
        for found in TIME_PATTERN.finditer(sent.text):
            words = sent.doc.char_span(
                sent.start_char + found.start(), sent.start_char + found.end(), alignment_mode="expand"
            )
            if words is not None and _is_when(words, anchor):
                return text[sent.start_char + found.start() : sent.start_char + found.end()]
        return _time_adverb(sent, event, span, text) or _time_subject(event, text)
    e = ents[0]
    start = e.start_char
    before = e.doc[e.start - 1] if e.start > sent.start else None
    if before is not None and before.lower_ in TIME_PREPOSITIONS | PERIOD_PREPOSITIONS and e.root.head.i == before.i:
        start = before.idx
    return text[start : e.end_char]


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
    speech = head.pos_ == "VERB" and _lemma(head) in SPEECH_VERBS
    if speech and event is not None and event.i != head.i and head in event.ancestors:
        return False
    return event is None or _holds(ent, event) or _in_clause_of(ent.root, event)


def _holds(ent: Span, event: Token) -> bool:
    """A period whose phrase holds the claim's clause ("in the past three years of unrest which has claimed 2,400
    lives"), or a date of the noun a relative clause tells of ("weekend attacks which left 26 dead")."""
    if ent.root in event.ancestors:
        path = _path_up(event, ent.root)
        return path[0].dep_ in ("relcl", "acl") and all(t.pos_ in ("NOUN", "PROPN", "ADP") for t in path[1:])
    return event.dep_ == "relcl" and ent.root.head.i == event.head.i and ent.root.dep_ in ("compound", "amod", "nmod")


def _in_clause_of(tok: Token, event: Token) -> bool:
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
            for t in _path_up(verb, event)
        )
    if verb in event.ancestors:
        return not any(
            t.dep_ in ("relcl", "acl") or (t.dep_ == "advcl" and any(c.dep_ == "mark" for c in t.children))
            for t in _path_up(event, verb)
        )
    return False


def _path_up(tok: Token, ancestor: Token) -> list[Token]:
    """The tokens from `tok` up to `ancestor`, without it."""
    path = []
    while tok.i != ancestor.i:
        path.append(tok)
        tok = tok.head
    return path


def _time_subject(event: Token | None, text: str) -> str | None:
    """A period that is the subject of the claim's verb: "the first night of bombing left 80 civilians dead"."""
    subject = next((c for c in event.children if c.dep_ == "nsubj"), None) if event is not None else None
    if subject is None or _lemma(subject) not in TIME_NOUNS:
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
        words += [c for v in verbs for c in v.children]
    for child in words:
        if child.dep_ == "advmod" and child.lower_ in TIME_ADVERBS:
            before = child.doc[child.i - 1] if child.i > sent.start else None
            if child.lower_ == "far" and before is not None and before.lower_ == "so":
                return text[before.idx : child.idx + len(child)]
            if child.lower_ != "far":
                return child.text
    return None


def place(sent: Span, span: Span, event: Token | None, claim_spans, text: str) -> str | None:
    """The place of a claim: where something is located ("in Idlib", "near the Rafah crossing", "Sri Lanka
    faces"), in the claim's own clause first ("the BBC in London said Iran seized ..."), not a place that names
    who ("US troops", "Iran said", "Chad's embassy"); else a wire story's dateline ("ZEEBRUGGE, Belgium")."""
    near = _ents_near(sent, span, event, claim_spans, PLACE_LABELS | {"PERSON"})
    # the small model tags some places as people ("Sri Lanka faces"): the gazetteer knows them
    ents = [e for e in near if _locates(e) and (e.label_ != "PERSON" or places.location(e.text, exact=True))]
    ents = [e for e in ents if not _measured_from(e, span)]
    taken = {e.start for e in ents}
    misread = _per_sentence(sent, "misread", lambda: _misread_places(sent, claim_spans))
    ents = _nearest_first(ents + [e for e in misread if e.start not in taken], span, event)
    anchor = event if event is not None else span.root
    dateline = DATELINE.match(text[sent.start_char : sent.end_char])
    if dateline is not None:
        ents = [e for e in ents if e.start_char >= sent.start_char + dateline.end()]
    if not ents:
        if dateline is not None:
            return dateline.group(0).rstrip(" -\u2013\u2014")
        return _per_sentence(sent, "place noun", lambda: _place_noun(sent, claim_spans, text))
    ents = [e for e in ents if _in_clause_of(e.root, anchor)] or ents
    located = [e for e in ents if e.root.head.dep_ == "prep" and e.root.head.lower_ in LOCATIVE_PREPOSITIONS]
    e = (located or ents)[0]
    # "X in Y" names X, the smaller place, unless X is a building: "Angur Adar in South Waziristan", but
    # "the Hilton Hotel in west Jerusalem"
    doc = sent.doc
    outer = next((y for y in ents if y.start == e.end + 1 and doc[e.end].lower_ == "in"), None)
    inner = next((x for x in ents if e.start == x.end + 1 and doc[x.end].lower_ == "in" and x.label_ != "FAC"), None)
    if e.label_ == "FAC" and outer is not None:
        e = outer
    elif inner is not None:
        e = inner
    return text[e.start_char : e.end_char]


def _measured_from(ent: Span, span: Span) -> bool:
    """A place the claim's own distance is measured from: "240 km north of Tokyo" is not in Tokyo."""
    of = ent.root.head
    return (
        ent.root.dep_ == "pobj"
        and of.lower_ == "of"
        and of.head.lower_ in COMPASS
        and any(t.i == of.head.i or t.head.i == of.head.i or of.head.head.i == t.i for t in span)
    )


def _place_noun(sent: Span, claim_spans, text: str) -> str | None:
    """A place named by a common noun after a locative preposition: "across the region", "in the area"."""
    for tok in sent:
        if (
            tok.dep_ == "pobj"
            and tok.lower_ in PLACE_NOUNS
            and tok.head.lower_ in ("in", "across", "throughout", "near")
            and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
            and not tok.ent_type_
            and not any(a <= tok.idx < b for a, b in claim_spans)
        ):
            first = min(t.i for t in tok.subtree if t.i <= tok.i)
            return text[sent.doc[first].idx : tok.idx + len(tok)]
    return None


def _nearest_first(ents: list[Span], span: Span, event: Token | None) -> list[Span]:
    def attached(e: Span) -> bool:
        return event is not None and (e.root.head.i == event.i or e.root.head.head.i == event.i)

    def distance(e: Span) -> int:
        return e.start - span.end if e.start >= span.end else span.start - e.end

    return sorted(ents, key=lambda e: (not attached(e), distance(e)))


def _misread_places(sent: Span, claim_spans) -> list[Span]:
    """Places the small model misses or tags as something else, read from how the sentence uses them: names or a
    nationality before a place noun ("Banda Aceh province", "the Moenchengladbach area", "Pakistani territory"),
    a name after a place noun and "of" ("the settlement of Immanuel"), a name of proper nouns after "in" or
    "near" ("in Angur Adar", "in Punjab"), a name the gazetteer knows after any locative preposition."""
    doc = sent.doc
    found = []

    def free(start: int, end: int) -> bool:
        return not any(doc[start].idx < b and a < doc[end - 1].idx + len(doc[end - 1]) for a, b in claim_spans)

    for noun in sent:
        if noun.lower_ not in PLACE_NOUNS or any(c.lower_ == "of" for c in noun.children):
            continue  # "the German city of Bonn" names Bonn
        names = [c for c in noun.lefts if c.dep_ in ("compound", "amod", "nmod") and _names_a_place(c)]
        if names and free(names[0].i, noun.i + 1):
            first = names[0]
            if first.ent_iob_ == "I":  # the whole entity the name begins: "Banda Aceh"
                first = next(t for t in reversed(doc[sent.start : first.i]) if t.ent_iob_ == "B")
            found.append(Span(doc, first.i, noun.i + 1, label="FAC" if noun.lower_ in SITE_NOUNS else "LOC"))
    for e in sent.ents:
        if e.label_ not in ("ORG", "PERSON", "NORP") or not free(e.start, e.end) or e.root.dep_ != "pobj":
            continue
        prep = e.root.head.lower_
        proper = all(t.pos_ == "PROPN" or t.lower_ == "the" for t in e) and not any(
            _lemma(t) in INSTITUTION_WORDS for t in e
        )
        if (
            (proper and prep in ("in", "near", "outside", "inside"))
            or (proper and prep == "of" and e.root.head.head.lower_ in PLACE_NOUNS)
            or (prep in ("in", "near", "at", "outside", "of") and places.location(e.text, exact=True))
        ):
            found.append(Span(doc, e.start, e.end, label="GPE"))
    return found


def _names_a_place(tok: Token) -> bool:
    """A word before a place noun that names the place: a proper noun not of an institution, a place, or a
    nationality ("Kivu province", "Pakistani territory"), not "Jewish settlement"."""
    if tok.ent_type_ == "NORP" or (tok.pos_ == "ADJ" and tok.text[:1].isupper()):
        return places.nationality_country(tok.text) is not None
    return (tok.pos_ == "PROPN" or tok.ent_type_ in PLACE_LABELS) and _lemma(tok) not in INSTITUTION_WORDS


def _locates(ent: Span) -> bool:
    """Whether a place entity stands as a place, not as a modifier of a noun or as the one who speaks."""
    root = ent.root
    if root.dep_ in OBJECT_DEPS - {"poss"} and root.head.pos_ in ("NOUN", "PROPN") and root.head.i >= ent.end:
        return _lemma(root.head) in EVENT_NOUNS  # "the Soweto attack", not "US troops", "Tehran radio"
    if root.dep_ == "nsubj" and _lemma(root.head) in SPEECH_VERBS:
        return False  # "Iran said"
    first = root
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if first.dep_ == "pobj" and first.head.lower_ == "from" and first.head.head.pos_ in ("NOUN", "PRON", "NUM", "AUX"):
        return False  # where people come from: "11 men from Egypt and Libya", "refugees from Syria", "were from Chad"
    if first.dep_ == "pobj" and first.head.lower_ in ("including", "like", "excluding"):
        return False  # members of what is counted: "four countries, including the United States"
    return not (root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according")


def attribution(sent: Span, root: Token, text: str) -> str | None:
    """Who the sentence credits with the figure: "according to activists", "the army said"."""
    according, speakers = _per_sentence(sent, "sources", lambda: _sources_of(sent))
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
    return according, [t for t in sent if t.pos_ == "VERB" and _lemma(t) in SPEECH_VERBS]


def _per_sentence(sent: Span, what: str, make):
    """What `make` finds in a sentence, worked out once for all the sentence's claims (kept with its Doc)."""
    memo = sent.doc.user_data.setdefault("newstally", {})
    key = (what, sent.start, sent.end)
    if key not in memo:
        memo[key] = make()
    return memo[key]


def _subject_text(tok: Token, text: str) -> str:
    cut = {"appos", "relcl", "acl", "punct", "advcl", "cc", "conj", "prep"}
    keep = [tok]
    for child in tok.children:
        if child.dep_ not in cut:
            keep.extend(child.subtree)
    keep.sort(key=lambda t: t.i)
    first, last = keep[0], keep[-1]
    return text[first.idx : last.idx + len(last)]
