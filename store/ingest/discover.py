"""From paths on disk to parsed, fingerprinted articles, with every failure named.

This module decides which files an import looks at (recursive, hidden files skipped, symlink loops broken),
reads each one defensively (size limit, unreadable files) and hands the bytes to the pure parser. It never
touches the store: `archive.py` decides what each result means for the records.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from store.errors import ParseError
from store.ingest.readers.text import parse_article
from store.model import ParsedArticle
from store.storage.files import describe_os_error

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
"""Larger files are not articles (a 5 MB article would be a short book); they are reported, not parsed."""

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def display_path(path: Path | str) -> str:
    """A path as one printable line: control characters and undecodable bytes are shown escaped.

    File names may hold newlines, escape sequences, bidi overrides or bytes that are not UTF-8; none of that
    may reach a terminal (reordered or raw) or break the one-failure-per-line report.
    """
    text = os.fsdecode(path) if isinstance(path, Path) else path
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _UNPRINTABLE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@dataclass(frozen=True)
class SourceFile:
    """A candidate article file and the stat figures that let a re-import skip it unread."""

    path: Path
    size: int
    mtime_ns: int

    @property
    def key(self) -> str:
        """The path as stored in the archive."""
        return display_path(self.path.absolute())


@dataclass(frozen=True)
class Failure:
    """A file or argument that could not be imported, and why, for the `path: reason` report."""

    path: str
    error: str


@dataclass(frozen=True)
class Ingested:
    """One file read and parsed."""

    source: SourceFile
    raw: bytes
    sha256: str
    fingerprint: str
    article: ParsedArticle


def fingerprint(article: ParsedArticle) -> str:
    """Identity of an article's content, blind to encoding, line endings and spacing.

    Two copies of one article saved as UTF-8 and UTF-16, or with CRLF and LF, are the same record.
    """
    normalized = " ".join(f"{article.title}\n{article.body}".lower().split())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _walk(folder: str, seen: set[tuple[int, int]]) -> Iterator[SourceFile | Failure]:
    """Files below `folder` in a stable order; each real folder is entered once, so symlink loops end.

    Works on `os.DirEntry` rather than `Path`: a re-import of 50,000 unchanged files is mostly this walk, and
    directory entries know their type without a stat call.
    """
    try:
        info = os.stat(folder)
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        yield Failure(display_path(folder), f"cannot open folder ({describe_os_error(error)})")
        return
    identity = (info.st_dev, info.st_ino)
    if identity in seen:
        return
    seen.add(identity)
    for entry in entries:
        if _is_hidden(entry.name):
            continue
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
            file_info = entry.stat() if is_file else None
        except OSError as error:
            yield Failure(display_path(entry.path), describe_os_error(error))
            continue
        if is_dir:
            yield from _walk(entry.path, seen)
        elif file_info is not None:
            yield SourceFile(Path(entry.path), file_info.st_size, file_info.st_mtime_ns)
        else:
            yield Failure(display_path(entry.path), _not_a_file_reason(entry.path))


def _not_a_file_reason(path: str) -> str:
    return "broken symbolic link" if os.path.islink(path) and not os.path.exists(path) else "not a regular file"


def discover(paths: Iterable[Path]) -> Iterator[SourceFile | Failure]:
    """Every importable file under `paths`; a path named explicitly is used even if hidden."""
    seen: set[tuple[int, int]] = set()
    for path in paths:
        try:
            info = path.stat()
        except OSError as error:
            yield Failure(display_path(path), describe_os_error(error))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(os.fspath(path), seen)
        elif stat.S_ISREG(info.st_mode):
            yield SourceFile(path, info.st_size, info.st_mtime_ns)
        else:
            yield Failure(display_path(path), "not a regular file")


def read_source(source: SourceFile) -> bytes:
    """The file's bytes, or `ParseError` when it is too large or unreadable."""
    if source.size > MAX_ARTICLE_BYTES:
        raise ParseError(f"larger than the {MAX_ARTICLE_BYTES // (1024 * 1024)} MB article limit")
    try:
        with open(source.path, "rb") as handle:
            raw = handle.read(MAX_ARTICLE_BYTES + 1)
    except OSError as error:
        raise ParseError(f"unreadable ({describe_os_error(error)})") from error
    if len(raw) > MAX_ARTICLE_BYTES:
        raise ParseError(f"larger than the {MAX_ARTICLE_BYTES // (1024 * 1024)} MB article limit")
    return raw


def content_hash(raw: bytes) -> str:
    """sha256 of the raw bytes, as stored in the record."""
    return hashlib.sha256(raw).hexdigest()


def ingest(source: SourceFile) -> Ingested | Failure:
    """Read and parse one file; any problem becomes a `Failure` naming the file."""
    try:
        raw = read_source(source)
        article = parse_article(raw)
    except ParseError as error:
        return Failure(display_path(source.path), str(error))
    return Ingested(source, raw, content_hash(raw), fingerprint(article), article)
