"""The concordance view: every occurrence of the current query's words, one line each, aligned on the match.

The lines come from `store.search.kwic` in date order (newest article first), a screenful and a few more at a
time: a thread worker takes the next lines from the one generator the screen holds, and the list asks for more
when its cursor or its scroll position comes within a screenful of the end. Only one worker pulls at a time (the
screen tracks it), because a generator cannot be resumed from two threads. The view keeps date order: the other
orders (`newsdesk kwic --sort`) need every line first, which is what the first screen must not wait for.

Enter closes the view with the chosen line, and the browser opens its article scrolled to that occurrence; `e`
writes every line (not only those loaded) to a CSV or text file, from a fresh concordance of its own. Lines are
drawn as Rich `Text` from the same layout the command line uses, never read as markup.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from store.archive import Archive
from store.query.tree import Query
from store.search.highlight import Highlighter
from store.search.kwic import KwicLine, concordance
from store.search.kwic_layout import MIN_WIDTH, Layout, write_lines
from tui.messages import ArticleSelected, ConcordanceLoaded, ConcordanceShown
from tui.paint_hold import PaintHold
from tui.screens.dialogs import KwicExportRequest, KwicExportScreen
from tui.screens.state import SearchState
from tui.widgets.key_footer import KeyFooter
from tui.widgets.reading_pane import ReadingPane

EXPORT_WIDTH = 100
"""Cells per line of a text export: what `newsdesk kwic` prints on a pipe."""
FIRST_PAINT_HOLD = 0.1
"""The longest the screen waits for its first lines before it is painted without them: the budget for them."""
EXTRA_LINES = 10
"""How near the end of the lines loaded the cursor or the view's bottom may come before more are fetched; each
fetch after the first screen brings a screenful and twice this, so a few steps of the cursor need no wait."""


class KwicList(OptionList):
    """The concordance's lines; asks its screen for more when the cursor or the view nears the end."""

    COMPONENT_CLASSES = OptionList.COMPONENT_CLASSES | {"kwic-list--match", "kwic-list--lead"}

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._reached(int(new) + self.size.height)

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self._reached(highlighted or 0)

    def on_resize(self) -> None:
        if isinstance(self.screen, ConcordanceScreen):
            self.screen.lay_out_again()

    def _reached(self, line: int) -> None:
        if self.size.height and isinstance(self.screen, ConcordanceScreen):  # not before it is laid out
            self.screen.want_lines(line)


