"""Every message the browser's widgets and workers send up, in one place.

State flows down from the screen into widgets; events flow up as these messages. Keeping them together (as
toolong does) makes the protocol between widgets and the screen readable at a glance, and gives a headless
harness (the benchmark) one module to import when it waits for `ResultsShown` or `ArticleShown`.
Names are in the past tense: each one reports something that has happened.

Each message that carries values is a dataclass, as in toolong and in Textual's own widgets: the fields are the
whole declaration, and the generated `__init__` needs no `super().__init__()` because Textual's `Message` sets
itself up in `__post_init__`, which that `__init__` calls. None is frozen, though they are never changed once
posted: `Message.__post_init__` assigns the sender and timestamp, and `stop()` and `prevent_default()` flip flags
on the instance, all of which a frozen dataclass refuses. Messages without values stay plain subclasses.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from store.search.index import IndexDocument
from store.search.kwic import KwicLine
from store.search.trend import Trend
from store.search.view import Facets, Hit, SearchResults


@dataclass
class QueryChanged(Message):
    """The text in the search bar changed (posted on every keystroke)."""

    text: str


@dataclass
class ResultsLoaded(Message):
    """A search worker finished: a page of hits for `query` (appended to the list when `offset` > 0)."""

    query: str
    results: SearchResults
    offset: int


@dataclass
class ResultsShown(Message):
    """The result list has painted the hits of `query`; what a benchmark waits for after a keystroke."""

    query: str
    total: int


@dataclass
class SearchFailed(Message):
    """The query typed does not parse; the message says what is wrong and where."""

    text: str
    message: str
    position: int


@dataclass
class FacetsLoaded(Message):
    """Facet counts for the current query (and the live counts of the saved searches) are ready."""

    query: str
    facets: Facets
    saved_counts: dict[str, int]


@dataclass
class MoreResultsRequested(Message):
    """The result list was scrolled near the end of the hits loaded so far."""

    loaded: int


@dataclass
class ArticleHighlighted(Message):
    """The cursor of the result list moved onto a hit (the wide layout previews it)."""

    hit: Hit | None


@dataclass
class ArticleSelected(Message):
    """The user chose an article to read: Enter or a double click on a result, or a related article."""

    article_id: str


@dataclass
class ArticleLoaded(Message):
    """A worker fetched an article for the reading pane."""

    document: IndexDocument


@dataclass
class RelatedLoaded(Message):
    """A worker found the articles related to `article_id`, after posting the article itself: the list sits
    below the body, and working it out takes longer than fetching the article."""

    article_id: str
    related: tuple[Hit, ...]


@dataclass
class ArticleShown(Message):
    """The reading pane has painted the article `article_id`; what a benchmark waits for after opening one."""

    article_id: str


@dataclass
class FilterToggled(Message):
    """An entry of the filter pane (a source, year or tag) was selected or cleared; the value None is the entry
    for articles without any value in the group (`(no source)`)."""

    group: str
    value: str | None
    selected: bool


@dataclass
class DateRangeChanged(Message):
    """The filter pane's date range was edited or a timeline bar chosen; `None` leaves that end open."""

    start: str | None
    end: str | None


@dataclass
class SavedSearchSelected(Message):
    """A saved search was chosen in the filter pane or the command palette."""

    name: str
    query: str


class FiltersCleared(Message):
    """The user asked to drop every filter (e.g. from the "no results" message)."""


@dataclass
class IndexProgressed(Message):
    """The start-up index rebuild has indexed `done` of `total` articles."""

    done: int
    total: int


@dataclass(kw_only=True)
class ArchiveCaughtUp(Message):
    """The index is current (built at start-up, or the archive reloaded): time to search."""

    reloaded: bool


class NewerDataFound(Message):
    """Another process committed a newer generation of the archive; ctrl+r reloads."""


class UserDataChanged(Message):
    """A star, tag or saved search was written: the facet and saved-search counts need counting again."""


@dataclass
class SavedSearchDeleted(Message):
    """The user asked to forget a saved search (the delete key on it in the filter pane)."""

    name: str


@dataclass
class SavedTimelinesCounted(Message):
    """The saved searches were counted month by month, for the timeline to compare with the query's."""

    trend: Trend


@dataclass
class ConcordanceLoaded(Message):
    """A worker found the next `lines` of the concordance on screen; `finished` once there are no more."""

    lines: tuple[KwicLine, ...]
    finished: bool


@dataclass
class ConcordanceShown(Message):
    """The concordance view has painted its first `lines` (0: that there are none); what a benchmark waits for
    after pressing K."""

    lines: int
