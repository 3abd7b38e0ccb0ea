"""The pane a note is written in: several paragraphs about one article, saved with ctrl+s.

A note can be minutes of someone's thinking, so nothing typed is thrown away by a stray key: Escape on a changed
note only turns the hint under it into a warning, and a second Escape is what discards it. The text goes to a
`TextArea`, which never reads markup, and the article's title is shown as `Text`.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

HINT = "ctrl+s saves · Escape cancels · an empty note is removed"
DISCARD_WARNING = "The note has changes: ctrl+s saves them, Escape again throws them away."


class NoteScreen(ModalScreen[str | None]):
    """Edits an article's note; dismissed with the text to save, or None when the user walked away."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self._title = title
        self._note = note
        self._warned = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="note-dialog") as dialog:
            dialog.border_title = "Note"
            yield Static(Text(self._title, style="bold"), id="note-article")
            yield TextArea(self._note, soft_wrap=True, tab_behavior="focus", id="note-text")
            yield Static(HINT, classes="dialog-hint", id="note-hint")

    def on_mount(self) -> None:
        editor = self.query_one(TextArea)
        editor.focus()
        editor.move_cursor(editor.document.end)

    @property
    def text(self) -> str:
        """What the editor holds now."""
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        """Hand the text back to be saved (the archive trims it, and an empty one removes the note)."""
        self.dismiss(self.text)

    def action_cancel(self) -> None:
        """Close without saving; a changed note needs a second Escape."""
        if self.text.strip() != self._note.strip() and not self._warned:
            self._warned = True
            hint = self.query_one("#note-hint", Static)
            hint.update(DISCARD_WARNING)
            hint.add_class("-warning")
            return
        self.dismiss(None)
