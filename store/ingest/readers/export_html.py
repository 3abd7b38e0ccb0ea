"""What the HTML export readers share: decoding a saved result page, parsing it with lxml, and reading text.

A saved result page of a news database is one HTML file holding many articles. Each reader cuts it into one
self-contained HTML document per article (the article's elements, plus whatever the reader needs to read them
again alone, such as Nexis's style sheet), stored as that article's raw bytes in UTF-8, so that `reparse`
needs neither the page nor its neighbours.

Saved pages lie about their encoding: a Factiva page may declare UTF-8 and hold Latin-1 bytes. So the bytes
decide: a BOM, then strict UTF-8, then the charset the page declares if its bytes decode in it, and
Windows-1252 last (`store.ingest.decode`). lxml is handed text, never bytes, so its own guessing plays no part.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import lxml.html
from lxml import etree

from store.errors import ParseError
from store.ingest.dateline import read_dateline
from store.ingest.decode import clean_text, decode_text
from store.ingest.readers.export_dates import is_weekday

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SPACES = re.compile(r"[^\S\n]+")
_BY = re.compile(r"by\s+", re.IGNORECASE)

_NOT_TEXT = ("script", "style", "noscript", "template", "title")

_CHUNK_HEAD = '<html><head><meta charset="utf-8">{head}</head><body>\n'
_CHUNK_TAIL = "\n</body></html>\n"

HtmlElement = Any
"""An lxml element (lxml ships no type information)."""


def decode_html(raw: bytes) -> str:
    """A saved page's text: by BOM, strict UTF-8, the declared charset if the bytes fit it, else cp1252."""
    if not raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not _is_utf8(raw):
        declared = _declared_charset(raw)
        if declared is not None:
            try:
                return decode_text(raw.decode(declared).encode("utf-8"))
            except (LookupError, ValueError):
                pass
    return decode_text(raw)


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _declared_charset(raw: bytes) -> str | None:
    """The charset a `<meta>` declares, unless it is one the bytes already failed (UTF-8) or a wide encoding,
    which a file without a BOM and without NUL bytes cannot be in."""
    match = _DECLARED_CHARSET.search(raw[:4096])
    if match is None:
        return None
    name = match[1].decode("ascii").lower()
    return None if name.startswith(("utf", "ucs", "unicode")) else name


@dataclass(frozen=True)
class Document:
    """A parsed page or chunk: its root element (scripts, styles and comments removed, every `<br>` turned into
    a line break) and the text of its style sheets, which a reader may need to tell a headline from a label."""

    root: HtmlElement
    style: str


def parse_document(text: str) -> Document:
    """The page as a `Document`; `ParseError` when lxml cannot make a document of it.

    Control characters are removed first: lxml refuses them in any text it is asked to build.
    """
    text = clean_text(_XML_DECLARATION.sub("", text, count=1))
    if not text.strip():
        raise ParseError("empty file")
    try:
        root = lxml.html.document_fromstring(text)
        if root is None or not isinstance(root.tag, str):
            raise ParseError("not readable as HTML")
        style = "\n".join(str(element.text_content()) for element in root.iter("style"))
        etree.strip_elements(root, *_NOT_TEXT, with_tail=False)
        etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
        for line_break in root.iter("br"):
            line_break.tail = "\n" + (line_break.tail or "")
    except (etree.LxmlError, ValueError) as error:
        raise ParseError(f"not readable as HTML ({type(error).__name__})") from error
    return Document(root, style)


def read_chunk(chunk: bytes) -> Document:
    """An article chunk as a `Document`: chunks are UTF-8 HTML documents written by `chunk_document`."""
    return parse_document(decode_html(chunk))


def chunk_document(elements: Iterable[HtmlElement], head: str = "") -> bytes:
    """One article's elements as a self-contained UTF-8 HTML document (`head` goes into its `<head>`)."""
    parts = [
        lxml.html.tostring(element, encoding="unicode", with_tail=False)
        for element in elements
        if isinstance(element.tag, str)
    ]
    return (_CHUNK_HEAD.format(head=head) + "\n".join(parts) + _CHUNK_TAIL).encode("utf-8")


def outermost(root: HtmlElement, wanted: Callable[[HtmlElement], bool]) -> list[HtmlElement]:
    """The wanted elements that lie inside no other wanted element, in document order.

    The walk never descends into a wanted element, so it costs one visit per element however deeply a hostile
    page nests them.
    """
    found: list[HtmlElement] = []
    stack = [root]
    while stack:
        element = stack.pop()
        if not isinstance(element.tag, str):
            continue
        if element is not root and wanted(element):
            found.append(element)
            continue
        stack.extend(reversed(element))
    return found


def lines_of(element: HtmlElement) -> list[str]:
    """The element's text as a reader sees it: one entry per line (`<br>` breaks one), spaces collapsed,
    control characters removed, blank lines dropped."""
    text = clean_text(str(element.text_content()).replace("\xa0", " "))
    return [line for line in (_SPACES.sub(" ", raw_line).strip() for raw_line in text.split("\n")) if line]


def text_of(element: HtmlElement) -> str:
    """The element's text on one line."""
    return " ".join(lines_of(element))


def has_class(element: HtmlElement, pattern: re.Pattern[str]) -> bool:
    """Whether one of the element's classes matches `pattern` whole."""
    return any(pattern.fullmatch(name) for name in str(element.get("class") or "").split())


def cut_dateline(paragraphs: list[str]) -> str | None:
    """The place of a dateline opening the text (`PARIS, Jan. 8 -- `), which is cut off the first paragraph.

    A weekday the dateline names after the place (`TOKAI, Japan, Tuesday, Jan. 5 --`) is no part of the place.
    """
    dateline = read_dateline(paragraphs[0]) if paragraphs else None
    if dateline is None or not dateline.place:
        return None
    rest = dateline.rest.strip()
    if rest:
        paragraphs[0] = rest
    else:
        del paragraphs[0]
    place, _, last = dateline.place.rpartition(",")
    return place.strip() if place and is_weekday(last) else dateline.place


def has_words(text: str | None) -> bool:
    """Whether `text` holds a letter or a digit: a headline of replacement characters and markup debris is
    what a garbled transfer leaves, not a headline."""
    return text is not None and any(char.isalnum() for char in text)


def without_by(byline: str | None) -> str | None:
    """An author line without its leading `By`."""
    if not byline:
        return None
    match = _BY.match(byline)
    return (byline[match.end() :] if match else byline).strip() or None
