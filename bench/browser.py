"""Browser figures: start-up, keystroke and article-opening latency, and memory, from the real app driven headless.

`measure` runs this file as a fresh interpreter, so start-up counts what a user waits for after typing
`newsdesk`: interpreter start, imports, opening the archive and the first results painted. The child opens the
archive the way `tui.app.run_browser` does and drives `ArchiveApp` with Textual's pilot, pressing real keys.
It knows that something has been painted from the messages the browser posts after a refresh
(`tui.messages.ResultsShown` and `ArticleShown`), seen through `run_test`'s message hook, and reports raw samples;
`run.py` turns them into figures.

    .venv/bin/python bench/browser.py ARCHIVE.json   # one JSON object on stdout (what `measure` reads)
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __name__ == "__main__":
    # Run as a script (the child of `measure`): make the repository root importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from memory import peak_rss_mb
from textual.message import Message
from textual.pilot import Pilot
from textual.worker import Worker, WorkerState

from store.archive import Archive
from tui.app import ArchiveApp
from tui.messages import ArticleShown, IndexProgressed, ResultsShown
from tui.screens.browser import BrowserScreen
from tui.widgets.result_list import ResultList

SIZE = (160, 50)
"""A wide terminal: the reading pane sits beside the result list, as most people will see it."""

TYPED_QUERIES = ("missile defense", "nuclear sanctions", "border refugees", "officials", "government")
"""Typed a key at a time. Plain words from the bench's query mix, because every prefix of them parses: half a
phrase or half a field name is a syntax error, which shows a message rather than results. The last one is
common, so it leaves enough hits to open."""

OPENS = 10
"""Steps down the result list after the typing, each showing the next hit in the reading pane."""

STDERR_LINES = 20
"""How much of a failed child's stderr to pass on (a Rust panic's backtrace runs to thousands of lines)."""

TIMEOUT_S = 60.0
"""How long to wait for any one message before deciding the browser is stuck."""


@dataclass(frozen=True)
class BrowserSession:
    """Raw samples from one browser session; `run.py` reduces them to figures."""

    startup_s: float
    """Parent's clock before the child started, to the child's first `ResultsShown`."""
    rss_mb: float
    """The child's peak resident memory after the first results and one opened article."""
    keystrokes_ms: tuple[float, ...]
    """Each key pressed in the search bar, to the `ResultsShown` of the query it made."""
    opens_ms: tuple[float, ...]
    """Each step down the result list (`j`), to the `ArticleShown` of the article it moved to."""


