"""The model's attribute_ruler and lemmatizer, for less: the same token attributes, made faster or on demand.

The syntax pass parses only short candidate sentences, where these two components cost a third of the
pass: the attribute_ruler's Matcher tries all its patterns (179 in en_core_web_sm) at every token, and
the lemmatizer lemmatizes every token while the claim rules read the lemmas of a few.
"""

from __future__ import annotations

import re

from spacy.attrs import DEP, IS_SPACE, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs  # what AttributeRuler itself sets attributes with

FAST_ATTRIBUTES = "newstally_fast_attributes"
LAZY_LEMMAS = "newstally_lazy_lemmas"
LEMMATIZE = "newstally_lemmatize"  # Doc.user_data key: the lemmatizer's function, for lemma()

# the token attributes a single-token rule may test here, by column of Doc.to_array
COLUMNS = {"LOWER": 0, "TAG": 1, "DEP": 2, "IS_SPACE": 3}
NONE: list = []
REGEX_MEMORY = 50_000  # words whose regex result is remembered, per rule


def lemma(tok: Token) -> str:
    """tok.lemma_, made on first use when the pipeline's lemmas are lazy (see LazyLemmas)."""
    if tok.lemma == 0:
        lemmatize = tok.doc.user_data.get(LEMMATIZE)
        if lemmatize is not None:
            tok.lemma_ = lemmatize(tok)[0]
    return tok.lemma_


class LazyLemmas:
    """Stands in for the lemmatizer: each Doc carries its lemmatize function, and lemma() calls it."""

    def __init__(self, lemmatizer) -> None:
        self.lemmatize = lemmatizer.lemmatize

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[LEMMATIZE] = self.lemmatize
        return doc


@Language.factory(LAZY_LEMMAS)
def make_lazy_lemmas(nlp: Language, name: str) -> LazyLemmas:
    return LazyLemmas(nlp.get_pipe("lemmatizer"))


