"""Word files (`.docx`): Nexis Uni / LexisNexis Word exports, one record per article, and plain Word articles.

A Nexis Word export is a results list (the cover page: who downloaded what, a numbered list of headlines with
tables of search filters) followed by the articles, each starting in a new section of the document and closed by
a paragraph `End of Document`. An article prints its headline, publication and date line, a copyright
paragraph, labelled paragraphs (`Section:`, `Length:`, `Byline:`), a paragraph `Body` above the text, and after
it `Graphic`, `Classification` and `Load-Date:`; `nexis_fields` reads those. Its paragraph styles are all
`Normal`, so the document's structure is read from its text and section breaks, not from styles.

A Word file without those markers is one article someone saved from Word: its title is the paragraph styled
`Title` or `Heading 1`, else its first prominent (bold or larger) line, and the plain-text reader reads the rest.

Each chunk stored for an article is UTF-8 text that `parse` reads alone: one block per Word paragraph (or table
row, cells joined by ` | `), blocks separated by a blank line, a paragraph's own line breaks kept as single
newlines. A paragraph styled as the title or a level-1 heading starts with `# `, other headings with `## `; a
paragraph whose text itself starts with `#` or a backslash gets a backslash in front.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from store.errors import ParseError
from store.ingest.decode import clean_text
from store.ingest.readers import Reader, Sample
from store.ingest.readers import text as text_reader
from store.ingest.readers.nexis_fields import (
    BODY_MARKER,
    END_OF_DOCUMENT,
    Layout,
    label,
    read_article,
)
from store.model import ParsedArticle

_ZIP_MAGIC = b"PK\x03\x04"
_WORD_PART = b"word/"
_DOCUMENT_PART = "word/document.xml"
_DAMAGED = "damaged Word file (not a valid .docx)"

_MAX_UNPACKED = 400 * 1024 * 1024
"""A Word file that unpacks to more than this is refused rather than read into memory (a zip bomb)."""

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_NODES = (
    "./descendant::*[self::w:t or self::w:tab or self::w:br or self::w:cr]"
    "[not(ancestor::w:del) and not(ancestor::w:txbxContent)]"
)
"""A paragraph's visible text, including hyperlinks, tracked insertions and smart tags (python-docx's
`Paragraph.text` reads only direct runs and hyperlinks); deleted text and text boxes are not the paragraph's."""

_EXPORT_LABELS = frozenset({"LENGTH", "LOAD-DATE", "BYLINE", "SECTION", "LANGUAGE", "PUBLICATION-TYPE"})

_PROMINENT_LOOKAHEAD = 3
"""A title without a title style is one of the first few non-empty paragraphs."""

_PROMINENT_SIZE = 1.2
_TITLE_MAX = 200


@dataclass(frozen=True)
class _Paragraph:
    """One Word paragraph (or table row) as the reader needs it."""

    text: str
    level: int = 0
    """1 for the title or a level-1 heading, 2 for other headings, 0 for text."""
    section_break: bool = False
    """The paragraph closes a section of the document (each Nexis article starts a new one)."""
    in_table: bool = False
    bold: bool = False
    """Every run with text in it is bold."""
    size: float | None = None
    """The largest type size of its runs, in points, when the file states one."""


def _claims(sample: Sample) -> bool:
    """A ZIP package holding `word/document.xml`, whatever the file is called.

    The member list stands at the end of a ZIP file, so when the sample is only the file's head its local file
    headers are read instead, and any `word/` part marks a WordprocessingML package. zipfile can raise many
    things on bytes that merely start like a ZIP; none of them may escape a claim.
    """
    if not sample.head.startswith(_ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(sample.head)) as archive:
            return _DOCUMENT_PART in archive.namelist()
    except Exception:
        return any(name.startswith(_WORD_PART) for name in _local_names(sample.head))


def _local_names(head: bytes) -> Iterator[bytes]:
    """Member names from the local file headers in the first bytes (the member list is at the file's end)."""
    start = head.find(_ZIP_MAGIC)
    while start != -1 and start + 30 <= len(head):
        length = int.from_bytes(head[start + 26 : start + 28], "little")
        yield head[start + 30 : start + 30 + length]
        start = head.find(_ZIP_MAGIC, start + 4)


