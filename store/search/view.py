"""Reading the search index: ranked hits with snippets, facet counts, and related articles.

Everything tantivy returns is untyped; this module is where it becomes our frozen dataclasses (`Hit`,
`SearchResults`, `Facets`), so no tantivy object or `Any` travels further into the store or the UI. A `View`
wraps one tantivy searcher, i.e. one consistent snapshot of the index, and answers every read from it.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal

import tantivy

from store.query.tree import MissableField, Query, has_scored_terms
from store.search.highlight import Highlighter
from store.search.schema import month_label
from store.search.snippets import snippet
from store.search.translate import Translator

Sort = Literal["relevance", "date", "title"]

FACET_BUCKETS: Final = 10_000
"""Most distinct sources, tags or months counted; far above any real archive, so counts are complete."""


@dataclass(frozen=True)
class Hit:
    """One article in a result list: the stored fields a list shows, its score and a snippet."""

    id: str
    title: str
    date: str | None
    source: str | None
    site: str | None
    path: str
    score: float
    """BM25 score if ranked by relevance (likeness for related articles); 0.0 when sorted by date or title."""
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    """[start, end) character offsets of matched words in `snippet`."""
    starred: bool = False
    """Whether the user starred the article (the `starred` tag), for the mark a result row carries."""


@dataclass(frozen=True)
class SearchResults:
    """One page of hits, the number of articles matching in all, and how long the search took."""

    hits: tuple[Hit, ...]
    total: int
    elapsed_ms: float
    snapshot: View | None = field(default=None, compare=False, repr=False)
    """The view that answered: the next page of the same list is read from it, so that a commit in between
    (the browser's own star moves its searcher to the newest generation) cannot repeat or skip rows."""


@dataclass(frozen=True)
class Facets:
    """Counts over every article matching a query, for the filter pane and the timeline."""

    sources: tuple[tuple[str, int], ...]
    """By count, descending, then name; spellings differing only in case are counted as one."""
    years: tuple[tuple[int, int], ...]
    """Newest year first."""
    tags: tuple[tuple[str, int], ...]
    """By count, descending, then name."""
    months: tuple[tuple[str, int], ...]
    """`YYYY-MM`, ascending (a timeline); months without articles are absent."""
    no_source: int = 0
    """Articles without a source (what `source:none` finds)."""
    undated: int = 0
    """Articles without a date (`date:none`)."""
    untagged: int = 0
    """Articles without a single tag (`tag:none`)."""

    def combined(self, sources: Facets, years: Facets, tags: Facets) -> Facets:
        """These counts with the sources, years and tags, each with its missing-value count, taken from others.

        The browser counts each filter group as if none of its own entries were ticked, so that ticking VOA
        still shows what RFE/RL would add; a group's entries and its `(no source)` entry must come from the
        same count, or ticking VOA would make the articles without a source look like none.
        """
        return replace(
            self,
            sources=sources.sources,
            no_source=sources.no_source,
            years=years.years,
            undated=years.undated,
            tags=tags.tags,
            untagged=tags.untagged,
        )


class View:
    """Every read the index answers, from one tantivy searcher (a consistent snapshot)."""

    def __init__(self, searcher: Any, schema: Any, translator: Translator) -> None:
        self.searcher = searcher
        self._schema = schema
        self._translator = translator

    def address(self, article_id: str) -> Any | None:
        """The tantivy address of the article with this id, or None."""
        found = self.searcher.search(tantivy.Query.term_query(self._schema, "id", article_id), 1, count=False)
        return found.hits[0][1] if found.hits else None

    def search(self, query: Query, sort: Sort, limit: int, offset: int) -> SearchResults:
        """A page of hits for `query`; relevance ranking applies only when the query has scored words.

        Prefixes alone score every match alike, so such a query lists newest first like a filter does; equal
        scores on a page are ordered by id, so the same index always shows the same page.
        """
        started = time.perf_counter()
        target = self._translator.translate(query, self.searcher)
        ranked = sort == "relevance" and has_scored_terms(query)
        fetch = max(limit, 1)
        if ranked:
            found = self.searcher.search(target, fetch, offset=offset)
        elif sort == "title":
            found = self.searcher.search(
                target, fetch, order_by_field="title_key", offset=offset, order=tantivy.Order.Asc
            )
        else:
            found = self.searcher.search(
                target, fetch, order_by_field="date_key", offset=offset, order=tantivy.Order.Desc
            )
        highlighter = Highlighter.for_query(query)
        hits = [self._hit(address, float(key) if ranked else 0.0, highlighter) for key, address in found.hits[:limit]]
        if ranked:
            hits.sort(key=lambda hit: (-hit.score, hit.id))
        return SearchResults(tuple(hits), int(found.count), (time.perf_counter() - started) * 1000, self)

    def facets(self, query: Query) -> Facets:
        """Source, year, tag and month counts over all articles matching `query`, and how many of them lack a
        source, a date or any tag."""
        terms = {
            "sources": {"terms": {"field": "source", "size": FACET_BUCKETS}},
            "tags": {"terms": {"field": "tags", "size": FACET_BUCKETS}},
            "months": {"terms": {"field": "month", "size": FACET_BUCKETS}},
        }
        target = self._translator.translate(query, self.searcher)
        result = self.searcher.aggregate(target, terms)
        months = sorted((int(key), count) for key, count in _buckets(result, "months"))
        years: Counter[int] = Counter()
        for month, count in months:
            years[month // 100] += count
        return Facets(
            sources=_merge_spellings(_buckets(result, "sources")),
            years=tuple(sorted(years.items(), reverse=True)),
            tags=_merge_spellings(_buckets(result, "tags")),
            months=tuple((month_label(month), count) for month, count in months),
            no_source=self._lacking(target, "source"),
            undated=self._lacking(target, "date"),
            untagged=self._lacking(target, "tag"),
        )

    def _lacking(self, target: Any, field: MissableField) -> int:
        """How many articles matching the tantivy query `target` have no value in `field`.

        Counted by a query rather than worked out from the buckets: an article with three tags sits in three
        of them, so the matches minus the tagged ones would be wrong.
        """
        lacking = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, target), (tantivy.Occur.MustNot, self._translator.present(field))]
        )
        return int(self.searcher.search(lacking, 1).count)

    def related(self, address: Any, limit: int) -> list[Hit]:
        """Articles most like the one at `address` by title and body, never that article itself."""
        document = self.searcher.doc(address)
        text = " ".join(value for name in ("title", "body") if (value := _text(document, name)))
        like = self._translator.like(text, self.searcher, _text(document, "id") or "")
        if like is None:
            return []
        found = self.searcher.search(like, max(limit, 1), count=False)
        return [self._hit(hit_address, float(score), None) for score, hit_address in found.hits[:limit]]

    def _hit(self, address: Any, score: float, highlighter: Highlighter | None) -> Hit:
        document = self.searcher.doc(address)
        excerpt = snippet(_text(document, "body") or "", highlighter)
        return Hit(
            id=_text(document, "id") or "",
            title=_text(document, "title") or "",
            date=stored_date(document),
            source=_text(document, "source"),
            site=_text(document, "site"),
            path=_text(document, "path") or "",
            score=score,
            snippet=excerpt.text,
            highlights=excerpt.highlights,
            starred="starred" in document.get_all("tags"),
        )


def stored_date(document: Any) -> str | None:
    """The ISO date of a stored tantivy document, None when undated."""
    return _text(document, "day")


def _text(document: Any, field: str) -> str | None:
    value = document.get_first(field)
    return value if isinstance(value, str) else None


def _buckets(result: Any, name: str) -> list[tuple[str | int, int]]:
    return [(bucket["key"], int(bucket["doc_count"])) for bucket in result[name]["buckets"]]


def _merge_spellings(buckets: list[tuple[str | int, int]]) -> tuple[tuple[str, int], ...]:
    """Fold buckets whose names differ only in case, named by their most common spelling."""
    spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for key, count in buckets:
        spellings[str(key).casefold()][str(key)] += count
    merged = [
        (min(variants, key=lambda name: (-variants[name], name)), variants.total()) for variants in spellings.values()
    ]
    return tuple(sorted(merged, key=lambda item: (-item[1], item[0].casefold(), item[0])))
