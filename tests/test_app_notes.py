"""Notes in the browser: `a` opens the note pane on the article in the reader, ctrl+s saves, the reader shows
the note under the title, and nothing typed is lost to a stray Escape or `q`."""

from __future__ import annotations

from textual.widgets import TextArea

from store.archive import Archive
from tests.test_app import browse_archive, reader, results, screen_text, until
from tests.test_app_focus import WIDE, browser, opened, read_first
from tui.app import ArchiveApp
from tui.screens.browser import BrowserScreen
from tui.screens.note_editor import NoteScreen

__all__ = ["browse_archive"]  # the fixture, imported so pytest finds it here


def editor_text(app: ArchiveApp) -> str:
    return app.screen.query_one(TextArea).text


async def test_a_note_is_written_saved_shown_and_searchable(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive, query="radar", show_timings=False)
    async with app.run_test(size=WIDE) as pilot:
        await opened(pilot, hits=3)
        await read_first(pilot)
        article_id = reader(app).document.id  # type: ignore[union-attr]
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen))
        await pilot.press(*"Quote the quartermaster", "enter", "enter", *"q is a letter here")
        assert editor_text(app) == "Quote the quartermaster\n\nq is a letter here"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: browse_archive.user_data(article_id).note.endswith("here"))
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen) and "Note  Quote the" in screen_text(app))
        assert browse_archive.user_data(article_id).note == "Quote the quartermaster\n\nq is a letter here"
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen))
        assert editor_text(app) == "Quote the quartermaster\n\nq is a letter here", "it opens on the note"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        browser(app).query_one("#filters").display = True
        await pilot.press("slash", "ctrl+u", *"has:note")
        await until(pilot, lambda: results(app).total == 1 and results(app).hits[0].id == article_id)


async def test_escape_on_a_changed_note_warns_once_before_throwing_it_away(browse_archive: Archive) -> None:
    app = ArchiveApp(browse_archive, query="radar", show_timings=False)
    async with app.run_test(size=WIDE) as pilot:
        await opened(pilot, hits=3)
        await read_first(pilot)
        article_id = reader(app).document.id  # type: ignore[union-attr]
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen))
        await pilot.press(*"half a thought", "escape")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen) and editor_text(app) == "half a thought"
        await until(pilot, lambda: "Escape again throws them away" in screen_text(app))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        assert browse_archive.user_data(article_id).note == ""
        assert "Note  " not in screen_text(app)


async def test_a_note_with_markup_and_emptied_out(browse_archive: Archive) -> None:
    """A note is the user's text, never markup; saving it empty removes it."""
    app = ArchiveApp(browse_archive, query="radar", show_timings=False)
    async with app.run_test(size=WIDE) as pilot:
        await opened(pilot, hits=3)
        await read_first(pilot)
        article_id = reader(app).document.id  # type: ignore[union-attr]
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen))
        await pilot.press(*"[/bold] [@click=app.quit]x[/]", "ctrl+s")
        await until(pilot, lambda: "Note  [/bold] [@click=app.quit]x[/]" in screen_text(app))
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen))
        app.screen.query_one(TextArea).clear()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen) and "Note  " not in screen_text(app))
        assert browse_archive.user_data(article_id).note == ""
