"""The `?` screen: every key of the browser, grouped by where it works.

The table is built from the widgets' own `BINDINGS` (the browser passes them in, hidden vim aliases
included), so it cannot drift from what the keys really do.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

Sections = list[tuple[str, list[BindingType]]]


class HelpScreen(ModalScreen[None]):
    """Lists every key; Escape or ? closes it (q quits, as it does everywhere outside a text field)."""

    BINDINGS = [Binding("escape,question_mark,f1", "close", "Close", key_display="esc")]

    def __init__(self, sections: Sections) -> None:
        super().__init__()
        self._sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help") as scroll:
            scroll.border_title = "Keys"
            scroll.border_subtitle = "Escape closes"
            yield Static(self._table())

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for title, bindings in self._sections:
            table.add_row(Text(title, style="underline"), "")
            merged: dict[str, list[str]] = {}
            for binding in bindings:
                if not isinstance(binding, Binding):
                    continue
                description = binding.tooltip or binding.description
                keys = binding.key_display or ", ".join(
                    self.app.get_key_display(Binding(key, binding.action)) for key in binding.key.split(",")
                )
                merged.setdefault(description, []).append(keys)
            for description, key_names in merged.items():
                table.add_row(" / ".join(key_names), description)
            table.add_row("", "")
        return table

    def action_close(self) -> None:
        """Back to the browser."""
        self.dismiss(None)