def split(raw: bytes) -> list[bytes]:
    """One chunk per Nexis article (the cover page left out), or the whole document as one article."""
    paragraphs = _read_paragraphs(raw)
    if not any(paragraph.text.strip() for paragraph in paragraphs):
        raise ParseError("Word file holds no text")
    if not _is_export(paragraph.text for paragraph in paragraphs):
        return [_encode(_mark_title(paragraphs))]
    chunks = [_encode(article) for article in _articles(paragraphs)]
    if not chunks:
        raise ParseError("no articles in this Nexis Word export")
    return chunks


def _read_paragraphs(raw: bytes) -> list[_Paragraph]:
    """The document's paragraphs and table rows in reading order.

    A damaged file can make python-docx, zipfile or lxml raise almost anything (BadZipFile, KeyError for a
    missing part, XMLSyntaxError, ValueError for a wrong content type, zlib errors), so every failure while
    opening and walking the document is reported as one `ParseError`.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            archive.getinfo(_DOCUMENT_PART)
            unpacked = sum(info.file_size for info in archive.infolist())
    except Exception as error:
        raise ParseError(_DAMAGED) from error
    if unpacked > _MAX_UNPACKED:
        raise ParseError("Word file too large to read (unpacks to over 400 MB)")
    try:
        document = docx.Document(io.BytesIO(raw))
        return list(_walk(document.element.body, document))
    except Exception as error:
        raise ParseError(_DAMAGED) from error


def _walk(container: Any, document: Any) -> Iterator[_Paragraph]:
    """Paragraphs and tables, and those inside content controls (a table of contents is often one)."""
    for element in container.iterchildren():
        if element.tag == f"{_W}p":
            yield _paragraph(element, document)
        elif element.tag == f"{_W}tbl":
            yield from _table_rows(element, document)
        elif element.tag == f"{_W}sdt":
            for content in element.iterchildren(f"{_W}sdtContent"):
                yield from _walk(content, document)


def _paragraph(element: Any, document: Any) -> _Paragraph:
    paragraph = Paragraph(element, document)
    text = "".join(map(_node_text, element.xpath(_TEXT_NODES)))
    properties = element.find(f"{_W}pPr")
    section_break = properties is not None and properties.find(f"{_W}sectPr") is not None
    runs = [run for run in paragraph.runs if run.text.strip()]
    sizes = [run.font.size.pt for run in runs if run.font.size is not None]
    bold = bool(runs) and all(run.bold for run in runs)
    return _Paragraph(text, _style_level(paragraph), section_break, bold=bold, size=max(sizes, default=None))


def _node_text(node: Any) -> str:
    if node.tag == f"{_W}t":
        return str(node.text or "")
    return " " if node.tag == f"{_W}tab" else "\n"


def _style_level(paragraph: Any) -> int:
    name = str(paragraph.style.name or "").lower() if paragraph.style is not None else ""
    if name in ("title", "heading 1"):
        return 1
    return 2 if name.startswith("heading") else 0


def _table_rows(element: Any, document: Any) -> Iterator[_Paragraph]:
    """Each row as one paragraph, its cells' text joined (a merged cell counts once)."""
    table = Table(element, document)
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(" ".join(paragraph.text.split()) for paragraph in cell.paragraphs).strip()
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        yield _Paragraph(" | ".join(cells), in_table=True)


def _is_export(texts: Iterable[str]) -> bool:
    """Nexis markers: `End of Document`, or a `Body` line beside labels, or two of the export's labels."""
    lines = [line.strip() for text in texts for line in text.split("\n")]
    if END_OF_DOCUMENT in lines:
        return True
    labels = {found[0] for found in map(label, lines) if found and found[0] in _EXPORT_LABELS}
    return len(labels) >= 2 or (BODY_MARKER in lines and bool(labels))


def _articles(paragraphs: list[_Paragraph]) -> Iterator[list[_Paragraph]]:
    """The paragraphs of each article: up to its `End of Document`, from the section it starts in."""
    current: list[_Paragraph] = []
    for paragraph in paragraphs:
        current.append(paragraph)
        if paragraph.text.strip() == END_OF_DOCUMENT:
            yield from _article(current)
            current = []
    yield from _article(current)


def _article(paragraphs: list[_Paragraph]) -> Iterator[list[_Paragraph]]:
    """The article in one stretch between `End of Document` lines, from the section it starts in.

    The cover page and results list before the first article end with a section break; their tables are
    dropped in any case, and their cover lines are left for `nexis_fields`, which starts the header after the
    last of them (so the numbered headlines of the results list are never taken for the article's).
    """
    first = next((index for index, paragraph in enumerate(paragraphs) if paragraph.text.strip() == BODY_MARKER), None)
    if first is None:
        first = next((index for index, paragraph in enumerate(paragraphs) if label(paragraph.text.strip())), None)
    if first is None:
        return
    breaks = [index for index in range(first) if paragraphs[index].section_break]
    start = breaks[-1] + 1 if breaks else 0
    yield [paragraph for paragraph in paragraphs[start:first] if not paragraph.in_table] + paragraphs[first:]


