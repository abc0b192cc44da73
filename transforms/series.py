"""Figure series: the reports of one quantity about one event, grouped across articles (see the README's
"Figures across articles").

A report joins the series it is most like among those of the same kind and unit, of the same event type (a
figure of no event type may join any that counts the same things, or others at its scale) and close in time, when
enough of what names its event (places, names, event words, weighted by how rare they are) is shared, and, for a
series of other articles, one name few series hold and no other kind of event beside the figures ("bombings", not
"an ambush"); otherwise it begins a series of its own, and, once the batch's series are made, it may still join one
of its event type whose figure is near its own on less shared wording. A series matches on its first report's terms
and those its members repeat (a term of one member counts less), so it cannot drift through look-alikes into a series
of everything. Reports are taken one at a time in a fixed order, so a series made in one run grows in the next as
later reports join it.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from transforms.event_types import CATEGORY_OF, EVENT_LEMMAS, PEOPLE_CATEGORIES, names_people

# Reports further apart than this (by the day they place the figure on, else their publication) are
# about different events.
MAX_DAYS_APART = 10
# The share of a report's event words (weighted by rarity) a series must hold for the report to join it.
MIN_SHARED = 0.5
# Words that say a claim is a report of a figure, not which event it is about.
_REPORTING = frozenset(
    "said says say told reported report reports according official officials spokesman spokesmen statement "
    "people persons today yesterday tonight week weeks day days month year years also including least".split()
)
# A report of the very figure a series already holds is likelier a restatement than a new event.
SAME_VALUE_BONUS = 0.25
# How far apart (a ratio) a vague amount and a figure of the same article may be and still be one amount; vague
# amounts below the least are "a few", "several": too small to tell one count from another.
VAGUE_SPREAD = 10
# A report that names the day of a one-day event ("died in the blast last Thursday") is likelier about it.
SAME_DAY_BONUS = 0.05
MIN_VAGUE = 10
# A figure the article says was reported before the one it reports now: "a previously reported 85", "had earlier
# confirmed that two soldiers were killed" (not "Earlier, troops shot eight children").
_REPORTED_BEFORE = re.compile(
    r"\b(?:previously|earlier|initially|originally|first)\s+(?:(?:been|had|have|was|were)\s+)?"
    r"(?:reported|said|confirmed|put|given|estimated|announced|stated|quoted|counted)\b",
    re.I,
)
# A figure of no event type and one of a series of some event type (or the other way round), each naming what it
# counts and not the same thing, are one series only within this ratio of each other: "three divisions" attacked are
# no count of the battle's "thousands of casualties", but "Al Qaeda members" and "fighters" at large may be one count.
OTHER_SCALE = 10
# A figure that began a series of its own joins, on a second look, the series of its event type that holds a figure
# within this ratio of its own, when they share this much of its words; figures under the least are not looked at
# again ("two killed" and "three killed" are too common to tell one event's from another's).
NEAR_RATIO = 2.0
NEAR_SHARED = 0.35
NEAR_MIN = 10
# How much an entity of the headline or lead counts against one of the claim's own sentence.
CONTEXT_WEIGHT = 0.5
# Reports of two articles are one event's only when they share a name (a place, a person, an organisation, of the
# claim's sentence or of the headline and lead) that at most this many series hold: a name every series holds ("US",
# "Reuters") tells no event apart.
NAME_POSTINGS = 20
# How many of a series' members must hold a term (beyond its first report's) for the series to match on it.
CORE_MEMBERS = 2
# What a term only one member of a series holds counts for, against one that its first report or two members hold.
PENDING_WEIGHT = 0.5
# Terms a series keeps: enough to recognise its event, and a bound on a long-running series' row.
MAX_TERMS = 100
# A term held by more series than this is not used to find the series a report may join.
MAX_POSTINGS = 20
_ENTITY_LABELS = ("GPE", "LOC", "FAC", "ORG", "EVENT", "NORP", "PERSON", "PRODUCT", "LAW")
_WORD = re.compile(r"[A-Za-z][A-Za-z\-]+[A-Za-z0-9]|[A-Za-z]+-\d+")


@dataclass
class Report:
    """A claim as the series step sees it."""

    claim_id: str
    doc_id: str
    category: str | None
    kind: str
    unit: str | None
    value: float
    first_day: date | None  # the interval the figure holds for, else its publication day
    last_day: date | None
    country: str | None
    terms: frozenset[str]
    place: str | None = None
    object: str | None = None
    source: str | None = None  # who the text attributes the figure to
    qualifier: str | None = None
    dated: bool = False  # its day is the one its sentence names ("last Thursday"), not its publication's
    sentence_idx: int | None = None
    reported_before: bool = False  # the sentence tells of it as a figure reported before ("a previously reported 85")
    events: frozenset[str] = frozenset()  # the kinds of event named beside the figure ("bombing", "ambush")
    _weights: dict[str, float] | None = field(default=None, repr=False, compare=False)

    @property
    def key(self) -> tuple:
        return series_key(self.kind, self.unit)


@dataclass
class Series:
    """A series as later reports are matched against it."""

    series_id: str
    category: str | None
    kind: str
    unit: str | None
    country: str | None
    first_day: date | None
    last_day: date | None
    terms: set[str]
    values: set[float] = field(default_factory=set)
    object: str | None = None
    # this batch's members, by document: their values and who they are attributed to
    doc_values: dict[str, set[float]] = field(default_factory=dict)
    doc_sources: dict[str, set[str]] = field(default_factory=dict)
    doc_objects: dict[str, set[str | None]] = field(default_factory=dict)
    doc_vague: dict[str, set[float]] = field(default_factory=dict)  # of those values, the vague ones ("hundreds")
    doc_object_words: dict[str, set[str]] = field(default_factory=dict)
    doc_days: dict[str, set[tuple[date, date]]] = field(default_factory=dict)  # of those, the days their sentences name
    # how many of this batch's members hold each term not yet among `terms`
    pending: Counter[str] = field(default_factory=Counter)
    # the figures reported in one sentence with an earlier batch's member: (their series, event type, key, document)
    partners: set[tuple[str, str | None, tuple, str]] = field(default_factory=set)
    events: set[str] = field(default_factory=set)  # the kinds of event its reports name beside their figures
    # the single days its reports' sentences name ("today", "on Monday"), and how many of its reports name no single
    # day
    named_days: set[date] = field(default_factory=set)
    unnamed: int = 0

    @property
    def key(self) -> tuple:
        return series_key(self.kind, self.unit)

    def take_terms(self, terms: Iterable[str]) -> list[str]:
        """Note a new member's terms; those that a second member now holds become the series' own (returned).
        A term of one member alone does not: a series that took every word of every member would come to match
        anything, and grow without end through reports that each resemble only the last."""
        added = []
        for t in terms:
            if t in self.terms:
                continue
            self.pending[t] += 1
            if self.pending[t] >= CORE_MEMBERS:
                del self.pending[t]
                self.terms.add(t)
                added.append(t)
        return added


# Where the part of a sentence that tells of a figure ends: a comma, semicolon, colon, bracket or dash, or a word that
# begins another clause ("... killing 26 people and provoking the heaviest air raids", "... strikes after 25 were
# killed"); and how many words either side of the figure it reaches at most.
_CLAUSE_END = re.compile(r"[,;:()\u2014]|\s(?:and|but|while|whereas|after|before|following|as)\s", re.I)
EVENT_WINDOW = 12
# Kinds of event by the nouns that name them. Words of any kind ("attack", "incident", "violence") are not here.
EVENT_KINDS = {
    "bombing": "bomb",
    "bomb": "bomb",
    "bomber": "bomb",
    "blast": "bomb",
    "explosion": "bomb",
    "ambush": "ambush",
    "raid": "raid",
    "strike": "raid",
    "airstrike": "raid",
    "massacre": "shooting",
    "shooting": "shooting",
    "earthquake": "quake",
    "quake": "quake",
    "flood": "flood",
    "crash": "crash",
    "clash": "clash",
    "fighting": "clash",
    "riot": "riot",
}
# How a series' row keeps the kinds of event its reports name, among its terms.
_KIND_TERM = "k:"


def event_kinds(sentence: str, surface: str | None) -> frozenset[str]:
    """The kinds of event named beside a figure (`surface`), in its part of the sentence: "after 25 people were killed
    at the weekend in several suicide bombings" → bomb; "the bus ambush which killed 10" → ambush."""
    at = sentence.find(surface) if surface else -1
    if at < 0:
        return frozenset()
    left = _CLAUSE_END.split(sentence[:at])[-1].split()[-EVENT_WINDOW:]
    right = _CLAUSE_END.split(sentence[at + len(surface) :])[0].split()[:EVENT_WINDOW]
    kinds = set()
    for word in (*left, *right):
        low = re.sub(r"[^a-z]", "", word.lower())
        kind = EVENT_KINDS.get(low) or (EVENT_KINDS.get(low[:-1]) if low.endswith("s") else None)
        if kind:
            kinds.add(kind)
    return frozenset(kinds)


