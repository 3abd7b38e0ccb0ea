"""Finds where a query matches in an article's text, so the reader can highlight every hit.

tantivy's snippet generator only marks one fragment, and the reader needs every hit in the whole body. This
walks the query tree and matches body words the way the index does: through the store's own analyzers
(`store.schema.Analyzers`: lower-cased, accent-folded, stemmed), so "defenses" lights up for `defense`, a prefix
matches what the typed stem starts, and a phrase matches only its words in sequence. Words inside `NOT` are never
highlighted, nor are words searched only in another field (`title:`, `byline:`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from store.query import And, Or, Phrase, Prefix, Query, Term
from store.schema import Analyzers

_WORD = re.compile(r"[^\W_]+")
"""tantivy's simple tokenizer splits on every character that is not a letter or a digit."""


@lru_cache(maxsize=1)
def _analyzers() -> Analyzers:
    return Analyzers()


@lru_cache(maxsize=65_536)
def _stem(word: str) -> str:
    words = _analyzers().words(word)
    return words[0] if words else ""


@lru_cache(maxsize=65_536)
def _folded(word: str) -> str:
    words = _analyzers().folded_words(word)
    return words[0] if words else ""


@dataclass(frozen=True)
class _Patterns:
    stems: frozenset[str]
    prefixes: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]


def _collect(query: Query, field: str) -> Iterator[Term | Prefix | Phrase]:
    match query:
        case Term() | Prefix() | Phrase() if query.field in (None, field):
            yield query
        case And(items) | Or(items):
            for item in items:
                yield from _collect(item, field)


def _patterns(query: Query, field: str) -> _Patterns:
    stems: set[str] = set()
    prefixes: list[str] = []
    phrases: list[tuple[str, ...]] = []
    for item in _collect(query, field):
        if isinstance(item, Term):
            stems.add(_stem(item.text))
        elif isinstance(item, Prefix):
            prefixes.append(_folded(item.stem) or item.stem)
        else:
            phrases.append(tuple(_stem(word) for word in item.words))
    return _Patterns(frozenset(stems - {""}), tuple(prefixes), tuple(phrases))


def match_spans(query: Query, text: str, field: str = "body") -> list[tuple[int, int]]:
    """[start, end) character offsets of every word in `text` that `query` matched, in order, merged."""
    patterns = _patterns(query, field)
    if not (patterns.stems or patterns.prefixes or patterns.phrases):
        return []
    words = [(match.start(), match.end(), match.group()) for match in _WORD.finditer(text)]
    stems = [_stem(word) for _, _, word in words]
    marked = [False] * len(words)
    for n, (_, _, word) in enumerate(words):
        if stems[n] in patterns.stems or any(_folded(word).startswith(p) for p in patterns.prefixes):
            marked[n] = True
    for phrase in patterns.phrases:
        size = len(phrase)
        for n in range(len(words) - size + 1):
            if tuple(stems[n : n + size]) == phrase:
                marked[n : n + size] = [True] * size
    spans: list[tuple[int, int]] = []
    for n, (start, end, _) in enumerate(words):
        if not marked[n]:
            continue
        if spans and n > 0 and marked[n - 1] and text[spans[-1][1] : start].isspace():
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans
