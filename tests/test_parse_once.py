"""The browser parses the typed text once per keystroke and hands the tree down (issue 11, item 7).

Search, facet counts (with each group's narrower state), saved-search counts and the equivalent-query line all
start from that one tree; only the line under the bar is text, written from the state for people to read.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

import store.archive
import store.query.parser
import tui.screens.browser
import tui.screens.state
from store.archive import Archive
from store.query.parser import MAX_NESTING
from store.query.tree import Query
from tests.test_app import browse_archive, results, until
from tui.app import ArchiveApp
from tui.messages import FilterToggled
from tui.screens.browser import BrowserScreen
from tui.widgets.search_bar import SearchBar

__all__ = ["browse_archive"]  # the fixture, imported so pytest finds it here


def browser(pilot: Pilot[None]) -> BrowserScreen:
    screen = pilot.app.screen
    assert isinstance(screen, BrowserScreen)
    return screen


async def settled(pilot: Pilot[None]) -> None:
    """Wait until the results and the facet (and saved-search) counts of the state on screen are in."""
    screen = browser(pilot)
    await until(pilot, lambda: screen._searched == screen.state.query_text() == screen.counted)


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every text given to `parse_query`, wherever the browser, its state or the archive call it from."""
    calls: list[str] = []
    original = store.query.parser.parse_query

    def counting(text: str, *, as_you_type: bool = False) -> Query:
        calls.append(text)
        return original(text, as_you_type=as_you_type)

    for module in (tui.screens.browser, tui.screens.state, store.archive, store.query.parser):
        monkeypatch.setattr(module, "parse_query", counting)
    return calls


async def test_each_keystroke_parses_the_typed_text_once(
    browse_archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With filters in two groups (so each group's narrower counts run) and a saved search to count, typing
    parses the query once per key: searches, counts and the equivalent line all reuse the tree."""
    browse_archive.save_search("defense", "missile defense")
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test() as pilot:
        screen = browser(pilot)
        await settled(pilot)
        screen.post_message(FilterToggled("source", "VOA", True))
        screen.post_message(FilterToggled("date", "2008", True))
        await until(pilot, lambda: screen.state.has_filters)
        await settled(pilot)
        await pilot.press("slash")
        calls = count_parses(monkeypatch)
        for key in "miss":
            calls.clear()
            await pilot.press(key)
            await settled(pilot)
            assert calls == [screen.state.text]
        assert screen.state.text == "miss"
        assert results(app).total == 1


async def test_a_query_at_the_nesting_limit_with_a_top_level_or_is_searched_beside_a_filter(
    browse_archive: Archive,
) -> None:
    """Bracketed after the filters as text it would nest one level too deep; joined as trees it is searched, and
    no "date range:" error appears."""
    typed = "radar OR " + "(" * MAX_NESTING + "missile" + ")" * MAX_NESTING
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = browser(pilot)
        await settled(pilot)
        screen.post_message(FilterToggled("source", "VOA", True))
        await until(pilot, lambda: screen.state.has_filters)
        await settled(pilot)
        screen.query_one(SearchBar).input.value = typed
        await until(pilot, lambda: screen.state.text == typed)
        await settled(pilot)
        note = screen.query_one("#query-note", Static)
        assert not note.has_class("-error")
        assert str(note.render()).startswith("≡ source:voa (radar OR (")
        assert {hit.title for hit in results(app).hits} == {
            "Poland Weighs Missile Shield",
            "Long Report On Missile Defense",
        }
