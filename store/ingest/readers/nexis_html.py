"""Nexis (LexisNexis UK/Academic) result pages saved as HTML: one record per document of the page.

The page prints each document as a run of `<div>` blocks after a counter block (`1 of 74 DOCUMENTS`): centred
blocks with the publication and the date line (and any edition lines), a left-aligned headline set larger than
the text, labelled blocks (`BYLINE:`, `SECTION:`, `LENGTH:`, `DATELINE:` ...), the text, more labelled blocks
(`LOAD-DATE:`, `LANGUAGE:` ...) and a centred copyright notice. Before the first document may stand a cover
page (who downloaded what), which is no article. The labels follow the interface language (`AUTOR:`,
`RUBRIK:`, `LÄNGE:` in German), so a label is recognised by its shape, a bold run ending in a colon that opens
a block, and only the handful of labels that fill a field are looked up by name. Which blocks are centred and
which runs are bold comes from the page's own style sheet (its class names differ from page to page), which is
why each article's chunk carries that style sheet along.

`LOAD-DATE` is when Nexis loaded the document: it is never taken for the publication date.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from store.errors import ParseError
from store.ingest import boilerplate
from store.ingest.decode import clean_text
from store.ingest.readers import Reader, Sample
from store.ingest.readers.export_dates import find_date, without_date
from store.ingest.readers.export_html import (
    HtmlElement,
    chunk_document,
    cut_dateline,
    decode_html,
    has_words,
    lines_of,
    outermost,
    parse_document,
    read_chunk,
    text_of,
    without_by,
)
from store.ingest.readers.nexis_style import Styles
from store.model import ParsedArticle

_COUNTER = re.compile(r"\d{1,6}\s+\S{1,12}\s+(?P<total>\d{1,6})\s+\S{1,20}")
"""`1 of 74 DOCUMENTS`, in whatever words the interface uses."""

_CLAIM_MARKERS = re.compile(
    r">\s*\d{1,6}\s+of\s+\d{1,6}\s+DOCUMENTS\s*<|(?i:<DOC\s+NUMBER\s*=\s*\d+\s*>\s*<DOCFULL>|<!--\s*LXNComment)"
)
"""Nexis's own markers; the counter in the capitals Nexis prints it in, so that a page's `1 of 3 documents`
does not count."""
_HTML = re.compile(r"<(?:html|body|div)\b", re.IGNORECASE)

_LABEL_MAX = 40

_FIELDS: dict[str, str] = {
    **dict.fromkeys(("BYLINE", "AUTHOR", "AUTOR", "AUTEUR", "AUTORE", "AUTOR/A"), "byline"),
    **dict.fromkeys(("SECTION", "RUBRIK", "RUBRIQUE", "SECCIÓN", "SECCION", "SEZIONE", "RUBRIEK", "SEÇÃO"), "section"),
    **dict.fromkeys(("LANGUAGE", "SPRACHE", "LANGUE", "IDIOMA", "LINGUA", "TAAL", "SPRÅK"), "language"),
    **dict.fromkeys(("DATELINE", "ORTSZEILE", "LIEU"), "dateline"),
    **dict.fromkeys(("HEADLINE", "TITEL", "TITRE", "TITULAR", "TITOLO"), "headline"),
    "URL": "url",
}
"""The labels that fill a field, in the interface languages Nexis offers; every other label is metadata that is
kept out of the text and otherwise ignored."""


@dataclass
class _Block:
    """One `<div>` of a document: where it stands, and its label and value if it is a labelled block."""

    element: HtmlElement
    centred: bool
    lines: list[str]
    label: str | None = None
    value: str = ""


@dataclass
class _Header:
    source: str | None = None
    date_text: str | None = None
    date: str | None = None
    copyright: list[str] = field(default_factory=list)


def claims(sample: Sample) -> bool:
    """An HTML page with Nexis's document markers: `N of M DOCUMENTS` inside markup, the hidden `<DOC>` /
    `<DOCFULL>` comments, or Nexis's `LXNComment`. A news page that merely mentions Nexis has none of them."""
    text = sample.text if sample.text is not None else sample.head.decode("latin-1")
    return _HTML.search(text) is not None and _CLAIM_MARKERS.search(text) is not None


def split(raw: bytes) -> list[bytes]:
    """One chunk per document: its blocks, from its counter to the next one, with the page's style sheet."""
    page = parse_document(decode_html(raw))
    counters = _counters(page.root)
    if not counters:
        raise ParseError("no Nexis documents in this page")
    head = f"<style>{page.style}</style>" if page.style.strip() else ""
    chunks: list[bytes] = []
    for start, end in zip(counters, [*counters[1:], None], strict=True):
        chunks.append(chunk_document(_run(start, end), head))
    return chunks


def _counters(root: HtmlElement) -> list[HtmlElement]:
    """The counter blocks (`3 of 74 DOCUMENTS`) that open the documents: siblings, all with the page's total."""
    found = [
        (div, match)
        for div in root.iter("div")
        if div.find(".//div") is None and (match := _COUNTER.fullmatch(text_of(div)))
    ]
    if not found:
        return []
    total = Counter(match["total"] for _, match in found).most_common(1)[0][0]
    parent = next(div.getparent() for div, match in found if match["total"] == total)
    return [div for div, match in found if match["total"] == total and div.getparent() is parent]


def _run(start: HtmlElement, end: HtmlElement | None) -> list[HtmlElement]:
    """`start` and its following siblings up to `end`."""
    elements = [start]
    for sibling in start.itersiblings():
        if sibling is end:
            break
        elements.append(sibling)
    return elements


