"""Web pages (.html, .htm, gzipped or not) and feeds (RSS, Atom) read into documents by a real flow run: a page's
article text, title, date and canonical URL, without its menus, related links and comments; a feed's entries each a
document; pages and feeds that cannot be read are rejects."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from warehouse import Warehouse

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>{title} | Example News</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{published}">
<link rel="canonical" href="{url}">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/weather">Weather</a></li></ul></nav></header>
<main><article>
<h1>{title}</h1>
<p class="byline">By Asha Rao, {published}</p>
{paragraphs}
</article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/a">Five things to know about monsoon season</a></li>
<li><a href="/b">Top 10 cheapest flights this summer</a></li></ul></aside>
<section id="comments"><h2>Comments</h2><div class="comment">Reader42 wrote: I donated 20 dollars yesterday.</div></section>
</main>
<footer><p>Copyright 2024 Example News. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>"""

FLOODS = [
    "Floods in the Indian state of Assam killed 38 people on Tuesday, officials said, as rivers burst their banks "
    "across the north-east of the country.",
    "More than 45,000 people were forced from their homes and took shelter in relief camps run by the state "
    "government, the disaster agency said in a statement.",
    "Rescue teams in boats reached villages cut off by the water, and the army flew food to districts where roads "
    "had been washed away.",
]
STORM = [
    "A typhoon struck northern Luzon in the Philippines on Monday, injuring 230 people, the disaster agency said.",
    "Winds of up to 185 km an hour tore roofs from houses and brought down power lines across three provinces.",
    "Schools and government offices stayed closed as forecasters warned of landslides in the mountains.",
]


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example News: World</title><link>https://news.example.org/</link>
<item><title>Quake shakes Van</title><link>https://news.example.org/van-quake</link>
<guid>https://news.example.org/van-quake</guid><pubDate>Mon, 06 Feb 2023 09:00:00 +0000</pubDate>
<description>An earthquake struck Van.</description>
<content:encoded><![CDATA[<p>An earthquake struck the city of Van in eastern Turkey on Monday, killing at least
12 people, the disaster agency said.</p><p>Rescue teams searched collapsed buildings.</p>]]></content:encoded></item>
<item><title>Ferry sinks off Lombok</title><link>https://news.example.org/lombok-ferry</link>
<guid>lombok-ferry-2023</guid><pubDate>Tue, 07 Feb 2023 10:30:00 +0000</pubDate>
<description><![CDATA[<p>A ferry sank off <b>Lombok</b> on Tuesday and 40 passengers drowned, police said.</p>]]></description></item>
<item><title>Nothing here</title><guid>empty-item</guid></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Wire</title><id>urn:example:wire</id>
<updated>2023-03-09T12:00:00Z</updated>
<entry><title>Mosque attack in Quetta</title><id>urn:example:quetta</id><link href="https://wire.example.org/quetta"/>
<updated>2023-03-09T12:00:00Z</updated>
<content type="html">&lt;p&gt;A suicide bomber killed 40 worshippers in a mosque in Quetta on Thursday, officials
said.&lt;/p&gt;</content></entry></feed>"""


def warc(path, records: list[tuple[str, str, str, bytes]], gz: bool) -> None:
    """A web archive of (record type, target URI, content type, body) records, written with warcio."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gz)
        for rec_type, uri, content_type, body in records:
            http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri,
                rec_type,
                payload=BytesIO(body),
                http_headers=http if rec_type == "response" else None,
                warc_headers_dict={"WARC-Date": "2024-09-02T10:00:00Z"},
            )
            writer.write_record(record)


def page(title: str, published: str, url: str, paragraphs: list[str]) -> str:
    return PAGE.format(
        title=title, published=published, url=url, paragraphs="\n".join(f"<p>{p}</p>" for p in paragraphs)
    )


