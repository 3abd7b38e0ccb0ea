"""Workers never touch the DOM: every `query_one` and `query` the browser makes runs on the app's own thread,
while star, tag, note, cite, export, reading and searching all do their slow work in thread workers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.dom import DOMNode

from store.archive import Archive
from tests.test_app import browse_archive, reader, results, until
from tests.test_app_focus import WIDE, opened, read_first
from tui.app import ArchiveApp
from tui.screens.browser import BrowserScreen
from tui.screens.dialogs import ExportRequest, ExportScreen, TagScreen
from tui.screens.note_editor import NoteScreen

__all__ = ["browse_archive"]  # the fixture, imported so pytest finds it here


@pytest.fixture
def off_thread(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The DOM queries made from any thread but the one the test (and the app) runs on."""
    home = threading.get_ident()
    seen: list[str] = []
    for name in ("query_one", "query"):
        original = getattr(DOMNode, name)

        def watched(self: DOMNode, *args: object, _original: object = original, **kwargs: object) -> object:
            if threading.get_ident() != home:
                seen.append(f"{type(self).__name__}.{_original.__name__}{args!r} in {threading.current_thread().name}")  # type: ignore[attr-defined]
            return _original(self, *args, **kwargs)  # type: ignore[operator]

        monkeypatch.setattr(DOMNode, name, watched)
    yield seen


async def test_no_worker_queries_the_dom(browse_archive: Archive, off_thread: list[str], tmp_path: Path) -> None:
    app = ArchiveApp(browse_archive, query="radar", show_timings=False)
    async with app.run_test(size=WIDE) as pilot:
        await opened(pilot, hits=3)
        await read_first(pilot)
        article_id = reader(app).document.id  # type: ignore[union-attr]
        await pilot.press("asterisk")
        await until(pilot, lambda: "starred" in browse_archive.user_data(article_id).tags)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TagScreen))
        await pilot.press(*"checked", "enter")
        await until(pilot, lambda: "checked" in browse_archive.user_data(article_id).tags)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen))
        await pilot.press(*"a note", "ctrl+s")
        await until(pilot, lambda: browse_archive.user_data(article_id).note == "a note")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.dismiss(ExportRequest(everything=True, format="md", folder=tmp_path / "out"))
        await until(pilot, lambda: len(list((tmp_path / "out").glob("*.md"))) == 3)
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        await pilot.press("escape", "j", "enter")
        await until(pilot, lambda: results(app).total == 3)
    assert off_thread == []
