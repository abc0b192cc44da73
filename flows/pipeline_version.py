"""The pipeline version of a model, read from its meta.json without importing spaCy or loading weights."""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path

from transforms.version import EXTRACTOR_VERSION


class ModelError(Exception):
    """The configured spaCy model cannot be loaded."""


def cannot_load(model: str) -> ModelError:
    # the message as the only argument, so the error pickles back unchanged from a worker process
    return ModelError(
        f"spaCy model {model!r} cannot be loaded: install it (pip install {model}) or set NEWSTALLY_MODEL"
    )


@lru_cache(maxsize=8)
def model_meta(model: str) -> dict:
    """The model's meta.json: of an installed package (found, not imported) or of a model folder."""
    folder = Path(model)
    if not folder.is_dir():
        try:
            spec = importlib.util.find_spec(model) if model.isidentifier() else None
        except (ImportError, ValueError):
            spec = None
        if spec is None or not spec.submodule_search_locations:
            raise cannot_load(model)
        folder = Path(next(iter(spec.submodule_search_locations)))
    try:
        return json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise cannot_load(model) from err


def pipeline_version(model: str) -> str:
    """Model name and version plus extractor version: documents analysed under another are redone."""
    meta = model_meta(model)
    return f"{meta.get('lang', 'xx')}_{meta.get('name', model)}-{meta.get('version', '0')}+{EXTRACTOR_VERSION}"
