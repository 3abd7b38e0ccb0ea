"""Publication dates as news-database exports print them, in whatever language the database's interface spoke.

An export's date field is written by the interface, not by the newspaper: the same Factiva article reads
`9 January 1993`, `9 Januar 1993` or `1993 年 1 月 9 日` depending on who downloaded it, and Nexis prints
`March 14, 2013 Thursday 11:21 AM GMT` or `27. Februar 2012 Montag`. English dates go through
`store.ingest.dates` like every other date in the archive; day-month-year dates in the other interface
languages go through python-dateutil with those languages' month names added (dateutil only knows English);
year-month-day dates with CJK markers (`2008年3月3日`, `2008년 3월 3일`) follow one explicit rule. A numeric
date such as `03/03/2008` is read only when its day/month order is settled (by `store.ingest.dates`), and a
date without a year is no date at all: nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from dateutil import parser as dateutil_parser

from store.ingest.dates import NAMED_DATE, read_date

_SEARCH_CHARS = 300
"""A date field is short; nothing beyond this many characters is searched."""

_NO_YEAR = datetime(1, 1, 1)

_MONTH_TABLE = """
jan january januar jänner janvier janv enero ene gennaio janeiro januari январь января stycznia styczeń
feb february februar feber février fevrier févr fevr febrero febbraio fevereiro fev februari февраль февраля lutego luty
mar march märz maerz mär mrz mars marzo março marco maart mrt marts март марта marca marzec
apr april avril avr abril abr aprile апрель апреля kwietnia kwiecień
may mai mayo maggio maio mei maj май мая maja
jun june juni juin junio giugno junho июнь июня czerwca czerwiec
jul july juli juillet juil julio luglio julho июль июля lipca lipiec
aug august août aout agosto ago augustus augusti август августа sierpnia sierpień
sep sept september septembre septiembre setiembre settembre set setembro сентябрь сентября września wrzesień
oct october oktober okt octobre octubre ottobre outubro out октябрь октября października październik
nov november novembre noviembre novembro ноябрь ноября listopada listopad
dec december dezember dez décembre decembre déc diciembre dic dicembre dezembro декабрь декабря grudnia grudzień
"""
"""One month a line, January first: its names and usual abbreviations in the interface languages of Factiva
and Nexis (English, German, French, Spanish, Italian, Portuguese, Dutch, the Scandinavian languages, Russian and
Polish, the last two also in the genitive a date uses). No word names two different months in any of them."""

_WEEKDAY_TABLE = """
mon monday montag lundi lunes lunedì lunedi segunda-feira maandag måndag mandag понедельник poniedziałek
tue tues tuesday dienstag mardi martes martedì martedi terça-feira dinsdag tisdag tirsdag вторник wtorek
wed wednesday mittwoch mercredi miércoles miercoles mercoledì mercoledi quarta-feira woensdag onsdag среда środa
thu thur thurs thursday donnerstag jeudi jueves giovedì giovedi quinta-feira donderdag torsdag четверг czwartek
fri friday freitag vendredi viernes venerdì venerdi sexta-feira vrijdag fredag пятница piątek
sat saturday samstag sonnabend samedi sábado sabado sabato zaterdag lördag lørdag суббота sobota
sun sunday sonntag dimanche domingo domenica zondag söndag søndag воскресенье niedziela
"""
"""One weekday a line, Monday first, in the same languages."""

_MONTH_NAMES = tuple(tuple(line.split()) for line in _MONTH_TABLE.strip().splitlines())
_WEEKDAY_NAMES = tuple(tuple(line.split()) for line in _WEEKDAY_TABLE.strip().splitlines())
_MONTH_WORDS = frozenset(name for names in _MONTH_NAMES for name in names)
_WEEKDAY_WORDS = frozenset(name for names in _WEEKDAY_NAMES for name in names)
_WEEKDAY = "|".join(sorted((re.escape(name) for names in _WEEKDAY_NAMES for name in names), key=len, reverse=True))
_CLOCK = (
    r"\d{1,2}[:.h]\d\d(?::\d\d)?(?:\s*[AaPp]\.?[Mm]\.?)?"
    r"(?:\s*(?:GMT|UTC|CET|CEST|[ECMP][SD]T|BST|JST|HKT)(?:\s*[+-]\s*\d{1,2}(?::?\d\d)?)?)?"
)
_AFTER = re.compile(rf"(?:,?\s+(?:{_WEEKDAY})\b\.?)?(?:,?\s+{_CLOCK}\b)?", re.IGNORECASE)
_BEFORE = re.compile(rf"(?:{_WEEKDAY})\b\.?,?\s+$", re.IGNORECASE)

_ENGLISH = re.compile(NAMED_DATE, re.IGNORECASE)
_DAY_MONTH_YEAR = re.compile(
    r"(?<!\d)(?P<day>[12]\d|3[01]|0?[1-9])\.?\s+(?:de\s+)?(?P<month>[^\W\d_]{3,})\.?,?\s+(?:de\s+)?"
    r"(?P<year>(?:1[89]|2[01])\d\d)(?!\d)"
)
_MONTH_DAY_YEAR = re.compile(
    r"(?P<month>[^\W\d_]{3,})\.?\s+(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?,?\s+(?P<year>(?:1[89]|2[01])\d\d)(?!\d)"
)
_YEARLESS_AT_END = (
    re.compile(r"(?:^|[,\s])\s*(?:[12]\d|3[01]|0?[1-9])\.?\s+(?P<month>[^\W\d_]{3,})\.?\s*$"),
    re.compile(r"(?:^|[,\s])\s*(?P<month>[^\W\d_]{3,})\.?\s+(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s*$"),
)
"""A day and a month written out, with no year, ending a field: `March 2`, `2 mars`, `27. Februar`."""
_CJK = re.compile(r"(?P<year>\d{4})\s*[年년]\s*(?P<month>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일]")
_YEAR_FIRST = re.compile(
    r"(?<!\d)(?P<year>(?:1[89]|2[01])\d\d)(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?!\d)"
)
_DAY_OR_MONTH_FIRST = re.compile(r"(?<!\d)\d{1,2}(?P<sep>[/.])\d{1,2}(?P=sep)(?:1[89]|2[01])\d\d(?!\d)")


class _Languages(dateutil_parser.parserinfo):
    """dateutil's parser with the month and weekday names of the interface languages above.

    dateutil's stubs type these tables as pairs and triples of names, but the parser reads any number of
    names per entry, which is what the cast says.
    """

    MONTHS = cast("list[tuple[str, str] | tuple[str, str, str]]", [tuple(names) for names in _MONTH_NAMES])
    WEEKDAYS = cast("list[tuple[str, str]]", [tuple(names) for names in _WEEKDAY_NAMES])


_PARSER_INFO = _Languages()


@dataclass(frozen=True)
class ExportDate:
    """A full date found in a field: as written (with a weekday and time of day beside it), its ISO form when
    it reads unambiguously, and where in the field it starts and ends."""

    text: str
    iso: str | None
    start: int
    end: int


def find_date(field: str, context: str = "") -> ExportDate | None:
    """The first full date written in `field`; `context` (the article's text) may settle a numeric date's
    day/month order. None when the field holds no date with a day, a month and a year."""
    text = field[:_SEARCH_CHARS]
    found = [
        reading
        for reading in (_english(text, context), _other(text), _year_first(text), _numeric(text, context))
        if reading is not None
    ]
    if not found:
        return None
    first = min(found, key=lambda reading: reading[0])
    return _widened(text, *first)


def without_date(text: str) -> str:
    """`text` with the date that ends it cut off, a date without a year included (`WHITBY, March 2`,
    `BEIRUT, March 14 2013`, `BONN, 27. Februar`): what is left of a dateline is its place."""
    found = find_date(text)
    if found is not None:
        return text[: found.start].strip(" ,;")
    tail = text[-_SEARCH_CHARS:]
    for pattern in _YEARLESS_AT_END:
        match = pattern.search(tail)
        if match is not None and match["month"].lower() in _MONTH_WORDS:
            return text[: len(text) - len(match.group())].strip(" ,;")
    return text.strip(" ,;")


def is_weekday(word: str) -> bool:
    """Whether `word` names a day of the week (`Tuesday`, `Montag`, `mardi`), in any of the languages above."""
    return word.strip(" .,").lower() in _WEEKDAY_WORDS


def _english(text: str, context: str) -> tuple[int, int, str | None] | None:
    for match in _ENGLISH.finditer(text):
        reading = read_date(match.group(), context)
        if reading is not None:
            return match.start(), match.end(), reading.iso
    return None


def _other(text: str) -> tuple[int, int, str | None] | None:
    """A day-month-year or month-day-year date with a month name dateutil reads once told the languages."""
    candidates = sorted(
        (match for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR) for match in pattern.finditer(text)), key=_start
    )
    for match in candidates:
        month = match["month"].lower()
        if month not in _MONTH_WORDS:
            continue
        iso = _dateutil_iso(f"{match['day']} {month} {match['year']}")
        if iso is not None:
            return match.start(), match.end(), iso
    return None


def _dateutil_iso(text: str) -> str | None:
    try:
        parsed = dateutil_parser.parse(text, parserinfo=_PARSER_INFO, default=_NO_YEAR, dayfirst=True)
    except (ValueError, OverflowError):
        return None
    return None if parsed.year == _NO_YEAR.year else parsed.date().isoformat()


def _year_first(text: str) -> tuple[int, int, str | None] | None:
    """`2018 年 10 月 7 日`, `2008년 3월 3일`, `2008/03/03`: year, month, day in that order, so the reading is
    fixed (the CJK rule: each number marked by its unit)."""
    matches = sorted((match for pattern in (_CJK, _YEAR_FIRST) for match in pattern.finditer(text)), key=_start)
    for match in matches:
        iso = _safe_iso(int(match["year"]), int(match["month"]), int(match["day"]))
        if iso is not None:
            return match.start(), match.end(), iso
    return None


def _numeric(text: str, context: str) -> tuple[int, int, str | None] | None:
    """`03/03/2008`: read only when the day/month order is settled; otherwise kept as text with no ISO date."""
    for match in _DAY_OR_MONTH_FIRST.finditer(text):
        reading = read_date(match.group(), context)
        if reading is not None:
            return match.start(), match.end(), reading.iso
    return None


def _start(match: re.Match[str]) -> int:
    return match.start()


def _safe_iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _widened(text: str, start: int, end: int, iso: str | None) -> ExportDate:
    """The date with the weekday before or after it and the time of day after it, as the field wrote them."""
    before = _BEFORE.search(text[max(0, start - 30) : start])
    if before is not None:
        start -= len(before.group())
    after = _AFTER.match(text, end)
    if after is not None:
        end = after.end()
    return ExportDate(text[start:end].strip(" ,"), iso, start, end)
