"""Text from articles and from the user never reaches Textual's markup parser: `[/bold]` is shown as written.

An article's title, body, source, byline and file path, a query, a saved search's name and a rejected tag are all
text someone else chose; handed to anything that reads Textual markup, `[/bold]` crashes the browser and
`[@click=app.quit]q[/]` becomes a live action. These tests put such text everywhere the browser shows text and
check that every screen, dialog, pane, notice and the command palette shows it literally and keeps running, and
that a browser that does die says so with a non-zero exit.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.app import App
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, OptionList, RadioButton, SelectionList
from textual.widgets._toast import Toast

from store.archive import Archive
from tests.conftest import CliResult
from tests.test_app import browse_archive, reader, results, screen_text, search, until
from tests.test_app_more import choose_in_palette
from tui.app import ArchiveApp
from tui.cli import EXIT_PARTIAL
from tui.screens.browser import BrowserScreen
from tui.screens.dialogs import ExportScreen, SaveSearchScreen, TagScreen
from tui.screens.empty import EmptyArchiveScreen
from tui.screens.help import HelpScreen
from tui.widgets.search_bar import QueryInput

__all__ = ["browse_archive"]  # the fixture, imported so pytest finds it here

HOSTILE = ("[/bold]", "[@click=app.quit]x[/]", "[b]", "$var", "[link=x]")
"""A closing tag that matches nothing, a click action, an opening tag, a template variable and a link."""
MIX = " ".join(HOSTILE)
TITLES = [f"Radar {number} {MIX}" for number in range(len(HOSTILE))]
BYLINE = f"Anna Smith {MIX}"
BODY = f"The radar body {MIX} in it."


def lexisnexis(source: str, title: str) -> str:
    """A LexisNexis text export of one article, whose labelled fields carry any text into the record as is."""
    return (
        f"1 of 1 DOCUMENT\n\n{source}\n\nMarch 3, 2008 Monday\n\n{title}\n\nBYLINE: {BYLINE}\n\n"
        f"SECTION: NEWS; Pg. 1\n\nLENGTH: 120 words\n\n{BODY}\n\nSecond paragraph of radar text.\n\n"
        "LOAD-DATE: March 4, 2008\n\nLANGUAGE: ENGLISH\n"
    )


def hostile_folder(root: Path) -> Path:
    """A folder whose path ends in `MIX` (its slashes are folder boundaries)."""
    return root.joinpath(*MIX.split("/"))


@pytest.fixture
def hostile_archive(tmp_path: Path) -> Iterator[Archive]:
    """Five articles, each with one hostile string as its source and all of them in every other field, stored
    under a hostile path; and a saved search named for each hostile string, whose query holds it too."""
    folder = hostile_folder(tmp_path / "in")
    folder.mkdir(parents=True)
    for number, (source, title) in enumerate(zip(HOSTILE, TITLES, strict=True)):
        (folder / f"{number}.txt").write_text(lexisnexis(source, title), encoding="utf-8")
    with Archive.open(tmp_path / "store" / "archive.json", create=True) as archive:
        archive.import_paths([tmp_path / "in"])
        for text in HOSTILE:
            archive.save_search(text, f"radar {text}")
        yield archive


def shown_in(app: App[None], widget: Widget) -> str:
    """What the terminal shows inside `widget` (borders and the screens behind it left out), its lines joined
    and runs of spaces made one, so text the widget wrapped compares equal to the text it was given."""
    region = widget.content_region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return " ".join(" ".join(line[region.x : region.right].split()) for line in lines)


def toasts(app: App[None]) -> list[str]:
    """The text each notification on screen paints."""
    return [toast.render().plain for toast in app.screen.query(Toast)]


async def notice(pilot: Pilot[None], literal: str) -> None:
    """Wait until a notification paints `literal`, as written."""
    await until(pilot, lambda: any(literal in text for text in toasts(pilot.app)))
    assert pilot.app.is_running


async def shows(pilot: Pilot[None], widget: Widget, *literals: str) -> None:
    """Wait until every one of `literals` is on screen inside `widget`, as written."""
    wanted = [" ".join(literal.split()) for literal in literals]
    await until(pilot, lambda: all(literal in shown_in(pilot.app, widget) for literal in wanted))


def browser(app: App[None]) -> BrowserScreen:
    """The browser screen (under any dialog)."""
    return next(screen for screen in app.screen_stack if isinstance(screen, BrowserScreen))


async def until_counted(pilot: Pilot[None]) -> None:
    """Wait for the facet and saved-search counts of the current query (they follow a pause in the typing)."""
    screen = browser(pilot.app)
    await until(pilot, lambda: screen.counted == screen.state.searchable_text())


async def test_a_query_with_markup_that_finds_nothing_is_shown_literally(browse_archive: Archive) -> None:
    """The user types `zzq[/bold]`: no articles match, and the message says so quoting the query as typed."""
    app = ArchiveApp(browse_archive, show_timings=False)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await search(pilot, "zzq[/bold]")
        await until(pilot, lambda: results(app).total == 0 and app.screen.has_class("-no-results"))
        await shows(pilot, app.screen.query_one("#no-results-message"), "No articles match “zzq[/bold]”.")
        assert app.is_running and isinstance(app.screen, BrowserScreen)


@pytest.mark.parametrize("name", ["x[/bold]y.txt", "[@click=app.quit]q[/].txt"])
async def test_o_on_a_vanished_file_names_it_literally(tmp_path: Path, name: str) -> None:
    """The article's file, named with markup, has gone: o says so, naming the file as it is named."""
    path = tmp_path / "in" / name
    path.parent.mkdir(parents=True)
    path.write_text("Harbour Report\n\nMay 9, 2006 (VOA) -- Ships are counted in the harbour.\n", encoding="utf-8")
    with Archive.open(tmp_path / "store" / "archive.json", create=True) as archive:
        archive.import_paths([tmp_path / "in"])
        path.unlink()
        app = ArchiveApp(archive, show_timings=False)
        async with app.run_test(size=(140, 40), notifications=True) as pilot:
            await search(pilot, "harbour")
            await pilot.press("enter", "enter")
            await until(pilot, lambda: reader(app).document is not None)
            document = reader(app).document
            assert document is not None and document.path.endswith(name)
            await pilot.press("o")
            await notice(pilot, f"{document.path}: the original file is no longer there")
            await pilot.pause(0.1)
            assert app.is_running and isinstance(app.screen, BrowserScreen)


