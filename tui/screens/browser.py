"""The browser screen: search bar, filter pane, result list and reading pane, and the state that binds them.

The screen owns the search (`SearchState`) and the article on display; widgets get data passed down and send
messages up. Everything that touches the archive runs in a thread worker: searches and facet counts in exclusive
groups (each keystroke cancels the search before it, and a cancelled worker never posts), article fetches in
their own group, and writes (read state, star, tags) one at a time behind a lock. Results are loaded a page at a
time, so 50,000 hits cost no more to show than 100. The actions on an article (star, tag, export, copy, open,
save the search) are mixed in from `actions.py`, keeping level with the archive on disk from `catch_up.py`, the
saved searches' timelines from `compare.py`, the concordance (`K`) from `concordance.py`, and where the keyboard
is (the focus model, the narrow layout, help) from `keys.py`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache, partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Button, ProgressBar, Static
from textual.worker import get_current_worker

from store.archive import Archive
from store.errors import NewsdeskError, QuerySyntaxError, ReadOnlyError
from store.query.parser import parse_query
from store.query.tree import Query
from store.search.view import SearchResults, Sort
from tui.messages import (
    ArchiveCaughtUp,
    ArticleHighlighted,
    ArticleLoaded,
    ArticleSelected,
    ArticleShown,
    DateRangeChanged,
    FacetsLoaded,
    FiltersCleared,
    FilterToggled,
    MoreResultsRequested,
    QueryChanged,
    RelatedLoaded,
    ResultsLoaded,
    ResultsShown,
    SavedSearchSelected,
    SearchFailed,
)
from tui.screens.actions import ArticleActions
from tui.screens.catch_up import ArchiveCatchUp
from tui.screens.compare import SavedSearchComparison
from tui.screens.concordance import ConcordanceOpening
from tui.screens.keys import BrowserKeys
from tui.screens.state import SearchState
from tui.widgets.filter_pane import FilterPane
from tui.widgets.key_footer import KeyFooter
from tui.widgets.reading_pane import ReadingPane
from tui.widgets.result_list import ResultList
from tui.widgets.search_bar import SearchBar

SETTLE_SECONDS = 0.15
"""Facet counts and the preview of the first hit wait for the typing to pause this long: a keystroke's results
are painted first, and a burst of keys does not pay for counts and previews nobody saw."""
REFRESH_SECONDS = 3.0
"""How often the screen looks for a generation another process committed (tests pass a shorter interval)."""


@lru_cache(maxsize=256)
def _saved_query(text: str) -> Query:
    """A saved search's tree: they are all counted again after every pause in the typing, and their text never
    changes, so each is parsed once (as it was saved, with no unfinished last word)."""
    return parse_query(text)


class BrowserScreen(ArticleActions, ArchiveCatchUp, SavedSearchComparison, ConcordanceOpening, BrowserKeys):
    """Search, filter, list and read the articles of one archive."""

    BINDINGS = [
        Binding("slash", "focus_search", "Search", tooltip="Type a query (the cursor goes to its end)", priority=True),
        Binding("escape", "back", "Back", tooltip="Back to the list, from the search bar, reader or filters"),
        Binding("ctrl+u", "new_search", "New search", show=False, tooltip="Clear the query and type a new one"),
        Binding("f", "toggle_filters", "Filters", tooltip="Show or hide the filter pane"),
        Binding("s", "cycle_sort", "Sort", tooltip="Sort by relevance, date or title"),
        Binding("right_square_bracket", "step_article(1)", "Next article", key_display="]"),
        Binding("left_square_bracket", "step_article(-1)", "Prev article", key_display="["),
        Binding("asterisk", "star", "Star", key_display="*", tooltip="Star or unstar the article"),
        Binding("t", "tag", "Tag", tooltip="Add or remove tags on the article"),
        Binding("a", "note", "Note", tooltip="Write or edit your note on the article (annotate)"),
        Binding("c", "cite", "Cite", tooltip="Copy the article's citation, in the style chosen with C"),
        Binding("C", "cite_style", "Citation style", show=False, tooltip="Choose the citation style, then copy"),
        Binding("e", "export", "Export", tooltip="Export the article or all results"),
        Binding("y", "copy", "Copy", tooltip="Copy the article's text to the clipboard"),
        Binding("o", "open_file", "Open file", tooltip="Open the original file in $PAGER"),
        Binding("x", "clear_filters", "Clear filters", show=False),
        Binding("ctrl+s", "save_search", "Save search", tooltip="Save the current query under a name"),
        Binding("ctrl+r", "reload", "Reload", tooltip="Reload the archive (after an import elsewhere)"),
        Binding("T", "compare_saved", "Compare", show=False, tooltip="The saved searches side by side on the timeline"),
        Binding("K", "concordance", "Concordance", tooltip="Every occurrence of the query's words, one line each"),
        Binding("question_mark,f1", "help", "Help", key_display="?"),
    ]

    state: var[SearchState] = var(SearchState, always_update=True)
    """The search on screen: typed text, filters, sort."""

    def __init__(
        self,
        archive: Archive,
        query: str = "",
        *,
        show_timings: bool = True,
        refresh_seconds: float = REFRESH_SECONDS,
    ) -> None:
        super().__init__()
        self.archive = archive
        self._first_query = query
        self._show_timings = show_timings
        self._refresh_seconds = refresh_seconds
        self._write_lock = threading.Lock()
        self._saved: list[tuple[str, str]] = []
        self._query_tree: Query | None = None
        self._searched = ""
        self._first_page: SearchResults | None = None
        """The first page of the list on screen: later pages are read from its snapshot of the index."""
        self.counted: str | None = None
        """The query whose facet counts the filter pane shows (they follow a pause in the typing)."""
        self._waiting: dict[str, Timer] = {}

    def compose(self) -> ComposeResult:
        yield SearchBar(self._first_query, show_timings=self._show_timings, id="search-bar")
        with Horizontal(id="panes"):
            yield FilterPane(id="filters")
            with Vertical(id="results"):
                yield ResultList(id="result-list")
                with Vertical(id="no-results"):
                    yield Static("", id="no-results-message")
                    yield Button("Clear filters", id="clear-filters", variant="primary")
                yield ProgressBar(id="index-progress", show_eta=False)
            yield ReadingPane(id="reader")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#filters").border_title = "Filters"
        self.query_one("#results").border_title = "Results"
        self.query_one("#reader").border_title = "Reader"
        self.keep_the_keyboard()
        self.state = SearchState(text=self._first_query)
        self.catch_up_at_start(self._refresh_seconds)

    def on_archive_caught_up(self, event: ArchiveCaughtUp) -> None:
        self.set_class(False, "-indexing")
        self._saved = self.archive.saved_searches()
        self._run()
        if event.reloaded:
            self.notify("Archive reloaded", timeout=2)

    # Searching

    def _run(self) -> None:
        """Search (and count facets) for the current state, unless the query does not parse.

        While the index is being built there is nothing to search yet: the state is kept, and the search runs
        once the archive has caught up.
        """
        if self.has_class("-indexing"):
            return
        state = self.state
        bar = self.query_one(SearchBar)
        try:
            state.typed_query()
        except QuerySyntaxError as error:
            self.post_message(SearchFailed(state.text, str(error), error.position))
            return
        try:
            self._query_tree = state.query()
        except QuerySyntaxError as error:
            bar.show_error(state.date_text(), f"date range: {error}", -1)
            return
        text = state.query_text()
        bar.show_equivalent(text if state.has_filters else None)
        self._search(text, self._query_tree, state.sort, self.query_one(ResultList).page_size)
        self.counted = None
        self._after_typing("count", partial(self._count, text, state))

    def _after_typing(self, name: str, callback: Callable[[], object]) -> None:
        """Run `callback` once the typing has paused, replacing any earlier one waiting under `name`."""
        self._stop_waiting(name)
        self._waiting[name] = self.set_timer(SETTLE_SECONDS, callback)

    def _stop_waiting(self, name: str) -> None:
        """Drop the callback waiting under `name` for the typing to pause, if there is one."""
        if (waiting := self._waiting.pop(name, None)) is not None:
            waiting.stop()

    @work(thread=True, exclusive=True, group="search", description="Searching")
    def _search(self, text: str, query: Query, sort: Sort, limit: int) -> None:
        """Search for the tree of the state on screen; `text` is how that state is written, which the results
        are posted under so that they are shown only while it is still the one on screen."""
        results = self.archive.search(query, sort=sort, limit=limit)
        if not get_current_worker().is_cancelled:
            self.post_message(ResultsLoaded(text, results, 0))

    @work(thread=True, exclusive=True, group="facets", description="Counting facets")
    def _count(self, text: str, state: SearchState) -> None:
        """Count facets for the state's tree, each group's entries without that group's own ticks (so ticking
        VOA still shows the other sources' counts), and the saved searches."""
        worker = get_current_worker()
        facets = self.archive.facets(state.query())
        if state.has_filters:
            by_group = {
                group: self.archive.facets(state.query(without=group)) if state.selected.get(group) else facets
                for group in ("source", "date", "tag")
            }
            facets = facets.combined(by_group["source"], by_group["date"], by_group["tag"])
        saved = {name: self.archive.search(_saved_query(query), limit=0).total for name, query in self._saved}
        if not worker.is_cancelled:
            self.post_message(FacetsLoaded(text, facets, saved))

    def on_results_loaded(self, event: ResultsLoaded) -> None:
        if event.query != self.state.searchable_text():
            return
        results = self.query_one(ResultList)
        results.show(event.results.hits, event.results.total, append=event.offset > 0)
        if event.offset == 0:
            self._first_page = event.results
        self._searched = event.query
        bar = self.query_one(SearchBar)
        bar.show_status(event.results.total, event.results.elapsed_ms, self.state.sort)
        bar.release_paint(after=results)
        empty = event.results.total == 0
        self.set_class(empty, "-no-results")
        if not empty:
            self.keep_the_keyboard()
        if empty:
            self._describe_no_results()
            self._stop_waiting("preview")
            if not self.reading:
                self.query_one(ReadingPane).clear()
        self.call_after_refresh(self.post_message, ResultsShown(event.query, event.results.total))

    def _describe_no_results(self) -> None:
        """Say that nothing matches, quoting the query as text (it is the user's, so never markup)."""
        query = self.state.query_text()
        words = Text.assemble("No articles match “", query, "”.") if query else Text("No articles.")
        if self.state.has_filters:
            words.append("\nThe filters may be too narrow: press x or the button to clear them.")
        self.query_one("#no-results-message", Static).update(words)
        self.query_one("#clear-filters").display = self.state.has_filters

    def on_facets_loaded(self, event: FacetsLoaded) -> None:
        self.counted = event.query
        pane = self.query_one(FilterPane)
        pane.show_facets(event.facets, self.state.selected)
        pane.show_saved(self._saved, event.saved_counts)

    def on_search_failed(self, event: SearchFailed) -> None:
        self.query_one(SearchBar).show_error(event.text, event.message, event.position)

    def on_more_results_requested(self, event: MoreResultsRequested) -> None:
        """Load the next page of the list on screen; none while another search is on its way to replace the list,
        as a page of the old one would be dropped when it arrived."""
        if self._searched != self.state.searchable_text():
            return
        page_size = self.query_one(ResultList).page_size
        self._next_page(self._searched, self.state.query(), self.state.sort, event.loaded, page_size)

    @work(thread=True, exclusive=True, group="page", description="Loading more results")
    def _next_page(self, text: str, query: Query, sort: Sort, offset: int, limit: int) -> None:
        results = self.archive.search(query, sort=sort, limit=limit, offset=offset, continuing=self._first_page)
        if not get_current_worker().is_cancelled:
            self.post_message(ResultsLoaded(text, results, offset))

    @on(QueryChanged)
    def _query_changed(self, event: QueryChanged) -> None:
        self.state = replace(self.state, text=event.text)
        self._run()

    @on(FilterToggled)
    def _filter_toggled(self, event: FilterToggled) -> None:
        self.state = self.state.toggled(event.group, event.value, event.selected)
        self._run()

    @on(DateRangeChanged)
    def _dates_changed(self, event: DateRangeChanged) -> None:
        self.state = replace(self.state, start=event.start, end=event.end)
        self.query_one(FilterPane).show_dates(event.start, event.end)
        self._run()

    @on(FiltersCleared)
    @on(Button.Pressed, "#clear-filters")
    def _filters_cleared(self) -> None:
        """Drop the filters; the button goes once there are hits again, so the keyboard goes to the list."""
        self.action_clear_filters()
        self.query_one(ResultList).focus()

    @on(SavedSearchSelected)
    def _saved_selected(self, event: SavedSearchSelected) -> None:
        self.run_saved_search(event.query)

    def run_saved_search(self, query: str) -> None:
        """Replace the search with a saved one (its filters are part of its text)."""
        self.state = SearchState(text=query, sort=self.state.sort)
        self.query_one(FilterPane).show_dates(None, None)
        search = self.query_one(SearchBar).input
        with search.prevent(search.Changed):
            search.value = query
        search.remember(query)
        self._run()

    # Reading

    def on_article_highlighted(self, event: ArticleHighlighted) -> None:
        if event.hit is None or self.reading:
            return
        if self.query_one(SearchBar).input.has_focus:
            self._after_typing("preview", partial(self._load_article, event.hit.id))
        else:
            self._load_article(event.hit.id)

    def on_article_selected(self, event: ArticleSelected) -> None:
        """Open the article now; a preview still waiting for the typing to pause would only load it again."""
        self._stop_waiting("preview")
        results = self.query_one(ResultList)
        results.select_id(event.article_id)
        self._load_article(event.article_id)
        self._open_reader()

    def _open_reader(self) -> None:
        self.reading = self.has_class("-narrow")
        self.query_one(ReadingPane).focus()
        if (hit := self.query_one(ResultList).highlighted) is not None:
            self._mark_read(hit.id)

    @work(thread=True, exclusive=True, group="article", description="Fetching the article")
    def _load_article(self, article_id: str) -> None:
        worker = get_current_worker()
        try:
            document = self.archive.document(article_id)
            if worker.is_cancelled:
                return
            self.post_message(ArticleLoaded(document))
            related = tuple(self.archive.related(article_id, limit=8))
        except NewsdeskError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        if not worker.is_cancelled:
            self.post_message(RelatedLoaded(article_id, related))

    def on_article_loaded(self, event: ArticleLoaded) -> None:
        self.query_one(ReadingPane).show(event.document, self._query_tree)
        self.call_after_refresh(self.post_message, ArticleShown(event.document.id))

    def on_related_loaded(self, event: RelatedLoaded) -> None:
        self.query_one(ReadingPane).show_related(event.article_id, event.related)

    @work(thread=True, group="write", description="Marking the article read")
    def _mark_read(self, article_id: str) -> None:
        try:
            with self._write_lock:
                self.archive.mark_read(article_id)
        except ReadOnlyError:
            pass  # a read-only archive is read without leaving marks: nothing to tell
        except NewsdeskError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)

    def action_step_article(self, step: int) -> None:
        """Read the next (1) or previous (-1) article in the results without leaving the reader."""
        results = self.query_one(ResultList)
        if not results.hits:
            return
        results.cursor += step
        if results.highlighted is not None:
            self._load_article(results.highlighted.id)
            if self.query_one(ReadingPane).has_focus or self.reading:
                self._mark_read(results.highlighted.id)

    # Keys

    def action_cycle_sort(self) -> None:
        """Sort by relevance, then date, then title."""
        self.state = self.state.next_sort()
        self.notify(f"Sorted by {self.state.sort}", timeout=1.5)
        self._run()

    def action_clear_filters(self) -> None:
        """Drop every filter, keeping the typed query.

        The date inputs are emptied now, not when the new counts arrive: until then they would show a range
        that is no longer in force beside results that ignore it.
        """
        self.state = self.state.cleared()
        self.query_one(FilterPane).show_dates(None, None)
        self._run()

    @property
    def saved_searches(self) -> list[tuple[str, str]]:
        """(name, query) of the saved searches, as last loaded."""
        return list(self._saved)

    def on_user_data_changed(self) -> None:
        if (text := self.state.searchable_text()) is not None:
            self._count(text, self.state)
