"""Comparing the saved searches on the timeline (`T`): a row of bars per saved search under the query's, month by
month on one axis, so "how often X against Y" is a glance.

A mixin of `BrowserScreen`, as `ArchiveCatchUp` is. Each saved search is counted by one facet aggregation
(`store.search.trend`) in a thread worker, when the comparison is switched on and again whenever what they find
may have changed: a search saved or forgotten, a tag changed (`UserDataChanged`), the archive caught up or
reloaded (`ArchiveCaughtUp`). Textual calls this mixin's handlers of those as well as the screen's own, since
it looks for handlers in every class of the screen's MRO. What the saved searches find does not depend on the
typed query, so typing costs nothing more while they are compared.
"""

from __future__ import annotations

import threading

from textual import on, work
from textual.reactive import var
from textual.screen import Screen
from textual.worker import get_current_worker

from store.archive import Archive
from store.errors import NewsdeskError
from store.search.trend import count_trend
from tui.messages import ArchiveCaughtUp, SavedTimelinesCounted, UserDataChanged
from tui.widgets.timeline import Timeline

NOTHING_TO_COMPARE = "No saved searches to compare: ctrl+s saves the search"


class SavedSearchComparison(Screen[None]):
    """The `T` toggle and the saved searches' monthly counts; the screen that mixes it in binds the key."""

    archive: Archive
    _write_lock: threading.Lock

    comparing: var[bool] = var(False)
    """Whether the timeline shows a row for each saved search under the query's."""

    def action_compare_saved(self) -> None:
        """Show the saved searches' timelines under the query's, or hide them."""
        self.comparing = not self.comparing

    def watch_comparing(self, comparing: bool) -> None:
        if comparing:
            self._recount_saved()
        else:
            self.query_one(Timeline).compared = None

    @on(UserDataChanged)
    @on(ArchiveCaughtUp)
    def _recount_saved(self) -> None:
        """Count the saved searches again while they are compared, once there is an index to count them in."""
        if self.comparing and not self.has_class("-indexing"):
            self._count_saved()

    @work(thread=True, exclusive=True, group="compare", description="Counting the saved searches per month")
    def _count_saved(self) -> None:
        """Read the saved searches under the write lock (a save in flight is never seen half done), then count
        each one's hits per month."""
        worker = get_current_worker()
        with self._write_lock:
            saved = self.archive.saved_searches()
        try:
            trend = count_trend(self.archive.facets, saved, "month")
        except NewsdeskError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        if not worker.is_cancelled:
            self.post_message(SavedTimelinesCounted(trend))

    def on_saved_timelines_counted(self, event: SavedTimelinesCounted) -> None:
        if not self.comparing:
            return
        if not event.trend.names:
            self.notify(NOTHING_TO_COMPARE, severity="warning", timeout=3)
            self.comparing = False
            return
        self.query_one(Timeline).compared = event.trend
