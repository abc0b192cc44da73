"""Loading the spaCy model named in the settings, once per process, in the parts the pipeline runs."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer

from flows.pipeline_version import ModelError, cannot_load  # noqa: F401  (ModelError: what loading raises)
from transforms.analysis import with_paragraph_breaks
from transforms.attributes import FAST_ATTRIBUTES, LAZY_LEMMAS

SYNTAX = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


def _load(model: str) -> Language:
    try:
        return spacy.load(model)
    except OSError as err:
        raise cannot_load(model) from err


@lru_cache(maxsize=2)
def language(model: str) -> Language:
    """The whole pipeline `model` (a package name or a path), with paragraph-aware sentences."""
    return with_paragraph_breaks(_load(model))


@lru_cache(maxsize=2)
def sentences_and_entities(model: str) -> Language | None:
    """The cheap first pass for every document: sentence boundaries (senter) and entities (ner).

    None when the model cannot split sentences without its parser, or its ner listens to a shared
    embedding layer: then the whole pipeline runs once instead.
    """
    nlp = _load(model)
    names = nlp.component_names
    if "senter" not in names or "ner" not in names:
        return None
    if "tok2vec" in names and {"ner", "senter"} & set(nlp.get_pipe("tok2vec").listening_components):
        return None
    for name in names:
        (nlp.enable_pipe if name in ("senter", "ner") else nlp.disable_pipe)(name)
    return with_paragraph_breaks(nlp)


@lru_cache(maxsize=2)
def syntax(model: str) -> Language:
    """The second pass, for the sentences that hold a quantity: tagger, parser, attributes and lemmas.

    The model's attribute_ruler and lemmatizer give way to stand-ins with the same results for less
    (transforms/attributes.py): lemmas are made only for the tokens the claim rules read.
    """
    nlp = _load(model)
    for name in nlp.component_names:
        (nlp.enable_pipe if name in SYNTAX else nlp.disable_pipe)(name)
    for original, stand_in in (("attribute_ruler", FAST_ATTRIBUTES), ("lemmatizer", LAZY_LEMMAS)):
        if original in nlp.pipe_names and _stands_in(nlp, original):
            nlp.add_pipe(stand_in, after=original)
            nlp.disable_pipe(original)
    return nlp


def _stands_in(nlp: Language, name: str) -> bool:
    """Whether a stand-in gives this component's results: spaCy's own classes, lemmas that overwrite none."""
    component = nlp.get_pipe(name)
    if name == "attribute_ruler":
        return isinstance(component, AttributeRuler)
    return isinstance(component, Lemmatizer) and not component.overwrite  # it fills only lemmas not yet set