def parse(chunk: bytes) -> ParsedArticle:
    """One document of a Nexis page; `ParseError` when it holds neither a headline nor any text."""
    page = read_chunk(chunk)
    styles = Styles.read(page.style)
    blocks = [_block(div, styles) for div in outermost(page.root, lambda element: element.tag == "div")]
    blocks = [block for block in blocks if block.lines]
    if blocks and _COUNTER.fullmatch(" ".join(blocks[0].lines)):
        del blocks[0]
    header_end, trailer_start = _frame(blocks)
    header = _read_header(blocks[:header_end])
    middle = blocks[header_end:trailer_start]
    labels = _labels(middle)
    title_block = middle[0] if middle and middle[0].label is None else None
    paragraphs, headings = _text(
        [block for block in middle if block.label is None and block is not title_block], styles
    )
    printed = " ".join(title_block.lines) if title_block else None
    title = next(
        (
            text
            for text in (printed, labels.get("headline"), boilerplate.opening_as_title(paragraphs))
            if has_words(text)
        ),
        None,
    )
    if title is None:
        raise ParseError("no headline and no text in this Nexis document")
    body_place = cut_dateline(paragraphs)
    location = _place(labels.get("dateline")) or body_place
    copyright_lines = header.copyright + [line for block in blocks[trailer_start:] for line in block.lines]
    return ParsedArticle(
        title=title,
        body="\n\n".join(paragraphs),
        date=header.date,
        date_text=header.date_text,
        source=header.source,
        byline=without_by(labels.get("byline")),
        location=location,
        headings=tuple(heading for heading in headings if heading in paragraphs),
        copyright=" ".join(copyright_lines) or None,
        url=labels.get("url"),
        language=labels.get("language"),
        section=(labels.get("section") or "").strip(" ;") or None,
    )


def _block(div: HtmlElement, styles: Styles) -> _Block:
    block = _Block(div, styles.centred(div), lines_of(div))
    labelled = _label(div, styles)
    if labelled is not None:
        block.label, block.value = labelled
    return block


def _label(div: HtmlElement, styles: Styles) -> tuple[str, str] | None:
    """(LABEL, value) when the block is one paragraph opened by a bold run ending in a colon (`LENGTH: `)."""
    paragraphs = [p for p in div.iter("p") if text_of(p)] or [div]
    if len(paragraphs) != 1 or (paragraphs[0].text or "").strip():
        return None
    first = next((element for element in paragraphs[0].iterdescendants() if (element.text or "").strip()), None)
    if first is None or not styles.bold(first):
        return None
    written = text_of(first)
    name = written.removesuffix(":").strip()
    if not written.endswith(":") or not name or len(written) > _LABEL_MAX or name != name.upper():
        return None
    value = text_of(paragraphs[0]).removeprefix(written).strip()
    return name.upper(), value


def _frame(blocks: list[_Block]) -> tuple[int, int]:
    """Where the centred header ends and the centred trailer (the copyright notice) starts.

    A page whose style sheet says nothing of centring is read by position: the header runs to the block after
    the first one holding a date (the publication stands above the date line), the trailer is the run of
    copyright-shaped blocks at the end.
    """
    count = len(blocks)
    if any(block.centred for block in blocks):
        header_end = next((i for i, block in enumerate(blocks) if not block.centred), count)
        trailer_start = count
        while trailer_start > header_end and blocks[trailer_start - 1].centred:
            trailer_start -= 1
        return header_end, trailer_start
    dated = next((i for i, block in enumerate(blocks[:4]) if block.label is None and find_date(block.lines[0])), None)
    header_end = 0 if dated is None else dated + 1
    trailer_start = count
    while trailer_start > header_end and boilerplate.is_copyright(blocks[trailer_start - 1].lines[0]):
        trailer_start -= 1
    return header_end, trailer_start


def _read_header(blocks: list[_Block]) -> _Header:
    """Publication above the date line, copyright notices wherever they stand; edition lines are left out."""
    header = _Header()
    above_date: list[str] = []
    for line in (line for block in blocks for line in block.lines):
        if boilerplate.is_copyright(line):
            header.copyright.append(line)
        elif header.date_text is None and (found := find_date(line)) is not None:
            header.date_text, header.date = found.text, found.iso
        elif header.date_text is None:
            above_date.append(line)
    header.source = above_date[0] if above_date else None
    return header


def _labels(blocks: list[_Block]) -> dict[str, str]:
    """The first value of every label that fills a field."""
    values: dict[str, str] = {}
    for block in blocks:
        name = _FIELDS.get(block.label or "")
        if name and block.value:
            values.setdefault(name, clean_text(block.value))
    return values


def _text(blocks: list[_Block], styles: Styles) -> tuple[list[str], list[str]]:
    """The body's paragraphs, one per `<p>` (a `<br>` inside one is a hard-wrapped line, not a new paragraph),
    and which of them are sub-headings (set in bold throughout)."""
    paragraphs: list[str] = []
    headings: list[str] = []
    for block in blocks:
        for element in [p for p in block.element.iter("p") if text_of(p)] or [block.element]:
            text = text_of(element)
            paragraphs.append(text)
            if styles.all_bold(element):
                headings.append(text)
    return paragraphs, headings


def _place(dateline: str | None) -> str | None:
    """The place of a `DATELINE:` value: `BEIRUT, March 14 2013` and `WHITBY, March 2` name the place first."""
    return without_date(dateline) or None if dateline else None


READER = Reader(name="nexis-html", claims=claims, split=split, parse=parse)
