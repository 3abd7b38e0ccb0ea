"""Raw article bytes to a `ParsedArticle`: the pure heart of import and reparse.

The parser reads a page scrape or a wire printout the way a person does. Above the title sits site furniture
(banners, promotions, image-alt lines), a date line (`3-MAR-1987 09:18:21.26`), wire handling tags (`CORRECTED`)
or the name of the service a reprint comes from (`Reuters`, `dpa`), which are read and skipped; the first real
line is the title, less any tag prefixed to it (`UPDATE 2-`). Under the title may stand a source line, a byline
block (name, role, agency, place, date: `text_byline`), or a date. Below the article sit a copyright notice, a
credit line, a service's sign-off and more furniture, read from the bottom up. What is left is the body, whose
lines are joined into paragraphs (`text_paragraphs`: one per line, blank-line blocks, or hard-wrapped with
indented paragraphs); its first paragraph may open with a dateline (place, date, source), which is read and cut
off. Nothing here knows any one site's wording: each kind of line is recognised by shape in `boilerplate`,
datelines in `dateline`, dates in `dates`.

Work is bounded on hostile input: header and footer scans look at a fixed number of lines, every line test
checks length first, and dates are only looked for in those places, so a 10 MB single-line file parses in
linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from store.errors import ParseError
from store.ingest import boilerplate
from store.ingest.dateline import read_dateline
from store.ingest.dates import date_line, read_date
from store.ingest.decode import clean_text, decode_text
from store.ingest.readers import Reader, Sample, whole_file
from store.ingest.readers.text_byline import BylineBlock, is_place_line, read_byline_block
from store.ingest.readers.text_paragraphs import paragraphs as join_paragraphs
from store.model import ParsedArticle

_HEADER_LINES = 12
"""Non-blank lines looked at above the title and again below it."""

_TRAILER_LINES = 12
"""Non-blank lines looked at above the end of the file."""

_HEADLINE_CANDIDATES = 3
"""Short lines above the article weighed as its headline (the rest are taglines and skip links)."""

_HEADLINE_MAX = 160
"""Longer lines are taken for text when deciding whether a tagline stands above a headline."""

_BODY_LINE = 80
"""A line longer than this is a paragraph of text, never a headline, tagline or source line."""

_TITLE_MAX = 300
"""A longer first line is a paragraph, not a headline: the title is cut from it and it stays in the body."""

_LEADING_TABS = re.compile(r"^\t+", re.MULTILINE)

_DATELINE_SOURCE, _HEADER_SOURCE, _CREDIT_SOURCE, _BANNER_SOURCE = range(4)
"""Where a source was read, best first: dateline, then a source line, a closing credit, an alt-text banner."""


@dataclass
class _Found:
    """What the header and trailer scans collect besides the body."""

    sources: list[tuple[int, str]] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    site: str | None = None
    byline: str | None = None
    location: str | None = None
    section: str | None = None
    copyright: str | None = None

    def furniture(self, line: str) -> None:
        self.site = self.site or boilerplate.site_name(line)
        banner_source = boilerplate.alt_text_source(line)
        if banner_source:
            self.sources.append((_BANNER_SOURCE, banner_source))

    def person(self, name: str, organisation: str | None, rank: int) -> None:
        """A byline or credit: a person's name is the byline, an outlet's (`Story by DoD News`) a source."""
        if boilerplate.is_organisation(name):
            self.sources.append((rank, name))
        else:
            self.byline = self.byline or name
        if organisation:
            self.sources.append((rank, organisation))

    def byline_block(self, block: BylineBlock) -> None:
        """A byline block under the title: the name with its roles, and the block's place, outlets and dates."""
        self.person(block.name, block.organisation, rank=_HEADER_SOURCE)
        if self.byline == block.name and block.roles:
            self.byline = ", ".join([block.name, *block.roles])
        self.location = self.location or block.location
        self.sources.extend((_HEADER_SOURCE, source) for source in block.sources)
        self.dates.extend(block.dates)

    def best_source(self) -> str | None:
        return min(self.sources, key=lambda ranked: ranked[0])[1] if self.sources else None