def measure(db_path: Path) -> BrowserSession:
    """Run one browser session in a fresh interpreter on the archive at `db_path` (its index must be current)."""
    started = time.time()
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), str(db_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        tail = "\n".join(done.stderr.splitlines()[-STDERR_LINES:])
        raise RuntimeError(f"browser child exited with {done.returncode}:\n{tail}")
    report = json.loads(done.stdout.splitlines()[-1])
    return BrowserSession(
        startup_s=report["first_results_at"] - started,
        rss_mb=report["rss_mb"],
        keystrokes_ms=tuple(report["keystrokes_ms"]),
        opens_ms=tuple(report["opens_ms"]),
    )


class Recorder:
    """The message hook: keeps when each paint message arrived, and lets the session wait for one."""

    def __init__(self) -> None:
        self.seen: list[tuple[float, Message]] = []
        self.first_results_at: float | None = None
        """Wall-clock time (comparable across processes) of the first `ResultsShown`."""
        self.indexed = False
        """Whether the app rebuilt the index at start-up, which would make start-up a different figure."""
        self.failure: str | None = None
        """The first worker that raised: the paint it was working towards will never come."""
        self._arrived = asyncio.Event()

    def hook(self, message: Message) -> None:
        """Called by Textual on the event loop as each message is dispatched."""
        if isinstance(message, ResultsShown | ArticleShown):
            if self.first_results_at is None and isinstance(message, ResultsShown):
                self.first_results_at = time.time()
            self.seen.append((time.perf_counter(), message))
            self._arrived.set()
        elif isinstance(message, IndexProgressed):
            self.indexed = True
        elif isinstance(message, Worker.StateChanged) and message.state is WorkerState.ERROR:
            self.failure = self.failure or f"{message.worker.description}: {message.worker.error!r}"
            self._arrived.set()

    async def wait(self, match: Callable[[Message], bool], since: float) -> float:
        """The `perf_counter` time of the first message matching `match` that arrived at or after `since`."""
        while True:
            if self.failure is not None:
                raise RuntimeError(f"a browser worker failed: {self.failure}")
            for stamp, message in self.seen:
                if stamp >= since and match(message):
                    return stamp
            self._arrived.clear()
            await asyncio.wait_for(self._arrived.wait(), TIMEOUT_S)


def results_for(query: str) -> Callable[[Message], bool]:
    """Matches the `ResultsShown` of exactly this query text (earlier keystrokes' results do not count)."""
    return lambda message: isinstance(message, ResultsShown) and message.query == query


def article(article_id: str) -> Callable[[Message], bool]:
    """Matches the `ArticleShown` of this article."""
    return lambda message: isinstance(message, ArticleShown) and message.article_id == article_id


async def _type(pilot: Pilot[None], recorder: Recorder, screen: BrowserScreen) -> tuple[list[float], float]:
    """Type each query key by key from an empty search bar: ms from each key to its query's results painted,
    and when the last key was pressed."""
    samples: list[float] = []
    await pilot.press("slash")  # the browser opens on the result list; `/` puts the cursor in the search bar
    since = time.perf_counter()
    for query in TYPED_QUERIES:
        if screen.state.text:
            since = time.perf_counter()
            await pilot.press("ctrl+u")
            await recorder.wait(results_for(screen.state.query_text()), since)
        for char in query:
            since = time.perf_counter()
            await pilot.press("space" if char == " " else char)
            painted = await recorder.wait(results_for(screen.state.query_text()), since)
            samples.append((painted - since) * 1000)
    return samples, since


async def _step(pilot: Pilot[None], recorder: Recorder, results: ResultList) -> float:
    """`j` in the result list; ms to the next hit's article painted in the reading pane."""
    since = time.perf_counter()
    await pilot.press("j")
    if results.highlighted is None:
        raise RuntimeError("no article under the cursor after j")
    return (await recorder.wait(article(results.highlighted.id), since) - since) * 1000


async def _session(archive: Archive) -> dict[str, object]:
    """Start-up to the first results and their first article, the memory that took, then typing and opens."""
    recorder = Recorder()
    async with ArchiveApp(archive, show_timings=False).run_test(size=SIZE, message_hook=recorder.hook) as pilot:
        await recorder.wait(lambda message: isinstance(message, ResultsShown), 0.0)
        screen = pilot.app.screen
        if not isinstance(screen, BrowserScreen):
            raise RuntimeError(f"the browser opened on {type(screen).__name__}, not the browser screen")
        results = screen.query_one(ResultList)
        if results.highlighted is None:
            raise RuntimeError("the archive shows no articles")
        await recorder.wait(article(results.highlighted.id), 0.0)
        rss_mb = peak_rss_mb()
        keystrokes, last_key = await _type(pilot, recorder, screen)
        if results.highlighted is None:
            raise RuntimeError(f"no results for {TYPED_QUERIES[-1]!r}")
        # Its preview of the first hit, so that no article load is still under way when the steps are timed.
        await recorder.wait(article(results.highlighted.id), last_key)
        await pilot.press("enter")
        if not results.has_focus:
            raise RuntimeError("Enter in the search bar did not move to the results")
        opens = [await _step(pilot, recorder, results) for _ in range(min(OPENS, len(results.hits) - 1))]
    if recorder.indexed:
        raise RuntimeError("the browser rebuilt the search index at start-up; run the bench on a current index")
    if not opens:
        raise RuntimeError(f"{TYPED_QUERIES[-1]!r} has one hit or none: too few articles to step through")
    return {
        "first_results_at": recorder.first_results_at,
        "rss_mb": rss_mb,
        "keystrokes_ms": keystrokes,
        "opens_ms": opens,
    }


def main(db_path: Path) -> None:
    """The child: open the archive as `run_browser` does, run the session, print its report."""
    archive = Archive.open(db_path)
    try:
        report = asyncio.run(_session(archive))
    finally:
        archive.close()
    print(json.dumps(report))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