class ConcordanceScreen(Screen[KwicLine | None]):
    """The concordance of one query; dismissed with the line chosen (Enter) or None (Escape)."""

    BINDINGS = [
        Binding("escape", "close", "Back", tooltip="Back to the browser"),
        Binding("enter", "open", "Read", tooltip="Read the article at this occurrence"),
        Binding("e", "export", "Export", tooltip="Write every line of the concordance to a csv or txt file"),
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
    ]

    def __init__(self, archive: Archive, query: Query, text: str) -> None:
        """`query` is the tree the browser searched; `text` how it is written, for the title and the export."""
        super().__init__()
        self.archive = archive
        self.query_tree = query
        self.query_text = text
        self.lines: list[KwicLine] = []
        self.finished = False
        self._found: Iterator[KwicLine] = concordance(archive, query)
        self._loading = False
        self._announced = False
        """Whether the first lines (or that there are none) were announced with `ConcordanceShown`."""
        self._width = 0
        self._paint_hold = PaintHold(self.app, FIRST_PAINT_HOLD)
        """Holds the screen's first paint until its first lines are in: one frame, not an empty one and then
        the lines 17 to 33 ms later (see `tui.paint_hold`); its deadline shows the screen if they are slow."""

    def compose(self) -> ComposeResult:
        yield Static("", id="kwic-status")
        yield KwicList(id="kwic-lines")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(KwicList).border_title = Text(f"Concordance · {self.query_text}")
        self._show_status()
        self._paint_hold.hold()
        self.want_lines(0)  # at once, as the screen is drawn: `_fill` fetches more if the list is taller

    def _fill(self) -> None:
        """Fetch lines until the view is full and a little more."""
        self.want_lines(self.query_one(KwicList).size.height)

    def want_lines(self, line: int) -> None:
        """Fetch the next lines when line number `line` (the cursor's, or the view's bottom) is near the end of
        those loaded, unless all are loaded or a fetch is under way."""
        kwic = self.query_one(KwicList)
        if self.finished or self._loading or line < kwic.option_count - EXTRA_LINES:
            return
        self._loading = True
        screenful = kwic.size.height or self.app.size.height  # the terminal's height until the list is laid out
        self._fetch(screenful + (2 * EXTRA_LINES if self.lines else 0))  # the first screen first

    @work(thread=True, group="kwic", description="Finding occurrences")
    def _fetch(self, wanted: int) -> None:
        lines = tuple(itertools.islice(self._found, wanted))
        if not get_current_worker().is_cancelled:
            self.post_message(ConcordanceLoaded(lines, len(lines) < wanted))

    def on_concordance_loaded(self, event: ConcordanceLoaded) -> None:
        self._loading = False
        self.finished = event.finished
        self.lines.extend(event.lines)
        kwic = self.query_one(KwicList)
        layout = self._layout()
        kwic.add_options(self._option(layout, line) for line in event.lines)
        if kwic.highlighted is None and kwic.option_count:
            kwic.highlighted = 0
        if not self._announced:
            self._announced = True
            self._paint_hold.release_after(kwic)
            self.call_after_refresh(self.post_message, ConcordanceShown(kwic.option_count))
        self._show_status()
        self._fill()

    def _layout(self) -> Layout:
        """Lines as wide as the list's content (the layout's minimum on a very narrow screen)."""
        kwic = self.query_one(KwicList)
        self._width = kwic.scrollable_content_region.width or self.app.size.width - 4
        return Layout(max(MIN_WIDTH, self._width))

    def _option(self, layout: Layout, line: KwicLine) -> Option:
        row = layout.row(line)
        kwic = self.query_one(KwicList)
        prompt = Text(row.plain, no_wrap=True, overflow="ellipsis")
        prompt.stylize(kwic.get_component_rich_style("kwic-list--lead"), 0, len(row.lead))
        prompt.stylize(
            kwic.get_component_rich_style("kwic-list--match"), row.match_offset, row.match_offset + len(row.match)
        )
        return Option(prompt)

    def _show_status(self) -> None:
        count = len(self.lines)
        if self.finished:
            words = f"{count:,} occurrence{'s' if count != 1 else ''}" if count else "No occurrences in the text."
        else:
            words = f"{count:,} occurrences so far · more as you scroll"
        self.query_one("#kwic-status", Static).update(Text(f"{words} · newest first · Enter reads · e exports"))

    def lay_out_again(self) -> None:
        """Lay the lines out again for the list's new width, keeping the cursor where it was."""
        kwic = self.query_one(KwicList)
        if not self.lines or kwic.scrollable_content_region.width == self._width:
            return
        highlighted = kwic.highlighted
        layout = self._layout()
        kwic.clear_options()
        kwic.add_options(self._option(layout, line) for line in self.lines)
        kwic.highlighted = highlighted

    @on(OptionList.OptionSelected, "#kwic-lines")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.lines[event.option_index])

    def action_open(self) -> None:
        """Read the article of the highlighted line."""
        highlighted = self.query_one(KwicList).highlighted
        if highlighted is not None:
            self.dismiss(self.lines[highlighted])

    def action_cursor(self, step: int) -> None:
        """`j` / `k`: the cursor down or up, as in the result list."""
        kwic = self.query_one(KwicList)
        if step > 0:
            kwic.action_cursor_down()
        else:
            kwic.action_cursor_up()

    def action_close(self) -> None:
        """Back to the browser, where it was."""
        self.dismiss(None)

    def action_export(self) -> None:
        """Ask for a file and a format, then write every line of the concordance there."""
        if self.finished and not self.lines:
            self.notify("Nothing to export", severity="warning", timeout=2)
            return
        self.app.push_screen(KwicExportScreen(self.query_text, Path.cwd() / "concordance.csv"), self._export)

    def _export(self, request: KwicExportRequest | None) -> None:
        if request is not None:
            self._write(request)

    @work(thread=True, group="kwic-export", description="Exporting the concordance")
    def _write(self, request: KwicExportRequest) -> None:
        try:
            written = write_lines(
                concordance(self.archive, self.query_tree), request.format, request.path, EXPORT_WIDTH
            )
        except OSError as error:
            note = f"Export failed: {request.path}: {error.strerror or error}"
            self.app.call_from_thread(self.notify, note, severity="error", markup=False)
            return
        note = f"Exported {written:,} line{'s' if written != 1 else ''} to {request.path}"
        self.app.call_from_thread(self.notify, note, title="Export", markup=False)


class ConcordanceOpening(Screen[None]):
    """The browser's side of the view: `K` opens it on the query searched, and a line chosen there opens its
    article in the reader at that occurrence. A mixin of `BrowserScreen`, which binds the key."""

    archive: Archive
    state: var[SearchState]
    _query_tree: Query | None

    def action_concordance(self) -> None:
        """Show every occurrence of the query's words."""
        tree = self._query_tree
        if tree is None or Highlighter.for_query(tree) is None:
            self.notify("Type words to look for first: the concordance lists where they stand", timeout=3)
            return
        self.app.push_screen(ConcordanceScreen(self.archive, tree, self.state.query_text()), self._occurrence_chosen)

    def _occurrence_chosen(self, line: KwicLine | None) -> None:
        if line is not None:
            self.query_one(ReadingPane).reveal(line.id, line.start)
            self.post_message(ArticleSelected(line.id))
