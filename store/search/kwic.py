"""A concordance (key word in context): every occurrence of a query's words in the matching articles, one line each.

What counts as an occurrence is exactly what the reader highlights: the spans `highlight.Highlighter` finds in a
body (stems for unquoted words, exact folded forms for quoted ones, whole phrases, proximity pairs), with
neighbouring matched words joined into one, so "missile defense" is one line, not two. Only bodies are read: an
article that matched by its title alone gives no line, as its body holds nothing to show.

Lines are made lazily, in the order of the search sorted by date (newest first, undated last; in one article by
position), so the first screen costs a page of hits and their bodies however many articles match; the hits are
searched page by page, each page larger than the one before, and every page is read from the first one's index
snapshot so that no article is listed twice or skipped. Any other order (`kwic_layout.sorted_lines`) needs every
line first.

The context either side is whitespace collapsed and made of whole words, so `left + match + right` reads as the
text does; `kwic_layout.py` cuts it to a width. A match is widened over combining marks that follow it, so that no
grapheme is split between the match and its context.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final, Protocol

from store.errors import UsageError
from store.query.tree import Query
from store.search.highlight import Highlighter
from store.search.index import IndexDocument
from store.search.view import SearchResults, Sort

REACH: Final = 120
"""Characters of context gathered on either side: more than half of any terminal line shows."""
FIRST_PAGE: Final = 8
"""Hits searched for the first lines: a screen of lines rarely needs more articles than this."""
LARGEST_PAGE: Final = 512
NO_WORDS = "the query has no words to find in the text (only filters such as source: or date:)"

_SPACE = re.compile(r"\s+")
_MARKS = frozenset({"Mn", "Mc", "Me"})


class Searchable(Protocol):
    """What a concordance reads: the archive's search and its documents (`store.archive.Archive` is one)."""

    def search(
        self, query: Query, *, sort: Sort, limit: int, offset: int, continuing: SearchResults | None
    ) -> SearchResults: ...

    def document(self, article_id: str) -> IndexDocument: ...


@dataclass(frozen=True)
class KwicLine:
    """One occurrence: the article it is in, the text either side of it, and where it stands in the body."""

    id: str
    title: str
    date: str | None
    source: str | None
    left: str
    """Whole words before the match, whitespace collapsed; ends with the space (if any) that precedes it."""
    match: str
    right: str
    """Whole words after the match, whitespace collapsed; starts with the space (if any) that follows it."""
    start: int
    """[start, end) character offsets of the match in the article's body: where the reader scrolls to."""
    end: int


def collapsed(text: str) -> str:
    """`text` with every run of whitespace (line breaks, paragraph breaks) written as one space."""
    return _SPACE.sub(" ", text)


def _grapheme_end(text: str, end: int) -> int:
    """`end` moved past the combining marks that belong to the character before it."""
    while end < len(text) and unicodedata.category(text[end]) in _MARKS:
        end += 1
    return end


def _left_context(body: str, start: int, reach: int) -> str:
    """The whole words within about `reach` characters before `start`, whitespace collapsed."""
    window = start
    while True:
        window = max(0, window - 2 * reach)
        text = collapsed(body[window:start])
        if window == 0 or len(text) > reach:
            break
    if window > 0 and not body[window - 1].isspace():
        text = text.partition(" ")[2]  # the window began inside a word
    if len(text) > reach:
        cut = text.find(" ", len(text) - reach)
        text = text[cut + 1 :] if cut != -1 else ""
    return text.lstrip()


def _right_context(body: str, end: int, reach: int) -> str:
    """The whole words within about `reach` characters after `end`, whitespace collapsed."""
    window = end
    while True:
        window = min(len(body), window + 2 * reach)
        text = collapsed(body[end:window])
        if window == len(body) or len(text) > reach:
            break
    if window < len(body) and not body[window].isspace():
        text = text.rpartition(" ")[0]  # the window ended inside a word
    if len(text) > reach:
        cut = text.rfind(" ", 0, reach + 1)
        text = text[:cut] if cut > 0 else ""
    return text.rstrip()


def _joined(spans: list[tuple[int, int]], body: str) -> Iterator[tuple[int, int]]:
    """The spans, those apart by nothing but whitespace and hyphens joined: the highlighter joins words apart by
    spaces, but a phrase may also run over a line break, and it is still one occurrence."""
    start, end = spans[0] if spans else (0, 0)
    for next_start, next_end in spans[1:]:
        if body[end:next_start].replace("-", " ").isspace():
            end = next_end
        else:
            yield start, end
            start, end = next_start, next_end
    if spans:
        yield start, end


def article_lines(highlighter: Highlighter, document: IndexDocument, reach: int = REACH) -> Iterator[KwicLine]:
    """Every occurrence of the highlighter's words in one article's body, in the order they stand."""
    body = document.body
    for start, span_end in _joined(highlighter.spans(body), body):
        end = _grapheme_end(body, span_end)
        yield KwicLine(
            id=document.id,
            title=document.title,
            date=document.date,
            source=document.source,
            left=_left_context(body, start, reach),
            match=collapsed(body[start:end]),
            right=_right_context(body, end, reach),
            start=start,
            end=end,
        )


def concordance(archive: Searchable, query: Query, reach: int = REACH) -> Iterator[KwicLine]:
    """Every occurrence of `query`'s words in the articles it matches, newest article first, made lazily.

    Raises `UsageError` at once (not at the first line) when the query has no words to look for.
    """
    highlighter = Highlighter.for_query(query)
    if highlighter is None:
        raise UsageError(NO_WORDS)
    return _lines(archive, query, highlighter, reach)


def _lines(archive: Searchable, query: Query, highlighter: Highlighter, reach: int) -> Iterator[KwicLine]:
    first: SearchResults | None = None
    offset, size = 0, FIRST_PAGE
    while True:
        page = archive.search(query, sort="date", limit=size, offset=offset, continuing=first)
        first = first or page
        for hit in page.hits:
            yield from article_lines(highlighter, archive.document(hit.id), reach)
        offset += len(page.hits)
        if not page.hits or offset >= page.total:
            return
        size = min(2 * size, LARGEST_PAGE)
