"""The source of the transforms as part of a cached batch's key: an analysis made by other code is never reused,
even when a change forgot to bump the extractor's version."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from prefect.cache_policies import CachePolicy

import transforms


def source_digest(folder: Path) -> str:
    """A hash of every Python file under a folder, by path and content."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.py")):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def transforms_digest() -> str:
    """The hash of the transforms package's source, read once per process."""
    return source_digest(Path(transforms.__file__).parent)


@dataclass
class TransformsSource(CachePolicy):
    """A cache key part that changes whenever any transform's source does."""

    def compute_key(self, task_ctx: Any, inputs: Any, flow_parameters: Any, **kwargs: Any) -> str:
        return transforms_digest()
