"""The truth each labelled corpus ships, read into one shape: what a file is known to state, field by field.

A field the corpus says nothing about is None (or `Dating.UNKNOWN` for dates) and is not scored. The loaders
read only the corpus's own truth files and the raw text; none of them calls a newsdesk reader.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import lxml.html
from docx import Document
from extraction_compare import byline_names, iso_day, normalise, states_day
from lxml.etree import LxmlError

_SKIPPED_TAGS = ("figure", "figcaption", "picture", "script", "style", "noscript", "svg", "template")
"""Not the article's prose: images with their captions, code, and markup that renders no text."""

_BLOCK_TAGS = frozenset((
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "footer", "hr", "li", "main", "ol", "p", "pre", "section", "table", "tbody", "td", "th", "thead", "tr",
    "ul",
))  # fmt: skip
"""Elements whose text stands apart from its neighbours' (`text_content` alone glues `end.</p><p>Next`)."""

_BLOCK_MARK = "\ue000"
"""Put between blocks while the markup is flattened (a private-use character no page holds), then a newline."""

_NOT_ARTICLE_NAME = re.compile(r"readme|licen[cs]e", re.IGNORECASE)

_STATED_TOTAL = (re.compile(r"\b\d+\s+of\s+(\d+)\s+DOCUMENTS\b"), re.compile(r"\bDocuments\s*\((\d+)\)"))
"""How exports state their article count: `3 of 10 DOCUMENTS` (Nexis text and HTML), `Documents (50)` (Word)."""

_BLOCK_MARKS = (re.compile(r"""\bid=["']article-[^"']+["']"""), re.compile(r"\bEnd of Document\b"))
"""One per article where no count is stated: Factiva's article containers, Nexis Word's closing line."""


class Dating(Enum):
    """What the truth knows about a file's publication date."""

    STATED = "stated"
    """The file states `day`: the date is scored."""
    NONE = "none"
    """The file states no date: any date produced is invented."""
    UNSTATED = "unstated"
    """The collection knows `day` but the file does not write it: null is right, another day is checked."""
    UNKNOWN = "unknown"
    """The truth does not say: nothing is scored."""


@dataclass(frozen=True)
class Truth:
    """What one labelled file is known to state; None where the corpus does not say."""

    name: str
    """The file's path inside its corpus, as reports show it."""
    path: Path
    title: str | None = None
    lead: str | None = None
    """The article text the lead is taken from (after the title where the layout puts one above it)."""
    day: str | None = None
    dating: Dating = Dating.UNKNOWN
    text: str | None = None
    """The file's own text, where a produced date can be looked up in it (plain-text corpora)."""
    names: tuple[str, ...] = ()
    """Author names a right byline holds."""
    source: str | None = None
    article: bool = True
    """False for a page the corpus marks as no article: its title and lead are not scored."""


class CorpusMissing(Exception):
    """A corpus folder that lacks the truth files it is scored against."""


