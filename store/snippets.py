"""The short excerpt under each hit: plain text, whitespace collapsed, matched words located by offsets.

tantivy picks the best-scoring window of the body and reports highlights as UTF-8 byte ranges inside it; a
result list wants whole sentences, character offsets and no markup. This module does that conversion, and
supplies the article's opening sentences when there is nothing to highlight (no text terms, or a title match).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

SNIPPET_CHARS: Final = 200
ELLIPSIS: Final = "…"

_SPACES = re.compile(r"[\s\x00-\x1f\x7f]+")
_CLOSING = re.compile(r"[.!?][\"'\u201d\u2019)\]]*")
"""Sentence-ending punctuation, with any closing quotes or brackets after it."""
_SENTENCE_END = re.compile(_CLOSING.pattern + r"(?=\s|$)")
_CLOSED = re.compile(_CLOSING.pattern + "$")


@dataclass(frozen=True)
class Excerpt:
    """Snippet text and the [start, end) character offsets of the matched words inside it."""

    text: str
    highlights: tuple[tuple[int, int], ...] = ()


def lead(body: str) -> Excerpt:
    """The opening sentences of `body` that fit in `SNIPPET_CHARS`, or its opening words if one is longer."""
    text = _SPACES.sub(" ", body[: SNIPPET_CHARS * 4]).strip()
    if len(text) <= SNIPPET_CHARS:
        return Excerpt(text)
    ends = [end for end in _sentence_ends(text) if end <= SNIPPET_CHARS]
    if ends:
        return Excerpt(text[: ends[-1]])
    cut = text.rfind(" ", 0, SNIPPET_CHARS)
    return Excerpt(text[: cut if cut > 0 else SNIPPET_CHARS] + ELLIPSIS)


def excerpt(body: str, fragment: str, byte_spans: list[tuple[int, int]], byte_range: tuple[int, int]) -> Excerpt:
    """Turn tantivy's fragment of `body` into plain text starting and ending at sentence boundaries if it can.

    `byte_spans` locate the highlights in `fragment` and `byte_range` the fragment in `body`, both as UTF-8
    byte offsets (tantivy's units). tantivy cuts fragments at word boundaries: a leading partial sentence is
    dropped, a trailing one is cut back to the last full sentence after the highlights, and where that is
    impossible an ellipsis marks the cut.
    """
    whole = body.encode()
    start_byte, end_byte = byte_range
    closing = _CLOSING.match(whole[end_byte : end_byte + 8].decode("utf-8", "ignore"))
    if closing:
        fragment += closing.group()
        end_byte += len(closing.group().encode())
    before = whole[:start_byte].decode("utf-8", "ignore").rstrip()
    raw = fragment.encode()
    spans = [(_char_offset(raw, start), _char_offset(raw, end)) for start, end in sorted(byte_spans)]
    text, spans = _collapse(fragment, spans)
    ends = _sentence_ends(text)
    start, prefix = 0, ""
    if before and not _CLOSED.search(before):
        starts = [end + 1 for end in ends if end < spans[0][0]]
        start, prefix = (starts[0], "") if starts else (0, ELLIPSIS)
    stop, suffix = len(text), ""
    if end_byte < len(whole.rstrip()) and not _CLOSED.search(text):
        after = [end for end in ends if end >= max(end for _, end in spans)]
        stop, suffix = (after[-1], "") if after else (len(text), ELLIPSIS)
    shift = len(prefix) - start
    shifted = tuple((begin + shift, end + shift) for begin, end in spans)
    return Excerpt(prefix + text[start:stop] + suffix, shifted)


def _char_offset(raw: bytes, byte_offset: int) -> int:
    return len(raw[:byte_offset].decode("utf-8", "ignore"))


def _sentence_ends(text: str) -> list[int]:
    return [match.end() for match in _SENTENCE_END.finditer(text)]


def _collapse(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Runs of whitespace and control characters become one space, trimmed at both ends; spans follow."""
    runs = [(match.start(), match.end()) for match in _SPACES.finditer(text)]

    def moved(offset: int) -> int:
        removed = 0
        for start, end in runs:
            if end > offset:
                break
            removed += end - start - (start > 0)
        return offset - removed

    return _SPACES.sub(" ", text).strip(), [(moved(start), moved(end)) for start, end in spans]
