"""A claim's place as written: where its figure is located, read from the entities and how the sentence uses
them."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from transforms import places
from transforms.syntax import OBJECT_DEPS, SPEECH_VERBS, ents_near, in_clause_of, lemma_of, nearest_first, per_sentence

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


def place(sent: Span, span: Span, event: Token | None, claim_spans, text: str) -> str | None:
    """The place of a claim: where something is located ("in Idlib", "near the Rafah crossing", "Sri Lanka
    faces"), in the claim's own clause first ("the BBC in London said troops seized villages near Basra"), not a
    place that names who ("US troops", "Iran said", "Chad's embassy"), nor where the source is ("officials in Kabul
    said"); else a wire story's dateline ("ZEEBRUGGE,
    Belgium")."""
    near = ents_near(sent, span, event, claim_spans, PLACE_LABELS | {"PERSON"})
    # the small model tags some places as people ("Sri Lanka faces"): the gazetteer knows them
    ents = [e for e in near if _locates(e) and (e.label_ != "PERSON" or places.location(e.text, exact=True))]
    ents = [e for e in ents if not _measured_from(e, span)]
    taken = {e.start for e in ents}
    misread = per_sentence(sent, "misread", lambda: _misread_places(sent, claim_spans))
    speakers = per_sentence(sent, "speaker words", lambda: _speaker_words(sent))
    ents = [e for e in ents + [e for e in misread if e.start not in taken] if e.root.i not in speakers]
    ents = nearest_first(ents, span, event)
    anchor = event if event is not None else span.root
    dateline = DATELINE.match(text[sent.start_char : sent.end_char])
    if dateline is not None:
        ents = [e for e in ents if e.start_char >= sent.start_char + dateline.end()]
    if not ents:
        if dateline is not None:
            return dateline.group(0).rstrip(" -\u2013\u2014")
        return per_sentence(sent, "place noun", lambda: _place_noun(sent, claim_spans, text))
    ents = [e for e in ents if in_clause_of(e.root, anchor)] or ents
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


def _speaker_words(sent: Span) -> frozenset[int]:
    """The tokens of the phrases that name who speaks: the subject of a verb of speech and the one quoted ("the
    statement issued by Chad's Paris embassy said", "IRNA quoted the commander in the village of Haj Omran as
    saying") and where they speak ("told reporters in Kabul"). Where the source is, is not where its figure is."""
    words = set()
    for verb in sent:
        if verb.pos_ != "VERB" or lemma_of(verb) not in SPEECH_VERBS:
            continue
        if not any(c.dep_ in ("ccomp", "parataxis") for c in verb.children) and lemma_of(verb) != "quote":
            continue  # reports no clause: "Portugal's GDP forecast to grow 4%" names no speaker
        for child in verb.children:
            quoted = child.dep_ == "dobj" and lemma_of(verb) == "quote"
            spoken_at = child.dep_ == "prep" and child.lower_ in ("in", "at", "from")  # "said in Kabul"
            if child.dep_ == "nsubj" or quoted or spoken_at:  # not "Portugal's GDP is forecast to grow 4%"
                # but what a relative clause tells of the speaker may be where the figure is: "Zaman, who directs
                # operations in Nangarhar province, said ..."
                told = {t.i for c in child.subtree if c.dep_ == "relcl" for t in c.subtree}
                words.update(t.i for t in child.subtree if t.i not in told)
    return frozenset(words)


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
            and tok.i not in per_sentence(sent, "speaker words", lambda: _speaker_words(sent))
        ):
            first = min(t.i for t in tok.subtree if t.i <= tok.i)
            return text[sent.doc[first].idx : tok.idx + len(tok)]
    return None


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
            lemma_of(t) in INSTITUTION_WORDS for t in e
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
    return (tok.pos_ == "PROPN" or tok.ent_type_ in PLACE_LABELS) and lemma_of(tok) not in INSTITUTION_WORDS


def _locates(ent: Span) -> bool:
    """Whether a place entity stands as a place, not as a modifier of a noun or as the one who speaks."""
    root = ent.root
    if root.dep_ in OBJECT_DEPS - {"poss"} and root.head.pos_ in ("NOUN", "PROPN") and root.head.i >= ent.end:
        return lemma_of(root.head) in EVENT_NOUNS  # "the Soweto attack", not "US troops", "Tehran radio"
    if root.dep_ == "nsubj" and lemma_of(root.head) in SPEECH_VERBS:
        return False  # "Iran said"
    first = root
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if first.dep_ == "pobj" and first.head.lower_ == "from" and first.head.head.pos_ in ("NOUN", "PRON", "NUM", "AUX"):
        return False  # where people come from: "11 men from Egypt and Libya", "refugees from Syria", "were from Chad"
    if first.dep_ == "pobj" and first.head.lower_ in ("including", "like", "excluding"):
        return False  # members of what is counted: "four countries, including the United States"
    return not (root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according")
