"""What each web page was read into (its article, or that it holds none), kept in the warehouse folder under a hash
of the page's bytes: a page already read is not read again. Reading a page costs a good part of what analysing its
article does, and a scheduled run over a folder or a feed meets the same pages every time.

Keyed by the reader's version too, so a new trafilatura or a change to how pages are read reads every page anew.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

from transforms.web_page import PageArticle

FOLDER = "page-readings"


class PageReadings:
    """The readings of one warehouse, for one version of the reader."""

    def __init__(self, warehouse: str | Path, reader_version: str) -> None:
        self.root = Path(warehouse) / FOLDER
        self.folder = self.root / hashlib.sha256(reader_version.encode()).hexdigest()[:16]

    def article(
        self, data: bytes, url: str | None, read: Callable[[bytes, str | None], PageArticle | None]
    ) -> PageArticle | None:
        """The page's article as read before, else `read(data, url)`, kept for the next time."""
        key = hashlib.sha256((url or "").encode() + b"\0" + data).hexdigest()
        path = self.folder / key[:2] / f"{key}.json"
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))["article"]
            article = None if kept is None else PageArticle(**kept)
        except (OSError, ValueError, TypeError, KeyError):  # not read yet, or a damaged file: read it again
            pass
        else:
            with suppress(OSError):
                os.utime(path)  # in use: not expired
            return article
        article = read(data, url)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f"{path.name}.{os.getpid()}.part")
            partial.write_text(json.dumps({"article": None if article is None else asdict(article)}), encoding="utf-8")
            os.replace(partial, path)  # whole or not there, whoever reads it
        except OSError:  # a full disk or a read-only folder costs the next run a reading, nothing else
            pass
        return article

    def remove_unused(self, older_than: timedelta) -> int:
        """Delete the readings no run has used for `older_than` (pages gone, or read by another version); how many."""
        if not self.root.is_dir():
            return 0
        cutoff, removed = time.time() - older_than.total_seconds(), 0
        for path in self.root.glob("*/*/*"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except OSError:  # gone already
                continue
        return removed
