"""Reuters-21578 SGML files (`reut2-000.sgm` ... `reut2-021.sgm`): one file, about a thousand articles, each its
own record.

The collection is Reuters' 1987 newswire as marked up for text research. Each article is a `<REUTERS ...>`
element holding the wire time stamp (`<DATE>26-FEB-1987 15:01:01.79</DATE>`), category lists (`<TOPICS>`,
`<PLACES>`, `<PEOPLE>`, `<ORGS>`, `<EXCHANGES>`, `<COMPANIES>`, each a run of `<D>` items), the wire's control
lines (`<UNKNOWN>`, garbage) and the story in `<TEXT>`: `<TITLE>`, `<DATELINE>` and a hard-wrapped `<BODY>` that
ends with the sign-off `Reuter` and `&#3;` (end of text). Two variants have less: `<TEXT TYPE="BRIEF">` is a
headline alone, and `<TEXT TYPE="UNPROC">` is text with no inner tags at all.

The files are SGML, not XML: `&lt;Chrysler Corp>` leaves its `>` bare, control characters are written as
`&#3;`, and a few bytes are not UTF-8. So nothing here hands the file to an XML parser; elements are found by
their tags with linear scans, and only the collection's own entities (`&lt;` `&gt;` `&amp;` `&quot;` and numeric
references) are decoded, after the tags are found, so an escaped `&lt;TITLE>` in a story stays text.

The file is split on the `<REUTERS` tags in its bytes, each article running up to its `</REUTERS>` or the next
opening tag, so an article whose closing tags were lost fails on its own instead of swallowing its neighbour.
The content decides that a file is Reuters (it opens with a `<REUTERS>` element that has a `<TEXT>`), not its
`.sgm` extension: other SGML, and documents that describe the format, are left to other readers.

How the fields map: the title is the headline as printed (ALL-CAPS kept); the date is the time stamp's day and
`date_text` the stamp as written; the location is the dateline's place; the source is always `Reuters` (the
collection is Reuters copy, as every body's sign-off says); the section is the `<TOPICS>` list (`grain; wheat`),
the nearest thing to a desk the record has. Places, people, organisations, exchanges and companies have no
field of their own and stay in the stored raw article. A BRIEF is kept as a one-line article, its headline
being the whole story; an UNPROC story, having no headline, is titled by its first line.
"""

from __future__ import annotations

import codecs
import re
from itertools import pairwise

from store.errors import ParseError
from store.ingest.dateline import read_dateline
from store.ingest.dates import read_date
from store.ingest.decode import clean_text, decode_text
from store.ingest.readers import Reader, Sample
from store.ingest.readers.text_paragraphs import paragraphs as join_paragraphs
from store.model import ParsedArticle

SOURCE = "Reuters"

_OPENINGS = re.compile(rb"<REUTERS\b", re.IGNORECASE)
_CLOSING = re.compile(rb"</REUTERS\s*>", re.IGNORECASE)
_ARTICLE_TAG = re.compile(r"<REUTERS\b[^<>]*>", re.IGNORECASE)
_OPENING = re.compile(r"\s*(?:<!DOCTYPE\b[^<>]*>\s*)?<REUTERS\b[^<>]*>", re.IGNORECASE)
"""How a file of the collection opens (`<!DOCTYPE lewis SYSTEM "lewis.dtd">`, then the first article); a
document that only talks about `<REUTERS>` elements, the collection's README among them, does not."""
_TEXT_TAG = re.compile(r"<TEXT\b[^<>]*>", re.IGNORECASE)
_TYPE = re.compile(r"""\bTYPE\s*=\s*["']?(\w+)""", re.IGNORECASE)
_ITEMS = re.compile(r"<D>([^<]*)</D>", re.IGNORECASE)
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d{1,7});", re.IGNORECASE)
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_STAMP_DAY = re.compile(r"\d{1,2}-[A-Za-z]{3}-\d{4}")
_SIGN_OFF = re.compile(r"reuters?", re.IGNORECASE)
_TAG = re.compile(r"<[^<>\n]*>")
_TITLE_MAX = 300
"""A longer first line is text, not a headline: an untitled story's title is cut from it."""
_TITLE_EDGES = " *-"
"""What frames a headline printed without tags (an UNPROC first line, `****BANK OF JAPAN ...`)."""


def _claims(sample: Sample) -> bool:
    """A file opening with a `<REUTERS ...>` element that has a `<TEXT>`, whatever the file's name."""
    text = sample.text if sample.text is not None else sample.head.decode("latin-1")
    opening = _OPENING.match(text.lstrip("\ufeff"))
    return opening is not None and _TEXT_TAG.search(text, opening.end()) is not None


