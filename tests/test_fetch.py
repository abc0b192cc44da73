"""URLs as sources: pages and feeds fetched from a real HTTP server on loopback, conditional requests, feeds
whose entries are fetched as pages, and every way a fetch can fail, each a reject that costs nothing else."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import duckdb
import pytest

from flows.fetch import fetched_sources

PAGE = """<!doctype html><html><head><title>{title}</title>
<link rel="canonical" href="{canonical}"><meta property="article:published_time" content="2026-11-20"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>
<p>{lead}</p>
<p>Rescue teams worked through the night in the rain to reach the villages cut off by the flood waters, officials
said, and the regional governor asked the army for helicopters and boats.</p>
</article><footer>Copyright the Loopback Times</footer></body></html>"""


def _page(title, lead, canonical="https://news.example/story"):
    return PAGE.format(title=title, lead=lead, canonical=canonical).encode()


def _rss(items, full):
    out = ['<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">']
    out.append("<channel><title>Loopback wire</title><link>http://127.0.0.1/</link><description>d</description>")
    for guid, link, title, text in items:
        body = f"<content:encoded><![CDATA[<p>{text}</p>]]></content:encoded>" if full else ""
        out.append(
            f"<item><guid>{guid}</guid><link>{link}</link><title>{title}</title>"
            f"<pubDate>Fri, 20 Nov 2026 08:00:00 GMT</pubDate><description>{title}.</description>{body}</item>"
        )
    out.append("</channel></rss>")
    return "".join(out).encode()


class Site:
    """What the loopback server answers: path → (status, content type, body), with an ETag per body."""

    def __init__(self):
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.requests: list[tuple[str, str | None]] = []  # (path, If-None-Match)
        self.slow: set[str] = set()
        self.huge: set[str] = set()

    def hits(self, path):
        return sum(1 for p, _ in self.requests if p == path)


@pytest.fixture
def site():
    site = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            site.requests.append((self.path, self.headers.get("If-None-Match")))
            if self.path in site.slow:
                time.sleep(3)
            if self.path in site.huge:  # 50 MB, streamed: the client must stop reading, not the server
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                chunk = b"<p>" + b"flood " * 10_000 + b"</p>"
                try:
                    for _ in range(50_000_000 // len(chunk)):
                        self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                return
            status, kind, body = site.routes.get(self.path, (404, "text/plain", b"not found"))
            etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
            if status == 200 and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            if status == 200:
                self.send_header("ETag", etag)
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield site
    server.shutdown()
    server.server_close()


def _fetch(site, urls, folder, known=None, lookup=None, max_bytes=5_000_000, timeout=1.0, retries=0):
    return fetched_sources(urls, folder, known or {}, max_bytes, timeout, retries, lookup=lookup)


def test_an_unchanged_feed_costs_one_conditional_request(site, tmp_path):
    site.routes["/feed.xml"] = (200, "application/rss+xml", _rss([("a", "http://x/a", "A", "text a")], True))
    first = _fetch(site, [f"{site.base}/feed.xml"], tmp_path)
    assert [f.url for f in first.files] == [f"{site.base}/feed.xml"] and first.states[0]["etag"]
    known = {s["url"]: s for s in first.states}
    second = _fetch(site, [f"{site.base}/feed.xml"], tmp_path, known)
    assert second.unchanged == 1 and second.requests == 1
    assert site.requests[-1] == ("/feed.xml", first.states[0]["etag"])  # asked only for a change
    assert second.files[0].path == first.files[0].path and second.files[0].path.read_bytes().startswith(b"<?xml")


def test_a_feed_of_summaries_leads_to_its_pages_each_fetched_once(site, tmp_path):
    items = [(f"id{i}", f"{site.base}/story{i}.html", f"Story {i}", "") for i in (1, 2)]
    site.routes["/feed.xml"] = (200, "application/rss+xml", _rss(items, full=False))
    for i in (1, 2):
        site.routes[f"/story{i}.html"] = (200, "text/html; charset=utf-8", _page(f"Story {i}", f"Lead {i}."))
    states = {}

    def lookup(urls):
        return {u: states[u] for u in urls if u in states}

    first = _fetch(site, [f"{site.base}/feed.xml"], tmp_path, lookup=lookup)
    assert sorted(f.url for f in first.files) == [f"{site.base}/story1.html", f"{site.base}/story2.html"]
    assert all(f.path.suffix == ".html" for f in first.files)
    states.update({s["url"]: s for s in first.states})
    items.append(("id3", f"{site.base}/story3.html", "Story 3", ""))
    site.routes["/feed.xml"] = (200, "application/rss+xml", _rss(items, full=False))
    site.routes["/story3.html"] = (200, "text/html", _page("Story 3", "Lead 3."))
    second = _fetch(site, [f"{site.base}/feed.xml"], tmp_path, {u: states[u] for u in states}, lookup)
    assert site.hits("/story1.html") == 1 and site.hits("/story3.html") == 1  # only the new entry's page
    assert len(second.files) == 3  # the earlier pages are read again from their files (their texts are skipped)


def test_every_failure_is_one_reject_with_its_reason(site, tmp_path):
    site.routes["/broken"] = (500, "text/plain", b"oops")
    site.routes["/picture.png"] = (200, "image/png", b"\x89PNG....")
    site.routes["/fine.html"] = (200, "text/html", _page("Fine", "Fine lead."))
    site.slow.add("/slow.html")
    site.huge.add("/huge.html")
    urls = [
        f"{site.base}{p}" for p in ("/missing", "/broken", "/slow.html", "/huge.html", "/picture.png", "/fine.html")
    ]
    started = time.monotonic()
    got = _fetch(site, urls, tmp_path, max_bytes=1_000_000, timeout=0.5, retries=1)
    assert time.monotonic() - started < 10
    reasons = {r.source.rsplit("/", 1)[1]: (r.reason, r.detail) for r in got.rejects}
    assert reasons["missing"] == ("fetch-failed", "HTTP 404 Not Found")
    assert reasons["broken"][0] == "fetch-failed" and "HTTP 500" in reasons["broken"][1]
    assert site.hits("/broken") == 2  # a server's error is asked again, with backoff
    assert reasons["slow.html"][0] == "fetch-failed" and "within 0.5 s" in reasons["slow.html"][1]
    assert reasons["huge.html"][0] == "too-large"
    assert reasons["picture.png"][0] == "unsupported"
    assert [f.url for f in got.files] == [f"{site.base}/fine.html"]


def test_urls_run_through_the_flow_as_documents_and_rejects(prefect_server, site, tmp_path, monkeypatch):
    from flows.pipeline import newstally

    monkeypatch.setenv("NEWSTALLY_FETCH_TIMEOUT", "1")
    monkeypatch.setenv("NEWSTALLY_FETCH_RETRIES", "0")
    from flows.settings import settings

    settings.cache_clear()
    lead = "Floods killed 31 people and forced 12,000 from their homes in the northern province, officials said."
    site.routes["/quake.html"] = (200, "text/html", _page("Floods kill 31", lead))
    entries = [
        ("w1", "http://wire.example/w1", "Dam breach", "A dam breach displaced about 4,500 villagers on Monday.")
    ]
    site.routes["/wire.xml"] = (200, "application/rss+xml", _rss(entries, full=True))
    warehouse = tmp_path / "wh"
    urls = [f"{site.base}/quake.html", f"{site.base}/wire.xml", f"{site.base}/gone.html"]
    try:
        summary = newstally(sources=urls, warehouse=str(warehouse), report=False)
        asked = len(site.requests)
        again = newstally(sources=urls, warehouse=str(warehouse), report=False)
    finally:
        settings.cache_clear()
    assert summary["documents_new"] == 2 and summary["documents_rejected"] == 1
    assert again["documents_new"] == 0 and again["documents_skipped"] == 2
    conditional = {path: etag is not None for path, etag in site.requests[asked:]}
    assert conditional == {"/quake.html": True, "/wire.xml": True, "/gone.html": False}  # only for a change
    con = duckdb.connect(str(warehouse / "newstally.duckdb"), read_only=True)
    docs = dict(con.execute("SELECT source, url FROM documents").fetchall())
    assert docs[f"{site.base}/quake.html"] == "https://news.example/story"  # the page's canonical URL
    assert f"{site.base}/wire.xml#w1" in docs
    values = {v for (v,) in con.execute("SELECT value FROM claims").fetchall()}
    assert {31, 12_000, 4_500} <= values
    assert con.execute("SELECT reason, detail FROM rejects").fetchall() == [("fetch-failed", "HTTP 404 Not Found")]
    assert con.execute("SELECT count(*) FROM fetches").fetchone() == (2,)
