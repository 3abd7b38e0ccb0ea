"""The search index's tantivy schema and text analysis, shared by the writer (`index.py`) and the readers.

We never hand user text to tantivy's query parser, so every query term must be analyzed here with the very
analyzer its field was indexed with; keeping the schema, the analyzers and the field names in one module is
what guarantees that. Bump `SCHEMA_VERSION` whenever a field or an analyzer changes: an index stamped with
another version reads as missing, and the archive rebuilds it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Final

import tantivy

SCHEMA_VERSION: Final = 4

TEXT_ANALYZER: Final = "news_text"
"""Words: split on non-alphanumerics, drop absurdly long tokens, lower-case, fold accents, English stems."""
FOLDED_ANALYZER: Final = "news_folded"
"""The same words unstemmed, for prefixes: "governm" must find "government", whose stem is "govern"."""
KEY_ANALYZER: Final = "news_key"
"""Whole values compared case-insensitively: the entire string is one lower-cased token."""

TEXT_FIELDS: Final = ("title", "body", "byline", "location")
"""Searched by words; `location` (the dateline's place) too, so `prague` finds `PRAGUE, March 3 (RFE/RL) --`."""
NOTE_FIELD: Final = "note"
"""The user's note, searched by words like the text fields but only when asked for (`note:radar`): a word
typed alone finds what the articles say, not what the user wrote about them."""
WORD_FIELDS: Final = (*TEXT_FIELDS, NOTE_FIELD)
"""Every field indexed by words (stemmed, and unstemmed in its folded twin)."""
TITLE_BOOST: Final = 3.0
KEYED_FIELDS: Final = ("source", "site", "tags")
"""Each stored verbatim (display, facets) and again as `<name>_key`, lower-cased, for matching."""

MAX_TOKEN_BYTES: Final = 40
_TIE_BITS: Final = 40


def folded_field(name: str) -> str:
    """The unstemmed twin of a text field, which prefix queries search (it is indexed, not stored)."""
    return f"{name}_folded"


def key_field(name: str) -> str:
    """The lower-cased match field that shadows a keyed field."""
    return f"{name}_key"


def build_schema() -> Any:
    """The tantivy schema (typed Any: tantivy objects stay inside the index modules)."""
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    for name in WORD_FIELDS:
        builder.add_text_field(name, stored=True, tokenizer_name=TEXT_ANALYZER)
        builder.add_text_field(folded_field(name), tokenizer_name=FOLDED_ANALYZER)
    for name in KEYED_FIELDS:
        builder.add_text_field(name, stored=True, fast=True, tokenizer_name="raw", index_option="basic")
        builder.add_text_field(key_field(name), tokenizer_name=KEY_ANALYZER, index_option="basic")
    builder.add_text_field("path", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("day", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("date_key", fast=True)
    builder.add_integer_field("month", fast=True)
    builder.add_text_field("title_key", fast=True, tokenizer_name="raw", index_option="basic")
    builder.add_boolean_field("read", stored=True, indexed=True)
    builder.add_boolean_field("noted", indexed=True)
    return builder.build()


def _text_analyzer(*, stem: bool) -> Any:
    builder = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(MAX_TOKEN_BYTES))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
    )
    if stem:
        builder = builder.filter(tantivy.Filter.stemmer("english"))
    return builder.build()


class Analyzers:
    """The analyzers, built once per process: registered on every opened index and applied to query terms."""

    def __init__(self) -> None:
        self._text = _text_analyzer(stem=True)
        self._folded = _text_analyzer(stem=False)
        self._key = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw()).filter(tantivy.Filter.lowercase()).build()

    def register(self, index: Any) -> None:
        """Make the analyzers the schema names available to `index` (tantivy does not persist them)."""
        index.register_tokenizer(TEXT_ANALYZER, self._text)
        index.register_tokenizer(FOLDED_ANALYZER, self._folded)
        index.register_tokenizer(KEY_ANALYZER, self._key)

    def words(self, text: str) -> list[str]:
        """`text` as the text fields index it (stemmed)."""
        return [str(token) for token in self._text.analyze(text)]

    def folded_words(self, text: str) -> list[str]:
        """`text` lower-cased and accent-folded but not stemmed: as the folded fields index it, and what a typed
        prefix literally starts with."""
        return [str(token) for token in self._folded.analyze(text)]

    def key(self, value: str) -> str:
        """`value` as the `*_key` fields index it."""
        tokens = self._key.analyze(value)
        return str(tokens[0]) if tokens else ""


def date_key(date: dt.date | None, article_id: str) -> int:
    """The `date_key` fast field, used both to sort by date and for date ranges.

    The day number sits in the high bits and a stable hash of the id below it, so that articles of the same day
    keep one order. Undated articles get day 0: they sort after every dated one and no date range reaches them.
    Any date Python knows fits, unlike tantivy's own date type (years 1677-2262).
    """
    day = date.toordinal() if date else 0
    digest = hashlib.blake2b(article_id.encode(), digest_size=_TIE_BITS // 8).digest()
    return (day << _TIE_BITS) | int.from_bytes(digest, "big")


def first_key_of(date: dt.date) -> int:
    """The smallest `date_key` on `date`: ranges over days become ranges over keys."""
    return date.toordinal() << _TIE_BITS


def month_number(date: dt.date) -> int:
    """The `month` fast field: YYYYMM as one integer, so a terms aggregation counts the timeline."""
    return date.year * 100 + date.month


def month_label(number: int) -> str:
    """`YYYY-MM` for a `month` field value."""
    return f"{number // 100:04d}-{number % 100:02d}"
