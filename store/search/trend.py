"""Hits per period for several queries, on one shared axis: what `newsdesk trend` prints and the browser's
timeline draws when it compares the saved searches.

Each query is counted once, by the index's facet aggregation over the `month` fast field (`View.facets`), never
by walking its documents; this module only lays those counts out. The axis runs from the first period in which
any of the queries has a hit to the last, every period in between included with its zeros, so that the series
line up column by column and a gap in the coverage shows as a gap rather than vanishing. Undated hits belong to
no period: they are counted beside the series, never guessed into one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

from store.errors import QuerySyntaxError, UsageError
from store.query.parser import to_query

if TYPE_CHECKING:  # tantivy's bindings load with the view: `newsdesk --help` reads `PERIODS` without them
    from store.query.tree import Query
    from store.search.view import Facets

Period = Literal["month", "year"]
PERIODS: Final[tuple[Period, ...]] = ("month", "year")
"""What a period can be, in the order `--by` offers them."""


@dataclass(frozen=True)
class Trend:
    """Hits per period for each of several queries, every series aligned on `periods`."""

    names: tuple[str, ...]
    """What each series is called: the query as typed, or the name a search was saved under."""
    by: Period
    periods: tuple[str, ...]
    """`YYYY` or `YYYY-MM`, ascending, every one from the first with a hit (in any series) to the last."""
    counts: tuple[tuple[int, ...], ...]
    """One series per name: the hits in each period, zeros included."""
    undated: tuple[int, ...]
    """Per name, the hits without a date, which no period holds."""

    @property
    def totals(self) -> tuple[int, ...]:
        """Per name, every hit: dated and undated."""
        return tuple(sum(series) + undated for series, undated in zip(self.counts, self.undated, strict=True))


def trend_of(names: Sequence[str], facets: Sequence[Facets], by: Period) -> Trend:
    """Lay out the facet counts of each query (`facets[i]` is what `names[i]` matched) on one axis."""
    per_period = [_per_period(counted, by) for counted in facets]
    dated = sorted({period for counts in per_period for period in counts})
    periods = tuple(every_period(dated[0], dated[-1], by)) if dated else ()
    return Trend(
        names=tuple(names),
        by=by,
        periods=periods,
        counts=tuple(tuple(counts.get(period, 0) for period in periods) for counts in per_period),
        undated=tuple(counted.undated for counted in facets),
    )


def count_trend(count: Callable[[Query], Facets], queries: Sequence[tuple[str, Query | str]], by: Period) -> Trend:
    """The trend of each (name, query) pair, counted by `count` (an `Archive.facets`).

    Every query text is parsed before anything is counted, so a malformed one costs no index work; its error
    names it, since with several queries the position alone would not say which one is at fault.
    """
    trees = [_parsed(name, query) for name, query in queries]
    return trend_of([name for name, _ in queries], [count(tree) for tree in trees], by)


def _parsed(name: str, query: Query | str) -> Query:
    try:
        return to_query(query)
    except QuerySyntaxError as error:
        raise UsageError(f"query {name!r}: {error}") from error


def _per_period(facets: Facets, by: Period) -> dict[str, int]:
    """The hits in each period that has any: `Facets` counts months and years already, so nothing is summed."""
    if by == "year":
        return {f"{year:04d}": count for year, count in facets.years}
    return dict(facets.months)


def every_period(first: str, last: str, by: Period) -> list[str]:
    """Every `YYYY` (or `YYYY-MM`) from `first` to `last`, inclusive: the x axis of a trend or a timeline."""
    if by == "year":
        return [f"{year:04d}" for year in range(int(first), int(last) + 1)]
    year, month = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
