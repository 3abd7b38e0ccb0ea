"""Publication dates: finding the candidates in an article's text and reading them without guessing.

Regular expressions here only *find* date-shaped text. A date written in numbers needs no more reading than a
calendar check once its order is known; python-dateutil reads written-out dates, with a sentinel default year
so that a date written without a year ("April 16") is recognised as not a date at all. A numeric date such as
`11/04/2007` is read day-first or month-first only on evidence from the same article (another date that
settles the order, the order of written-out dates, British or American spelling); with no evidence it stays
unread: the record keeps the text and a null date rather than a coin toss.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from dateutil import parser as dateutil_parser

_EVIDENCE_CHARS = 20_000
"""How much of an article is searched for day/month-order evidence; the opening settles it in practice."""

_NO_YEAR = datetime(1, 1, 1)

_MONTH_NAME = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b"
)
MONTH = rf"{_MONTH_NAME}\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR_DIGITS = r"(?:1[89]|2[01])\d\d"
_YEAR = rf"{_YEAR_DIGITS}\b"
_WEEKDAY = r"(?:(?:Mon|Tue(?:s)?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\b\.?,?\s+)"

NAMED_DATE = rf"(?:{_WEEKDAY}?(?:{MONTH}\s+{_DAY},?\s+{_YEAR}|{_DAY}\s+(?:of\s+)?{MONTH},?\s+{_YEAR}))"
"""A date with its month written out and a year: `Sept. 3, 2009`, `Tuesday, 8 April 2008`."""

LOOSE_NAMED_DATE = rf"(?:{MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?|{_DAY}\s+{MONTH}(?:,?\s+{_YEAR})?)"
"""A written-out date whose year may be missing, as datelines write them (`MOSCOW, March 3 (RIA Novosti)`)."""

_ISO_DATE = rf"{_YEAR_DIGITS}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
_NUMERIC_DATE = rf"(?:[12]\d|3[01]|0?[1-9])(?P<sep>[/.])(?:[12]\d|3[01]|0?[1-9])(?P=sep){_YEAR}"
_DASHED_DATE = rf"{_DAY}-{_MONTH_NAME}-{_YEAR}"
"""Day, abbreviated month and year joined by hyphens, as wire printouts stamp them: `3-MAR-1987`."""
_ZONE = r"(?:Z|GMT|UTC|[ECMP][SD]?T|CES?T|BST|MSK|JST|KST|IST|AE[SD]T|HKT|SGT)(?:\s*[+-]\d{1,2}(?::?\d\d)?)?"
_TIME = (
    r"(?:(?:T|\s*[|\u00b7\u2022;/]\s*|\s+[-\u2013\u2014]\s+|,?\s+(?:at\s+)?)\d{1,2}:\d\d(?::\d\d(?:\.\d{1,6})?)?"
    rf"(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*{_ZONE})?)"
)
"""A time of day after a date: `, 10:42 AM EST`, `T09:30:00Z`, ` | 10:42`, ` 09:18:21.26` (wire printouts)."""
_LABEL = r"(?:(?:Last\s+)?(?:Posted|Published|Updated|Modified|Dated?|Filed|Released|Created)(?:\s+on)?\s*:?\s*)"

_DATE_LINE = re.compile(
    rf"{_LABEL}?(?P<text>(?P<date>{NAMED_DATE}|{_ISO_DATE}|{_NUMERIC_DATE}|{_DASHED_DATE}){_TIME}?)",
    re.IGNORECASE,
)
_DATE_LINE_MAX = 80

_ISO = re.compile(_ISO_DATE)
_FULL_YEAR = re.compile(_YEAR_DIGITS)
"""Every date this module finds writes its year in four digits; text without one (a dateline's `April 16`) is
no full date, known before python-dateutil is asked."""
_TIME_SUFFIX = re.compile(rf"{_TIME}$", re.IGNORECASE)
_LEADING_WEEKDAY = re.compile(rf"^{_WEEKDAY}", re.IGNORECASE)
_NUMERIC = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_NAMED_ANYWHERE = re.compile(rf"\b{NAMED_DATE}")
_DAY_THEN_MONTH = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_NAME}")
_MONTH_THEN_DAY = re.compile(rf"\b{_MONTH_NAME}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b")
_SPELLING_STEMS = (
    r"(?:organi|recogni|reali|apologi|critici|authori|moderni|mobili|stabili|normali|minimi|utili|priori"
    r"|speciali|finali|privati)"
)
_BRITISH = re.compile(
    r"\b(?:colour|favour|honour|neighbour|labour|defence|offence|licence|programme|centre|metre|theatre"
    rf"|{_SPELLING_STEMS}s(?:e|ed|es|ing|ation)|(?:travel|cancel|label|model|fuel)l(?:ed|ing))\b",
    re.IGNORECASE,
)
_AMERICAN = re.compile(
    r"\b(?:color|favor|honor|neighbor|labor|defense|offense|license|center|meter|theater"
    rf"|{_SPELLING_STEMS}z(?:e|ed|es|ing|ation)|(?:travel|cancel|label|model|fuel)(?:ed|ing))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateReading:
    """A full date (day, month, year) as the article wrote it, and its ISO form if unambiguous."""

    text: str
    iso: str | None


def date_line(line: str) -> str | None:
    """The date written on `line` when the line holds nothing else, else None.

    An optional label ("Posted:"), a weekday and a time of day may stand with it.
    """
    if len(line) > _DATE_LINE_MAX:
        return None
    match = _DATE_LINE.fullmatch(line.strip())
    return match["text"] if match else None


def read_date(text: str, context: str) -> DateReading | None:
    """Read the date written as `text`, using the article `context` to settle day/month order.

    None when `text` is not a full date (no year, impossible day); a reading with `iso=None` when the
    day/month order of a numeric date stays ambiguous.
    """
    if _FULL_YEAR.search(text) is None:
        return None
    iso_match = _ISO.match(text)
    if iso_match:
        year, month, day = (int(part) for part in iso_match.group().split("-"))
        return _numbers_reading(text, year, month, day)
    numeric = _NUMERIC.match(text)
    if numeric:
        first, second, year = int(numeric[1]), int(numeric[2]), int(numeric[3])
        dayfirst = _dayfirst(first, second, year, context)
        if dayfirst is None:
            return DateReading(text, None)
        month, day = (second, first) if dayfirst else (first, second)
        return _numbers_reading(text, year, month, day)
    return _reading(text, _LEADING_WEEKDAY.sub("", _TIME_SUFFIX.sub("", text)), dayfirst=False)


def _numbers_reading(text: str, year: int, month: int, day: int) -> DateReading | None:
    """A date written in numbers whose order is known: a calendar check is all the reading it needs."""
    iso = _safe_date(year, month, day)
    return DateReading(text, iso) if iso else None


def _reading(text: str, date_part: str, *, dayfirst: bool) -> DateReading | None:
    try:
        parsed = dateutil_parser.parse(date_part, default=_NO_YEAR, dayfirst=dayfirst)
    except (ValueError, OverflowError):
        return None
    if parsed.year == _NO_YEAR.year:
        return None
    return DateReading(text, parsed.date().isoformat())


def _dayfirst(first: int, second: int, year: int, context: str) -> bool | None:
    """Whether `first/second/year` is day-first, or None when nothing in the article says."""
    if first > 12 or first == second:
        return True
    if second > 12:
        return False
    sample = context[:_EVIDENCE_CHARS]
    settled = _settled_by_full_dates(first, second, year, sample)
    return _settled_by_votes(sample) if settled is None else settled


def _settled_by_full_dates(first: int, second: int, year: int, sample: str) -> bool | None:
    """A written-out date in the article equal to exactly one reading picks that reading."""
    day_first, month_first = _safe_date(year, second, first), _safe_date(year, first, second)
    written = set()
    for match in _NAMED_ANYWHERE.finditer(sample):
        reading = _reading(match.group(), match.group(), dayfirst=False)
        if reading and reading.iso:
            written.add(reading.iso)
    if (day_first in written) != (month_first in written):
        return day_first in written
    return None


def _settled_by_votes(sample: str) -> bool | None:
    """Unambiguous numeric dates, then the order of written-out dates, then spelling: majority votes."""
    day_votes = month_votes = 0
    for match in _NUMERIC.finditer(sample):
        first, second = int(match[1]), int(match[2])
        day_votes += first > 12 >= second
        month_votes += second > 12 >= first
    if day_votes == month_votes:
        day_votes = len(_DAY_THEN_MONTH.findall(sample))
        month_votes = len(_MONTH_THEN_DAY.findall(sample))
    if day_votes == month_votes:
        day_votes = len(_BRITISH.findall(sample))
        month_votes = len(_AMERICAN.findall(sample))
    if day_votes == month_votes:
        return None
    return day_votes > month_votes


def _safe_date(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
