"""The one facade the CLI, the browser and the tests use: `Archive`.

On disk an archive at `archive.json` is:
- `archive.json` — TinyDB: `meta` (generation, current records file, live segments), `user` (tags, read
  state and note by article id) and `saved` (saved searches). Small; replacing it is the commit point of every write.
- `archive.json.bak` — the previous generation of it; `archive.json.lock` — the writer lock.
- `archive.d/records-<generation>.json` — the article records (see `records.py`).
- `archive.d/text/` — bodies and raw bytes in write-once segments (see `segments.py`).
- `archive.index/` — the tantivy search index, derived, rebuilt whenever it is missing or stale.

Readers never take the lock; every writer takes it, re-reads `archive.json` (another process may have committed
since), writes its new files, and then replaces `archive.json`. A writer killed at any point leaves the previous
generation in force.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tinydb import TinyDB

from store.errors import ReadOnlyError, StoreError, UnknownArticleError, UsageError
from store.model import ArticleRecord, UserData, normalize_note, normalize_tag
from store.paths import shown_key
from store.query.parser import parse_query, to_query
from store.query.tree import Query
from store.search.index import IndexBatch, IndexDocument, SearchIndex
from store.search.view import Facets, Hit, SearchResults, Sort
from store.stats import ArchiveStats, compute_stats, folder_size
from store.storage.files import AtomicJSONStorage, SnapshotMiddleware, backup_path, prepare_store_path
from store.storage.generations import Generations
from store.storage.lock import writer_lock
from store.storage.records import RecordSet
from store.storage.segments import SegmentWriter, TextSegments
from store.storage.user import UserTables

if TYPE_CHECKING:
    from store.ingest.importer import ImportReport, Progress
    from store.ingest.recover import RepairReport

NOTHING_IMPORTED = "nothing was imported"
"""How an import's failed index write ends: the import is abandoned, so the store stays at its last commit."""
WaitNotice = Callable[[str], None]
T = TypeVar("T")


