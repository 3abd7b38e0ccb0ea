"""The browser under the conditions of the reliability issue, driven by Pilot.

- Another process imports while the browser is open: the browser goes on searching the generation it loaded,
  says that newer data exists, and shows it after ctrl+r. The other process is a second `Archive.open` of the
  same path, which shares nothing in memory with the app's archive object.
- A thousand searches through the screen's own path (message, exclusive worker, painted results) leave
  memory and the number of workers flat.
- The hostile fixture article reaches the screen with no control or bidi-override character.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.message import Message
from textual.pilot import Pilot
from textual.timer import Timer
from textual.worker import Worker

from store.archive import Archive
from tests.test_app import ARTICLES, reader, results, screen_text, search, titles, until
from tui.app import ArchiveApp
from tui.messages import QueryChanged, ResultsShown
from tui.screens.browser import SETTLE_SECONDS, BrowserScreen

POLL_SECONDS = 0.1
"""The browser's check for newer data, shortened so the tests need not wait the real three seconds."""

NOTICE = "press ctrl+r to reload"

HARBOUR = {
    f"harbour-{n}.txt": (
        f"Harbour Pilots Strike Missile Depot {n}\n\nMay {n + 1}, 2011 (VOA) -- Harbour pilots stopped work at "
        f"the missile depot for the {n + 1}th day.\n\nThe port authority said talks would resume.\n"
    )
    for n in range(3)
}
"""What the other process imports: three articles that mention both `harbour` (new) and `missile` (old)."""


def write_articles(folder: Path, articles: dict[str, str]) -> Path:
    """Write articles as files into `folder`; returns it."""
    folder.mkdir(parents=True)
    for name, text in articles.items():
        (folder / name).write_bytes(text.encode("utf-8"))
    return folder


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    """Where the browsed archive lives: the ARTICLES of test_app, already imported and indexed."""
    path = tmp_path / "store" / "archive.json"
    with Archive.open(path, create=True) as archive:
        archive.import_paths([write_articles(tmp_path / "articles", ARTICLES)])
    return path


@pytest.fixture
def browsed(archive_path: Path) -> Iterator[Archive]:
    """The browser's own `Archive` object on that path."""
    with Archive.open(archive_path) as archive:
        yield archive


async def import_elsewhere(path: Path, folder: Path) -> None:
    """Import `folder` the way another `newsdesk import` would: its own `Archive` object, off the app's loop."""

    def run() -> None:
        with Archive.open(path) as other:
            other.import_paths([folder])
            assert other.search("harbour", limit=0).total == len(HARBOUR)

    await asyncio.to_thread(run)


