"""The browser driven by Pilot: keys in, and assertions on what the screen shows and on the archive's state.

The archive is built from a handful of articles written here (a hostile one among them), so every count and title
below is known exactly; the snapshot tests share the same fixture.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, SelectionList

from store.archive import Archive
from tui.app import ArchiveApp
from tui.screens.browser import BrowserScreen
from tui.screens.dialogs import ExportScreen, SaveSearchScreen, TagScreen
from tui.screens.empty import EmptyArchiveScreen
from tui.screens.help import HelpScreen
from tui.widgets.reading_pane import ReadingPane
from tui.widgets.result_list import ResultList
from tui.widgets.search_bar import QueryInput
from tui.widgets.timeline import Timeline

MISSILE_PARAGRAPHS = "\n\n".join(
    f"Paragraph {n} of the long report returns to missile defense and the radar." for n in range(1, 31)
)

ARTICLES = {
    "radar.txt": (
        "Czech Cabinet Backs Radar Base\n\nMarch 3, 2008 (RFE/RL) -- The Czech cabinet endorsed talks on a radar "
        "station for the U.S. missile defense system.\n\nCritics in Prague say missile defense will anger Moscow."
        "\n\nThe vote on missile defense comes next month.\n"
    ),
    "talks.txt": (
        "Russia, U.S. Fail To Bridge Differences Over Missile Defense\n\nOctober 12, 2007 (RFE/RL) -- Rice and "
        "Gates met their Russian counterparts in Moscow today.\n\nThey hoped to overcome objections to U.S. plans "
        "for missile defense in the Czech Republic and Poland.\n"
    ),
    "putin.txt": (
        "Putin Offers Joint Use Of Radar\n\nJune 4, 2007 (RFE/RL) -- President Putin said the Azerbaijani radar "
        "could serve both countries.\n\nWashington welcomed the offer but kept its own plans.\n"
    ),
    "grain.txt": (
        "Grain Exports Rise\n\nMarch 3, 2009 (VOA) -- Farmers shipped more wheat than last year.\n\nPrices fell in "
        "the spring as harvests recovered.\n"
    ),
    "press.txt": (
        "Court Rules On Press Freedom\n\nMay 9, 2006 (VOA) -- Judges ruled on a press case in the capital.\n\n"
        "Editors welcomed the decision.\n"
    ),
    "shield.txt": (
        "Poland Weighs Missile Shield\n\nApril 2, 2008 (VOA) -- Polish officials weighed the missile shield offer."
        "\n\nA decision is expected within weeks.\n"
    ),
    "hostile.txt": (
        "Markup [bold]Stays[/bold] Literal\n\nJuly 1, 2009 (VOA) -- This body has [red]markup[/red] and an "
        "escape \x1b[31mred\x1b[0m sequence, a bell\x07 and a title change \x1b]0;pwned\x07 in it.\n\n"
        "Nothing here may reach the terminal as a command.\n"
    ),
    "long.txt": (
        "Long Report On Missile Defense\n\nJanuary 5, 2010 (VOA) -- The report opens with a summary.\n\n"
        + MISSILE_PARAGRAPHS
        + "\n"
    ),
}


@pytest.fixture
def browse_archive(tmp_path: Path) -> Iterator[Archive]:
    """An archive of the eight articles above."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_bytes(text.encode("utf-8"))
    with Archive.open(tmp_path / "store" / "archive.json", create=True) as archive:
        archive.import_paths([folder])
        yield archive


def screen_text(app: App[None]) -> str:
    """What the terminal shows, as plain text."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, record=True)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


async def until(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app run until `condition` holds (workers run in threads, so results arrive a little later)."""
    for _ in range(int(timeout / 0.02)):
        await pilot.pause(0.02)
        if condition():
            return
    raise AssertionError(f"timed out waiting; the screen shows:\n{screen_text(pilot.app)}")


def results(app: App[None]) -> ResultList:
    """The result list of the browser screen."""
    return app.screen.query_one(ResultList)


def reader(app: App[None]) -> ReadingPane:
    """The reading pane of the browser screen."""
    return app.screen.query_one(ReadingPane)


def titles(app: App[None]) -> list[str]:
    """The titles in the result list, in order."""
    return [hit.title for hit in results(app).hits]


async def search(pilot: Pilot[None], text: str) -> None:
    """Type a query into the search bar (pressing `/` first unless it has the keyboard already) and wait until
    its results are on screen."""
    if not isinstance(pilot.app.focused, QueryInput):
        await pilot.press("slash")
    await pilot.press(*text)
    screen = pilot.app.screen
    assert isinstance(screen, BrowserScreen)
    await until(pilot, lambda: screen._searched == screen.state.query_text())


