"""What the browser is searching for: the typed query, the filters clicked on top of it, and the sort.

The filters are turned into query text in the same language people type (via the store's `format_query`), and
that text is what is searched, so the line under the search bar can show exactly what the clicks mean. Filters
go first so that the typed text stays last, where "search as you type" treats its unfinished last word as a
prefix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import get_args

from store.errors import QuerySyntaxError
from store.query.parser import format_query, parse_query
from store.query.tree import And, DateRange, Exact, Missing, Or, Query, Tag
from store.search.view import Sort

SORTS: tuple[Sort, ...] = get_args(Sort)


def _year(value: str) -> DateRange:
    year = int(value)
    return DateRange(dt.date(year, 1, 1), dt.date(year + 1, 1, 1))


_MISSING: dict[str, Query] = {"source": Missing("source"), "date": Missing("date"), "tag": Missing("tag")}
"""What each group's entry for articles without a value (the selected value None) adds to the query."""


def _group(items: list[Query]) -> Query | None:
    if not items:
        return None
    return items[0] if len(items) == 1 else Or(tuple(items))


@dataclass(frozen=True)
class SearchState:
    """The search on screen; immutable, so each change is a new state the screen can compare and re-run."""

    text: str = ""
    selected: dict[str, frozenset[str | None]] = field(default_factory=dict)
    """Ticked filter entries per group (`source`, `date` for years, `tag`); None is the entry for articles with
    no value in the group, so ticking it beside VOA finds both, as ticking any two entries of a group does."""
    start: str | None = None
    end: str | None = None
    """The date range, each end `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, inclusive; None leaves it open."""
    sort: Sort = "relevance"

    @property
    def has_filters(self) -> bool:
        """Whether anything narrows the typed query."""
        return any(self.selected.values()) or bool(self.start or self.end)

    def toggled(self, group: str, value: str | None, on: bool) -> SearchState:
        """This state with one filter entry ticked or cleared."""
        values = set(self.selected.get(group, frozenset()))
        if on:
            values.add(value)
        else:
            values.discard(value)
        return replace(self, selected={**self.selected, group: frozenset(values)})

    def cleared(self) -> SearchState:
        """This state without any filter."""
        return replace(self, selected={}, start=None, end=None)

    def next_sort(self) -> SearchState:
        """This state with the next sort order."""
        return replace(self, sort=SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)])

    def filter_text(self) -> str:
        """The filters as query text (e.g. `source:voa (date:2007 OR date:2008)`); raises `QuerySyntaxError`
        for a date range that is not one."""
        parts: list[Query] = []
        builders: dict[str, Callable[[str], Query]] = {
            "source": lambda value: Exact("source", value.lower()),
            "date": _year,
            "tag": Tag,
        }
        for group, build in builders.items():
            values = self.selected.get(group, frozenset())
            missing = [_MISSING[group]] if None in values else []
            item = _group(missing + [build(value) for value in sorted(value for value in values if value is not None)])
            if item is not None:
                parts.append(item)
        text = format_query(And(tuple(parts))) if parts else ""
        dates = self.date_text()
        if dates:
            parse_query(dates)
        return " ".join(part for part in (text, dates) if part)

    def date_text(self) -> str:
        """The date range as query text, or "" when both ends are open."""
        if self.start and self.end:
            return f"date:{self.start}" if self.start == self.end else f"date:{self.start}..{self.end}"
        if self.start:
            return f"date:{self.start}.."
        if self.end:
            return f"date:..{self.end}"
        return ""

    def query_text(self) -> str:
        """The full query searched: the filters, then the typed text (bracketed if it has a top-level OR);
        raises `QuerySyntaxError` when the typed text or the date range does not parse."""
        typed = self.text.lstrip()
        if typed and isinstance(parse_query(typed), Or):
            typed = f"({typed})"
        return " ".join(part for part in (self.filter_text(), typed) if part)

    def searchable_text(self) -> str | None:
        """`query_text`, or None while the typed text or the date range does not parse (nothing is searched)."""
        try:
            return self.query_text()
        except QuerySyntaxError:
            return None
