"""The publication date a web page states, and only that.

A page states its publication date in a few well-known places, read here in order of how plainly they say
"published": the JSON-LD `datePublished` of the article (then of the page), the publication meta tags
(`article:published_time` and their kin), an element marked up as the publication time (`<time
itemprop="datePublished">`, `<time pubdate>`, hAtom's `published`), the dateline that opens the story
(`PRAGUE, March 3, 2008 (RFE/RL) --`, read by the caller), and last a dated path in the page's own address
(`/2019/03/04/`). Modification dates, copyright years, dates in sidebars and comments, and the day of reading
are never candidates; trafilatura's date (htmldate) is not used at all, because it guesses from whatever dates
the page contains when none is stated.

A stamp is read without shifting time zones: `2015-07-24T23:30-05:00` was published on the 24th where it was
written. Written-out and numeric forms go through `store.ingest.dates`, which leaves an ambiguous `04/03/2008`
unread rather than pick an order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from lxml import etree

from store.ingest.dates import date_line, read_date
from store.ingest.readers.export_html import HtmlElement
from store.ingest.readers.html_meta import PageFacts, clean, element_text

_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "published_time",
    "article:published",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish_date",
    "publish-date",
    "publication_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc:date.issued",
    "dcterms:issued",
    "citation_publication_date",
    "article_date_original",
    "cxenseparse:recs:publishtime",
    "date",
    "dc:date",
    "dcterms:date",
)
"""Meta tags that state the publication date, the explicit ones first; `date` and Dublin Core's `date` are
the publication date by convention (a page's modification has tags of its own)."""

_YEAR_FIRST = re.compile(
    r"\s*((?:19|20)\d\d)(?:([-/.])(\d{1,2})\2(\d{1,2})|(\d\d)(\d\d)|\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)(?!\d)"
)
"""`2019-03-04`, `2019/3/4`, `20190304`, `2019年3月4日` at the start of a stamp: year first is never ambiguous."""

_FOLLOWING_TEXT = etree.XPath(
    "following::text()[normalize-space()][not(parent::script or parent::style)][position() <= 6]"
)
"""The first lines of text after an element: the article's header, when the element is its headline."""

_HEADER_LINE_CHARS = 80
"""A longer line under the headline is the article's text: its header has ended."""

_REVISED = re.compile(r"\s*(?:last\s+)?(?:updated|modified|edited|revised)\b", re.IGNORECASE)

_TIME_ONLY = re.compile(r"\s*(?:\d{1,2}:\d\d(?::\d\d)?)?\s*")

_DATED_PATH = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?:/|$)")
"""`/2019/03/04/` in an address's path."""


@dataclass(frozen=True)
class StatedPage:
    """Where a page states its date: its facts, its tree (for the line under the headline), its headline and
    its own address."""

    facts: PageFacts
    root: HtmlElement
    title: str | None
    url: str | None


@dataclass(frozen=True)
class StatedDate:
    """A publication date: ISO day, the text the page wrote it as, and where the page wrote it."""

    iso: str
    text: str
    place: str
    """`json-ld`, `meta <name>`, `marked <tag>`, `dateline`, `under headline` or `address`."""


def stated_date(page: StatedPage, dateline: str | None, context: str) -> StatedDate | None:
    """The publication date the page states, best source first; None when it states none.

    `dateline` is the date text of the story's dateline; `context` is the article text, which settles the
    day/month order of a numeric date (`store.ingest.dates.read_date`).
    """
    for value, text, place in _candidates(page.facts, dateline):
        found = read_stamp(value, context)
        if found:
            return StatedDate(found, text or value, place)
    return _under_headline(page, context) or _from_path(page.url)


def _candidates(facts: PageFacts, dateline: str | None) -> Iterator[tuple[str, str | None, str]]:
    """(machine value, text as shown, place) in order of trust."""
    for item in [*facts.articles, *facts.pages]:
        value = clean(item.get("datePublished"))
        if value:
            yield value, None, "json-ld"
    for key in _PUBLISHED_META:
        for value in facts.meta.get(key, ()):
            yield value, None, f"meta {key}"
    for element in facts.published:
        if element.value:
            yield element.value, _shown(element.text, element.value), f"marked {element.tag}"
        if element.text:
            yield element.text, None, f"marked {element.tag}"
    if dateline:
        yield dateline, None, "dateline"


def _shown(text: str, value: str) -> str | None:
    """An element's visible text when it writes the same day as its machine value (`March 4, 2019`)."""
    if not text:
        return None
    shown, stamp = read_stamp(text, ""), read_stamp(value, "")
    return text if shown is not None and shown == stamp else None


def read_stamp(value: str, context: str) -> str | None:
    """The ISO day a stated stamp writes: year-first forms directly, others through `read_date`."""
    year_first = _YEAR_FIRST.match(value)
    if year_first:
        year, _, month, day, *others = year_first.groups()
        month = month or others[0] or others[2]
        day = day or others[1] or others[3]
        return _iso(int(year), int(month), int(day))
    written = date_line(value)
    if written is None:
        return None
    reading = read_date(written, context)
    return reading.iso if reading else None


def _under_headline(page: StatedPage, context: str) -> StatedDate | None:
    """A date printed on a line of its own just under the headline (`24 July 2015`, `2023-11-17 20:52`),
    where news pages print the day of publication; an `Updated` line is not it."""
    for heading in page.root.iter("h1"):
        if page.title and element_text(heading) == page.title:
            found = _header_date(heading, context)
            if found:
                return found
    return None


def _header_date(heading: HtmlElement, context: str) -> StatedDate | None:
    for node in _FOLLOWING_TEXT(heading):
        line = clean(str(node)) or ""
        if len(line) > _HEADER_LINE_CHARS:
            return None
        if _REVISED.match(line):
            continue
        found = _printed_stamp(line, context)
        if found:
            return StatedDate(found, line, "under headline")
    return None


def _printed_stamp(line: str, context: str) -> str | None:
    written = date_line(line)
    if written is not None:
        reading = read_date(written, context)
        return reading.iso if reading else None
    year_first = _YEAR_FIRST.match(line)
    if year_first and _TIME_ONLY.fullmatch(line[year_first.end() :]):
        return read_stamp(line, context)
    return None


def _from_path(url: str | None) -> StatedDate | None:
    found = _DATED_PATH.search(url or "")
    if found is None:
        return None
    iso = _iso(int(found[1]), int(found[2]), int(found[3]))
    return StatedDate(iso, found.group().strip("/"), "address") if iso else None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