def parse_article(raw: bytes) -> ParsedArticle:
    """Read one raw article file.

    Raises `ParseError` and nothing else, with one of the reasons "empty file", "binary file", "not
    decodable as text" (from `decode_text`) or "no title found" (every line is site furniture).
    """
    text = clean_text(_indent_tabs(decode_text(raw)))
    printed = text.split("\n")
    lines = [line.strip() for line in printed]
    if not any(lines):
        raise ParseError("empty file")
    found = _Found()
    start = _skip_header(lines, 0, found)
    if start == len(lines):
        raise ParseError("no title found")
    start = _headline(lines, _line_above_headline(lines, start, found), found)
    title, overflow = _title(boilerplate.strip_wire_tags(lines[start]))
    start = _read_under_title(lines, start + 1, found)
    end = _read_trailer(lines, start, found)
    paragraphs = ([overflow] if overflow else []) + _paragraphs(printed[start:end], lines[start:end], found)
    location, dateline_date = _apply_dateline(paragraphs, found)
    date, date_text = _date_fields(([dateline_date] if dateline_date else []) + found.dates, text)
    return ParsedArticle(
        title=title,
        body="\n\n".join(paragraphs),
        date=date,
        date_text=date_text,
        source=found.best_source(),
        site=found.site,
        byline=found.byline,
        location=location or found.location,
        headings=boilerplate.lone_headings(paragraphs),
        copyright=found.copyright,
        section=found.section,
    )


def _indent_tabs(text: str) -> str:
    """Tabs that indent a line as spaces, since `clean_text` makes every tab one space and an indent marks a
    paragraph."""
    return _LEADING_TABS.sub(lambda tabs: " " * 4 * len(tabs[0]), text) if "\t" in text else text


def _title(line: str) -> tuple[str, str | None]:
    """The headline, and the line itself when it is too long to be one and must stay in the body."""
    if len(line) <= _TITLE_MAX:
        return line, None
    cut = line[:_TITLE_MAX].rsplit(" ", 1)[0]
    return f"{cut}…", line


def _skip_header(lines: list[str], index: int, found: _Found) -> int:
    """Index of the title: the first line that is not furniture, a promotion, a wire tag or a date line."""
    seen = 0
    while index < len(lines) and seen < _HEADER_LINES:
        line = lines[index]
        if line:
            seen += 1
            if boilerplate.is_furniture(line) or boilerplate.is_promo(line):
                found.furniture(line)
            elif boilerplate.is_wire_tag(line):
                pass
            elif not _took_date_line(line, found):
                return index
        index += 1
    return index


def _line_above_headline(lines: list[str], index: int, found: _Found) -> int:
    """Index of the headline when `lines[index]` is the service's name or the section set above it, else `index`.

    Reprint sites set the originating service's name on its own line above the headline (`Reuters`, `Associated
    Press`, `dpa`). A short outlet-shaped line is taken for one when a headline follows it and the article then
    states what a service's story states: a byline, a date line, or a dateline opening the text. A known
    agency's name needs only the headline and the article after it. A section's name (`Business`, `World`) has
    the same shape and place; it is the section, not the source.
    """
    line = lines[index]
    section = boilerplate.is_section_name(line)
    if not section and not boilerplate.is_outlet_name(line):
        return index
    headline = _skip_header(lines, index + 1, _Found())
    if headline >= len(lines) or not _may_be_headline(lines[headline]) or boilerplate.byline(lines[headline]):
        return index
    under = _Found()
    body = _read_under_title(lines, headline + 1, under)
    stated = under.byline or under.dates or (body < len(lines) and read_dateline(lines[body]) is not None)
    if not stated and not ((section or boilerplate.is_known_service(line)) and _followed_by_body(lines, headline)):
        return index
    if section:
        found.section = line
    else:
        found.sources.append((_HEADER_SOURCE, line))
    return _skip_header(lines, index + 1, found)


def _headline(lines: list[str], first: int, found: _Found) -> int:
    """Index of the headline: the first plausible line, unless it is a site tagline the headline follows.

    Taglines above a headline ("ReliefWeb - Serving the humanitarian community", "Field Rations Sampler -
    Ships This Week!") come in wordings no rule can list, but they have a tagline's shape (a name, a spaced
    dash or bar, a slogan; or an exclamation) and the next line is a headline the article follows. A
    tagline-shaped line is passed over (as furniture) only then, and not when the next line is an outlet's
    name: `Iraq - The Road Ahead` over `Voice of America` is a headline and its source line.
    """
    candidate = first
    for _ in range(_HEADLINE_CANDIDATES):
        if not boilerplate.is_tagline(lines[candidate]):
            break
        following = _skip_header(lines, candidate + 1, _Found())
        if following >= len(lines) or not _may_be_headline(lines[following]) or not _followed_by_body(lines, following):
            break
        found.furniture(lines[candidate])
        candidate = _skip_header(lines, candidate + 1, found)
    return candidate


def _may_be_headline(line: str) -> bool:
    """Short enough, not a sentence, and not an outlet's name (`Voice of America`, `Xinhua`, `IRNA`)."""
    return not boilerplate.is_outlet_name(line) and len(line) <= _HEADLINE_MAX and not boilerplate.ends_sentence(line)