@pytest.fixture(scope="module")
def read(prefect_server, tmp_path_factory):
    from flows.pipeline import newstally

    src = tmp_path_factory.mktemp("pages")
    (src / "floods.html").write_text(
        page("Assam floods kill 38", "2024-07-03T08:00:00Z", "https://news.example.org/assam-floods", FLOODS),
        encoding="utf-8",
    )
    storm = page("Typhoon hits Luzon", "2024-08-12", "https://news.example.org/luzon-typhoon", STORM)
    (src / "storm.htm.gz").write_bytes(gzip.compress(storm.encode("utf-8")))
    (src / "cut.html.gz").write_bytes(gzip.compress(storm.encode("utf-8"))[:300])
    (src / "blank.html").write_text("<html><head><title>Nothing</title></head><body></body></html>", encoding="utf-8")
    (src / "world.rss").write_text(RSS, encoding="utf-8")
    (src / "wire.atom").write_text(ATOM, encoding="utf-8")
    (src / "broken.xml").write_text("this is not a feed, nor any XML at all", encoding="utf-8")
    crawl = [
        ("request", "https://news.example.org/storm", "", b"GET /storm HTTP/1.1\r\nHost: news.example.org\r\n\r\n"),
        ("response", "https://news.example.org/storm", "text/html; charset=utf-8", storm.encode("utf-8")),
        ("response", "https://news.example.org/logo.png", "image/png", b"\x89PNG not really"),
    ]
    warc(src / "crawl.warc.gz", crawl, gz=True)
    warc(src / "plain.warc", crawl[1:2], gz=False)
    (src / "cut.warc.gz").write_bytes((src / "crawl.warc.gz").read_bytes()[:700])
    warehouse = tmp_path_factory.mktemp("warehouse")
    newstally(sources=[str(src)], warehouse=str(warehouse))
    return Warehouse(warehouse)


def test_a_page_becomes_its_article_with_title_date_and_canonical_url(read):
    rows = read.rows(
        "SELECT regexp_extract(s.source, '[^/]+$'), title, published_at::DATE::VARCHAR, url, text "
        "FROM sources s JOIN documents d USING (doc_id) WHERE s.source LIKE '%.htm%' ORDER BY s.source"
    )
    assert [r[:4] for r in rows] == [
        ("floods.html", "Assam floods kill 38", "2024-07-03", "https://news.example.org/assam-floods"),
        ("storm.htm.gz", "Typhoon hits Luzon", "2024-08-12", "https://news.example.org/luzon-typhoon"),
    ]
    text = rows[0][4]
    assert FLOODS[0] in text and FLOODS[2] in text
    for boilerplate in ("Weather", "Related stories", "Top 10 cheapest", "Reader42", "Copyright", "Privacy"):
        assert boilerplate not in text


def test_the_figures_of_a_page_are_claims_with_offsets_into_its_text(read):
    claims = read.rows(
        "SELECT c.value, c.category, c.surface, substr(d.text, c.start_char + 1, c.end_char - c.start_char) "
        "FROM claims c JOIN documents d USING (doc_id) ORDER BY c.value"
    )
    assert (38.0, "KILL", "38", "38") in claims
    assert (230.0, "WOUND", "230", "230") in claims
    assert all(surface == at for *_, surface, at in claims)
    assert 20.0 not in [c[0] for c in claims]  # the comment's figure is not the article's


def test_each_feed_entry_is_a_document_with_its_full_content_else_its_summary(read):
    rows = read.rows(
        "SELECT regexp_extract(source, '/([^/#]+#.*)$', 1), title, published_at::VARCHAR, url, text FROM documents "
        "WHERE source NOT LIKE '%.htm%' AND source NOT LIKE '%.warc%' ORDER BY published_at"
    )
    assert [r[:4] for r in rows] == [
        (
            "world.rss#https://news.example.org/van-quake",
            "Quake shakes Van",
            "2023-02-06 09:00:00+00",
            "https://news.example.org/van-quake",
        ),
        (
            "world.rss#lombok-ferry-2023",
            "Ferry sinks off Lombok",
            "2023-02-07 10:30:00+00",
            "https://news.example.org/lombok-ferry",
        ),
        (
            "wire.atom#urn:example:quetta",
            "Mosque attack in Quetta",
            "2023-03-09 12:00:00+00",
            "https://wire.example.org/quetta",
        ),
    ]
    van, lombok, quetta = (r[4] for r in rows)
    assert "killing at least\n12 people" in van or "killing at least 12 people" in van  # the content, not the summary
    assert "Rescue teams searched collapsed buildings." in van and "<p>" not in van
    assert "A ferry sank off Lombok on Tuesday and 40 passengers drowned" in lombok
    assert "A suicide bomber killed 40 worshippers" in quetta
    assert read.rows("SELECT count(*) FROM claims c JOIN documents d USING (doc_id) WHERE d.source LIKE '%.atom%'") == [
        (1,)
    ]