async def test_every_place_the_browser_shows_text_shows_hostile_text_literally(
    hostile_archive: Archive, tmp_path: Path
) -> None:
    """Markup in every field of the articles, the saved searches and the query: each screen, dialog, pane,
    notice and the palette shows it as written, and the browser is still running at the end."""
    app = ArchiveApp(hostile_archive, show_timings=False)
    async with app.run_test(size=(240, 60), notifications=True) as pilot:
        await _results_and_filter_pane(pilot, hostile_archive)
        await _reader(pilot, hostile_archive)
        await _tag_dialog(pilot)
        await _export_dialog(pilot, tmp_path)
        await _open_a_vanished_file(pilot)
        await _save_search_dialog(pilot)
        await _palette_and_forgetting_a_saved_search(pilot)
        await _filters_no_results_and_query_errors(pilot)
        await _help(pilot)
        assert app.is_running
    await _empty_archive_screen()


async def _results_and_filter_pane(pilot: Pilot[None], archive: Archive) -> None:
    """The result rows (title, date, source, snippet), the sources and the saved searches in the filter pane."""
    app = pilot.app
    await until(pilot, lambda: results(app).total == len(TITLES))
    await until_counted(pilot)
    hits = results(app).hits
    titles = [f"{hit.title} " for hit in hits]
    sources = [f"{hit.source} · The radar body" for hit in hits]
    await shows(pilot, results(app), *titles, *sources, "2008-03-03", BODY)
    await shows(pilot, app.screen.query_one("#filter-source", SelectionList), "[/bold]", "[b]", "$var", "[link=x]")
    await until(pilot, lambda: app.screen.query_one("#saved", OptionList).option_count == len(HOSTILE))
    await shows(pilot, app.screen.query_one("#saved", OptionList), "[/bold]", "[b]", "$var", "[link=x]")


