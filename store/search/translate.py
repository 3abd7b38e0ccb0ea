"""Our query tree (`store.query.tree`) turned into tantivy queries, node by node, never through tantivy's parser.

Building queries directly means tantivy's syntax and its parse errors can never reach the user, and every word
is analyzed exactly as the field it targets was indexed (see `schema.py`): unquoted words as stems in the text
fields, quoted ones as they are in the unstemmed "folded" twins.

Proximity (`Near`) has no query of its own in tantivy, but its sloppy phrases express it exactly once their
quirks are known (see `_windows`), and a regex phrase lets one position stand for several index terms: the
alternatives of an OR-group, a prefix's completions, or the forms of a stem looked up in the term dictionary
when the stem has to be matched in a folded field.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import re
from collections import Counter
from collections.abc import Callable
from typing import Any, Final, assert_never

import tantivy

from store.query.tree import (
    And,
    DateRange,
    Exact,
    Has,
    Is,
    MatchAll,
    MissableField,
    Missing,
    Near,
    Not,
    Or,
    Phrase,
    Prefix,
    Query,
    Tag,
    Term,
    TextField,
    Word,
)
from store.search import words
from store.search.schema import TEXT_FIELDS, TITLE_BOOST, Analyzers, first_key_of, folded_field, key_field

LIKE_TERMS: Final = 25
"""Words of an article that stand for it when looking for related ones."""

LIKE_STOP_WORDS: Final = frozenset((
    "the", "and", "for", "that", "with", "this", "from", "was", "are", "were", "has", "have", "had", "not",
    "but", "his", "her", "its", "they", "their", "them", "said", "says", "will", "would", "which", "who",
    "been", "also", "after", "more", "than", "about", "into", "over", "there", "what", "when", "other",
    "some", "such",
))  # fmt: skip

PRESENCE_FIELDS: Final[dict[MissableField, str]] = {"source": "source", "site": "site", "date": "month", "tag": "tags"}
"""The fast field holding a value exactly when an article has one, for each field `field:none` asks about: `month`
is written only for a date that parses, so it is absent just where the article shows as undated."""

MAX_EXPANSIONS: Final = 16_384
"""Index terms one proximity may stand for, both sides together: tantivy refuses a regex phrase of more."""


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

    def translate(self, query: Query, searcher: Any) -> Any:
        """The tantivy query matching exactly the articles `query` describes, in the index `searcher` reads (whose
        term dictionary a proximity may need)."""
        match query:
            case Term(text, field):
                return self._words(self._analyzers.words(text), field, folded=False)
            case Phrase(phrase, field):
                folded = [token for word in phrase for token in self._analyzers.folded_words(word)]
                return self._words(folded, field, folded=True)
            case Prefix(stem, field):
                return self._prefix(stem, field)
            case Near(field=field):
                return self._across(field, lambda name: self._near(query, name, searcher))
            case Exact(field, value):
                return self._key(field, value)
            case Missing(field):
                return self._and([], [self.present(field)])
            case Tag(name):
                return self._key("tags", name)
            case DateRange(start, end):
                return self._dates(start, end)
            case Is(flag):
                return tantivy.Query.term_query(self._schema, "read", flag == "read")
            case Has():
                return tantivy.Query.term_query(self._schema, "noted", True)
            case Not(item):
                return self._and([], [self.translate(item, searcher)])
            case And(items):
                positives = [self.translate(item, searcher) for item in items if not isinstance(item, Not)]
                negatives = [self.translate(item.item, searcher) for item in items if isinstance(item, Not)]
                return self._and(positives, negatives)
            case Or(items):
                return _any([self.translate(item, searcher) for item in items])
            case MatchAll():
                return tantivy.Query.all_query()
            case _:
                assert_never(query)

    def present(self, field: MissableField) -> Any:
        """Every article with some value in `field`, whatever it is.

        tantivy's exists query reads the fast field's column, so it needs nothing indexed for the purpose and
        counts a multi-valued field (tags) once per article.
        """
        return tantivy.Query.exists_query(PRESENCE_FIELDS[field], False)

    def _words(self, tokens: list[str], field: TextField | None, *, folded: bool) -> Any:
        """Index terms side by side: stems in the text fields, or unstemmed words in their `folded` twins."""
        if not tokens:
            return tantivy.Query.empty_query()

        def build(name: str) -> Any:
            target = folded_field(name) if folded else name
            if len(tokens) == 1:
                return tantivy.Query.term_query(self._schema, target, tokens[0])
            return tantivy.Query.phrase_query(self._schema, target, list[str | tuple[int, str]](tokens))

        return self._across(field, build)

    def _near(self, near: Near, name: str, searcher: Any) -> Any:
        """`near` inside the text field `name`: its two sides' index terms, 1 to `distance` positions apart.

        Unquoted words alone are matched as stems in the field itself. Once a quoted word or a prefix takes part,
        both sides are matched in the folded twin, the only field that holds exact words, where an unquoted
        word stands for the forms of its stem found in the term dictionary.
        """
        stemmed = all(isinstance(word, Term) for word in (*near.left, *near.right))
        field = name if stemmed else folded_field(name)
        left, right = (self._side_terms(side, field, stemmed, searcher) for side in (near.left, near.right))
        if not left or not right:
            return tantivy.Query.empty_query()
        first, second = (_alternatives(terms) for terms in _within_budget(left, right))
        pairs = [(first, second)] if near.ordered else [(first, second), (second, first)]
        return _any(
            [
                tantivy.Query.regex_phrase_query(self._schema, field, [(0, before), (offset, after)], slop=slop)
                for before, after in pairs
                for offset, slop in _windows(near.distance)
            ]
        )

    def _side_terms(self, side: tuple[Word, ...], field: str, stemmed: bool, searcher: Any) -> dict[str, int]:
        """Every index term of `field` one side's words may be, with the number of articles holding it."""
        terms: dict[str, int] = {}
        for word in side:
            terms.update(self._word_terms(word, field, stemmed, searcher))
        return terms

    def _word_terms(self, word: Word, field: str, stemmed: bool, searcher: Any) -> dict[str, int]:
        """The index terms of `field` one word stands for; none for a word the index splits or drops, as the
        parser only lets single words through and an overlong one is never indexed."""
        match word:
            case Term(text):
                tokens = self._analyzers.words(text)
            case Phrase(phrase):
                tokens = self._analyzers.folded_words(" ".join(phrase))
            case Prefix(stem):
                tokens = self._analyzers.folded_words(stem)
        if len(tokens) != 1:
            return {}
        token = tokens[0]
        if isinstance(word, Prefix):
            found = (searcher.terms_with_prefix(field, start) for start in words.prefix_starts(token))
            return {form: count for forms in found for form, count in forms}
        if isinstance(word, Term) and not stemmed:
            candidates = searcher.terms_with_prefix(field, words.stem_start(token))
            return {form: count for form, count in candidates if words.stem(form) == token}
        return {token: searcher.doc_freq(field, token)}

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

        The index holds stems, and a stem can be longer than the typed prefix's own stem, so both spellings
        are tried (see `words.prefix_starts`).
        """
        stemmed = self._analyzers.words(stem)
        folded = self._analyzers.folded_words(stem)
        if not stemmed or not folded:
            return [], []
        return stemmed[:-1], list(words.prefix_starts(folded[-1]))

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


def _windows(distance: int) -> list[tuple[int, int]]:
    """(offset, slop) pairs whose two-word phrases together match the second word 1 to `distance` words after
    the first, never before it and never the first word itself.

    A tantivy phrase of two words `offset` apart with `slop` matches the second word d words after the first for
    every d from `offset - slop` to `offset + slop` (measured on tantivy 0.25 through tantivy-py 0.27, and
    checked by `tests/test_proximity.py`): d = 0 included, so a word on both sides would match itself, and
    d < 0 from a slop of 2 on, which is how it lets phrases match in reverse. Windows starting at d = 1 avoid
    both; as each is an odd number of words wide, an even distance takes two.
    """
    if distance % 2:
        return [((distance + 1) // 2, distance // 2)]
    return [(distance // 2, distance // 2 - 1), (distance, 0)]


def _within_budget(left: dict[str, int], right: dict[str, int]) -> tuple[list[str], list[str]]:
    """Both sides' terms, the rarest dropped when together they pass `MAX_EXPANSIONS` (only prefixes of a letter
    or two reach that, in large archives): each side keeps half the budget, or what the other leaves of it."""
    if len(left) + len(right) <= MAX_EXPANSIONS:
        return sorted(left), sorted(right)
    kept = min(len(left), max(MAX_EXPANSIONS // 2, MAX_EXPANSIONS - len(right)))
    return _most_frequent(left, kept), _most_frequent(right, MAX_EXPANSIONS - kept)


def _most_frequent(terms: dict[str, int], count: int) -> list[str]:
    return sorted(heapq.nlargest(count, terms, key=lambda term: (terms[term], term)))


def _alternatives(terms: list[str]) -> str:
    """A regular expression matching exactly these index terms."""
    return "|".join(map(re.escape, terms))


def _any(queries: list[Any]) -> Any:
    if not queries:
        return tantivy.Query.empty_query()
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, query) for query in queries])
