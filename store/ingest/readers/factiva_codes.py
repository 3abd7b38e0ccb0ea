"""Factiva's indexing layout: an article as table rows opened by Factiva's two- to four-letter field codes.

`Full Article/Report plus Indexing` prints each article as a table, one row per field, the field's code in
the first cell (`HD` headline, `BY` byline, `SE` section, `WC` word count, `PD` publication date, `SN` source
name, `LA` language, `CY` copyright, `LP` lead paragraph, `TD` text, then the index terms `CO`, `IN`, `NS`,
`RE`, ... and `AN`, the accession number). The codes are the same in every interface language, so they are
read as they stand; the index terms are metadata and never reach the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from store.ingest.readers.export_html import HtmlElement, lines_of, text_of

_CODE = re.compile(r"[A-Z]{2,4}")
_MIN_CODES = 3
"""A table with fewer code rows than this is a table inside an article, not the indexing layout."""
_ARTICLE_CODES = frozenset({"HD", "LP", "TD", "PD", "SN", "WC", "AN"})


@dataclass
class CodedArticle:
    """The fields of one Factiva article, whichever layout they were read from."""

    title: str | None = None
    byline: str | None = None
    section: str | None = None
    date_field: str | None = None
    """The publication date field as printed, read by the caller with the article's text as context."""
    source: str | None = None
    language: str | None = None
    """The language as the interface names it (`English`, `Englisch`, `英文`)."""
    copyright: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    """Lead paragraph first, then the text."""


def coded_rows(article: HtmlElement) -> dict[str, HtmlElement]:
    """Each field code's first value cell, when the article is in the indexing layout; else {}."""
    rows: dict[str, HtmlElement] = {}
    for row in article.iter("tr"):
        cells = [cell for cell in row.iterchildren() if cell.tag in ("td", "th")]
        if len(cells) < 2:
            continue
        code = text_of(cells[0])
        if _CODE.fullmatch(code):
            rows.setdefault(code, cells[1])
    return rows if len(rows) >= _MIN_CODES and _ARTICLE_CODES.intersection(rows) else {}


def read_coded(rows: dict[str, HtmlElement]) -> CodedArticle:
    """The article's fields from its code rows."""
    found = CodedArticle(
        title=_value(rows, "HD"),
        byline=_value(rows, "BY"),
        section=_value(rows, "SE") or _value(rows, "CLM"),
        date_field=_value(rows, "PD"),
        source=_value(rows, "SN"),
        language=_value(rows, "LA"),
        copyright=_value(rows, "CY"),
    )
    for code in ("LP", "TD"):
        if code in rows:
            found.paragraphs.extend(_paragraphs(rows[code]))
    return found


def _value(rows: dict[str, HtmlElement], code: str) -> str | None:
    return text_of(rows[code]) or None if code in rows else None


def _paragraphs(cell: HtmlElement) -> list[str]:
    """A text cell's paragraphs: its `<p>`s, or its lines when it has none."""
    paragraphs = [" ".join(lines) for p in cell.iter("p") if (lines := lines_of(p))]
    return paragraphs or lines_of(cell)