async def _reader(pilot: Pilot[None], archive: Archive) -> None:
    """The article opened: its title, date, source and byline, body, and the related articles below it."""
    app = pilot.app
    await pilot.press("escape", "enter")
    await until(pilot, lambda: reader(app).document is not None and reader(app).has_focus)
    document = reader(app).document
    assert document is not None
    related = archive.related(document.id, limit=8)
    await until(pilot, lambda: app.screen.query_one("#related", OptionList).option_count == len(related))
    lines = [f"2008-03-03 {hit.source} {hit.title}" for hit in related]
    await shows(pilot, reader(app), document.title, f"2008-03-03 · {document.source} · {BYLINE}", BODY, *lines)


async def _tag_dialog(pilot: Pilot[None]) -> None:
    """Star, then the tag dialog: the title, the tags now, what is typed, and the notice refusing `[/bold]`."""
    app = pilot.app
    await pilot.press("asterisk")
    await until(pilot, lambda: "★ starred" in shown_in(app, reader(app)))
    document = reader(app).document
    assert document is not None
    await pilot.press("t")
    assert isinstance(app.screen, TagScreen)
    await shows(pilot, app.screen.query_one(".dialog"), document.title, "Now: #starred")
    await pilot.press(*"[/bold] [b]")
    await shows(pilot, app.screen.query_one("#tags", Input), "[/bold] [b]")
    await pilot.press("enter")
    await notice(pilot, "'[/bold]'")


async def _export_dialog(pilot: Pilot[None], tmp_path: Path) -> None:
    """The export dialog's article choice, and the notices of an export into a hostile folder and of a failed one."""
    app = pilot.app
    document = reader(app).document
    assert document is not None
    await pilot.press("e")
    assert isinstance(app.screen, ExportScreen)
    scope = app.screen.query_one("#scope-article", RadioButton)
    await shows(pilot, scope, f"This article: {document.title[:8]}")
    assert scope.label.plain == f"This article: {document.title}"  # a radio button's label is one line, cut short
    folder = hostile_folder(tmp_path / "out")
    app.screen.query_one("#folder", Input).value = str(folder)
    await pilot.click("#export")
    await notice(pilot, f"Exported 1 article to {folder}/")
    blocker = tmp_path / "[b] $var"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    await pilot.press("e")
    assert isinstance(app.screen, ExportScreen)
    unwritable = blocker / "[link=x]"
    with pytest.raises(OSError) as refused:
        unwritable.mkdir(parents=True, exist_ok=True)
    app.screen.query_one("#folder", Input).value = str(unwritable)
    await pilot.click("#export")
    await notice(pilot, f"Export failed: {refused.value}")


async def _open_a_vanished_file(pilot: Pilot[None]) -> None:
    """o on the article, whose file under a hostile folder has gone: the notice names the path as it is."""
    document = reader(pilot.app).document
    assert document is not None and document.path.endswith(f"{MIX}/{Path(document.path).name}")
    Path(document.path).unlink()
    await pilot.press("o")
    await notice(pilot, f"{document.path}: the original file is no longer there")


async def _save_search_dialog(pilot: Pilot[None]) -> None:
    """A hostile query in the search bar and the save dialog, saved under a hostile name, and the notice."""
    app = pilot.app
    bar = app.screen.query_one(QueryInput)
    bar.focus()
    bar.value = f"radar {MIX}"
    await until(pilot, lambda: browser(app)._searched == f"radar {MIX}")
    await shows(pilot, bar, f"radar {MIX}")
    assert results(app).total == len(TITLES)
    await pilot.press("ctrl+s")
    assert isinstance(app.screen, SaveSearchScreen)
    await shows(pilot, app.screen.query_one(".dialog"), f"Query radar {MIX}")
    app.screen.query_one("#name", Input).value = MIX
    await pilot.press("enter")
    await notice(pilot, f"Saved “{MIX}”")


