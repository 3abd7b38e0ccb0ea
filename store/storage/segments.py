"""Bulky article text — cleaned bodies and the raw bytes — kept apart from the records.

TinyDB rewrites a whole file on every write, so bodies and raw bytes live in small append-only segment files
(each a TinyDB file of at most `SEGMENT_SIZE` articles) that an import writes once and never touches again.
The records file only names the segment holding each article, which keeps import cost linear in what is
imported and lets the browser start without reading any of this.

Segments are named `<generation>-<n>.json` after the generation that wrote them: files from a generation that
never committed (a killed import) are recognisable and swept away by the next writer.
"""

from __future__ import annotations

import base64
import contextlib
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from store.errors import StoreError
from store.storage.files import AtomicJSONStorage, discard, load_tables

SEGMENT_SIZE = 500
DAMAGE_ADVICE = "`newsdesk doctor --repair` reads its articles again from their files"
"""Segments are written once, so the `.bak` generation names the same file: restoring it cannot help."""


COMPRESSION = 1
"""zlib's fastest level: news text shrinks to a third of its size at about 100 MB/s (a few per cent of an
import) and is unpacked at 300 MB/s. A body is unpacked when it is asked for, the raw bytes only by `reparse`
and `doctor --repair`."""

_COMPRESSED = "z:"
"""Opens the packed raw bytes of a segment written since they are compressed (`:` is no base64 character, so
a segment written before, holding the bare base64 of the bytes, reads as it always did)."""


@dataclass(frozen=True)
class StoredText:
    """The text of one article as kept on disk: the cleaned body, and the file's raw bytes packed to fit a JSON
    document (compressed, then base64)."""

    id: str
    body: str
    packed: str

    @classmethod
    def holding(cls, id: str, body: str, raw: bytes) -> StoredText:
        """The text of an article read now, its raw bytes packed for the segment."""
        return cls(id, body, _COMPRESSED + _packed(raw))

    @property
    def raw(self) -> bytes:
        """The article's raw bytes, as its file held them; `StoreError` when the segment's copy is damaged."""
        try:
            if self.packed.startswith(_COMPRESSED):
                return zlib.decompress(base64.b64decode(self.packed[len(_COMPRESSED) :], validate=True))
            return base64.b64decode(self.packed, validate=True)
        except (ValueError, zlib.error) as error:
            raise StoreError(f"article {self.id}: its stored raw bytes are damaged; {DAMAGE_ADVICE}") from error


def _packed(data: bytes) -> str:
    return base64.b64encode(zlib.compress(data, COMPRESSION)).decode("ascii")


def _document(text: StoredText) -> dict[str, str]:
    """A text as its segment keeps it; the body compressed under `body_z` (older segments hold it as `body`)."""
    return {"id": text.id, "body_z": _packed(text.body.encode("utf-8")), "raw": text.packed}


class SegmentTexts(Mapping[str, StoredText]):
    """The texts of one segment by article id, each body unpacked when its text is asked for: opening one
    article of a segment costs one body, not five hundred."""

    def __init__(self, path: Path, documents: dict[str, dict[str, Any]]) -> None:
        self._path = path
        self._documents = documents

    def __getitem__(self, article_id: str) -> StoredText:
        document = self._documents[article_id]
        try:
            packed = document.get("body_z")
            body = document["body"] if packed is None else zlib.decompress(base64.b64decode(packed)).decode("utf-8")
            return StoredText(article_id, str(body), str(document["raw"]))
        except (KeyError, TypeError, ValueError, zlib.error) as error:
            raise StoreError(f"{self._path}: damaged text segment; {DAMAGE_ADVICE}") from error

    def __iter__(self) -> Iterator[str]:
        return iter(self._documents)

    def __len__(self) -> int:
        return len(self._documents)


def segment_generation(name: str) -> int | None:
    """The generation encoded in a segment name, or None for a file that is not a segment."""
    head, _, _ = name.partition("-")
    return int(head) if head.isdigit() else None


class TextSegments:
    """The folder of segment files, read lazily and written only in whole new segments."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, name: str) -> Path:
        """The file of segment `name`."""
        return self.folder / f"{name}.json"

    def write(self, name: str, texts: list[StoredText]) -> None:
        """Write a new segment holding `texts` in one atomic file write (replacing an uncommitted leftover)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        discard(self.path(name))
        with TinyDB(self.path(name), storage=AtomicJSONStorage) as db:
            db.table("texts").insert_multiple(_document(text) for text in texts)

    def read(self, name: str, *, cached: bool = True) -> SegmentTexts:
        """Every text in segment `name`, by article id; `cached=False` for a pass that reads each segment once,
        which would only fill memory and push out the segments a reader comes back to."""
        return _read_segment(self.path(name)) if cached else _read_segment.__wrapped__(self.path(name))

    def text(self, name: str, article_id: str) -> StoredText:
        """One article's text from segment `name`; a segment that lacks it is damage, reported as such."""
        try:
            return self.read(name)[article_id]
        except KeyError:
            raise StoreError(
                f"{self.path(name)}: damaged text segment (article {article_id} is missing); {DAMAGE_ADVICE}"
            ) from None

    def names(self) -> list[str]:
        """Every segment on disk, oldest first."""
        if not self.folder.is_dir():
            return []
        return sorted(path.stem for path in self.folder.glob("*.json") if segment_generation(path.stem) is not None)

    def sweep(self, keep: set[str], newer_than: int | None = None) -> None:
        """Delete segments not in `keep`; with `newer_than`, only those written by a later, uncommitted generation."""
        for name in self.names():
            generation = segment_generation(name)
            orphaned = newer_than is None or (generation is not None and generation > newer_than)
            if name not in keep and orphaned:
                with contextlib.suppress(OSError):
                    self.path(name).unlink()
        _read_segment.cache_clear()


@lru_cache(maxsize=4)
def _read_segment(path: Path) -> SegmentTexts:
    """Segments never change once written, so the few most recently read stay parsed in memory."""
    tables = load_tables(path, DAMAGE_ADVICE)
    if tables is None:
        raise StoreError(f"{path}: text segment is missing; {DAMAGE_ADVICE}")
    documents = {}
    for document in tables.get("texts", {}).values():
        if not isinstance(document, dict) or not isinstance(document.get("id"), str):
            raise StoreError(f"{path}: damaged text segment; {DAMAGE_ADVICE}")
        documents[document["id"]] = document
    return SegmentTexts(path, documents)


class SegmentWriter:
    """Collects the texts of one import and writes them out a segment at a time."""

    def __init__(self, segments: TextSegments, generation: int) -> None:
        self._segments = segments
        self._generation = generation
        self._pending: list[StoredText] = []
        self._written = 0

    def current_name(self) -> str:
        """The segment the next added text will land in."""
        return f"{self._generation:06d}-{self._written:04d}"

    def add(self, text: StoredText) -> str:
        """Queue `text`; returns the name of the segment it will be stored in."""
        name = self.current_name()
        self._pending.append(text)
        if len(self._pending) >= SEGMENT_SIZE:
            self.flush()
        return name

    def flush(self) -> None:
        """Write what is queued as one segment."""
        if self._pending:
            self._segments.write(self.current_name(), self._pending)
            self._pending = []
            self._written += 1
