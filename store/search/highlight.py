"""Where a query matched in a text: the spans the result list's snippets and the reader's highlights mark.

Words are matched the way the index matched them, through the store's own analyzers (lower-cased,
accent-folded, stemmed), so "defenses" lights up for `defense` and a prefix marks every word it starts. Words
under `NOT`, and words searched only in another field (`title:`), are never marked.

Analysing every word of a body through tantivy for each hit would cost more than the search itself, so a
regular expression first finds the few candidate words (those starting like a query word, or holding an accented
letter that folding may turn into one) and only those are analysed. Phrases are marked word by word, in sequence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from store.query.tree import And, Or, Phrase, Prefix, Query, Term
from store.search.schema import Analyzers

_WORD = re.compile(r"[^\W_]+")
"""tantivy's simple tokenizer splits on every character that is not a letter or a digit."""
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


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


def _shared_start(first: str, second: str) -> str:
    length = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        length += 1
    return first[:length]


def _collect(query: Query, field: str) -> Iterator[Term | Prefix | Phrase]:
    match query:
        case Term() | Prefix() | Phrase() if query.field in (None, field):
            yield query
        case And(items) | Or(items):
            for item in items:
                yield from _collect(item, field)


@dataclass(frozen=True)
class Highlighter:
    """The matching rules of one query for one field, built once and applied to many texts."""

    stems: frozenset[str]
    prefixes: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]
    starts: tuple[str, ...]
    """What every matchable word starts with, lower-cased: where candidate words are looked for."""

    @classmethod
    def for_query(cls, query: Query, field: str = "body") -> Highlighter | None:
        """The highlighter for `query`'s positive words in `field`; None when there is nothing to mark."""
        stems: set[str] = set()
        prefixes: list[str] = []
        phrases: list[tuple[str, ...]] = []
        starts: set[str] = set()
        for node in _collect(query, field):
            if isinstance(node, Prefix):
                prefixes.append(_folded(node.stem) or node.stem.lower())
                starts.add(prefixes[-1])
                continue
            words = (node.text,) if isinstance(node, Term) else node.words
            stemmed = tuple(_stem(word) for word in words)
            if isinstance(node, Term):
                stems.add(stemmed[0])
            else:
                phrases.append(stemmed)
            starts.update(_shared_start(stem, _folded(word)) or stem for stem, word in zip(stemmed, words, strict=True))
        starts.discard("")
        stems.discard("")
        if not starts:
            return None
        return cls(frozenset(stems), tuple(prefixes), tuple(phrases), tuple(sorted(starts)))

    @property
    def terms(self) -> int:
        """How many distinct things this highlighter looks for (what a perfect snippet would show)."""
        return len(self.stems) + len(self.prefixes) + sum(len(phrase) for phrase in self.phrases)

    def _marks(self, word: str) -> bool:
        folded = _folded(word)
        return _stem(word) in self.stems or any(folded.startswith(prefix) for prefix in self.prefixes)

    def _candidates(self, text: str) -> set[tuple[int, int]]:
        """Whole words of `text` beginning with one of `starts` (found with `str.find`, far faster than a regex)."""
        lowered = text.lower()
        if len(lowered) != len(text):
            lowered = text
        found = set()
        for start in self.starts:
            position = lowered.find(start)
            while position != -1:
                if position == 0 or not lowered[position - 1].isalnum():
                    word = _WORD.match(lowered, position)
                    if word is not None:
                        found.add((position, word.end()))
                position = lowered.find(start, position + 1)
        if not text.isascii():
            found.update(_accented_words(text))
        return found

    def spans(self, text: str) -> list[tuple[int, int]]:
        """[start, end) character offsets of every matched word in `text`, in order."""
        candidates = self._candidates(text)
        found = {(start, end) for start, end in candidates if self._marks(text[start:end])}
        for phrase in self.phrases:
            found.update(_phrase_spans(text, phrase, candidates))
        return _merge_adjacent(sorted(found), text)


def _phrase_spans(text: str, phrase: tuple[str, ...], candidates: set[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The words of every occurrence of `phrase` (stems), checked forward from each candidate first word."""
    for start, end in candidates:
        if _stem(text[start:end]) != phrase[0]:
            continue
        words = [(start, end)]
        for word in _WORD.finditer(text, end):
            if len(words) == len(phrase):
                break
            words.append((word.start(), word.end()))
        if len(words) == len(phrase) and all(
            _stem(text[a:b]) == stem for (a, b), stem in zip(words, phrase, strict=True)
        ):
            yield from words


def _merge_adjacent(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Join matches separated only by spaces or a hyphen: "missile defense" is one hit to read, not two."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and text[merged[-1][1] : start].strip(" -") == "":
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _accented_words(text: str) -> Iterator[tuple[int, int]]:
    """Words holding a non-ASCII letter: accent folding may make them match though they start unlike any query word."""
    end = 0
    for match in _NON_ASCII.finditer(text):
        if match.start() < end or not match.group().isalnum():
            continue
        start = match.start()
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        word = _WORD.match(text, start)
        end = word.end() if word else match.end()
        yield start, end


def match_spans(query: Query, text: str, field: str = "body") -> list[tuple[int, int]]:
    """[start, end) offsets of every word of `text` that `query` matched in `field`."""
    highlighter = Highlighter.for_query(query, field)
    return highlighter.spans(text) if highlighter is not None else []
