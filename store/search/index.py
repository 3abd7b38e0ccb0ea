"""The search index: derived data next to the archive, rebuilt from it when missing, damaged or stale.

Layout of the index directory (e.g. `archive.index/`):

    stamp.json        {"schema": 1, "generation": 42, "data": "data-1f2e3d4c"}
    data-1f2e3d4c/    the tantivy index the stamp names

The stamp is written atomically and only after tantivy has committed, so it never claims more than the data
holds: a crash in between leaves an older generation in the stamp, which the archive reads as stale and
rebuilds. A rebuild writes a fresh `data-*` directory and then swaps it in by rewriting the stamp, so a failed
rebuild leaves the previous index in use and untouched. Nothing here is precious: deleting the directory loses
nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

import tantivy

from store.errors import StoreError, UnknownArticleError
from store.model import ArticleRecord, UserData
from store.query.tree import Query
from store.search.schema import (
    KEYED_FIELDS,
    NOTE_FIELD,
    SCHEMA_VERSION,
    WORD_FIELDS,
    Analyzers,
    build_schema,
    date_key,
    folded_field,
    key_field,
    month_number,
)
from store.search.translate import Translator
from store.search.view import Facets, Hit, SearchResults, Sort, View, stored_date
from store.search.writer_errors import REBUILT_ON_NEXT_USE, commit_writer, writing_index
from store.storage.files import atomic_write

STAMP: Final = "stamp.json"
PROGRESS_EVERY: Final = 500
REBUILD_HEAP: Final = 128_000_000
REBUILD_THREADS: Final = 2
UPDATE_HEAP: Final = 32_000_000


@dataclass(frozen=True)
class IndexDocument:
    """What the index holds of one article: searchable text, what a result list shows, tags, read flag."""

    id: str
    title: str
    body: str
    date: str | None
    """ISO `YYYY-MM-DD`."""
    source: str | None
    site: str | None
    byline: str | None
    location: str | None
    path: str
    """The stored key of the article's file (see `store.paths`): shown escaped, opened as it is."""
    tags: tuple[str, ...] = ()
    read: bool = False
    note: str = ""

    @classmethod
    def of(cls, record: ArticleRecord, body: str, user: Mapping[str, UserData]) -> IndexDocument:
        """The document for a stored record; `user` maps ids to the user data of the articles that have any."""
        tags, read, note = user.get(record["id"], UserData())
        return cls(
            id=record["id"],
            title=record["title"],
            body=body,
            date=record["date"],
            source=record["source"],
            site=record["site"],
            byline=record["byline"],
            location=record["location"],
            path=record["path"],
            tags=tags,
            read=read,
            note=note,
        )


@dataclass(frozen=True)
class _Stamp:
    generation: int
    data: str


