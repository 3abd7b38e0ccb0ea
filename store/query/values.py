"""The values of the filter fields (`date:`, `after:`, `before:`, `is:`, `source:`, `site:`, `tag:`), read into
query nodes and written back as query text.

Kept apart from the parser because they are a language of their own (ISO periods, open ranges, reading-state
flags), with their own errors pointing inside the value.

`none` unquoted, as in `source:none`, `site:none`, `date:none` or `tag:none`, means the article has no such value
at all; quoted (`source:"none"`) it is the word itself, so a source, site or tag really named "none" can still be
found, and such a value is always written back quoted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Final

from store.errors import QuerySyntaxError
from store.query.tree import DateRange, Exact, Has, Is, MissableField, Missing, Query, Tag

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")

NONE: Final = "none"
"""The unquoted value that stands for no value at all."""
_MISSABLE: Final[dict[str, MissableField]] = {"source": "source", "site": "site", "date": "date", "tag": "tag"}
"""The filter fields an article can lack, by query name: `after:`, `before:` and `is:` always have a meaning."""

_FLAGS: dict[str, Query] = {"read": Is("read"), "unread": Is("unread"), "starred": Tag("starred")}
"""`is:starred` is accepted too, because people think of the star as a state rather than a tag."""


def _is_flag(value: str, pos: int) -> Query:
    if value in _FLAGS:
        return _FLAGS[value]
    raise QuerySyntaxError(f"unknown value '{value}' for 'is:' (read, unread, starred)", pos)


def _has(value: str, pos: int) -> Has:
    if value == "note":
        return Has("note")
    raise QuerySyntaxError(f"unknown value '{value}' for 'has:' (note)", pos)


def _date_range(value: str, pos: int) -> DateRange:
    """`date:P` is the period P; `date:P..Q` runs from the start of P to the end of Q, either one optional."""
    if ".." not in value:
        return DateRange(*_period(value, pos))
    low, _, high = value.partition("..")
    if not low and not high:
        raise QuerySyntaxError("date range needs a start or an end", pos)
    start = _period(low, pos)[0] if low else None
    end = _period(high, pos + len(low) + 2)[1] if high else None
    if start is not None and end is not None and start >= end:
        raise QuerySyntaxError(f"date range '{value}' ends before it starts", pos)
    return DateRange(start, end)


def _period(text: str, pos: int) -> tuple[dt.date, dt.date]:
    """The half-open [first day, day after the last) of a year, month or day written as ISO text."""
    match = _DATE.fullmatch(text)
    if match is None:
        raise QuerySyntaxError(f"'{text}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)", pos)
    year, month, day = match.groups()
    try:
        if day:
            start = dt.date(int(year), int(month), int(day))
            return start, start + dt.timedelta(days=1)
        if month:
            first = dt.date(int(year), int(month), 1)
            return first, dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return dt.date(int(year), 1, 1), dt.date(int(year) + 1, 1, 1)
    except (ValueError, OverflowError):
        raise QuerySyntaxError(f"impossible date '{text}'", pos) from None


VALUE_PARSERS: Final[dict[str, Callable[[str, int], Query]]] = {
    "source": lambda value, _: Exact("source", value),
    "site": lambda value, _: Exact("site", value),
    "date": _date_range,
    "after": lambda value, pos: DateRange(_period(value, pos)[0], None),
    "before": lambda value, pos: DateRange(None, _period(value, pos)[0]),
    "tag": lambda value, _: Tag(value),
    "is": _is_flag,
    "has": _has,
}
"""Each filter field's reader: the lower-cased value and where it starts in the query, to a query node."""


def read_value(field: str, value: str, pos: int, *, quoted: bool) -> Query:
    """The query node for a filter field's lower-cased value: `Missing` for an unquoted `none` where an article
    can lack the field, else what the field's reader in `VALUE_PARSERS` makes of it."""
    missable = _MISSABLE.get(field)
    if missable is not None and value == NONE and not quoted:
        return Missing(missable)
    return VALUE_PARSERS[field](value, pos)


def format_value(value: str) -> str:
    """A filter value as query text: quoted when it holds spaces or syntax characters, or is the word `none`."""
    special = value.lower() == NONE or any(char.isspace() or char in '()"*' for char in value)
    return f'"{value}"' if special else value


def format_dates(start: dt.date | None, end: dt.date | None) -> str:
    """A date range as the shortest query text for it; `ValueError` when open at both ends."""
    if start is None:
        if end is None:
            raise ValueError("a date range open at both ends cannot be written")
        return f"before:{_period_text(end)}"
    if end is None:
        return f"after:{_period_text(start)}"
    first, last = _period_text(start), _last_period_text(end)
    if len(first) < len(last):
        first = start.isoformat()[: len(last)]  # `2007-01..2007-06` reads better than `2007..2007-06`
    return f"date:{first}" if first == last else f"date:{first}..{last}"


def _period_text(day: dt.date) -> str:
    """The coarsest period starting on `day`: `2007` for 1 January, `2007-10` for the first of a month."""
    if day.month == 1 and day.day == 1:
        return f"{day.year:04d}"
    return f"{day.year:04d}-{day.month:02d}" if day.day == 1 else day.isoformat()


def _last_period_text(end: dt.date) -> str:
    """The coarsest period ending just before `end`, written as the inclusive end of a `..` range."""
    last = end - dt.timedelta(days=1)
    if end.month == 1 and end.day == 1:
        return f"{last.year:04d}"
    return f"{last.year:04d}-{last.month:02d}" if end.day == 1 else last.isoformat()
