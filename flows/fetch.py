"""URLs named as sources: each fetched over HTTP (timeouts, retries with backoff, conditional requests) into a file
of the warehouse's `fetched/` folder, which the readers then read as any page or feed, under the URL's name.
A feed that carries no full text has its entries' pages fetched instead, each once."""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

from flows.sources import Reject, is_url
from warehouse.api import newstally_version

# Wait before a retry: this, doubled each time.
BACKOFF_SECONDS = 1.0
# Statuses worth asking again for: the server's trouble, not the request's.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
FEED_TYPES = ("rss", "atom", "xml")


def user_agent() -> str:
    return f"newstally/{newstally_version()} (batch news analysis; one request per URL a run)"


@dataclass(frozen=True)
class Fetched:
    """A file of `fetched/` and the URL it is read as."""

    path: Path
    url: str


@dataclass
class FetchReport:
    """What fetching a run's URLs gave: files to read, rejects, and the `fetches` rows to save."""

    files: list[Fetched] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    states: list[dict] = field(default_factory=list)
    requests: int = 0
    unchanged: int = 0  # answers of 304 Not Modified


class FetchError(Exception):
    """A URL that gave no usable answer; its message is the reject's detail."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


def fetched_sources(
    urls: list[str], folder: Path, known: dict[str, dict], max_bytes: int, timeout: float, retries: int, lookup=None
) -> FetchReport:
    """Fetch every URL into `folder` (asking only for a change where `known` holds its validators); a feed with no
    full text leads to its entries' pages, those `lookup` (URLs → their `fetches` rows) knows already are not asked
    for again."""
    report = FetchReport()
    folder.mkdir(parents=True, exist_ok=True)
    with httpx.Client(
        headers={"User-Agent": user_agent()}, timeout=timeout, follow_redirects=True, max_redirects=5
    ) as client:
        for url in dict.fromkeys(urls):
            got = _one(client, url, folder, known.get(url), max_bytes, timeout, retries, report)
            if got is None:
                continue
            pages = _summary_feed_pages(got.path)
            if pages is None:
                report.files.append(got)
                continue
            earlier = lookup(pages) if lookup and pages else {}
            for page in pages:
                state = earlier.get(page)
                if state and state.get("path") and Path(state["path"]).is_file():
                    report.files.append(Fetched(Path(state["path"]), page))  # read again, not fetched again
                    continue
                if page_got := _one(client, page, folder, None, max_bytes, timeout, retries, report):
                    report.files.append(page_got)
    return report


def _one(client, url, folder, state, max_bytes, timeout, retries, report) -> Fetched | None:
    """One URL's answer as a file (the kept one when the server says it has not changed), or None and a reject."""
    kept = Path(state["path"]) if state and state.get("path") else None
    headers = {}
    if kept is not None and kept.is_file():
        if state.get("etag"):
            headers["If-None-Match"] = state["etag"]
        if state.get("last_modified"):
            headers["If-Modified-Since"] = state["last_modified"]
    at = datetime.now(UTC)
    try:
        status, response_headers, body = _get(client, url, headers, max_bytes, timeout, retries, report)
    except FetchError as err:
        report.rejects.append(Reject(url, err.reason, str(err)))
        return None
    if status == 304 and kept is not None:
        report.unchanged += 1
        report.states.append({**state, "checked_at": at})
        return Fetched(kept, url)
    content_type = response_headers.get("content-type", "")
    suffix = _suffix(content_type, body)
    if suffix is None:
        report.rejects.append(
            Reject(
                url, "unsupported", f"a {content_type or 'response of no type'}: newstally reads web pages and feeds"
            )
        )
        return None
    path = folder / f"{hashlib.sha256(url.encode()).hexdigest()[:24]}{suffix}"
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(body)
    os.replace(partial, path)  # a run killed while writing leaves the last whole answer
    report.states.append(
        {
            "url": url,
            "path": str(path),
            "etag": response_headers.get("etag"),
            "last_modified": response_headers.get("last-modified"),
            "content_type": content_type or None,
            "fetched_at": at,
            "checked_at": at,
        }
    )
    return Fetched(path, url)


def _get(client, url, headers, max_bytes, timeout, retries, report) -> tuple[int, httpx.Headers, bytes]:
    """Status, headers and body (at most `max_bytes`) of one GET, asked again after a timeout, a failed
    connection or a 5xx; raises FetchError with the reason of the last try."""
    problem = ""
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))
        report.requests += 1
        try:
            with client.stream("GET", url, headers=headers) as response:
                if response.status_code in RETRY_STATUSES:
                    problem = f"HTTP {response.status_code} {response.reason_phrase}"
                    continue
                if response.status_code == 304:
                    return 304, response.headers, b""
                if response.status_code >= 400:
                    raise FetchError("fetch-failed", f"HTTP {response.status_code} {response.reason_phrase}")
                return response.status_code, response.headers, _body(response, max_bytes, timeout)
        except httpx.TimeoutException:
            problem = f"no whole answer within {timeout:g} s"
        except httpx.TooManyRedirects:
            raise FetchError("fetch-failed", "too many redirects") from None
        except httpx.TransportError as err:
            problem = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
        except httpx.InvalidURL as err:
            raise FetchError("fetch-failed", f"not a URL newstally can fetch: {err}") from None
    tries = "once" if retries == 0 else f"{retries + 1} times"
    raise FetchError("fetch-failed", f"{problem} (asked {tries})")


def _body(response: httpx.Response, max_bytes: int, timeout: float) -> bytes:
    """The body, refused past `max_bytes` or when it trickles in for longer than `timeout` in all."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError("too-large", f"{declared} bytes, over the limit of {max_bytes} (NEWSTALLY_MAX_BYTES)")
    deadline = time.monotonic() + timeout
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError("too-large", f"over the limit of {max_bytes} bytes (NEWSTALLY_MAX_BYTES)")
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("the answer trickled in", request=response.request)
    return b"".join(chunks)


def _suffix(content_type: str, body: bytes) -> str | None:
    """The file name ending the readers know the answer by: a feed's or a page's; None for anything else."""
    kind = content_type.split(";")[0].strip().lower()
    head = body[:2048].lstrip().lower()
    if "html" in kind or head.startswith((b"<!doctype html", b"<html")):
        return ".html"
    if any(t in kind for t in FEED_TYPES) or head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head):
        return ".xml"
    return None


def _summary_feed_pages(path: Path) -> list[str] | None:
    """The links of a feed's entries when the feed carries summaries only (their pages hold the articles); None
    for a feed with full text, or a file that is not a feed (the reader says what it is)."""
    if path.suffix != ".xml":
        return None
    from transforms.feed import NotAFeed, feed_entries

    try:
        entries = feed_entries(path.read_bytes())
    except NotAFeed:
        return None
    links = list(dict.fromkeys(e.url for e in entries if e.url and is_url(e.url)))
    return None if any(e.full for e in entries) or not links else links
