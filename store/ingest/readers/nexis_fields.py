"""One article of a LexisNexis or Nexis Uni export, read from its paragraphs: shared by the text and Word readers.

Both services print an article the same way, in one of two orders. The classic LexisNexis layout (TXT exports,
`N of M DOCUMENTS` above each article) puts the publication first, then the date line with any edition lines,
then the headline. Nexis Uni (Word exports, and text saved from them) puts the headline first, then the
publication, then the date line. Then both print labelled lines (`BYLINE:`, `SECTION:`, `LENGTH:` in capitals in
the classic layout; `Byline:`, `Section:`, `Length:` in Nexis Uni), the body (Nexis Uni opens it with a line
`Body`), more labelled lines (`LOAD-DATE:`, `LANGUAGE:`, `Load-Date:` ...), and a copyright notice at the top or
the bottom. Labels are the services' closed vocabulary, so a body paragraph that opens with a word and a colon
(`Jobs: More than 1.5 million ...`) is not taken for one.

The publication date is the one on the date line, the header line that opens with a full date (`January 11,
2010 Monday`, `May 2, 2002, Thursday,, FINAL EDITION`, `April 6, 2018 Friday 00:20 EST`). `LOAD-DATE` is when
the database loaded the article and is never used as the publication date, not even when the date line is
missing.

The input is the article as blocks, each block one paragraph as its lines: the text reader makes them from
blank-line separated text, the Word reader from the document's paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from store.errors import ParseError
from store.ingest import boilerplate
from store.ingest.dateline import read_dateline
from store.ingest.dates import LOOSE_NAMED_DATE
from store.ingest.readers.export_dates import find_date
from store.model import ParsedArticle

END_OF_DOCUMENT = "End of Document"
"""The line Nexis Uni closes every article with."""

BODY_MARKER = "Body"
"""The line Nexis Uni prints above an article's text."""

_SECTIONS_AFTER_BODY = frozenset({"Graphic", "Classification", "Correction"})
"""The lines Nexis Uni prints above what follows the text: picture captions, index terms, corrections."""

LABELS = frozenset(
    {
        *("BYLINE", "AUTHOR", "SECTION", "LENGTH", "DATELINE", "HIGHLIGHT", "HEADLINE", "BODY", "EDITION"),
        *("SERIES", "DISTRIBUTION", "TYPE", "COLUMN", "LOAD-DATE", "LANGUAGE", "PUBLICATION-TYPE"),
        *("JOURNAL-CODE", "DOCUMENT-TYPE", "GRAPHIC", "CORRECTION-DATE", "CORRECTION", "NOTES", "URL", "SUBJECT"),
        *("ORGANIZATION", "PERSON", "GEOGRAPHIC", "COMPANY", "TICKER", "INDUSTRY", "CITY", "STATE", "COUNTRY"),
        *("ACC-NO", "DESCRIPTOR", "ORIGINAL-DATE"),
    }
)
"""Labels either service prints, upper-case with hyphens for spaces (`Journal Code:` is `JOURNAL-CODE`)."""

_BODY_ENDS_AT = frozenset(
    {"LOAD-DATE", "LANGUAGE", "PUBLICATION-TYPE", "JOURNAL-CODE", "DOCUMENT-TYPE", "CORRECTION-DATE", "ACC-NO"}
)
"""Labels printed only after the text: the first of them ends the body wherever it stands."""

_LABEL = re.compile(r"(?P<label>[A-Za-z][A-Za-z/]*(?:[- ][A-Za-z]+){0,2})\s*:(?:\s+(?P<value>.*)|$)", re.DOTALL)

_DATE_LINE_MAX = 150
"""A date line with its edition (`January 11, 2018 Thursday, Late Edition - Final`) is short."""
_AFTER_DATE = re.compile(r"(?:[\s,;].*)?", re.DOTALL)
"""What may follow the date on a date line: nothing, or an edition after a space, comma or semicolon."""

_TRAILING_DATE = re.compile(rf",?\s*{LOOSE_NAMED_DATE}\s*$")