class FastAttributes:
    """The rules of an AttributeRuler, applied in its order with the same results.

    The leading rules that test only a tag (the tag map) are one table lookup per Doc; single-token rules
    are looked up by their word or tag; only rules over several tokens (a handful) go through a Matcher.
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        vocab = ruler.vocab
        self.attrs, self.indices = ruler.attrs, ruler.indices
        self.tag_map: dict[int, dict[int, int]] = {}  # tag -> {POS or MORPH: value}
        self.by_word: dict[int, list[tuple[int, list]]] = {}
        self.by_tag: dict[int, list[tuple[int, list]]] = {}
        self.anywhere: list[tuple[int, list]] = []
        self.matcher = Matcher(vocab)
        self.needs: list[list[tuple]] = []  # per Matcher pattern: (column, kind, wanted) a Doc must hold to match
        leading = True
        for rule_id, spec in enumerate(ruler.patterns):
            for pattern in spec["patterns"]:
                tests, complete = _token_tests(vocab, pattern[0]) if len(pattern) == 1 else ([], False)
                if leading and complete and self._as_tag_map(rule_id, tests):
                    continue
                leading = False
                if not complete:
                    self.matcher.add(str(rule_id), [pattern])
                    self.needs.append([t for token_pattern in pattern for t in _token_tests(vocab, token_pattern)[0]])
                    continue
                word = next((v for col, kind, v in tests if col == COLUMNS["LOWER"] and kind == "eq"), None)
                tag = next((v for col, kind, v in tests if col == COLUMNS["TAG"] and kind == "eq"), None)
                words = next((v for col, kind, v in tests if col == COLUMNS["LOWER"] and kind == "in"), None)
                if word is not None:
                    self.by_word.setdefault(word, []).append((rule_id, tests))
                elif words is not None:
                    for w in words:
                        self.by_word.setdefault(w, []).append((rule_id, tests))
                elif tag is not None:
                    self.by_tag.setdefault(tag, []).append((rule_id, tests))
                else:
                    self.anywhere.append((rule_id, tests))

    def _as_tag_map(self, rule_id: int, tests: list) -> bool:
        """Take a rule into the tag map when it tests one tag and sets only POS and MORPH."""
        if self.indices[rule_id] != 0 or len(tests) != 1 or tests[0][:2] != (COLUMNS["TAG"], "eq"):
            return False
        if not set(self.attrs[rule_id]) <= {POS, MORPH}:
            return False
        self.tag_map.setdefault(tests[0][2], {}).update(self.attrs[rule_id])
        return True

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        columns = doc.to_array([LOWER, TAG, DEP, IS_SPACE, POS, MORPH])
        for row in columns:
            attrs = self.tag_map.get(int(row[1]))
            if attrs:
                row[4] = attrs.get(POS, row[4])
                row[5] = attrs.get(MORPH, row[5])
        doc.from_array([POS, MORPH], columns[:, 4:])
        matches = []
        rows = columns[:, :4].tolist()
        for i, values in enumerate(rows):
            for rules in (self.by_word.get(values[0]), self.by_tag.get(values[1]), self.anywhere):
                for rule_id, tests in rules or NONE:
                    if all(_passes(values[col], kind, want) for col, kind, want in tests):
                        matches.append((rule_id, i, i + 1))
        if self._may_match(rows):
            for match_id, start, end in self.matcher(doc, allow_missing=True):
                matches.append((int(doc.vocab.strings[match_id]), start, end))
        matches.sort()  # later rules win, as in AttributeRuler
        for rule_id, start, end in matches:
            index = self.indices[rule_id]
            set_token_attrs(doc[start + index if index >= 0 else end + index], self.attrs[rule_id])
        return doc

    def _may_match(self, rows: list[list[int]]) -> bool:
        """Whether any Matcher pattern can match: each of its token tests must hold for some token."""
        if not self.needs:
            return False
        present = [set(column) for column in zip(*rows)]
        return any(all(_present(present[col], kind, want) for col, kind, want in needs) for needs in self.needs)


@Language.factory(FAST_ATTRIBUTES)
def make_fast_attributes(nlp: Language, name: str) -> FastAttributes:
    return FastAttributes(nlp.get_pipe("attribute_ruler"))


def _token_tests(vocab, token_pattern: dict) -> tuple[list[tuple[int, str, object]], bool]:
    """(column, kind, wanted) tests of a token pattern, and whether they are all it tests."""
    tests, complete = [], True
    for key, want in token_pattern.items():
        col = COLUMNS.get(key.upper())
        if col == COLUMNS["IS_SPACE"]:
            if isinstance(want, bool):
                tests.append((col, "eq", int(want)))
            else:
                complete = False
        elif col is None:
            complete = False
        elif isinstance(want, str):
            tests.append((col, "eq", vocab.strings.add(want)))
        elif (
            isinstance(want, dict)
            and len(want) == 1
            and set(want) <= {"IN", "NOT_IN"}
            and all(isinstance(w, str) for w in next(iter(want.values())))
        ):
            kind, words = next(iter(want.items()))
            tests.append((col, kind.lower(), frozenset(vocab.strings.add(w) for w in words)))
        elif isinstance(want, dict) and set(want) == {"REGEX"} and col == COLUMNS["LOWER"]:
            tests.append((col, "regex", _Regex(vocab, want["REGEX"])))
        else:
            complete = False
    return tests, complete


class _Regex:
    """A REGEX test on a token's lowercase form, remembered by the form's hash."""

    def __init__(self, vocab, pattern: str) -> None:
        self.strings, self.regex, self.seen = vocab.strings, re.compile(pattern), {}

    def __call__(self, value: int) -> bool:
        hit = self.seen.get(value)
        if hit is None:
            if len(self.seen) >= REGEX_MEMORY:  # a long run meets ever more words: stay bounded
                self.seen.clear()
            hit = self.seen[value] = self.regex.search(self.strings[value]) is not None
        return hit


def _passes(value: int, kind: str, want) -> bool:
    if kind == "eq":
        return value == want
    if kind == "in":
        return value in want
    if kind == "not_in":
        return value not in want
    return want(value)


def _present(present: set, kind: str, want) -> bool:
    """Whether some value in `present` can pass the test (always, for a regex: not worth checking)."""
    if kind == "eq":
        return want in present
    if kind == "in":
        return bool(want & present)
    if kind == "not_in":
        return bool(present - want)
    return True
