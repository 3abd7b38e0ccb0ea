"""Every message the browser's widgets and workers send up, in one place.

State flows down from the screen into widgets; events flow up as these messages. Keeping them together (as
toolong does) makes the protocol between widgets and the screen readable at a glance, and gives a headless
harness (the benchmark) one module to import when it waits for `ResultsShown` or `ArticleShown`.
Names are in the past tense: each one reports something that has happened.
"""

from __future__ import annotations

from textual.message import Message

from store.search.index import IndexDocument
from store.search.view import Facets, Hit, SearchResults


class QueryChanged(Message):
    """The text in the search bar changed (posted on every keystroke)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class ResultsLoaded(Message):
    """A search worker finished: a page of hits for `query` (appended to the list when `offset` > 0)."""

    def __init__(self, query: str, results: SearchResults, offset: int) -> None:
        super().__init__()
        self.query = query
        self.results = results
        self.offset = offset


class ResultsShown(Message):
    """The result list has painted the hits of `query`; what a benchmark waits for after a keystroke."""

    def __init__(self, query: str, total: int) -> None:
        super().__init__()
        self.query = query
        self.total = total


class SearchFailed(Message):
    """The query typed does not parse; the message says what is wrong and where."""

    def __init__(self, text: str, message: str, position: int) -> None:
        super().__init__()
        self.text = text
        self.message = message
        self.position = position


class FacetsLoaded(Message):
    """Facet counts for the current query (and the live counts of the saved searches) are ready."""

    def __init__(self, query: str, facets: Facets, saved_counts: dict[str, int]) -> None:
        super().__init__()
        self.query = query
        self.facets = facets
        self.saved_counts = saved_counts


class MoreResultsRequested(Message):
    """The result list was scrolled near the end of the hits loaded so far."""

    def __init__(self, loaded: int) -> None:
        super().__init__()
        self.loaded = loaded


class ArticleHighlighted(Message):
    """The cursor of the result list moved onto a hit (the wide layout previews it)."""

    def __init__(self, hit: Hit | None) -> None:
        super().__init__()
        self.hit = hit


class ArticleSelected(Message):
    """The user chose an article to read: Enter or a double click on a result, or a related article."""

    def __init__(self, article_id: str) -> None:
        super().__init__()
        self.article_id = article_id


class ArticleLoaded(Message):
    """A worker fetched an article for the reading pane."""

    def __init__(self, document: IndexDocument) -> None:
        super().__init__()
        self.document = document


class RelatedLoaded(Message):
    """A worker found the articles related to `article_id`, after posting the article itself: the list sits
    below the body, and working it out takes longer than fetching the article."""

    def __init__(self, article_id: str, related: tuple[Hit, ...]) -> None:
        super().__init__()
        self.article_id = article_id
        self.related = related


class ArticleShown(Message):
    """The reading pane has painted the article `article_id`; what a benchmark waits for after opening one."""

    def __init__(self, article_id: str) -> None:
        super().__init__()
        self.article_id = article_id


class FilterToggled(Message):
    """An entry of the filter pane (a source, year or tag) was selected or cleared; the value None is the entry
    for articles without any value in the group (`(no source)`)."""

    def __init__(self, group: str, value: str | None, selected: bool) -> None:
        super().__init__()
        self.group = group
        self.value = value
        self.selected = selected


class DateRangeChanged(Message):
    """The filter pane's date range was edited or a timeline bar chosen; `None` leaves that end open."""

    def __init__(self, start: str | None, end: str | None) -> None:
        super().__init__()
        self.start = start
        self.end = end


class SavedSearchSelected(Message):
    """A saved search was chosen in the filter pane or the command palette."""

    def __init__(self, name: str, query: str) -> None:
        super().__init__()
        self.name = name
        self.query = query


class FiltersCleared(Message):
    """The user asked to drop every filter (e.g. from the "no results" message)."""


class IndexProgressed(Message):
    """The start-up index rebuild has indexed `done` of `total` articles."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class ArchiveCaughtUp(Message):
    """The index is current (built at start-up, or the archive reloaded): time to search."""

    def __init__(self, *, reloaded: bool) -> None:
        super().__init__()
        self.reloaded = reloaded


class NewerDataFound(Message):
    """Another process committed a newer generation of the archive; ctrl+r reloads."""


class UserDataChanged(Message):
    """A star, tag or saved search was written: the facet and saved-search counts need counting again."""


class SavedSearchDeleted(Message):
    """The user asked to forget a saved search (the delete key on it in the filter pane)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
