"""Where a query matched in a text: the spans the result list's snippets and the reader's highlights mark.

Words are matched the way the index matched them (see `words.py`): unquoted ones by their stems, so "defenses"
lights up for `defense`; quoted ones only in their exact, accent-folded form, so `"Greene"` never marks "Green";
a prefix marks every word beginning with it or with its stem (`happy*` marks "happiness"). A proximity marks
its two words only where they stand close enough (and in order, for `pre/`), counting one position per word as
the index does. Words under `NOT`, and words searched only in another field (`title:`), are never marked.

Analysing every word of a body through tantivy for each hit would cost more than the search itself, so a
fast scan first finds the few candidate words (those starting like a query word, or holding an accented
letter that folding may turn into one) and only those are analysed. Phrases are marked word by word, in sequence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from store.query.tree import And, Near, Or, Phrase, Prefix, Query, Term, Word
from store.search.words import folded, folds, prefix_starts, stem, stem_start, stems

_WORD = re.compile(r"[^\W_]+")
"""tantivy's simple tokenizer splits on every character that is not a letter or a digit."""
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@dataclass(frozen=True)
class _Words:
    """What one query word matches, or any of the words on one side of a proximity."""

    stems: frozenset[str] = frozenset()
    exact: frozenset[str] = frozenset()
    """Folded forms of quoted words."""
    prefixes: tuple[str, ...] = ()

    def matches(self, word: str) -> bool:
        if self.stems and stem(word) in self.stems:
            return True
        if not (self.exact or self.prefixes):
            return False
        form = folded(word)
        return form in self.exact or any(form.startswith(prefix) for prefix in self.prefixes)

    def starts(self) -> set[str]:
        """What each word this matches begins with, lower-cased."""
        return {*map(stem_start, self.stems), *self.exact, *self.prefixes}

    def __len__(self) -> int:
        return len(self.stems) + len(self.exact) + len(self.prefixes)


def _union(alternatives: Iterable[_Words]) -> _Words:
    chosen = list(alternatives)
    return _Words(
        frozenset().union(*(words.stems for words in chosen)),
        frozenset().union(*(words.exact for words in chosen)),
        tuple(prefix for words in chosen for prefix in words.prefixes),
    )


@dataclass(frozen=True)
class _Near:
    """A proximity's two sides, how many words apart they may stand, and whether `left` must come first."""

    left: _Words
    right: _Words
    distance: int
    ordered: bool


def _sequence(word: Word) -> tuple[_Words, ...]:
    """The index terms a word or phrase stands for, in order: several when the index splits it (`u.s`)."""
    match word:
        case Term(text):
            return tuple(_Words(stems=frozenset({token})) for token in stems(text))
        case Phrase(phrase):
            return tuple(_Words(exact=frozenset({token})) for text in phrase for token in folds(text))
        case Prefix(text):
            tokens = folds(text)
            leading = (_Words(stems=frozenset({stem(token)}), exact=frozenset({token})) for token in tokens[:-1])
            return (*leading, _Words(prefixes=prefix_starts(tokens[-1]))) if tokens else ()


def _side(alternatives: tuple[Word, ...]) -> _Words:
    """One side of a proximity: the alternatives the index holds as one term (the parser lets no others in)."""
    return _union(sequence[0] for sequence in map(_sequence, alternatives) if len(sequence) == 1)


def _collect(query: Query, field: str) -> Iterator[Term | Prefix | Phrase | Near]:
    match query:
        case Term() | Prefix() | Phrase() | Near() if query.field in (None, field):
            yield query
        case And(items) | Or(items):
            for item in items:
                yield from _collect(item, field)


@dataclass(frozen=True)
class Highlighter:
    """The matching rules of one query for one field, built once and applied to many texts."""

    alone: _Words
    """Words marked wherever they stand."""
    phrases: tuple[tuple[_Words, ...], ...]
    near: tuple[_Near, ...]
    starts: tuple[str, ...]
    """What every matchable word starts with, lower-cased: where candidate words are looked for."""

    @classmethod
    def for_query(cls, query: Query, field: str = "body") -> Highlighter | None:
        """The highlighter for `query`'s positive words in `field`; None when there is nothing to mark."""
        alone: list[_Words] = []
        phrases: list[tuple[_Words, ...]] = []
        near: list[_Near] = []
        for node in _collect(query, field):
            if isinstance(node, Near):
                left, right = _side(node.left), _side(node.right)
                if left and right:
                    near.append(_Near(left, right, node.distance, node.ordered))
                continue
            sequence = _sequence(node)
            if len(sequence) == 1:
                alone.extend(sequence)
            elif sequence:
                phrases.append(sequence)
        every = [*alone, *(words for phrase in phrases for words in phrase)]
        every.extend(words for rule in near for words in (rule.left, rule.right))
        starts = set().union(*(words.starts() for words in every)) - {""}
        if not starts:
            return None
        return cls(_union(alone), tuple(phrases), tuple(near), tuple(sorted(starts)))

    @property
    def terms(self) -> int:
        """How many distinct things this highlighter looks for (what a perfect snippet would show)."""
        return len(self.alone) + sum(len(phrase) for phrase in self.phrases) + 2 * len(self.near)

    @property
    def has_proximity(self) -> bool:
        """Whether a match can depend on words any number of characters away (a proximity's other word)."""
        return bool(self.near)

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
        found = {(start, end) for start, end in candidates if self.alone.matches(text[start:end])}
        for phrase in self.phrases:
            found.update(_phrase_spans(text, phrase, candidates))
        if self.near:
            found.update(_near_spans(text, self.near, candidates))
        return _merge_adjacent(sorted(found), text)


def _phrase_spans(text: str, phrase: tuple[_Words, ...], candidates: set[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The words of every occurrence of `phrase`, checked forward from each candidate first word."""
    for start, end in candidates:
        if not phrase[0].matches(text[start:end]):
            continue
        words = [(start, end)]
        for word in _WORD.finditer(text, end):
            if len(words) == len(phrase):
                break
            words.append((word.start(), word.end()))
        if len(words) == len(phrase) and all(
            expected.matches(text[a:b]) for (a, b), expected in zip(words, phrase, strict=True)
        ):
            yield from words


def _near_spans(text: str, rules: tuple[_Near, ...], candidates: set[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Both words of every pair a proximity matched, positions counted as the index counts them: one a word."""
    starts = [word.start() for word in _WORD.finditer(text)]
    numbered = sorted((bisect.bisect_left(starts, start), (start, end)) for start, end in candidates)
    for rule in rules:
        lefts = [(number, span) for number, span in numbered if rule.left.matches(text[span[0] : span[1]])]
        rights = [(number, span) for number, span in numbered if rule.right.matches(text[span[0] : span[1]])]
        numbers = [number for number, _ in rights]
        for number, span in lefts:
            low = number + 1 if rule.ordered else number - rule.distance
            first = bisect.bisect_left(numbers, low)
            last = bisect.bisect_right(numbers, number + rule.distance)
            close = [other for other_number, other in rights[first:last] if other_number != number]
            if close:
                yield span
                yield from close


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
