"""A web page already read into a warehouse is not read again: its reading is kept by the page's bytes (and the
URL it came from, and the reader's version); a damaged or missing reading is read anew; unused readings expire."""

from __future__ import annotations

import os
import time
from datetime import timedelta

from transforms.web_page import PageArticle, page_article
from warehouse.page_readings import PageReadings

PAGE = (
    b"<html><head><title>Dam bursts</title></head><body><article><h1>Dam bursts</h1>"
    b"<p>A dam burst in the north of the province on Sunday, flooding 12 villages and forcing about 4,000 people "
    b"from their homes, the provincial governor said in a statement on Monday morning.</p>"
    b"<p>Rescue teams reached the last of the villages by boat late on Sunday night, officials said.</p>"
    b"</article></body></html>"
)


class Counted:
    """page_article, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, data: bytes, url: str | None) -> PageArticle | None:
        self.calls += 1
        return page_article(data, url)


def test_a_page_is_read_once_and_its_reading_kept(tmp_path):
    readings, read = PageReadings(tmp_path, "pages-1"), Counted()
    first = readings.article(PAGE, None, read)
    again = PageReadings(tmp_path, "pages-1").article(PAGE, None, read)  # another run's store, same folder
    assert first is not None and "4,000 people" in first.text and first.title == "Dam bursts"
    assert again == first and read.calls == 1


def test_other_bytes_another_url_or_another_reader_version_are_read_anew(tmp_path):
    readings, read = PageReadings(tmp_path, "pages-1"), Counted()
    readings.article(PAGE, None, read)
    readings.article(PAGE.replace(b"12 villages", b"14 villages"), None, read)
    readings.article(PAGE, "https://news.example.org/dam", read)
    PageReadings(tmp_path, "pages-2").article(PAGE, None, read)
    assert read.calls == 4


def test_a_page_without_an_article_is_kept_as_such(tmp_path):
    readings, read = PageReadings(tmp_path, "pages-1"), Counted()
    blank = b"<html><head><title>Nothing</title></head><body></body></html>"
    assert readings.article(blank, None, read) is None
    assert readings.article(blank, None, read) is None and read.calls == 1


def test_a_damaged_reading_is_read_again_and_replaced(tmp_path):
    readings, read = PageReadings(tmp_path, "pages-1"), Counted()
    readings.article(PAGE, None, read)
    (kept,) = list(readings.folder.glob("*/*.json"))
    kept.write_text('{"article": {"text": "cut sh', encoding="utf-8")
    assert "4,000 people" in readings.article(PAGE, None, read).text and read.calls == 2
    assert "4,000 people" in readings.article(PAGE, None, read).text and read.calls == 2


def test_a_folder_that_cannot_be_written_costs_only_the_reading(tmp_path):
    (tmp_path / "page-readings").write_text("a file where the folder would be", encoding="utf-8")
    readings, read = PageReadings(tmp_path, "pages-1"), Counted()
    assert readings.article(PAGE, None, read).title == "Dam bursts"
    assert readings.article(PAGE, None, read).title == "Dam bursts" and read.calls == 2


def test_readings_no_run_used_expire_and_used_ones_stay(tmp_path):
    readings, read = PageReadings(tmp_path, "pages-1"), Counted()
    readings.article(PAGE, None, read)
    readings.article(PAGE.replace(b"12 villages", b"14 villages"), None, read)
    week_ago = time.time() - timedelta(days=8).total_seconds()
    for path in readings.folder.glob("*/*.json"):
        os.utime(path, (week_ago, week_ago))
    readings.article(PAGE, None, read)  # used again: not expired
    assert readings.remove_unused(timedelta(days=7)) == 1
    readings.article(PAGE, None, read)
    assert read.calls == 2
