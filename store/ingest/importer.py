"""What an import does to the records: new, updated, unchanged, duplicate or failed, file by file.

The rules, in order, for each file found:
1. its path is known and its size and mtime are unchanged → unchanged, without reading it;
2. its bytes (or, failing that, its parsed content) match what the path held → unchanged;
3. its content is already an article (an identical copy elsewhere) → a duplicate: the path joins that record;
4. its path is known but the content is new → the record is updated in place, keeping its id (and so the
   user's tags, which are keyed by id);
5. otherwise → a new record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, cast

from store.errors import ParseError
from store.ingest.discover import Failure, Ingested, SourceFile, fingerprint, ingest
from store.ingest.readers.text import parse_article
from store.model import ArticleRecord, ParsedArticle
from store.storage.records import FileEntry, RecordSet
from store.storage.segments import SegmentWriter, StoredText, TextSegments

Progress = Callable[[int, int], None]
"""Called with (files done, files in all) as an import advances."""

Stored = Callable[[ArticleRecord, str], None]
"""Told of every record an import adds or changes, with its body (the archive feeds the search index)."""


@dataclass
class ImportReport:
    """The summary line of an import, and every failure."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failed: list[Failure] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The `import --json` object."""
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "failed": [{"path": failure.path, "error": failure.error} for failure in self.failed],
        }


def article_fields(article: ParsedArticle) -> dict[str, Any]:
    """The record fields that come from parsing (everything but identity and provenance)."""
    return {
        "title": article.title,
        "date": article.date,
        "date_text": article.date_text,
        "source": article.source,
        "site": article.site,
        "byline": article.byline,
        "location": article.location,
        "headings": list(article.headings),
        "copyright": article.copyright,
        "words": article.words,
    }


class Importer:
    """Applies files to a generation's records, collecting the new texts into segments."""

    def __init__(
        self, records: RecordSet, writer: SegmentWriter, imported_at: str, on_stored: Stored | None = None
    ) -> None:
        self.records = records
        self.writer = writer
        self.imported_at = imported_at
        self.on_stored = on_stored
        self.report = ImportReport()

    def needs_reading(self, source: SourceFile) -> bool:
        """False when the file is known and its size and mtime say it has not changed since."""
        entry = self.records.files.get(source.key)
        unchanged = entry is not None and (entry.size, entry.mtime_ns) == (source.size, source.mtime_ns)
        if unchanged:
            self.report.unchanged += 1
        return not unchanged

    def fail(self, failure: Failure) -> None:
        """Record a file that could not be imported."""
        self.report.failed.append(failure)

    def apply(self, item: Ingested) -> None:
        """Fold one parsed file into the records."""
        key = item.source.key
        entry = self.records.files.get(key)
        existing_id = self.records.by_fingerprint.get(item.fingerprint)
        if entry is not None and (entry.sha256 == item.sha256 or entry.id == existing_id):
            self.report.unchanged += 1
        elif existing_id is not None:
            self._add_path(existing_id, key)
            self.report.duplicates += 1
        elif entry is not None and entry.id in self.records.articles:
            self._store(entry.id, item, self.records.articles[entry.id])
            self.report.updated += 1
        else:
            self._store(self._new_id(item.fingerprint), item, None)
            self.report.imported += 1
        if entry is not None and existing_id is not None and entry.id != existing_id:
            self.records.forget_path(key, entry.id)
        article_id = existing_id or self.records.by_fingerprint[item.fingerprint]
        self.records.files[key] = FileEntry(key, article_id, item.sha256, item.source.size, item.source.mtime_ns)

    @property
    def changed(self) -> bool:
        """Whether anything needs committing (a re-import of unchanged files writes nothing)."""
        report = self.report
        return bool(report.imported or report.updated or report.duplicates)

    def _new_id(self, fingerprint: str) -> str:
        length = 12
        while fingerprint[:length] in self.records.articles:
            length += 4
        return fingerprint[:length]

    def _add_path(self, article_id: str, key: str) -> None:
        record = self.records.articles[article_id]
        if key not in record["paths"]:
            record["paths"].append(key)

    def _store(self, article_id: str, item: Ingested, previous: ArticleRecord | None) -> None:
        segment = self.writer.add(StoredText(article_id, item.article.body, item.raw))
        key = item.source.key
        paths = previous["paths"] if previous is not None else [key]
        record = cast(
            ArticleRecord,
            {
                "id": article_id,
                **article_fields(item.article),
                "path": paths[0],
                "paths": paths,
                "sha256": item.sha256,
                "fingerprint": item.fingerprint,
                "imported_at": self.imported_at,
                "segment": segment,
            },
        )
        self.records.put(record, previous["fingerprint"] if previous is not None else None)
        if self.on_stored is not None:
            self.on_stored(record, item.article.body)

    def run(self, found: Iterable[SourceFile | Failure], progress: Progress | None) -> ImportReport:
        """Import everything `discover` found, reporting progress per file."""
        to_parse: list[SourceFile] = []
        total = 0
        for item in found:
            total += 1
            if isinstance(item, Failure):
                self.fail(item)
            elif self.needs_reading(item):
                to_parse.append(item)
        done = total - len(to_parse)
        for result in map(ingest, to_parse):
            if isinstance(result, Failure):
                self.fail(result)
            else:
                self.apply(result)
            done += 1
            if progress is not None:
                progress(done, total)
        self.writer.flush()
        self.report.failed.sort(key=lambda failure: failure.path)
        return self.report


class Reparser:
    """Rebuilds records from the raw bytes kept in the text segments, writing every body anew."""

    def __init__(self, old: RecordSet, segments: TextSegments, writer: SegmentWriter) -> None:
        self.old = old
        self.segments = segments
        self.writer = writer
        self.records = RecordSet(files=dict(old.files))
        self.report = ImportReport()

    def run(self, progress: Progress | None) -> ImportReport:
        """Reparse every article, a text segment at a time."""
        for done, record in enumerate(self.old.by_segment(), 1):
            self._reparse(record, self.segments.text(record["segment"], record["id"]))
            if progress is not None:
                progress(done, len(self.old))
        self.writer.flush()
        return self.report

    def _reparse(self, record: ArticleRecord, text: StoredText) -> None:
        try:
            article = parse_article(text.raw)
        except ParseError as error:
            self.report.failed.append(Failure(record["path"], str(error)))
            body, fields = text.body, {}
        else:
            body, fields = article.body, article_fields(article)
        updated = cast(ArticleRecord, {**record, **fields, "segment": self.writer.add(replace(text, body=body))})
        if fields:
            updated["fingerprint"] = fingerprint(article)
        if body == text.body and all(updated[key] == record[key] for key in record if key != "segment"):  # type: ignore[literal-required]
            self.report.unchanged += 1
        else:
            self.report.updated += 1
        self.records.put(updated)
