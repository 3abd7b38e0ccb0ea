"""Concordance lines put in order, cut to a width, aligned on the match, and written as text, CSV or JSON.

A line is `date  source  left MATCH right`: the date and source columns have fixed widths, the left context is
right-aligned in the cells left of the middle so that every match starts in the same column, and the match and
the right context share what is left. Contexts are cut only between words, and widths are counted in terminal
cells (a CJK character takes two, a combining mark none), so the columns hold in any script. The CLI and the
browser's view and export all lay lines out here, so they show the same words. It loads nothing of the index,
so the command line can offer its choices (`KWIC_SORTS`, `MIN_WIDTH`) without loading the store.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

if TYPE_CHECKING:
    from store.search.kwic import KwicLine

KwicSort = Literal["date", "left", "right", "source"]
KWIC_SORTS: Final[tuple[KwicSort, ...]] = ("date", "left", "right", "source")
KwicFormat = Literal["csv", "txt"]
KWIC_FORMATS: Final[tuple[KwicFormat, ...]] = ("csv", "txt")

DATE_CELLS: Final = 10
SOURCE_CELLS: Final = 12
GAP: Final = "  "
SOURCE_FROM: Final = 72
"""Lines narrower than this leave the source column out: the context needs the cells more."""
MIN_WIDTH: Final = 40
ELLIPSIS: Final = "…"
CSV_COLUMNS: Final = ("id", "date", "source", "title", "left", "match", "right", "start", "end")


def cell_width(char: str) -> int:
    """Terminal cells one character takes."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cells(text: str) -> int:
    """Terminal cells `text` takes."""
    return len(text) if text.isascii() else sum(map(cell_width, text))


def fit_left(text: str, room: int) -> str:
    """The longest end of `text` that starts at a word and fits in `room` cells."""
    if cells(text) <= room:
        return text
    for position, char in enumerate(text):
        if char == " " and cells(text[position + 1 :]) <= room:
            return text[position + 1 :]
    return ""


def fit_right(text: str, room: int) -> str:
    """The longest start of `text` that ends at a word and fits in `room` cells."""
    if cells(text) <= room:
        return text
    for position in range(len(text) - 1, -1, -1):
        if text[position] == " " and cells(text[:position]) <= room:
            return text[:position]
    return ""


def _cut(text: str, room: int) -> str:
    """`text` in at most `room` cells, cut with an ellipsis after a whole word (or, if the first word is too long,
    after a whole character with its marks)."""
    if cells(text) <= room:
        return text
    kept = fit_right(text, room - 1)
    if not kept:
        used = 0
        for char in text:
            used += cell_width(char)
            if used > room - 1:
                break
            kept += char
        while kept and cell_width(kept[-1]) == 0:
            kept = kept[:-1]
    return kept + ELLIPSIS if room > 0 else ""


@dataclass(frozen=True)
class Row:
    """One line laid out: the date and source columns, the left context padded to its column, match, right."""

    lead: str
    padding: str
    left: str
    match: str
    right: str

    @property
    def plain(self) -> str:
        """The line as text, as wide as its layout at most."""
        return f"{self.lead}{self.padding}{self.left}{self.match}{self.right}".rstrip()

    @property
    def match_offset(self) -> int:
        """Characters of `plain` before the match: where a display puts its emphasis."""
        return len(self.lead) + len(self.padding) + len(self.left)


@dataclass(frozen=True)
class Layout:
    """How lines are cut for one width (total cells per line, at least `MIN_WIDTH`)."""

    width: int

    @property
    def with_source(self) -> bool:
        return self.width >= SOURCE_FROM

    @property
    def lead_cells(self) -> int:
        return DATE_CELLS + len(GAP) + ((SOURCE_CELLS + len(GAP)) if self.with_source else 0)

    @property
    def left_cells(self) -> int:
        """Cells of the left context's column: half of what the date and source leave."""
        return max(0, self.width - self.lead_cells) // 2

    def row(self, line: KwicLine) -> Row:
        """`line` cut to this width, the match starting at column `lead_cells + left_cells`."""
        lead = f"{line.date or 'undated':<{DATE_CELLS}}{GAP}"
        if self.with_source:
            source = _cut(line.source or "-", SOURCE_CELLS)
            lead += source + " " * (SOURCE_CELLS - cells(source)) + GAP
        left = fit_left(line.left, self.left_cells)
        room = max(0, self.width - self.lead_cells - self.left_cells)
        match = _cut(line.match, room)
        right = fit_right(line.right, room - cells(match))
        return Row(lead, " " * (self.left_cells - cells(left)), left, match, right)

    def record(self, line: KwicLine) -> dict[str, Any]:
        """`line` as `kwic --json` prints it and the CSV holds it: its contexts cut as the text line shows them."""
        row = self.row(line)
        return {
            "id": line.id,
            "title": line.title,
            "date": line.date,
            "source": line.source,
            "left": row.left,
            "match": line.match,
            "right": row.right,
            "start": line.start,
            "end": line.end,
        }

    def text(self, lines: Iterable[KwicLine]) -> Iterator[str]:
        """The lines as plain text, each with its newline, made one at a time (a pipe gets the first at once)."""
        for line in lines:
            yield self.row(line).plain + "\n"

    def csv(self, lines: Iterable[KwicLine]) -> Iterator[str]:
        """The lines as RFC 4180 CSV (a header, then CRLF rows as `export --format csv` writes them), one at a time."""
        table = io.StringIO(newline="")
        writer = csv.writer(table)
        writer.writerow(CSV_COLUMNS)
        for line in lines:
            record = self.record(line)
            writer.writerow(["" if record[name] is None else record[name] for name in CSV_COLUMNS])
            yield table.getvalue()
            table.seek(0)
            table.truncate()
        yield table.getvalue()


def _words(text: str) -> list[str]:
    return text.casefold().split()


def sorted_lines(lines: Iterable[KwicLine], order: KwicSort) -> Iterator[KwicLine]:
    """`lines` (in date order) in `order`: `left` by the words before the match read outwards from it, `right`
    by the words after it, `source` by source (unnamed last); ties keep date order. All but `date` read every
    line first."""
    if order == "date":
        yield from lines
    elif order == "left":
        yield from sorted(lines, key=lambda line: (_words(line.left)[::-1], line.match.casefold()))
    elif order == "right":
        yield from sorted(lines, key=lambda line: (_words(line.right), line.match.casefold()))
    else:
        yield from sorted(lines, key=lambda line: (line.source is None, (line.source or "").casefold()))


def write_lines(lines: Iterable[KwicLine], export_format: KwicFormat, path: Path, width: int) -> int:
    """Write `lines` to the file `path` as CSV or as text lines `width` cells wide; how many were written."""
    layout = Layout(width)
    written = 0

    def counted() -> Iterator[KwicLine]:
        nonlocal written
        for line in lines:
            written += 1
            yield line

    with path.open("w", encoding="utf-8", newline="") as out:
        out.writelines(layout.csv(counted()) if export_format == "csv" else layout.text(counted()))
    return written
