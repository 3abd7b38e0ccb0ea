"""`doctor --repair`: the text of articles whose segment was damaged, read again from the files they came from.

Segments are written once, so the previous generation names the same damaged file and `--restore` cannot help;
the only other copy of an article's text is the file it was imported from. An article is taken back only when
that file still holds it: the same bytes at the same place, or an article whose content has the same
fingerprint. Where no file does, the record is kept with its body marked lost, so its metadata, tags and
citations survive and a later repair can still find the file. A text taken back loses the furniture the
archive has learned, as it did when it was imported.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from store.ingest.discover import SourceFile
from store.ingest.furniture import LearnedFurniture
from store.ingest.reading import Ingested, ReadArticle, ingest
from store.model import ArticleRecord
from store.paths import key_path
from store.storage.records import RecordSet
from store.storage.segments import SegmentWriter, StoredText


@dataclass
class RepairReport:
    """What a repair did with each article whose text was damaged."""

    recovered: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    """Ids whose text no original file holds any more: kept, marked `lost`."""


def recover_texts(records: RecordSet, article_ids: Iterable[str], writer: SegmentWriter) -> RepairReport:
    """Write the recovered (or lost, empty) text of each article into new segments and point its record there."""
    report = RepairReport()
    furniture = LearnedFurniture(records.furniture)
    for article_id in article_ids:
        record = records.articles[article_id]
        text = _from_original(record, furniture)
        if text is None:
            report.lost.append(article_id)
            record["lost"] = True
            text = StoredText.holding(article_id, "", b"")
        else:
            report.recovered.append(article_id)
            record.pop("lost", None)
        record["segment"] = writer.add(text)
    writer.flush()
    return report


def _from_original(record: ArticleRecord, furniture: LearnedFurniture) -> StoredText | None:
    for key in record["paths"]:
        ingested = _read(key)
        if ingested is None:
            continue
        for article in ingested.articles:
            if isinstance(article, ReadArticle) and _is_the_article(record, ingested, article):
                stripped = furniture.apply(record["path"], article.article, article.position)
                return StoredText.holding(record["id"], stripped.body, article.raw)
    return None


def _read(key: str) -> Ingested | None:
    path = key_path(key)
    try:
        status = os.stat(path)
    except OSError:
        return None
    read = ingest(SourceFile(path, status.st_size, status.st_mtime_ns))
    return read if isinstance(read, Ingested) else None


def _is_the_article(record: ArticleRecord, ingested: Ingested, article: ReadArticle) -> bool:
    same_place = ingested.sha256 == record["sha256"] and article.position == record.get("position")
    return same_place or article.fingerprint == record["fingerprint"]