class Painted:
    """Collects `ResultsShown` (via `run_test`'s message hook) so a test can wait for the next paint."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, int]] = []
        self.event = asyncio.Event()

    def hook(self, message: Message) -> None:
        """The message hook: remember each painted query and its total."""
        if isinstance(message, ResultsShown):
            self.shown.append((message.query, message.total))
            self.event.set()

    def mark(self) -> int:
        """How many paints there have been so far: take this before the action whose paint `next_total` awaits."""
        return len(self.shown)

    async def next_total(self, pilot: Pilot[None], query: str, since: int, timeout: float = 10.0) -> int:
        """Wait for a paint of `query` after the first `since` paints, and return its hit count."""
        seen = since

        async def painted() -> int:
            while True:
                for text, total in self.shown[seen:]:
                    if text == query:
                        return total
                self.event.clear()
                await self.event.wait()

        try:
            return await asyncio.wait_for(painted(), timeout)
        except TimeoutError:
            raise AssertionError(f"{query!r} was never painted; the screen shows:\n{screen_text(pilot.app)}") from None


async def retype(pilot: Pilot[None], painted: Painted, query: str) -> int:
    """Delete the last character of the (focused) search bar and type it again: the same query, searched anew."""
    since = painted.mark()
    await pilot.press("backspace", query[-1])
    return await painted.next_total(pilot, query, since)


async def test_an_import_elsewhere_is_announced_and_shown_only_after_ctrl_r(
    browsed: Archive, archive_path: Path, tmp_path: Path
) -> None:
    """A query with no hits keeps its snapshot: still none after the import, all three after ctrl+r."""
    painted = Painted()
    app = ArchiveApp(browsed, show_timings=False, refresh_seconds=POLL_SECONDS)
    async with app.run_test(size=(140, 40), notifications=True, message_hook=painted.hook) as pilot:
        await search(pilot, "harbour")
        assert results(app).total == 0
        await import_elsewhere(archive_path, write_articles(tmp_path / "harbour", HARBOUR))
        await until(pilot, lambda: NOTICE in screen_text(app))
        assert await retype(pilot, painted, "harbour") == 0
        assert "No articles match “harbour”." in screen_text(app)
        since = painted.mark()
        await pilot.press("ctrl+r")
        assert await painted.next_total(pilot, "harbour", since) == len(HARBOUR)
        assert set(titles(app)) == {f"Harbour Pilots Strike Missile Depot {n}" for n in range(3)}
        assert f"{len(HARBOUR)} hits · by relevance" in screen_text(app)


async def test_searching_keeps_using_the_snapshot_while_newer_data_waits(
    browsed: Archive, archive_path: Path, tmp_path: Path
) -> None:
    """Repeated searches between the notice and ctrl+r all count the articles of the generation loaded."""
    painted = Painted()
    app = ArchiveApp(browsed, show_timings=False, refresh_seconds=POLL_SECONDS)
    async with app.run_test(size=(140, 40), notifications=True, message_hook=painted.hook) as pilot:
        await search(pilot, "missile")
        before = results(app).total
        assert before == 4
        await import_elsewhere(archive_path, write_articles(tmp_path / "harbour", HARBOUR))
        await until(pilot, lambda: NOTICE in screen_text(app))
        for _ in range(3):
            assert await retype(pilot, painted, "missile") == before
            await until(pilot, lambda: reader(app).document is not None)
        since = painted.mark()
        await pilot.press("ctrl+r")
        assert await painted.next_total(pilot, "missile", since) == before + len(HARBOUR)


async def test_the_newer_data_notice_goes_once_ctrl_r_has_reloaded(
    browsed: Archive, archive_path: Path, tmp_path: Path
) -> None:
    """The toast asking for ctrl+r is answered by it: after the reload only "Archive reloaded" is left."""
    painted = Painted()
    app = ArchiveApp(browsed, show_timings=False, refresh_seconds=POLL_SECONDS)
    async with app.run_test(size=(140, 40), notifications=True, message_hook=painted.hook) as pilot:
        await search(pilot, "harbour")
        await import_elsewhere(archive_path, write_articles(tmp_path / "harbour", HARBOUR))
        await until(pilot, lambda: NOTICE in screen_text(app))
        since = painted.mark()
        await pilot.press("ctrl+r")
        assert await painted.next_total(pilot, "harbour", since) == len(HARBOUR)
        await until(pilot, lambda: "Archive reloaded" in screen_text(app))
        assert NOTICE not in screen_text(app)
        assert [note.message for note in app._notifications] == ["Archive reloaded"]


SEARCH_WORDS = [
    *("missile", "defense", "radar", "talks", "moscow", "cabinet", "czech", "putin", "grain", "wheat"),
    *("press", "court", "poland", "shield", "report", "paragraph", "markup", "judges", "farmers", "prices"),
]
DISTINCT = 125
"""Distinct queries, each searched `WARM_UP_ROUNDS` times as warm-up and then eight more times: bounded caches
(stems, compiled patterns, Textual's render caches) fill during the warm-up, so what still grows afterwards grows
per search."""
WARM_UP_ROUNDS = 2
SEARCHES = 1_000
OBJECT_GROWTH_LIMIT = 200
"""Leak-prone objects alive after 1,000 searches beyond those the warm-up left: a leak of even one per search
(a worker, a message, a timer, a hit) crosses it five times over. Counted with `gc` rather than tracemalloc, which
doubles the run time of a Textual app."""
RSS_GROWTH_LIMIT_KIB = 30 * 1024
"""Resident memory may wobble with the allocator and tantivy's caches, but not grow with every search."""


def varied_queries(count: int) -> list[str]:
    """`count` different queries, shuffled: two words, the last often cut short (as typed), some with a year."""
    queries = [
        f"{first} {second[:cut]}" if step % 4 else f"date:{2006 + step % 5} {first} {second[:cut]}"
        for step, (first, second, cut) in enumerate(itertools.product(SEARCH_WORDS, SEARCH_WORDS, (2, 4, None)))
    ]
    random.Random(11).shuffle(queries)
    assert len(queries) >= count
    return queries[:count]


def rss_kib() -> int:
    """This process's resident memory, from /proc/self/status."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS in /proc/self/status")


LEAK_PRONE = (Message, Worker, Timer, asyncio.Task)
"""Textual's plumbing that a search goes through; with our own objects, what a per-search leak would be made of."""


def leak_prone_objects() -> int:
    """Live objects of our own classes (`store`, `tui`) and of `LEAK_PRONE` ones.

    Not every object: Textual caches the cropped and restyled copies of each painted line on the line itself
    (seven small caches a line), bounded but slow to fill, so over 1,000 searches the total wanders by thousands
    either way. The resident-memory check covers what this count leaves out.
    """
    return sum(
        1
        for item in gc.get_objects()
        if type(item).__module__.startswith(("store.", "tui.")) or isinstance(item, LEAK_PRONE)
    )


async def settle(pilot: Pilot[None]) -> None:
    """Let every worker the last search started finish, the facet counts and the previewed article included:
    those start only once the typing has paused, and the article's painted lines are thousands of objects."""
    await pilot.pause(SETTLE_SECONDS * 2)
    await until(pilot, lambda: all(worker.is_finished for worker in pilot.app.workers), timeout=10)
    await pilot.pause()


async def test_a_thousand_searches_leave_memory_and_workers_flat(browsed: Archive) -> None:
    """1,000 searches after a warm-up over the same queries, each a `QueryChanged` waited on until painted."""
    painted = Painted()
    app = ArchiveApp(browsed, show_timings=False)
    async with app.run_test(size=(140, 40), notifications=True, message_hook=painted.hook) as pilot:
        screen = app.screen
        assert isinstance(screen, BrowserScreen)
        await painted.next_total(pilot, "", 0)
        await pilot.press("slash")  # searches are typed in the bar, where the preview waits for a pause
        queries = varied_queries(DISTINCT)

        async def run(batch: list[str]) -> None:
            for query in batch:
                since = painted.mark()
                screen.post_message(QueryChanged(query))
                await painted.next_total(pilot, query, since)

        await run(queries * WARM_UP_ROUNDS)
        await settle(pilot)
        gc.collect()
        workers_before = len(app.workers)
        objects_before = leak_prone_objects()
        rss_before = rss_kib()
        await run(queries * (SEARCHES // DISTINCT))
        await settle(pilot)
        gc.collect()
        objects_after = leak_prone_objects()
        rss_after = rss_kib()
        assert painted.shown[-1][0] == queries[-1]
        assert len(app.workers) <= workers_before
        assert objects_after - objects_before < OBJECT_GROWTH_LIMIT, objects_after - objects_before
        assert rss_after - rss_before < RSS_GROWTH_LIMIT_KIB, rss_after - rss_before


CONTROL_CHARACTERS = {chr(code) for code in [*range(0x00, 0x20), *range(0x7F, 0xA0)]} - {"\n"}
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


async def test_no_control_or_bidi_character_of_the_hostile_file_reaches_the_screen(imported: Archive) -> None:
    """The fixture with ESC, CSI, OSC (title and hyperlink), C1, BEL, backspaces and bidi overrides, in the list
    and in the reader: markup stays literal, and not one C0, C1 or bidi control is drawn."""
    app = ArchiveApp(imported, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await search(pilot, "port strike")
        # The preview of the first hit follows a pause in the typing.
        await until(pilot, lambda: (shown := reader(app).document) is not None and shown.id == results(app).hits[0].id)
        listed = screen_text(app)
        assert "Port Strike Ends After Ten Days [bold]Today[/bold]" in listed
        await pilot.press("enter", "enter")
        await until(pilot, lambda: reader(app).document is not None)
        shown = screen_text(app)
        assert "[link=http://x]the full agreement[/link]" in shown
        assert "Sam Okafor" in shown and "evil.example" not in shown
        for text in (listed, shown):
            assert not CONTROL_CHARACTERS & set(text), sorted(map(hex, map(ord, CONTROL_CHARACTERS & set(text))))
            assert not BIDI_CONTROLS & set(text), sorted(map(hex, map(ord, BIDI_CONTROLS & set(text))))


async def test_a_damaged_text_segment_never_stops_the_browser(archive_path: Path) -> None:
    """Segment cut in half and the index gone: the browser still opens and searches; the reader says the text
    cannot be shown, and copying the article names the damage in a notice instead of crashing."""
    with Archive.open(archive_path) as archive:
        (segment,) = archive.records().segments()
        segment_file = archive.segments.path(segment)
        index_folder = archive.index.directory
    segment_file.write_bytes(segment_file.read_bytes()[:100])
    shutil.rmtree(index_folder)
    with Archive.open(archive_path) as archive:
        app = ArchiveApp(archive, show_timings=False)
        async with app.run_test(size=(140, 40), notifications=True) as pilot:
            await search(pilot, "missile")
            assert results(app).total > 0, "the titles are still found"
            await until(pilot, lambda: "text of this article cannot be shown" in screen_text(app))
            await pilot.press("escape", "y")
            await until(pilot, lambda: any("doctor --repair" in note.message for note in app._notifications))
            assert app.is_running
