"""The focus model, key by key: where Escape, `q`, `/` and ctrl+u take the keyboard, and that no key replaces a query.

Each test presses real keys with Pilot on the eight-article archive of `test_app.py` and checks what the screen
shows: the text in the search bar, the widget with the keyboard, and whether the app is still running.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from textual import events
from textual.app import App
from textual.command import CommandPalette
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input

from store.archive import Archive
from store.query.tree import MatchAll
from tests.test_app import ARTICLES, browse_archive, reader, results, screen_text, search, titles, until
from tui.app import ArchiveApp
from tui.messages import FacetsLoaded, QueryChanged
from tui.screens.browser import BrowserScreen
from tui.screens.dialogs import ExportScreen, SaveSearchScreen, TagScreen
from tui.screens.help import HelpScreen
from tui.widgets.filter_pane import FilterPane
from tui.widgets.reading_pane import ReadingPane
from tui.widgets.search_bar import QueryInput

__all__ = ["browse_archive"]  # the fixture, imported so pytest finds it here

WIDE = (140, 40)
NARROW = (80, 24)


def browser(app: App[None]) -> BrowserScreen:
    """The browser screen, under any dialog."""
    return next(screen for screen in app.screen_stack if isinstance(screen, BrowserScreen))


def bar(app: App[None]) -> QueryInput:
    """The search bar's input."""
    return browser(app).query_one(QueryInput)


def footer(app: App[None]) -> str:
    """The bottom line of the screen, where the footer lists the keys."""
    return [line for line in screen_text(app).splitlines() if line.strip()][-1]


async def opened(pilot: Pilot[None], hits: int = len(ARTICLES)) -> None:
    """Wait until the first results are on screen and the list has the keyboard."""
    await until(pilot, lambda: results(pilot.app).total == hits and results(pilot.app).has_focus)


async def read_first(pilot: Pilot[None]) -> None:
    """Enter on the list: the first hit opens in the reader, which takes the keyboard."""
    await pilot.press("enter")
    await until(pilot, lambda: reader(pilot.app).document is not None and reader(pilot.app).has_focus)


class Typed:
    """Every text the search bar reported, to prove a key never reached it."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def hook(self, message: Message) -> None:
        if isinstance(message, QueryChanged):
            self.texts.append(message.text)


async def test_the_browser_opens_on_the_list_so_single_keys_work_at_once(browse_archive: Archive) -> None:
    """`newsdesk radar`: the list has the keyboard, the footer offers `/ Search`, and `s` sorts at once."""
    app = ArchiveApp(browse_archive, query="radar", show_timings=False)
    async with app.run_test(size=WIDE) as pilot:
        await opened(pilot, hits=3)
        await until(pilot, lambda: "/ search" in footer(app).lower())
        await pilot.press("s")
        await until(pilot, lambda: "by date" in screen_text(app))
        assert bar(app).value == "radar" and results(app).has_focus


async def test_escape_moves_from_the_bar_to_the_list_and_never_back(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive, query="radar", show_timings=False)
    async with app.run_test(size=WIDE) as pilot:
        await opened(pilot, hits=3)
        await pilot.press("slash")
        assert bar(app).has_focus
        for _ in range(3):
            await pilot.press("escape")
            assert results(app).has_focus
        assert bar(app).value == "radar"


async def test_q_after_leaving_the_bar_twice_quits_and_never_reaches_the_query(browse_archive: Archive) -> None:
    """Today's trap: `/`, Escape, Escape used to put the keyboard back in the bar, and q replaced the query."""
    typed = Typed()
    app = ArchiveApp(browse_archive, query="radar", show_timings=False)
    async with app.run_test(size=WIDE, message_hook=typed.hook) as pilot:
        await opened(pilot, hits=3)
        await pilot.press("slash", "escape", "escape")
        assert bar(app).value == "radar" and results(app).has_focus
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running)
    assert app.return_code == 0
    assert not any("q" in text for text in typed.texts), typed.texts


@pytest.mark.parametrize(
    ("size", "keys", "focus"),
    [
        pytest.param(WIDE, [], None, id="the list"),
        pytest.param(WIDE, ["enter"], None, id="the reader"),
        pytest.param(NARROW, ["enter"], None, id="the narrow reader"),
        pytest.param(WIDE, ["f", "f"], None, id="the filter pane"),
        pytest.param(WIDE, [], "#timeline", id="the timeline"),
        pytest.param(WIDE, ["question_mark"], None, id="the help screen"),
        pytest.param(WIDE, ["enter", "e"], None, id="the export dialog's choices"),
        pytest.param(NARROW, ["enter", "f"], None, id="the narrow filter pane after the reader"),
    ],
)
async def test_q_quits_from_anywhere_outside_a_text_field(
    browse_archive: Archive, size: tuple[int, int], keys: Sequence[str], focus: str | None
) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=size) as pilot:
        await opened(pilot)
        await pilot.press(*keys)
        if focus is not None:
            browser(app).query_one(focus).focus()
        await pilot.pause(0.1)
        assert not isinstance(app.focused, Input)
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running)
    assert app.return_code == 0


