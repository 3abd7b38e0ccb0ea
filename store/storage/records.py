"""The records of one store generation: article metadata and the files each was seen in.

Each generation's records live in their own TinyDB file (`archive.d/records-<generation>.json`), written whole
and once; `archive.json` names the current one, so replacing `archive.json` is the single step that commits an
import. Bodies and raw bytes are not here (see `segments.py`), which keeps this file small enough to rewrite on
every import.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from tinydb import TinyDB

from store.errors import StoreError, UnknownArticleError
from store.model import ArticleRecord
from store.paths import shown_key
from store.storage.files import AtomicJSONStorage, SnapshotMiddleware, discard, load_tables


@dataclass
class FileEntry:
    """What the archive knows of one file path, so an unchanged file can be skipped without reading it."""

    path: str
    ids: list[str]
    """The article at each position of the file, in order; "" where that article could not be read."""
    sha256: str
    size: int
    mtime_ns: int

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> FileEntry:
        """Read a stored entry; archives written before many-article files kept one `id` per file."""
        fields = dict(document)
        if "id" in fields:
            fields["ids"] = [fields.pop("id")]
        return cls(**fields)


@dataclass
class RecordSet:
    """All records of a generation, indexed the ways an import needs."""

    articles: dict[str, ArticleRecord] = field(default_factory=dict)
    files: dict[str, FileEntry] = field(default_factory=dict)
    by_fingerprint: dict[str, str] = field(default_factory=dict)
    shared_keys: list[str] = field(default_factory=list)
    """Article ids or file paths that more than one stored document carried (only the last one was kept):
    damage or a bug, which `doctor` reports."""
    furniture: list[dict[str, Any]] = field(default_factory=list)
    """What imports learned of each site's (or folder's) furniture, one document per scope, kept as stored:
    `store.ingest.furniture` gives it a meaning."""

    def __post_init__(self) -> None:
        self.by_fingerprint = {record["fingerprint"]: record["id"] for record in self.articles.values()}

    def __len__(self) -> int:
        return len(self.articles)

    def __iter__(self) -> Iterator[ArticleRecord]:
        return iter(self.articles.values())

    def put(self, record: ArticleRecord, previous_fingerprint: str | None = None) -> None:
        """Add or replace a record, keeping the fingerprint index true."""
        if previous_fingerprint is not None and self.by_fingerprint.get(previous_fingerprint) == record["id"]:
            del self.by_fingerprint[previous_fingerprint]
        self.articles[record["id"]] = record
        self.by_fingerprint[record["fingerprint"]] = record["id"]

    def resolve(self, article_id: str, archive_name: str) -> str:
        """The full id for an id or a prefix of one that a single article has.

        When several have it the error lists them, each cut where it becomes unique, so any can be typed back.
        """
        if article_id in self.articles:
            return article_id
        matches = sorted(key for key in self.articles if key.startswith(article_id)) if article_id else []
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise UnknownArticleError(_ambiguity(article_id, matches))
        raise UnknownArticleError(f"{article_id}: no such article in {archive_name}")

    def forget_path(self, path: str, article_id: str) -> None:
        """`path` no longer holds article `article_id` (its content became another article)."""
        record = self.articles.get(article_id)
        if record is not None and path in record["paths"] and len(record["paths"]) > 1:
            record["paths"].remove(path)
            record["path"] = record["paths"][0]

    def by_segment(self) -> list[ArticleRecord]:
        """Every record, ordered by the text segment holding its body, so a pass over the bodies reads each
        segment once."""
        return sorted(self.articles.values(), key=lambda record: record["segment"])

    def segments(self) -> set[str]:
        """The text segments these records point into."""
        return {record["segment"] for record in self.articles.values()}


def load_records(path: Path) -> RecordSet:
    """Read one generation's records file."""
    tables = load_tables(path)
    if tables is None:
        raise StoreError(
            f"{path}: records file is missing; restore the previous generation with `newsdesk doctor --restore`"
        )
    try:
        article_docs = list(tables.get("articles", {}).values())
        file_docs = list(tables.get("files", {}).values())
        furniture = [dict(doc) for doc in tables.get("furniture", {}).values()]
        articles = {doc["id"]: cast(ArticleRecord, doc) for doc in article_docs}
        files = {doc["path"]: FileEntry.from_document(doc) for doc in file_docs}
    except (KeyError, TypeError, ValueError) as error:
        raise StoreError(f"{path}: records of the wrong shape; run `newsdesk doctor`") from error
    shared = [f"article {key}" for key in _repeated(doc["id"] for doc in article_docs)]
    shared += [f"file {shown_key(key)}" for key in _repeated(doc["path"] for doc in file_docs)]
    return RecordSet(articles, files, shared_keys=shared, furniture=furniture)


def _repeated(keys: Iterable[str]) -> list[str]:
    return sorted(key for key, count in Counter(keys).items() if count > 1)


def save_records(path: Path, records: RecordSet) -> None:
    """Write a generation's records file in one atomic write."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # A file of this name can only be the leftover of a generation that never committed (numbers repeat after
    # a crash or a restore); TinyDB would add to it, so it goes first.
    discard(path)
    with TinyDB(path, storage=SnapshotMiddleware(AtomicJSONStorage)) as db, db.storage.batch():
        db.table("articles").insert_multiple(dict(record) for record in records.articles.values())
        db.table("files").insert_multiple(vars(entry) for entry in records.files.values())
        db.table("furniture").insert_multiple(records.furniture)


AMBIGUITY_SHOWN = 5
"""How many of the articles an ambiguous id prefix matches its error line names."""


def _ambiguity(prefix: str, matches: list[str]) -> str:
    """`5d: ambiguous, matches 13 articles: 5d01…, 5d3a…, … (give more characters)`: each named id is cut at
    the first length that tells every match apart."""
    longest = max(len(match) for match in matches)
    distinct = (width for width in range(len(prefix) + 1, longest) if len({m[:width] for m in matches}) == len(matches))
    width = next(distinct, longest)
    shown = [f"{match[:width]}…" if width < len(match) else match for match in matches[:AMBIGUITY_SHOWN]]
    more = ", …" if len(matches) > AMBIGUITY_SHOWN else ""
    return f"{prefix}: ambiguous, matches {len(matches)} articles: {', '.join(shown)}{more} (give more characters)"
