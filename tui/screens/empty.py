"""The first thing a new user sees when there is nothing to browse yet: how to import, as a command to copy."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

IMPORT_COMMAND = "newsdesk import PATH..."


class EmptyArchiveScreen(Screen[None]):
    """No archive yet (or an empty one): says how to make one."""

    BINDINGS = [
        Binding("y", "copy", "Copy command", tooltip="Copy the import command to the clipboard"),
        Binding("q,escape", "app.quit", "Quit"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path

    def compose(self) -> ComposeResult:
        with Middle(), Center(), Vertical(id="empty-archive") as box:
            box.border_title = "newsdesk"
            yield Static(Text("No articles to browse yet.", style="bold"), classes="empty-heading")
            yield Static(Text(f"There is no archive with articles at {self._path}."))
            yield Static("Import a folder of article files (recursively) with:")
            yield Static(Text(IMPORT_COMMAND), id="import-command")
            yield Static(
                Text(f"For this archive: newsdesk --db {self._path} import PATH...", style="dim"),
                id="import-command-db",
            )
            yield Static("then run newsdesk again.")
        yield Footer()

    def action_copy(self) -> None:
        """Copy the import command."""
        self.app.copy_to_clipboard(IMPORT_COMMAND)
        self.notify("Copied", timeout=1.5)
