"""`newsdesk reparse`: every stored article read again from its raw bytes with today's readers.

Ids, paths and the user's data stay: an article is the same article read better. One file stored whole that
today's readers take for several articles (an export imported before its reader existed) is split: its record
keeps its id, tags and note as the file's first article, and each other article becomes a record of its own,
as an import of the file would have made them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import cast

from store.errors import ParseError
from store.ingest.discover import Failure
from store.ingest.furniture import LearnedFurniture
from store.ingest.importer import ImportReport, Progress, article_fields, new_id, restrip
from store.ingest.readers import Reader
from store.ingest.reading import fingerprint
from store.ingest.sniff import reader_for, reader_named
from store.model import ArticleRecord, ParsedArticle
from store.paths import key_path, shown_key
from store.storage.records import FileEntry, RecordSet
from store.storage.segments import SegmentWriter, StoredText, TextSegments


class Reparser:
    """Rebuilds records from the raw bytes kept in the text segments, writing every body anew.

    Furniture is learned again from every article, as if all were imported now (what was learned before stays
    learned), and taken off the articles read before a line they carry was learned, as an import does.
    """

    def __init__(self, old: RecordSet, segments: TextSegments, writer: SegmentWriter) -> None:
        self.old = old
        self.segments = segments
        self.writer = writer
        self.records = RecordSet(files=dict(old.files))
        self.furniture = LearnedFurniture.relearning(old.furniture)
        self.report = ImportReport()
        self._unchanged: set[str] = set()

    def run(self, progress: Progress | None) -> ImportReport:
        """Reparse every article, a text segment at a time."""
        for done, record in enumerate(self.old.by_segment(), 1):
            self._reparse(record, self.segments.text(record["segment"], record["id"]))
            if progress is not None:
                progress(done, len(self.old))
        self.writer.flush()
        for record, body in restrip(self.records, self.furniture, self.segments, self.writer):
            old = self.old.articles.get(record["id"])
            if old is not None:
                self._tally(old, self.segments.text(old["segment"], old["id"]).body, record, body)
        self.writer.flush()
        self.records.furniture = self.furniture.documents()
        self.report.unchanged = len(self._unchanged)
        self.report.updated = len(self.records) - len(self._unchanged) - self.report.imported
        return self.report

    def _reparse(self, record: ArticleRecord, text: StoredText) -> None:
        position = record.get("position")
        try:
            if position is None:
                reader = reader_for(key_path(record["path"]).name, text.raw)
                chunks = reader.split(text.raw)
                if len(chunks) > 1:
                    self._split(record, text, reader, chunks)
                    return
                reader_name, article = reader.name, reader.parse(chunks[0] if chunks else text.raw)
            else:
                reader_name, article = _own_reader(record, text.raw)
        except ParseError as error:
            self._failed(record, position, error)
            body, fields = text.body, {}
        else:
            stripped = self.furniture.take_off(record["id"], record["path"], article, position)
            body, fields = stripped.body, {**article_fields(stripped), "format": reader_name, "position": position}
        updated = cast(ArticleRecord, {**record, **fields, "segment": self.writer.add(replace(text, body=body))})
        if fields:
            updated["fingerprint"] = fingerprint(article)
        self._tally(record, text.body, updated, body)
        self.records.put(updated)

    def _split(self, record: ArticleRecord, text: StoredText, reader: Reader, chunks: list[bytes]) -> None:
        """Store each article of a file stored whole; the first one read keeps the record's id (and with it the
        user's tags and note), an article already in the archive gains this file's paths, the rest are new.

        The file's entry lists the articles by position, "" where one could not be read, so that the next
        import of the file reads it again and reports that article again, as after any import.
        """
        ids: list[str] = []
        for position, chunk in enumerate(chunks, 1):
            try:
                article = reader.parse(chunk)
            except ParseError as error:
                self._failed(record, position, error)
                ids.append("")
                continue
            ids.append(self._store_part(record, reader.name, position, chunk, article, record["id"] in ids))
        if record["id"] not in ids:
            self.records.put(record)
            self._unchanged.add(record["id"])
            return
        for path in record["paths"]:
            if (entry := self.records.files.get(path)) is not None:
                self.records.files[path] = FileEntry(path, ids, entry.sha256, entry.size, entry.mtime_ns)

    def _store_part(
        self, whole: ArticleRecord, reader: str, position: int, chunk: bytes, article: ParsedArticle, kept: bool
    ) -> str:
        """Store one article split from a file stored whole; its id."""
        printed = fingerprint(article)
        known = self.records.by_fingerprint.get(printed)
        if known is not None:
            paths = self.records.articles[known]["paths"]
            paths += [path for path in whole["paths"] if path not in paths]
            return known
        article_id = new_id(self.records, printed) if kept else whole["id"]
        stripped = self.furniture.take_off(article_id, whole["path"], article, position)
        segment = self.writer.add(StoredText.holding(article_id, stripped.body, chunk))
        fields = {**article_fields(stripped), "format": reader, "position": position}
        self.records.put(
            cast(ArticleRecord, {**whole, **fields, "id": article_id, "fingerprint": printed, "segment": segment})
        )
        self.report.imported += kept
        return article_id

    def _failed(self, record: ArticleRecord, position: int | None, error: ParseError) -> None:
        shown = shown_key(record["path"])
        self.report.failed.append(Failure(shown if position is None else f"{shown}#{position}", str(error)))

    def _tally(self, old: ArticleRecord, old_body: str, new: ArticleRecord, new_body: str) -> None:
        """Count a record as unchanged when its body and every field but its segment are as they were."""
        same = new_body == old_body and all(new[key] == old[key] for key in old if key != "segment")  # type: ignore[literal-required]
        if same:
            self._unchanged.add(old["id"])
        else:
            self._unchanged.discard(old["id"])


def _own_reader(record: ArticleRecord, raw: bytes) -> tuple[str, ParsedArticle]:
    """Read one article of an export with the reader that split it from its file."""
    reader = reader_named(record.get("format", ""))
    if reader is None:
        raise ParseError(f"no reader for the {record.get('format')!r} format any more")
    return reader.name, reader.parse(raw)
