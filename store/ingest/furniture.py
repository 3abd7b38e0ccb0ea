"""Site furniture learned from recurrence: short paragraphs that stand at the edge of article after article.

`boilerplate` knows furniture by its shape (`Join the ... mailing list`, `Donate now!`), but a site's own motto or
donation appeal can be worded any way at all. What it cannot help is recurring: it stands, verbatim, at the top
or bottom of many different articles of one site, where the real text of different articles never repeats. So
every stored article offers its edge paragraphs (the first two and last four of the body, each of at most 300
characters; sub-headings and a copy of the title are never offered) to a count kept per *scope*: the site the
reader names, or when it names none, the folder the file lies in. Paragraphs are compared after folding case,
spacing, compatibility characters and every run of digits (`© 2007` and `© 2009` are one line).

A paragraph is learned as furniture of a scope once at least `MIN_ARTICLES` different articles carry it and
they are at least `MIN_SHARE` of the scope's files (of at most `SHARE_CAP` files: in a larger scope that many
articles are enough). Different means different: a reprint of an article already counted (sharing the
paragraph at a quarter, half or three quarters of the text between its edges) holds the line but does not add
to the count, since a reprinted real paragraph is no furniture; an exact copy is one record and never counted.
What is learned stays learned, and is taken off the edge of every article of that scope; a body is never
emptied. The title is counted too, since no two stories share a headline: a title many articles of a scope
carry is a banner the reader took for the headline, and the headline is the line under it (which the reader
took for a source line, or the body's first paragraph). Taking off a banner over the text uncovers the
dateline it hid, which is then read.

Counts are kept by lossy counting (Manku and Motwani) in buckets of `BUCKET` files, so a scope of a million
files holds a few hundred lines: a line seen once is forgotten within a bucket unless it recurs, and a line
dense enough to be learned is never forgotten before it is. Articles stored while a line was still below the
threshold are its *holders*; when it is learned they are re-stripped (`to_restrip`), so the first files of a
site lose their banner too. The table travels with the records (`documents`), so later imports of a site and
`reparse` use it; one file of a many-article export is one database's clean text, never site furniture, so
such articles are neither counted nor stripped.
"""

from __future__ import annotations

import hashlib
import heapq
import os
import re
import unicodedata
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from store.ingest import boilerplate
from store.ingest.dateline import read_dateline
from store.ingest.dates import date_line, read_date
from store.model import ParsedArticle
from store.paths import BYTES_KEY, key_path, path_key

EDGE_TOP = 2
EDGE_BOTTOM = 4
"""Paragraphs at the top and at the bottom of a body that may be furniture; the rest is the article."""

MAX_PARAGRAPH = 300
"""A longer paragraph is text, however often it recurs."""

MIN_ARTICLES = 5
MIN_SHARE = 0.05
SHARE_CAP = 1000
"""A line is learned when `MIN_ARTICLES` different articles carry it and they are `MIN_SHARE` of the scope's
files, counted up to `SHARE_CAP` files (so 50 articles at most are ever needed)."""

BUCKET = 50
"""Files per lossy-counting bucket: a line must recur about once in this many files to be remembered."""

MAX_HOLDERS = 64
MAX_IDENTITIES = 32
"""How many articles holding a line not yet learned are remembered, and how many of their identity keys."""

MAX_LINES = 4096
"""Lines one scope may remember; past it only the most frequent half is kept."""

KEY_BYTES = 6
"""A line's key is this many bytes of its hash: a collision within one scope is a one-in-billions event."""

PARAGRAPH_BREAK = "\n\n"

TITLE_EDGE = -1
"""Where the title stands among an article's edges: above the body's first paragraph."""

HEADLINE_MIN_WORDS = 4
"""A line the reader took for a source line under a banner is the headline when it is this long (a source
line names a service in a word or three: `RIA Novosti`, `Voice of America`)."""

_DIGITS = bytes.maketrans(b"123456789", b"000000000")
_DIGIT_RUN = re.compile(rb"00+")


