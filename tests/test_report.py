"""`newstally report` and each run's own report, rendered from articles written here and opened in a real
headless Chromium (Debian's `chromium`; `.ci/run` installs it)."""

from __future__ import annotations

import json
import os
import re

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tools.browser import browser, opened, screenshot
from warehouse import Warehouse

ARTICLES = [
    {
        "id": "flood-1",
        "published": "2024-07-01T08:00:00Z",
        "title": "Floods kill at least 12 in Assam",
        "text": "Floods in the Indian state of Assam killed at least 12 people on Sunday, officials said. "
        "The floods displaced about 45,000 people from their homes.",
    },
    {
        "id": "flood-2",
        "published": "2024-07-03T08:00:00Z",
        "title": "Assam flood toll rises to 38",
        "text": "The death toll from the floods in the Indian state of Assam rose to 38 on Tuesday, officials said.",
    },
    {
        "id": "flood-3",
        "published": "2024-07-06T08:00:00Z",
        "title": "Assam floods: 52 dead",
        "text": "Floods in the Indian state of Assam have killed 52 people since Sunday, officials said on Friday. "
        "Damage to roads and bridges was put at $1.2 billion.",
    },
    {
        "id": "storm",
        "published": "2024-08-12",
        "title": "Storm hits Luzon",
        "text": "A typhoon struck northern Luzon in the Philippines on Monday, injuring 230 people, the disaster "
        "agency said. Winds reached 185 km an hour.",
    },
]


@pytest.fixture(scope="module")
def reported(prefect_server, tmp_path_factory):
    """A warehouse after a run that writes its own report (and rejects an empty file); the run's summary."""
    from flows.pipeline import newstally

    src = tmp_path_factory.mktemp("news")
    (src / "feed.jsonl").write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    (src / "blank.txt").write_text("   \n", encoding="utf-8")
    warehouse = tmp_path_factory.mktemp("warehouse")
    summary = newstally(sources=[str(src)], warehouse=str(warehouse), report=True)
    return Warehouse(warehouse), summary


@pytest.fixture(scope="module")
def chromium():
    if browser() is None:
        if os.environ.get("CI"):
            pytest.fail("no Chromium: .ci/run installs Debian's chromium package")
        pytest.skip("no Chromium here (apt-get install chromium)")


def test_the_report_opens_in_a_browser_with_its_charts_and_sentences(reported, chromium, tmp_path):
    wh, _ = reported
    page = tmp_path / "report.html"
    made = CliRunner().invoke(app, ["report", "-w", str(wh.folder), "--out", str(page)])
    assert made.exit_code == 0, made.output
    assert page.as_uri() in made.output

    shown = opened(page)
    assert shown.script_errors == []
    assert 'data-ready="yes"' in shown.dom  # the page's script ran to its end
    charts = re.findall(r"<svg\b.*?</svg>", shown.dom, flags=re.S)
    assert len(charts) >= 3  # event types, countries, and at least one series
    assert all(chart.count("<path") >= 3 for chart in charts)
    # the rising flood toll is one series, charted with a link from each point to its report
    assert re.search(r'xlink:href="#report-[0-9a-f]+"', shown.dom)
    text = re.sub(r"<[^>]+>", "", shown.dom)
    assert "The death toll from the floods in the Indian state of Assam rose to 38 on Tuesday" in text
    assert "<mark>38</mark>" in shown.dom
    for people in ("$1.2bn", "at least 12", "about 45,000", "latest: 52"):
        assert people in re.sub(r"\s+", " ", text)
    assert "empty" in text  # what could not be read: the blank file, with its reason
    assert "No map:" in text
    png = screenshot(page, tmp_path / "report.png", height=1200)
    assert png.stat().st_size > 10_000


def test_a_report_can_be_narrowed_to_an_event_type(reported, tmp_path):
    from warehouse.html_report import report_html
    from warehouse.report_data import Scope

    page = report_html(reported[0], Scope(category="wound"))
    assert "injuring <mark>230</mark> people" in page
    assert "Assam rose to" not in page
    assert "category WOUND" in page


def test_each_run_writes_its_report_and_links_it_from_prefect(reported):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.pipeline import run_report_path

    wh, summary = reported
    page = run_report_path(wh, summary["run_id"])
    assert "Assam" in page.read_text(encoding="utf-8")

    async def artifacts():
        async with get_client() as client:
            keys = ArtifactFilterKey(any_=["newstally-report", "newstally-figures"])
            return await client.read_artifacts(artifact_filter=ArtifactFilter(key=keys))

    import asyncio

    found = {a.key: a for a in asyncio.run(artifacts()) if str(a.flow_run_id) == summary["run_id"]}
    assert page.resolve().as_uri() in found["newstally-report"].data
    markdown = found["newstally-figures"].data
    assert "Series this run reported on" in markdown and page.resolve().as_uri() in markdown


def test_figures_read_as_people_write_them():
    from transforms.figure_text import figure_text

    assert figure_text(1_200_000) == "1.2 million"
    assert figure_text(3e9, "USD", kind="money") == "$3bn"
    assert figure_text(4.5, "percent", kind="percent") == "4.5%"
    assert figure_text(15, qualifier="at_least") == "at least 15"
    assert figure_text(200, qualifier="vague", low=200, high=999) == "hundreds"
    assert figure_text(10, "km", "range", 10, 20) == "10–20 km"
    assert figure_text(2.5e10, "IDR", "range", 2e10, 3e10, "money") == "IDR 20bn–30bn"  # the currency once
    assert figure_text(3, "year") == "3 years"
    assert figure_text(45_000, qualifier="approx") == "about 45,000"


def test_a_series_told_over_a_few_days_is_charted_without_a_warning():
    """Matplotlib's date axis warns on a span of three or four days unless it may tick days from three on."""
    import warnings
    from datetime import datetime, timedelta

    from transforms.charts import Point, series_chart_svg

    points = [Point(datetime(2023, 5, 6, 8) + timedelta(days=d), 1 + d, None, None, None, f"#r{d}") for d in range(5)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        svg = series_chart_svg(points)
    assert svg.startswith("<svg") and "May" in svg