async def test_typing_a_query_shows_rows_hit_count_and_the_highlighted_reader(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: results(app).total == len(ARTICLES))
        await search(pilot, "missile defense")
        assert set(titles(app)) == {
            "Czech Cabinet Backs Radar Base",
            "Russia, U.S. Fail To Bridge Differences Over Missile Defense",
            "Long Report On Missile Defense",
        }
        shown = screen_text(app)
        assert "3 hits · by relevance" in shown
        assert "ms" not in shown.split("hits")[1].split("\n")[0]
        await pilot.press("enter", "enter")
        await until(pilot, lambda: reader(app).document is not None)
        document = reader(app).document
        assert document is not None and document.title == titles(app)[0]
        body = document.body
        marked = [body[start:end].lower() for start, end in reader(app).hits]
        assert marked and all(text == "missile defense" for text in marked)
        assert document.title in screen_text(app)
        await until(pilot, lambda: browse_archive.user_data(document.id)[1])


async def test_as_you_type_the_last_word_matches_as_a_prefix(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await search(pilot, "azerbaij")
        assert titles(app) == ["Putin Offers Joint Use Of Radar"]
        assert results(app).hits[0].highlights


async def test_hit_count_and_elapsed_time_are_shown_beside_the_bar(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive)
    async with app.run_test(size=(140, 40)) as pilot:
        await search(pilot, "radar")
        status = next(line for line in screen_text(app).splitlines() if "hits" in line)
        assert "3 hits · " in status and " ms · by relevance" in status


async def test_selecting_a_source_narrows_results_and_shows_the_query(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await search(pilot, "missile")
        assert results(app).total == 4
        sources = app.screen.query_one("#filter-source", SelectionList)
        await until(pilot, lambda: sources.option_count == 2)
        values = [sources.get_option_at_index(n).value for n in range(sources.option_count)]
        sources.focus()
        sources.highlighted = values.index("VOA")
        await pilot.press("space")
        await until(pilot, lambda: results(app).total == 2)
        assert set(titles(app)) == {"Poland Weighs Missile Shield", "Long Report On Missile Defense"}
        assert "≡ source:voa missile" in screen_text(app)
        await pilot.press("x")
        await until(pilot, lambda: results(app).total == 4)


async def test_a_date_range_and_a_timeline_bar_narrow_results(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: results(app).total == len(ARTICLES))
        start = app.screen.query_one("#date-from", Input)
        start.value = "2009"
        await until(pilot, lambda: results(app).total == 3)
        assert "≡ date:2009.." in screen_text(app)
        start.value = ""
        await until(pilot, lambda: results(app).total == len(ARTICLES))
        timeline = app.screen.query_one(Timeline)
        # Facet counts (and so the timeline) follow a pause in the typing: wait for those of the cleared range.
        screen = app.screen
        assert isinstance(screen, BrowserScreen)
        await until(pilot, lambda: screen.counted == screen.state.query_text())
        assert timeline.months[0] == ("2006-05", 1)
        timeline.focus()
        await pilot.press("right", "enter")
        await until(pilot, lambda: results(app).total == 1)
        assert titles(app) == ["Court Rules On Press Freedom"]


async def test_n_and_shift_n_move_between_hits_in_the_reader(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 30)) as pilot:
        await search(pilot, '"missile defense" summary')
        await pilot.press("enter", "enter")
        pane = reader(app)
        await until(pilot, lambda: pane.document is not None)
        assert len(pane.hits) == 31
        assert pane.border_subtitle == "31 hits · n next"
        await pilot.press("n", "n")
        assert pane.border_subtitle == "hit 2 of 31"
        await pilot.press("N", "N")
        assert pane.border_subtitle == "hit 31 of 31"
        await pilot.pause(0.1)
        assert pane.scroll_y > 10
        assert "Paragraph 30 of the long report" in screen_text(app)


async def test_brackets_move_to_the_next_and_previous_result_without_leaving_the_reader(
    browse_archive: Archive,
) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await search(pilot, "radar")
        await pilot.press("enter", "enter")
        pane = reader(app)
        await until(pilot, lambda: pane.document is not None and pane.document.title == titles(app)[0])
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: pane.document is not None and pane.document.title == titles(app)[1])
        assert pane.has_focus
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: pane.document is not None and pane.document.title == titles(app)[0])


