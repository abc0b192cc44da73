"""A news page's article: its main text, title, publication date and canonical URL, read by trafilatura (and
htmldate, which it runs for the date). Menus, comments, captions and related-story links are left out."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageArticle:
    text: str
    title: str | None
    published: str | None  # ISO date, as htmldate finds it
    url: str | None  # the page's canonical URL when it names one


def page_article(html: bytes | str, url: str | None = None) -> PageArticle | None:
    """The article of an HTML page (bytes in any encoding the page declares or its bytes show), or None when the
    page holds no article text."""
    import trafilatura

    # fast: without the second opinion of jusText and readability, which on ../shared/web costs a quarter of the
    # time and gains nothing
    found = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True, include_images=False, fast=True
    )
    text = (getattr(found, "text", None) or "").strip()
    if not text:
        return None
    return PageArticle(
        text=text,
        title=(found.title or "").strip() or None,
        published=found.date or None,
        url=found.url or url,
    )


def fragment_text(html: str) -> str:
    """The text of a piece of HTML, such as a feed entry's content or summary, a paragraph a line."""
    import trafilatura

    if "<" not in html:
        return html.strip()
    page = f"<html><body>{html}</body></html>"
    return (trafilatura.extract(page, fast=True, include_comments=False) or trafilatura.html2txt(page)).strip()
