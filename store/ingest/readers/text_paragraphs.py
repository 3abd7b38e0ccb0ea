"""Body lines to paragraphs, for text laid out one paragraph per line and for text hard-wrapped at a fixed width.

A paragraph starts after a blank line and at a line indented deeper than the one before (wire printouts indent
each paragraph's first line and nothing else). Inside such a block, lines are joined as a reader would join them:

- a block whose lines all run on (no sentence end, no heading before its last line) is one wrapped paragraph;
- in a hard-wrapped text (no line much longer than a terminal's width), a line joins the next when it is *full*
  (the next line's first word would not have fitted on it, so the break was the wrapper's) or when it does not
  end a sentence; a line that ends a sentence and stops short ends its paragraph;
- anywhere, a line continuing in lower case or with "(" joins a line that runs on.

Text laid out one paragraph per line (scrapes, the BBC and DoD corpora) has lines far longer than any wrapping
width, so only the last rule applies to it and each line stays a paragraph. Nor is a text of short one-line
paragraphs taken for hard-wrapped: a wrapper leaves most lines full, such a text only a few by chance.

A word broken at its hyphen (`computer-` / `controlled`, `anti-` / `American`, `COVID-` / `19`) is joined
without a space and keeps the hyphen: wrappers break compounds there, and a hyphen kept is text preserved, a
hyphen dropped a guess. A dash between words is spaced (` - `, `--`) and is not joined so.
"""

from __future__ import annotations

from store.ingest import boilerplate

_WRAP_MAX = 100
"""No text is hard-wrapped wider than this (typewriters, wire terminals and e-mail wrap at 60 to 80 columns)."""

_LONG_SHARE = 10
"""A text is hard-wrapped when fewer than one line in this many is longer than `_WRAP_MAX`."""

_INDENT_STEP = 2
"""A paragraph indent is at least this many spaces deeper; one stray leading space is scrape noise."""

_Run = tuple[list[str], list[int]]
"""Lines standing together with no blank line or paragraph indent between them: their text and printed widths."""


def paragraphs(printed: list[str], lines: list[str]) -> tuple[list[str], list[str]]:
    """The paragraphs of body lines, each joined into one line, and the furniture lines left out of them.

    `printed` holds the lines as in the file (indentation kept), `lines` the same lines stripped. Site furniture
    among them (a share link, an image-alt line) is left out as if it were not there.
    """
    furniture: list[str] = []
    runs = _runs(printed, lines, furniture)
    width = _wrap_width(printed, lines) if any(len(texts) > 1 for texts, _ in runs) else None
    if width is not None and not _mostly_full(runs, width):
        width = None
    found: list[str] = []
    for texts, widths in runs:
        found.extend(_join_block(texts, widths, width) if len(texts) > 1 else texts)
    return found, furniture


def _runs(printed: list[str], lines: list[str], furniture: list[str]) -> list[_Run]:
    """The runs of lines between blank lines, a line indented deeper than the one before opening a new run;
    furniture lines go to `furniture` instead."""
    runs: list[_Run] = []
    texts: list[str] = []
    widths: list[int] = []
    previous_indent = 0
    for as_printed, text in zip(printed, lines, strict=True):
        if not text:
            if texts:
                runs.append((texts, widths))
                texts, widths = [], []
            continue
        if boilerplate.is_furniture(text):
            furniture.append(text)
            continue
        indent = len(as_printed) - len(as_printed.lstrip()) if as_printed[0] == " " else 0
        if texts and indent >= previous_indent + _INDENT_STEP:
            runs.append((texts, widths))
            texts, widths = [], []
        texts.append(text)
        widths.append(indent + len(text))
        previous_indent = indent
    if texts:
        runs.append((texts, widths))
    return runs


def _wrap_width(printed: list[str], lines: list[str]) -> int | None:
    """The width the text was hard-wrapped at (its longest line), or None when it is not hard-wrapped."""
    long_lines = sum(len(line) > _WRAP_MAX for line in printed)
    if long_lines * _LONG_SHARE >= len(lines) - lines.count(""):
        return None
    return max(len(line.rstrip()) for line in printed if len(line) <= _WRAP_MAX)


def _mostly_full(runs: list[_Run], width: int) -> bool:
    """Whether most lines followed by another are full, as a wrapper leaves them; lines of one-line paragraphs
    that all happen to be short are full only by chance."""
    followed = full = 0
    for texts, widths in runs:
        for index in range(1, len(texts)):
            followed += 1
            full += _is_full(widths[index - 1], texts[index], width)
    return 2 * full >= followed


def _is_full(previous_width: int, text: str, width: int) -> bool:
    """The next line's first word would not have fitted on the line before: the break was the wrapper's."""
    return previous_width + 1 + len(text.split(maxsplit=1)[0]) > width


def _join_block(texts: list[str], widths: list[int], width: int | None) -> list[str]:
    """One block's lines (stripped, and their printed widths) grouped into paragraphs by the rules above."""
    closes = [_closes(text) for text in texts]
    wrapped = not any(closes[:-1])
    groups = [[texts[0]]]
    for index in range(1, len(texts)):
        previous, text = texts[index - 1], texts[index]
        if wrapped or _runs_into(text, closes[index - 1], widths[index - 1], width):
            groups[-1] += (_separator(previous, text), text)
        else:
            groups.append([text])
    return ["".join(group) for group in groups]


def _closes(text: str) -> bool:
    """The line could end a paragraph: it ends a sentence or is a heading."""
    return boilerplate.ends_sentence(text) or boilerplate.is_heading_like(text)


def _runs_into(text: str, previous_closes: bool, previous_width: int, width: int | None) -> bool:
    """Whether `text` continues the paragraph of the line before it (which `previous_closes` or not, and was
    printed `previous_width` wide)."""
    if not previous_closes and (text[0].islower() or text[0] == "("):
        return True
    if width is None:
        return False
    return not previous_closes or _is_full(previous_width, text, width)


def _separator(previous: str, text: str) -> str:
    """What joins a wrapped line to the one before: a space, or nothing after a word broken at its hyphen."""
    broken_word = len(previous) > 1 and previous[-1] == "-" and previous[-2].isalnum() and text[0].isalnum()
    return "" if broken_word else " "
