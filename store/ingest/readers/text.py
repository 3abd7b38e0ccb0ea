"""Raw article bytes to a `ParsedArticle`: the pure heart of import and reparse.

The parser reads a page scrape the way a person does. Above the title sits site furniture (banners,
promotions, image-alt lines), which is skipped; the first real line is the title. Under the title may stand a
source line, a byline with its agency line, or a date. Below the article sit a copyright notice, a credit line
and more furniture, read from the bottom up. What is left is the body; its first paragraph may open with a
dateline (place, date, source), which is read and cut off. Nothing here knows any one site's wording: each
kind of line is recognised by shape in `boilerplate`, datelines in `dateline`, dates in `dates`.

Work is bounded on hostile input: header and footer scans look at a fixed number of lines, every line test
checks length first, and dates are only looked for in those places, so a 10 MB single-line file parses in
linear time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from store.errors import ParseError
from store.ingest import boilerplate
from store.ingest.dateline import read_dateline
from store.ingest.dates import date_line, read_date
from store.ingest.decode import clean_text, decode_text
from store.ingest.readers import Reader, Sample, whole_file
from store.model import ParsedArticle

_HEADER_LINES = 12
"""Non-blank lines looked at above the title and again below it."""

_TRAILER_LINES = 12
"""Non-blank lines looked at above the end of the file."""

_HEADLINE_CANDIDATES = 3
"""Short lines above the article weighed as its headline (the rest are taglines and skip links)."""

_OUTLET_WORDS = 4
"""An outlet's name is short (`Voice of America`); a headline rarely is."""

_HEADLINE_MAX = 160
"""Longer lines are taken for text when deciding whether a tagline stands above a headline."""

_BODY_LINE = 80
"""A line longer than this is a paragraph of text, never a headline, tagline or source line."""

_TITLE_MAX = 300
"""A longer first line is a paragraph, not a headline: the title is cut from it and it stays in the body."""

_DATELINE_SOURCE, _HEADER_SOURCE, _CREDIT_SOURCE, _BANNER_SOURCE = range(4)
"""Where a source was read, best first: dateline, then a source line, a closing credit, an alt-text banner."""


@dataclass
class _Found:
    """What the header and trailer scans collect besides the body."""

    sources: list[tuple[int, str]] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    site: str | None = None
    byline: str | None = None
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

    def best_source(self) -> str | None:
        return min(self.sources, key=lambda ranked: ranked[0])[1] if self.sources else None


def parse_article(raw: bytes) -> ParsedArticle:
    """Read one raw article file.

    Raises `ParseError` and nothing else, with one of the reasons "empty file", "binary file", "not
    decodable as text" (from `decode_text`) or "no title found" (every line is site furniture).
    """
    text = clean_text(decode_text(raw))
    lines = [line.strip() for line in text.split("\n")]
    if not any(lines):
        raise ParseError("empty file")
    found = _Found()
    start = _skip_header(lines, 0, found)
    if start == len(lines):
        raise ParseError("no title found")
    start = _headline(lines, start, found)
    title, overflow = _title(lines[start])
    start = _read_under_title(lines, start + 1, found)
    end = _read_trailer(lines, start, found)
    paragraphs = ([overflow] if overflow else []) + _paragraphs(lines[start:end], found)
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
        location=location,
        headings=_headings(paragraphs),
        copyright=found.copyright,
    )


def _title(line: str) -> tuple[str, str | None]:
    """The headline, and the line itself when it is too long to be one and must stay in the body."""
    if len(line) <= _TITLE_MAX:
        return line, None
    cut = line[:_TITLE_MAX].rsplit(" ", 1)[0]
    return f"{cut}…", line


def _skip_header(lines: list[str], index: int, found: _Found) -> int:
    """Index of the title: the first line that is not furniture, a promotion or a date line."""
    seen = 0
    while index < len(lines) and seen < _HEADER_LINES:
        line = lines[index]
        if line:
            seen += 1
            if boilerplate.is_furniture(line) or boilerplate.is_promo(line):
                found.furniture(line)
            elif not _took_date_line(line, found):
                return index
        index += 1
    return index


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
    words = line.split()
    named = len(words) == 1 or boilerplate.is_organisation(line) or line.isupper()
    is_outlet = len(words) <= _OUTLET_WORDS and named and boilerplate.is_source_like(line)
    return not is_outlet and len(line) <= _HEADLINE_MAX and not boilerplate.ends_sentence(line)


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
        person = boilerplate.byline(line) if line else None
        if person:
            found.person(*person, rank=_HEADER_SOURCE)
            if index + 1 < len(lines) and boilerplate.is_source_like(lines[index + 1]):
                index += 1
                found.sources.append((_HEADER_SOURCE, lines[index]))
        elif line and not _took_header_line(line, found, _next_line(lines, index)):
            return index
        seen += bool(line)
        index += 1
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
    if _took_date_line(line, found):
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
            elif not _took_date_line(line, found):
                return end
        end -= 1
    return end


def _took_date_line(line: str, found: _Found) -> bool:
    date_text = date_line(line)
    if date_text:
        found.dates.append(date_text)
    return date_text is not None


def _paragraphs(lines: list[str], found: _Found) -> list[str]:
    """Body lines to paragraphs: blank-line blocks, then one paragraph per line unless a block is wrapped."""
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line and boilerplate.is_furniture(line):
            found.furniture(line)
        elif line:
            block.append(line)
        elif block:
            paragraphs.extend(_join_block(block))
            block = []
    return paragraphs


def _join_block(block: list[str]) -> list[str]:
    """Split a block of lines into paragraphs.

    A block whose lines all run on (no sentence end, no heading) is one hard-wrapped paragraph; otherwise each
    line is a paragraph, except that a line continuing in lower case or with "(" joins the one before.
    """
    wrapped = not any(boilerplate.ends_sentence(line) or boilerplate.is_heading_like(line) for line in block[:-1])
    if wrapped:
        return [" ".join(block)]
    groups = [[block[0]]]
    for previous, line in pairwise(block):
        runs_on = not boilerplate.ends_sentence(previous) and not boilerplate.is_heading_like(previous)
        if runs_on and (line[0].islower() or line[0] == "("):
            groups[-1].append(line)
        else:
            groups.append([line])
    return [" ".join(group) for group in groups]


def _apply_dateline(paragraphs: list[str], found: _Found) -> tuple[str | None, str | None]:
    """Cut the dateline off the first paragraph; its place and date text, recording its source."""
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


def _headings(paragraphs: list[str]) -> tuple[str, ...]:
    """Sub-headings: heading-shaped paragraphs standing alone between two ordinary paragraphs."""
    shaped = [boilerplate.is_heading_like(paragraph) for paragraph in paragraphs]
    return tuple(
        paragraphs[index]
        for index in range(1, len(paragraphs) - 1)
        if shaped[index] and not shaped[index - 1] and not shaped[index + 1]
    )


def _claims(sample: Sample) -> bool:
    """Plain text is what every file that decodes is, when no more specific format claims it."""
    return sample.text is not None


READER = Reader(name="text", claims=_claims, split=whole_file, parse=parse_article)
