"""Keeping the browser level with the archive on disk: building a missing or stale index at start-up, noticing
what another process commits, and catching up when asked (ctrl+r).

A mixin of `BrowserScreen`, as `ArticleActions` is, so the screen's own module stays about searching and reading.
The browser keeps the snapshot it opened until the user reloads, so results never shift under the cursor;
a poll every few seconds only says that newer data is waiting. Index work runs in one exclusive worker group
and posts `ArchiveCaughtUp` when done, which the screen answers by searching again.
"""

from __future__ import annotations

import threading

from textual import work
from textual.screen import Screen
from textual.widgets import ProgressBar

from store.archive import Archive
from tui.messages import ArchiveCaughtUp, IndexProgressed, NewerDataFound


class ArchiveCatchUp(Screen[None]):
    """Start-up indexing, the newer-data poll and ctrl+r; the screen that mixes them in owns the search."""

    archive: Archive
    _write_lock: threading.Lock
    _newer = False
    """Newer data was announced and not yet reloaded (the poll stays quiet until then)."""

    def catch_up_at_start(self, poll_seconds: float) -> None:
        """Index the archive if it needs it (then post `ArchiveCaughtUp`), and poll for newer data from now on."""
        self.set_interval(poll_seconds, self._check_for_newer)
        if self.archive.index_is_current():
            self.post_message(ArchiveCaughtUp(reloaded=False))
        else:
            self.set_class(True, "-indexing")
            self._build_index()

    @work(thread=True, exclusive=True, group="index", description="Building the search index")
    def _build_index(self) -> None:
        self.archive.ensure_index(self._progress)
        self.post_message(ArchiveCaughtUp(reloaded=False))

    def _progress(self, done: int, total: int) -> None:
        self.post_message(IndexProgressed(done, total))

    def on_index_progressed(self, event: IndexProgressed) -> None:
        self.query_one("#index-progress", ProgressBar).update(total=event.total, progress=event.done)

    @work(thread=True, exclusive=True, group="refresh", description="Checking for newer data")
    def _check_for_newer(self) -> None:
        if self._newer:
            return
        with self._write_lock:
            newer = self.archive.refresh()
        if newer:
            self.post_message(NewerDataFound())

    def on_newer_data_found(self) -> None:
        self._newer = True
        self.notify("The archive has changed: press ctrl+r to reload", title="Newer data", timeout=8)

    def action_reload(self) -> None:
        """Catch up with the archive on disk (rebuilding the index if needed) and search again.

        The toast asking for ctrl+r is answered now, so it goes rather than linger for its timeout. Textual
        clears toasts only all at once; any other one on screen was a passing notice.
        """
        if self._newer:
            self.app.clear_notifications()
        self._newer = False
        self.set_class(True, "-indexing")
        self._reload()

    @work(thread=True, exclusive=True, group="index", description="Reloading the archive")
    def _reload(self) -> None:
        with self._write_lock:
            self.archive.refresh()
            self.archive.ensure_index(self._progress)
        self.post_message(ArchiveCaughtUp(reloaded=True))
