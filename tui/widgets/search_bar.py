"""The search bar: the query input, the hit count and timing beside it, and one line under it for feedback.

The line under the input is where a malformed query says what is wrong (with a caret under the fault) while the
last good results stay on screen, and otherwise where the query the filters add up to is spelled out, so people
learn the syntax by clicking. Up and down in the input recall earlier queries, as in a shell.

`/` is the key that brings the cursor here (with it at the end of the query, never selecting it). Pressed in
the bar at the start of a word, where no query can use a slash, it does the same and types nothing; inside a
word it types one, because `w/5`, `NEAR/5` and `source:rfe/rl` need it.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Input, Static

from tui.messages import QueryChanged
from tui.paint_hold import PaintHold
from tui.widgets.text_field import TextField

HISTORY_LIMIT = 200


class QueryInput(TextField):
    """A `TextField` with a shell-like history on up and down, whose edits hold the paint until their results.

    An `Input` resizes its virtual (scrollable) width with every character typed, and on a plain widget that
    asks for a layout pass over the whole screen: most of a keystroke's cost in a screen this full. The bar's
    own size never depends on its text, so here the virtual size only repaints.

    Each change of the text holds the screen's paint (`PaintHold`) until the outcome of the search it starts
    is on screen (`SearchBar.release_paint`), so a keystroke is one frame, not two.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    paint_hold: PaintHold | None = None
    """Set once mounted (the initial value is set before, with no app to hold)."""

    BINDINGS = [
        Binding("enter", "screen.submit_query", "To the results", show=False, priority=True),
        Binding("up", "history(-1)", "Earlier query", show=False),
        Binding("down", "history(1)", "Later query", show=False),
        Binding("ctrl+u", "clear_text", "Clear the query", show=False),
    ]

    def __init__(self, value: str = "", *, id: str | None = None) -> None:
        super().__init__(
            value,
            placeholder='Search: words, "a phrase", source:voa, date:2007..2008, tag:starred…',
            id=id,
        )
        self.history: list[str] = []
        self._position = 0
        self._draft = ""

    def on_mount(self) -> None:
        self.paint_hold = PaintHold(self.app)

    def on_unmount(self) -> None:
        if self.paint_hold is not None:
            self.paint_hold.release()

    def watch_value(self) -> None:
        if self.paint_hold is not None:
            self.paint_hold.hold()

    def on_key(self, event: events.Key) -> None:
        """A `/` at the start of a word moves the cursor to the end instead of being typed (see the module)."""
        before = self.value[: self.cursor_position]
        if event.character == "/" and (not before or before[-1].isspace()):
            event.prevent_default()
            event.stop()
            self.go_to_end()

    def go_to_end(self) -> None:
        """Put the cursor after the last character, with nothing selected."""
        self.cursor_position = len(self.value)

    def remember(self, text: str) -> None:
        """Add a query to the history (most recent last, no repeats)."""
        text = text.strip()
        if not text:
            return
        if text in self.history:
            self.history.remove(text)
        self.history.append(text)
        del self.history[:-HISTORY_LIMIT]
        self._position = len(self.history)

    def action_history(self, step: int) -> None:
        """Step through the history; past the newest entry the unfinished query comes back."""
        if not self.history:
            return
        if self._position == len(self.history):
            self._draft = self.value
        self._position = max(0, min(self._position + step, len(self.history)))
        self.value = self._draft if self._position == len(self.history) else self.history[self._position]
        self.go_to_end()


class SearchBar(Vertical):
    """The query input with its status and feedback lines; posts `QueryChanged`."""

    DEFAULT_CSS = """
    SearchBar { height: auto; }
    SearchBar > Horizontal { height: auto; }
    """

    def __init__(self, query: str = "", *, show_timings: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self._query = query
        self._show_timings = show_timings

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static("/", id="query-prompt")
            yield QueryInput(self._query, id="query")
            yield Static("", id="search-status")
        yield Static("", id="query-note")

    @property
    def input(self) -> QueryInput:
        """The query input."""
        return self.query_one(QueryInput)

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(QueryChanged(event.value))

    def show_status(self, total: int, elapsed_ms: float, sort: str) -> None:
        """The hit count (and, unless suppressed for stable snapshots, how long the search took)."""
        words = f"{total:,} hit{'s' if total != 1 else ''}"
        if self._show_timings:
            words += f" · {elapsed_ms:.0f} ms"
        # A fixed-width status: updating it needs no layout pass, which would cost a keystroke a whole frame.
        self.query_one("#search-status", Static).update(f"{words} · by {sort}", layout=False)

    def show_error(self, text: str, message: str, position: int) -> None:
        """Say what is wrong with the query, pointing at the character at fault."""
        note = Text(no_wrap=True, overflow="ellipsis")
        note.append("✗ ", "bold")
        note.append(message)
        if 0 <= position <= len(text):
            note.append("   ")
            note.append(text[:position], "dim")
            note.append(text[position : position + 1] or " ", "reverse")
            note.append(text[position + 1 :], "dim")
        self._note(note, error=True)
        self.release_paint(after=self.query_one("#query-note"))

    def release_paint(self, *, after: Widget) -> None:
        """The outcome of the typed text is shown, last of all in `after`: paint it with the text."""
        if (hold := self.input.paint_hold) is not None:
            hold.release_after(after)

    def show_equivalent(self, query: str | None) -> None:
        """Spell out the full query the filters add up to (nothing when there are no filters)."""
        self._note(Text.assemble(("≡ ", "bold"), query, no_wrap=True, overflow="ellipsis") if query else Text(""))

    def _note(self, text: Text, *, error: bool = False) -> None:
        note = self.query_one("#query-note", Static)
        note.set_class(error, "-error")
        note.update(text, layout=False)