def decode(raw: bytes) -> str:
    """A truth file's text: UTF-8, else Windows-1252 (the BBC set holds a stray Latin-1 byte)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def bbc(folder: Path) -> Iterator[Truth]:
    """Category folders of `.txt`: line 1 the headline, the rest the text; no date, byline or source."""
    for path in sorted(folder.glob("*/*.txt")):
        if _NOT_ARTICLE_NAME.match(path.name):
            continue
        title, _, rest = decode(path.read_bytes()).strip().partition("\n")
        yield Truth(_name(path, folder), path, title=title.strip(), lead=rest, dating=Dating.NONE)


def afps(folder: Path) -> Iterator[Truth]:
    """`manifest.csv` gives title, source and posting date; a date or source counts only when the text has it.

    The manifest's date is the day the item was posted, often written nowhere in the text, and its source
    (`dvids`) is the site that collected the item, which the text does not name either.
    """
    manifest = folder / "manifest.csv"
    if not manifest.is_file():
        raise CorpusMissing(f"no {manifest.name}")
    for row in csv.DictReader(io.StringIO(decode(manifest.read_bytes()))):
        path = folder / f"{row['id']}.txt"
        if not path.is_file():
            continue
        text = decode(path.read_bytes())
        day = iso_day(row.get("published_date") or "")
        source = (row.get("source") or "").strip()
        yield Truth(
            _name(path, folder),
            path,
            title=row["title"],
            lead=text.strip().partition("\n")[2],
            day=day,
            dating=_afps_dating(text, day),
            text=text,
            source=source if source and normalise(source) in normalise(text) else None,
        )


def _afps_dating(text: str, day: str | None) -> Dating:
    if day is None:
        return Dating.NONE
    return Dating.STATED if states_day(text, day) else Dating.UNSTATED


def readability(folder: Path) -> Iterator[Truth]:
    """One folder per page: `source.html`, `expected-metadata.json` and the extracted `expected.html`.

    A null `publishedTime` means the page states no date; `readerable: false` marks a page that is no article.
    """
    for page in sorted(path.parent for path in folder.glob("*/source.html")):
        meta_path = page / "expected-metadata.json"
        if not meta_path.is_file():
            continue
        meta = json.loads(meta_path.read_bytes())
        title = meta.get("title") or None
        expected = page / "expected.html"
        published = meta.get("publishedTime")
        yield Truth(
            _name(page / "source.html", folder),
            page / "source.html",
            title=title,
            lead=html_text(expected.read_bytes()) if expected.is_file() else None,
            day=iso_day(published) if published else None,
            dating=_stamp_dating(published, absent=Dating.NONE),
            names=byline_names(meta.get("byline") or ""),
            source=meta.get("siteName") or None,
            article=meta.get("readerable", True) is not False,
        )


def newspaper4k(folder: Path) -> Iterator[Truth]:
    """`html/NAME.html` with `metadata/NAME.json` and `txt/NAME.txt`; a page with neither is not scored.

    The metadata is newspaper4k's own output, so its null `publish_date` means newspaper4k found none, not that
    the page states none (several do): such a date is not scored.
    """
    for path in sorted(folder.glob("html/*.html")):
        meta_path = folder / "metadata" / f"{path.stem}.json"
        text_path = folder / "txt" / f"{path.stem}.txt"
        if not meta_path.is_file() and not text_path.is_file():
            continue
        meta = json.loads(meta_path.read_bytes()) if meta_path.is_file() else {}
        published = meta.get("publish_date")
        yield Truth(
            _name(path, folder),
            path,
            title=meta.get("title") or None,
            lead=decode(text_path.read_bytes()) if text_path.is_file() else None,
            day=iso_day(published) if published else None,
            dating=_stamp_dating(published, absent=Dating.UNKNOWN),
            names=tuple(name for name in meta.get("authors") or () if normalise(name)),
            source=meta.get("meta_site_name") or None,
        )


def _stamp_dating(stamp: str | None, *, absent: Dating) -> Dating:
    if not stamp:
        return absent
    return Dating.STATED if iso_day(stamp) else Dating.UNKNOWN


def _name(path: Path, folder: Path) -> str:
    return path.relative_to(folder).as_posix()


def html_text(raw: bytes) -> str | None:
    """The prose of an HTML fragment, blocks apart, without figures, captions and scripts.

    Decoded before parsing: a fragment declares no charset, and lxml would read its bytes as Latin-1.
    """
    try:
        root = lxml.html.fromstring(decode(raw))
    except (LxmlError, ValueError):
        return None
    for element in list(root.iter(*_SKIPPED_TAGS)):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCK_TAGS:
            element.text = _BLOCK_MARK + (element.text or "")
            element.tail = _BLOCK_MARK + (element.tail or "")
    text: str = root.text_content()
    return "\n".join(" ".join(block.split()) for block in text.split(_BLOCK_MARK) if block.strip())


def stated_count(raw: bytes) -> tuple[int, str] | None:
    """How many articles an export says it holds, and how that is known (`stated` or `blocks`); None if it does not.

    A stated total wins, the one stated most often (LexisNexis's own sample has an `8 of 383 DOCUMENTS` among
    its nine `of 10`); otherwise one mark per article is counted. Word files are read as their paragraphs.
    """
    text = _export_text(raw)
    for pattern in _STATED_TOTAL:
        totals = Counter(int(found) for found in pattern.findall(text))
        if totals:
            return totals.most_common(1)[0][0], "stated"
    for pattern in _BLOCK_MARKS:
        blocks = len(pattern.findall(text))
        if blocks:
            return blocks, "blocks"
    return None


def _export_text(raw: bytes) -> str:
    if raw.startswith(b"PK"):
        try:
            return "\n".join(paragraph.text for paragraph in Document(io.BytesIO(raw)).paragraphs)
        except (zipfile.BadZipFile, KeyError, ValueError):
            return ""
    return decode(raw)