def line_key(text: str) -> str:
    """The key a paragraph is counted under: blind to case, spacing, compatibility forms and digits (every run
    of them is one `0`).

    Every edge paragraph of every article is keyed, so the work is done on bytes and each step is skipped
    when there is nothing for it to do.
    """
    folded = text.casefold() if text.isascii() else unicodedata.normalize("NFKC", text).casefold()
    data = folded.encode("utf-8").translate(_DIGITS).strip()
    if b"00" in data:
        data = _DIGIT_RUN.sub(b"0", data)
    if b"  " in data or b"\n" in data or b"\t" in data or b"\r" in data:
        data = b" ".join(data.split())
    return hashlib.blake2b(data, digest_size=KEY_BYTES).hexdigest()


def identity_key(text: str) -> str:
    """What two copies of one paragraph share: a checksum of it as the reader gave it (a clash only makes two
    articles look like one, which counts a line less, never more)."""
    return f"{zlib.crc32(text.encode('utf-8')):08x}"


def scope_of(path: str, site: str | None) -> str:
    """The scope an article counts in: its site when the reader names one, else the folder of its file."""
    if site:
        return f"site:{site.casefold().removeprefix('www.')}"
    return f"folder:{path_key(key_path(path).parent) if path.startswith(BYTES_KEY) else os.path.dirname(path)}"


@dataclass(frozen=True)
class Edges:
    """What one article offers to learning: its scope, its edge paragraphs and what makes it itself."""

    scope: str
    parts: list[str]
    """The body as its edge paragraphs, with everything between the top and bottom ones as one part: joined
    with paragraph breaks, the parts are the body."""
    candidates: tuple[tuple[int, str, str], ...]
    """(index in `parts`, key, text) of every edge paragraph that may be furniture, in body order."""
    identity: frozenset[str]
    """What its reprints share: checksums of the paragraphs at a quarter, half and three quarters of the text
    between its edges (of its long edge paragraphs when there is none, else of its title)."""


def edges_of(article: ParsedArticle, path: str) -> Edges:
    """The edge paragraphs of an article from the file at `path` (a record path key).

    Only the edges are split off the body: a long article costs no more than a short one.
    """
    parts, middle = _split_edges(article.body)
    title = line_key(article.title)
    candidates, others = [(TITLE_EDGE, title, article.title)], []
    for index, text in enumerate(parts):
        if index == middle:
            continue
        if len(text) > MAX_PARAGRAPH:
            others.append(text)
            continue
        key = line_key(text) if text.strip() and text not in article.headings else title
        if key != title:
            candidates.append((index, key, text))
    samples = [_paragraph_at(parts[middle], quarter) for quarter in (1, 2, 3)] if middle is not None else others
    identity = frozenset(identity_key(text) for text in sorted(samples, key=len)[-3:] if text.strip())
    return Edges(scope_of(path, article.site), parts, tuple(candidates), identity or frozenset({title}))


def _split_edges(body: str) -> tuple[list[str], int | None]:
    """The first `EDGE_TOP` and last `EDGE_BOTTOM` paragraphs with the text between them as one part, and the
    index of that part (None when the body has no more paragraphs than its edges)."""
    top = body.split(PARAGRAPH_BREAK, EDGE_TOP)
    if len(top) <= EDGE_TOP:
        return top, None
    bottom = top.pop().rsplit(PARAGRAPH_BREAK, EDGE_BOTTOM)
    return top + bottom, EDGE_TOP if len(bottom) > EDGE_BOTTOM else None


def _paragraph_at(text: str, quarter: int) -> str:
    """The paragraph of `text` standing at `quarter` quarters of its length."""
    offset = len(text) * quarter // 4
    start = text.rfind(PARAGRAPH_BREAK, 0, offset + 1)
    end = text.find(PARAGRAPH_BREAK, offset)
    return text[0 if start < 0 else start + len(PARAGRAPH_BREAK) : len(text) if end < 0 else end]


def strip(article: ParsedArticle, edges: Edges, learned: frozenset[str]) -> ParsedArticle:
    """The article without its edge paragraphs whose keys are in `learned`; as it is when none, or all, are.

    A copyright notice among them is the article's copyright when it had none: it leaves the text, not the record.
    """
    drop = {index: text for index, key, text in edges.candidates if key in learned}
    kept = [text for index, text in enumerate(edges.parts) if index not in drop]
    if not drop or not any(text.strip() for text in kept):
        return article
    notice = article.copyright or next((text for text in drop.values() if boilerplate.is_copyright(text)), None)
    stripped = replace(article, body=PARAGRAPH_BREAK.join(kept), copyright=notice)
    if TITLE_EDGE in drop:
        stripped = _retitled(stripped)
    return _read_uncovered_dateline(stripped) if 0 in drop or TITLE_EDGE in drop else stripped


