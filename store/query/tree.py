"""The newsdesk query language: text typed by a person, turned into an immutable, hashable query tree.

The tree is what the rest of the store understands (`store.search.translate` turns it into tantivy queries), so
the user never meets tantivy's own syntax or errors. Unquoted words (`Term`) match their stems; quoted words
(`Phrase`, one word or several) match exactly those words, unstemmed and case-insensitive. Parsing never raises
anything but `QuerySyntaxError`, and refuses queries nesting deeper than `parser.MAX_NESTING`, so the functions
here and elsewhere that walk a parsed tree recursively stay far inside Python's stack.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, TypeAlias

TextField = Literal["title", "body", "byline", "location", "note"]
ExactField = Literal["source", "site"]
MissableField = Literal["source", "site", "date", "tag"]
"""The fields an article can lack altogether, which `field:none` finds."""


@dataclass(frozen=True)
class Term:
    """One word, matched by its stem ("defenses" finds "defense"); `field` None means any text field."""

    text: str
    field: TextField | None = None


@dataclass(frozen=True)
class Phrase:
    """Quoted words: exactly these (lower-cased, accent-folded, never stemmed), side by side and in order.

    One quoted word is a one-word phrase, so `"Greene"` finds "Greene" but not "Green" or "Greens".
    """

    words: tuple[str, ...]
    field: TextField | None = None


@dataclass(frozen=True)
class Prefix:
    """Any word starting with `stem` (`missil*`)."""

    stem: str
    field: TextField | None = None


@dataclass(frozen=True)
class Exact:
    """The whole source or site equals `value` (lower-cased; matching is case-insensitive)."""

    field: ExactField
    value: str


@dataclass(frozen=True)
class Missing:
    """Articles with no value at all in `field`: no source, no site, no date, or not one tag (`source:none`)."""

    field: MissableField


@dataclass(frozen=True)
class DateRange:
    """Articles dated in [start, end): either bound may be open. Undated articles never match."""

    start: dt.date | None
    end: dt.date | None


@dataclass(frozen=True)
class Tag:
    """A user tag (lower-cased); `starred` is the tag the star key sets."""

    name: str


@dataclass(frozen=True)
class Is:
    """A reading-state flag: `read` or `unread`."""

    flag: Literal["read", "unread"]


@dataclass(frozen=True)
class Has:
    """Articles the user added something to: `has:note`."""

    what: Literal["note"]


@dataclass(frozen=True)
class Not:
    """Everything the inner query does not match."""

    item: Query


@dataclass(frozen=True)
class And:
    """All of the items (terms written side by side)."""

    items: tuple[Query, ...]


@dataclass(frozen=True)
class Or:
    """Any of the items."""

    items: tuple[Query, ...]


@dataclass(frozen=True)
class MatchAll:
    """The empty query: every article."""


Word: TypeAlias = Term | Phrase | Prefix
"""What a proximity joins: a word by its stem, one exact (quoted) word, or a prefix; never with a field of its own."""


@dataclass(frozen=True)
class Near:
    """Two words at most `distance` words apart (`rice w/5 gates`: four or fewer words between), in either order,
    or with `left` first when `ordered` (`rice pre/5 gates`).

    Each side lists alternatives, any of which will do (`(rice OR powell) w/5 gates`). Positions only compare
    within one field, so both words must be in the same one: `field`, or any single text field when None.
    """

    left: tuple[Word, ...]
    right: tuple[Word, ...]
    distance: int
    ordered: bool = False
    field: TextField | None = None


Query: TypeAlias = (
    Term | Phrase | Prefix | Near | Exact | Missing | DateRange | Tag | Is | Has | Not | And | Or | MatchAll
)


def has_scored_terms(query: Query) -> bool:
    """Whether the query asks for words BM25 can rank (not only filters), so results are sorted by relevance.

    Words under a `Not` do not count (excluding a word gives BM25 nothing to score), and neither do bare
    prefixes: they match every completion with the same score.
    """
    match query:
        case Term() | Phrase() | Near():
            return True
        case And(items) | Or(items):
            return any(has_scored_terms(item) for item in items)
        case _:
            return False
