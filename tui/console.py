"""What the commands draw on a terminal with Rich: the progress bar, and hits and concordance lines with their
matches in bold.

Rich takes some 20 ms to import, a third of what a whole `search --json` may take, so nothing imports this
module until it draws: `commands` asks first whether the stream is a terminal and prints plain lines when it
is not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.text import Text

if TYPE_CHECKING:
    from store.search.kwic_layout import Row
    from tui.commands import HitLines


@contextmanager
def rich_progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A transient bar on stderr, moved on by `advance(done, total)`."""
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def print_styled_hits(hits: Iterable[HitLines]) -> None:
    """The same lines as the plain output, with the source in cyan, the title bold and the matches in yellow."""
    console = Console(highlight=False, soft_wrap=True)
    for hit in hits:
        head = Text(hit.lead)
        head.append(hit.source, style="cyan")
        head.append(f"  {hit.title}", style="bold")
        console.print(head)
        snippet = Text(f"{hit.INDENT}{hit.snippet}", style="dim")
        for start, end in hit.highlights:
            snippet.stylize("bold yellow", start + len(hit.INDENT), end + len(hit.INDENT))
        console.print(snippet)


def print_styled_rows(rows: Iterable[Row]) -> None:
    """Concordance lines as the plain output has them, with the date dim and the match in bold yellow."""
    console = Console(highlight=False, soft_wrap=True)
    for row in rows:
        line = Text(row.plain)
        line.stylize("dim", 0, len(row.lead))
        line.stylize("bold yellow", row.match_offset, row.match_offset + len(row.match))
        console.print(line)
