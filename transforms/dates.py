"""Publication times and the calendar intervals that a claim's time expression denotes, with dateparser."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

# Forms dateparser reads as dates but no feed means by one (a bare number, a clock time alone).
_NOT_A_DATE = re.compile(r"^\s*(?:\d{1,4}|\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)\s*$")
_SINCE = re.compile(r"^(?:ever\s+)?since\s+(.+)$", re.I)
_PAST = re.compile(
    r"^(?:over|in|during|for|within)?\s*(?:the\s+)?(?:past|last|previous)\s+(?:(\w+)\s+)?(day|week|month|year)s?$", re.I
)
# "of 15 months", "for six days": how long, not when
_SPAN_ONLY = re.compile(r"^(of |for |lasting )?(\w+) (?:hour|day|week|month|year|night)s?$", re.I)
_TWO = re.compile(r"^(?:between\s+)?(.+?)\s+(?:and|to|through|until|-)\s+(.+)$", re.I)
# Two days of one month: "July 1-10", "March 3 to 5", "between March 3 and 5", "3-5 March" (dateparser reads "1-10"
# as the first day of 1910)
_DAYS = r"(\d{1,2})\s*(?:-|\u2013|to|through|until|and)\s*(\d{1,2})"
_MONTH_DAYS = re.compile(rf"^(?:between\s+)?([A-Za-z]+\.?)\s+{_DAYS}(,?\s+\d{{4}})?$", re.I)
_DAYS_MONTH = re.compile(rf"^(?:between\s+)?{_DAYS}\s+([A-Za-z]+\.?)(,?\s+\d{{4}})?$", re.I)
# Something an interval can be read from: a number, a month, a weekday or a word of relative time.
_DATE_WORD = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|today|tonight|"
    r"yesterday|tomorrow|now|night|morning|afternoon|evening|week|month|year|day|decade|century|ago|since|"
    r"past|last|this|weekend|spring|summer|autumn|winter)",
    re.I,
)
_WEEKDAY = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day", re.I)
_LEADING = re.compile(r"^(?:on|in|at|during|by|from|as of|early|late|the)\s+", re.I)
_PERIOD_DAYS = {"day": 1, "week": 7}


def _parser(base: datetime | None):
    """A parser that reads relative expressions against `base` (building one costs about a millisecond)."""
    from dateparser.date import DateDataParser

    settings = {"RETURN_TIME_AS_PERIOD": True, "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    return DateDataParser(languages=["en"], settings=settings)


def published_at(published: str | None) -> datetime | None:
    """The moment a feed's `published` names (ISO 8601, RFC 2822, "5-MAR-1987 11:32:18.89", "March 5, 2020"), in UTC;
    None when it names none."""
    if not published or not published.strip() or _NOT_A_DATE.match(published) or len(published) > 100:
        return None
    if (found := _standard_time(published.strip())) is not None:
        return found
    import dateparser

    try:
        found = dateparser.parse(
            published.strip(),
            languages=["en"],
            settings={"TIMEZONE": "UTC", "RETURN_AS_TIMEZONE_AWARE": True, "PREFER_DAY_OF_MONTH": "first"},
        )
    except (ValueError, OverflowError):
        return None
    return None if found is None else found.astimezone(UTC)


def _standard_time(text: str) -> datetime | None:
    """ISO 8601, RFC 2822 and the wire format "5-MAR-1987 11:32:18.89" by the standard library: dateparser takes
    milliseconds a date, which over a corpus of feeds adds up."""
    from email.utils import parsedate_to_datetime

    found = None
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        try:
            found = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            try:
                found = datetime.strptime(text.split(".")[0], "%d-%b-%Y %H:%M:%S")
            except ValueError:
                return None
    return found.replace(tzinfo=UTC) if found.tzinfo is None else found.astimezone(UTC)


def number_word(word: str | None) -> int | None:
    """1 for none, "a" or "one"; the integer a digit string or a number word writes; None otherwise."""
    if not word or word.lower() in ("a", "an", "one"):
        return 1
    if word.isdigit():
        return int(word)
    from text_to_num import text2num

    try:
        return text2num(word.lower(), "en")
    except ValueError:
        return None


@lru_cache(maxsize=4096)  # the claims of one sentence share their time, and dateparser takes milliseconds
def time_interval(time_text: str | None, published: datetime | None) -> tuple[date | None, date | None]:
    """(first day, last day) of the interval `time_text` denotes, relative expressions resolved against the
    publication time; (None, None) when there is none or it cannot be resolved."""
    if not time_text or not _DATE_WORD.search(time_text):
        return None, None
    text = " ".join(time_text.replace("'s", "").split()).strip(" ,.")
    if since := _SINCE.match(text):
        start, _ = time_interval(since.group(1), published)
        if start is None or published is None or start > published.date():
            return None, None
        return start, published.date()
    if past := _PAST.match(text):
        if published is None:
            return None, None
        n = number_word(past.group(1))
        if n is None:
            return None, None
        end = published.date()
        unit = past.group(2).lower()
        if unit in _PERIOD_DAYS:
            return end - timedelta(days=n * _PERIOD_DAYS[unit]), end
        months = n * (12 if unit == "year" else 1)
        year, month = divmod(end.year * 12 + end.month - 1 - months, 12)
        return _same_day(year, month + 1, end.day), end
    if (span := _SPAN_ONLY.match(text)) and (span.group(1) or span.group(2).lower() not in ("a", "an")):
        if span.group(2).lower() in ("a", "an") or number_word(span.group(2)) not in (None, 1):
            return None, None  # "for six days", "of 15 months": how long, not when
    if days := _days_of_a_month(_LEADING.sub("", text)):
        (start, _), (_, end) = (_interval(day, published) for day in days)
        return (start, end) if start is not None and end is not None and start <= end else (None, None)
    start, end = _interval(text, published)
    if start is None and (two := _TWO.match(text)):
        (start, _), (_, end) = _interval(two.group(1), published), _interval(two.group(2), published)
        if start is None or end is None or start > end:
            return None, None
    words = text.split()
    for cut in range(1, len(words)):  # "in the early hours of yesterday": the shortest ending that names a time
        if start is not None:
            break
        if words[cut].lower() not in ("of", "the"):
            start, end = _interval(" ".join(words[cut:]), published)
    return start, end


def _days_of_a_month(text: str) -> tuple[str, str] | None:
    """The first and last day of a range of days in one month, each as a date of its own: "July 1-10" is "July 1"
    and "July 10"."""
    if m := _MONTH_DAYS.match(text):
        month, first, last, year = m.groups()
    elif m := _DAYS_MONTH.match(text):
        first, last, month, year = m.groups()
    else:
        return None
    year = (year or "").strip(" ,")
    return tuple(" ".join(x for x in (month, day, year) if x) for day in (first, last))


def _interval(text: str, published: datetime | None) -> tuple[date | None, date | None]:
    base = published.replace(tzinfo=None) if published else None
    text = _LEADING.sub("", _LEADING.sub("", text))
    if not re.search(r"[A-Za-z]", text) and not re.search(r"\d{4}", text):
        return None, None
    if base is None and not _absolute(text):
        return None, None  # a relative expression with no publication date to resolve it against
    try:
        data = _parser(base).get_date_data(text)
    except (ValueError, OverflowError, TypeError):
        return None, None
    found, period = data.date_obj, data.period
    if found is None:
        return None, None
    day = found.date()
    if period == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    if period == "month":
        return day.replace(day=1), _month_end(day)
    if period == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    if period == "time" and base is not None and found > base:
        return None, None
    if base is not None and _WEEKDAY.fullmatch(text) and day + timedelta(days=7) <= base.date():
        day += timedelta(days=7)  # a bare weekday is the latest such day up to the publication day, itself included
    return day, day


def _absolute(text: str) -> bool:
    """Whether an expression names its year (and so needs no publication date)."""
    return bool(re.search(r"\b(?:1[5-9]|20)\d\d\b", text))


def _month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def _same_day(year: int, month: int, day: int) -> date:
    """The day in that month, or the month's last day when it has fewer."""
    first = date(year, month, 1)
    return min(first.replace(day=min(day, 28)) + timedelta(days=max(0, day - 28)), _month_end(first))
