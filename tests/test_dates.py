"""Publication times and claims' time intervals (transforms/dates.py), by GUIDELINES.md's conventions."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.dates import published_at, time_interval


@pytest.mark.parametrize(
    "published, expected",
    [
        ("2020-03-05T10:00:00Z", "2020-03-05 10:00"),
        ("2020-03-05T10:00:00+02:00", "2020-03-05 08:00"),  # kept in UTC
        ("Thu, 05 Mar 2020 10:00:00 +0000", "2020-03-05 10:00"),
        ("5-MAR-1987 11:32:18.89", "1987-03-05 11:32"),
        ("March 5, 2020", "2020-03-05 00:00"),
        ("2020-03-05", "2020-03-05 00:00"),
    ],
)
def test_publication_times_in_the_forms_feeds_use(published, expected):
    assert published_at(published).strftime("%Y-%m-%d %H:%M") == expected


@pytest.mark.parametrize("published", [None, "", "soon", "12", "n/a", "x" * 500])
def test_what_names_no_date_is_none(published):
    assert published_at(published) is None


# Friday 20 March 1987, at noon
PUBLISHED = published_at("20-MAR-1987 12:00:00")


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("last Thursday", "1987-03-19", "1987-03-19"),
        ("on Sunday", "1987-03-15", "1987-03-15"),  # a bare weekday: the latest such day
        ("on Friday", "1987-03-20", "1987-03-20"),  # ... up to the publication day itself
        ("yesterday", "1987-03-19", "1987-03-19"),
        ("in the early hours of yesterday", "1987-03-19", "1987-03-19"),
        ("today", "1987-03-20", "1987-03-20"),
        ("now", "1987-03-20", "1987-03-20"),
        ("since December", "1986-12-01", "1987-03-20"),
        ("in 2005", "2005-01-01", "2005-12-31"),
        ("in 2005 and 2006", "2005-01-01", "2006-12-31"),
        ("this week", "1987-03-16", "1987-03-22"),
        ("over the past week", "1987-03-13", "1987-03-20"),
        ("in the past three years", "1984-03-20", "1987-03-20"),
        ("on June 2, 1987", "1987-06-02", "1987-06-02"),
        ("in March", "1987-03-01", "1987-03-31"),
        ("March 1-10", "1987-03-01", "1987-03-10"),  # not the first of March 1910
        ("between March 3 and 5", "1987-03-03", "1987-03-05"),
        ("3-5 March", "1987-03-03", "1987-03-05"),
    ],
)
def test_intervals_resolved_against_the_publication_date(text, start, end):
    assert time_interval(text, PUBLISHED) == (date.fromisoformat(start), date.fromisoformat(end))


def test_a_clock_time_is_the_publication_day_or_the_night_before():
    morning = published_at("24-MAR-1987 07:30:00")
    assert time_interval("at 10.30 P.M.", morning) == (date(1987, 3, 23), date(1987, 3, 23))
    assert time_interval("last night", morning) == (date(1987, 3, 23), date(1987, 3, 23))


@pytest.mark.parametrize("text", ["for six days", "of 15 months", "earlier", "at the time of the explosion", None])
def test_durations_and_vague_times_have_no_interval(text):
    assert time_interval(text, PUBLISHED) == (None, None)


def test_relative_times_need_a_publication_date_absolute_ones_do_not():
    assert time_interval("last Thursday", None) == (None, None)
    assert time_interval("on 12 March 1993", None) == (date(1993, 3, 12), date(1993, 3, 12))