def _followed_by_body(lines: list[str], index: int) -> bool:
    after = _read_under_title(lines, index + 1, _Found())
    return after >= len(lines) or _opens_body(lines[after])


def _opens_body(line: str) -> bool:
    """A line that can only be article text: a long paragraph or a complete sentence."""
    return len(line) > _BODY_LINE or boilerplate.ends_sentence(line)


def _read_under_title(lines: list[str], index: int, found: _Found) -> int:
    """Read source, byline, agency, date and furniture lines under the title; index of the first body line."""
    seen = 0
    while index < len(lines) and seen < _HEADER_LINES:
        line = lines[index]
        block = read_byline_block(lines, index) if line else None
        if block:
            found.byline_block(block)
            index = block.end
        elif line and not _took_header_line(line, found, _next_line(lines, index)):
            return index
        else:
            index += 1
        seen += bool(line)
    return index


def _next_line(lines: list[str], index: int) -> str:
    return next((line for line in lines[index + 1 : index + 4] if line), "")


def _took_header_line(line: str, found: _Found, next_line: str) -> bool:
    """Record `line` if it is one of the lines that may stand between title and body.

    A bare name (`Xinhua`) counts as a source line only when article text or a byline or date follows it; a
    sports preview's `Headingley` above `Friday, 25 February` is part of the text.
    """
    if boilerplate.is_furniture(line) or boilerplate.is_promo(line):
        found.furniture(line)
        return True
    if boilerplate.is_copyright(line):
        found.copyright = found.copyright or line
        return True
    if _took_date_line(line, found) or boilerplate.is_wire_tag(line):
        return True
    if line.isupper() and found.location is None and is_place_line(line, next_line):
        found.location = line
        return True
    source = boilerplate.from_source(line) or (line if _is_source_line(line, next_line) else None)
    if source:
        found.sources.append((_HEADER_SOURCE, source))
        return True
    return False


def _is_source_line(line: str, next_line: str) -> bool:
    if not boilerplate.is_source_like(line) or any(char.isdigit() for char in line):
        return False
    return (
        len(next_line) > 80
        or boilerplate.ends_sentence(next_line)
        or boilerplate.byline(next_line) is not None
        or date_line(next_line) is not None
    )


def _read_trailer(lines: list[str], start: int, found: _Found) -> int:
    """Read copyright, credit, date and furniture lines from the bottom up; index just past the body."""
    end, seen = len(lines), 0
    while end > start and seen < _TRAILER_LINES:
        line = lines[end - 1]
        if line:
            seen += 1
            credit = boilerplate.credit(line)
            if boilerplate.is_furniture(line) or boilerplate.is_promo(line):
                found.furniture(line)
            elif boilerplate.is_copyright(line):
                found.copyright = line
            elif credit:
                found.person(*credit, rank=_CREDIT_SOURCE)
            elif boilerplate.is_known_service(line):
                found.sources.append((_CREDIT_SOURCE, line.strip("() ")))
            elif not _took_date_line(line, found):
                return end
        end -= 1
    return end


def _took_date_line(line: str, found: _Found) -> bool:
    date_text = date_line(line)
    if date_text:
        found.dates.append(date_text)
    return date_text is not None


def _paragraphs(printed: list[str], lines: list[str], found: _Found) -> list[str]:
    """Body lines (as printed, and stripped) to paragraphs, furniture lines among them recorded and dropped."""
    paragraphs, furniture = join_paragraphs(printed, lines)
    for line in furniture:
        found.furniture(line)
    return paragraphs


def _apply_dateline(paragraphs: list[str], found: _Found) -> tuple[str | None, str | None]:
    """Cut the dateline (and any wire tag before it) off the first paragraph; its place and date text, recording
    its source."""
    if paragraphs:
        paragraphs[0] = boilerplate.strip_wire_tags(paragraphs[0])
    dateline = read_dateline(paragraphs[0]) if paragraphs else None
    if dateline is None:
        return None, None
    if dateline.source:
        found.sources.append((_DATELINE_SOURCE, dateline.source))
    if dateline.rest:
        paragraphs[0] = dateline.rest
    else:
        del paragraphs[0]
    return dateline.place, dateline.date_text


def _date_fields(candidates: list[str], text: str) -> tuple[str | None, str | None]:
    """`date` and `date_text` from the first candidate that is a full date; both None when none is."""
    for candidate in candidates:
        reading = read_date(candidate, text)
        if reading:
            return reading.iso, reading.text
    return None, None


def _claims(sample: Sample) -> bool:
    """Plain text is what every file that decodes is, when no more specific format claims it."""
    return sample.text is not None


READER = Reader(name="text", claims=_claims, split=whole_file, parse=parse_article)
