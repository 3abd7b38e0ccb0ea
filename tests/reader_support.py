"""What reader tests share: arbitrary input is read or refused with `ParseError` and nothing else, and an
export's articles are compared field by field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import strategies as st

from store.errors import ParseError
from store.ingest.readers import Reader
from store.model import ParsedArticle


def read_or_refuse(reader: Reader, raw: bytes, *, also_whole: bool = False) -> None:
    """Split `raw` and parse every chunk (and, with `also_whole`, `raw` itself as one chunk); an article that
    is read has a title."""
    try:
        chunks = reader.split(raw)
    except ParseError:
        chunks = []
    for chunk in [*chunks, raw] if also_whole else chunks:
        try:
            article = reader.parse(chunk)
        except ParseError:
            continue
        assert article.title


@dataclass(frozen=True)
class Expected:
    """The fields one article of an export must yield (its body by its first and last words)."""

    title: str
    date: str | None
    date_text: str | None
    source: str | None
    byline: str | None
    section: str | None
    language: str | None
    location: str | None
    copyright: str | None
    body_starts: str
    body_ends: str
    headings: tuple[str, ...] = ()
    url: str | None = None


def observed(article: ParsedArticle, expected: Expected) -> Expected:
    """The article's fields in the shape of `expected` (its body cut to the lengths `expected` gives)."""
    return Expected(
        title=article.title,
        date=article.date,
        date_text=article.date_text,
        source=article.source,
        byline=article.byline,
        section=article.section,
        language=article.language,
        location=article.location,
        copyright=article.copyright,
        body_starts=article.body[: len(expected.body_starts)],
        body_ends=article.body[-len(expected.body_ends) :],
        headings=article.headings,
        url=article.url,
    )


STATED_FIELDS = ("title", "date", "date_text", "source", "byline", "section", "language", "location", "copyright")
"""The fields an export states for each article, compared together so a failure shows them all."""


def stated_fields(item: object) -> tuple[object, ...]:
    """The stated fields of an article, or of an expectation with the same field names."""
    return tuple(getattr(item, name) for name in STATED_FIELDS)


EXPORT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "exports"


def corpus_export(folder: str, name: str) -> bytes:
    """A real export from `../shared/corpus/exports/`; the test is skipped where the corpus is absent."""
    path = EXPORT_CORPUS / folder / name
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return path.read_bytes()


def markup_soup(pieces: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Text made of a format's own fragments (tags, labels, dates) and random snippets, in any order: closer to
    the exports a reader meets, broken or not, than random bytes."""
    return st.lists(st.one_of(pieces, st.text(max_size=12)), max_size=60).map("".join)
