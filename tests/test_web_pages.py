"""Web pages (.html, .htm, gzipped or not) read into documents by a real flow run: the article's text, title, date
and canonical URL, without the page's menus, related links and comments; pages that cannot be read are rejects."""

from __future__ import annotations

import gzip

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
    warehouse = tmp_path_factory.mktemp("warehouse")
    newstally(sources=[str(src)], warehouse=str(warehouse))
    return Warehouse(warehouse)


def test_a_page_becomes_its_article_with_title_date_and_canonical_url(read):
    rows = read.rows(
        "SELECT regexp_extract(source, '[^/]+$'), title, published_at::DATE::VARCHAR, url, text FROM documents "
        "ORDER BY source"
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


def test_a_page_that_cannot_be_read_is_one_reject_with_its_reason(read):
    rejects = dict(read.rows("SELECT regexp_extract(source, '[^/]+$'), reason FROM rejects"))
    assert rejects == {"cut.html.gz": "truncated", "blank.html": "no-article"}
