"""The result list: two lines per hit (the star mark, the title and the date; then the source and the snippet),
drawn line by line.

The title comes first and has every cell the row does not need for the date, which sits flush right (an undated
article leaves it blank and gives the title those cells too); the source leads the snippet line, where it costs
the title nothing. In a row too narrow for both (the three-pane layout of a 120-column terminal) the date joins
the source there.

An archive can match 50,000 articles, so nothing here is a widget per row: this is a line-API `ScrollView` that
renders only the lines on screen, over however many hits have been loaded. The screen loads hits a page at a time
(`page_size`: a screenful and a few more, as every hit loaded costs a keystroke its snippet) and this widget asks
for the next page (`MoreResultsRequested`) when the cursor or the scroll position comes within a screenful of the
end of what it holds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.control import strip_control_codes
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.events import Click
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store.search.view import Hit
from tui.messages import ArticleHighlighted, ArticleSelected, MoreResultsRequested

ROW_HEIGHT = 2
STAR = "★"
INDENT = 3
"""Cells before the title (a space, the star mark, a space) and before the snippet under it."""
DATE_BESIDE_TITLE_FROM = 48
"""Row width (cells) from which the date sits beside the title; below it, it leads the snippet line."""
ELLIPSIS = "…"
PAGE_EXTRA = 8
"""Hits loaded beyond a screenful, so a few steps of the cursor need no further page."""
MIN_PAGE = 20
"""The smallest page, for a short list (at 80 by 24 the list shows nine hits)."""


@dataclass(frozen=True)
class _Palette:
    """The styles one row is drawn with, each already combined with the row's background."""

    base: Style
    star: Style
    date: Style
    source: Style
    title: Style
    snippet: Style
    match: Style


def _printable(text: str) -> str:
    """`text` without the control codes Rich would strip from a `Text` (these rows are drawn from segments)."""
    return strip_control_codes(text)


def _fit(segments: list[Segment], width: int, style: Style) -> Strip:
    """A row exactly `width` cells wide: padded with `style`, or cut with an ellipsis where it is too long."""
    strip = Strip(segments)
    if strip.cell_length > width:
        if width < 1:
            return Strip.blank(0)
        cut = list(strip.crop(0, width - 1))
        strip = Strip([*cut, Segment(ELLIPSIS, cut[-1].style if cut else style)])
    return strip.extend_cell_length(width, style)


class ResultList(ScrollView, can_focus=True):
    """A virtual list of search hits with a cursor; Enter (or a double click) opens the hit."""

    DEFAULT_CSS = """
    ResultList {
        overflow-x: hidden;
    }
    """

    COMPONENT_CLASSES = {
        "result-list--cursor",
        "result-list--star",
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
        self._palettes: dict[bool, _Palette] = {}

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

    def show_tags(self, article_id: str, tags: tuple[str, ...]) -> None:
        """Update the star mark of an article whose tags changed (its row, if loaded, repaints)."""
        starred = "starred" in tags
        for index, hit in enumerate(self.hits):
            if hit.id == article_id and hit.starred != starred:
                self.hits[index] = replace(hit, starred=starred)
                self.refresh()

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

    @property
    def page_size(self) -> int:
        """How many hits to load at a time: a screenful and a few more (the terminal's height until laid out)."""
        return max(MIN_PAGE, self._screenful + PAGE_EXTRA)

    @property
    def _screenful(self) -> int:
        return (self.size.height or self.app.size.height) // ROW_HEIGHT

    def _prefetch(self, row: int) -> None:
        loaded = len(self.hits)
        if loaded < self.total and row >= loaded - self._screenful and self._requested != loaded:
            self._requested = loaded
            self.post_message(MoreResultsRequested(loaded))

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.hits) * ROW_HEIGHT)
        self._prefetch(self.cursor)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._palettes.clear()

    def render_line(self, y: int) -> Strip:
        line = y + int(self.scroll_offset.y)
        index, row = divmod(line, ROW_HEIGHT)
        width = self.scrollable_content_region.width
        palette = self._palette(index == self.cursor)
        if index >= len(self.hits):
            return Strip.blank(width, palette.base)
        hit = self.hits[index]
        segments = self._heading(hit, palette, width) if row == 0 else self._snippet(hit, palette, width)
        return _fit(segments, width, palette.base)

    def _palette(self, cursor: bool) -> _Palette:
        """The styles of a row (under the cursor or not), worked out once per change of style or theme."""
        if cursor not in self._palettes:
            base = self.rich_style
            if cursor:
                base += self.get_component_rich_style("result-list--cursor")
            snippet = base + self._color("result-list--snippet")
            self._palettes[cursor] = _Palette(
                base=base,
                star=base + self._color("result-list--star"),
                date=base + self._color("result-list--date"),
                source=base + self._color("result-list--source"),
                title=base + Style(bold=True),
                snippet=snippet,
                match=snippet + self.get_component_rich_style("result-list--match"),
            )
        return self._palettes[cursor]

    def _heading(self, hit: Hit, palette: _Palette, width: int) -> list[Segment]:
        """The star mark, the title cut to the room left, and the date flush right (blank when undated)."""
        mark = Segment(f" {STAR if hit.starred else ' '} ", palette.star)
        beside = hit.date is not None and width >= DATE_BESIDE_TITLE_FROM
        date = Segment(f" {hit.date} ", palette.date) if beside else Segment(" ", palette.base)
        room = max(0, width - INDENT - date.cell_length)
        title = _fit([Segment(_printable(hit.title), palette.title)], room, palette.base)
        return [mark, *title, date]

    def _snippet(self, hit: Hit, palette: _Palette, width: int) -> list[Segment]:
        segments = [Segment(" " * INDENT, palette.base)]
        if hit.date and width < DATE_BESIDE_TITLE_FROM:
            segments.append(Segment(f"{hit.date} · ", palette.date))
        if hit.source:
            segments.append(Segment(f"{_printable(hit.source)} · ", palette.source))
        text, done = hit.snippet, 0
        for start, end in hit.highlights:
            segments.append(Segment(_printable(text[done:start]), palette.snippet))
            segments.append(Segment(_printable(text[start:end]), palette.match))
            done = end
        segments.append(Segment(_printable(text[done:]), palette.snippet))
        return segments

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
