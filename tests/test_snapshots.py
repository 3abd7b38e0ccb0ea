"""Snapshot tests of the browser's main layouts (pytest-textual-snapshot), grouped by feature.

Each test says in its docstring what the snapshot should show. They run on the fixed archive of `test_app.py`,
at a fixed size, with the search time left out of the status line, so the pictures are stable; regenerate with
`pytest tests/test_snapshots.py --snapshot-update` and look at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot

from store.archive import Archive
from tests.test_app import browse_archive, reader, results, until  # noqa: F401
from tui.app import ArchiveApp
from tui.screens.browser import BrowserScreen

SnapCompare = Callable[..., bool]


UNDATED = "Radar Talks Resume, With No Date Given\n\nOfficials said talks on the radar would resume in the autumn.\n"


@pytest.fixture
def varied_archive(browse_archive: Archive, tmp_path: Path) -> Archive:  # noqa: F811
    """The browsing archive with an undated article (about the radar) added and Putin's radar offer starred."""
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "undated.txt").write_text(UNDATED, encoding="utf-8")
    browse_archive.import_paths([folder])
    offer = browse_archive.search("azerbaijani", limit=1).hits[0]
    browse_archive.tag(offer.id, ["starred"])
    return browse_archive


def browser(app: App[None]) -> BrowserScreen:
    """The browser screen, which a snapshot waits on."""
    screen = app.screen
    assert isinstance(screen, BrowserScreen)
    return screen


async def settled(pilot: Pilot[None]) -> None:
    """Wait until everything the screen started is painted, on definite conditions rather than a sleep.

    The facet counts follow a pause in the typing (a timer, then a worker), and the article, its related
    articles and the read mark each come from a worker of their own: a snapshot taken after a fixed sleep
    catches some of them missing on a busy machine. So: the results and the counts are those of the query on
    screen, every worker has finished, and the messages they posted have been handled.
    """
    screen = browser(pilot.app)
    await until(pilot, lambda: screen._searched == screen.state.query_text() == screen.counted)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def typed(query: str) -> Callable[[Pilot[None]], object]:
    """A `run_before` that types a query, hands the keyboard to the list and waits until all is painted."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("slash", *query, "enter")
        await settled(pilot)

    return run_before


def searched(query: str) -> Callable[[Pilot[None]], object]:
    """A `run_before` that types a query, opens the first hit and waits until the reader shows it."""

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("slash", *query)
        screen = browser(app)
        await until(pilot, lambda: screen._searched == screen.state.query_text() and bool(results(app).hits))
        await pilot.press("enter", "enter")
        await until(
            pilot, lambda: (document := reader(app).document) is not None and document.id == results(app).hits[0].id
        )
        await settled(pilot)

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
        await settled(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_rows_at_80x24(snap_compare: SnapCompare, varied_archive: Archive) -> None:
    """At 80x24 with `radar` typed: four rows, each title first with its date flush right, the starred Putin
    offer marked ★, the undated article with no date at all; the whole hit counter; a footer of whole keys."""
    app = ArchiveApp(varied_archive, show_timings=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=typed("radar"))


def test_three_panes_at_120x40(snap_compare: SnapCompare, varied_archive: Archive) -> None:
    """At 120x40 with `radar` and the first hit open: rows too narrow for a date beside the title carry it on
    the snippet line, so titles keep the width; the ★ mark; one-row date inputs; a footer of whole keys."""
    app = ArchiveApp(varied_archive, show_timings=False)
    assert snap_compare(app, terminal_size=(120, 40), run_before=searched("radar"))


def test_three_panes_at_200x50(snap_compare: SnapCompare, varied_archive: Archive) -> None:
    """At 200x50 with `radar` and the first hit open: whole titles with the date flush right, blank for the
    undated article, the ★ mark on the starred one, and every footer key with the palette hint uncut."""
    app = ArchiveApp(varied_archive, show_timings=False)
    assert snap_compare(app, terminal_size=(200, 50), run_before=searched("radar"))


def test_empty_archive_says_how_to_import(snap_compare: SnapCompare) -> None:
    """No archive yet: a box saying there is nothing to browse and the command `newsdesk import PATH...`."""
    app = ArchiveApp(None, db_path=Path("/home/reader/.local/share/newsdesk/archive.json"))
    assert snap_compare(app, terminal_size=(80, 24))


def test_help_lists_every_key(snap_compare: SnapCompare, browse_archive: Archive) -> None:  # noqa: F811
    """The help box over the browser: keys grouped as Anywhere, Search bar, Results, Reader, Timeline, Palette."""
    app = ArchiveApp(browse_archive, show_timings=False)

    async def run_before(pilot: Pilot[None]) -> None:
        await settled(pilot)
        await pilot.press("question_mark")

    assert snap_compare(app, terminal_size=(100, 60), run_before=run_before)