def reported_before(sentence: str) -> bool:
    """Whether a sentence tells of its figure as one reported before the article's latest: "the toll rose from a
    previously reported 85"."""
    return _REPORTED_BEFORE.search(sentence) is not None


def series_key(kind: str, unit: str | None) -> tuple:
    """What reports of one series share: the kind of figure and its unit."""
    return kind, unit


def same_event_type(a: str | None, b: str | None) -> bool:
    """Whether figures of these event types can be one series: the same type, or one of no type (a count of
    "failures" or of "casualties" the extractor gave no category may be what a series of KILL counts)."""
    return a is None or b is None or a == b


@lru_cache(maxsize=50_000)
def object_head(object_: str | None) -> str | None:
    """The counted noun of an object, singular and lower case: "Texas banks" → "bank"."""
    words = re.findall(r"[a-z]+", (object_ or "").lower())
    if not words:
        return None
    word = words[-1]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def series_id(claim_id: str) -> str:
    """The id of the series a claim begins: stable however many reports join later."""
    return hashlib.sha256(f"series:{claim_id}".encode()).hexdigest()[:32]


def event_terms(
    sentence: str,
    entities: Iterable[str],
    context: Iterable[str] = (),
    place: str | None = None,
    category: str | None = None,
) -> frozenset[str]:
    """What names a claim's event: its sentence's entities and content words, with the entities of its
    article's headline and lead (`context`) marked apart as weaker clues. The words that tell the claim's event type
    (`category`) are one word, however they put it: "detained" and "prisoners" tell ARREST alike."""
    terms = {f"w:{w}" for w in _words(sentence, category)}
    terms |= {f"e:{_norm(e)}" for e in entities if _norm(e)}
    terms |= {f"c:{_norm(e)}" for e in context if _norm(e)}
    if place and _norm(place):
        terms.add(f"e:{_norm(place)}")
    return frozenset(terms)


