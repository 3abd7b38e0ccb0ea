"""The timeline: a sparkline of hits per month for the current query, with its first and last month labelled.

Months come from the index's month aggregation (`Facets.months`, which leaves out empty months); the gaps are
filled with zeros so the x axis is time. When there are more months than columns, each column covers several
months. Clicking a bar, or moving the cursor with left/right and pressing Enter, narrows the search to the months
under it.

Compared (`T` in the browser), the saved searches get a row of bars each under the query's, labelled with their
names, all on one axis: every month from the first with a hit in any row to the last, each row scaled to its
own peak, so that when each was written about lines up column by column. The names are the user's: drawn as
`Text`, never read as markup.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.events import Click
from textual.reactive import reactive
from textual.widget import Widget

from store.search.trend import Trend, every_period
from tui.messages import DateRangeChanged
from tui.trend import sparkline

LABEL_WIDTH = 10
"""Most cells a compared row's name takes (a longer one is cut with …): the rest of the narrow pane is bars."""
QUERY_LABEL = "(query)"
"""What the current query's row is called while the saved searches are compared with it."""


def bars(counts: list[int], style: Style, cursor: int = -1, cursor_style: Style | None = None) -> Text:
    """A row of bars (`sparkline`), the one under the keyboard cursor in `cursor_style`."""
    line = Text(no_wrap=True)
    for index, bar in enumerate(sparkline(counts)):
        line.append(bar, cursor_style if index == cursor and cursor_style is not None else style)
    return line


class Timeline(Widget, can_focus=True):
    """Hits per month as bars; posts `DateRangeChanged` for the months of the chosen bar."""

    DEFAULT_CSS = """
    Timeline { height: 2; }
    """

    COMPONENT_CLASSES = {"timeline--bar", "timeline--cursor", "timeline--label"}

    BINDINGS = [
        Binding("left,h", "move(-1)", "Earlier", show=False),
        Binding("right,l", "move(1)", "Later", show=False),
        Binding("enter", "choose", "Narrow to bar", tooltip="Search only the months under the cursor"),
    ]

    months: reactive[tuple[tuple[str, int], ...]] = reactive((), always_update=True)
    """(`YYYY-MM`, hits) for every month with hits, ascending."""
    cursor: reactive[int] = reactive(-1)
    """The column under the keyboard cursor; -1 until the user moves it."""

    compared: reactive[Trend | None] = reactive(None, always_update=True)
    """The saved searches' hits per month, a row of bars each under the query's; None when not comparing."""

    def _axis(self) -> list[str]:
        """Every month from the first with a hit in any row on show to the last."""
        ends = [self.months[0][0], self.months[-1][0]] if self.months else []
        if self.compared is not None and self.compared.periods:
            ends += [self.compared.periods[0], self.compared.periods[-1]]
        return every_period(min(ends), max(ends), "month") if ends else []

    def _label_width(self) -> int:
        """Cells left of the bars: the longest row name (cut at `LABEL_WIDTH`) and a space; none unless comparing."""
        if self.compared is None:
            return 0
        return min(LABEL_WIDTH, max(cell_len(name) for name in (QUERY_LABEL, *self.compared.names))) + 1

    def _columns(self) -> list[tuple[list[str], int]]:
        """(months, hits of the query) per column, as many columns as fit beside the labels."""
        every = self._axis()
        if not every:
            return []
        counts = dict(self.months)
        per_column = -(-len(every) // max(1, self.size.width - self._label_width()))
        columns = []
        for start in range(0, len(every), per_column):
            chunk = every[start : start + per_column]
            columns.append((chunk, sum(counts.get(month, 0) for month in chunk)))
        return columns

    def render(self) -> Text:
        columns = self._columns()
        if not columns:
            return Text("no dated hits", style="dim")
        bar_style = self.get_component_rich_style("timeline--bar")
        label_style = self.get_component_rich_style("timeline--label")
        cursor = self.cursor if self.has_focus else -1
        query_bars = bars(
            [count for _, count in columns], bar_style, cursor, self.get_component_rich_style("timeline--cursor")
        )
        rows = [query_bars]
        width = self._label_width()
        if self.compared is not None:
            rows = [_labelled(QUERY_LABEL, query_bars, width, label_style + Style(italic=True))]
            periods = self.compared.periods
            for name, series in zip(self.compared.names, self.compared.counts, strict=True):
                counts = dict(zip(periods, series, strict=True))
                row = bars([sum(counts.get(month, 0) for month in chunk) for chunk, _ in columns], bar_style)
                rows.append(_labelled(name, row, width, label_style))
        first, last = columns[0][0][0], columns[-1][0][-1]
        if self.cursor >= 0 and self.has_focus:
            chosen = columns[min(self.cursor, len(columns) - 1)]
            axis = self._describe(chosen[0], chosen[1])
        elif first == last:
            axis = first
        else:
            axis = first + " " * max(1, len(query_bars) - len(first) - len(last)) + last
        # Under the bars, or reaching left under the names when the bars are too few for the dates.
        indent = max(0, min(width, width + len(query_bars) - len(axis)))
        labels = Text(" " * indent + axis, no_wrap=True, style=label_style)
        return Text("\n", no_wrap=True).join([*rows, labels])

    @staticmethod
    def _describe(months: list[str], count: int) -> str:
        span = months[0] if len(months) == 1 else f"{months[0]}..{months[-1]}"
        return f"{span}: {count:,}"

    def watch_months(self) -> None:
        self.cursor = -1

    def watch_compared(self, compared: Trend | None) -> None:
        """A new axis: the cursor's column may now cover other months; compared rows need the height."""
        self.cursor = -1
        self.set_class(compared is not None, "-comparing")

    def action_move(self, step: int) -> None:
        """Move the cursor one bar earlier or later; with no cursor yet, left lands on the last bar, right on
        the first."""
        columns = self._columns()
        if columns:
            start = len(columns) if self.cursor < 0 and step < 0 else self.cursor
            self.cursor = max(0, min(start + step, len(columns) - 1))

    def action_choose(self) -> None:
        """Narrow the search to the months of the bar under the cursor."""
        columns = self._columns()
        if columns and self.cursor >= 0:
            months = columns[min(self.cursor, len(columns) - 1)][0]
            self.post_message(DateRangeChanged(months[0], months[-1]))

    def on_click(self, event: Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y != 0:
            return
        column = offset.x - self._label_width()
        if 0 <= column < len(self._columns()):
            self.cursor = column
            self.action_choose()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


def _labelled(name: str, row: Text, width: int, style: Style) -> Text:
    """A compared row: its name, cut with … or padded to `width` cells, then its bars."""
    line = Text(name, style=style, no_wrap=True)
    line.truncate(width - 1, overflow="ellipsis", pad=True)
    line.append(" ")
    return line.append_text(row)