async def test_star_and_tag_write_user_data(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await search(pilot, "grain")
        await pilot.press("enter", "enter")
        await until(pilot, lambda: reader(app).document is not None)
        article_id = results(app).hits[0].id
        await pilot.press("asterisk")
        await until(pilot, lambda: "starred" in browse_archive.user_data(article_id)[0])
        await until(pilot, lambda: "★ starred" in screen_text(app))
        await pilot.press("t")
        assert isinstance(app.screen, TagScreen)
        await pilot.press(*"harvest wheat", "enter")
        await until(pilot, lambda: browse_archive.user_data(article_id)[0] == ("harvest", "starred", "wheat"))
        await pilot.press("t")
        await pilot.press(*"-wheat", "enter")
        await until(pilot, lambda: browse_archive.user_data(article_id)[0] == ("harvest", "starred"))
        await pilot.press("asterisk")
        await until(pilot, lambda: browse_archive.user_data(article_id)[0] == ("harvest",))


async def test_tag_input_completes_existing_tags(browse_archive: Archive) -> None:
    browse_archive.tag(browse_archive.search("grain").hits[0].id, ["agriculture"])
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await search(pilot, "press")
        await pilot.press("enter", "enter")
        await until(pilot, lambda: reader(app).document is not None)
        await pilot.press("t", *"new agr")
        await pilot.pause(0.2)
        await pilot.press("right")
        assert app.screen.query_one("#tags", Input).value == "new agriculture"


@pytest.mark.parametrize("export_format", ["md", "txt", "json"])
async def test_export_the_article_or_all_results_to_a_folder(
    browse_archive: Archive, tmp_path: Path, export_format: str
) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await search(pilot, "radar")
        await pilot.press("enter", "enter")
        await until(pilot, lambda: reader(app).document is not None)
        for everything, folder in ((False, tmp_path / "one"), (True, tmp_path / "all")):
            await pilot.press("e")
            assert isinstance(app.screen, ExportScreen)
            if everything:
                app.screen.query_one("#scope-all").value = True  # type: ignore[attr-defined]
            app.screen.query_one(f"#format-{export_format}").value = True  # type: ignore[attr-defined]
            app.screen.query_one("#folder", Input).value = str(folder)
            await pilot.click("#export")
            await until(pilot, lambda folder=folder: folder.exists() and any(folder.iterdir()))  # type: ignore[misc]
        one = list((tmp_path / "one").iterdir())
        every = list((tmp_path / "all").iterdir())
        assert len(one) == 1 and one[0].suffix == f".{export_format}"
        assert len(every) == 3 and all(path.suffix == f".{export_format}" for path in every)
        if export_format == "json":
            assert all(path.read_text().count('"title"') == 1 for path in every)


async def test_help_lists_every_key(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(120, 80)) as pilot:  # every row of the help at once
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        for words in ("Type a query", "Scroll to the next hit", "Star or unstar", "Export the article",
                      "Copy the article", "$PAGER", "Save the current query", "Reload the archive",
                      "Sort by relevance", "Earlier query", "Every action and the saved searches", "Quit",
                      "^p theme", "Change the colour theme", "side by side on the timeline"):  # fmt: skip
            assert words in shown, words
        await pilot.press("escape")
        assert isinstance(app.screen, BrowserScreen)


async def test_no_archive_shows_how_to_import(tmp_path: Path) -> None:
    app = ArchiveApp(None, db_path=tmp_path / "nowhere" / "archive.json")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, EmptyArchiveScreen)
        shown = screen_text(app)
        assert "newsdesk import PATH..." in shown
        assert "No articles to browse yet." in shown
        await pilot.press("q")
    assert app.return_code == 0


