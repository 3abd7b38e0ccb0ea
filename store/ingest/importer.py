"""What an import does to the records: new, updated, unchanged, duplicate, failed or skipped, article by article.

A file holds one article or, for a news-database export, many, each at its position in the file. The rules, in
order, for each file found:
1. its path is known and its size and mtime are unchanged → unchanged, without reading it;
2. its bytes match what the path held → unchanged;
3. otherwise, for each article in it: the article the path held at that position already has this content →
   unchanged; the content is already an article elsewhere → a duplicate, the path joins that record; the
   position held another article → that record is updated in place, keeping its id (and so the user's tags,
   which are keyed by id); else → a new record.
Files that are no articles are skipped with a reason; an article that cannot be read fails alone.

Every article stored is also counted towards the furniture of its site or folder and stored without what has
been learned so far (`furniture.py`); once all files are read, the articles stored before a line they carry was
learned lose it too, so the first files of a site lose their banner as the last ones do. The fingerprint
is of the article as the reader gave it, so what was learned never changes which files are one article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import groupby
from typing import Any, cast

from store.ingest.discover import Failure, Selection, Skip, SourceFile
from store.ingest.furniture import LearnedFurniture
from store.ingest.language import language_code
from store.ingest.reading import Ingested, ReadArticle, ingest
from store.model import ArticleRecord, ParsedArticle
from store.storage.records import FileEntry, RecordSet
from store.storage.segments import SegmentWriter, StoredText, TextSegments

Progress = Callable[[int, int], None]
"""Called with (files done, files in all) as an import advances."""

Stored = Callable[[ArticleRecord, str, bool], None]
"""Told of every record an import adds or changes, with its body, and True for a body re-stripped of furniture
learned after it was stored, which replaces what the index was given: the archive feeds the search index."""


@dataclass
class ImportReport:
    """The summary line of an import, and every failure."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failed: list[Failure] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The `import --json` object."""
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "skipped": len(self.skipped),
            "failed": [{"path": failure.path, "error": failure.error} for failure in self.failed],
            "skipped_files": [{"path": skip.path, "reason": skip.reason} for skip in self.skipped],
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
        "url": article.url,
        "language": language_code(article.language),
        "section": article.section,
        "words": article.words,
    }


