"""The saved searches in the command palette (ctrl+p), their names and queries shown as text, never as markup.

Textual reads a `SystemCommand`'s title as content markup (its fuzzy highlighter calls `Content.from_markup`),
and the palette reads every hit's `help` the same way, so a search saved as `[/bold]` would crash the palette
and one saved as `[@click=app.quit]q[/]` would put a live action in it. This provider builds each prompt as
`Content` itself: the title with the letters the typed text matched highlighted, and the query on a line of
its own below, where the palette would have put the help.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from tui.screens.browser import BrowserScreen

QUERY_STYLE = "dim"
"""The saved query under its name, set back like the palette's help text."""


def prompt(title: Content, query: str) -> Content:
    """A command's two lines: its title, then the saved query."""
    return Content.assemble(title, "\n", (query, QUERY_STYLE))


def highlighted(matcher: Matcher, title: str) -> Content:
    """`title` as text, with the letters the typed query matched in the matcher's style (as `Matcher.highlight`
    does, less its reading of the title as markup)."""
    content = Content(title)
    _, offsets = matcher.fuzzy_search.match(matcher.query, title)
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class SavedSearchCommands(Provider):
    """`Saved search: NAME` for each search saved in the browser; choosing one runs it."""

    def _commands(self) -> Iterator[tuple[str, str, Callable[[], None]]]:
        """(title, query, callback) of each saved search, when the palette was opened over the browser."""
        screen = self.screen
        if isinstance(screen, BrowserScreen):
            for name, query in screen.saved_searches:
                yield f"Saved search: {name}", query, partial(screen.run_saved_search, query)

    async def discover(self) -> Hits:
        """Every saved search, listed before anything is typed."""
        for title, query, run in self._commands():
            yield DiscoveryHit(prompt(Content(title), query), run, text=title)

    async def search(self, query: str) -> Hits:
        """The saved searches whose title matches what was typed."""
        matcher = self.matcher(query)
        for title, saved_query, run in self._commands():
            if (score := matcher.match(title)) > 0:
                yield Hit(score, prompt(highlighted(matcher, title), saved_query), run, text=title)
