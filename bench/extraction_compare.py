"""How a field a reader produced is compared with its truth: one normalisation, one rule per field.

The rules are spelled out in `extraction.py`'s docstring; this module is their only implementation, and it
shares no code with the readers it judges (its date forms are its own, not `store.ingest.dates`), so a
reader's mistake cannot also become the truth it is checked against.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

LEAD_WORDS = 8
"""A lead is right when this many opening words match."""

LEAD_CHARS = 80
"""At most this many characters of those words: scripts written without spaces have one "word" a sentence."""

DATELINE_WORDS = 12
"""A dash or closing parenthesis this early ends a dateline (`PARIS, Jan. 8 --`, `CORAL SEA (June 18, 2015)`)."""

SET_APART_LINES = 3
"""Opening lines a reader may set apart from the body (`By Sgt. David Turner`, `From USS ... Public Affairs`)."""

SET_APART_WORDS = 12
"""A set-apart line is this short at most."""

_FOLD = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2039\u203a", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff"),
    }
)
"""Typographic quotes and dashes to their ASCII forms; soft hyphens and zero-width characters removed."""

_DATELINE_END = re.compile(r"(?:\s-{1,2}|-{1,2}\s|--|\))\s*")
"""A dash standing apart from words (not the hyphen of `Nimitz-class`), or a closing parenthesis."""

_SENTENCE_END = re.compile(r"""[.!?:;"')]$""")

_BY_WORD = re.compile(r"^(?:written\s+by|by|par|von|por|di|door)\b\s*:?\s*", re.IGNORECASE)
"""The word a byline opens with, in the languages of the corpora (`By`, `Par`, `Von`)."""

_NAME_SEPARATOR = re.compile(r"\s*(?:[,;&]|\band\b)\s*", re.IGNORECASE)

_WORD = re.compile(r"\w+")

_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")

_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


def normalise(text: str) -> str:
    """Text as compared: NFKC, ASCII quotes and dashes, case-folded, whitespace runs as one space."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_FOLD).casefold().split())


def same_title(truth: str, got: str | None) -> bool:
    """A title is right when it equals the truth after normalisation."""
    return got is not None and normalise(got) == normalise(truth)


def same_source(truth: str, got: str | None) -> bool:
    """A source is right when, normalised, it equals the truth or one contains the other."""
    if not got:
        return False
    expected, produced = normalise(truth), normalise(got)
    return bool(produced) and (expected == produced or expected in produced or produced in expected)


def byline_names(byline: str) -> tuple[str, ...]:
    """The author names in a truth byline: its first line with text, less `By`, split at commas and `and`.

    Extractors' bylines often run on into a second line (`By Nathan Willis` / `March 25, 2015`); the names
    are on the first.
    """
    lines = [_BY_WORD.sub("", line).strip() for line in byline.splitlines()]
    first = next((line for line in lines if line), "")
    return tuple(name for name in _NAME_SEPARATOR.split(first) if normalise(name))


def has_names(names: tuple[str, ...], got: str | None) -> bool:
    """A byline is right when it is non-empty and every truth name appears in it, as words.

    Names are compared word by word, punctuation aside: `Dana A. Ford` is the `Dana A Ford` of another page.
    """
    produced = f" {_words(got or '')} "
    return bool(produced.strip()) and all(f" {_words(name)} " in produced for name in names)


def _words(text: str) -> str:
    return " ".join(_WORD.findall(normalise(text)))


def lead_key(text: str) -> str:
    """The opening words of a text, as compared."""
    return _key(normalise(text).split())


def lead_keys(text: str, title: str | None) -> frozenset[str]:
    """What a right lead may be: the opening words of the text, or of what follows lines a reader sets apart.

    A copy of the title heading the text is no part of the lead. Up to `SET_APART_LINES` short opening lines
    that are no sentences (a byline, a credit, a kicker) may be left out of the body, and so may a dateline
    (the words up to a dash or a closing parenthesis among the first `DATELINE_WORDS`), which a reader reads
    into `location`, `date` and `source`.
    """
    lines = [line for line in map(normalise, text.splitlines()) if line]
    heading = normalise(title or "")
    if lines and heading and lines[0].startswith(heading):
        lines[0] = lines[0][len(heading) :].strip()
    lines = [line for line in lines if line]
    keys: set[str] = set()
    for skipped in range(_set_apart(lines) + 1):
        opening = " ".join(lines[skipped:])
        keys.add(_key(opening.split()))
        for separator in _DATELINE_END.finditer(opening):
            if len(opening[: separator.start()].split()) > DATELINE_WORDS:
                break
            keys.add(_key(opening[separator.end() :].split()))
    return frozenset(key for key in keys if key)


def _set_apart(lines: list[str]) -> int:
    """How many opening lines are short and end no sentence, at most `SET_APART_LINES`."""
    count = 0
    for line in lines[:SET_APART_LINES]:
        if len(line.split()) > SET_APART_WORDS or _SENTENCE_END.search(line):
            break
        count += 1
    return count


def _key(words: list[str]) -> str:
    return " ".join(words[:LEAD_WORDS])[:LEAD_CHARS]


def iso_day(stamp: str) -> str | None:
    """The day a truth timestamp writes (`2015-07-24T05:36:09+01:00` is the 24th), never shifted by its zone."""
    found = _ISO_DAY.match(stamp)
    return "-".join(found.groups()) if found else None


def states_day(text: str, day: str) -> bool:
    """Whether a text writes this day with its year in a common form (`May 31, 2022`, `31 May 2022`, ISO, US)."""
    when = date.fromisoformat(day)
    return any(pattern.search(text) for pattern in _day_patterns(when))


def _day_patterns(when: date) -> tuple[re.Pattern[str], ...]:
    name = _MONTHS[when.month - 1]
    september = r"|sept\.?" if when.month == 9 else ""
    month = rf"(?:{name}|{name[:3]}\.?{september})"
    day = rf"0?{when.day}(?:st|nd|rd|th)?"
    return tuple(
        re.compile(pattern, re.IGNORECASE)
        for pattern in (
            rf"\b{month}\s+{day},?\s+{when.year}\b",
            rf"\b{day}\s+(?:of\s+)?{month},?\s+{when.year}\b",
            rf"\b{when.isoformat()}\b",
            rf"\b0?{when.month}/0?{when.day}/{when.year}\b",
        )
    )
