"""The small modal questions the browser asks: a name for a saved search, tags for an article, what to export
(articles, or the concordance's lines).

Each one returns its answer through `dismiss` (None when cancelled with Escape) and leaves the work to the
browser screen, which runs it in a worker. Their fields are `TextField`s, so focusing one never selects its text
(the export folder is not replaced by the first key typed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from store.export import FORMATS, ExportFormat
from store.search.kwic_layout import KWIC_FORMATS, KwicFormat
from tui.widgets.text_field import TextField

AnswerT = TypeVar("AnswerT")


class _Dialog(ModalScreen[AnswerT | None]):
    """Escape cancels any dialog."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)


NameT = TypeVar("NameT", bound=str)


def pressed_name(radio_set: RadioSet, names: Iterable[NameT], prefix: str, default: NameT) -> NameT:
    """The name of the radio button pressed in `radio_set`, whose ids are `prefix` and a name."""
    pressed = radio_set.pressed_button
    return next((name for name in names if pressed is not None and pressed.id == f"{prefix}{name}"), default)


def export_buttons(prefix: str = "") -> ComposeResult:
    """The Export and Cancel buttons that close every export dialog."""
    with Horizontal(classes="dialog-buttons"):
        yield Button("Export", variant="primary", id=f"{prefix}export")
        yield Button("Cancel", id=f"{prefix}cancel")


class SaveSearchScreen(_Dialog[str]):
    """Asks for a name to save the current query under."""

    def __init__(self, query: str) -> None:
        super().__init__()
        self._query = query

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = "Save search"
            yield Static(Text.assemble(("Query  ", "bold"), self._query))
            yield TextField(placeholder="name, e.g. shield talks", id="name")
            yield Static("Enter saves · Escape cancels", classes="dialog-hint")

    @on(Input.Submitted, "#name")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())


class LastWordSuggester(Suggester):
    """Completes the word being typed from the tags the archive already has."""

    def __init__(self, known: tuple[str, ...]) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self._known = known

    async def get_suggestion(self, value: str) -> str | None:
        head, _, word = value.rpartition(" ")
        sign = "-" if word.startswith("-") else ""
        stem = word.removeprefix("-")
        if not stem:
            return None
        for tag in self._known:
            if tag.startswith(stem) and tag != stem:
                return f"{head} {sign}{tag}".lstrip() if head else f"{sign}{tag}"
        return None


class TagScreen(_Dialog[str]):
    """Asks for tags to add, or (written `-tag`) to remove, with completion of the tags already in use."""

    def __init__(self, title: str, tags: tuple[str, ...], known: tuple[str, ...]) -> None:
        super().__init__()
        self._title = title
        self._tags = tags
        self._known = known

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = "Tags"
            yield Static(Text(self._title, style="bold"))
            yield Static(Text("Now: " + (" ".join(f"#{tag}" for tag in self._tags) or "no tags")), id="tags-now")
            yield TextField(
                placeholder="tags separated by spaces; -tag removes one",
                id="tags",
                suggester=LastWordSuggester(self._known),
            )
            yield Static("→ accepts a completion · Enter applies · Escape cancels", classes="dialog-hint")

    @on(Input.Submitted, "#tags")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)


@dataclass(frozen=True)
class ExportRequest:
    """What the user asked to export: everything in the results or only the article, how, and where."""

    everything: bool
    format: ExportFormat
    folder: Path


class ExportScreen(_Dialog["ExportRequest"]):
    """Asks whether to export the article or all the results, in which format, and into which folder."""

    def __init__(self, title: str | None, total: int, folder: Path) -> None:
        super().__init__()
        self._title = title
        self._total = total
        self._folder = folder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = "Export"
            with Horizontal(classes="dialog-row"):
                with RadioSet(id="scope"):
                    if self._title is not None:
                        yield RadioButton(Text(f"This article: {self._title}"), value=True, id="scope-article")
                    yield RadioButton(
                        f"All {self._total:,} results",
                        value=self._title is None,
                        id="scope-all",
                        disabled=not self._total,
                    )
                with RadioSet(id="format"):
                    for name in FORMATS:
                        yield RadioButton(name, value=name == "md", id=f"format-{name}")
            yield Label("Folder")
            yield TextField(str(self._folder), id="folder")
            yield from export_buttons()

    def _request(self) -> ExportRequest | None:
        folder = self.query_one("#folder", Input).value.strip()
        if not folder:
            self.notify("Say which folder to export into", severity="warning")
            return None
        scope = self.query_one("#scope", RadioSet).pressed_button
        export_format: ExportFormat = pressed_name(self.query_one("#format", RadioSet), FORMATS, "format-", "md")
        everything = scope is not None and scope.id == "scope-all"
        return ExportRequest(everything, export_format, Path(folder).expanduser())

    @on(Button.Pressed, "#export")
    @on(Input.Submitted, "#folder")
    def _export(self) -> None:
        if (request := self._request()) is not None:
            self.dismiss(request)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class KwicExportRequest:
    """Where to write the concordance's lines, and as what."""

    format: KwicFormat
    path: Path


class KwicExportScreen(_Dialog["KwicExportRequest"]):
    """Asks for the file to write the concordance's lines to, as CSV or as text; the format names the suffix."""

    def __init__(self, query: str, path: Path) -> None:
        super().__init__()
        self._query = query
        self._path = path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = "Export the concordance"
            yield Static(Text.assemble(("Every line of  ", "bold"), self._query))
            with RadioSet(id="kwic-format"):
                for name in KWIC_FORMATS:
                    yield RadioButton(name, value=name == "csv", id=f"kwic-format-{name}")
            yield Label("File")
            yield TextField(str(self._path), id="kwic-file")
            yield from export_buttons("kwic-")

    def _format(self) -> KwicFormat:
        return pressed_name(self.query_one("#kwic-format", RadioSet), KWIC_FORMATS, "kwic-format-", "csv")

    @on(RadioSet.Changed, "#kwic-format")
    def _format_changed(self) -> None:
        """A file still named for the other format follows the choice (`lines.csv` becomes `lines.txt`)."""
        field = self.query_one("#kwic-file", Input)
        path = Path(field.value)
        if path.suffix.lstrip(".") in KWIC_FORMATS:
            field.value = str(path.with_suffix(f".{self._format()}"))

    @on(Button.Pressed, "#kwic-export")
    @on(Input.Submitted, "#kwic-file")
    def _export(self) -> None:
        file = self.query_one("#kwic-file", Input).value.strip()
        if not file:
            self.notify("Say which file to write", severity="warning")
            return
        self.dismiss(KwicExportRequest(self._format(), Path(file).expanduser()))

    @on(Button.Pressed, "#kwic-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)
