"""The small menu a citation style is chosen in (`C`); the browser remembers the choice in the archive.

A researcher cites in one style for a whole piece of work, so `c` copies in the remembered style at once and
this menu is asked only when the style changes.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from store.cite import STYLES

STYLE_NAMES: dict[str, str] = {
    "apa": "APA (7th edition)",
    "chicago": "Chicago (notes and bibliography)",
    "mla": "MLA (9th edition)",
    "harvard": "Harvard",
    "bibtex": "BibTeX entry",
    "ris": "RIS record",
    "csl-json": "CSL-JSON item",
}
"""How the menu names each style of `store.cite.STYLES`."""

DEFAULT_STYLE = "apa"
CITE_STYLE_SETTING = "cite_style"
"""The archive setting the chosen style is kept under."""


class CiteStyleScreen(ModalScreen[str | None]):
    """Lists the citation styles with the current one highlighted; Enter chooses, Escape leaves it as it was."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: str) -> None:
        super().__init__()
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="cite-dialog") as dialog:
            dialog.border_title = "Citation style"
            yield OptionList(*(Option(STYLE_NAMES.get(style, style), id=style) for style in STYLES), id="cite-styles")
            yield Static("Enter chooses and copies · Escape cancels · kept with the archive", classes="dialog-hint")

    def on_mount(self) -> None:
        styles = self.query_one(OptionList)
        styles.highlighted = STYLES.index(self._current) if self._current in STYLES else 0
        styles.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close with the style as it was."""
        self.dismiss(None)
