"""Where the keyboard is: the browser's focus model, the filter pane's toggle and the `?` screen of every key.

The rules (the README's key table states them and `tests/test_app_focus.py` presses each one):
- the browser opens with the result list focused, so single-key commands work at once;
- Escape always moves out towards the list (from the search bar, the reader or the filter pane; a dialog
  closes) and never into a text field;
- `q` quits from anywhere outside a text field: it is the app's priority binding, so dialogs and help have it;
- `/` focuses the search bar with the cursor at the end of the query, selecting nothing (in the bar itself a
  `/` starting a word does the same, one inside a word is typed: `QueryInput`);
- no single key replaces a query: no field selects its text on focus (`TextField`), and only ctrl+u clears.

On a narrow terminal one pane has the screen at a time: the list (beside the filters), or the reader alone
(`reading`). Every way out of the reader leads back to the list, and a reader that has the keyboard when the
terminal narrows keeps it, full screen. A mixin of `BrowserScreen`, as `ArticleActions` and `ArchiveCatchUp` are.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.reactive import var
from textual.screen import Screen

from tui.screens.concordance import ConcordanceScreen
from tui.screens.help import HelpScreen
from tui.widgets.filter_pane import FilterPane, SavedList
from tui.widgets.reading_pane import ReadingPane
from tui.widgets.result_list import ResultList
from tui.widgets.search_bar import QueryInput
from tui.widgets.timeline import Timeline

NARROW_BELOW = 100
"""Terminal width (columns) under which the reading pane takes the whole screen."""
PALETTE_KEYS: list[BindingType] = [
    Binding("ctrl+p", "app.command_palette", "Every action and the saved searches"),
    Binding("ctrl+p", "app.change_theme", "Change the colour theme, until you quit", key_display="^p theme"),
]
"""What the `?` screen says of the command palette: ctrl+p, then type `theme` for Textual's own theme picker."""


class BrowserKeys(Screen[None]):
    """Focus, Escape, `/`, ctrl+u, the filter pane's toggle and help; the screen that mixes them in binds the keys."""

    AUTO_FOCUS = "#result-list"
    """What gets the keyboard when the screen opens or a dialog closes with nothing focused (Textual's default
    would be the first widget: the search bar)."""

    reading: var[bool] = var(False)
    """Whether the reading pane has the whole screen (narrow terminals only)."""

    def on_resize(self, event: Resize) -> None:
        """Narrow or widen the layout; the reader stays full screen only while it has the keyboard."""
        narrow = event.size.width < NARROW_BELOW
        self.set_class(narrow, "-narrow")
        self.reading = narrow and self.query_one(ReadingPane).has_focus_within

    def watch_reading(self, reading: bool) -> None:
        self.set_class(reading, "-reading")

    def keep_the_keyboard(self) -> None:
        """Give the list the keyboard if nothing has it: at the start (a terminal that has not reported focus
        yet gets no auto focus), and when hits are shown again (a hidden list loses the keyboard, as it does
        while the index is built or when nothing matches)."""
        if self.focused is None:
            self.query_one(ResultList).focus()

    def action_focus_search(self) -> None:
        """Put the cursor at the end of the query in the search bar.

        A priority binding, and the focus moves at once rather than after a refresh, so that keys arriving
        in the same burst as the `/` (typed fast, or sent by a script) land in the bar. In the bar a priority
        binding on a printable key is left out by Textual, so `/` reaches `QueryInput` there.
        """
        self.reading = False
        search = self.query_one(QueryInput)
        self.set_focus(search)
        search.go_to_end()

    def action_submit_query(self) -> None:
        """Enter in the search bar: the query joins the history and the list takes the keyboard at once.

        The search bar's priority binding, with an immediate focus change like `/`: an Enter arriving in the
        same burst (a fast second Enter, keys sent by a script) then opens the highlighted article instead of
        reaching the bar again.
        """
        search = self.query_one(QueryInput)
        search.remember(search.value)
        self.set_focus(self.query_one(ResultList))

    def action_back(self) -> None:
        """Out towards the list, from wherever the keyboard is (on the list, it stays there)."""
        self.reading = False
        self.query_one(ResultList).focus()

    def action_new_search(self) -> None:
        """Clear the query and put the cursor in the empty search bar."""
        self.query_one(QueryInput).action_clear_text()
        self.action_focus_search()

    def action_toggle_filters(self) -> None:
        """Show the filter pane with the keyboard in it, or hide it and hand the keyboard to the list.

        The pane is hidden by a class, not by its own `display`: a style set on the widget would outrank the
        narrow layout's rule that the reader, once open, has the screen to itself.
        """
        if self.reading or self.has_class("-no-filters"):
            self.reading = False
            self.set_class(False, "-no-filters")
            self.query_one("#filter-source").focus()
            return
        if self.query_one(FilterPane).has_focus_within:
            self.query_one(ResultList).focus()
        self.set_class(True, "-no-filters")

    def action_help(self) -> None:
        """Show every key."""
        self.app.push_screen(
            HelpScreen(
                [
                    ("Anywhere", [*self.BINDINGS, *self.app.BINDINGS]),
                    ("Search bar", list(QueryInput.BINDINGS)),
                    ("Results", list(ResultList.BINDINGS)),
                    ("Reader", list(ReadingPane.BINDINGS)),
                    ("Timeline", list(Timeline.BINDINGS)),
                    ("Saved searches", list(SavedList.BINDINGS)),
                    ("Concordance (K)", list(ConcordanceScreen.BINDINGS)),
                    ("Palette", PALETTE_KEYS),
                ]
            )
        )
