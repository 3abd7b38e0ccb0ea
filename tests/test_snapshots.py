"""Snapshot tests of the browser's main layouts (pytest-textual-snapshot), grouped by feature.

Each test says in its docstring what the snapshot should show. They run on the fixed archive of `test_app.py`,
at a fixed size, with the search time left out of the status line, so the pictures are stable; regenerate with
`pytest tests/test_snapshots.py --snapshot-update` and look at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from store.archive import Archive
from tests.test_app import browse_archive, reader, results, until  # noqa: F401
from tui.app import ArchiveApp
from tui.screens.browser import BrowserScreen

SnapCompare = Callable[..., bool]


def searched(query: str) -> Callable[[Pilot[None]], object]:
    """A `run_before` that types a query, opens the first hit and waits until the reader shows it."""

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("slash", *query)
        screen = app.screen
        assert isinstance(screen, BrowserScreen)
        await until(pilot, lambda: screen._searched == screen.state.query_text() and bool(results(app).hits))
        await pilot.press("enter", "enter")
        await until(
            pilot, lambda: (document := reader(app).document) is not None and document.id == results(app).hits[0].id
        )
        await until(pilot, lambda: bool(screen.query_one("#filter-source").option_count))  # type: ignore[attr-defined]
        await pilot.pause(0.2)

    return run_before


def test_wide_layout_with_a_query_and_an_open_article(snap_compare: SnapCompare, browse_archive: Archive) -> None:  # noqa: F811
    """Search bar with `missile defense` and 3 hits; filters with counts and the timeline; three results with
    highlighted snippets; the reader showing the first article with every `missile defense` highlighted."""
    app = ArchiveApp(browse_archive, show_timings=False)
    assert snap_compare(app, terminal_size=(140, 40), run_before=searched("missile defense"))


def test_wide_layout_in_a_light_theme(snap_compare: SnapCompare, browse_archive: Archive) -> None:  # noqa: F811
    """The same wide layout in textual-light: readable text, highlighted hits and borders on a light background."""
    app = ArchiveApp(browse_archive, show_timings=False)
    app.theme = "textual-light"
    assert snap_compare(app, terminal_size=(140, 40), run_before=searched("missile defense"))


def test_narrow_reader_takes_the_whole_screen(snap_compare: SnapCompare, browse_archive: Archive) -> None:  # noqa: F811
    """At 80x24 the reader fills the screen: title, date · source, and the body with `radar` highlighted."""
    app = ArchiveApp(browse_archive, show_timings=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=searched("radar"))


def test_narrow_list_with_filters(snap_compare: SnapCompare, browse_archive: Archive) -> None:  # noqa: F811
    """At 80x24 without an article open: the filter pane and the result list side by side, nothing cut off."""
    app = ArchiveApp(browse_archive, show_timings=False)

    async def run_before(pilot: Pilot[None]) -> None:
        await until(pilot, lambda: len(results(pilot.app).hits) == 8)
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_empty_archive_says_how_to_import(snap_compare: SnapCompare) -> None:
    """No archive yet: a box saying there is nothing to browse and the command `newsdesk import PATH...`."""
    app = ArchiveApp(None, db_path=Path("/home/reader/.local/share/newsdesk/archive.json"))
    assert snap_compare(app, terminal_size=(80, 24))


def test_help_lists_every_key(snap_compare: SnapCompare, browse_archive: Archive) -> None:  # noqa: F811
    """The help box over the browser: keys grouped as Anywhere, Search bar, Results, Reader, Timeline, Palette."""
    app = ArchiveApp(browse_archive, show_timings=False)
    assert snap_compare(app, terminal_size=(100, 60), press=["escape", "question_mark"])
