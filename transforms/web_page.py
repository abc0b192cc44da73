"""A news page's article: its main text, title, publication date and canonical URL, read by trafilatura (and
htmldate, which it runs for the date). Menus, comments, captions and related-story links are left out."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# Bump when what a page is read into changes: pages read before are then read again (warehouse.page_readings).
READER_VERSION = "pages-2"


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

    tree = _page_tree(html)
    if tree is None:
        return None
    title, canonical, published = _page_metadata(tree, url)  # before the head and <time> go
    _drop_never_text(tree)
    # fast: without the second opinion of jusText and readability, which on ../shared/web costs a quarter of the
    # time and gains nothing. favor_recall: without the retry of a short extraction in recall mode, which first
    # converts the whole page to text to measure it; on ../shared/web it gives the same text on all but a few pages,
    # where it loses a line or two, in three quarters of the time.
    found = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=False,
        include_comments=False,
        include_tables=True,
        include_images=False,
        fast=True,
        favor_recall=True,
    )
    text = (getattr(found, "text", None) or "").strip()
    if not text:
        return None
    return PageArticle(text=text, title=title, published=published, url=canonical or url)


def _page_tree(html: bytes | str):
    """The page as trafilatura reads it (its decoding, its repairs, its parser's options), parsed into lxml's plain
    HTML element class: trafilatura's parser picks a class for every element it touches with a lookup in Python,
    which costs a twentieth of reading a page. Its own loader reads whatever this parse does not make a whole page
    of (a head and a body)."""
    from lxml import etree
    from lxml.html import fromstring
    from trafilatura.utils import decode_file, load_html, repair_faulty_html

    text = decode_file(html)
    try:
        tree = fromstring(repair_faulty_html(text, text[:50].lower()), parser=_parser())
    except (ValueError, etree.LxmlError):  # an encoding declared in a string, or what lxml cannot parse
        tree = None
    return tree if tree is not None and len(tree) >= 2 else load_html(html)


@lru_cache(maxsize=1)
def _parser():
    """trafilatura's HTML parser, with lxml's plain HTML element class for every element."""
    from lxml import etree, html

    parser = html.HTMLParser(
        collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
    )
    plain = etree.ElementDefaultClassLookup(
        element=html.HtmlElement, comment=html.HtmlComment, pi=html.HtmlProcessingInstruction, entity=html.HtmlEntity
    )
    parser.set_element_class_lookup(plain)
    return parser


def reader_version() -> str:
    """This reader's version with trafilatura's and htmldate's."""
    from importlib.metadata import version

    return f"{READER_VERSION}+trafilatura-{version('trafilatura')}+htmldate-{version('htmldate')}"


def _drop_never_text(tree) -> None:
    """Remove at once, in C, the elements trafilatura deletes whole when it cleans a tree (scripts, navigation,
    footers, forms' inputs...): its many XPath prunes run before that cleaning, over every element of the page, and
    take a third less time on the smaller tree. Its list, so the two stay in step; figures (which may hold a table)
    and formulas, which it salvages first, are left to it."""
    from lxml import etree
    from trafilatura.settings import MANUALLY_CLEANED

    never_text = {*MANUALLY_CLEANED, "style", "template"} - _SALVAGED
    etree.strip_elements(tree, *sorted(never_text), with_tail=False)


# What trafilatura looks into before it deletes: a figure holding a table becomes a table, a formula becomes text,
# a form that holds most of the page's text (a whole page in one form) is kept as a container.
_SALVAGED = frozenset({"figure", "math", "form"})


def _page_metadata(tree, url: str | None) -> tuple[str | None, str | None, str | None]:
    """Title, canonical URL and publication date, by trafilatura's and htmldate's own readers: the metadata a
    news page's head and markup give, without the authors, tags, licence and site name trafilatura would also look
    for (a third of its time on news pages). The text is searched for a date only when the markup names none."""
    from htmldate import find_date
    from trafilatura.metadata import examine_meta, extract_meta_json, extract_title, extract_url
    from trafilatura.settings import set_date_params

    meta = examine_meta(tree)
    if not meta.title:  # all that JSON-LD would add that we keep (trafilatura's reader fills only what is missing)
        try:
            meta = extract_meta_json(tree, meta)
        except Exception:  # trafilatura's own guard: JSON-LD in the wild breaks its reader
            pass
    title = (meta.title or extract_title(tree) or "").strip() or None
    canonical = (meta.url or extract_url(tree, url) or "").strip() or None
    published = None
    for extensive in (False, True):
        published = find_date(tree, **{**set_date_params(extensive), "url": canonical})
        if published:
            break
    return title, canonical, published


def fragment_text(html: str) -> str:
    """The text of a piece of HTML, such as a feed entry's content or summary, a paragraph a line."""
    import trafilatura

    if "<" not in html:
        return html.strip()
    page = f"<html><body>{html}</body></html>"
    return (trafilatura.extract(page, fast=True, include_comments=False) or trafilatura.html2txt(page)).strip()