def test_each_html_response_of_a_web_archive_is_a_document(read):
    rows = read.rows(
        "SELECT regexp_extract(s.source, '/([^/#]+#.*)$', 1), title, url FROM documents d JOIN sources s USING (doc_id) "
        "WHERE s.source LIKE '%.warc%' ORDER BY 1"
    )
    # the same page in both archives (and the gzipped page file) is one document, known by each name
    assert [r[0] for r in rows] == [
        "crawl.warc.gz#https://news.example.org/storm",
        "plain.warc#https://news.example.org/storm",
    ]
    assert {r[1:] for r in rows} == {("Typhoon hits Luzon", "https://news.example.org/luzon-typhoon")}


def test_a_page_or_feed_that_cannot_be_read_is_one_reject_with_its_reason(read):
    rejects = dict(read.rows("SELECT regexp_extract(source, '/([^/]+(?:#.*)?)$', 1), reason FROM rejects"))
    assert rejects == {
        "cut.html.gz": "truncated",
        "blank.html": "no-article",
        "broken.xml": "malformed",
        "world.rss#empty-item": "empty",
        "cut.warc.gz#https://news.example.org/storm": "truncated",
    }


def test_an_article_inside_a_whole_page_form_or_a_figure_table_is_still_read():
    """Elements trafilatura deletes are dropped before it reads the page, but not those it looks into first."""
    from transforms.web_page import page_article

    rows = "".join(f"<tr><td>District {n}</td><td>{n * 1200} people</td></tr>" for n in range(1, 5))
    html = (
        "<!DOCTYPE html><html><head><title>Relief camps fill</title><script>var ads = 1;</script></head><body>"
        '<form id="aspnetForm" method="post"><input type="hidden" name="__VIEWSTATE" value="x">'
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>Relief camps fill</h1>"
        + "".join(f"<p>{p}</p>" for p in FLOODS)
        + f"<figure><table>{rows}</table><figcaption>Camps by district</figcaption></figure>"
        "</article><footer>Copyright Example News</footer></form></body></html>"
    )
    article = page_article(html.encode())
    assert article is not None and article.title == "Relief camps fill"
    assert "More than 45,000 people were forced from their homes" in article.text
    assert "District 3" in article.text and "3600 people" in article.text
    assert "var ads" not in article.text and "Copyright" not in article.text and "World" not in article.text


def test_a_page_without_a_head_or_with_an_xml_declaration_is_read_as_trafilatura_reads_it():
    """Pages the quick parse does not make whole (no head; a string that declares its encoding) go to
    trafilatura's own loader, and give the same article."""
    from transforms.web_page import _page_tree, page_article

    body = "<body><article><h1>Relief camps fill</h1>" + "".join(f"<p>{p}</p>" for p in FLOODS) + "</article></body>"
    declared = f'<?xml version="1.0" encoding="utf-8"?><html><head><title>Relief camps fill</title></head>{body}</html>'
    for html in (f"<html>{body}</html>".encode(), declared):
        assert _page_tree(html) is not None
        article = page_article(html)
        assert article is not None and "More than 45,000 people were forced from their homes" in article.text


def test_a_later_run_takes_each_page_from_its_reading_instead_of_reading_it_again(read):
    from flows.sources import Part, read_part

    readings = read.page_readings()
    # floods.html, storm.htm.gz, blank.html (no article) and the archived storm page (both archives hold it)
    assert len(list(readings.folder.glob("*/*.json"))) == 4
    floods = [p for p in Path(read.folder).parent.glob("pages*/floods.html")][0]
    for kept in readings.folder.glob("*/*.json"):
        if "Assam floods" in kept.read_text(encoding="utf-8"):
            kept.write_text(kept.read_text(encoding="utf-8").replace("killed 38 people", "killed 39 people"))
    got = read_part(Part(str(floods), 0, 1, 0, 0), 1_000_000, readings)
    assert "killed 39 people" in got.articles[0].text  # the kept reading, not the page read again
