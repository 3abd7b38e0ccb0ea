"""LexisNexis and Nexis Uni text exports: one file, many articles, each article its own record.

Two layouts are in the wild. The classic LexisNexis TXT download opens with a cover page (`Download Request:`,
the search terms) and then prints each article under a line `N of M DOCUMENTS`, hard-wrapped at 80 columns with
blank lines between paragraphs. Nexis Uni text (as saved from its Word or RTF downloads) has no such line: each
article ends with `End of Document` and its text stands under a line `Body`; every line is a paragraph, unless
the text was hard-wrapped by the converter, when blank lines separate the paragraphs.

The file is split on those marker lines in its *bytes* where the encoding allows (every encoding but UTF-16 keeps
the ASCII markers intact), so an article with damaged bytes fails on its own while its neighbours are read. Each
chunk is stored as UTF-8 text and read alone by `parse`, which leaves the fields to `nexis_fields`.
"""

from __future__ import annotations

import codecs
import re
from itertools import pairwise

from store.errors import ParseError
from store.ingest import boilerplate
from store.ingest.decode import clean_text, decode_text
from store.ingest.readers import Reader, Sample
from store.ingest.readers.nexis_fields import BODY_MARKER, END_OF_DOCUMENT, Layout, label, read_article
from store.model import ParsedArticle

_DOCUMENT_COUNT = r"[ \t]*\d{1,7}[ \t]+of[ \t]+\d{1,7}[ \t]+DOCUMENTS?[ \t]*"
_END_OF_DOCUMENT = r"[ \t]*End of Document[ \t]*"

_COUNT_LINE = re.compile(_DOCUMENT_COUNT, re.IGNORECASE)
_COUNT_LINES = re.compile(rf"^{_DOCUMENT_COUNT}\r?$".encode(), re.IGNORECASE | re.MULTILINE)
_END_LINES = re.compile(rf"^{_END_OF_DOCUMENT}\r?$".encode(), re.MULTILINE)

_CLASSIC_LABEL = re.compile(r"^[ \t]*(?:LENGTH|LOAD-DATE|BYLINE|SECTION|LANGUAGE|PUBLICATION-TYPE):", re.MULTILINE)
_UNI_LABEL_TEXT = r"^[ \t]*(?:Length|Load-Date|LENGTH|LOAD-DATE):"
_UNI_LABEL = re.compile(_UNI_LABEL_TEXT, re.MULTILINE)
_UNI_LABEL_BYTES = re.compile(_UNI_LABEL_TEXT.encode(), re.MULTILINE)
_UNI_MARKER = re.compile(rf"^[ \t]*(?:{_END_OF_DOCUMENT}|{BODY_MARKER}[ \t]*)$", re.MULTILINE)
_COUNT_TEXT = re.compile(rf"^{_DOCUMENT_COUNT}$", re.IGNORECASE | re.MULTILINE)

_WRAP_WIDTH = 100
"""Hard-wrapped text has no line longer than this (a paragraph a line has many)."""

_WRAPPED_LINE = 40
"""Lines at least this long are the ones whose endings tell wrapped text from one paragraph a line."""


def _claims(sample: Sample) -> bool:
    """Text with `N of M DOCUMENTS` lines, or Nexis Uni's `End of Document` / `Body` lines, beside labels;
    markup is not text (a Nexis page saved as HTML has the same lines between its tags)."""
    text = sample.text
    if text is None or text.lstrip().startswith("<"):
        return False
    if _COUNT_TEXT.search(text) and _CLASSIC_LABEL.search(text):
        return True
    return bool(_UNI_MARKER.search(text) and _UNI_LABEL.search(text))


def split(raw: bytes) -> list[bytes]:
    """Each article's text as UTF-8 bytes, the cover page left out; `ParseError` when no article is found."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raw = decode_text(raw).encode("utf-8")
    parts = _classic_parts(raw) or _uni_parts(raw)
    chunks = [_as_utf8(part) for part in parts if part.strip()]
    if not chunks:
        raise ParseError("no LexisNexis or Nexis Uni articles in this file")
    return chunks


def _classic_parts(raw: bytes) -> list[bytes]:
    """From each `N of M DOCUMENTS` line to the next; what stands before the first is the cover page."""
    starts = [match.start() for match in _COUNT_LINES.finditer(raw)]
    return [raw[start:end] for start, end in pairwise([*starts, len(raw)])] if starts else []


def _uni_parts(raw: bytes) -> list[bytes]:
    """Up to and including each `End of Document` line; a last part without one counts if it has labels."""
    parts: list[bytes] = []
    start = 0
    for match in _END_LINES.finditer(raw):
        parts.append(raw[start : match.end()])
        start = match.end()
    tail = raw[start:]
    if _UNI_LABEL_BYTES.search(tail):
        parts.append(tail)
    return parts


def _as_utf8(part: bytes) -> bytes:
    """The part re-encoded as UTF-8, or as it was when it does not decode (its `parse` then says why)."""
    try:
        return decode_text(part).strip().encode("utf-8")
    except ParseError:
        return part


def parse(chunk: bytes) -> ParsedArticle:
    """One article's text: `ParseError` when it is empty, binary, undecodable, or holds no headline or text."""
    lines = clean_text(decode_text(chunk)).split("\n")
    while lines and not lines[0].strip():
        del lines[0]
    if lines and _COUNT_LINE.fullmatch(lines[0]):
        return read_article(_blocks(lines[1:]), Layout.CLASSIC)
    if not any(line.strip() for line in lines):
        raise ParseError("empty article")
    if _is_wrapped(lines):
        return read_article(_blocks(lines), Layout.UNI)
    return read_article([[line] for line in lines], Layout.UNI)


def _blocks(lines: list[str]) -> list[list[str]]:
    """Blank-line separated runs of lines; a labelled line always opens a block of its own and the `Body` and
    `End of Document` lines stand alone, so labels printed on consecutive lines stay apart."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        stripped = line.strip()
        if not stripped:
            blocks.append([])
        elif stripped in (BODY_MARKER, END_OF_DOCUMENT):
            blocks.extend(([stripped], []))
        else:
            if label(stripped) and blocks[-1]:
                blocks.append([])
            blocks[-1].append(stripped)
    return [block for block in blocks if block]


def _is_wrapped(lines: list[str]) -> bool:
    """Hard-wrapped text: no line longer than a wrapping width, and most long lines cut mid-sentence."""
    lengths = [len(line.strip()) for line in lines]
    long_lines = [line.strip() for line in lines if len(line.strip()) >= _WRAPPED_LINE]
    cut = sum(not boilerplate.ends_sentence(line) for line in long_lines)
    return max(lengths) <= _WRAP_WIDTH and bool(long_lines) and cut > len(long_lines) / 2


READER = Reader(name="lexisnexis-text", claims=_claims, split=split, parse=parse)
