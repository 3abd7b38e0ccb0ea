"""More of the browser driven by Pilot: copy, open in $PAGER, the command palette, and the mouse.

These reuse the eight-article archive and the helpers of `test_app.py`, so every title and count is known.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest
from textual.app import App
from textual.command import CommandPalette
from textual.drivers.headless_driver import HeadlessDriver
from textual.events import MouseScrollDown
from textual.pilot import Pilot
from textual.widgets import OptionList, SelectionList

from store.archive import Archive
from tests.test_app import ARTICLES, browse_archive, reader, results, screen_text, search, titles, until
from tui.app import ArchiveApp
from tui.screens.browser import SETTLE_SECONDS, BrowserScreen
from tui.screens.dialogs import SaveSearchScreen
from tui.widgets.search_bar import QueryInput
from tui.widgets.timeline import Timeline

__all__ = ["browse_archive"]  # the fixture, imported so pytest finds it here


async def open_first(pilot: Pilot[None], query: str) -> None:
    """Search for `query`, open the first hit in the reader and wait until it is shown."""
    await search(pilot, query)
    await pilot.press("enter", "enter")
    await until(pilot, lambda: reader(pilot.app).document is not None)


def notifications(pilot: Pilot[None]) -> list[str]:
    """The messages of the notifications on screen now."""
    return [note.message for note in pilot.app._notifications]


def reading(app: App[None]) -> str:
    """The title of the article in the reader ("" when there is none)."""
    document = reader(app).document
    return "" if document is None else document.title


async def test_y_copies_the_article_text_and_says_so(browse_archive: Archive) -> None:
    """The user opens an article and presses y: its title and body are on the clipboard, and a toast says so."""
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await open_first(pilot, "grain")
        assert app.clipboard == ""
        await pilot.press("y")
        await until(pilot, lambda: app.clipboard != "")
        copied = app.clipboard
        assert copied.startswith("Grain Exports Rise\n")
        assert "Farmers shipped more wheat than last year." in copied
        assert "Prices fell in the spring as harvests recovered." in copied
        assert "Article copied to the clipboard" in notifications(pilot)


async def test_y_without_an_article_copies_nothing(browse_archive: Archive) -> None:
    """The user presses y with no article to read: nothing is copied and they are told to choose one."""
    app = ArchiveApp(browse_archive, query="nosuchword", show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: "0 hits" in screen_text(app))
        reader(app).focus()
        await pilot.press("y")
        await until(pilot, lambda: "Choose an article first" in notifications(pilot))
        assert app.clipboard == ""


@pytest.fixture
def suspendable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the headless driver 'suspend' (its suspend and resume do nothing), as a real terminal's driver can."""
    monkeypatch.setattr(HeadlessDriver, "can_suspend", property(lambda self: True))


async def test_o_opens_the_original_file_in_the_pager(
    browse_archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suspendable: None
) -> None:
    """The user opens an article and presses o: $PAGER runs on the article's original file."""
    record = tmp_path / "pager-saw.txt"
    script = "import sys, pathlib; pathlib.Path(sys.argv[1]).write_text(sys.argv[2])"
    monkeypatch.setenv("PAGER", shlex.join([sys.executable, "-c", script, str(record)]))
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await open_first(pilot, "grain")
        document = reader(app).document
        assert document is not None
        await pilot.press("o")
        await until(pilot, record.exists)
        assert Path(record.read_text()) == Path(document.path)
        assert Path(document.path).name == "grain.txt"
        assert isinstance(app.screen, BrowserScreen) and app.is_running


async def test_o_when_the_pager_cannot_start_says_why_and_keeps_browsing(
    browse_archive: Archive, monkeypatch: pytest.MonkeyPatch, suspendable: None
) -> None:
    """The user's $PAGER names no program: pressing o shows an error and the browser keeps working."""
    monkeypatch.setenv("PAGER", "/nonexistent/newsdesk-pager --flag")
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await open_first(pilot, "grain")
        await pilot.press("o")
        await until(pilot, lambda: any("newsdesk-pager" in note for note in notifications(pilot)))
        await pilot.press("y")
        await until(pilot, lambda: app.clipboard.startswith("Grain Exports Rise"))


