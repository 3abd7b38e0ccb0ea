"""The shapes that cross module boundaries: what the parser produces and what the archive stores.

A stored record is a plain dict (it is a TinyDB document); `ArticleRecord` names its keys for the type checker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple, NotRequired, TypedDict

from store.errors import UsageError
from store.ingest.decode import clean_text

_TAG_NAME = re.compile(r"[^\W_][\w./-]*")


@dataclass(frozen=True)
class ParsedArticle:
    """Everything the parser reads out of one raw article file."""

    title: str
    body: str
    date: str | None = None
    """ISO `YYYY-MM-DD`, or None when the file gives no date (never guessed)."""
    date_text: str | None = None
    """The date exactly as the file wrote it."""
    source: str | None = None
    site: str | None = None
    byline: str | None = None
    location: str | None = None
    headings: tuple[str, ...] = ()
    copyright: str | None = None
    url: str | None = None
    """The canonical address a web page states for itself."""
    language: str | None = None
    """The language the file states (`en`, `English`), as stated."""
    section: str | None = None
    """The newspaper section an export names (`Business`, `Sport; Pg. 12`)."""

    @property
    def words(self) -> int:
        """Words in the body, as a reader would count them."""
        return len(self.body.split())


class ArticleRecord(TypedDict):
    """One article's document in the store (body and raw bytes live in text segments, see `segments.py`)."""

    id: str
    title: str
    date: str | None
    date_text: str | None
    source: str | None
    site: str | None
    byline: str | None
    location: str | None
    headings: list[str]
    copyright: str | None
    words: int
    path: str
    paths: list[str]
    sha256: str
    fingerprint: str
    imported_at: str
    segment: str
    url: NotRequired[str | None]
    language: NotRequired[str | None]
    section: NotRequired[str | None]
    position: NotRequired[int | None]
    """The article's place in a many-article export (`file.docx#12`); None for a one-article file."""
    format: NotRequired[str]
    """The reader that read it (`text`, `html`, `factiva_html`, ...); records older than readers lack it."""
    lost: NotRequired[bool]
    """True when the text segment holding the body was damaged and no original file held the article any more
    (`doctor --repair`): the record, tags and citations stay, the body is empty."""


MAX_NOTE_CHARS = 100_000
"""A note is a few paragraphs; a limit keeps a pasted book out of `archive.json`, which every write replaces."""


class UserData(NamedTuple):
    """What the user added to one article: tags, read state and a note ("" for none).

    A named tuple so that the archive's tables, the index and the browser pass one value, and a change to one
    part is `data._replace(note=...)`.
    """

    tags: tuple[str, ...] = ()
    read: bool = False
    note: str = ""


def normalize_note(text: str) -> str:
    """A note as stored: the user's paragraphs as written, without control characters or surrounding blank
    lines and trailing spaces; "" (no note) when nothing is left."""
    lines = [line.rstrip() for line in clean_text(text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")]
    note = "\n".join(lines).strip("\n")
    if len(note) > MAX_NOTE_CHARS:
        raise UsageError(f"a note is at most {MAX_NOTE_CHARS:,} characters (this one has {len(note):,})")
    return note


def normalize_tag(tag: str) -> str:
    """A user tag as stored: lower-case, one word (letters, digits and `._/-` inside it)."""
    name = tag.strip().lower()
    if not _TAG_NAME.fullmatch(name):
        raise UsageError(f"tag {tag!r}: a tag is one word of letters, digits and . _ / -")
    return name