async def _palette_and_forgetting_a_saved_search(pilot: Pilot[None]) -> None:
    """The saved searches in ctrl+p with their queries, one run from there, and the notice of forgetting one."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(app.screen, CommandPalette))
    app.screen.query_one(Input).value = "Saved search"
    commands = app.screen.query_one("CommandList", OptionList)
    await until(pilot, lambda: commands.option_count == len(HOSTILE) + 1)
    lines = [f"Saved search: {name} {query}" for name, query in browser(app).saved_searches]
    await shows(pilot, commands, *lines)
    await pilot.press("escape")
    await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    await choose_in_palette(pilot, "h: [link=x]", "Saved search: [link=x]")
    await until(pilot, lambda: app.screen.query_one(QueryInput).value == "radar [link=x]")
    await until_counted(pilot)
    saved = app.screen.query_one("#saved", OptionList)
    assert saved.option_count == len(HOSTILE) + 1
    saved.focus()
    saved.highlighted = next(n for n in range(saved.option_count) if saved.get_option_at_index(n).id == "[/bold]")
    await pilot.press("delete")
    await notice(pilot, "Forgot “[/bold]”")


async def _filters_no_results_and_query_errors(pilot: Pilot[None]) -> None:
    """A hostile source ticked: the query it adds up to, the no-results message, the date field, a query error."""
    app = pilot.app
    screen = browser(app)
    await until_counted(pilot)
    sources = screen.query_one("#filter-source", SelectionList)
    values = [sources.get_option_at_index(n).value for n in range(sources.option_count)]
    sources.focus()
    sources.highlighted = values.index("[link=x]")
    await pilot.press("space")
    await until(pilot, lambda: results(app).total == 1)
    note = screen.query_one("#query-note")
    await shows(pilot, note, f"≡ {screen.state.query_text()}")
    assert "[link=x]" in screen.state.filter_text()
    screen.query_one(QueryInput).value = "radar [link=x] zzq[/bold]"
    await until(pilot, lambda: results(app).total == 0 and screen.has_class("-no-results"))
    await shows(pilot, screen.query_one("#no-results-message"), f"No articles match “{screen.state.query_text()}”.")
    await until_counted(pilot)
    screen.query_one("#date-from", Input).value = "[b]"
    await shows(pilot, screen.query_one("#date-from", Input), "[b]")
    screen.query_one(QueryInput).value = 'radar "[/bold] [b]'
    await until(pilot, lambda: note.has_class("-error"))
    await shows(pilot, note, 'radar "[/bold] [b]')


async def _help(pilot: Pilot[None]) -> None:
    """The keys screen opens and closes over hostile data."""
    app = pilot.app
    results(app).focus()
    await pilot.press("question_mark")
    assert isinstance(app.screen, HelpScreen)
    await pilot.press("escape")
    assert isinstance(app.screen, BrowserScreen) and app.is_running


async def _empty_archive_screen() -> None:
    """The first-run screen names an archive path full of markup as it is."""
    path = Path(*MIX.split("/"), "archive.json")
    app = ArchiveApp(None, db_path=path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, EmptyArchiveScreen)
        await shows(pilot, app.screen.query_one("#empty-archive"), f"There is no archive with articles at {path}.")
        assert app.is_running


def test_the_browser_exits_non_zero_when_it_dies_of_an_error(
    cli: Callable[..., CliResult], imported: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A handler raises: Textual shuts the app down, and `newsdesk` exits with a failure code rather than 0."""

    def fail(self: BrowserScreen, event: object) -> None:
        raise RuntimeError("the browser died")

    run = ArchiveApp.run

    def headless(self: ArchiveApp) -> None:
        run(self, headless=True)

    monkeypatch.setattr(BrowserScreen, "on_archive_caught_up", fail)
    monkeypatch.setattr(ArchiveApp, "run", headless)
    for stream in (sys.stdin, sys.stdout):
        monkeypatch.setattr(stream, "isatty", lambda: True)  # the CLI opens the browser only on a terminal
    result = cli("radar")
    assert result.code == EXIT_PARTIAL
    assert "RuntimeError: the browser died" in result.err