@lru_cache(maxsize=50_000)
def _norm(text: str) -> str:
    words = [w for w in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text.lower()) if w not in ("the", "s")]
    # one name whether it is said in the singular or the plural: "Palestinian Authorities", "Palestinian Authority"
    return " ".join(w[:-3] + "y" if w.endswith("ies") and len(w) >= 6 else w for w in words)


def _words(sentence: str, category: str | None = None) -> set[str]:
    out = set()
    telling = _event_stems().get(category, ()) if category else ()
    for w in _WORD.findall(sentence):
        low = w.lower()
        short = len(low) < 4 and not (len(low) == 3 and w[0].isupper() and w[1:].islower())  # "Van", "Gaza"
        if short or low in _stop_words() or low in _REPORTING:
            continue
        stem = _stem(low)
        out.add(f"={category.lower()}" if stem in telling else stem)
    return out


@lru_cache(maxsize=1)
def _event_stems() -> dict[str, frozenset[str]]:
    """For each event type, the stems of the forms of the words that tell it ("detain": "detained", "detains")."""
    out = {}
    for category, lemmas in EVENT_LEMMAS.items():
        stems = set()
        for lemma in lemmas.split():
            base = lemma[:-1] if lemma.endswith("e") else lemma
            forms = (
                lemma,
                f"{lemma}s",
                f"{lemma}es",
                f"{lemma}d",
                f"{base}ed",
                f"{base}ing",
                f"{base}er",
                f"{base}ers",
            )
            stems.update(_stem(form) for form in forms)
        out[category] = frozenset(stems)
    return out


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """spaCy's English stop words, imported when first needed: importing spaCy takes most of a second, which a
    command that only reads the warehouse should not pay."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    """A word without its inflection, so that "bombings", "bombers" and "bombed" meet: "bomb"."""
    if word.endswith("ies") and len(word) >= 6:  # "casualties": "casualty"
        return word[:-3] + "y"
    for suffix in ("ings", "ing", "ers", "er", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def report_days(
    time_start: date | None, time_end: date | None, published_at: datetime | None
) -> tuple[date | None, date | None]:
    """The interval a report places its figure in, else the day it was published."""
    if time_start is not None:
        return time_start, time_end or time_start
    day = published_at.date() if published_at is not None else None
    return day, day


def grouped(
    reports: list[Report], candidates: list[Series], weights: dict[str, float]
) -> tuple[list[tuple[str, str, bool]], dict[str, Series]]:
    """(claim_id, series_id, joined an earlier series) for each report, in order, and every series by id;
    `candidates` are the series earlier reports made (they grow as reports join), `weights` each term's rarity.

    The reports of one figure in one article (a headline and the lead that restates it) are matched as one,
    with the terms of both. A report is compared only with the series that share a term with it (found through
    an index of terms), so the work grows with the reports and the series like them, not with every series."""
    made: dict[str, Series] = {}
    index: dict[tuple, dict[str, dict[str, Series]]] = {}  # key → term → series holding it, in order made

    def add(s: Series, terms: Iterable[str]) -> None:
        postings = index.setdefault(s.key, {})
        for t in terms:
            postings.setdefault(t, {})[s.series_id] = s

    for s in candidates:
        made[s.series_id] = s
        add(s, s.terms)
    rank = {sid: i for i, sid in enumerate(made)}
    chosen: dict[str, tuple[str, bool]] = {}
    units = _units(reports)
    for unit in units:
        r = _merged(unit)
        best, best_score = None, MIN_SHARED
        postings = index.get(r.key, {})
        telling = _telling_names(r, postings)
        for sid in sorted(_near(r, postings, weights), key=rank.__getitem__):
            score = _likeness(r, made[sid], weights, telling)
            if score > best_score:
                best, best_score = made[sid], score
        joined = best is not None
        if best is None:
            best = Series(
                series_id(r.claim_id), r.category, r.kind, r.unit, r.country, r.first_day, r.last_day, set(r.terms)
            )
            best.object = r.object
            made[best.series_id] = best
            rank[best.series_id] = len(rank)
            new_terms = list(r.terms)
        else:
            new_terms = best.take_terms(r.terms)
        add(best, [*new_terms, f"d:{r.doc_id}"])
        _note_member(best, r)
        for i, member in enumerate(unit):
            chosen[member.claim_id] = (best.series_id, joined or i > 0)

    def absorb(moves: list[tuple[list[Report], Series]]) -> None:
        for unit, target in moves:
            del made[series_id(unit[0].claim_id)]
            r = _merged(unit)
            add(target, [*target.take_terms(r.terms), f"d:{r.doc_id}"])
            _note_member(target, r)

    absorb(_paired_moves(units, chosen, made))
    # a figure may be near one that the second look itself brought into a series ("some 100" joins "70" and
    # "160" is near the 100): look again until no figure moves
    while moves := _near_figures_moves(units, chosen, made, weights, index):
        absorb(moves)
    return [(r.claim_id, *chosen[r.claim_id]) for r in reports], made


def _near_figures_moves(
    units: list[list[Report]],
    chosen: dict[str, tuple[str, bool]],
    made: dict[str, Series],
    weights: dict[str, float],
    index: dict[tuple, dict[str, dict[str, Series]]],
) -> list[tuple[list[Report], Series]]:
    """A second look at the figures that began a series of their own, once every series of the batch is made: one
    joins the series of its event type that holds a figure near its own ("25 people were killed at the weekend" and
    a later article's "26 Israelis dead") when they share a lower share of its words (`NEAR_SHARED`) than a first
    report needs, a name counting alike in the sentence or in the headline and lead (a figure of no event type: one
    that counts the same people in the same words). A figure equal or near to a series' is likelier its restatement;
    small figures, which coincide often, are not looked at again."""
    holders: dict[str, list[int]] = defaultdict(list)
    for i, unit in enumerate(units):
        holders[chosen[unit[0].claim_id][0]].append(i)
    moves, emptied = [], set()
    for i, unit in enumerate(units):
        r = _merged(unit)
        mine = chosen[r.claim_id][0]
        if holders[mine] != [i] or mine != series_id(r.claim_id) or r.value < NEAR_MIN:
            continue
        if r.category is None and not _names_whom(r.object):  # of no event type: only a count of someone in particular
            continue
        if r.qualifier == "vague":  # any "hundreds" is 200: near nothing in particular
            continue
        postings = index.get(r.key, {})
        telling = _telling_names(r, postings)
        best, best_score = None, NEAR_SHARED
        for sid in sorted(_near(r, postings, weights, NEAR_SHARED) - {mine}):
            s = made.get(sid)
            if (
                s is None
                or sid in emptied
                or s.category != r.category
                or (r.category is None and not _counts_the_same(r, s))
                or r.doc_id in s.doc_values
                or not _near_figure(r, s)
            ):
                continue
            score = _likeness(r, s, weights, telling, names_anywhere=True)
            if score > best_score:
                best, best_score = s, score
        if best is not None:
            emptied.add(mine)
            _move(i, unit, mine, best, moves, holders, chosen)
    return moves


def _names_whom(object_: str | None) -> bool:
    """Whether a counted noun names people, and which ("Hamas supporters", "miners"; not "people", "shares")."""
    head = object_head(object_)
    return head is not None and head not in ("people", "person") and names_people(head)


def _counts_the_same(r: Report, s: Series) -> bool:
    """Whether a series' report counts what the report does, in the same words: "Hamas supporters"."""
    named = {_norm(o) for words in s.doc_object_words.values() for o in words} | {_norm(s.object or "")}
    return _norm(r.object or "") in named


def _near_figure(r: Report, s: Series) -> bool:
    """Whether a series holds a figure (not a vague amount of this batch) within `NEAR_RATIO` of the report's. Only
    counts move as news comes in ("25 killed", then "26 dead"): an amount of money, a share or a measure restated
    is the same amount, and another is another loan, price or rate ("a 21 mln dlr loan", "a 37 mln dlr loan")."""
    vague = set().union(*s.doc_vague.values()) if s.doc_vague else set()
    if r.kind != "count":
        return r.value in s.values - vague
    return any(v > 0 and max(v, r.value) / min(v, r.value) <= NEAR_RATIO for v in s.values - vague)


def _note_member(s: Series, r: Report) -> None:
    """Note what a new member brings to its series: its days, country, value and what its article says of it."""
    if r.first_day is not None:
        s.first_day = min(s.first_day or r.first_day, r.first_day)
        s.last_day = max(s.last_day or r.last_day, r.last_day)
    s.country = s.country or r.country
    s.category = s.category or r.category
    s.values.add(r.value)
    s.events |= r.events
    s.doc_values.setdefault(r.doc_id, set()).add(r.value)
    s.doc_sources.setdefault(r.doc_id, set()).update([r.source] if r.source else [])
    s.doc_objects.setdefault(r.doc_id, set()).add(object_head(r.object))
    s.doc_object_words.setdefault(r.doc_id, set()).add(r.object or "")
    if r.dated and r.first_day is not None:
        s.doc_days.setdefault(r.doc_id, set()).add((r.first_day, r.last_day))
    if (day := _named_day(r)) is not None:
        s.named_days.add(day)
    else:
        s.unnamed += 1
    if r.qualifier == "vague":
        s.doc_vague.setdefault(r.doc_id, set()).add(r.value)


def _paired_moves(
    units: list[list[Report]], chosen: dict[str, tuple[str, bool]], made: dict[str, Series]
) -> list[tuple[list[Report], Series]]:
    """Figures reported together, moved to where their pair's figures stand: when "four people died and 40 were
    injured" has its 40 in the series of an earlier article's "killed at least one person and wounded about 40",
    its four joins that sentence's one, if it began a series of its own and nothing else points elsewhere. The earlier
    article may be of this batch or of an earlier one (`partners`)."""
    sentence: dict[tuple, list[int]] = defaultdict(list)
    holders: dict[str, list[int]] = defaultdict(list)
    for i, unit in enumerate(units):
        for r in unit:
            if r.sentence_idx is not None:
                sentence[(r.doc_id, r.sentence_idx)].append(i)
        holders[chosen[unit[0].claim_id][0]].append(i)
    moves = []
    for i, unit in enumerate(units):
        mine = chosen[unit[0].claim_id][0]
        r = unit[0]
        if holders[mine] != [i] or mine != series_id(r.claim_id) or r.category is None:
            continue
        targets = set()
        for key in {(m.doc_id, m.sentence_idx) for m in unit if m.sentence_idx is not None}:
            for j in set(sentence[key]) - {i}:
                pair = chosen[units[j][0].claim_id][0]
                targets.update(
                    sid
                    for sid, category, of, doc in made[pair].partners
                    if doc != r.doc_id and category == r.category and of == r.key
                )
                for k in holders[pair]:
                    if units[k][0].doc_id == r.doc_id:
                        continue
                    for other in {(m.doc_id, m.sentence_idx) for m in units[k] if m.sentence_idx is not None}:
                        for x in sentence[other]:
                            o = units[x][0]
                            if x != k and x < i and o.key == r.key and o.category == r.category:
                                targets.add(chosen[o.claim_id][0])
        targets.discard(mine)
        if len(targets) == 1 and (target := made.get(targets.pop())) is not None:
            if _close_in_time(r, target):
                _move(i, unit, mine, target, moves, holders, chosen)
    return moves


def _move(
    i: int,
    unit: list[Report],
    mine: str,
    target: Series,
    moves: list[tuple[list[Report], Series]],
    holders: dict[str, list[int]],
    chosen: dict[str, tuple[str, bool]],
) -> None:
    """Note that the i-th unit leaves its series (`mine`) for `target`."""
    moves.append((unit, target))
    holders[mine].remove(i)
    holders[target.series_id].append(i)
    for m in unit:
        chosen[m.claim_id] = (target.series_id, True)


def _close_in_time(r: Report, s: Series) -> bool:
    """Whether a report is close enough in time to a series to be one of its reports (undated ones always are)."""
    if r.first_day is None or s.first_day is None:
        return True
    return (r.first_day - s.last_day).days <= MAX_DAYS_APART and (s.first_day - r.last_day).days <= MAX_DAYS_APART


def _near(
    r: Report, postings: dict[str, dict[str, Series]], weights: dict[str, float], least: float = MIN_SHARED
) -> set[str]:
    """The series that may be like enough for the report to join: those of its own article, and those whose
    shared terms could reach the bar, `least` (summed through the index, so the series that cannot are never
    compared)."""
    mine = _term_weights(r, weights)
    shared: defaultdict[str, float] = defaultdict(float)
    common = 0.0
    for t, weight in mine.items():
        holders = postings.get(t)
        if not holders:
            continue
        if len(holders) > MAX_POSTINGS:  # a term that many series hold tells none of them apart
            common += weight
            continue
        for sid in holders:
            shared[sid] += weight
    bar = (least - SAME_VALUE_BONUS) * sum(mine.values()) - common
    near = {sid for sid, w in shared.items() if w > bar}
    near.update(postings.get(f"d:{r.doc_id}", ()))
    return near


def _telling_names(r: Report, postings: dict[str, dict[str, Series]]) -> frozenset[str]:
    """The report's names (without the mark of where they stand: its sentence or its article's lead) that few
    enough series hold to tell its event apart."""
    names = {t[2:] for t in r.terms if t[:2] in ("e:", "c:")}
    return frozenset(
        n for n in names if len(postings.get(f"e:{n}", {}).keys() | postings.get(f"c:{n}", {}).keys()) <= NAME_POSTINGS
    )


def _units(reports: list[Report]) -> list[list[Report]]:
    """Reports of one figure in one article (the same kind, unit and value, of one event type or of none),
    in the order of each group's first report."""
    units: dict[tuple, list[list[Report]]] = {}
    order: list[list[Report]] = []
    for r in reports:
        same = units.setdefault((r.doc_id, r.key, r.value), [])
        unit = next((u for u in same if all(_one_figure(r, m) for m in u)), None)
        if unit is None:
            unit = []
            same.append(unit)
            order.append(unit)
        unit.append(r)
    return order


def _one_figure(a: Report, b: Report) -> bool:
    """Whether two reports of one value in one article may be the same figure said twice."""
    if not same_event_type(a.category, b.category):
        return False
    return not _no_people_for(a, b.category) and not _no_people_for(b, a.category)


def _merged(unit: list[Report]) -> Report:
    """One report standing for the reports of one figure in one article."""
    first = unit[0]
    if len(unit) == 1:
        return first
    days = [d for r in unit for d in (r.first_day, r.last_day) if d is not None]

    def some(name: str):
        return next((getattr(r, name) for r in unit if getattr(r, name)), None)

    return Report(
        first.claim_id,
        first.doc_id,
        first.category,
        first.kind,
        first.unit,
        first.value,
        min(days) if days else None,
        max(days) if days else None,
        some("country"),
        frozenset().union(*(r.terms for r in unit)),
        some("place"),
        some("object"),
        some("source"),
        some("qualifier"),
        any(r.dated for r in unit),
        first.sentence_idx,
        any(r.reported_before for r in unit),
        frozenset().union(*(r.events for r in unit)),
    )


def _likeness(
    r: Report, s: Series, weights: dict[str, float], telling: frozenset[str] = frozenset(), names_anywhere: bool = False
) -> float:
    """The weighted share of the report's event terms the series holds; 0 when they cannot be one series. With
    `names_anywhere`, a name of the report's headline or lead is shared with the same name in a series' sentences,
    and the other way round."""
    if not same_event_type(r.category, s.category) or not _close_in_time(r, s):
        return 0.0
    if r.category != s.category and _other_things(r, s):
        return 0.0  # "thousands of casualties" is no count of the "three divisions" a series of no event type counts
    same_doc = s.doc_values.get(r.doc_id)
    if same_doc is None and r.events and s.events and not r.events & s.events:
        return 0.0  # "25 killed at the weekend in several suicide bombings" are not "the bus ambush which killed 10"
    if same_doc is None and _another_days_amount(r, s):
        return 0.0  # the Bank's "help so far today" of one day is not the next day's
    bonus = 0.0
    if same_doc is not None:
        # in one article, the same figure again is a restatement; another figure is another part or event,
        # unless another side gives it (each side's figure for one thing) or one of the two is vague
        if r.value in same_doc:
            return 1.0
        if (superseded := _superseded_by(r, s, same_doc)) is not None:
            return superseded
        vaguely = _vaguely_restated(r, s, same_doc)
        if not _other_side(r, s) and not vaguely:
            return 0.0
        if vaguely:  # the same amount said again, once vaguely: as good a sign as the same figure again
            bonus = SAME_VALUE_BONUS
    mine = _term_weights(r, weights)
    total = sum(mine.values())
    if not total:
        return 0.0
    common = r.terms & s.terms
    if names_anywhere:
        common |= {t for t in r.terms if _name_elsewhere(t) in s.terms}
    if same_doc is None and NAME_POSTINGS and not any(f"e:{n}" in s.terms or f"c:{n}" in s.terms for n in telling):
        return 0.0
    loose = sum(mine[t] for t in r.terms if t in s.pending) * PENDING_WEIGHT if PENDING_WEIGHT else 0.0
    shared = (sum(mine[t] for t in common) + loose) / total
    # "hundreds" is always 200: a vague amount equal to a series' figure is no sign of the same count
    same_value = r.value in s.values and r.qualifier != "vague"
    return shared + bonus + (SAME_VALUE_BONUS if same_value else 0.0) + (SAME_DAY_BONUS if _same_day(r, s) else 0.0)


def _name_elsewhere(term: str) -> str | None:
    """The same name where the other stands: of the headline or lead for one of the sentence ("e:hamas" → "c:hamas"),
    and the other way round; None for a word."""
    if term.startswith("e:"):
        return f"c:{term[2:]}"
    if term.startswith("c:"):
        return f"e:{term[2:]}"
    return None


def _superseded_by(r: Report, s: Series, same_doc: set[float]) -> float | None:
    """How like an article's earlier figure ("the toll rose from a previously reported 85", "the Pentagon had earlier
    confirmed two killed") is the count it now reports higher: the nearer the figure above it, the likelier."""
    if not r.reported_before or r.category is None or r.category != s.category or r.value <= 0:
        return None
    above = [v for v in same_doc if v > r.value]
    return 0.9 + 0.1 * r.value / min(above) if above else None


def _things_counted(s: Series) -> set[str]:
    """What a series' reports count, as far as they say: "supporters", "banks"."""
    return ({h for heads in s.doc_objects.values() for h in heads} | {object_head(s.object)}) - {None}


def _other_things(r: Report, s: Series) -> bool:
    """Whether a report counts other things than a series does, both naming what they count."""
    mine = object_head(r.object)
    theirs = _things_counted(s)
    if mine is None or not theirs or mine in theirs:
        return False
    if _no_people_for(r, s.category):
        return True
    # what one series counts may go by several names ("militants", "fighters"): other things only at another scale
    return all(v <= 0 or r.value <= 0 or max(v, r.value) / min(v, r.value) > OTHER_SCALE for v in s.values)


def _no_people_for(r: Report, category: str | None) -> bool:
    """Whether a figure of no event type counts things that are not people, so that it is no count of an event type
    that counts people: "2,000 Yugoslav firms" are not the "2,000 Iranians" killed that a bulletin reports too."""
    head = object_head(r.object)
    if r.category is not None or category not in PEOPLE_CATEGORIES or head is None:
        return False
    return not names_people(head) and head not in CATEGORY_OF


def _another_days_amount(r: Report, s: Series) -> bool:
    """Whether an amount (not a count) its sentence places on one day is another amount than those of a series whose
    reports' sentences each name one day, all others: a day's money, share or price is that day's, not another's (the
    same amount again may be a restatement whose "today" is its own publication's)."""
    day = _named_day(r)
    if r.kind == "count" or day is None or r.value in s.values:
        return False
    return bool(s.named_days) and not s.unnamed and day not in s.named_days


def _named_day(r: Report) -> date | None:
    """The one day a report's sentence places its figure on ("today", "on March 5"), if it names a single day."""
    return r.first_day if r.dated and r.first_day is not None and r.first_day == r.last_day else None


def _same_day(r: Report, s: Series) -> bool:
    """Whether the report names the one day the series' event happened on ("last Thursday" for a series of that day)."""
    if not r.dated or r.first_day is None or r.first_day != r.last_day or s.first_day is None:
        return False
    return (s.last_day - s.first_day).days <= 1 and s.first_day <= r.first_day <= s.last_day


def _term_weights(r: Report, weights: dict[str, float]) -> dict[str, float]:
    """Each of a report's terms with its weight, worked out once per report."""
    if r._weights is None:
        r._weights = {t: _weight(t, weights) for t in r.terms}
    return r._weights


def _vaguely_restated(r: Report, s: Series, same_doc: set[float]) -> bool:
    """Whether a report and a series' figure in the same article may be one amount of the same people or things
    said twice, once vaguely: "hundreds of supporters" and "up to 2,000 Hamas supporters", "scores of members" and
    "more than 70 members" ("a few", "several" are too small to tell)."""
    vague = s.doc_vague.get(r.doc_id, set())
    if r.qualifier != "vague" and not vague:
        return False
    words = set(_norm(r.object or "").split())
    if not words or not any(words & set(_norm(o or "").split()) for o in s.doc_object_words.get(r.doc_id, ())):
        return False
    others = same_doc if r.qualifier == "vague" else vague
    return any(min(r.value, v) >= MIN_VAGUE and max(r.value, v) / min(r.value, v) <= VAGUE_SPREAD for v in others)


def _other_side(r: Report, s: Series) -> bool:
    """Whether a report gives another side's figure for what a series' report in the same article counts: another
    source ("Iraq said" against "IRNA said") about other people ("Iranians" against "Iraqis")."""
    sides = s.doc_sources.get(r.doc_id, set())
    objects = s.doc_objects.get(r.doc_id, set())
    if not r.source or not sides or not objects:
        return False
    days = s.doc_days.get(r.doc_id)
    if r.dated and days and not any(first <= r.last_day and r.first_day <= last for first, last in days):
        return False  # "1,500 casualties today" is no side's figure for "2,600 killed or wounded yesterday"
    words = set(_norm(r.source).split())
    return all(not words & set(_norm(x).split()) for x in sides) and object_head(r.object) not in objects


def terms_column(terms: set[str], events: Iterable[str] = (), limit: int = MAX_TERMS) -> str:
    """Terms (and kinds of event) as the series table stores them, one a line; a series keeps its rarest-looking
    (longest) terms when it has more than `limit`."""
    kept = sorted(terms, key=lambda t: (t.startswith("c:"), -len(t), t))[:limit]
    return "\n".join(sorted(kept) + sorted(f"{_KIND_TERM}{e}" for e in events))


def read_terms(column: str | None) -> set[str]:
    """The event terms the series table's column holds."""
    return {t for t in (column or "").split("\n") if t and not t.startswith(_KIND_TERM)}


def read_events(column: str | None) -> set[str]:
    """The kinds of event the series table's column holds."""
    return {t[len(_KIND_TERM) :] for t in (column or "").split("\n") if t.startswith(_KIND_TERM)}


EVENT_WORD = {
    "KILL": "killed",
    "WOUND": "injured",
    "DISPLACED": "displaced",
    "REFUGEE": "refugees",
    "DEPLOY": "deployed",
    "ARREST": "arrested",
    "KIDNAP": "kidnapped",
    "AFFECT": "affected",
    "PROTEST": "protesting",
    "AID": "aid",
}


def series_label(
    category: str | None, object_: str | None, place: str | None, country: str | None, day: date | None
) -> str:
    """A short name for a series: "people killed, Harbin (CN), 1987-03-15"."""
    what = " ".join(x for x in (object_ or "", EVENT_WORD.get(category or "", "")) if x).strip() or "figure"
    where = place or country
    if place and country:
        where = f"{place} ({country})"
    return ", ".join(x for x in (what, where, day.isoformat() if day else None) if x)


def _weight(term: str, weights: dict[str, float]) -> float:
    base = CONTEXT_WEIGHT if term.startswith("c:") else 1.0
    return base * weights.get(term, 1.0)


def rarity(documents_with: dict[str, int], documents: int) -> dict[str, float]:
    """Each term's weight: the log of how rare it is among the documents that hold it (inverse document frequency)."""
    return {t: math.log((1 + documents) / (1 + n)) + 1.0 for t, n in documents_with.items()}
