"""What `newsdesk trend` prints: the counts as a table, a sparkline per query, or the numbers alone as JSON or CSV.

The table has a row per period and a column per query, since a range of months runs long and a column of it
reads down a screen; the chart has a line per query with one cell per period (several periods a cell when they
would not fit the width), each line scaled to its own peak, so that when each query was written about lines up
at a glance whatever their sizes. The browser's timeline draws its bars with the same `sparkline`.

On a terminal Rich styles the same table and chart (`print_styled_trend`); on a pipe they are plain text with no
escape sequence, and Rich is never loaded. Query texts are the user's: they pass through `terminal_safe`, and Rich
is handed `Text`, never markup.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from store.ingest.decode import clean_text
from store.search.trend import Trend
from tui.terminal import columns

BARS = " ▁▂▃▄▅▆▇█"
"""A period without hits is a blank; any hit is at least the lowest bar."""
NAME_WIDTH = 24
"""Most cells a query's name takes at the head of its chart line (a longer one is cut with …)."""
UNDATED = "undated"
TOTAL = "total"


def sparkline(counts: Sequence[int]) -> str:
    """One bar per count, scaled to the largest count."""
    peak = max(counts, default=0) or 1
    return "".join(BARS[0 if count == 0 else max(1, round(count / peak * (len(BARS) - 1)))] for count in counts)


def as_json(trend: Trend) -> dict[str, Any]:
    """`{"by", "periods", "series": [{"query", "counts", "undated", "total"}]}`, the counts aligned on periods."""
    return {
        "by": trend.by,
        "periods": list(trend.periods),
        "series": [
            {"query": name, "counts": list(counts), "undated": undated, "total": total}
            for name, counts, undated, total in zip(trend.names, trend.counts, trend.undated, trend.totals, strict=True)
        ],
    }


def as_csv(trend: Trend) -> bytes:
    """A row per query: `query,total,undated`, then a column per period, so that the periods, which vary in
    number, are the row's tail. The dialect is `export --format csv`'s (RFC 4180, CRLF, UTF-8, no BOM)."""
    import csv

    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(["query", TOTAL, UNDATED, *trend.periods])
    for name, counts, undated, total in zip(trend.names, trend.counts, trend.undated, trend.totals, strict=True):
        writer.writerow([clean_text(name), total, undated, *counts])
    return table.getvalue().encode("utf-8")


@dataclass(frozen=True)
class Chart:
    """The chart's lines, binned to a width: the plain and the styled output share it."""

    names: tuple[str, ...]
    """Each query, terminal-safe and cut to `NAME_WIDTH`."""
    lines: tuple[str, ...]
    """Each query's sparkline, all of one length."""
    totals: tuple[str, ...]
    """Each query's hits, dated and undated, as printed."""
    axis: str
    """The first and last period under the bars, and how many periods one cell holds when more than one."""
    name_width: int
    """The longest name's: where the bars start, after two spaces."""

    @classmethod
    def of(cls, trend: Trend, width: int) -> Chart:
        """The chart of `trend` in `width` columns (or a little more: every line keeps at least 10 cells)."""
        names = tuple(_cut(clean_text(name), NAME_WIDTH) for name in trend.names)
        name_width = max(map(len, names), default=0)
        totals = [f"{total:,}" for total in trend.totals]
        total_width = max(map(len, totals), default=0)
        cells = max(10, width - name_width - total_width - 4)
        per_cell = max(1, -(-len(trend.periods) // cells))
        lines = tuple(
            sparkline([sum(counts[start : start + per_cell]) for start in range(0, len(counts), per_cell)])
            for counts in trend.counts
        )
        axis = ""
        if trend.periods:
            first, last = trend.periods[0], trend.periods[-1]
            drawn = max(map(len, lines))
            axis = first if first == last else first + " " * max(1, drawn - len(first) - len(last)) + last
            if per_cell > 1:
                axis += f"  (a cell is {per_cell} {trend.by}s)"
        return cls(names, lines, tuple(total.rjust(total_width) for total in totals), axis, name_width)


def table_rows(trend: Trend) -> list[tuple[str, tuple[int, ...]]]:
    """(period, the count of each query) for every period, then the undated and total rows."""
    rows = [(period, tuple(counts[index] for counts in trend.counts)) for index, period in enumerate(trend.periods)]
    return [*rows, (UNDATED, trend.undated), (TOTAL, trend.totals)]


def plain_lines(trend: Trend, width: int) -> list[str]:
    """The table, a blank line and the chart, as text with no styling."""
    rows = table_rows(trend)
    columns = [
        [trend.by, *(period for period, _ in rows)],
        *([clean_text(name), *(f"{counts[index]:,}" for _, counts in rows)] for index, name in enumerate(trend.names)),
    ]
    widths = [max(map(len, column)) for column in columns]
    lines = [
        "  ".join([cells[0].ljust(widths[0]), *(cell.rjust(w) for cell, w in zip(cells[1:], widths[1:], strict=True))])
        for cells in zip(*columns, strict=True)
    ]
    chart = Chart.of(trend, width)
    lines.append("")
    for name, line, total in zip(chart.names, chart.lines, chart.totals, strict=True):
        lines.append(f"{name.ljust(chart.name_width)}  {line}  {total}")
    if chart.axis:
        lines.append(" " * (chart.name_width + 2) + chart.axis)
    return lines


def print_trend(trend: Trend) -> None:
    """The table and the chart for people: styled by Rich on a terminal, plain lines on a pipe."""
    if sys.stdout.isatty():
        print_styled_trend(trend)
        return
    width = columns()
    sys.stdout.write("".join(line.rstrip() + "\n" for line in plain_lines(trend, width)))


def print_styled_trend(trend: Trend) -> None:
    """The same table and chart with Rich: counts right-aligned, zeros dim, the bars in colour."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), show_edge=False, header_style="bold")
    table.add_column(Text(trend.by), no_wrap=True)
    for name in trend.names:
        table.add_column(Text(clean_text(name)), justify="right", overflow="fold")
    rows = table_rows(trend)
    for index, (period, counts) in enumerate(rows):
        style = "bold" if period in (UNDATED, TOTAL) else ""
        cells = [Text(f"{count:,}", style="dim" if count == 0 else style) for count in counts]
        table.add_row(Text(period, style=style), *cells, end_section=index == len(rows) - 3)
    console.print(table)
    chart = Chart.of(trend, console.width)
    console.print()
    for name, line, total in zip(chart.names, chart.lines, chart.totals, strict=True):
        row = Text()
        row.append(name.ljust(chart.name_width), style="bold")
        row.append("  ")
        row.append(line, style="cyan on grey15")
        row.append(f"  {total}")
        console.print(row, no_wrap=True, crop=True)
    if chart.axis:
        console.print(Text(" " * (chart.name_width + 2) + chart.axis, style="dim"), no_wrap=True, crop=True)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
