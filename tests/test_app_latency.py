"""What keeps a keystroke's latency down, and must keep working: the paint hold and the settled collector.

A keystroke in the search bar holds the screen's paint until its results (or its error) are in, never longer
than the hold's deadline (`tui/paint_hold.py`); the search is gated on a `threading.Event`, so each test decides
when the results arrive. Once the first results are on screen the garbage collector is settled, and it is put
back as it was when the app exits (`tui/collector.py`).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Label

from store.archive import Archive
from store.search.view import SearchResults
from tests.test_app import browse_archive, results, screen_text, until
from tui import collector
from tui.app import ArchiveApp
from tui.paint_hold import PaintHold
from tui.widgets.search_bar import QueryInput

__all__ = ["browse_archive"]  # the fixture, imported so pytest finds it here


@pytest.fixture
def gate(browse_archive: Archive, monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Searches wait for this event once it is cleared (it starts set, so the first results come at once)."""
    event = threading.Event()
    event.set()
    search = browse_archive.search

    def gated(*args: object, **kwargs: object) -> SearchResults:
        event.wait(10)
        return search(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(browse_archive, "search", gated)
    yield event
    event.set()


def query_input(app: App[None]) -> QueryInput:
    return app.screen.query_one(QueryInput)


async def held(pilot: Pilot[None], seconds: float) -> PaintHold:
    """Once the first results (all eight articles) are shown, put the cursor in the search bar and give it a hold
    with this deadline."""
    await until(pilot, lambda: results(pilot.app).total == 8)
    await pilot.press("slash")
    hold = query_input(pilot.app).paint_hold = PaintHold(pilot.app, seconds=seconds)
    return hold


async def test_a_keystroke_holds_the_paint_until_its_results_are_shown(
    browse_archive: Archive, gate: threading.Event
) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        hold = await held(pilot, seconds=10)
        gate.clear()
        await pilot.press("z")
        await pilot.pause(0.2)
        assert hold.holding
        assert results(app).total == 8
        gate.set()
        await until(pilot, lambda: not hold.holding)
        assert results(app).total == 0
        assert "No articles match “z”" in screen_text(app)


async def test_a_slow_search_lets_the_typed_text_paint_at_the_deadline(
    browse_archive: Archive, gate: threading.Event
) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        hold = await held(pilot, seconds=0.05)
        gate.clear()
        query_input(app).value = "z"
        assert hold.holding
        await pilot.pause(0.2)
        assert not hold.holding
        assert results(app).total == 8
        gate.set()
        await until(pilot, lambda: results(app).total == 0)


async def test_a_malformed_query_releases_the_paint_with_its_message(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        hold = await held(pilot, seconds=10)
        await pilot.press('"')
        await until(pilot, lambda: "✗ " in screen_text(app))
        await until(pilot, lambda: not hold.holding)
        assert results(app).total == 8


class HeldApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("painted")


async def test_a_second_hold_does_not_extend_the_first() -> None:
    app = HeldApp()
    async with app.run_test() as pilot:
        hold = PaintHold(app, seconds=0.1)
        hold.hold()
        await pilot.pause(0.06)
        hold.hold()
        assert hold.holding
        await pilot.pause(0.08)
        assert not hold.holding
        hold.release()
        assert not hold.holding


async def test_the_collector_is_settled_after_the_first_results_and_restored_at_exit(browse_archive: Archive) -> None:
    before = gc.get_threshold()
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: gc.get_threshold() == collector.SETTLED_THRESHOLDS)
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


async def test_results_that_arrive_after_the_text_stopped_parsing_are_dropped(
    browse_archive: Archive, gate: threading.Event
) -> None:
    """Typing on while a search runs can leave half a phrase (`z "`): the late results must not replace the
    message saying what is wrong, nor bring the browser down."""
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: results(app).total == 8)
        gate.clear()
        await pilot.press("slash", "z", "space", '"')
        await until(pilot, lambda: "✗ " in screen_text(app))
        gate.set()
        await pilot.pause(0.3)
        assert results(app).total == 8
        assert "✗ " in screen_text(app)
