"""The committed state of an archive: which generation is current, its records, and writing the next one.

`archive.json`'s `meta` document names the current generation, its records file and the text segments it uses
(with their checksums). A generation is written records file first, then `archive.json` (the commit point), so
a writer killed between the two leaves the previous generation in force; the files it wrote are swept by the
next writer, or at once when the write is abandoned.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from store.errors import StoreError
from store.storage.files import SnapshotMiddleware
from store.storage.integrity import commit_checksums
from store.storage.records import RecordSet, load_records, save_records
from store.storage.segments import TextSegments
from store.storage.sweep import sweep_unused

FORMAT = 1


class Generations:
    """Reads and commits the generations of the archive at `path`; the records of the current one are loaded
    once and kept until another generation is current."""

    def __init__(self, path: Path, db: TinyDB, store: SnapshotMiddleware, segments: TextSegments) -> None:
        self.path = path
        self.data_dir = segments.folder.parent
        self._db = db
        self._store = store
        self._segments = segments
        self._records: RecordSet | None = None
        self._records_name: str | None = None

    @property
    def current(self) -> int:
        """The committed generation this object sees (0 for a new archive)."""
        return int(self.meta().get("generation", 0))

    def meta(self) -> dict[str, Any]:
        """The commit point's `meta` document; `StoreError` when it is not a newsdesk store's."""
        document = self._db.table("meta").get(doc_id=1)
        if document is None:
            return {}
        if not isinstance(document.get("generation"), int):
            raise StoreError(f"{self.path}: not a newsdesk store (meta of the wrong shape)")
        return dict(document)

    def records(self) -> RecordSet:
        """Every article record of the current generation (loaded on first use).

        A long-lived reader (the browser) may still see a generation whose records file later writers have
        swept away; it then moves on to the generation on disk rather than fail (ids never change meaning).
        """
        name = self.meta().get("records")
        if name is None:
            return RecordSet()
        if self._records is None or self._records_name != name:
            if not (self.data_dir / name).exists() and self.refresh():
                return self.records()
            self._records = load_records(self.data_dir / name)
            self._records_name = name
        return self._records

    def refresh(self) -> bool:
        """Catch up with what other processes committed; True when there was something new."""
        before = self.current
        self._store.reload()
        self._db.clear_cache()
        return self.current != before

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Changes to `archive.json`'s tables inside are written once, with the commit that ends them."""
        with self._store.batch():
            yield

    def commit(self, records: RecordSet | None) -> int:
        """Write a new generation: its records file (if given) first, then `archive.json` as the commit point."""
        meta = self.meta()
        generation = int(meta.get("generation", 0)) + 1
        meta.update(generation=generation, format=FORMAT)
        if records is not None:
            name = f"records-{generation:06d}.json"
            save_records(self.data_dir / name, records)
            segments = sorted(records.segments())
            checksums = commit_checksums(self.data_dir, meta.get("checksums"), name, segments, generation)
            meta.update(records=name, segments=segments, checksums=checksums)
        with self._store.batch():
            self._db.table("meta").upsert(Document(meta, doc_id=1))
        if records is not None:
            self._records, self._records_name = records, meta["records"]
            sweep_unused(self.path, self.data_dir, self._segments, meta)
        return generation

    def abandon(self, generation: int) -> None:
        """Forget a generation that did not commit: its records in memory and the files it already wrote."""
        self._records = None
        if self.current < generation:
            self._segments.sweep(set(), newer_than=self.current)
            with contextlib.suppress(OSError):  # best effort: the next writer sweeps what is left
                (self.data_dir / f"records-{generation:06d}.json").unlink(missing_ok=True)