def _retitled(article: ParsedArticle) -> ParsedArticle:
    """The title is a line the site prints on every page (a banner the reader took for the headline, with the
    headline under it taken for a source line), so the headline is that line, or else the body's first
    paragraph when it reads as one and is no copy of the title; the article keeps its title when neither does
    (a series, `Daily Briefing` on every issue, prints its name again or a date under it)."""
    source = article.source or ""
    if len(source.split()) >= HEADLINE_MIN_WORDS and not boilerplate.is_known_service(source):
        return replace(article, title=source, source=None)
    first, _, rest = article.body.partition(PARAGRAPH_BREAK)
    if rest.strip() and _reads_as_headline(first) and line_key(first) != line_key(article.title):
        return replace(article, title=first, body=rest)
    return article


def _reads_as_headline(line: str) -> bool:
    """Short, no sentence, and no date: a series's dated issue (`Daily Briefing` over `March 3, 2008`) keeps its
    title."""
    return len(line) <= MAX_PARAGRAPH and not boilerplate.ends_sentence(line) and date_line(line) is None


def _read_uncovered_dateline(article: ParsedArticle) -> ParsedArticle:
    """With a banner or an appeal above the text taken off, the dateline it stood on opens the body: read it as
    the reader would have, for the place, the service and the date the article states nowhere else."""
    first, _, rest = article.body.partition(PARAGRAPH_BREAK)
    dateline = read_dateline(first)
    if dateline is None:
        return article
    body = PARAGRAPH_BREAK.join(part for part in (dateline.rest.strip(), rest) if part)
    if not body.strip():
        return article
    reading = read_date(dateline.date_text, article.body) if dateline.date_text and article.date is None else None
    return replace(
        article,
        body=body,
        location=article.location or dateline.place,
        source=article.source or dateline.source,
        date=reading.iso if reading else article.date,
        date_text=reading.text if reading else article.date_text,
    )


@dataclass
class _Line:
    """A paragraph not (yet) learned in one scope: lossy count, and the articles holding it."""

    count: int
    delta: int
    """The most times it may have been seen before it was last remembered (lossy counting's error bound)."""
    holders: list[str] = field(default_factory=list)
    identities: set[str] = field(default_factory=set)

    def hold(self, article_id: str, identity: frozenset[str]) -> bool:
        """Note an article carrying the line; True when it counts, False for a reprint of one already counted."""
        if article_id not in self.holders and len(self.holders) < MAX_HOLDERS:
            self.holders.append(article_id)
        if self.identities & identity:
            return False
        self.count += 1
        if len(self.identities) < MAX_IDENTITIES:
            self.identities |= identity
        return True


