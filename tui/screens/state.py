"""What the browser is searching for: the typed query, the filters clicked on top of it, and the sort.

The typed text is parsed once per state (as you type, so its unfinished last word is also a prefix) and joined
to the filters as trees: that tree is what is searched and counted, and no text is parsed again on the way down.
Text is only written for people: the filters in the same language they type (via the store's `format_query`), so
the line under the search bar can show exactly what the clicks mean, followed by the typed text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import get_args

from store.errors import QuerySyntaxError
from store.query.parser import format_query, parse_query
from store.query.tree import And, DateRange, Exact, MatchAll, Missing, Or, Prefix, Query, Tag, Term
from store.query.values import read_value
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

    @cached_property
    def _typed(self) -> Query | QuerySyntaxError:
        """The typed text parsed as you type, or why it does not parse: kept, because the search, every group's
        facet counts and the line under the bar of one state all start from this one tree."""
        try:
            return parse_query(self.text, as_you_type=True)
        except QuerySyntaxError as error:
            return error

    def typed_query(self) -> Query:
        """The typed text as a tree; raises its `QuerySyntaxError`, positioned in the typed text."""
        if isinstance(self._typed, QuerySyntaxError):
            raise self._typed.with_traceback(None)
        return self._typed

    def _filters(self, without: str | None = None) -> list[Query]:
        """The filters as query nodes, in the order `filter_text` writes them, leaving out the entries ticked in
        group `without`; raises `QuerySyntaxError` for a date range that is not one."""
        parts: list[Query] = []
        builders: dict[str, Callable[[str], Query]] = {
            "source": lambda value: Exact("source", value.lower()),
            "date": _year,
            "tag": Tag,
        }
        for group, build in builders.items():
            values = frozenset() if group == without else self.selected.get(group, frozenset())
            missing = [_MISSING[group]] if None in values else []
            item = _group(missing + [build(value) for value in sorted(value for value in values if value is not None)])
            if item is not None:
                parts.append(item)
        if dates := self.date_text():
            name, _, value = dates.partition(":")
            parts.append(read_value(name, value, len(name) + 1, quoted=False))
        return parts

    def query(self, *, without: str | None = None) -> Query:
        """The full query searched, as a tree: the filters, then the typed query, in one `And`; `without` leaves
        one group's ticks out (for that group's own counts). Raises `QuerySyntaxError` as `query_text` does.

        Joining trees rather than text means the typed query is never bracketed and parsed again, so one at the
        nesting limit stays searchable beside the filters.
        """
        typed = self.typed_query()
        items = self._filters(without)
        match typed:
            case MatchAll():
                pass
            case And(typed_items):
                items.extend(typed_items)
            case _:
                items.append(typed)
        if not items:
            return MatchAll()
        return items[0] if len(items) == 1 else And(tuple(items))

    def filter_text(self) -> str:
        """The filters as query text (e.g. `source:voa (date:2007 OR date:2008)`); raises `QuerySyntaxError`
        for a date range that is not one."""
        parts = self._filters()
        if self.start or self.end:
            parts.pop()
        text = format_query(And(tuple(parts))) if parts else ""
        return " ".join(part for part in (text, self.date_text()) if part)

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
        """The full query searched, as people read it: the filters, then the typed text (bracketed if it has a
        top-level OR); raises `QuerySyntaxError` when the typed text or the date range does not parse."""
        typed = self.text.lstrip()
        if typed and _is_alternation(self.typed_query(), typed):
            typed = f"({typed})"
        return " ".join(part for part in (self.filter_text(), typed) if part)

    def searchable_text(self) -> str | None:
        """`query_text`, or None while the typed text or the date range does not parse (nothing is searched)."""
        try:
            return self.query_text()
        except QuerySyntaxError:
            return None


def _is_alternation(typed: Query, text: str) -> bool:
    """Whether the typed text is a top-level OR, which written after the filters needs brackets to keep its meaning.

    Read from the as-you-type tree, where a lone unfinished word is an OR as well (`mis` is `mis OR mis*`); that one
    is told apart by its text: one word, ending in neither `*` nor a bracket, which a real OR could not be.
    """
    match typed:
        case Or((Term(word, field), Prefix(stem, other))) if word == stem and field == other:
            return len(text.split()) > 1 or text.rstrip()[-1] in "*)"
        case Or():
            return True
        case _:
            return False
