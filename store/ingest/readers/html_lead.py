"""Where a web page's article begins: past the header lines above its lead, and its dateline.

trafilatura's blocks often open with the article's header: the headline again, a kicker, a section label, a
date, a share or comment count, a byline. Those are headings, or short lines that are not sentences, and are
passed over (a `By` line among them is kept as the byline). The lead is the first sentence-like paragraph, or
one that opens with a dateline, which is read and cut off as the plain-text reader does.

A standfirst printed under the headline outside the text's container is left out, as trafilatura leaves it:
it summarises the article and is not its lead (the page states it as its description).
"""

from __future__ import annotations

import re

from store.ingest import boilerplate
from store.ingest.dateline import Dateline, read_dateline
from store.ingest.readers.html_body import Block

_MIN_ARTICLE_CHARS = 200
"""Less article text than this is no article: an index page's few links, or an empty shell."""

_LONGEST_PROSE_CHARS = 80
"""An article has a paragraph this long; a shell with a few links or a caption has none."""

_MIN_VERSE_CHARS = 500
"""...or this much text in short lines (verse, a list, text broken with `<br>`)."""

_HEADER_LINE_CHARS = 60
"""A line above the lead that is shorter than this and no sentence is the article's header, not its text."""

_SENTENCE_END = (*".!?;\"')\u201d\u2019\u2026", "\u3002", "\uff01", "\uff1f", "\u300d", "\u300f")
"""How a sentence ends, in Latin and in CJK punctuation (the ideographic full stop, the full-width `!` and `?`,
closing corner brackets)."""

_ASIDE = re.compile(
    r"\[[^\[\]]*\]\W*"
    r"|(?:topics|tags|filed under|categories|keywords|related topics|themen|schlagw\w+|mots[- ]cl\w+|etiquetas)\s*:.*",
    re.IGNORECASE | re.DOTALL,
)
"""Header lines that are no part of the text however long they run: an editor's aside in brackets (`[What you
need to know to start the day: ...]`) and a labelled list of the article's topics or tags."""

_UNSPACED_SCRIPT = re.compile(r"[\u0e00-\u0e7f\u1000-\u109f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
"""Thai, Myanmar, kana, CJK ideographs and Hangul."""


def top_headings(blocks: list[Block]) -> list[str]:
    """Headings above the first paragraph: where an article states its headline in its own container."""
    top: list[str] = []
    for block in blocks:
        if not block.heading:
            break
        top.append(block.text)
    return top


def from_lead(blocks: list[Block], title: str | None) -> tuple[list[Block], str | None]:
    """The blocks from the first line of the article on, and a byline found above it.

    Above the lead stand the headline again (as a heading or a copy of the title) and lines of the article's
    header: a kicker, a date, a section label, a share or comment count, a byline, an aside in brackets, a list
    of topics. They are headings, or short and not sentences; the lead is a sentence or a dateline opening one.
    """
    byline = None
    for start, block in enumerate(blocks):
        text = block.text
        if block.heading or (title and _same(text, title)) or _ASIDE.fullmatch(text):
            continue
        if read_dateline(text) is not None:
            return blocks[start:], byline
        found = boilerplate.byline(text)
        if found and not byline:
            byline = found[0]
        elif not found and (len(text) >= _HEADER_LINE_CHARS or text.endswith(_SENTENCE_END)):
            return blocks[start:], byline
    return [], byline


def _same(first: str, second: str) -> bool:
    return " ".join(first.casefold().split()) == " ".join(second.casefold().split())


def is_article(blocks: list[Block]) -> bool:
    """Enough text, and at least one paragraph of prose: not a page of links or a shell."""
    sizes = [_size(block.text) for block in blocks if not block.heading]
    total = sum(sizes)
    return total >= _MIN_ARTICLE_CHARS and (total >= _MIN_VERSE_CHARS or max(sizes) >= _LONGEST_PROSE_CHARS)


def _size(text: str) -> int:
    """A text's length in Latin-script terms: a character of a script written without spaces (Chinese,
    Japanese, Thai) carries about a word, so it counts three."""
    return len(text) + 2 * len(_UNSPACED_SCRIPT.findall(text))


def cut_dateline(blocks: list[Block]) -> Dateline | None:
    """Read the dateline opening the first paragraph and cut it off, as the plain-text reader does."""
    first = next((index for index, block in enumerate(blocks) if not block.heading), None)
    if first is None:
        return None
    dateline = read_dateline(blocks[first].text)
    if dateline is None:
        return None
    rest = dateline.rest.strip()
    if rest:
        blocks[first] = Block(rest)
    else:
        del blocks[first]
    return dateline


def cut_copyright(blocks: list[Block]) -> str | None:
    """Cut the copyright or reprint-permission lines that close the text; the first of them, as written."""
    notice = None
    while blocks and not blocks[-1].heading and boilerplate.is_copyright(blocks[-1].text):
        notice = blocks.pop().text
    return notice