def split(raw: bytes) -> list[bytes]:
    """Each `<REUTERS>` element as UTF-8 bytes, in file order (the `<!DOCTYPE lewis ...>` line before the first
    is no article); `ParseError` when the file holds none."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raw = decode_text(raw).encode("utf-8")
    starts = [match.start() for match in _OPENINGS.finditer(raw)]
    if not starts:
        raise ParseError("no Reuters-21578 articles (<REUTERS> elements) in this file")
    return [_as_utf8(_cut(raw, start, end)) for start, end in pairwise([*starts, len(raw)])]


def _cut(raw: bytes, start: int, end: int) -> bytes:
    """From one opening tag up to its closing tag, or to the next opening tag when the closing one is lost."""
    closing = _CLOSING.search(raw, start, end)
    return raw[start : closing.end() if closing else end].rstrip()


def _as_utf8(part: bytes) -> bytes:
    """The part re-encoded as UTF-8, or as it was when it is no text (its `parse` then says why)."""
    try:
        return _decode(part).encode("utf-8")
    except ParseError:
        return part


def _decode(raw: bytes) -> str:
    """The project's decoding (a BOM, UTF-8, then Windows-1252), with latin-1 for the bytes Windows-1252 leaves
    undefined: a stray byte in a 1987 wire story is no reason to lose the story."""
    try:
        return decode_text(raw)
    except ParseError:
        # Empty or binary bytes stay so as latin-1 text, and `decode_text` refuses them again with its reason.
        return decode_text(raw.decode("latin-1").encode("utf-8"))


def parse(chunk: bytes) -> ParsedArticle:
    """One `<REUTERS>` element; `ParseError` when it is no such element, its `<TEXT>` is missing or cut off, or
    it holds neither a headline nor text."""
    text = _decode(chunk).lstrip()
    opening = _ARTICLE_TAG.match(text)
    if opening is None:
        raise ParseError("not a Reuters-21578 article: no <REUTERS> tag opens it")
    story_tag = _TEXT_TAG.search(text, opening.end())
    story = _element(text, "TEXT", story_tag.start()) if story_tag else None
    if story_tag is None or story is None:
        raise ParseError("no <TEXT> in this Reuters article")
    head = text[opening.end() : story_tag.start()]
    attributes, content = story
    title, body = _story(content, unprocessed=_is_unproc(attributes))
    if not title:
        raise ParseError("no headline and no text in this Reuters article")
    stamp = _one_line(_content(head, "DATE") or "")
    day = _STAMP_DAY.search(stamp)
    reading = read_date(day.group(), "") if day else None
    dateline = read_dateline(_one_line(_content(content, "DATELINE") or ""))
    return ParsedArticle(
        title=title,
        body="\n\n".join(body),
        date=reading.iso if reading else None,
        date_text=stamp or None,
        source=SOURCE,
        location=dateline.place if dateline else None,
        section="; ".join(_items(_content(head, "TOPICS") or "")) or None,
    )


def _is_unproc(attributes: str) -> bool:
    kind = _TYPE.search(attributes)
    return kind is not None and kind[1].upper() == "UNPROC"


def _story(content: str, *, unprocessed: bool) -> tuple[str, list[str]]:
    """A `<TEXT>`'s headline and paragraphs ("" and [] for none).

    A story with a `<BODY>` has its paragraphs; a headline alone (a BRIEF, or a body of nothing but the
    sign-off) is its own one-line story; a story without either (an UNPROC one) is its text with any tags left
    out, titled by its first line, as is a body printed without a headline.
    """
    title = "" if unprocessed else _one_line(_content(content, "TITLE") or "")
    body = None if unprocessed else _content(content, "BODY")
    if body is not None:
        lines = _lines(body)
    elif title:
        lines = []
    else:
        lines = _lines(_TAG.sub("", content))
    return title or _first_line(lines), _paragraphs(lines) or [title]


def _element(text: str, name: str, start: int = 0) -> tuple[str, str] | None:
    """The attributes and raw content of the first `<NAME ...>` element from `start`; `ParseError` when it is
    opened and never closed (a story cut off in transmission)."""
    opening = re.compile(rf"<{name}\b([^<>]*)>", re.IGNORECASE).search(text, start)
    if opening is None:
        return None
    closing = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(text, opening.end())
    if closing is None:
        raise ParseError(f"the <{name}> of this Reuters article is never closed: it is cut off")
    return opening[1], text[opening.end() : closing.start()]


def _content(text: str, name: str) -> str | None:
    """The raw content of the first `<NAME>` element, None when there is none."""
    found = _element(text, name)
    return found[1] if found else None


def _decoded(raw: str) -> str:
    """Content with the collection's entities decoded and every control character (`&#3;` among them) gone."""
    return clean_text(_ENTITY.sub(_entity, raw))


def _entity(match: re.Match[str]) -> str:
    name = match[1].lower()
    if not name.startswith("#"):
        return _NAMED_ENTITIES[name]
    code = int(name[1:])
    is_character = 0x20 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF
    return chr(code) if is_character else ""


def _one_line(raw: str) -> str:
    """Content as one line of text (a headline, a dateline, a stamp), spacing collapsed."""
    return " ".join(_decoded(raw).split())


def _items(raw: str) -> list[str]:
    """The `<D>` items of a category list, in order."""
    return [item for item in (_one_line(found) for found in _ITEMS.findall(raw)) if item]


def _lines(raw: str) -> list[str]:
    """A story's lines as printed, decoded, without the blank lines and the sign-off (`Reuter`) that end it."""
    lines = _decoded(raw).split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    if lines and _SIGN_OFF.fullmatch(lines[-1].strip()):
        lines.pop()
    return lines


def _paragraphs(lines: list[str]) -> list[str]:
    """A story's lines joined into paragraphs by the wire-printout rules of `text_paragraphs`.

    In the collection a paragraph's first line is indented and its continuation lines are flush left, so every
    indented line opens a paragraph (which also keeps the lines of a results table apart), and within one the
    lines are joined as the joiner joins any hard-wrapped text.
    """
    printed: list[str] = []
    for line in lines:
        if line[:1] == " " and line.strip() and printed:
            printed.append("")
        printed.append(line.rstrip())
    found, _furniture = join_paragraphs(printed, [line.strip() for line in printed])
    return found


def _first_line(lines: list[str]) -> str:
    """The headline of a story printed without one: its first line, less the asterisks framing a flash."""
    line = next((text for text in (line.strip(_TITLE_EDGES) for line in lines) if text), "")
    return line if len(line) <= _TITLE_MAX else line[:_TITLE_MAX].rsplit(" ", 1)[0]


READER = Reader(name="reuters-sgml", claims=_claims, split=split, parse=parse)
