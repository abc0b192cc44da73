"""Raw articles to document records: normalized text, title, content key."""

from __future__ import annotations

from transforms.dates import published_at
from transforms.text import content_id, document_text, split_title


def document_record(
    source: str,
    raw: str,
    title: str | None = None,
    published: str | None = None,
    url: str | None = None,
    title_in_text: bool = False,
) -> dict | None:
    """A document row without its analysis columns; None when nothing is left after normalization."""
    if title_in_text and title is None:
        title, raw = split_title(raw)
    text = document_text(title, raw)
    if not text.strip():
        return None
    when = published_at(published)
    # The same text published again at another time (a wire's re-send) is another publication: its figures are
    # reported again then, and a series shows both times.
    return {
        "doc_id": content_id(text) if when is None else content_id(text, when.isoformat()),
        "source": source,
        "title": " ".join(title.split()) if title else None,
        "published": published,
        "published_at": when,
        "url": url,
        "text": text,
        "n_chars": len(text),
    }


def unique_documents(records: list[dict]) -> tuple[list[dict], list[dict]]:
    """(first record of each doc_id, the later duplicates) in input order."""
    seen: set[str] = set()
    kept, duplicates = [], []
    for r in records:
        (duplicates if r["doc_id"] in seen else kept).append(r)
        seen.add(r["doc_id"])
    return kept, duplicates
