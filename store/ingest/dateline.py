"""The dateline that opens a news story: `WASHINGTON, Sept. 3, 2009 - `, `October 12, 2007 (RFE/RL) -- `.

A dateline is a prefix of the first paragraph made of up to three parts in a fixed order: a place (`REDSTONE
ARSENAL, Alabama`, `Tehran`), a date (bare or in parentheses), and a source (in parentheses, or after a comma
following the date: `, IRNA`), closed by a dash (`--`, en or em dash, spaced hyphen) or, after a parenthesised
date, by nothing at all. Each dash in the opening characters is tried as the end of the prefix and the longest
prefix that fits the grammar wins, so `REDSTONE ARSENAL, AL - March 20, 2026 - ` is read whole. A place alone
must be written in capitals (`PHILIPPINE SEA - `), otherwise any sentence with a dash in it would lose its
start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.ingest.dates import LOOSE_NAMED_DATE

_SEARCH_CHARS = 160
"""Datelines are short; nothing beyond this many characters is looked at."""

_PLACE_WORD = r"(?:[A-Z][\w.'\u2019&/-]*|\([A-Z]{1,6}[ -]?\d{1,5}\))"
"""A capitalised word, or a hull number in parentheses as in `ABOARD USS RONALD REAGAN (CVN 76), AT SEA`."""
_SOURCE = r"[^\W\d_](?:[^\W\d_]|[/&.' -]){0,40}"
"""Letters (any script: `Agencia Brasil` may carry accents), spaces and `/&.'-`; capitalised, checked below."""
_PREFIX = re.compile(
    rf"""
    (?:(?P<place>{_PLACE_WORD}(?:,?\s+{_PLACE_WORD}){{0,7}})\s*(?:,\s*|\s+[-\u2013\u2014]+\s+|(?=\s*\())?)?
    (?:(?P<date>{LOOSE_NAMED_DATE})|\(\s*(?P<pdate>{LOOSE_NAMED_DATE})\s*\))?
    \s*
    (?:\((?P<psrc>{_SOURCE})\)|,\s*(?P<csrc>[A-Z][A-Za-z/&.'-]*(?:\s[A-Z][A-Za-z/&.'-]*){{0,3}}))?
    \s*,?
    """,
    re.VERBOSE,
)
_ENDINGS = re.compile(
    r"(?=[\s\u2013\u2014-])(?:\s*(?:--+|[\u2013\u2014])\s*|\s+-\s*|(?<=\))\s+(?=[A-Z\"'\u201c\u2018]))"
)
"""A dash closing the dateline, or the space after its parenthesised date. The leading look-ahead only lets the
scan skip, at the cost of one test, every character that cannot start an ending."""
_CLOSING_MARK = re.compile(r"[-\u2013\u2014)]")
"""Every ending holds a dash or follows a parenthesis: a paragraph opening without one has no dateline."""


@dataclass(frozen=True)
class Dateline:
    """What a dateline says, and the paragraph text that follows it."""

    rest: str
    place: str | None = None
    date_text: str | None = None
    source: str | None = None


def read_dateline(paragraph: str) -> Dateline | None:
    """The dateline opening `paragraph`, or None when it does not open with one."""
    best: Dateline | None = None
    if _CLOSING_MARK.search(paragraph, 0, _SEARCH_CHARS) is None:
        return None
    for ending in _ENDINGS.finditer(paragraph, 0, _SEARCH_CHARS):
        prefix = paragraph[: ending.start()]
        match = _PREFIX.fullmatch(prefix)
        dateline = _accepted(match, by_dash=ending.group().strip() != "") if match else None
        if dateline:
            best = Dateline(paragraph[ending.end() :], dateline.place, dateline.date_text, dateline.source)
    return best


def _accepted(match: re.Match[str], *, by_dash: bool) -> Dateline | None:
    place, date_text = match["place"], match["date"] or match["pdate"]
    source = match["psrc"] or match["csrc"]
    if match["csrc"] and not date_text:
        return None
    if not by_dash and not match["pdate"]:
        return None
    if not (date_text or source) and not (place and _capitalised(place)):
        return None
    if source and not source[0].isupper():
        return None
    return Dateline("", place.strip(" ,") if place else None, date_text, source.strip() if source else None)


def _capitalised(place: str) -> bool:
    """A capital first word and mostly capitals before the first comma: `JOINT BASE SAN ANTONIO-Lackland` is a
    place, `NATO Secretary General Jens Stoltenberg` and `The IAAF` are not."""
    first_words = place.split(",")[0]
    letters = [char for char in first_words if char.isalpha()]
    return (
        len(letters) >= 2
        and first_words.split()[0].isupper()
        and sum(char.isupper() for char in letters) >= 2 * len(letters) / 3
    )