_COVER_LINE = re.compile(
    r"(?:User Name|Date and Time|Job Number|Client/Matter|Search Terms|Search Type|Narrowed by)\s*:.*"
    r"|Documents\s*\(\d+\)",
    re.IGNORECASE,
)
"""The lines of Nexis Uni's cover page (who downloaded what, when), which stand before the first article."""

_BY = re.compile(r"[\s;,]*(?:by\s+)?", re.IGNORECASE)
_ADDRESS = re.compile(r"https?://[^\s/]+(?P<path>/\S*)?")

_OPENERS = "\"'\u201c\u2018-*"
"""Characters a new sentence or list item may open with."""

_WRAPPED_MIN_LINES = 5
_WRAPPED_LINE_MAX = 90
"""Lines of a hard-wrapped printout are at most about this long."""


class Layout(Enum):
    """The order an export prints an article's header in."""

    CLASSIC = "classic"
    """LexisNexis: publication, date line (and edition lines), then the headline."""
    UNI = "uni"
    """Nexis Uni: headline, publication, date line."""


@dataclass
class _Header:
    """What the lines above the labels say."""

    title: str | None = None
    source: str | None = None
    date_text: str | None = None
    date: str | None = None
    copyright: str | None = None


@dataclass
class _Labels:
    """The first value of every label outside the body."""

    values: dict[str, str] = field(default_factory=dict)
    copyright: str | None = None

    def get(self, *names: str) -> str | None:
        return next((self.values[name] for name in names if self.values.get(name)), None)


def read_article(blocks: Sequence[Sequence[str]], layout: Layout) -> ParsedArticle:
    """Read one article's blocks; `ParseError` when they hold neither a headline nor any text."""
    cleaned = _clean_blocks(blocks)
    header_end, body_start, body_end = _zones(cleaned, layout)
    header = _read_header(cleaned[:header_end], layout)
    labels = _read_labels(cleaned[header_end:body_start] + cleaned[body_end:])
    paragraphs = _paragraphs(cleaned[body_start:body_end])
    address = _take_address(paragraphs)
    title = header.title or labels.get("HEADLINE") or boilerplate.opening_as_title(paragraphs)
    if not title:
        raise ParseError("no headline and no text in this article")
    location = _cut_dateline(paragraphs) or _place(labels.get("DATELINE"))
    return ParsedArticle(
        title=title,
        body="\n\n".join(paragraphs),
        date=header.date,
        date_text=header.date_text,
        source=header.source,
        byline=_byline(labels.get("BYLINE", "AUTHOR")),
        location=location,
        headings=boilerplate.lone_headings(paragraphs),
        copyright=header.copyright or labels.copyright,
        language=labels.get("LANGUAGE"),
        section=_section(labels.get("SECTION")),
        url=labels.get("URL") or address,
    )


def label(line: str) -> tuple[str, str] | None:
    """(LABEL, value) when `line` opens with one of the exports' labels, written in capitals or capitalised."""
    match = _LABEL.match(line) if len(line) > 1 and line[0].isupper() else None
    if not match:
        return None
    written = match["label"]
    name = written.upper().replace(" ", "-")
    if name not in LABELS or not (written.isupper() or written[0].isupper()):
        return None
    return name, " ".join((match["value"] or "").split())


def date_line(line: str) -> tuple[str, str | None] | None:
    """The date a date line opens with, as written (with weekday and time) and in ISO form when it reads.

    The rest of the line may only be an edition (`, Late Edition - Final`), so a headline that merely starts
    with a date (`March 3, 2008: the day ...`) is no date line. Dates are read by `export_dates`, which knows
    the interface languages the databases print them in.
    """
    found = find_date(line) if len(line) <= _DATE_LINE_MAX else None
    if found is None or found.start != 0 or not _AFTER_DATE.fullmatch(line[found.end :]):
        return None
    return found.text, found.iso


def is_cover_line(line: str) -> bool:
    """A line of Nexis Uni's cover page or results list."""
    return _COVER_LINE.fullmatch(line) is not None


