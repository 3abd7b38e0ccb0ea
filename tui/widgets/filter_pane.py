"""The filter pane: sources, years and tags with counts for the current query, a date range, the timeline, and the
saved searches with their live counts.

It holds no search state of its own: the screen passes down facet counts and what is selected, and the pane
reports each change up (`FilterToggled`, `DateRangeChanged`, `SavedSearchSelected`). Entries that are selected
stay listed even when the current counts no longer include them, so a filter can always be cleared where it was
set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, OptionList, SelectionList
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from store.search.view import Facets
from tui.messages import DateRangeChanged, FilterToggled, SavedSearchDeleted, SavedSearchSelected
from tui.widgets.timeline import Timeline

GROUPS = ("source", "date", "tag")
"""The filter groups, named by the query field each one adds."""
GROUP_TITLES = {"source": "Sources", "date": "Years", "tag": "Tags"}
NAME_WIDTH = 10
_PERIOD = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


def _prompt(name: str, count: int | None) -> Text:
    label = f"★ {name}" if name == "starred" else name
    if len(label) > NAME_WIDTH:
        label = label[: NAME_WIDTH - 1] + "…"
    number = f"{count:,}" if count is not None else "·"
    return Text.assemble(f"{label:<{NAME_WIDTH}} ", (f"{number:>5}", "dim"), no_wrap=True)


class SavedList(OptionList):
    """The saved searches: Enter runs one, Delete forgets it."""

    BINDINGS = [Binding("delete", "forget", "Forget search", tooltip="Delete the highlighted saved search")]

    def action_forget(self) -> None:
        """Ask the screen to delete the highlighted saved search."""
        if self.highlighted is not None and (name := self.get_option_at_index(self.highlighted).id):
            self.post_message(SavedSearchDeleted(name))


class FilterPane(VerticalScroll):
    """Facets with counts, a date range, the timeline and the saved searches."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._saved: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        for group in GROUPS:
            yield Label(GROUP_TITLES[group], classes="filter-title")
            yield SelectionList[str](id=f"filter-{group}", classes="facet")
        yield Label("Date range", classes="filter-title")
        with Horizontal(id="date-range"):
            yield Input(placeholder="from", id="date-from", max_length=10)
            yield Input(placeholder="to", id="date-to", max_length=10)
        yield Label("Timeline", classes="filter-title")
        yield Timeline(id="timeline")
        yield Label("Saved searches", classes="filter-title")
        yield SavedList(id="saved")

    def show_facets(self, facets: Facets, selected: dict[str, frozenset[str]]) -> None:
        """Fill the lists with the counts for the current query, keeping the selected entries ticked."""
        counts: dict[str, Iterable[tuple[str, int]]] = {
            "source": facets.sources,
            "date": ((str(year), count) for year, count in facets.years),
            "tag": facets.tags,
        }
        for group in GROUPS:
            self._fill(group, dict(counts[group]), selected.get(group, frozenset()))
        self.query_one(Timeline).months = facets.months

    def _fill(self, group: str, counts: dict[str, int], selected: frozenset[str]) -> None:
        names = list(counts)
        names += sorted(name for name in selected if name not in counts)
        facet = self.query_one(f"#filter-{group}", SelectionList)
        highlighted = facet.highlighted
        facet.clear_options()
        facet.add_options(Selection(_prompt(name, counts.get(name)), name, name in selected) for name in names)
        if highlighted is not None and names:
            facet.highlighted = min(highlighted, len(names) - 1)

    def show_dates(self, start: str | None, end: str | None) -> None:
        """Put the date range in force into the two inputs (without reporting it back)."""
        for input_id, value in (("#date-from", start), ("#date-to", end)):
            field = self.query_one(input_id, Input)
            if field.value != (value or ""):
                with field.prevent(Input.Changed):
                    field.value = value or ""

    def show_saved(self, saved: list[tuple[str, str]], counts: dict[str, int]) -> None:
        """List the saved searches with how many articles each finds now."""
        listing = self.query_one("#saved", OptionList)
        listing.clear_options()
        listing.add_options(Option(_prompt(name, counts.get(name)), id=name) for name, _ in saved)
        self._saved = dict(saved)

    @on(SelectionList.SelectionToggled)
    def _toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        event.stop()
        group = (event.selection_list.id or "").removeprefix("filter-")
        value = event.selection.value
        self.post_message(FilterToggled(group, value, value in event.selection_list.selected))

    @on(Input.Changed, "#date-range Input")
    def _dates_edited(self, event: Input.Changed) -> None:
        event.stop()
        start = self.query_one("#date-from", Input).value.strip()
        end = self.query_one("#date-to", Input).value.strip()
        valid = all(not value or _PERIOD.fullmatch(value) for value in (start, end))
        for field in self.query("#date-range Input").results(Input):
            field.set_class(not valid and bool(field.value.strip()), "-invalid")
        if valid:
            self.post_message(DateRangeChanged(start or None, end or None))

    @on(OptionList.OptionSelected, "#saved")
    def _saved_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        name = event.option.id or ""
        self.post_message(SavedSearchSelected(name, self._saved.get(name, "")))