class Importer:
    """Applies files to a generation's records, collecting the new texts into segments and learning furniture."""

    def __init__(
        self,
        records: RecordSet,
        segments: TextSegments,
        writer: SegmentWriter,
        imported_at: str,
        on_stored: Stored | None = None,
    ) -> None:
        self.records = records
        self.segments = segments
        self.writer = writer
        self.imported_at = imported_at
        self.on_stored = on_stored
        self.furniture = LearnedFurniture(records.furniture)
        self.report = ImportReport()

    def needs_reading(self, source: SourceFile) -> bool:
        """False when the file is known and its size and mtime say it has not changed since.

        A file with an article that could not be read is read again, so that the failure is reported again.
        """
        entry = self.records.files.get(source.key)
        if entry is None or (entry.size, entry.mtime_ns) != (source.size, source.mtime_ns) or "" in entry.ids:
            return True
        self.report.unchanged += sum(1 for article_id in entry.ids if article_id)
        return False

    def fail(self, failure: Failure) -> None:
        """Record a file that could not be imported."""
        self.report.failed.append(failure)

    def apply(self, item: Ingested) -> None:
        """Fold one read file into the records, article by article."""
        key = item.source.key
        entry = self.records.files.get(key)
        if entry is not None and entry.sha256 == item.sha256:
            self.report.unchanged += sum(isinstance(article, ReadArticle) for article in item.articles)
            self.report.failed.extend(article for article in item.articles if isinstance(article, Failure))
            self._remember(entry.ids, item)
            return
        held = entry.ids if entry is not None else []
        repeated = {article_id for article_id in held if held.count(article_id) > 1}
        ids = []
        for index, article in enumerate(item.articles):
            previous_id = held[index] if index < len(held) else ""
            if isinstance(article, Failure):
                self.fail(article)
                ids.append(previous_id)
            else:
                ids.append(self._apply_article(key, item, article, previous_id, previous_id not in repeated))
        for stale in set(held).difference(ids):
            self.records.forget_path(key, stale)
        self._remember(ids, item)

    def _remember(self, ids: list[str], item: Ingested) -> None:
        key = item.source.key
        self.records.files[key] = FileEntry(key, ids, item.sha256, item.source.size, item.source.mtime_ns)

    def _apply_article(self, key: str, item: Ingested, article: ReadArticle, previous_id: str, may_update: bool) -> str:
        """Apply one article at its position; the id of the record that now holds it.

        `may_update` is False when the previous article stood at more than one place in the file (an export
        printing an article twice is one record): a change at one place is then a new article, not an edit.
        """
        existing_id = self.records.by_fingerprint.get(article.fingerprint)
        if existing_id is not None and existing_id == previous_id:
            self.report.unchanged += 1
            return existing_id
        if existing_id is not None:
            self._add_path(existing_id, key)
            self.report.duplicates += 1
            return existing_id
        if may_update and previous_id in self.records.articles:
            self._store(previous_id, item, article, self.records.articles[previous_id])
            self.report.updated += 1
            return previous_id
        article_id = new_id(self.records, article.fingerprint)
        self._store(article_id, item, article, None)
        self.report.imported += 1
        return article_id

    @property
    def changed(self) -> bool:
        """Whether anything needs committing (a re-import of unchanged files writes nothing)."""
        report = self.report
        return bool(report.imported or report.updated or report.duplicates)

    def _add_path(self, article_id: str, key: str) -> None:
        record = self.records.articles[article_id]
        if key not in record["paths"]:
            record["paths"].append(key)

    def _store(self, article_id: str, item: Ingested, article: ReadArticle, previous: ArticleRecord | None) -> None:
        paths = previous["paths"] if previous is not None else [item.source.key]
        parsed = self.furniture.take_off(article_id, paths[0], article.article, article.position)
        segment = self.writer.add(StoredText.holding(article_id, parsed.body, article.raw))
        record = cast(
            ArticleRecord,
            {
                "id": article_id,
                **article_fields(parsed),
                "path": paths[0],
                "paths": paths,
                "position": article.position,
                "format": item.reader,
                "sha256": item.sha256,
                "fingerprint": article.fingerprint,
                "imported_at": self.imported_at,
                "segment": segment,
            },
        )
        self.records.put(record, previous["fingerprint"] if previous is not None else None)
        if self.on_stored is not None:
            self.on_stored(record, parsed.body, False)

    def run(
        self, found: Iterable[SourceFile | Failure | Skip], progress: Progress | None, selection: Selection
    ) -> ImportReport:
        """Import everything `discover` found, reporting progress per file."""
        to_parse: list[SourceFile] = []
        total = 0
        for item in found:
            total += 1
            if isinstance(item, Failure):
                self.fail(item)
            elif isinstance(item, Skip):
                self.report.skipped.append(item)
            elif self.needs_reading(item):
                to_parse.append(item)
        done = total - len(to_parse)
        for result in (ingest(source, selection.is_forced(str(source.path))) for source in to_parse):
            if isinstance(result, Failure):
                self.fail(result)
            elif isinstance(result, Skip):
                self.report.skipped.append(result)
            else:
                self.apply(result)
            done += 1
            if progress is not None:
                progress(done, total)
        self._finish()
        self.report.failed.sort(key=lambda failure: failure.path)
        self.report.skipped.sort(key=lambda skip: skip.path)
        return self.report

    def _finish(self) -> None:
        """Write the last texts, take the furniture learned late off the articles stored before it was learned,
        and keep what was learned with the records."""
        self.writer.flush()
        for record, body in restrip(self.records, self.furniture, self.segments, self.writer):
            if self.on_stored is not None:
                self.on_stored(record, body, True)
        self.writer.flush()
        self.records.furniture = self.furniture.documents()


def new_id(records: RecordSet, fingerprint: str) -> str:
    """A new article's id: the start of its fingerprint, as long as it takes to be unique."""
    length = 12
    while fingerprint[:length] in records.articles:
        length += 4
    return fingerprint[:length]


def restrip(
    records: RecordSet, furniture: LearnedFurniture, segments: TextSegments, writer: SegmentWriter
) -> Iterator[tuple[ArticleRecord, str]]:
    """Take furniture off the articles stored before it was learned, reading each segment once; yields every
    record changed, with its new body.

    Only more furniture ever comes off, so the stored body is stripped again rather than the raw bytes read
    anew: an article stored by an older parser keeps that parser's reading until `reparse`.
    """
    held = [records.articles[article_id] for article_id in furniture.to_restrip() if article_id in records.articles]
    for name, group in groupby(sorted(held, key=_segment), key=_segment):
        texts = segments.read(name, cached=False)
        for record in group:
            text = texts.get(record["id"])
            if text is None:
                continue  # damage, which `doctor` reports; there is no body here to strip
            stripped = furniture.apply(record["path"], as_read(record, text.body), record.get("position"))
            if stripped.body != text.body or stripped.title != record["title"]:
                record["words"], record["copyright"] = stripped.words, stripped.copyright
                record["title"], record["source"], record["location"] = (
                    stripped.title,
                    stripped.source,
                    stripped.location,
                )
                record["date"], record["date_text"] = stripped.date, stripped.date_text
                record["segment"] = writer.add(replace(text, body=stripped.body))
                yield record, stripped.body


def _segment(record: ArticleRecord) -> str:
    return record["segment"]


def as_read(record: ArticleRecord, body: str) -> ParsedArticle:
    """A stored article with what furniture is judged by (its title, site, sub-headings, copyright and body)
    and what taking it off may fill in (its source, place and date)."""
    return ParsedArticle(
        title=record["title"],
        body=body,
        date=record["date"],
        date_text=record["date_text"],
        source=record["source"],
        site=record["site"],
        location=record["location"],
        headings=tuple(record["headings"]),
        copyright=record["copyright"],
    )
