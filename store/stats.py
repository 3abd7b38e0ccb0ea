"""Counts over an archive for `newsdesk stats`: computed from the records alone, never from the bodies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store.model import ArticleRecord


@dataclass(frozen=True)
class ArchiveStats:
    """What `stats` reports."""

    articles: int
    words: int
    sources: tuple[tuple[str, int], ...]
    sites: tuple[tuple[str, int], ...]
    first_date: str | None
    last_date: str | None
    undated: int
    per_year: tuple[tuple[int, int], ...]
    store_bytes: int

    def as_json(self) -> dict[str, Any]:
        """The `stats --json` object."""
        return {
            "articles": self.articles,
            "words": self.words,
            "sources": dict(self.sources),
            "sites": dict(self.sites),
            "first_date": self.first_date,
            "last_date": self.last_date,
            "undated": self.undated,
            "per_year": {str(year): count for year, count in self.per_year},
            "store_bytes": self.store_bytes,
        }


def folder_size(paths: Iterable[Path]) -> int:
    """Bytes on disk under the given files and folders (missing ones count zero)."""
    total = 0
    for path in paths:
        if path.is_file():
            total += path.stat().st_size
        elif path.is_dir():
            total += sum(child.stat().st_size for child in path.rglob("*") if child.is_file())
    return total


def _by_count(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def compute_stats(records: Iterable[ArticleRecord], store_bytes: int) -> ArchiveStats:
    """Tally records by source, site and year."""
    sources: Counter[str] = Counter()
    sites: Counter[str] = Counter()
    years: Counter[int] = Counter()
    dates: list[str] = []
    articles = words = 0
    for record in records:
        articles += 1
        words += record["words"]
        sources[record["source"] or "(unknown)"] += 1
        if record["site"]:
            sites[record["site"]] += 1
        if record["date"]:
            dates.append(record["date"])
            years[int(record["date"][:4])] += 1
    return ArchiveStats(
        articles=articles,
        words=words,
        sources=_by_count(sources),
        sites=_by_count(sites),
        first_date=min(dates, default=None),
        last_date=max(dates, default=None),
        undated=articles - len(dates),
        per_year=tuple(sorted(years.items())),
        store_bytes=store_bytes,
    )
