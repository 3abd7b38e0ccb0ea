"""The Textual browser: `ArchiveApp(archive)` and `run_browser`, the entry point `newsdesk [QUERY]` calls.

The app is handed its `Archive` (or None when there is none yet) rather than opening one itself, so tests and
the benchmark can give it any archive they built. It picks the first screen, adds every browser action and
the saved searches to the command palette (`palette.py`), and otherwise leaves the work to `BrowserScreen`.
An app that dies of an unhandled error makes `run_browser` return a failure code: Textual prints the traceback
but returns from `run()` as if all were well.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from store.archive import Archive
from store.errors import StoreError
from tui import collector
from tui.commands import EXIT_OK, EXIT_PARTIAL
from tui.messages import ResultsShown
from tui.palette import SavedSearchCommands
from tui.screens.browser import REFRESH_SECONDS, BrowserScreen
from tui.screens.empty import EmptyArchiveScreen


class ArchiveApp(App[None]):
    """Browse one newsdesk archive."""

    CSS_PATH = "app.tcss"
    TITLE = "newsdesk"
    COMMANDS = App.COMMANDS | {SavedSearchCommands}
    BINDINGS = [
        Binding("q", "app.quit", "Quit", tooltip="Quit (anywhere but in a text field)", priority=True),
        Binding("ctrl+q", "quit", "Quit", show=False, tooltip="Quit, from a text field too"),
    ]
    """`q` quits from every screen, so it is the app's and a priority binding: the bindings of a dialog or the
    help screen end at that screen, but a priority binding is looked up before them. Textual drops a priority
    binding while the focused widget would type its key, so in a text field `q` is still a letter. Its action
    is spelled `app.quit`, as the screens' own quit keys spell it, so that a footer shows one "q Quit"."""

    def __init__(
        self,
        archive: Archive | None,
        *,
        query: str = "",
        db_path: Path | None = None,
        show_timings: bool = True,
        refresh_seconds: float = REFRESH_SECONDS,
    ) -> None:
        """`show_timings=False` leaves the search time out of the status line (for stable snapshots);
        `refresh_seconds` is how often the browser looks for data another process committed."""
        super().__init__()
        self.archive = archive
        self._query = query
        self._db_path = db_path or (archive.path if archive is not None else Path("archive.json"))
        self._show_timings = show_timings
        self._refresh_seconds = refresh_seconds
        self._collector_thresholds: collector.Thresholds | None = None

    def on_mount(self) -> None:
        if self.archive is None or self.archive.generation == 0:
            self.push_screen(EmptyArchiveScreen(self._db_path))
        else:
            self.push_screen(
                BrowserScreen(
                    self.archive,
                    self._query,
                    show_timings=self._show_timings,
                    refresh_seconds=self._refresh_seconds,
                )
            )

    def on_results_shown(self, event: ResultsShown) -> None:
        """The first results on screen end the start-up: what exists now lives as long as the app."""
        if self._collector_thresholds is None:
            self._collector_thresholds = collector.settle()

    def on_unmount(self) -> None:
        if self._collector_thresholds is not None:
            collector.restore(self._collector_thresholds)
            self._collector_thresholds = None

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, BrowserScreen):
            return
        for binding in screen.BINDINGS:
            if isinstance(binding, Binding) and not binding.action.startswith("app."):
                help_text = binding.tooltip or binding.description
                yield SystemCommand(binding.description, help_text, partial(screen.run_action, binding.action))


def run_browser(db: Path, query: str, *, read_only: bool = False) -> int:
    """Open the browser on the archive at `db`, with a first query; returns the exit code. `read_only` opens the
    archive so that every write is refused (the browser then says so where a key would have written).

    No archive there yet opens the how-to-import screen; one that is there but unusable raises its `StoreError`
    for the CLI to report. The code is `EXIT_PARTIAL` (1, what Python exits with on an uncaught exception) when
    the app died of an error, which Textual reports only through `return_code`.
    """
    try:
        archive: Archive | None = Archive.open(db, read_only=read_only)
    except StoreError:
        if db.expanduser().exists():
            raise
        archive = None
    app = ArchiveApp(archive, query=query, db_path=db)
    try:
        app.run()
    finally:
        if archive is not None:
            archive.close()
    return EXIT_OK if app.return_code == 0 else EXIT_PARTIAL
