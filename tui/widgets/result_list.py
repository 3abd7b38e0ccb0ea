"""The result list: two lines per hit (date, source, title; then the snippet), drawn line by line.

An archive can match 50,000 articles, so nothing here is a widget per row: this is a line-API `ScrollView` that
renders only the lines on screen, over however many hits have been loaded. The screen loads hits a page at a time
and this widget asks for the next page (`MoreResultsRequested`) when the cursor or the scroll position nears the
end of what it holds.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.events import Click
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store.search import Hit
from tui.messages import ArticleHighlighted, ArticleSelected, MoreResultsRequested

SOURCE_COLUMN_FROM = 72
"""Row width (cells) from which the source gets a column of its own; below it, it leads the snippet line."""
ROW_HEIGHT = 2
PREFETCH_ROWS = 40
"""Ask for the next page when the cursor or the view is this many hits from the end of what is loaded."""


class ResultList(ScrollView, can_focus=True):
    """A virtual list of search hits with a cursor; Enter (or a double click) opens the hit."""

    DEFAULT_CSS = """
    ResultList {
        overflow-x: hidden;
    }
    """

    COMPONENT_CLASSES = {
        "result-list--cursor",
        "result-list--date",
        "result-list--source",
        "result-list--snippet",
        "result-list--match",
    }

    BINDINGS = [
        Binding("enter", "open", "Read", tooltip="Open the highlighted article in the reading pane"),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)
    """Index of the highlighted hit."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.hits: list[Hit] = []
        self.total = 0
        self._requested = -1

    @property
    def highlighted(self) -> Hit | None:
        """The hit under the cursor, if any."""
        return self.hits[self.cursor] if 0 <= self.cursor < len(self.hits) else None

    def show(self, hits: tuple[Hit, ...], total: int, *, append: bool = False) -> None:
        """Replace the hits (or add a further page of them) and repaint."""
        if append:
            self.hits.extend(hits)
        else:
            self.hits = list(hits)
            self._requested = -1
            self.scroll_to(y=0, animate=False, immediate=True)
        self.total = total
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.hits) * ROW_HEIGHT)
        if not append:
            self.cursor = 0
        self.refresh()

    def select_id(self, article_id: str) -> bool:
        """Move the cursor onto the hit with this id, if it is loaded."""
        for index, hit in enumerate(self.hits):
            if hit.id == article_id:
                self.cursor = index
                return True
        return False

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self.hits) - 1))

    def watch_cursor(self, cursor: int) -> None:
        self.scroll_to_region(
            Region(0, cursor * ROW_HEIGHT, self.scrollable_content_region.width, ROW_HEIGHT),
            animate=False,
            immediate=True,
        )
        self.refresh()
        self.post_message(ArticleHighlighted(self.highlighted))
        self._prefetch(cursor)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._prefetch(int(new + self.size.height) // ROW_HEIGHT)

    def _prefetch(self, row: int) -> None:
        loaded = len(self.hits)
        if loaded < self.total and row >= loaded - PREFETCH_ROWS and self._requested != loaded:
            self._requested = loaded
            self.post_message(MoreResultsRequested(loaded))

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.hits) * ROW_HEIGHT)

    def render_line(self, y: int) -> Strip:
        line = y + int(self.scroll_offset.y)
        index, row = divmod(line, ROW_HEIGHT)
        width = self.scrollable_content_region.width
        if index >= len(self.hits):
            return Strip.blank(width, self.rich_style)
        base = self.rich_style
        if index == self.cursor:
            base = base + self.get_component_rich_style("result-list--cursor")
        text = self._heading(self.hits[index], base) if row == 0 else self._snippet(self.hits[index], base)
        text.truncate(width, overflow="ellipsis", pad=True)
        return Strip(text.render(self.app.console), width)

    @property
    def _source_column(self) -> bool:
        """Whether rows are wide enough for a source column; narrower rows keep the width for the title."""
        return self.scrollable_content_region.width >= SOURCE_COLUMN_FROM

    def _heading(self, hit: Hit, base: Style) -> Text:
        text = Text(style=base, no_wrap=True, end="")
        text.append(f" {hit.date or 'undated':<10} ", self._color("result-list--date"))
        if self._source_column:
            text.append(f"{(hit.source or '—')[:14]:<14} ", self._color("result-list--source"))
        text.append(hit.title, Style(bold=True))
        return text

    def _snippet(self, hit: Hit, base: Style) -> Text:
        snippet = Text("   ", style=base, no_wrap=True, end="")
        if not self._source_column and hit.source:
            snippet.append(f"{hit.source} · ", self._color("result-list--source"))
        start_of_snippet = len(snippet)
        snippet.append(hit.snippet, self._color("result-list--snippet"))
        match_style = self.get_component_rich_style("result-list--match")
        for start, end in hit.highlights:
            snippet.stylize(match_style, start + start_of_snippet, end + start_of_snippet)
        return snippet

    def _color(self, name: str) -> Style:
        """Only the foreground of a component style, so the row's own background (cursor or not) shows."""
        style = self.get_component_rich_style(name)
        return Style(color=style.color, bold=style.bold, italic=style.italic)

    def on_click(self, event: Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (offset.y + int(self.scroll_offset.y)) // ROW_HEIGHT
        if index < len(self.hits):
            self.cursor = index
            if event.chain >= 2:
                self.action_open()

    def action_open(self) -> None:
        """Open the highlighted hit."""
        if (hit := self.highlighted) is not None:
            self.post_message(ArticleSelected(hit.id))

    def action_cursor_down(self) -> None:
        """Highlight the next hit."""
        self.cursor += 1

    def action_cursor_up(self) -> None:
        """Highlight the previous hit."""
        self.cursor -= 1

    def action_page_down(self) -> None:
        """Move down a screenful."""
        self.cursor += max(1, self.size.height // ROW_HEIGHT)

    def action_page_up(self) -> None:
        """Move up a screenful."""
        self.cursor -= max(1, self.size.height // ROW_HEIGHT)

    def action_first(self) -> None:
        """Highlight the first hit."""
        self.cursor = 0

    def action_last(self) -> None:
        """Highlight the last hit loaded so far."""
        self.cursor = len(self.hits) - 1
