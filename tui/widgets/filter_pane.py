"""The filter pane: sources, years and tags with counts for the current query, a date range, the timeline, and the
saved searches with their live counts.

It holds no search state of its own: the screen passes down facet counts and what is selected, and the pane
reports each change up (`FilterToggled`, `DateRangeChanged`, `SavedSearchSelected`). Entries that are selected
stay listed even when the current counts no longer include them, so a filter can always be cleared where it was
set. Each group ends with an entry for the articles that have no value in it (`(no source)`, `undated`,
`(no tags)`), ticked and counted like the others: in archives that give neither source nor date it is most of
them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Final

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, OptionList, SelectionList

from store.search.view import Facets
from tui.messages import DateRangeChanged, FilterToggled, SavedSearchDeleted, SavedSearchSelected
from tui.widgets.facet_list import CountedList, FacetEntry, FacetList
from tui.widgets.text_field import TextField
from tui.widgets.timeline import Timeline

GROUPS = ("source", "date", "tag")
"""The filter groups, named by the query field each one adds."""
GROUP_TITLES = {"source": "Sources", "date": "Years", "tag": "Tags"}
MISSING_NAMES: Final = {"source": "(no source)", "date": "undated", "tag": "(no tags)"}
"""What each group calls the entry for articles without a value in it (the query language says `source:none`)."""
_PERIOD = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


def _entry(group: str, value: str | None, count: int | None, ticked: bool) -> FacetEntry:
    if value is None:
        return FacetEntry(value, MISSING_NAMES[group], count, ticked, style="italic")
    return FacetEntry(value, "★ starred" if group == "tag" and value == "starred" else value, count, ticked)


class SavedList(CountedList):
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
            yield FacetList(id=f"filter-{group}", classes="facet")
        yield Label("Date range", classes="filter-title")
        with Horizontal(id="date-range"):
            yield TextField(placeholder="from", id="date-from", max_length=10)
            yield TextField(placeholder="to", id="date-to", max_length=10)
        yield Label("Timeline", classes="filter-title")
        yield Timeline(id="timeline")
        yield Label("Saved searches", classes="filter-title")
        yield SavedList(id="saved")

    def show_facets(self, facets: Facets, selected: Mapping[str, frozenset[str | None]]) -> None:
        """Fill the lists with the counts for the current query, keeping the selected entries ticked."""
        counts: dict[str, tuple[Iterable[tuple[str, int]], int]] = {
            "source": (facets.sources, facets.no_source),
            "date": (((str(year), count) for year, count in facets.years), facets.undated),
            "tag": (facets.tags, facets.untagged),
        }
        for group in GROUPS:
            named, missing = counts[group]
            self._fill(group, named, missing, selected.get(group, frozenset()))
        self.query_one(Timeline).months = facets.months

    def _fill(
        self, group: str, named: Iterable[tuple[str, int]], missing: int, selected: frozenset[str | None]
    ) -> None:
        """Named entries by count, then ticked ones without a count now, then the entry for no value at all."""
        counts: dict[str | None, int] = dict(named)
        uncounted = sorted(value for value in selected if value is not None and value not in counts)
        values: list[str | None] = [*counts, *uncounted]
        if missing:
            counts[None] = missing
        if missing or None in selected:
            values.append(None)
        entries = (_entry(group, value, counts.get(value), value in selected) for value in values)
        self.query_one(f"#filter-{group}", FacetList).show(entries)

    def show_dates(self, start: str | None, end: str | None) -> None:
        """Put the date range in force into the two inputs (without reporting it back)."""
        for input_id, value in (("#date-from", start), ("#date-to", end)):
            field = self.query_one(input_id, Input)
            if field.value != (value or ""):
                with field.prevent(Input.Changed):
                    field.value = value or ""

    def show_saved(self, saved: list[tuple[str, str]], counts: dict[str, int]) -> None:
        """List the saved searches with how many articles each finds now."""
        self.query_one("#saved", SavedList).show((name, counts.get(name)) for name, _ in saved)
        self._saved = dict(saved)

    @on(SelectionList.SelectionToggled)
    def _toggled(self, event: SelectionList.SelectionToggled[str | None]) -> None:
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