async def test_no_results_says_so_and_offers_to_clear_the_filters(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await search(pilot, "wheat")
        app.screen.query_one("#date-from", Input).value = "2010"
        await until(pilot, lambda: results(app).total == 0)
        shown = screen_text(app)
        assert "No articles match “date:2010.. wheat”." in shown
        assert "Clear filters" in shown
        await pilot.click("#clear-filters")
        await until(pilot, lambda: results(app).total == 1)
        assert app.screen.query_one("#date-from", Input).value == ""


async def test_narrow_terminal_reads_full_screen_and_escape_returns(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await search(pilot, "radar")
        assert not reader(app).display or reader(app).region.width == 0
        await pilot.press("enter", "enter")
        await until(pilot, lambda: reader(app).document is not None)
        pane = reader(app)
        assert pane.region.width == 80
        assert results(app).region.width == 0
        assert "Czech Cabinet Backs Radar Base" in screen_text(app) or titles(app)[0] in screen_text(app)
        await pilot.press("escape")
        assert results(app).region.width > 0 and results(app).has_focus
        for line in screen_text(app).splitlines():
            assert len(line) <= 80


async def test_malformed_query_shows_why_and_keeps_the_last_results(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await search(pilot, "radar")
        before = titles(app)
        await pilot.press(*' "unclosed')
        await pilot.pause(0.3)
        shown = screen_text(app)
        assert "✗ " in shown and "character 7" in shown
        assert titles(app) == before
        assert "3 hits" in shown


async def test_up_and_down_recall_earlier_queries(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        bar = app.screen.query_one(QueryInput)
        for text in ("radar", "grain"):
            bar.value = ""
            await search(pilot, text)
            await pilot.press("enter", "slash")
        bar.value = "draft"
        await pilot.press("up")
        assert bar.value == "grain"
        await pilot.press("up")
        assert bar.value == "radar"
        await pilot.press("down", "down")
        assert bar.value == "draft"


async def test_markup_in_an_article_is_literal_and_no_escape_byte_reaches_the_screen(
    browse_archive: Archive,
) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await search(pilot, "markup")
        assert titles(app) == ["Markup [bold]Stays[/bold] Literal"]
        await pilot.press("enter", "enter")
        await until(pilot, lambda: reader(app).document is not None)
        shown = screen_text(app)
        assert "Markup [bold]Stays[/bold] Literal" in shown
        assert "[red]markup[/red]" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        document = reader(app).document
        assert document is not None and "\x1b" not in document.body


async def test_saved_searches_are_listed_with_live_counts_and_run(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await search(pilot, "radar")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SaveSearchScreen)
        await pilot.press(*"radar news", "enter")
        await until(pilot, lambda: browse_archive.saved_searches() == [("radar news", "radar")])
        await until(pilot, lambda: "radar news" in screen_text(app))
        line = next(line for line in screen_text(app).splitlines() if "radar news" in line)
        assert line.split("radar news")[1].split()[0] == "3"
        bar = app.screen.query_one(QueryInput)
        bar.value = ""
        start = app.screen.query_one("#date-from", Input)
        start.value = "2009"
        await until(pilot, lambda: results(app).total == 3)
        screen = app.screen
        assert isinstance(screen, BrowserScreen)
        screen.run_saved_search("radar")
        await until(pilot, lambda: results(app).total == 3 and screen.state.start is None)
        assert bar.value == "radar"
        assert start.value == "", "the saved search replaces the date range too, on screen as in the search"


async def test_s_cycles_the_sort_order(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await search(pilot, "missile")
        await pilot.press("enter", "s")
        await until(pilot, lambda: "by date" in screen_text(app))
        dates = [hit.date or "" for hit in results(app).hits]
        assert dates == sorted(dates, reverse=True)
        await pilot.press("s")
        await until(pilot, lambda: "by title" in screen_text(app))
        assert titles(app) == sorted(titles(app))


async def test_results_and_articles_announce_when_painted(browse_archive: Archive) -> None:
    seen: list[str] = []

    def hook(message: object) -> None:
        seen.append(type(message).__name__)

    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40), message_hook=hook) as pilot:
        await until(pilot, lambda: "ResultsShown" in seen)
        await pilot.press("tab", "enter")
        await until(pilot, lambda: "ArticleShown" in seen)


async def test_the_hostile_fixture_file_is_shown_literally(imported: Archive) -> None:
    app = ArchiveApp(imported, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await search(pilot, "port strike")
        await pilot.press("enter", "enter")
        await until(pilot, lambda: reader(app).document is not None)
        shown = screen_text(app)
        assert "Days [bold]Today[/bold]" in shown
        assert "[link=http://x]the full agreement[/link]" in shown
        assert not any(char in shown for char in "\x1b\x07\x9b")


async def test_results_load_a_page_at_a_time(tmp_path: Path) -> None:
    """A page is a screenful and a few more; the end of the list, or a taller terminal, loads the next ones."""
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(90):
        (folder / f"{n:03d}.txt").write_text(f"Harbour Report {n}\n\nMay 9, 2006 (VOA) -- Ships number {n}.\n")
    with Archive.open(tmp_path / "archive.json", create=True) as archive:
        archive.import_paths([folder])
        app = ArchiveApp(archive, show_timings=False)
        async with app.run_test(size=(140, 40)) as pilot:
            await until(pilot, lambda: results(app).total == 90)
            shown = results(app).size.height // 2
            assert shown < len(results(app).hits) < 90
            await pilot.resize_terminal(140, 120)
            await until(pilot, lambda: len(results(app).hits) > results(app).size.height // 2)
            results(app).focus()
            for _ in range(5):
                await pilot.press("end")
                await pilot.pause(0.1)
            await until(pilot, lambda: len(results(app).hits) == 90)
            await pilot.press("end")
            assert results(app).highlighted == results(app).hits[-1]
