"""Our query tree (`store.query.tree`) turned into tantivy queries, node by node, never through tantivy's parser.

Building queries directly means tantivy's syntax and its parse errors can never reach the user, and every word
is analyzed exactly as the field it targets was indexed (see `schema.py`).
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections import Counter
from collections.abc import Callable
from typing import Any, Final, assert_never

import tantivy

from store.query.tree import (
    And,
    DateRange,
    Exact,
    Is,
    MatchAll,
    Not,
    Or,
    Phrase,
    Prefix,
    Query,
    Tag,
    Term,
    TextField,
)
from store.search.schema import TEXT_FIELDS, TITLE_BOOST, Analyzers, first_key_of, folded_field, key_field

LIKE_TERMS: Final = 25
"""Words of an article that stand for it when looking for related ones."""

LIKE_STOP_WORDS: Final = frozenset((
    "the", "and", "for", "that", "with", "this", "from", "was", "are", "were", "has", "have", "had", "not",
    "but", "his", "her", "its", "they", "their", "them", "said", "says", "will", "would", "which", "who",
    "been", "also", "after", "more", "than", "about", "into", "over", "there", "what", "when", "other",
    "some", "such",
))  # fmt: skip


class Translator:
    """Builds tantivy queries for one schema; `analyzers` must be the ones the index was built with."""

    def __init__(self, schema: Any, analyzers: Analyzers) -> None:
        self._schema = schema
        self._analyzers = analyzers

    def like(self, text: str, searcher: Any, exclude_id: str) -> Any | None:
        """A query for articles like `text`: its most characteristic words, weighted by tf-idf, not `exclude_id`.

        tantivy's own more-like-this panics once the index holds deleted documents (every tag or read-state
        change leaves one until a merge), so the same idea is built here from plain term queries.
        """
        total = max(searcher.num_docs, 1)
        counts = Counter(
            word for word in self._analyzers.folded_words(text) if len(word) >= 3 and word not in LIKE_STOP_WORDS
        )
        weighted: list[tuple[float, str]] = []
        for word, frequency in counts.items():
            stems = self._analyzers.words(word)
            if not stems:
                continue
            documents = min(searcher.doc_freq("body", stems[0]), total)
            if documents >= 2:
                weighted.append((frequency * math.log(1 + (total - documents + 0.5) / (documents + 0.5)), stems[0]))
        best = heapq.nlargest(LIKE_TERMS, set(weighted))
        if not best:
            return None
        terms = [
            (tantivy.Occur.Should, tantivy.Query.boost_query(self._across(None, self._term(stem)), weight))
            for weight, stem in best
        ]
        itself = tantivy.Query.term_query(self._schema, "id", exclude_id)
        return tantivy.Query.boolean_query([*terms, (tantivy.Occur.MustNot, itself)])

    def _term(self, stem: str) -> Callable[[str], Any]:
        return lambda name: tantivy.Query.term_query(self._schema, name, stem)

    def translate(self, query: Query) -> Any:
        """The tantivy query matching exactly the articles `query` describes."""
        match query:
            case Term(text, field):
                return self._words(self._analyzers.words(text), field)
            case Phrase(words, field):
                return self._words([token for word in words for token in self._analyzers.words(word)], field)
            case Prefix(stem, field):
                return self._prefix(stem, field)
            case Exact(field, value):
                return self._key(field, value)
            case Tag(name):
                return self._key("tags", name)
            case DateRange(start, end):
                return self._dates(start, end)
            case Is(flag):
                return tantivy.Query.term_query(self._schema, "read", flag == "read")
            case Not(item):
                return self._and([], [self.translate(item)])
            case And(items):
                positives = [self.translate(item) for item in items if not isinstance(item, Not)]
                negatives = [self.translate(item.item) for item in items if isinstance(item, Not)]
                return self._and(positives, negatives)
            case Or(items):
                return _any([self.translate(item) for item in items])
            case MatchAll():
                return tantivy.Query.all_query()
            case _:
                assert_never(query)

    def _words(self, tokens: list[str], field: TextField | None) -> Any:
        if not tokens:
            return tantivy.Query.empty_query()
        if len(tokens) == 1:
            return self._across(field, lambda name: tantivy.Query.term_query(self._schema, name, tokens[0]))
        return self._across(
            field,
            lambda name: tantivy.Query.phrase_query(self._schema, name, list[str | tuple[int, str]](tokens)),
        )

    def _prefix(self, stem: str, field: TextField | None) -> Any:
        """Words beginning with `stem`: their stems in the text fields, and the words themselves in the unstemmed
        twins, since a stem can be shorter than what was typed ("government" indexes as "govern", which
        "governm" does not begin)."""
        leading, candidates = self._prefix_parts(stem)
        if not candidates:
            return tantivy.Query.empty_query()
        folded = self._analyzers.folded_words(stem)
        return self._across(
            field,
            lambda name: _any(
                [
                    *(tantivy.Query.phrase_prefix_query(self._schema, name, [*leading, last]) for last in candidates),
                    tantivy.Query.phrase_prefix_query(
                        self._schema, folded_field(name), list[str | tuple[int, str]](folded)
                    ),
                ]
            ),
        )

    def _prefix_parts(self, stem: str) -> tuple[list[str], list[str]]:
        """The whole words before the prefix, and the index terms the last word may begin with.

        The index holds stems, and a stem can be longer than the typed prefix's own stem ("happy" indexes
        as "happi", so `happy*` finds "happiness"), so both the stemmed and the merely folded spelling are tried;
        one that extends the other adds nothing.
        """
        stemmed = self._analyzers.words(stem)
        folded = self._analyzers.folded_words(stem)
        if not stemmed or not folded:
            return [], []
        first, second = stemmed[-1], folded[-1]
        if second.startswith(first):
            candidates = [first]
        elif first.startswith(second):
            candidates = [second]
        else:
            candidates = [first, second]
        return stemmed[:-1], candidates

    def _across(self, field: TextField | None, build: Callable[[str], Any]) -> Any:
        if field is not None:
            return build(field)
        return _any(
            [
                tantivy.Query.boost_query(build(name), TITLE_BOOST) if name == "title" else build(name)
                for name in TEXT_FIELDS
            ]
        )

    def _key(self, field: str, value: str) -> Any:
        return tantivy.Query.term_query(self._schema, key_field(field), self._analyzers.key(value))

    def _dates(self, start: dt.date | None, end: dt.date | None) -> Any:
        return tantivy.Query.range_query(
            self._schema,
            "date_key",
            tantivy.FieldType.Integer,
            lower_bound=first_key_of(start or dt.date.min),
            upper_bound=None if end is None else first_key_of(end),
            include_upper=end is None,
        )

    @staticmethod
    def _and(positives: list[Any], negatives: list[Any]) -> Any:
        if not negatives and len(positives) == 1:
            return positives[0]
        must = positives or [tantivy.Query.all_query()]
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, query) for query in must] + [(tantivy.Occur.MustNot, query) for query in negatives]
        )


def _any(queries: list[Any]) -> Any:
    if not queries:
        return tantivy.Query.empty_query()
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, query) for query in queries])