@dataclass
class _Scope:
    """One folder's or site's counts and what it has learned."""

    files: int = 0
    lines: dict[str, _Line] = field(default_factory=dict)
    learned: dict[str, tuple[int, str]] = field(default_factory=dict)
    """Key -> (articles that carried it when learned, the paragraph as first learned)."""

    @property
    def bucket(self) -> int:
        return (self.files + BUCKET - 1) // BUCKET

    def add_file(self) -> None:
        """Count one more file, forgetting rare lines when a bucket ends."""
        self.files += 1
        if self.files > 1 and (self.files - 1) % BUCKET == 0:
            ended = (self.files - 1) // BUCKET
            self.lines = {key: line for key, line in self.lines.items() if line.count + line.delta > ended}

    def line(self, key: str) -> _Line:
        line = self.lines.get(key)
        if line is None:
            line = self.lines[key] = _Line(0, self.bucket - 1)
        return line

    def recurs(self, line: _Line) -> bool:
        """Whether a line is now carried by enough different articles to be furniture."""
        return line.count >= max(MIN_ARTICLES, MIN_SHARE * min(self.files, SHARE_CAP))

    def cap(self) -> None:
        if len(self.lines) > MAX_LINES:
            kept = heapq.nlargest(MAX_LINES // 2, self.lines.items(), key=lambda item: item[1].count)
            self.lines = dict(kept)

    def document(self, name: str) -> dict[str, Any]:
        """The scope as stored: learned lines with their text, recurring lines in full, single ones by key alone
        (most lines of most scopes), and nothing that is empty."""
        recurring = {key: line for key, line in self.lines.items() if line.count > 1 or len(line.holders) > 1}
        document: dict[str, Any] = {"scope": name, "files": self.files}
        if self.learned:
            document["learned"] = {key: [count, text] for key, (count, text) in self.learned.items()}
        if recurring:
            document["lines"] = {
                key: [line.count, line.delta, " ".join(line.holders), " ".join(sorted(line.identities))]
                for key, line in recurring.items()
            }
        if len(recurring) < len(self.lines):
            document["once"] = " ".join(key for key in self.lines if key not in recurring)
        return document

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> _Scope:
        """Read a stored scope; a line stored by key alone was seen once, in the current bucket."""
        scope = cls(int(document["files"]))
        learned = document.get("learned", {}).items()
        scope.learned = {str(key): (int(count), str(text)) for key, (count, text) in learned}
        for key, (count, delta, holders, identities) in document.get("lines", {}).items():
            scope.lines[str(key)] = _Line(int(count), int(delta), str(holders).split(), set(str(identities).split()))
        for key in str(document.get("once", "")).split():
            scope.lines[key] = _Line(1, scope.bucket - 1)
        return scope


class LearnedFurniture:
    """The furniture learned so far in every scope, updated article by article as an import or reparse runs."""

    def __init__(self, documents: Iterable[Mapping[str, Any]] = ()) -> None:
        self._scopes: dict[str, _Scope] = {}
        for document in documents:
            try:
                self._scopes[str(document["scope"])] = _Scope.from_document(document)
            except (KeyError, TypeError, ValueError):
                continue  # a damaged scope is learned again from the articles to come, as a new one would be
        self._restrip: set[str] = set()

    @classmethod
    def relearning(cls, documents: Iterable[Mapping[str, Any]]) -> LearnedFurniture:
        """For a reparse, which sees every article again: counts start afresh, what was learned stays learned."""
        furniture = cls(documents)
        for scope in furniture._scopes.values():
            scope.files, scope.lines = 0, {}
        return furniture

    def take_off(self, article_id: str, path: str, article: ParsedArticle, position: int | None) -> ParsedArticle:
        """Count an article being stored and return it without the furniture learned so far (itself counted)."""
        if position is not None:
            return article
        edges = edges_of(article, path)
        self._observe(article_id, edges)
        return strip(article, edges, self.learned(edges))

    def apply(self, path: str, article: ParsedArticle, position: int | None) -> ParsedArticle:
        """The article without the furniture learned so far, counting nothing (a body taken back, re-stripped)."""
        if position is not None:
            return article
        edges = edges_of(article, path)
        return strip(article, edges, self.learned(edges))

    def learned(self, edges: Edges) -> frozenset[str]:
        """The keys among an article's edge paragraphs that are furniture in its scope."""
        scope = self._scopes.get(edges.scope)
        return frozenset(key for _, key, _ in edges.candidates if key in scope.learned) if scope else frozenset()

    def to_restrip(self) -> set[str]:
        """Ids of the articles stored before a line they carry was learned: they still show it."""
        return set(self._restrip)

    def documents(self) -> list[dict[str, Any]]:
        """Every scope as a document of the records file."""
        return [scope.document(name) for name, scope in self._scopes.items()]

    def _observe(self, article_id: str, edges: Edges) -> None:
        scope = self._scopes.setdefault(edges.scope, _Scope())
        scope.add_file()
        for key, text in {key: text for _, key, text in edges.candidates}.items():
            if key in scope.learned:
                continue
            line = scope.line(key)
            if line.hold(article_id, edges.identity) and scope.recurs(line):
                scope.learned[key] = (line.count, text)
                del scope.lines[key]
                self._restrip.update(holder for holder in line.holders if holder != article_id)
        scope.cap()
