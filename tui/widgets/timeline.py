"""The timeline: a sparkline of hits per month for the current query, with its first and last month labelled.

Months come from the index's month aggregation (`Facets.months`, which leaves out empty months); the gaps are
filled with zeros so the x axis is time. When there are more months than columns, each column covers several
months. Clicking a bar, or moving the cursor with left/right and pressing Enter, narrows the search to the months
under it.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.events import Click
from textual.reactive import reactive
from textual.widget import Widget

from tui.messages import DateRangeChanged

BARS = " ▁▂▃▄▅▆▇█"


def month_range(first: str, last: str) -> list[str]:
    """Every `YYYY-MM` from `first` to `last`, inclusive."""
    year, month = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


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

    def _columns(self) -> list[tuple[list[str], int]]:
        """(months, hits) per column, as many columns as fit."""
        if not self.months:
            return []
        counts = dict(self.months)
        every = month_range(self.months[0][0], self.months[-1][0])
        width = max(1, self.size.width)
        per_column = -(-len(every) // width)
        columns = []
        for start in range(0, len(every), per_column):
            chunk = every[start : start + per_column]
            columns.append((chunk, sum(counts.get(month, 0) for month in chunk)))
        return columns

    def render(self) -> Text:
        columns = self._columns()
        if not columns:
            return Text("no dated hits", style="dim")
        peak = max(count for _, count in columns) or 1
        bar_style = self.get_component_rich_style("timeline--bar")
        cursor_style = self.get_component_rich_style("timeline--cursor")
        bars = Text(no_wrap=True)
        for index, (_, count) in enumerate(columns):
            level = 0 if count == 0 else max(1, round(count / peak * (len(BARS) - 1)))
            style = cursor_style if index == self.cursor and self.has_focus else bar_style
            bars.append(BARS[level], style)
        first, last = columns[0][0][0], columns[-1][0][-1]
        labels = Text(no_wrap=True, style=self.get_component_rich_style("timeline--label"))
        if self.cursor >= 0 and self.has_focus:
            chosen = columns[min(self.cursor, len(columns) - 1)]
            labels.append(self._describe(chosen[0], chosen[1]))
        elif first == last:
            labels.append(first)
        else:
            gap = max(1, len(bars) - len(first) - len(last))
            labels.append(first + " " * gap + last)
        return Text("\n").join([bars, labels])

    @staticmethod
    def _describe(months: list[str], count: int) -> str:
        span = months[0] if len(months) == 1 else f"{months[0]}..{months[-1]}"
        return f"{span}: {count:,}"

    def watch_months(self) -> None:
        self.cursor = -1

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
        columns = self._columns()
        if offset is not None and offset.y == 0 and offset.x < len(columns):
            self.cursor = offset.x
            self.action_choose()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