class Archive:
    """A newsdesk archive on disk. Open with `Archive.open`; close when done."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.data_dir = path.with_name(path.stem + ".d")
        self.segments = TextSegments(self.data_dir / "text")
        self.index = SearchIndex(path.with_name(path.stem + ".index"))
        store = SnapshotMiddleware(AtomicJSONStorage)
        self._db = TinyDB(path, keep_backup=True, storage=store)
        self._generations = Generations(path, self._db, store, self.segments)
        self._user = UserTables(self._db)

    @classmethod
    def open(cls, path: Path, *, create: bool = False, read_only: bool = False) -> Archive:
        """Open the archive at `path`; only `create=True` (`import`) may start one; `read_only` refuses writes."""
        archive = cls(prepare_store_path(path, create=create), read_only=read_only)
        archive._generations.meta()
        return archive

    def close(self) -> None:
        """Release the index and the store."""
        self.index.close()
        self._db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def generation(self) -> int:
        """The committed generation this archive object sees (0 for a new archive)."""
        return self._generations.current

    def records(self) -> RecordSet:
        """Every article record of the current generation (loaded on first use)."""
        return self._generations.records()

    def refresh(self) -> bool:
        """Catch up with what other processes committed; True when there was something new."""
        return self._generations.refresh()

    def record(self, article_id: str) -> ArticleRecord:
        """The record of `article_id` (a unique prefix of it is enough)."""
        records = self.records()
        return records.articles[records.resolve(article_id, self.path.name)]

    def body(self, record: ArticleRecord) -> str:
        """The cleaned body of a record, read from its text segment."""
        return self.segments.text(record["segment"], record["id"]).body

    def full_record(self, article_id: str) -> dict[str, Any]:
        """The record with its body and the user's tags and note, as `show --json` and `export` give it."""
        return next(self.full_records([article_id]))

    def full_records(self, ids: Iterable[str]) -> Iterator[dict[str, Any]]:
        """Like `full_record` for many ids; bodies are read segment by segment, so each segment is read once.

        These are records as people read them, so their paths are shown escaped (see `store.paths`).
        """
        records = [self.record(article_id) for article_id in ids]
        bodies = {record["id"]: self.body(record) for record in sorted(records, key=lambda record: record["segment"])}
        for record in records:
            user = self.user_data(record["id"])
            yield {
                **record,
                "path": shown_key(record["path"]),
                "paths": [shown_key(path) for path in record["paths"]],
                "body": bodies[record["id"]],
                "tags": list(user.tags),
                "note": user.note,
            }

    @contextlib.contextmanager
    def _writing(
        self, *, wait: bool = True, on_wait: WaitNotice | None = None, derived: bool = False
    ) -> Iterator[None]:
        """Every write's way in. Read-only, only the `derived` index may be written (`ReadOnlyError` otherwise)."""
        if self.read_only and not derived:
            raise ReadOnlyError(self.path.name)
        with writer_lock(self.path, wait=wait, on_wait=on_wait):
            self.refresh()
            yield

    def import_paths(
        self,
        paths: Iterable[Path],
        *,
        progress: Progress | None = None,
        wait: bool = True,
        on_wait: WaitNotice | None = None,
        include: tuple[str, ...] = (),
        exclude: tuple[str, ...] = (),
    ) -> ImportReport:
        """Import files and folders; nothing is written when nothing changed.

        `include` globs limit the import to the files they match (and read those as articles whatever they
        look like); `exclude` globs leave files and folders out. The archive's own files are always left out.

        The search index is fed while files are parsed and committed after the store, so a crash leaves it
        at the previous generation (stale, hence rebuilt) and never ahead of the store.
        """
        from store.ingest.discover import Selection, discover  # what only an import needs loads with it
        from store.ingest.importer import Importer

        with self._writing(wait=wait, on_wait=on_wait):
            generation = self.generation + 1
            self.segments.sweep(set(), newer_than=self.generation)
            records = self.records()
            batch = self._begin_index_batch(fresh=not records)
            user = self._user.every()
            feed = None if batch is None else batch.feeder(user)
            now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            importer = Importer(records, self.segments, SegmentWriter(self.segments, generation), now, feed)
            try:
                selection = Selection.for_archive(self.path, include, exclude)
                report = importer.run(discover(paths, selection), progress, selection)
                if importer.changed:
                    self._generations.commit(records)
            except BaseException:
                self._generations.abandon(generation)
                if batch is not None:
                    batch.abandon()
                raise
            if not importer.changed:
                if batch is not None:
                    batch.abandon()
            elif batch is not None:
                batch.commit(self.generation)
            else:
                self.rebuild_index()
            return report

    def _begin_index_batch(self, *, fresh: bool) -> IndexBatch | None:
        """An index batch for an import: a fresh index for an empty archive, else updates to a current one.

        None when the index is stale for a non-empty archive: then only a full rebuild after the import helps.
        """
        if fresh:
            return self.index.begin(fresh=True, consequence=NOTHING_IMPORTED)
        if self.index_is_current():
            return self.index.begin(fresh=False, consequence=NOTHING_IMPORTED)
        return None

    def index_documents(self) -> Iterator[IndexDocument]:
        """Every article as the index wants it, reading each text segment once."""
        user = self._user.every()
        for record in self.records().by_segment():
            yield IndexDocument.of(record, self._readable_body(record), user)

    def _readable_body(self, record: ArticleRecord) -> str:
        """The body, or nothing when its segment is damaged: one bad segment must not stop every search.

        The article stays findable by its metadata, the browser says its text cannot be shown, and `doctor`
        names the damage.
        """
        try:
            return self.body(record)
        except StoreError:
            return ""

    def rebuild_index(self, progress: Progress | None = None) -> None:
        """Build the search index from the store, from scratch."""
        total = len(self.records())
        report = (lambda done: progress(done, total)) if progress is not None else None
        self.index.rebuild(self.index_documents(), self.generation, report)

    def index_is_current(self) -> bool:
        """Whether the search index reflects this generation."""
        return self.index.generation == self.generation

    def ensure_index(self, progress: Progress | None = None, on_wait: WaitNotice | None = None) -> None:
        """Rebuild the search index when it is missing or stale (under the writer lock), then search the
        index as it is now: this is also how a long-running reader moves past its snapshot."""
        if not self.index_is_current():
            with self._writing(on_wait=on_wait, derived=True):
                if not self.index_is_current():
                    self.rebuild_index(progress)
        self.index.reload()

    def _commit_user_change(self, change: Callable[[], object], reindex: Callable[[int], None]) -> None:
        """Commit a change to the user's own tables; `reindex(generation)` keeps a current index current.

        Left one generation behind, the index would stay behind: every later tag or read mark would skip it
        (it is not current), and the next search would rebuild all of it.
        """
        index_was_current = self.index_is_current()
        with self._generations.batch():
            change()
            generation = self._generations.commit(None)
        if index_was_current:
            reindex(generation)

    def user_data(self, article_id: str) -> UserData:
        """The tags, read state and note of an article."""
        return self._user.of(article_id)

    def _change_user_data(
        self, article_id: str, change: Callable[[UserData], UserData], on_wait: WaitNotice | None = None
    ) -> UserData:
        """Apply `change` to an article's user data as it is under the writer lock (another process may have
        changed it since this one read it), commit it if it changed, and return it."""
        article_id = self.resolve(article_id)
        with self._writing(on_wait=on_wait):
            current = self.user_data(article_id)
            updated = change(current)
            if updated != current:
                self._commit_user_change(
                    lambda: self._user.put(article_id, updated),
                    lambda generation: self.index.set_user_data(article_id, updated, generation),
                )
            return updated

    def tag(
        self, article_id: str, tags: Iterable[str], *, remove: bool = False, on_wait: WaitNotice | None = None
    ) -> tuple[str, ...]:
        """Add (or with `remove`, take away) user tags; returns the article's tags after the change.

        `on_wait` is told at once when another process holds the writer lock and the change has to wait.
        """
        wanted = [normalize_tag(tag) for tag in tags]

        def retagged(data: UserData) -> UserData:
            kept = set(data.tags).difference(wanted) if remove else set(data.tags).union(wanted)
            return data._replace(tags=tuple(sorted(kept)))

        return self._change_user_data(article_id, retagged, on_wait).tags

    def mark_read(self, article_id: str, read: bool = True) -> None:
        """Set an article's read state (what `is:read` / `is:unread` search)."""
        self._change_user_data(article_id, lambda data: data._replace(read=read))

    def set_note(self, article_id: str, text: str, *, on_wait: WaitNotice | None = None) -> str:
        """Replace an article's note (an empty text removes it); returns the note as stored."""
        note = normalize_note(text)
        return self._change_user_data(article_id, lambda data: data._replace(note=note), on_wait).note

    def stats(self) -> ArchiveStats:
        """Counts over the whole archive, and its size on disk (index included)."""
        size = folder_size([self.path, backup_path(self.path), self.data_dir, self.index.directory])
        return compute_stats(self.records(), size)

    def reparse(self, progress: Progress | None = None) -> ImportReport:
        """Rebuild every record from its stored raw bytes with the current parser.

        Ids, paths and user data are kept; an article the parser now rejects keeps its old record and is
        reported as failed.
        """
        from store.ingest.reparser import Reparser  # the readers and their libraries load only for a reparse

        def reparsed(records: RecordSet, writer: SegmentWriter) -> tuple[RecordSet | None, ImportReport]:
            reparser = Reparser(records, self.segments, writer)
            report = reparser.run(progress)
            return reparser.records, report

        return self._rewrite_texts(reparsed)

    def repair(self) -> RepairReport:
        """Take back the text of every article in a damaged segment from its original file, or mark it lost.

        Every other article stays as it is; the index is rebuilt, since it may hold texts no segment holds now.
        """
        from store.ingest.recover import RepairReport, recover_texts
        from store.storage.doctor import find_damage

        def repaired(records: RecordSet, writer: SegmentWriter) -> tuple[RecordSet | None, RepairReport]:
            damage = find_damage(self.data_dir, self._generations.meta(), records)
            damaged = [article_id for found in damage for article_id in found.article_ids]
            ids = [*damaged, *(record["id"] for record in records if record.get("lost"))]
            return (records, recover_texts(records, ids, writer)) if ids else (None, RepairReport())

        return self._rewrite_texts(repaired)

    def _rewrite_texts(self, rewrite: Callable[[RecordSet, SegmentWriter], tuple[RecordSet | None, T]]) -> T:
        """Commit the records `rewrite` returns (None: nothing to commit), with the segments it wrote, as one
        new generation; then rebuild the index, since bodies changed. A failure leaves no file behind."""
        with self._writing():
            generation = self.generation + 1
            try:
                records, report = rewrite(self.records(), SegmentWriter(self.segments, generation))
                if records is not None:
                    self._generations.commit(records)
            except BaseException:
                self._generations.abandon(generation)
                raise
            self.rebuild_index()
            return report

    def saved_searches(self) -> list[tuple[str, str]]:
        """(name, query) of every saved search, by name."""
        return self._user.saved()

    def save_search(self, name: str, query_text: str) -> None:
        """Save (or replace) a named search; the query must parse."""
        parse_query(query_text)
        if not name.strip():
            raise UsageError("a saved search needs a name")
        self._change_user_tables(lambda: self._user.save(name.strip(), query_text))

    def delete_search(self, name: str) -> None:
        """Forget a saved search."""
        self._change_user_tables(lambda: self._user.forget(name))

    def setting(self, name: str) -> str | None:
        """A preference kept with the archive (the browser's citation style), for whoever opens it next."""
        return self._user.setting(name)

    def set_setting(self, name: str, value: str) -> None:
        """Keep a preference with the archive."""
        self._change_user_tables(lambda: self._user.set_setting(name, value))

    def _change_user_tables(self, change: Callable[[], object]) -> None:
        """Commit a change to what the user keeps in the archive but the index does not hold."""
        with self._writing():
            self._commit_user_change(change, self.index.advance)

    def search(
        self,
        query: Query | str,
        *,
        sort: Sort = "relevance",
        limit: int = 20,
        offset: int = 0,
        as_you_type: bool = False,
        continuing: SearchResults | None = None,
    ) -> SearchResults:
        """Ranked hits for a query (a tree, or its text); `continuing` a page of the list reads its index snapshot."""
        tree = to_query(query, as_you_type=as_you_type)
        return self.index.search(tree, sort=sort, limit=limit, offset=offset, continuing=continuing)

    def facets(self, query: Query | str, *, as_you_type: bool = False) -> Facets:
        """Counts per source, year, tag and month for everything a query (a tree, or its text) matches."""
        return self.index.facets(to_query(query, as_you_type=as_you_type))

    def related(self, article_id: str, limit: int = 10) -> list[Hit]:
        """The articles most like this one, never itself."""
        return self.index.related(self.resolve(article_id), limit)

    def document(self, article_id: str) -> IndexDocument:
        """One article for reading, from the index's document store (no store files are opened)."""
        document = self.index.document(article_id) or self.index.document(self.record(article_id)["id"])
        if document is None:
            raise UnknownArticleError(f"{article_id}: no such article in {self.path.name}")
        return document

    def resolve(self, article_id: str) -> str:
        """The full id for an id or a unique prefix of one.

        A full id the index knows is answered by the index, so the browser never loads the records file just
        to star or tag an article; only a prefix needs the records. A prefix of any length will do when one
        article has it; when several have it the error lists them, each cut where it becomes unique.
        """
        if self.index_is_current() and self.index.contains(article_id):
            return article_id
        return self.records().resolve(article_id, self.path.name)
