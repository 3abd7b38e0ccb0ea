"""The short excerpt under each hit: plain text, whitespace collapsed, matched words located by offsets.

A result list wants one or two whole sentences around the best match, character offsets for the matched words
and no markup. The window with the most distinct matched words wins (the earliest on a tie); where a sentence
is too long to fit, an ellipsis marks the cut. With nothing to highlight (no text terms, or a title-only
match) the excerpt is the article's opening.

tantivy has a snippet generator, but it re-analyses the whole body for every hit and cost more than the
search it decorates; `highlight.Highlighter` finds the same words by looking only at likely candidates.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Final

from store.highlight import Highlighter

SNIPPET_CHARS: Final = 200
ELLIPSIS: Final = "…"
WINDOWS_TRIED: Final = 12
"""Candidate windows are started at the first few matches only: the best is almost always among them."""

_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?=\s|$)")


@dataclass(frozen=True)
class Excerpt:
    """Snippet text and the [start, end) character offsets of the matched words inside it."""

    text: str
    highlights: tuple[tuple[int, int], ...] = ()


def _flatten(body: str, limit: int | None = None) -> str:
    return " ".join((body if limit is None else body[:limit]).split())


def lead(body: str) -> Excerpt:
    """The opening sentences of `body` that fit in `SNIPPET_CHARS`, or its opening words if one is longer."""
    text = _flatten(body, SNIPPET_CHARS * 4)
    if len(text) <= SNIPPET_CHARS:
        return Excerpt(text)
    stop, suffix = _stop(text, 0, 0)
    return Excerpt(text[:stop] + suffix)


def _start(text: str, match_start: int) -> tuple[int, str]:
    """Where a window showing a match at `match_start` begins: its sentence's start if that is close enough."""
    reach = max(0, match_start - SNIPPET_CHARS // 2)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, reach, match_start)]
    if ends:
        return ends[-1] + 1, ""
    if reach == 0:
        return 0, ""
    cut = text.find(" ", max(reach, match_start - SNIPPET_CHARS // 4))
    return (cut + 1 if 0 <= cut < match_start else match_start), ELLIPSIS


def _stop(text: str, begin: int, must_show: int) -> tuple[int, str]:
    """Where a window from `begin` ends: the last sentence end that fits and shows `must_show`, else a word."""
    limit = begin + SNIPPET_CHARS
    if limit >= len(text):
        return len(text), ""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, begin, limit) if m.end() >= must_show]
    if ends:
        return ends[-1], ""
    cut = text.rfind(" ", begin, limit)
    return (cut if cut > max(begin, must_show) else limit), ELLIPSIS


def snippet(body: str, highlighter: Highlighter | None) -> Excerpt:
    """The best excerpt of `body` for a query's highlighter (or the opening when it marks nothing)."""
    if highlighter is None:
        return lead(body)
    text = _flatten(body)
    spans = highlighter.spans(text)
    if not spans:
        return lead(body)
    if len(text) <= SNIPPET_CHARS:
        return Excerpt(text, tuple(spans))
    best: tuple[int, int, int, str, str] | None = None
    for match_start, match_end in spans[:WINDOWS_TRIED]:
        begin, prefix = _start(text, match_start)
        stop, suffix = _stop(text, begin, match_end)
        shown = spans[bisect.bisect_left(spans, (begin, begin)) : bisect.bisect_left(spans, (stop, stop))]
        words = len({text[start:end].lower() for start, end in shown if end <= stop})
        if best is None or words > best[0]:
            best = (words, begin, stop, prefix, suffix)
        if words >= highlighter.terms:
            break
    assert best is not None
    _, begin, stop, prefix, suffix = best
    shift = len(prefix) - begin
    marked = tuple((start + shift, end + shift) for start, end in spans if begin <= start and end <= stop)
    return Excerpt(prefix + text[begin:stop] + suffix, marked)
