"""A news feed's entries (RSS or Atom, read by feedparser) as articles: title, link, date and text."""

from __future__ import annotations

from dataclasses import dataclass

from transforms.web_page import fragment_text


@dataclass(frozen=True)
class FeedEntry:
    key: str  # the entry's id, else its link, else its place in the feed
    text: str
    title: str | None
    published: str | None
    url: str | None
    full: bool = False  # the entry carries its article's content, not a summary alone


class NotAFeed(ValueError):
    """Bytes that feedparser reads no entry from."""


def feed_entries(data: bytes) -> list[FeedEntry]:
    """Every entry of a feed, its full content when the feed carries it, else its summary, as text; an entry with
    neither has empty text. Raises NotAFeed for bytes that hold no entry."""
    import feedparser

    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise NotAFeed(f"not a feed: {problem}" if problem else "a feed with no entries")
    out = []
    for n, entry in enumerate(parsed.entries, 1):
        content = entry.get("content")
        body = content[0].get("value", "") if content else entry.get("summary", "")
        out.append(
            FeedEntry(
                key=str(entry.get("id") or entry.get("link") or f"entry{n}"),
                text=fragment_text(body or ""),
                title=(entry.get("title") or "").strip() or None,
                published=entry.get("published") or entry.get("updated"),
                url=entry.get("link"),
                full=bool(content and (content[0].get("value") or "").strip()),
            )
        )
    return out
