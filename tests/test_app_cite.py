"""Citing from the browser: `c` copies the citation of the article in the reader (or under the cursor) in the
style chosen last, `C` chooses the style in a menu, and the choice is kept with the archive."""

from __future__ import annotations

import pytest

from store.archive import Archive
from tests.test_app import browse_archive, reader, until
from tests.test_app_focus import WIDE, opened, read_first
from tui.app import ArchiveApp
from tui.screens.browser import BrowserScreen
from tui.screens.cite_style import CiteStyleScreen

__all__ = ["browse_archive"]  # the fixture, imported so pytest finds it here


@pytest.fixture
def copied(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the browser put on the clipboard."""
    texts: list[str] = []
    monkeypatch.setattr(ArchiveApp, "copy_to_clipboard", lambda self, text: texts.append(text))
    return texts


async def test_c_copies_the_citation_of_the_article_under_the_cursor_in_apa(
    browse_archive: Archive, copied: list[str]
) -> None:
    app = ArchiveApp(browse_archive, query="grain", show_timings=False)
    async with app.run_test(size=WIDE) as pilot:
        await opened(pilot, hits=1)
        await pilot.press("c")
        await until(pilot, lambda: bool(copied))
        assert "Grain Exports Rise" in copied[0] and "(2009, March 3)" in copied[0]


async def test_the_style_chosen_in_the_menu_is_used_and_kept_with_the_archive(
    browse_archive: Archive, copied: list[str]
) -> None:
    app = ArchiveApp(browse_archive, query="grain", show_timings=False)
    async with app.run_test(size=WIDE) as pilot:
        await opened(pilot, hits=1)
        await read_first(pilot)
        await pilot.press("C")
        await until(pilot, lambda: isinstance(app.screen, CiteStyleScreen))
        await pilot.press("down", "down", "down", "down", "enter")
        await until(pilot, lambda: bool(copied) and isinstance(app.screen, BrowserScreen))
        assert copied[0].startswith("@") and "Grain Exports Rise" in copied[0], copied[0]
        await until(pilot, lambda: browse_archive.setting("cite_style") == "bibtex")
        await pilot.press("c")
        await until(pilot, lambda: len(copied) == 2)
        assert copied[1] == copied[0]
        assert reader(app).document is not None
    with Archive.open(browse_archive.path) as reopened:
        assert reopened.setting("cite_style") == "bibtex"


async def test_escape_leaves_the_style_as_it_was(browse_archive: Archive, copied: list[str]) -> None:
    browse_archive.set_setting("cite_style", "mla")
    app = ArchiveApp(browse_archive, query="grain", show_timings=False)
    async with app.run_test(size=WIDE) as pilot:
        await opened(pilot, hits=1)
        await pilot.press("C")
        await until(pilot, lambda: isinstance(app.screen, CiteStyleScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        assert copied == [] and browse_archive.setting("cite_style") == "mla"
        await pilot.press("c")
        await until(pilot, lambda: bool(copied))
        assert copied[0] == "\u201cGrain Exports Rise\u201d. VOA, 3 Mar. 2009.\n", "MLA, the style kept"