@pytest.mark.parametrize(
    ("keys", "field"),
    [
        pytest.param(["slash"], "#query", id="the search bar"),
        pytest.param([], "#date-from", id="the date range"),
        pytest.param(["enter", "t"], "#tags", id="the tag dialog"),
        pytest.param(["slash", "r", "enter", "ctrl+s"], "#name", id="the save-search dialog"),
        pytest.param(["enter", "e"], "#folder", id="the export folder"),
        pytest.param(["ctrl+p"], "CommandInput", id="the command palette"),
    ],
)
async def test_q_and_slash_in_a_text_field_are_typed_there(
    browse_archive: Archive, keys: Sequence[str], field: str
) -> None:
    """Neither the app's `q` nor the browser's `/` (both looked up before the focused widget) takes a key that
    a text field would type."""
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=WIDE) as pilot:
        await opened(pilot)
        await pilot.press(*keys)
        await pilot.pause(0.1)
        target = app.screen.query_one(field, Input)
        target.focus()
        await until(pilot, lambda: target.has_focus)
        before = target.value
        await pilot.press("q", "slash")
        await until(pilot, lambda: target.value == before + "q/")
        assert app.is_running and target.has_focus


async def test_slash_puts_the_cursor_at_the_end_of_the_query_and_selects_nothing(browse_archive: Archive) -> None:
    """From the list and from the reader, `/` reaches the bar without typing itself; the next key adds to the query."""
    app = ArchiveApp(browse_archive, query="missile", show_timings=False)
    async with app.run_test(size=WIDE) as pilot:
        await opened(pilot, hits=4)
        await read_first(pilot)
        await pilot.press("slash")
        query = bar(app)
        await until(pilot, lambda: query.has_focus)
        assert query.value == "missile"
        assert query.selection.is_empty and query.cursor_position == len("missile")
        await search(pilot, " shield")
        assert query.value == "missile shield"
        assert titles(app) == ["Poland Weighs Missile Shield"]
        await pilot.press("escape", "slash")
        await until(pilot, lambda: query.has_focus)
        assert query.selection.is_empty and query.cursor_position == len("missile shield")


async def test_slash_in_the_bar_types_itself_only_inside_a_word(browse_archive: Archive) -> None:
    """At the start of a word a slash means nothing to a query, so `/` there only moves the cursor to the end;
    inside a word it is typed, as `w/5` and `source:rfe/rl` need."""
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=WIDE) as pilot:
        await opened(pilot)
        await pilot.press("slash", "slash")
        query = bar(app)
        assert query.has_focus and query.value == ""
        await pilot.press(*"radar", "space", "slash")
        assert query.value == "radar "
        await pilot.press(*"w/5 cabinet")
        assert query.value == "radar w/5 cabinet"
        await pilot.press("home", "slash")
        assert query.value == "radar w/5 cabinet" and query.cursor_position == len(query.value)
        await until(pilot, lambda: titles(app) == ["Czech Cabinet Backs Radar Base"])


async def test_f_right_after_opening_with_a_query_leaves_the_query_alone(browse_archive: Archive) -> None:
    """`newsdesk radar` then `f`: the filter pane goes and comes back with the keyboard; the query is untouched."""
    typed = Typed()
    app = ArchiveApp(browse_archive, query="radar", show_timings=False)
    async with app.run_test(size=WIDE, message_hook=typed.hook) as pilot:
        await opened(pilot, hits=3)
        pane = browser(app).query_one(FilterPane)
        await pilot.press("f")
        await until(pilot, lambda: pane.region.width == 0)
        assert results(app).has_focus
        await pilot.press("f")
        await until(pilot, lambda: pane.region.width > 0 and pane.has_focus_within)
        await pilot.press(*"abc")
        assert bar(app).value == "radar" and set(typed.texts) == {"radar"}


async def test_clicking_into_the_bar_selects_nothing(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive, query="radar", show_timings=False)
    async with app.run_test(size=WIDE) as pilot:
        await opened(pilot, hits=3)
        assert await pilot.click("#query")
        query = bar(app)
        await until(pilot, lambda: query.has_focus)
        assert query.selection.is_empty
        await pilot.press("x")
        assert sorted(query.value) == sorted("radarx")


async def test_ctrl_u_clears_the_whole_query_in_the_bar_and_from_the_list(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive, query="radar", show_timings=False)
    async with app.run_test(size=WIDE) as pilot:
        await opened(pilot, hits=3)
        await pilot.press("slash", "home", "right", "right", "ctrl+u")
        assert bar(app).value == ""
        await until(pilot, lambda: results(app).total == len(ARTICLES))
        await search(pilot, "grain")
        await pilot.press("escape", "ctrl+u")
        await until(pilot, lambda: bar(app).has_focus)
        assert bar(app).value == ""
        await until(pilot, lambda: results(app).total == len(ARTICLES))


async def test_escape_leaves_the_reader_and_the_filter_pane_for_the_list(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=WIDE) as pilot:
        await opened(pilot)
        await read_first(pilot)
        await pilot.press("escape")
        assert results(app).has_focus
        for selector in ("#filter-source", "#date-to", "#timeline", "#saved"):
            browser(app).query_one(selector).focus()
            await pilot.pause()
            await pilot.press("escape")
            assert results(app).has_focus, selector