async def test_o_where_the_terminal_cannot_be_suspended_says_so(
    browse_archive: Archive, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Headless (no suspend, as in a browser terminal), o tells the user the pager cannot run instead of crashing."""
    record = tmp_path / "pager-saw.txt"
    monkeypatch.setenv("PAGER", shlex.join([sys.executable, "-c", "open(__import__('sys').argv[1], 'w')", str(record)]))
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await open_first(pilot, "grain")
        await pilot.press("o")
        await until(pilot, lambda: any("PAGER" in note or "pager" in note for note in notifications(pilot)))
        assert not record.exists()
        await pilot.press("y")
        await until(pilot, lambda: app.clipboard.startswith("Grain Exports Rise"))


async def choose_in_palette(pilot: Pilot[None], typed: str, prompt: str) -> None:
    """Open the command palette, type `typed`, wait until `prompt` is the highlighted command, and run it."""
    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    palette = pilot.app.screen
    await pilot.press(*typed)
    options = palette.query_one("CommandList", OptionList)

    def highlighted() -> str:
        index = options.highlighted
        return "" if index is None else str(options.get_option_at_index(index).prompt)

    await until(pilot, lambda: highlighted().startswith(prompt))
    await pilot.press("enter")
    await until(pilot, lambda: not isinstance(pilot.app.screen, CommandPalette))


async def test_the_palette_runs_sort_and_star(browse_archive: Archive) -> None:
    """The user picks Sort and then Star from ctrl+p: the results sort by date and the article is starred."""
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await open_first(pilot, "missile")
        assert "by relevance" in screen_text(app)
        await choose_in_palette(pilot, "Sort", "Sort")
        await until(pilot, lambda: "by date" in screen_text(app))
        document = reader(app).document
        assert document is not None
        await choose_in_palette(pilot, "Star", "Star")
        await until(pilot, lambda: "starred" in browse_archive.user_data(document.id)[0])
        await until(pilot, lambda: "★ starred" in screen_text(app))


async def test_the_palette_lists_and_runs_a_saved_search(browse_archive: Archive) -> None:
    """The user saved "radar news" earlier; choosing it from ctrl+p puts its query in the bar and its hits in view."""
    browse_archive.save_search("radar news", "radar")
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: results(app).total == len(ARTICLES))
        await choose_in_palette(pilot, "radar news", "Saved search: radar news")
        await until(pilot, lambda: results(app).total == 3)
        assert app.screen.query_one(QueryInput).value == "radar"
        assert set(titles(app)) == {hit.title for hit in browse_archive.search("radar").hits}


async def test_clicking_a_result_row_shows_that_article(browse_archive: Archive) -> None:
    """The user clicks the second result: the cursor moves there and the reader shows it; a double click opens it."""
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await search(pilot, "radar")
        await pilot.press("enter")
        listing = results(app)
        second = titles(app)[1]
        top = listing.content_region.y - listing.region.y
        left = listing.content_region.x - listing.region.x
        assert await pilot.click(listing, offset=(left + 5, top + 3))
        assert listing.cursor == 1
        await until(pilot, lambda: reading(app) == second)
        assert not reader(app).has_focus
        third = titles(app)[2]
        assert await pilot.double_click(listing, offset=(left + 5, top + 4))
        await until(pilot, lambda: reading(app) == third)
        await until(pilot, lambda: reader(app).has_focus)


async def test_clicking_a_source_in_the_filter_pane_narrows_the_results(browse_archive: Archive) -> None:
    """The user clicks VOA under Sources: only VOA articles remain, and clicking it again brings the rest back."""
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await search(pilot, "missile")
        assert results(app).total == 4
        sources = app.screen.query_one("#filter-source", SelectionList)
        await pilot.pause(SETTLE_SECONDS * 3)  # the counts of the last keystroke, not of a prefix typed before it
        await until(pilot, lambda: sources.option_count == 2)
        row = [sources.get_option_at_index(n).value for n in range(sources.option_count)].index("VOA")
        top = sources.content_region.y - sources.region.y
        assert await pilot.click(sources, offset=(3, top + row))
        await until(pilot, lambda: results(app).total == 2)
        assert set(titles(app)) == {"Poland Weighs Missile Shield", "Long Report On Missile Defense"}
        assert "≡ source:voa missile" in screen_text(app)
        await until(pilot, lambda: sources.option_count == 2)
        assert await pilot.click(sources, offset=(3, top + row))
        await until(pilot, lambda: results(app).total == 4)


async def test_clicking_a_timeline_bar_narrows_the_results_to_its_months(browse_archive: Archive) -> None:
    """The user clicks the first bar of the timeline: only the articles of that bar's months remain."""
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 50)) as pilot:
        await until(pilot, lambda: results(app).total == len(ARTICLES))
        timeline = app.screen.query_one(Timeline)
        await until(pilot, lambda: bool(timeline.months) and timeline.months[0] == ("2006-05", 1))
        months, count = timeline._columns()[0]
        assert 0 < count < len(ARTICLES)
        top = timeline.content_region.y - timeline.region.y
        left = timeline.content_region.x - timeline.region.x
        assert await pilot.click(timeline, offset=(left, top))
        await until(pilot, lambda: results(app).total == count)
        assert "Court Rules On Press Freedom" in titles(app)
        assert all(hit.date is not None and months[0] <= hit.date[:7] <= months[-1] for hit in results(app).hits)
        screen = app.screen
        assert isinstance(screen, BrowserScreen)
        assert (screen.state.start, screen.state.end) == (months[0], months[-1])