class SearchIndex:
    """The tantivy index in `directory`: opened lazily and cheaply; missing or damaged means generation None.

    One searcher is kept and reloaded only after this object's own writes. Writes (`rebuild`, `upsert`,
    `remove`, `set_user_data`) assume the caller holds the archive's writer lock.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._analyzers = Analyzers()
        self._index: Any | None = None
        self._stamp: _Stamp | None = None
        self._view: View | None = None

    @property
    def generation(self) -> int | None:
        """The store generation the index on disk reflects; None if it is missing, damaged or unreadable.

        Asking never moves this object's searcher: a long-running reader (the browser) keeps searching the
        snapshot it opened, even after another process updated the index, until `reload()` or one of its
        own writes brings it forward.
        """
        stamp = self._read_stamp()
        if stamp is None:
            return None
        if self._stamp is None:
            self._open(stamp)
            return self._stamp.generation if self._stamp else None
        return stamp.generation

    def reload(self) -> None:
        """Move to the index as it is on disk now (another process may have updated or rebuilt it)."""
        stamp = self._read_stamp()
        if stamp is None:
            self.close()
        elif self._stamp is None or stamp.data != self._stamp.data:
            self._open(stamp)
        elif stamp.generation != self._stamp.generation:
            self._stamp = stamp
            self._reload()

    def rebuild(
        self,
        documents: Iterable[IndexDocument],
        generation: int,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        """Index `documents` into a fresh directory, then swap it in; calls `progress(done)` every 500."""
        batch = self.begin(fresh=True, consequence="the index in use is left as it was")
        done = 0
        try:
            for document in documents:
                batch.add(document)
                done += 1
                if progress and done % PROGRESS_EVERY == 0:
                    progress(done)
        except BaseException:
            batch.abandon()
            raise
        batch.commit(generation)
        if progress and done % PROGRESS_EVERY:
            progress(done)

    def upsert(self, documents: Iterable[IndexDocument], generation: int) -> None:
        """Add the documents, replacing any already indexed under the same id, in one commit."""
        batch = self.begin(fresh=False, consequence=REBUILT_ON_NEXT_USE)
        try:
            for document in documents:
                batch.add(document)
        except BaseException:
            batch.abandon()
            raise
        batch.commit(generation)

    def begin(self, *, fresh: bool, consequence: str) -> IndexBatch:
        """Start a batch of additions: into a new, empty index (`fresh`) or replacing by id in the current one.

        Nothing is visible until `IndexBatch.commit`, which an import calls only after the store has committed,
        so tantivy indexes while the import is still parsing without ever getting ahead of the store.
        `consequence` ends the error line of a failed write: what the failure means to the caller's user.
        """
        if not fresh:
            self.reload()
            self._require()
            assert self._index is not None
            with writing_index(self.directory, consequence):
                writer = self._index.writer(UPDATE_HEAP, 1)
            return IndexBatch(self, writer, None, consequence)
        name = f"data-{os.urandom(4).hex()}"
        target = self.directory / name
        try:
            with writing_index(self.directory, consequence):
                target.mkdir(parents=True)
                index = tantivy.Index(build_schema(), path=str(target), reuse=False)
                self._analyzers.register(index)
                return IndexBatch(self, index.writer(REBUILD_HEAP, REBUILD_THREADS), name, consequence)
        except BaseException:
            _remove_tree(target)
            raise

    def _swap_in(self, data: str, generation: int) -> None:
        """Make a freshly written data directory the index, dropping the ones it replaces."""
        self._write_stamp(_Stamp(generation, data))
        self._open(_Stamp(generation, data))
        self._remove_stale_data()

    def advance(self, generation: int) -> None:
        """Stamp the index as reflecting `generation` too, for a commit that changed nothing the index holds."""
        stamp = self._read_stamp()
        if stamp is None:
            return
        self._write_stamp(_Stamp(generation, stamp.data))
        if self._stamp is not None and self._stamp.data == stamp.data:
            self._stamp = _Stamp(generation, stamp.data)

    def set_user_data(self, id: str, data: UserData, generation: int) -> None:
        """Re-index one article from its stored fields with new tags, read state and note.

        The fields are read from the index as it is on disk now: a reader's older snapshot (the browser's, after
        another process re-imported the article) would put the old text back under a current stamp.
        """
        self.reload()
        document = self.document(id)
        if document is None:
            raise UnknownArticleError(f"no article with id {id}")
        self.upsert([replace(document, tags=data.tags, read=data.read, note=data.note)], generation)

    def shared_ids(self) -> list[str]:
        """Ids that more than one indexed document carries: never right, since every upsert deletes by id first."""
        view = self._require()
        total = view.searcher.num_docs
        if not total:
            return []
        found = view.searcher.search(tantivy.Query.all_query(), limit=total)
        ids = Counter(view.searcher.doc(address).get_first("id") for _, address in found.hits)
        return sorted(str(id) for id, count in ids.items() if count > 1)

    def contains(self, id: str) -> bool:
        """Whether an article with this id is indexed (without fetching it)."""
        return self._require().address(id) is not None

    def document(self, id: str) -> IndexDocument | None:
        """One article, body included, from the index's document store; None for an unknown id."""
        view = self._require()
        address = view.address(id)
        return None if address is None else _from_tantivy(view.searcher.doc(address))

    def search(
        self,
        query: Query,
        *,
        sort: Sort = "relevance",
        limit: int = 20,
        offset: int = 0,
        continuing: SearchResults | None = None,
    ) -> SearchResults:
        """A page of hits: by relevance if `query` has text terms (else newest first), or by date or title.

        `continuing` is an earlier page of the same list: this page is read from the same snapshot.
        """
        view = continuing.snapshot if continuing is not None and continuing.snapshot is not None else None
        return (view or self._require()).search(query, sort, limit, offset)

    def facets(self, query: Query) -> Facets:
        """Counts per source, year, tag and month over every article matching `query`."""
        return self._require().facets(query)

    def related(self, id: str, limit: int = 10) -> list[Hit]:
        """The articles most like this one, best first, never the article itself."""
        view = self._require()
        address = view.address(id)
        if address is None:
            raise UnknownArticleError(f"no article with id {id}")
        return view.related(address, limit)

    def close(self) -> None:
        """Let go of the tantivy index; the object reopens it lazily if used again."""
        self._index = self._stamp = self._view = None

    def _require(self) -> View:
        if self._view is None and self.generation is None:
            raise StoreError(f"the search index in {self.directory} is missing or damaged; it must be rebuilt")
        assert self._view is not None
        return self._view

    def _open(self, stamp: _Stamp) -> None:
        self.close()
        path = self.directory / stamp.data
        try:
            index = tantivy.Index.open(str(path))
            self._analyzers.register(index)
            index.config_reader("Manual")
            schema = index.schema
            view = View(index.searcher(), schema, Translator(schema, self._analyzers))
        except (OSError, ValueError):
            return
        self._index, self._stamp, self._view = index, stamp, view

    def _reload(self) -> None:
        assert self._index is not None and self._view is not None
        self._index.reload()
        self._view = View(self._index.searcher(), self._index.schema, Translator(self._index.schema, self._analyzers))

    def _commit(self, writer: Any, generation: int) -> None:
        commit_writer(writer, self.directory)
        assert self._stamp is not None
        self._stamp = _Stamp(generation, self._stamp.data)
        self._write_stamp(self._stamp)
        self._reload()

    def _read_stamp(self) -> _Stamp | None:
        try:
            raw = json.loads((self.directory / STAMP).read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(raw, dict) or raw.get("schema") != SCHEMA_VERSION:
            return None
        generation, data = raw.get("generation"), raw.get("data")
        if not isinstance(generation, int) or not isinstance(data, str) or not data.startswith("data-"):
            return None
        return _Stamp(generation, data)

    def _write_stamp(self, stamp: _Stamp) -> None:
        payload = json.dumps({"schema": SCHEMA_VERSION, "generation": stamp.generation, "data": stamp.data})
        atomic_write(self.directory / STAMP, payload.encode())

    def _remove_stale_data(self) -> None:
        """Delete data directories the stamp no longer names (earlier generations, failed rebuilds)."""
        current = self._stamp.data if self._stamp else None
        for path in self.directory.glob("data-*"):
            if path.name != current:
                _remove_tree(path)


def _remove_tree(path: Path) -> None:
    """Delete a data directory, best effort (what is left is swept with the next stale one).

    `shutil` is imported here, not at the top: it loads zlib, bz2 and lzma, a millisecond and more that every
    `newsdesk search` would pay for what only a rebuild or an abandoned batch does.
    """
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _to_tantivy(document: IndexDocument) -> Any:
    out = tantivy.Document()
    for name in ("id", *WORD_FIELDS, "path"):
        if value := getattr(document, name):
            out.add_text(name, value)
    for name in WORD_FIELDS:
        if value := getattr(document, name):
            out.add_text(folded_field(name), value)
    for name in KEYED_FIELDS:
        values = document.tags if name == "tags" else (getattr(document, name),)
        for value in values:
            if value is not None:
                out.add_text(name, value)
                out.add_text(key_field(name), value)
    date = _parse_date(document.date)
    if date is not None:
        out.add_text("day", date.isoformat())
        out.add_integer("month", month_number(date))
    out.add_integer("date_key", date_key(date, document.id))
    out.add_text("title_key", f"{document.title.casefold()}\x00{document.id}")
    out.add_boolean("read", document.read)
    out.add_boolean("noted", bool(document.note))
    return out


def _from_tantivy(document: Any) -> IndexDocument:
    def text(name: str) -> str | None:
        value = document.get_first(name)
        return value if isinstance(value, str) else None

    return IndexDocument(
        id=text("id") or "",
        title=text("title") or "",
        body=text("body") or "",
        date=stored_date(document),
        source=text("source"),
        site=text("site"),
        byline=text("byline"),
        location=text("location"),
        path=text("path") or "",
        tags=tuple(str(tag) for tag in document.get_all("tags")),
        read=document.get_first("read") is True,
        note=text(NOTE_FIELD) or "",
    )


class IndexBatch:
    """Additions to the index that become visible, with a new generation stamp, only on `commit`."""

    def __init__(self, index: SearchIndex, writer: Any, fresh_data: str | None, consequence: str) -> None:
        self._index = index
        self._writer = writer
        self._fresh_data = fresh_data
        self._consequence = consequence

    def add(self, document: IndexDocument, again: bool = False) -> None:
        """Index one article, replacing an older version with the same id; in a fresh index only an article
        added `again` (its body changed later in the same import) has one."""
        with writing_index(self._index.directory, self._consequence):
            if self._fresh_data is None or again:
                self._writer.delete_documents_by_term("id", document.id)
            self._writer.add_document(_to_tantivy(document))

    def feeder(self, user: Mapping[str, UserData]) -> Callable[[ArticleRecord, str, bool], None]:
        """What an import calls with each record it stores, its body and whether it was stored before in this
        import (`again`); `user` maps ids to their user data."""
        return lambda record, body, again: self.add(IndexDocument.of(record, body, user), again)

    def commit(self, generation: int) -> None:
        """Commit the additions and stamp the index with the store generation they belong to."""
        if self._fresh_data is None:
            self._index._commit(self._writer, generation)
            return
        commit_writer(self._writer, self._index.directory)
        self._index._swap_in(self._fresh_data, generation)

    def abandon(self) -> None:
        """Drop everything added; the index stays as it was.

        A writer that already died has nothing left to roll back, and its error is the one already being
        reported, so a second failure here is not raised over it.
        """
        with contextlib.suppress(OSError, ValueError):
            self._writer.rollback()
        if self._fresh_data is not None:
            _remove_tree(self._index.directory / self._fresh_data)
