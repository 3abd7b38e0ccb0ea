"""The byline block under a headline: an author's name and the lines set straight below it.

Newspapers and reprint sites print the author on one line and what goes with the author on the next ones, with
no blank line between: the reporter's role, the agency, the place, the date.

    By John Smith          John Smith          By Anna Berg
    Staff Writer           Prague              Caspian News Agency
    WASHINGTON             3 March 2008
    March 3, 2008

The name is the byline (with its role: `John Smith, Staff Writer`), a date line the date, an outlet's name the
source, and a place the location, never the source. A bare place and a bare outlet have the same shape (`Prague`,
`Xinhua`), so a line is read as the place only where a place stands: just above the block's date, or in the
capitals of a dateline (`WASHINGTON`); names of known agencies and names with an organisation's words stay
sources. A name without `By` opens a block only when a date line follows it in the block, since a lone short
line under a headline is as often a deck or a source line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from store.ingest import boilerplate
from store.ingest.dates import date_line

_BLOCK_LINES = 4
"""Lines looked at under the name: role, agency, place and date at most."""

_NAME_MAX = 120
"""No byline line is longer; longer lines are text."""

_CAPITALS_WORDS = 3
"""A line of capitals with more words than this and no date under it is a deck, not a place."""

_CAPITALS_PLACE = 5
"""A capitalised line of at least this many letters is a dateline's place (`WASHINGTON`), shorter ones are as
often agencies' acronyms (`BNS`, `IPS`)."""


@dataclass
class BylineBlock:
    """What a byline block says, and the index of the line after it."""

    end: int
    name: str
    organisation: str | None = None
    """An outlet named on the byline line itself (`By Anna Berg, Caspian News Agency`)."""
    roles: list[str] = field(default_factory=list)
    location: str | None = None
    sources: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)


def read_byline_block(lines: list[str], index: int) -> BylineBlock | None:
    """The byline block opening at `lines[index]` (stripped lines), or None when none opens there."""
    if len(lines[index]) > _NAME_MAX:
        return None
    person = boilerplate.byline(lines[index])
    if person is not None:
        block = BylineBlock(index + 1, person[0], person[1])
        _read_lines_under_name(lines, block)
        return block
    if not boilerplate.is_person_name(lines[index]):
        return None
    block = BylineBlock(index + 1, lines[index])
    _read_lines_under_name(lines, block)
    return block if block.dates else None


def is_place_line(line: str, next_line: str) -> bool:
    """A place standing on its own line: a place's shape, and either a date just below or a dateline's capitals."""
    if not boilerplate.is_place_name(line):
        return False
    capitals = line.isupper() and len(line.split()) <= _CAPITALS_WORDS
    return (capitals and sum(char.isalpha() for char in line) >= _CAPITALS_PLACE) or date_line(next_line) is not None


def _read_lines_under_name(lines: list[str], block: BylineBlock) -> None:
    """Take the role, date, place and outlet lines standing straight under the name, advancing `block.end`."""
    for _ in range(_BLOCK_LINES):
        if block.end >= len(lines) or not lines[block.end]:
            return
        line = lines[block.end]
        next_line = lines[block.end + 1] if block.end + 1 < len(lines) else ""
        written = date_line(line)
        if written:
            block.dates.append(written)
        elif boilerplate.is_role(line):
            block.roles.append(line)
        elif is_place_line(line, next_line) and block.location is None:
            block.location = line
        elif boilerplate.is_source_like(line):
            block.sources.append(line)
        else:
            return
        block.end += 1
