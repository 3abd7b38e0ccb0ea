"""The proximity operators, read into `Near` nodes: `rice w/5 gates`, `rice NEAR/5 gates` (the same), `rice pre/5
gates` (in that order) and `"rice gates"~5` (the two quoted words, exactly, in either order).

The LexisNexis spelling is kept because it is what researchers of news archives already type, with its range of
distances (1 to 255) and its meaning of one: "within 5 words" means the second word is at most five words from the
first, so `w/1` is the two words side by side. Unlike LexisNexis, a proximity joins exactly two words (or two
OR-groups of words): chains such as `a w/5 b w/3 c` are refused, because the same `b` cannot be required of both
pairs in the index, and quietly searching each pair on its own would find more than was asked for.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Final

from store.errors import QuerySyntaxError
from store.query.tree import Near, Or, Phrase, Prefix, Query, Term, TextField, Word

MAX_DISTANCE: Final = 255
OPERATOR: Final = re.compile(r"(?:w|near|pre)/", re.IGNORECASE)
"""How a proximity operator starts; whatever follows the slash must be its distance."""
_DIGITS = re.compile(r"[0-9]+")
_INDEX_WORD = re.compile(r"[^\W_]+")
"""One word as the index splits text (tantivy's simple tokenizer: runs of letters and digits)."""


def distance(spec: str, digits: str, position: int) -> int:
    """The distance `digits` of the operator written `spec` (`w/5`, `~5`), or a `QuerySyntaxError` at `position`."""
    if _DIGITS.fullmatch(digits) and 1 <= int(digits) <= MAX_DISTANCE:
        return int(digits)
    raise QuerySyntaxError(f"'{spec}' needs a distance from 1 to {MAX_DISTANCE} words", position)


def near(left: Query, right: Query, operator: str, span: int, position: int) -> Near:
    """`left` and `right` joined by `operator` (`w/5`, `pre/5`...): each must be a word or an OR-group of words."""
    sides = (_words(left, operator, position), _words(right, operator, position))
    ordered = operator.lower().startswith("pre")
    return _fielded(sides, span, ordered, operator, position)


def quoted_near(words: tuple[str, ...], field: TextField | None, span: int, position: int) -> Near:
    """`"a b"~N`: the two quoted words, each matched exactly, within `span` words of each other in either order."""
    if len(words) != 2:
        raise QuerySyntaxError(f"'~{span}' needs exactly two quoted words", position)
    for word in words:
        _single(word, f"~{span}", position)
    return Near((Phrase((words[0],)),), (Phrase((words[1],)),), span, False, field)


def _words(side: Query, operator: str, position: int) -> tuple[Word, ...]:
    """The alternatives one side of a proximity offers; anything but single words is refused."""
    items = side.items if isinstance(side, Or) else (side,)
    words: list[Word] = []
    for item in items:
        match item:
            case Term(text) | Prefix(text):
                _single(text, operator, position)
            case Phrase(phrase) if len(phrase) == 1:
                _single(phrase[0], operator, position)
            case _:
                raise QuerySyntaxError(f"'{operator}' joins single words (or OR-groups of them)", position)
        words.append(item)
    return tuple(words)


def _single(word: str, operator: str, position: int) -> None:
    """A word the index holds as one token: `u.s` is two, and a phrase has no single position to measure from."""
    if len(_INDEX_WORD.findall(word)) != 1:
        raise QuerySyntaxError(f"'{operator}' joins single words, and '{word}' is more than one", position)


def _fielded(
    sides: tuple[tuple[Word, ...], tuple[Word, ...]], span: int, ordered: bool, operator: str, position: int
) -> Near:
    """The proximity in the one field its words name (a field on either word applies to both), if any."""
    fields = {word.field for side in sides for word in side} - {None}
    if len(fields) > 1:
        raise QuerySyntaxError(f"'{operator}' needs both words in the same field", position)
    left, right = (tuple(replace(word, field=None) for word in side) for side in sides)
    return Near(left, right, span, ordered, next(iter(fields), None))
