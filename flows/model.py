"""Loading the spaCy model named in the settings, once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from transforms.analysis import with_paragraph_breaks
from transforms.claims import EXTRACTOR_VERSION


class ModelError(Exception):
    """The configured spaCy model cannot be loaded."""


@lru_cache(maxsize=2)
def language(model: str) -> Language:
    """The spaCy pipeline `model` (a package name or a path), with paragraph-aware sentences."""
    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise ModelError(
            f"spaCy model {model!r} cannot be loaded: install it (pip install {model}) or set NEWSTALLY_MODEL"
        ) from err
    return with_paragraph_breaks(nlp)


def pipeline_version(model: str) -> str:
    """Model name and version plus extractor version: documents analysed under another are redone."""
    meta = language(model).meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', model)}-{meta.get('version', '0')}+{EXTRACTOR_VERSION}"