async def test_a_date_typed_is_kept_after_escape_and_added_to_when_the_field_is_focused_again(
    browse_archive: Archive,
) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=WIDE) as pilot:
        await opened(pilot)
        start = browser(app).query_one("#date-from", Input)
        start.focus()
        await until(pilot, lambda: start.has_focus)
        await pilot.press(*"2009", "escape")
        await until(pilot, lambda: results(app).total == 3 and results(app).has_focus)
        start.focus()
        await until(pilot, lambda: start.has_focus)
        assert start.selection.is_empty
        await pilot.press(*"-07")
        assert start.value == "2009-07"
        await until(pilot, lambda: results(app).total == 2)
        assert set(titles(app)) == {"Markup [bold]Stays[/bold] Literal", "Long Report On Missile Defense"}


async def test_facet_counts_arriving_while_a_date_is_half_typed_leave_the_field_alone(
    browse_archive: Archive,
) -> None:
    """Counts for an earlier query can land between two keystrokes; the half-typed `2` must survive them."""
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=WIDE) as pilot:
        await opened(pilot)
        start = browser(app).query_one("#date-from", Input)
        start.focus()
        await until(pilot, lambda: start.has_focus)
        await pilot.press("2")
        facets = browse_archive.facets(MatchAll())
        browser(app).post_message(FacetsLoaded(browser(app).state.query_text(), facets, {}))
        await pilot.pause()
        await pilot.press(*"009")
        assert start.value == "2009"
        await until(pilot, lambda: results(app).total == 3)


@pytest.mark.parametrize(
    ("keys", "dialog"),
    [
        pytest.param(["enter", "t"], TagScreen, id="tags"),
        pytest.param(["ctrl+s"], SaveSearchScreen, id="save search"),
        pytest.param(["enter", "e", "tab", "tab"], ExportScreen, id="export, from its folder field"),
        pytest.param(["question_mark"], HelpScreen, id="help"),
        pytest.param(["ctrl+p"], CommandPalette, id="command palette"),
    ],
)
async def test_escape_closes_a_dialog_and_leaves_the_query_as_it_was(
    browse_archive: Archive, keys: Sequence[str], dialog: type[object]
) -> None:
    app = ArchiveApp(browse_archive, query="radar", show_timings=False)
    async with app.run_test(size=WIDE) as pilot:
        await opened(pilot, hits=3)
        await pilot.press(*keys)
        await until(pilot, lambda: isinstance(app.screen, dialog))
        await pilot.press(*"ab", "escape")
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        assert bar(app).value == "radar"
        assert not bar(app).has_focus and app.focused is not None


async def test_the_export_folder_is_not_selected_when_its_field_gets_the_keyboard(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=WIDE) as pilot:
        await opened(pilot)
        await read_first(pilot)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        folder = app.screen.query_one("#folder", Input)
        suggested = folder.value
        await pilot.press("tab", "tab")
        await until(pilot, lambda: folder.has_focus)
        assert folder.selection.is_empty
        await pilot.press(*"/x")
        assert folder.value == suggested + "/x"


async def test_in_a_narrow_terminal_every_way_out_of_the_reader_leads_to_the_list(browse_archive: Archive) -> None:
    """80 columns: the reader has the screen; `f` brings the filters back beside the list (not the reader), and
    Escape returns to the list with the reader hidden."""
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=NARROW) as pilot:
        await opened(pilot)
        await read_first(pilot)
        assert reader(app).region.width == NARROW[0]
        await pilot.press("f")
        pane = browser(app).query_one(FilterPane)
        await until(pilot, lambda: pane.has_focus_within and pane.region.width > 0)
        assert reader(app).region.width == 0 and results(app).region.width > 0
        await pilot.press("escape")
        assert results(app).has_focus and reader(app).region.width == 0
        await read_first(pilot)
        await pilot.press("slash")
        await until(pilot, lambda: bar(app).has_focus and bar(app).region.width > 0)
        assert reader(app).region.width == 0


async def test_a_reader_with_the_keyboard_keeps_it_when_the_terminal_narrows(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=WIDE) as pilot:
        await opened(pilot)
        await read_first(pilot)
        await pilot.resize_terminal(*NARROW)
        await until(pilot, lambda: reader(app).region.width == NARROW[0])
        assert reader(app).has_focus
        await pilot.resize_terminal(*WIDE)
        await until(pilot, lambda: results(app).region.width > 0 and reader(app).region.width > 0)
        await pilot.press("escape")
        assert results(app).has_focus


async def test_two_enters_in_one_burst_leave_the_bar_and_open_the_article(browse_archive: Archive) -> None:
    """Keys a script or a fast typist sends at once: the first Enter hands the keyboard to the list before the
    second is dispatched, so the second opens the highlighted article instead of reaching the bar again."""
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "radar")
        for _ in range(2):
            app.post_message(events.Key("enter", None))
        await until(pilot, lambda: isinstance(app.focused, ReadingPane))
        assert reader(app).document is not None