def _mark_title(paragraphs: list[_Paragraph]) -> list[_Paragraph]:
    """A plain Word article's title: the first prominent paragraph when no paragraph is styled as a title."""
    if any(paragraph.level == 1 for paragraph in paragraphs):
        return paragraphs
    typical = _typical_size(paragraphs)
    candidates = [index for index, paragraph in enumerate(paragraphs) if paragraph.text.strip()]
    for index in candidates[:_PROMINENT_LOOKAHEAD]:
        if _prominent(paragraphs[index], typical):
            marked = replace(paragraphs[index], level=1)
            return [*paragraphs[:index], marked, *paragraphs[index + 1 :]]
    return paragraphs


def _typical_size(paragraphs: Sequence[_Paragraph]) -> float | None:
    """The type size most paragraphs are set in."""
    sizes = Counter(paragraph.size for paragraph in paragraphs if paragraph.size is not None)
    return sizes.most_common(1)[0][0] if sizes else None


def _prominent(paragraph: _Paragraph, typical: float | None) -> bool:
    """Short, and set in bold or in a larger size than the text."""
    if len(paragraph.text.strip()) > _TITLE_MAX:
        return False
    larger = paragraph.size is not None and typical is not None and paragraph.size >= _PROMINENT_SIZE * typical
    return paragraph.bold or larger


def _encode(paragraphs: Iterable[_Paragraph]) -> bytes:
    blocks: list[str] = []
    for paragraph in paragraphs:
        lines = [" ".join(line.split()) for line in clean_text(paragraph.text).split("\n")]
        text = "\n".join(line for line in lines if line)
        if not text:
            continue
        if text.startswith(("#", "\\")):
            text = f"\\{text}"
        blocks.append(f"{'#' * paragraph.level} {text}" if paragraph.level else text)
    return "\n\n".join(blocks).encode("utf-8")


@dataclass(frozen=True)
class _Block:
    """A paragraph read back from a chunk."""

    lines: tuple[str, ...]
    level: int


def _decode(chunk: bytes) -> list[_Block]:
    try:
        text = chunk.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ParseError("damaged article (not the UTF-8 text this reader stores)") from error
    if "\x00" in text:
        raise ParseError("damaged article (binary bytes)")
    blocks: list[_Block] = []
    for part in clean_text(text).split("\n\n"):
        lines = tuple(line.strip() for line in part.strip("\n").split("\n") if line.strip())
        if lines:
            blocks.append(_unmark(lines))
    if not blocks:
        raise ParseError("empty article")
    return blocks


def _unmark(lines: tuple[str, ...]) -> _Block:
    """A block's heading marker read and its escape removed."""
    first, level = lines[0], 0
    for marker_level, marker in ((1, "# "), (2, "## ")):
        if first.startswith(marker):
            first, level = first[len(marker) :].strip(), marker_level
    if first.startswith("\\"):
        first = first[1:]
    return _Block((first, *lines[1:]), level)


def parse(chunk: bytes) -> ParsedArticle:
    """One stored article: a Nexis export's through `nexis_fields`, a plain Word article's as plain text."""
    blocks = _decode(chunk)
    if _is_export(line for block in blocks for line in block.lines):
        return read_article([block.lines for block in blocks], Layout.UNI)
    return _read_plain(blocks)


def _read_plain(blocks: list[_Block]) -> ParsedArticle:
    """The plain-text reader over the paragraphs, the styled title put first (it reads the lines under a title
    for source, byline and date); paragraphs styled as headings are sub-headings."""
    title = next((index for index, block in enumerate(blocks) if block.level == 1), None)
    ordered = blocks if title is None else [blocks[title], *blocks[:title], *blocks[title + 1 :]]
    article = text_reader.parse_article("\n\n".join("\n".join(block.lines) for block in ordered).encode("utf-8"))
    styled = {" ".join(block.lines) for index, block in enumerate(blocks) if block.level and index != title}
    found = set(article.headings) | styled
    headings = tuple(paragraph for paragraph in article.body.split("\n\n") if paragraph in found)
    return replace(article, headings=headings)


READER = Reader(name="docx", claims=_claims, split=split, parse=parse)
