"""A page's article text through trafilatura: its paragraphs and sub-headings, without the page around it.

trafilatura finds the article's container and drops navigation, cookie banners, share buttons, related links
and scripts; it is asked not to keep comments, and runs in its fast mode (no second extractor as a fallback):
on news pages the fallback changed the opening words of no article we measured while costing a third more
time. It is handed the tree the reader already parsed (it copies it, so the reader's tree stays whole for the
metadata) and is not asked for metadata, which would run htmldate's date guessing and a deep copy for authors.

Its output is an XML tree of blocks (`p`, `head`, `list`/`item`, `quote`, `table`/`row`/`cell`, `code`);
each paragraph, list item, table row and heading becomes one paragraph of the body, a line break (`lb`)
inside one starts a new one, and headings are also returned on their own.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

from store.ingest.decode import clean_text
from store.ingest.readers.export_html import HtmlElement
from store.ingest.readers.html_meta import mended, without_permalink

logging.getLogger("trafilatura").addHandler(logging.NullHandler())
"""trafilatura logs every page it discards at WARNING; with no handler of its own Python would print those to
stderr over the terminal UI. A NullHandler keeps them out of the terminal and still hands them to any handler
the application configures."""

_BLOCKS = frozenset(("p", "head", "list", "item", "quote", "table", "row", "cell", "code"))

_CELL_SEPARATOR = " | "

_LEVEL = re.compile(r"h([1-6])")

_HEADING_MAX_CHARS = 150
"""A sub-heading is a few words; a longer one is the article's standfirst."""

_SENTENCE_HEADING_CHARS = 80
"""A heading this long that ends as a sentence does is a standfirst too."""

_SUB_HEADING = 2
"""The level of a heading whose own level trafilatura did not keep."""


@dataclass(frozen=True)
class Block:
    """One paragraph of the article, or a sub-heading."""

    text: str
    level: int = 0
    """0 for a paragraph; 1 to 6 for a heading, as its `<h1>`..`<h6>` was."""

    @property
    def heading(self) -> bool:
        """Whether the block is a heading."""
        return self.level > 0


def article_blocks(root: HtmlElement, *, thorough: bool = False) -> list[Block]:
    """The article's paragraphs and headings in reading order; [] when trafilatura finds no article.

    `thorough` lets trafilatura fall back on its second extractor, for a page where the fast mode found too
    little: a third slower, so it is spent only where the fast reading would lose the page.
    """
    from trafilatura import bare_extraction

    try:
        document = bare_extraction(root, include_comments=False, fast=not thorough, with_metadata=False)
    except (ValueError, TypeError, RecursionError, AttributeError, IndexError, KeyError):
        # trafilatura's own faults on hostile markup; it reports ordinary failures as None.
        return []
    body = getattr(document, "body", None) if document is not None else None
    if body is None:
        return []
    return [block for child in body for block in _blocks(child) if block.text]


def _blocks(element: HtmlElement) -> Iterator[Block]:
    tag = element.tag
    if tag == "head":
        level = _LEVEL.fullmatch(element.get("rend") or "")
        rank = int(level[1]) if level else _SUB_HEADING
        for line in _lines(element):
            yield Block(line) if _is_prose(line) else Block(without_permalink(line), rank)
    elif tag == "row" and not any(_has_blocks(cell) for cell in element):
        cells = [" ".join(_lines(cell)) for cell in element if cell.tag == "cell"]
        yield Block(_CELL_SEPARATOR.join(cell for cell in cells if cell))
    elif tag in _BLOCKS and tag != "p" and _has_blocks(element):
        if element.text and element.text.strip():
            yield from (Block(line) for line in _split(_spaced(element.text, verbatim=False)))
        for child in element:
            yield from _blocks(child)
            if child.tail and child.tail.strip():
                yield from (Block(line) for line in _split(_spaced(child.tail, verbatim=False)))
    else:
        yield from (Block(line) for line in _lines(element))


def _is_prose(line: str) -> bool:
    """A "heading" that is a sentence: the standfirst many sites mark up as `<h2>` (`The U.S. has long been
    heralded as a land of opportunity ...`). It is the article's text, not one of its sub-headings; a short
    question (`Why does it matter?`) is still a heading."""
    ends = line.rstrip("\"'\u201d\u2019)")
    if len(line) > _HEADING_MAX_CHARS or (line.endswith(".") and not line.endswith("..")):
        return True
    return len(line) >= _SENTENCE_HEADING_CHARS and ends.endswith((".", "?", "!"))


def _has_blocks(element: HtmlElement) -> bool:
    """Whether an element holds blocks of its own (a layout table's cell holding the article's paragraphs)."""
    return any(child.tag in _BLOCKS for child in element)


def _lines(element: HtmlElement) -> list[str]:
    """An element's text, one entry per line. A line break (`lb`) ends a line; a newline in the page's source
    is only a space, except in code, where lines are the text's own."""
    return _split("".join(_texts(element, verbatim=element.tag == "code")))


def _texts(element: HtmlElement, *, verbatim: bool) -> Iterator[str]:
    if element.text:
        yield _spaced(element.text, verbatim)
    for child in element:
        if child.tag == "lb":
            yield "\n"
        elif isinstance(child.tag, str):
            yield from _texts(child, verbatim=verbatim or child.tag == "code")
        if child.tail:
            yield _spaced(child.tail, verbatim)


def _spaced(text: str, verbatim: bool) -> str:
    return text if verbatim else text.replace("\n", " ")


def _split(text: str) -> list[str]:
    lines = (" ".join(line.split()) for line in clean_text(mended(text).replace("\xa0", " ")).split("\n"))
    return [line for line in lines if line]
