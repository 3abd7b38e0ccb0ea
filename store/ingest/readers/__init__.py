"""One reader per file format, behind one interface; `sniff` picks the reader for a file's content.

A reader splits a file into article chunks and parses one chunk into a `ParsedArticle`. A page or a plain-text
scrape is one chunk (the whole file); a news-database export is one chunk per article, each a self-contained
piece of the file (a text block, an HTML fragment, the paragraphs of one document), which is what the archive
keeps as the article's raw bytes so that `reparse` can read one article again without its neighbours.

Adding a format is one module exposing a `READER` and one line in `store.ingest.sniff.READERS` (most specific
first).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from store.model import ParsedArticle


@dataclass(frozen=True)
class Sample:
    """What a reader may look at to claim a file: its name, its first bytes and, when they decode, their text."""

    name: str
    head: bytes
    text: str | None
    """The first bytes decoded as text (lower-cased is up to the reader), None when they are not text."""

    @property
    def suffix(self) -> str:
        """The file's extension, lower-case with its dot (`.html`), or '' for none."""
        stem, dot, extension = self.name.rpartition(".")
        return f".{extension.lower()}" if dot and stem and "/" not in extension else ""


@dataclass(frozen=True)
class Reader:
    """A file format: how to recognise it, split a file into articles and read one article."""

    name: str
    claims: Callable[[Sample], bool]
    """True when the file is in this format (by content first; the extension only breaks ties)."""
    split: Callable[[bytes], list[bytes]]
    """The file's article chunks in file order; `ParseError` when the file as a whole cannot be read."""
    parse: Callable[[bytes], ParsedArticle]
    """One chunk to an article; `ParseError` (and nothing else) when it cannot be read."""


def whole_file(raw: bytes) -> list[bytes]:
    """The split of a one-article format: the file is its only chunk."""
    return [raw]
