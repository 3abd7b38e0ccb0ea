"""The lists of the filter pane: entries named as wide as the pane allows, each with its count flush right, and
for the filter groups (sources, years, tags) a mark saying whether the entry is ticked.

Names are cut only at the width the list has when it paints (it changes with the terminal and with a scrollbar),
by Textual's own ellipsis, and a cut name is the entry's tooltip. `OptionList` narrows what it draws of an
option by its "left gutter"; these lists claim the count column that way and draw it after the option instead.

`SelectionList` keeps what is ticked and posts `SelectionToggled`, and Space (its own binding) and Enter
(through `OptionList`'s select) both toggle the highlighted entry. Its check box draws the same `X` ticked or
not, told apart by colour alone, and takes four of the pane's columns, so `FacetList` draws a two-column mark
instead (■ ticked, □ not). A facet list that is focused, or refilled with fresh counts while focused, always has
an entry highlighted: with none, Space and Enter would do nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.strip import Strip
from textual.widgets import OptionList, SelectionList
from textual.widgets.option_list import Option, OptionDoesNotExist
from textual.widgets.selection_list import Selection

TICKED: Final = "■ "
UNTICKED: Final = "□ "
MARK_WIDTH: Final = 2


def shown_count(count: int | None) -> str:
    """A count as an entry shows it: thousands separated, or a dot for an entry not counted now."""
    return f"{count:,}" if count is not None else "·"


class CountColumn:
    """The names and counts behind an option list's entries, by index, and what the list draws of them."""

    _names: tuple[str, ...] = ()
    _numbers: tuple[str, ...] = ()

    def _set_counts(self, names: Iterable[str], counts: Iterable[int | None]) -> None:
        self._names = tuple(names)
        self._numbers = tuple(map(shown_count, counts))

    def _column_width(self) -> int:
        """The widest count and the space before it."""
        return 1 + max(map(cell_len, self._numbers), default=0)

    def _with_count(self, line: Strip, index: int) -> Strip:
        """`line`, an entry drawn a count column narrower than its list, followed by the entry's count."""
        if index >= len(self._numbers):
            return line
        base = next(iter(line)).style or Style()
        style = base + Style(dim=True, meta={"option": index})
        return Strip([*line, Segment(self._numbers[index].rjust(self._column_width()), style)])

    def _whole_name(self, index: object, room: int) -> Text | None:
        """The name of the entry at `index` when `room` columns cut it (its tooltip), else None."""
        if not isinstance(index, int) or not 0 <= index < len(self._names):
            return None
        name = self._names[index]
        return Text(name) if cell_len(name) > room else None


@dataclass(frozen=True)
class FacetEntry:
    """One entry of a filter group; the value None stands for the articles without any value in the group."""

    value: str | None
    name: str
    count: int | None
    """None for a ticked entry the current counts no longer include."""
    ticked: bool
    style: str = ""


class FacetList(CountColumn, SelectionList[str | None]):
    """A filter group's entries: a mark, the name, the count."""

    COMPONENT_CLASSES = {"facet-list--mark", "facet-list--mark-ticked"}

    def show(self, entries: Iterable[FacetEntry]) -> None:
        """Replace the entries, keeping the highlight on the same value where it is still listed."""
        listed = list(entries)
        before = self.highlighted
        kept = None if before is None else self.get_option_at_index(before).value
        self.clear_options()
        self._set_counts((entry.name for entry in listed), (entry.count for entry in listed))
        self.add_options(Selection(Text(entry.name, style=entry.style), entry.value, entry.ticked) for entry in listed)
        values = [entry.value for entry in listed]
        if not values:
            return
        if before is not None:
            self.highlighted = values.index(kept) if kept in values else min(before, len(values) - 1)
        elif self.has_focus:
            self.highlighted = 0

    def on_focus(self) -> None:
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def on_mouse_move(self, event: events.MouseMove) -> None:
        room = self.scrollable_content_region.width - self._get_left_gutter_width()
        tooltip = self._whole_name(event.style.meta.get("option"), room)
        if tooltip != self.tooltip:
            self.tooltip = tooltip

    def _get_left_gutter_width(self) -> int:
        return MARK_WIDTH + self._column_width()

    def render_line(self, y: int) -> Strip:
        """The entry as `OptionList` draws it, between our mark (instead of `SelectionList`'s check box) and the
        count.

        Every entry is one line (names are cut, never wrapped), so line `y` below the scroll offset is the
        entry of that index, as `SelectionList.render_line` assumes too.
        """
        line = OptionList.render_line(self, y)
        index = self.scroll_offset.y + y
        try:
            value = self.get_option_at_index(index).value
        except OptionDoesNotExist:
            return line
        ticked = value in self.selected
        base = next(iter(line)).style or self.rich_style
        mark = self.get_component_rich_style("facet-list--mark-ticked" if ticked else "facet-list--mark", partial=True)
        style = base + mark + Style(meta={"option": index})
        return Strip([Segment(TICKED if ticked else UNTICKED, style), *self._with_count(line, index)])


class CountedList(CountColumn, OptionList):
    """An option list of names with counts (the saved searches), cut and tooltipped as the facets are."""

    def show(self, entries: Iterable[tuple[str, int | None]]) -> None:
        """Replace the options with (name, count) pairs; each option's id is its name."""
        listed = list(entries)
        self.clear_options()
        self._set_counts((name for name, _ in listed), (count for _, count in listed))
        self.add_options(Option(Text(name), id=name) for name, _ in listed)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        room = self.scrollable_content_region.width - self._get_left_gutter_width()
        tooltip = self._whole_name(event.style.meta.get("option"), room)
        if tooltip != self.tooltip:
            self.tooltip = tooltip

    def _get_left_gutter_width(self) -> int:
        return self._column_width()

    def render_line(self, y: int) -> Strip:
        return self._with_count(super().render_line(y), self.scroll_offset.y + y)
