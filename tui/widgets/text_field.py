"""The one kind of text input the browser uses: the query bar, the date range and every dialog's field.

Textual's `Input` selects all of its text when it gains focus, so the next key replaces it: a query, a folder or
a date typed earlier is lost to a single keystroke the user did not mean as "clear". A `TextField` leaves the
text and the cursor alone on focus, and only `ctrl+u` clears it, wherever the cursor is.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.suggester import Suggester
from textual.widgets import Input


class TextField(Input):
    """An `Input` that never selects its text on focus; `ctrl+u` clears all of it."""

    BINDINGS = [Binding("ctrl+u", "clear_text", "Clear the field", show=False)]

    def __init__(
        self,
        value: str | None = None,
        placeholder: str = "",
        *,
        max_length: int = 0,
        suggester: Suggester | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(value, placeholder, max_length=max_length, suggester=suggester, select_on_focus=False, id=id)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """A field types `/` too. Textual asks this with the character worked out from the key's name, and for
        `slash` finds none (it looks for a character named SLASH; `/` is SOLIDUS), so without this the
        browser's priority binding on `/` would take the key from every field."""
        return key == "slash" or super().check_consume_key(key, character)

    def action_clear_text(self) -> None:
        """Empty the field (Textual's own `ctrl+u` deletes only what is left of the cursor)."""
        self.value = ""