def _clean_blocks(blocks: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    """Lines stripped and blank ones dropped; `End of Document` dropped; `BODY: text` made a marker and text."""
    cleaned: list[tuple[str, ...]] = []
    for block in blocks:
        lines = tuple(" ".join(line.split()) for line in block if line.strip())
        if not lines or lines == (END_OF_DOCUMENT,):
            continue
        labelled = label(lines[0])
        if labelled and labelled[0] == "BODY":
            cleaned.append((BODY_MARKER,))
            lines = ((labelled[1],) if labelled[1] else ()) + lines[1:]
        if lines:
            cleaned.append(lines)
    return cleaned


def _is_label(block: tuple[str, ...]) -> bool:
    return label(block[0]) is not None


def _is_copyright(block: tuple[str, ...]) -> bool:
    return boilerplate.is_copyright(block[0])


def _zones(blocks: list[tuple[str, ...]], layout: Layout) -> tuple[int, int, int]:
    """Where the header ends and the body starts and ends, as block indexes.

    The header runs to the first label (or `Body`), and Nexis Uni's first block is the headline even when it
    reads like a label (`Correction: ...`); the body starts after `Body`, else after the labels."""
    count = len(blocks)
    first = 1 if layout is Layout.UNI else 0
    header_end = next((i for i in range(first, count) if _is_label(blocks[i]) or blocks[i] == (BODY_MARKER,)), count)
    marker = next((i for i in range(header_end, count) if blocks[i] == (BODY_MARKER,)), None)
    if marker is not None:
        body_start = marker + 1
    else:
        body_start = next(
            (i for i in range(header_end, count) if not _is_label(blocks[i]) and not _is_copyright(blocks[i])), count
        )
    return header_end, body_start, _body_end(blocks, body_start)


def _body_end(blocks: list[tuple[str, ...]], start: int) -> int:
    """The first block after the text: a section line, a label only printed after the text, or the start of the
    run of labels and copyright lines that closes the article."""
    for index in range(start, len(blocks)):
        block = blocks[index]
        labelled = label(block[0])
        if (len(block) == 1 and block[0] in _SECTIONS_AFTER_BODY) or (labelled and labelled[0] in _BODY_ENDS_AT):
            return index
    end = len(blocks)
    while end > start and (_is_label(blocks[end - 1]) or _is_copyright(blocks[end - 1])):
        end -= 1
    return end


def _read_header(blocks: list[tuple[str, ...]], layout: Layout) -> _Header:
    """Headline, publication, date line and copyright from the blocks above the labels."""
    header = _Header()
    kept: list[tuple[str, ...]] = []
    for block in blocks:
        if _is_copyright(block):
            header.copyright = header.copyright or " ".join(block)
        elif any(is_cover_line(line) for line in block):
            kept.clear()
        else:
            kept.append(block)
    if layout is Layout.CLASSIC:
        _read_classic_header(kept, header)
    else:
        _read_uni_header(kept, header)
    return header


def _read_classic_header(blocks: list[tuple[str, ...]], header: _Header) -> None:
    """Publication on the line above the date line, headline in the block after the date line's block."""
    lines = [(index, line) for index, block in enumerate(blocks) for line in block]
    dated = next(((position, index) for position, (index, line) in enumerate(lines) if date_line(line)), None)
    if dated is None:
        if lines:
            header.source = lines[0][1]
        title_block = (lines[0][0] + 1) if lines else len(blocks)
    else:
        position, date_block = dated
        header.date_text, header.date = date_line(lines[position][1]) or (None, None)
        header.source = lines[position - 1][1] if position > 0 else None
        title_block = date_block + 1
    if title_block < len(blocks):
        header.title = " ".join(blocks[title_block])


def _read_uni_header(blocks: list[tuple[str, ...]], header: _Header) -> None:
    """Headline first, then the publication, then the date line.

    The headline is the first block, unless the date line stands in it: then the block is the header's lines
    run together (text saved from Word puts no blank line between them) and the headline is its first line.
    A date line printed above the headline is read where it stands.
    """
    if not blocks:
        return
    if date_line(blocks[0][0]) and len(blocks) > 1:
        blocks = [blocks[1], blocks[0], *blocks[2:]]
    dated_at = next((index for index, line in enumerate(blocks[0]) if date_line(line)), None)
    title_lines = 1 if dated_at else len(blocks[0])
    lines = [line for block in blocks for line in block]
    header.title = " ".join(lines[:title_lines])
    rest = lines[title_lines:]
    dated = next((line for line in rest if date_line(line)), None)
    if dated:
        header.date_text, header.date = date_line(dated) or (None, None)
    if rest and date_line(rest[0]) is None:
        header.source = rest[0]


def _read_labels(blocks: list[tuple[str, ...]]) -> _Labels:
    """Each label's first value (a classic label's value runs on over the lines of its block)."""
    labels = _Labels()
    for block in blocks:
        labelled = label(block[0])
        if labelled:
            name, value = labelled
            labels.values.setdefault(name, " ".join((value, *block[1:])).strip())
        elif _is_copyright(block):
            labels.copyright = labels.copyright or " ".join(block)
    return labels


def _paragraphs(blocks: list[tuple[str, ...]]) -> list[str]:
    """One paragraph per block, its lines joined, then rejoined where a Word export kept an old article's
    hard-wrapped lines as paragraphs: a paragraph cut mid-sentence is continued by the next one when that starts
    in lower case, or whatever it starts with when most paragraphs of the article are cut like that."""
    paragraphs = [" ".join(block) for block in blocks]
    wrapped = _is_hard_wrapped(paragraphs)
    joined: list[str] = []
    for paragraph in paragraphs:
        if joined and _continues(joined[-1], paragraph, wrapped=wrapped):
            joined[-1] = f"{joined[-1]} {paragraph}"
        else:
            joined.append(paragraph)
    return joined


def _continues(previous: str, paragraph: str, *, wrapped: bool) -> bool:
    """Whether `paragraph` goes on with the sentence `previous` was cut in (never after a sub-heading, and a
    bare web address stands alone)."""
    if _ADDRESS.fullmatch(paragraph) or (previous[0].isupper() and boilerplate.is_heading_like(previous)):
        return False
    starts_low = not paragraph[0].isupper() and not paragraph[0].isdigit() and paragraph[0] not in _OPENERS
    if boilerplate.ends_sentence(previous):
        return wrapped and starts_low
    return wrapped or (starts_low and paragraph[0].isalpha())


def _is_hard_wrapped(paragraphs: list[str]) -> bool:
    """Mostly short lines, most of them ending mid-sentence: a printout's lines, not paragraphs."""
    if len(paragraphs) < _WRAPPED_MIN_LINES:
        return False
    short = sum(len(paragraph) <= _WRAPPED_LINE_MAX for paragraph in paragraphs)
    cut = sum(not boilerplate.ends_sentence(paragraph) for paragraph in paragraphs)
    return short >= 0.8 * len(paragraphs) and cut > len(paragraphs) / 2


def _take_address(paragraphs: list[str]) -> str | None:
    """A bare web address closing the text is the export's link to the article, not text: it is taken out, and
    is the article's address when it names a page rather than a site's front page."""
    match = _ADDRESS.fullmatch(paragraphs[-1]) if paragraphs else None
    if not match:
        return None
    del paragraphs[-1]
    return match.group() if (match["path"] or "").strip("/") else None


def _cut_dateline(paragraphs: list[str]) -> str | None:
    """The place of the dateline opening the text, which is cut off the first paragraph."""
    dateline = read_dateline(paragraphs[0]) if paragraphs else None
    if dateline is None or not dateline.place:
        return None
    if dateline.rest.strip():
        paragraphs[0] = dateline.rest.strip()
    else:
        del paragraphs[0]
    return dateline.place


def _place(dateline: str | None) -> str | None:
    """The place of a `DATELINE:` label's value: `WASHINGTON, Sept. 4` is WASHINGTON."""
    if not dateline:
        return None
    return _TRAILING_DATE.sub("", dateline).strip(" ,") or None


def _byline(value: str | None) -> str | None:
    """The author line without its `By`."""
    if not value:
        return None
    match = _BY.match(value)
    return value[match.end() if match else 0 :].strip(" ;,") or None


def _section(value: str | None) -> str | None:
    """The section as stated, without the dangling `;` some exports leave (`NEWS;`)."""
    stripped = value.strip(" ;") if value else ""
    return stripped or None
