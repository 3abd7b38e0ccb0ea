"""Which reader reads a file, or why the file is no article at all: decided from its content first.

An `.txt` that holds HTML is read as HTML and an extension-less Word file as Word, so the content decides and
the extension only settles what the content leaves open. Files that are plainly not articles — tables, JSON,
source code, READMEs and licences, images, archives — are skipped with a reason instead of being stored as
"articles" titled `id,title,source,...`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.errors import ParseError
from store.ingest.decode import decode_text
from store.ingest.readers import Reader, Sample, docx, factiva_html, html, lexisnexis_text, nexis_html, reuters_sgml
from store.ingest.readers import text as text_reader
from store.model import ParsedArticle

READERS: tuple[Reader, ...] = (
    docx.READER,
    reuters_sgml.READER,
    factiva_html.READER,
    nexis_html.READER,
    html.READER,
    lexisnexis_text.READER,
    text_reader.READER,
)
"""Every format, most specific first: the first reader that claims a file reads it (plain text claims last)."""

_HEAD_BYTES = 64 * 1024

_NOT_ARTICLE_SUFFIXES: dict[str, str] = {
    **dict.fromkeys((".csv", ".tsv", ".tab"), "a table, not an article"),
    **dict.fromkeys(
        (".json", ".jsonl", ".ndjson", ".geojson", ".yaml", ".yml", ".toml", ".ini", ".cfg", ".dtd"),
        "data, not an article",
    ),
    **dict.fromkeys(
        (".py", ".js", ".ts", ".c", ".h", ".cpp", ".java", ".go", ".rs", ".rb", ".sh", ".pl", ".php", ".css", ".sql"),
        "source code, not an article",
    ),
    **dict.fromkeys(
        (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".svg", ".ico"), "an image, not an article"
    ),
    **dict.fromkeys((".mp3", ".mp4", ".wav", ".avi", ".mov", ".mkv"), "audio or video, not an article"),
    **dict.fromkeys(
        (".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".tar", ".rar"),
        "an archive of files; unpack it and import the folder",
    ),
    **dict.fromkeys(
        (".exe", ".dll", ".so", ".o", ".pyc", ".class", ".bin", ".db", ".sqlite"),
        "a program or database, not an article",
    ),
}

_NOT_ARTICLE_NAMES = re.compile(
    r"(?:readme|licen[cs]e|copying|changelog|changes|authors|contributing|notice|install|makefile|manifest)(?:\.\w+)?",
    re.IGNORECASE,
)
"""A dataset's own documentation, whatever its extension (`README.TXT`, `LICENSE.md`)."""

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "an image, not an article"),
    (b"\xff\xd8\xff", "an image, not an article"),
    (b"GIF8", "an image, not an article"),
    (b"%PDF", "a PDF; save its text (or the export as Word or HTML) and import that"),
    (b"\x1f\x8b", "an archive of files; unpack it and import the folder"),
    (b"SQLite format 3", "a program or database, not an article"),
)


@dataclass(frozen=True)
class Skipped:
    """A file that is no article, and why: reported in the import summary, never stored."""

    reason: str


def sample(name: str, raw: bytes) -> Sample:
    """The part of a file readers look at to claim it."""
    head = raw[:_HEAD_BYTES]
    try:
        text: str | None = decode_text(head)
    except ParseError:
        text = None
    return Sample(name=name, head=head, text=text)


def sniff(name: str, raw: bytes, *, forced: bool = False) -> Reader | Skipped:
    """The reader for a file, or why it is skipped; `forced` (an `--include` match) reads any text as an article."""
    looked_at = sample(name, raw)
    reader = _claimant(looked_at)
    if reader is text_reader.READER and not forced:
        reason = _not_article(looked_at)
        if reason is not None:
            return Skipped(reason)
    return reader


def reader_for(name: str, raw: bytes) -> Reader:
    """The reader for content already known to be an article (a stored one, read again on `reparse`)."""
    return _claimant(sample(name, raw))


def reader_named(name: str) -> Reader | None:
    """The registered reader of that name (records say which reader read them), None for an unknown one."""
    return next((reader for reader in READERS if reader.name == name), None)


def _claimant(looked_at: Sample) -> Reader:
    return next((reader for reader in READERS if reader.claims(looked_at)), text_reader.READER)


def _not_article(looked_at: Sample) -> str | None:
    base = looked_at.name.rsplit("/", 1)[-1]
    for signature, reason in _SIGNATURES:
        if looked_at.head.startswith(signature):
            return reason
    if looked_at.suffix in _NOT_ARTICLE_SUFFIXES:
        return _NOT_ARTICLE_SUFFIXES[looked_at.suffix]
    if _NOT_ARTICLE_NAMES.fullmatch(base):
        return "the documentation of a collection, not an article"
    if looked_at.text is not None and _looks_like_json(looked_at.text):
        return "data, not an article"
    return None


def _looks_like_json(text: str) -> bool:
    stripped = text.lstrip()
    return stripped[:1] in ("{", "[") and stripped.rstrip()[-1:] in ("}", "]")


def read_file(name: str, raw: bytes) -> list[ParsedArticle | ParseError]:
    """Every article of one file, each parsed or the reason it could not be (for benchmarks and tools).

    Raises `ParseError` when the file as a whole cannot be read, and returns [] for a file that is skipped.
    """
    reader = sniff(name, raw)
    if isinstance(reader, Skipped):
        return []
    articles: list[ParsedArticle | ParseError] = []
    for chunk in reader.split(raw):
        try:
            articles.append(reader.parse(chunk))
        except ParseError as error:
            articles.append(error)
    return articles
