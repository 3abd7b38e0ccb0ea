"""From one file found to its articles: read defensively, sniffed, split and parsed, every failure named.

This is the pure half of an import (no store is touched); `importer.py` decides what each result means for the
records. It runs in the importing process: worker processes were measured and lost (`bench/RESULTS.md`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from store.errors import ParseError
from store.ingest.discover import Failure, Skip, SourceFile
from store.ingest.readers import Reader
from store.ingest.sniff import Skipped, sniff
from store.model import ParsedArticle
from store.paths import display_path
from store.storage.files import describe_os_error

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Larger files are neither articles nor exports a database hands out (those cap at a few hundred articles)."""

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
"""A one-article file larger than this is no article (a 5 MB article would be a short book)."""


@dataclass(frozen=True)
class ReadArticle:
    """One article of a file: its place in the file (None for a one-article file), raw chunk and parse."""

    position: int | None
    raw: bytes
    fingerprint: str
    article: ParsedArticle


@dataclass(frozen=True)
class Ingested:
    """One file read: the reader that read it and each of its articles, parsed or failed."""

    source: SourceFile
    sha256: str
    reader: str
    articles: tuple[ReadArticle | Failure, ...]


def fingerprint(article: ParsedArticle) -> str:
    """Identity of an article's content, blind to encoding, line endings and spacing.

    Two copies of one article saved as UTF-8 and UTF-16, or with CRLF and LF, are the same record.
    """
    normalized = " ".join(f"{article.title}\n{article.body}".lower().split())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def content_hash(raw: bytes) -> str:
    """sha256 of the raw bytes, as stored in the record."""
    return hashlib.sha256(raw).hexdigest()


def read_source(source: SourceFile, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, or `ParseError` when it is too large or unreadable."""
    too_large = f"larger than the {limit // (1024 * 1024)} MB limit"
    if source.size > limit:
        raise ParseError(too_large)
    try:
        with open(source.path, "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as error:
        raise ParseError(f"unreadable ({describe_os_error(error)})") from error
    if len(raw) > limit:
        raise ParseError(too_large)
    return raw


def ingest(source: SourceFile, forced: bool = False) -> Ingested | Failure | Skip:
    """Read, sniff, split and parse one file; `forced` reads it as an article even if it looks like none.

    A file that cannot be read at all is one `Failure`; in a many-article file each article that cannot be
    read fails alone, named `path#N`, and its neighbours are kept.
    """
    name = display_path(source.path)
    try:
        raw = read_source(source)
        reader = sniff(source.path.name, raw, forced=forced)
        if isinstance(reader, Skipped):
            return Skip(name, reader.reason)
        chunks = reader.split(raw)
        if not chunks:
            raise ParseError("no articles found")
        if chunks == [raw] and len(raw) > MAX_ARTICLE_BYTES:
            raise ParseError(f"larger than the {MAX_ARTICLE_BYTES // (1024 * 1024)} MB article limit")
    except ParseError as error:
        return Failure(name, str(error))
    single = chunks == [raw]
    articles = tuple(
        _read_chunk(reader, chunk, None if single else position, name) for position, chunk in enumerate(chunks, 1)
    )
    return Ingested(source, content_hash(raw), reader.name, articles)


def _read_chunk(reader: Reader, chunk: bytes, position: int | None, name: str) -> ReadArticle | Failure:
    try:
        article = reader.parse(chunk)
    except ParseError as error:
        return Failure(name if position is None else f"{name}#{position}", str(error))
    return ReadArticle(position, chunk, fingerprint(article), article)