async def test_left_then_enter_on_the_timeline_narrows_to_the_last_bar(browse_archive: Archive) -> None:
    """The first left on the timeline lands on its last bar (2010-01, the long report), and Enter finds that
    article: it used to land on the bar before, whose months hold nothing, and Enter found no articles."""
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: results(app).total == len(ARTICLES))
        timeline = app.screen.query_one(Timeline)
        await until(pilot, lambda: bool(timeline.months) and timeline.months[-1] == ("2010-01", 1))
        timeline.focus()
        await pilot.press("left")
        assert timeline.cursor == len(timeline._columns()) - 1
        await pilot.press("enter")
        await until(pilot, lambda: titles(app) == ["Long Report On Missile Defense"])


async def test_the_mouse_wheel_scrolls_the_reader(browse_archive: Archive) -> None:
    """The user opens the long report and turns the mouse wheel over the reader: the text scrolls down."""
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 30)) as pilot:
        await open_first(pilot, "summary")
        pane = reader(app)
        assert pane.document is not None and pane.document.title == "Long Report On Missile Defense"
        await pilot.pause(0.1)
        assert pane.scroll_y == 0 and pane.max_scroll_y > 5
        for _ in range(3):
            await pilot._post_mouse_events([MouseScrollDown], pane, offset=(5, 5))
        await until(pilot, lambda: pane.scroll_y >= 3)


async def test_delete_on_a_saved_search_forgets_it(browse_archive: Archive) -> None:
    """The user highlights a saved search in the filter pane and presses Delete: it is gone, here and on disk."""
    browse_archive.save_search("radar news", "radar")
    browse_archive.save_search("grain", "grain")
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        saved = app.screen.query_one("#saved", OptionList)
        await until(pilot, lambda: saved.option_count == 2)
        saved.focus()
        saved.highlighted = [option.id for option in saved.options].index("radar news")
        await pilot.press("delete")
        await until(pilot, lambda: browse_archive.saved_searches() == [("grain", "grain")])
        await until(pilot, lambda: saved.option_count == 1)
        assert "radar news" not in screen_text(app)


async def test_related_articles_follow_the_article_and_enter_opens_one(browse_archive: Archive) -> None:
    """The reader lists related articles under the body once they are worked out; tab reaches the list and
    Enter reads the chosen one."""
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await open_first(pilot, "cabinet")
        assert reading(app) == "Czech Cabinet Backs Radar Base"
        related = reader(app).query_one("#related", OptionList)
        await until(pilot, lambda: related.option_count > 0)
        first = related.get_option_at_index(0)
        opened = reader(app).document
        assert opened is not None and first.id not in (None, opened.id)
        assert "Related articles" in screen_text(app)
        assert reader(app).has_focus
        await pilot.press("tab")
        assert related.has_focus
        await pilot.press("enter")
        await until(pilot, lambda: getattr(reader(app).document, "id", None) == first.id)
        assert reading(app) != "Czech Cabinet Backs Radar Base"


async def test_ctrl_s_on_a_query_that_does_not_parse_says_so_and_saves_nothing(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await search(pilot, "radar")
        await pilot.press('"', "ctrl+s")
        await until(pilot, lambda: "Mend the query before saving it" in notifications(pilot))
        assert not isinstance(app.screen, SaveSearchScreen)
        assert browse_archive.saved_searches() == []
