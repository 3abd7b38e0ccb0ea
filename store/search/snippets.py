"""The short excerpt under each hit: plain text, whitespace collapsed, matched words located by offsets.

A result list wants one or two whole sentences around the best match, character offsets for the matched words
and no markup. The window with the most distinct matched words wins (the earliest on a tie); where a sentence
is too long to fit, an ellipsis marks the cut. With nothing to highlight (no text terms, or a title-only
match) the excerpt is the article's opening.

tantivy has a snippet generator, but it re-analyses the whole body for every hit and cost more than the
search it decorates; `highlight.Highlighter` finds the same words by looking only at likely candidates, and
only in the body's opening when the windows there settle the choice.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Final

from store.search.highlight import Highlighter

SNIPPET_CHARS: Final = 200
ELLIPSIS: Final = "…"
WINDOWS_TRIED: Final = 12
"""Candidate windows are started at the first few matches only: the best is almost always among them."""
OPENING_CHARS: Final = 1_500
"""Matches are looked for in this much of the body first, and in the rest only when the windows tried there do not
settle the choice: a short prefix (`s*`) marks hundreds of words in a long body, and tidying and searching all of
it cost more than the search itself."""
OPENING_MARGIN: Final = 100
"""Windows chosen from the opening must end this far before its cut, so that a word, a phrase or a run of joined
matches crossing the cut (each far shorter than this) cannot change them: the excerpt is the one the whole body
would give, which `test_highlight.py` checks over generated bodies. A proximity's words are marked only next to
each other, which may lie any number of characters apart, so for a proximity the whole body is read at once."""

_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?=\s|$)")
_ABBREVIATION = re.compile(
    r"(?<![^\s(\"'\u201c\u2018])(?:(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]|Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Adm|"
    r"Cmdr|Gov|Sen|Rep|Pres|Amb|St|Mt|Ft|Jr|Sr|No|Nos|Vol|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Corp|Inc|"
    r"Co|Ltd|Bros|vs)\.\Z"
)
"""A word whose full stop ends no sentence: dotted initials (`U.S.`, `D.C.`), one capital (`John F. Kennedy`),
titles, months and company words. Seen as sentence ends they cut `The U.S. Army ...` down to `The U.S.`."""


def _sentence_ends(text: str, begin: int, end: int) -> list[int]:
    """Where the sentences inside `text[begin:end]` end (just past the stop and any closing quote)."""
    return [
        match.end()
        for match in _SENTENCE_END.finditer(text, begin, end)
        if not (match.group()[0] == "." and _ABBREVIATION.search(text, max(0, match.start() - 12), match.start() + 1))
    ]


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
    ends = _sentence_ends(text, reach, match_start)
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
    ends = [end for end in _sentence_ends(text, begin, limit) if end >= must_show]
    if ends:
        return ends[-1], ""
    cut = text.rfind(" ", begin, limit)
    return (cut if cut > max(begin, must_show) else limit), ELLIPSIS


@dataclass(frozen=True)
class _Window:
    """A candidate excerpt: `text[begin:stop]`, shown with `prefix` and `suffix`."""

    words: int
    """Distinct matched words it shows."""
    begin: int
    stop: int
    prefix: str
    suffix: str


def _best_window(text: str, spans: list[tuple[int, int]], terms: int) -> tuple[_Window, int | None]:
    """The window, started at one of the first matches, showing the most distinct matched words (the earliest
    on a tie; the first that shows all `terms` ends the search); and, when the choice is settled by those
    spans alone, how far into the text it looked (None when more matches further on could change it)."""
    best: _Window | None = None
    for tried, (match_start, match_end) in enumerate(spans[:WINDOWS_TRIED], start=1):
        begin, prefix = _start(text, match_start)
        stop, suffix = _stop(text, begin, match_end)
        shown = spans[bisect.bisect_left(spans, (begin, begin)) : bisect.bisect_left(spans, (stop, stop))]
        words = len({text[start:end].lower() for start, end in shown if end <= stop})
        if best is None or words > best.words:
            best = _Window(words, begin, stop, prefix, suffix)
        if words >= terms or tried == WINDOWS_TRIED:
            return best, match_start + SNIPPET_CHARS
    assert best is not None
    return best, None


def snippet(body: str, highlighter: Highlighter | None) -> Excerpt:
    """The best excerpt of `body` for a query's highlighter (or the opening when it marks nothing)."""
    if highlighter is None:
        return lead(body)
    opening = None if highlighter.has_proximity else OPENING_CHARS
    text = _flatten(body, opening)
    spans = highlighter.spans(text)
    window, reach = _best_window(text, spans, highlighter.terms) if spans else (None, None)
    if opening is not None and len(body) > opening and (reach is None or reach > len(text) - OPENING_MARGIN):
        text = _flatten(body)
        spans = highlighter.spans(text)
        window, reach = _best_window(text, spans, highlighter.terms) if spans else (None, None)
    if window is None:
        return lead(body)
    if len(text) <= SNIPPET_CHARS:
        return Excerpt(text, tuple(spans))
    shift = len(window.prefix) - window.begin
    marked = tuple((start + shift, end + shift) for start, end in spans if window.begin <= start and end <= window.stop)
    return Excerpt(window.prefix + text[window.begin : window.stop] + window.suffix, marked)
