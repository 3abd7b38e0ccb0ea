"""More than one writer at a time: the browser starring and tagging while `newsdesk import` runs, and three
writer processes on one archive.

- The browser (the real `ArchiveApp`, driven by Pilot in this process) stars and tags article after article
  while a real `newsdesk import` process imports 1,000 generated files into the same archive. Each `]` must
  show the next article at once, even while the browser's own writes wait for the import's lock; afterwards
  the screen shows every star and tag that was pressed, the store and the index hold them, and every imported
  article is there.
- Two imports of different corpora and a loop of `newsdesk tag` runs start together on one archive, round after
  round: the archive holds the union, `doctor` passes, and no tag a run reported is missing.
- An import of many tiny files (`bench/many_files.py`): the progress bar counts up on a terminal, nothing is
  printed on a pipe, and (slow) time and memory per file stay flat from 10,000 to 100,000 files.
- Four defects these runs found, each fixed and pinned here: the browser's archive object kept naming the
  records file of the generation it last saw, so once two imports elsewhere had swept that file a star failed
  with an error telling the user to restore the previous generation, and opening an article crashed the
  browser; the browser's own write moved its searcher to the newest generation, so a page of results loaded
  after it came from another snapshot than the pages before it; and a star pressed while another process
  wrote showed nothing until that process was done.

The figures go to tests/RELIABILITY.md.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from textual.message import Message
from textual.pilot import Pilot

from store.archive import Archive
from store.storage.lock import lock_path, writer_lock
from tests.conftest import REPO
from tests.test_app import reader, results, screen_text, until
from tests.test_app_reliability import write_articles
from tests.test_reliability_support import NEWSDESK, corpus, run_newsdesk
from tui.app import ArchiveApp
from tui.messages import UserDataChanged
from tui.screens.dialogs import TagScreen

CONFIRM_SECONDS = 30.0
"""How long a key's effect may take to show: a write waits for the import that holds the lock."""
TICK_SECONDS = 0.05


@dataclass(frozen=True)
class Browsing:
    """An archive for the browser and the folder an import brings in meanwhile."""

    db: Path
    incoming: Path
    articles: int
    files: int


def browsing(tmp_path: Path, articles: int, files: int, seed: int = 2) -> Browsing:
    """An archive of `articles` generated articles, and a corpus of `files` more to import during the test."""
    db = tmp_path / "store" / "archive.json"
    with Archive.open(db, create=True) as archive:
        archive.import_paths(corpus(tmp_path / "base", articles, seed=1))
    incoming = tmp_path / f"incoming-{seed}"
    corpus(incoming, files, seed=seed)
    return Browsing(db, incoming, articles, files)


def start_import(db: Path, *paths: Path) -> subprocess.Popen[bytes]:
    """`newsdesk import PATHS...` as a process of its own."""
    return subprocess.Popen(
        [str(NEWSDESK), "--db", str(db), "import", *map(str, paths)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


class Watched:
    """A `newsdesk import` process and when it held the lock: from the first time the lock file named it (seen by
    the app's 50 ms ticks) to its exit."""

    def __init__(self, db: Path, process: subprocess.Popen[bytes]) -> None:
        self.db = db
        self.process = process
        self.locked_at: float | None = None
        self.exited_at: float | None = None
        self.output: tuple[bytes, bytes] = (b"", b"")
        self._waiter = threading.Thread(target=self._wait, daemon=True)
        self._waiter.start()

    def _wait(self) -> None:
        self.output = self.process.communicate(timeout=300)
        self.exited_at = time.perf_counter()

    def look(self) -> bool:
        """Whether the import holds the lock now, remembering when it was first seen holding it."""
        if holds_lock(self.db, self.process):
            self.locked_at = self.locked_at or time.perf_counter()
            return True
        return False

    def finish(self) -> tuple[int, bytes, bytes]:
        """Wait for the import to exit: (exit code, stdout, stderr)."""
        self._waiter.join(timeout=300)
        assert not self._waiter.is_alive(), "the import did not finish"
        return self.process.returncode, *self.output

    @property
    def held_seconds(self) -> float:
        """How long the import held the lock."""
        assert self.locked_at is not None and self.exited_at is not None
        return self.exited_at - self.locked_at


def holds_lock(db: Path, process: subprocess.Popen[bytes]) -> bool:
    """Whether `process` holds the archive's writer lock now (the holder writes its pid into the lock file)."""
    try:
        holder = lock_path(db).read_text()
    except OSError:
        return False
    return process.poll() is None and holder == str(process.pid)


class Confirmations:
    """`UserDataChanged` messages (the browser posts one for each star or tag written), with when they came.

    A message bubbles from the screen to the app and the hook sees it at each, so they are told apart by identity.
    """

    def __init__(self) -> None:
        self.seen: list[tuple[Message, float]] = []

    def hook(self, message: Message) -> None:
        """The `run_test` message hook."""
        if isinstance(message, UserDataChanged) and all(message is not other for other, _ in self.seen):
            self.seen.append((message, time.perf_counter()))

    @property
    def count(self) -> int:
        """Stars and tags the browser confirmed."""
        return len(self.seen)

    @property
    def first(self) -> float:
        """When the first confirmation came."""
        return min(at for _, at in self.seen)

    @property
    def last(self) -> float:
        """When the last confirmation came."""
        return max(at for _, at in self.seen)


class Ticks:
    """A 50 ms interval on the app's loop: the longest gap between ticks is the longest the screen stood still
    (the test's own screen captures, which run on the same loop, included). Each tick also looks at the lock."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.watched: Watched | None = None

    def tick(self) -> None:
        """Called by the app's timer."""
        self.times.append(time.perf_counter())
        if self.watched is not None:
            self.watched.look()

    @property
    def longest_gap(self) -> float:
        """Seconds of the longest gap between two ticks."""
        return max((later - earlier for earlier, later in zip(self.times, self.times[1:], strict=False)), default=0.0)


@dataclass
class Tally:
    """What the browser was asked to do, and how fast the screen answered."""

    pressed: dict[str, set[str]] = field(default_factory=dict)
    """The tags (the star is the tag `starred`) pressed on each article."""
    during_import: int = 0
    """Stars and tags pressed while the import held the lock."""
    steps: list[float] = field(default_factory=list)
    """Seconds from each `]` to the next article on screen."""
    dialogs: list[float] = field(default_factory=list)
    """Seconds from each `t` to the tag dialog on screen."""
    first_press: float = 0.0
    """When the first `*` was pressed (the import held the lock then)."""

    @property
    def tried(self) -> int:
        """Stars and tags pressed."""
        return sum(len(tags) for tags in self.pressed.values())


async def timed(pilot: Pilot[None], keys: tuple[str, ...], shown: Callable[[], bool]) -> float:
    """Press `keys`, wait until `shown()` holds, and return how long that took."""
    started = time.perf_counter()
    await pilot.press(*keys)
    await until(pilot, shown, timeout=CONFIRM_SECONDS)
    return time.perf_counter() - started


def shown_id(pilot: Pilot[None]) -> str | None:
    """The id of the article in the reading pane."""
    document = reader(pilot.app).document
    return None if document is None else document.id


async def press_star_and_tag(pilot: Pilot[None], tally: Tally, watched: Watched) -> None:
    """Star the article on screen, tag every other one, and step on with `]`, never waiting for the writes: they
    queue up behind the import's lock."""
    article_id = shown_id(pilot)
    assert article_id is not None
    tags = {"starred"} | ({f"b{len(tally.pressed)}"} if len(tally.pressed) % 2 == 0 else set())
    tally.pressed[article_id] = tags
    tally.during_import += watched.look() * len(tags)
    tally.first_press = tally.first_press or time.perf_counter()
    await pilot.press("asterisk")
    for tag in sorted(tags - {"starred"}):
        tally.dialogs.append(await timed(pilot, ("t",), lambda: isinstance(pilot.app.screen, TagScreen)))
        await pilot.press(*tag, "enter")
    tally.steps.append(await timed(pilot, ("right_square_bracket",), lambda: shown_id(pilot) != article_id))


def _visible(pilot: Pilot[None], article_id: str, tags: set[str]) -> bool:
    markers = ["★ starred" if tag == "starred" else f"#{tag}" for tag in tags]
    text = screen_text(pilot.app)
    return shown_id(pilot) == article_id and all(marker in text for marker in markers)


async def walk_back(pilot: Pilot[None], tally: Tally) -> int:
    """Step back with `[` through every article pressed on: how many show all of their stars and tags."""
    shown = 0
    for article_id, tags in reversed(tally.pressed.items()):
        await pilot.press("left_square_bracket")
        shown += await appears(pilot, partial(_visible, pilot, article_id, tags))
    return shown


async def appears(pilot: Pilot[None], condition: Callable[[], bool]) -> bool:
    """Whether `condition` comes to hold within `until`'s usual five seconds."""
    try:
        await until(pilot, condition)
    except AssertionError:
        return False
    return True


def lost_in_store(db: Path, tally: Tally) -> int:
    """Stars and tags pressed that the store (read afresh) or its index does not hold."""
    with Archive.open(db) as archive:
        archive.ensure_index()
        lost = sum(len(tags - set(archive.user_data(article_id).tags)) for article_id, tags in tally.pressed.items())
        for tag in {tag for tags in tally.pressed.values() for tag in tags}:
            holders = {article_id for article_id, tags in tally.pressed.items() if tag in tags}
            lost += len(holders - {hit.id for hit in archive.search(f"tag:{tag}", limit=len(holders) + 5).hits})
    return lost


@dataclass(frozen=True)
class BrowsedImport:
    """The figures of one browser session during an import."""

    tally: Tally
    confirmed: int
    shown_after: int
    lost: int
    held_seconds: float
    first_star: float
    """Seconds from the first `*` (pressed while the import held the lock) to the browser confirming it."""
    writes_after: float
    """Seconds from the import's exit to the browser confirming the last star or tag."""
    longest_stall: float


async def browse_during_import(setup: Browsing, articles: int) -> BrowsedImport:
    """Open the reader on the first article, start the import, and once it holds the lock star and tag
    `articles` articles in a row; when every write is done, walk back over them and check screen and store."""
    ticks, confirmations = Ticks(), Confirmations()
    with Archive.open(setup.db) as archive:
        app = ArchiveApp(archive, show_timings=False)
        async with app.run_test(size=(140, 50), notifications=True, message_hook=confirmations.hook) as pilot:
            await until(pilot, lambda: results(app).total == setup.articles)
            await pilot.press("enter", "enter")
            await until(pilot, lambda: shown_id(pilot) is not None)
            app.set_interval(TICK_SECONDS, ticks.tick)
            watched = ticks.watched = Watched(setup.db, start_import(setup.db, setup.incoming))
            await until(pilot, watched.look, timeout=CONFIRM_SECONDS)
            tally = Tally()
            for _ in range(articles):
                await press_star_and_tag(pilot, tally, watched)
            code, out, err = watched.finish()
            assert (code, err) == (0, b""), err
            assert out.startswith(f"{setup.files} imported, ".encode())
            await until(pilot, lambda: all(worker.is_finished for worker in app.workers), timeout=CONFIRM_SECONDS)
            assert watched.exited_at is not None
            first_star, writes_after = confirmations.first - tally.first_press, confirmations.last - watched.exited_at
            confirmed = confirmations.count
            shown_after = await walk_back(pilot, tally)
            errors = [note.message for note in app._notifications if note.severity == "error"]
            assert errors == []
    with Archive.open(setup.db) as archive:
        assert len(archive.records()) == setup.articles + setup.files
    lost = lost_in_store(setup.db, tally)
    return BrowsedImport(
        tally, confirmed, shown_after, lost, watched.held_seconds, first_star, writes_after, ticks.longest_gap
    )


def report(figures: BrowsedImport) -> str:
    """One line of figures for RELIABILITY.md."""
    tally = figures.tally
    return (
        f"{tally.tried} stars and tags on {len(tally.pressed)} articles, {tally.during_import} of them while the "
        f"import held the lock ({figures.held_seconds:.2f} s); {figures.confirmed} confirmed, the first "
        f"{figures.first_star:.2f} s after it was pressed, the last {figures.writes_after:.2f} s after the import "
        f"exited; shown afterwards on {figures.shown_after}/{len(tally.pressed)} articles; lost {figures.lost}; "
        f"`]` slowest {max(tally.steps):.2f} s, `t` slowest {max(tally.dialogs):.2f} s; longest screen stall "
        f"{figures.longest_stall:.2f} s"
    )


async def test_stars_and_tags_pressed_during_an_import_all_land(tmp_path: Path) -> None:
    """6 articles starred, 3 of them tagged, while `newsdesk import` brings in 1,000 files: the browser keeps
    moving at once, every star and tag shows afterwards and is in the store, and all 1,000 articles are there."""
    setup = browsing(tmp_path, 24, 1000)
    figures = await browse_during_import(setup, 6)
    print(f"\n{report(figures)}")
    assert figures.tally.during_import > 0, "no star or tag was pressed while the import held the lock"
    assert figures.confirmed == figures.tally.tried
    assert figures.lost == 0
    assert figures.shown_after == len(figures.tally.pressed)
    assert max(figures.tally.steps) < 2.0, "`]` waited for the writes"


@pytest.mark.slow
async def test_stars_and_tags_during_imports_round_after_round(tmp_path: Path) -> None:
    """Five rounds, each a fresh browser session starring and tagging 20 articles while 3,000 files come in
    (the import holds the lock for about two seconds, so several presses land while it does)."""
    for round_number in range(5):
        setup = browsing(tmp_path / f"round-{round_number}", 30, 3000, seed=2 + round_number)
        figures = await browse_during_import(setup, 20)
        print(f"\nround {round_number}: {report(figures)}")
        assert figures.tally.during_import > 0
        assert figures.confirmed == figures.tally.tried
        assert figures.lost == 0
        assert figures.shown_after == len(figures.tally.pressed)


def harbour(round_number: int, count: int) -> dict[str, str]:
    """`count` short articles for an import elsewhere, distinct per round."""
    return {
        f"harbour-{round_number}-{n}.txt": (
            f"Harbour Report {round_number}-{n}\n\nMay {n + 1}, 2011 (VOA) -- Ships of round {round_number} "
            f"sailed on day {n + 1}.\n"
        )
        for n in range(count)
    }


def import_elsewhere(db: Path, tmp_path: Path, round_number: int) -> None:
    """`newsdesk import` of two new articles, run to the end, as from another terminal."""
    folder = write_articles(tmp_path / f"elsewhere-{round_number}", harbour(round_number, 2))
    done = run_newsdesk(db, "import", folder)
    assert done.returncode == 0, done.stderr


@pytest.fixture
def small_archive(tmp_path: Path) -> Path:
    """An archive of five short articles."""
    db = tmp_path / "store" / "archive.json"
    with Archive.open(db, create=True) as archive:
        archive.import_paths([write_articles(tmp_path / "base", harbour(0, 5))])
    return db


NOTICE = "press ctrl+r to reload"
"""What the browser says once its poll has seen a generation another process committed."""


async def test_a_star_after_three_imports_elsewhere_lands(small_archive: Path, tmp_path: Path) -> None:
    """Reading an article; an import in another terminal, which the browser announces; two more; then `*`."""
    with Archive.open(small_archive) as archive:
        app = ArchiveApp(archive, show_timings=False, refresh_seconds=0.1)
        async with app.run_test(size=(140, 50), notifications=True) as pilot:
            await until(pilot, lambda: results(app).total == 5)
            await pilot.press("enter", "enter")
            await until(pilot, lambda: shown_id(pilot) is not None)
            await until(pilot, lambda: all(worker.is_finished for worker in app.workers))
            import_elsewhere(small_archive, tmp_path, 1)
            await until(pilot, lambda: NOTICE in screen_text(app))
            import_elsewhere(small_archive, tmp_path, 2)
            import_elsewhere(small_archive, tmp_path, 3)
            article_id = shown_id(pilot)
            await pilot.press("asterisk")
            await until(pilot, lambda: all(worker.is_finished for worker in app.workers))
            assert [note.message for note in app._notifications if note.severity == "error"] == []
            assert "★ starred" in screen_text(app)
    with Archive.open(small_archive) as archive:
        assert archive.user_data(str(article_id)).tags == ("starred",)


async def test_opening_an_article_after_two_imports_elsewhere_keeps_the_browser_open(
    small_archive: Path, tmp_path: Path
) -> None:
    """The list on screen, two imports in another terminal, then Enter opens the first article."""
    with Archive.open(small_archive) as archive:
        app = ArchiveApp(archive, show_timings=False, refresh_seconds=60)
        async with app.run_test(size=(140, 50), notifications=True) as pilot:
            await until(pilot, lambda: results(app).total == 5)
            import_elsewhere(small_archive, tmp_path, 1)
            import_elsewhere(small_archive, tmp_path, 2)
            await pilot.press("enter", "enter")
            await until(pilot, lambda: shown_id(pilot) is not None)
            await until(pilot, lambda: all(worker.is_finished for worker in app.workers))
            assert app.is_running
        assert app.return_code in (None, 0)


async def test_the_pages_of_one_result_list_come_from_one_snapshot(tmp_path: Path) -> None:
    """60 articles listed a page at a time; 20 newer ones come in elsewhere; a star; then the rest of the list."""
    db = tmp_path / "store" / "archive.json"
    with Archive.open(db, create=True) as archive:
        archive.import_paths(corpus(tmp_path / "base", 60, seed=1))
    with Archive.open(db) as archive:
        app = ArchiveApp(archive, show_timings=False, refresh_seconds=60)
        async with app.run_test(size=(140, 40), notifications=True) as pilot:
            await until(pilot, lambda: results(app).total == 60)
            assert len(results(app).hits) < 60
            await pilot.press("enter", "enter")
            await until(pilot, lambda: shown_id(pilot) is not None)
            newer = {name: text.replace("2011", "2024") for name, text in harbour(1, 20).items()}
            assert run_newsdesk(db, "import", write_articles(tmp_path / "newer", newer)).returncode == 0
            await pilot.press("asterisk")
            await until(pilot, lambda: "★ starred" in screen_text(app))
            results(app).focus()
            for _ in range(10):
                await pilot.press("end")
                await pilot.pause(0.1)
            ids = [hit.id for hit in results(app).hits]
            assert (len(ids), len(set(ids)), results(app).total) == (60, 60, 60)


async def test_a_star_pressed_while_another_process_writes_is_acknowledged_at_once(small_archive: Path) -> None:
    """The lock held as a long import holds it; `*`: within a second the star, or a word that it waits, shows."""
    with Archive.open(small_archive) as archive:
        app = ArchiveApp(archive, show_timings=False, refresh_seconds=60)
        async with app.run_test(size=(140, 50), notifications=True) as pilot:
            await until(pilot, lambda: results(app).total == 5)
            await pilot.press("enter", "enter")
            await until(pilot, lambda: shown_id(pilot) is not None)
            await until(pilot, lambda: all(worker.is_finished for worker in app.workers))
            with writer_lock(small_archive):
                await pilot.press("asterisk")
                await pilot.pause(1.0)
                acknowledged = "★ starred" in screen_text(app) or any(
                    "wait" in str(note.message).lower() for note in app._notifications
                )
            await until(pilot, lambda: "★ starred" in screen_text(app), timeout=CONFIRM_SECONDS)
            assert acknowledged


@dataclass(frozen=True)
class Writers:
    """The base archive copied into each round, the two corpora imported at once, and the ids expected."""

    base: Path
    left: list[Path]
    right: list[Path]
    base_ids: list[str]
    expected: set[str]
    files_each: int


def writers(tmp_path: Path, files_each: int) -> Writers:
    """A base archive of 6 articles; two corpora; the union of ids, from importing all of it in-process."""
    base_files = corpus(tmp_path / "base-files", 6, seed=1)
    left = corpus(tmp_path / "left", files_each, seed=2)
    right = corpus(tmp_path / "right", files_each, seed=3)
    base = tmp_path / "base"
    with Archive.open(base / "archive.json", create=True) as archive:
        archive.import_paths(base_files)
        base_ids = sorted(archive.records().articles)
    reference = tmp_path / "reference" / "archive.json"
    with Archive.open(reference, create=True) as archive:
        archive.import_paths([*base_files, *left, *right])
        expected = set(archive.records().articles)
    assert len(expected) == 6 + 2 * files_each
    return Writers(base, left, right, base_ids, expected, files_each)


@dataclass
class TagLoop:
    """`newsdesk tag` runs, one after another in a thread: each adds one tag to one of the base articles."""

    db: Path
    wanted: list[tuple[str, str]]
    outcomes: list[tuple[int, bytes, bytes]] = field(default_factory=list)
    ended: list[float] = field(default_factory=list)

    def run(self) -> None:
        """Tag each (id, tag) in turn, keeping every run's exit code, output and end time."""
        for article_id, tag in self.wanted:
            done = run_newsdesk(self.db, "tag", article_id, tag)
            self.outcomes.append((done.returncode, done.stdout, done.stderr))
            self.ended.append(time.perf_counter())


@dataclass(frozen=True)
class Round:
    """What one round of three writers did."""

    seconds: float
    tags_during_imports: int
    """`tag` runs that ended while an import process was still running."""
    waited: int
    """Writers that printed `waiting for newsdesk process ...`."""
    rebuild_notices: int
    """`tag` runs that said the index was out of date (it was only mid-commit by an import)."""
    notices: frozenset[bytes]
    """Every distinct line the writers printed on stderr, digits replaced by `N`."""


def three_writers(setup: Writers, folder: Path, round_number: int, tags: int) -> Round:
    """Two imports and a tag loop started together on a copy of the base archive; then check the result."""
    shutil.copytree(setup.base, folder)
    db = folder / "archive.json"
    loop = TagLoop(db, [(setup.base_ids[n % len(setup.base_ids)], f"r{round_number}-{n}") for n in range(tags)])
    started = time.perf_counter()
    tagger = threading.Thread(target=loop.run)
    imports = [Watched(db, start_import(db, *setup.left)), Watched(db, start_import(db, *setup.right))]
    tagger.start()
    outcomes = [watched.finish() for watched in imports]
    tagger.join(timeout=300)
    seconds = time.perf_counter() - started
    assert [code for code, _, _ in outcomes] == [0, 0], outcomes
    assert all(out.startswith(f"{setup.files_each} imported".encode()) for _, out, _ in outcomes), outcomes
    check_round(setup, db, round_number, loop)
    last_import = max(watched.exited_at or 0.0 for watched in imports)
    errors = [err for _, _, err in outcomes] + [err for _, _, err in loop.outcomes]
    return Round(
        seconds,
        sum(ended < last_import for ended in loop.ended),
        sum(b"waiting for newsdesk process" in err for err in errors),
        sum(b"rebuilding it" in err for _, _, err in loop.outcomes),
        frozenset(re.sub(rb"\d+", b"N", line) for err in errors for line in err.splitlines()),
    )


def check_round(setup: Writers, db: Path, round_number: int, loop: TagLoop) -> None:
    """Every tag run reported its tag and the store holds it; the store holds the union; index and doctor agree."""
    assert [code for code, _, _ in loop.outcomes] == [0] * len(loop.wanted), loop.outcomes
    for (article_id, tag), (_, out, _) in zip(loop.wanted, loop.outcomes, strict=True):
        assert out.startswith(f"{article_id}: ".encode()) and tag.encode() in out.split(), out
    with Archive.open(db) as archive:
        assert set(archive.records().articles) == setup.expected
        for article_id, tag in loop.wanted:
            assert tag in archive.user_data(article_id).tags, (article_id, tag)
        assert archive.index_is_current()
        assert archive.search("", limit=1).total == len(setup.expected)
        assert archive.search(f"tag:r{round_number}-0", limit=5).total == 1
    doctor = run_newsdesk(db, "doctor")
    assert doctor.returncode == 0, doctor.stdout
    assert all(line.startswith(b"ok") for line in doctor.stdout.splitlines()), doctor.stdout


def rounds_report(results: list[Round]) -> str:
    """One line of figures for RELIABILITY.md."""
    seconds = [result.seconds for result in results]
    lines = frozenset[bytes]().union(*(result.notices for result in results))
    return (
        f"{len(results)} rounds, {min(seconds):.1f}-{max(seconds):.1f} s each; tag runs that ended while an import "
        f"ran: {sum(result.tags_during_imports for result in results)}; writers that waited for the lock: "
        f"{sum(result.waited for result in results)}; tag runs that announced a rebuild: "
        f"{sum(result.rebuild_notices for result in results)}; stderr lines: {sorted(map(bytes.decode, lines))}"
    )


def test_two_imports_and_a_tag_loop_at_once_keep_everything(tmp_path: Path) -> None:
    """Two rounds of two 100-file imports and six `newsdesk tag` runs started together: the union, every tag,
    `doctor` ok."""
    setup = writers(tmp_path, 100)
    results = [three_writers(setup, tmp_path / f"round-{n}", n, 6) for n in range(2)]
    print(f"\n{rounds_report(results)}")


@pytest.mark.slow
def test_three_writers_ten_rounds(tmp_path: Path) -> None:
    """Ten rounds of two 300-file imports and twelve `newsdesk tag` runs started together."""
    setup = writers(tmp_path, 300)
    results = [three_writers(setup, tmp_path / f"round-{n}", n, 12) for n in range(10)]
    print(f"\n{rounds_report(results)}")


MANY_FILES = REPO / "bench" / "many_files.py"
needs_gnu_time = pytest.mark.skipif(
    not Path("/usr/bin/time").exists(), reason="bench/many_files.py measures peak memory with GNU time"
)


def many_files(*counts: int) -> list[dict[str, Any]]:
    """Run `bench/many_files.py` for these counts of tiny files: one dict of figures per count."""
    done = subprocess.run(
        [sys.executable, str(MANY_FILES), "--counts", *map(str, counts), "--json"],
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    return [json.loads(line) for line in done.stdout.splitlines()]


@needs_gnu_time
def test_an_import_counts_up_on_a_terminal_and_prints_nothing_on_a_pipe() -> None:
    """1,000 tiny files: with stderr a terminal the bar counts up to 1,000/1,000; the re-import with stderr a
    pipe prints nothing there (and the summary line on stdout either way)."""
    (run,) = many_files(1000)
    assert run["summary"] == "1000 imported, 0 updated, 0 unchanged, 0 duplicates, 0 skipped, 0 failed"
    assert run["progress"]["final"] == [1000, 1000]
    assert run["progress"]["counts"] >= 2
    assert run["reimport_stderr"] == ""


@pytest.mark.slow
@needs_gnu_time
def test_time_and_memory_of_an_import_grow_linearly_with_the_number_of_files() -> None:
    """10,000, 30,000 and 100,000 tiny files: each further file costs no more time or memory than the first
    ones did, and the bar counts from the first seconds to the end."""
    runs = many_files(10_000, 30_000, 100_000)
    print("\n" + "\n".join(json.dumps(run) for run in runs))
    per_file = [run["seconds"] / run["files"] for run in runs]
    assert max(per_file) < 1.5 * per_file[0], per_file  # slack for a shared machine: 30,000 files took 2.9-3.8x
    marginal_mb = [
        (later["peak_rss_mb"] - earlier["peak_rss_mb"]) / (later["files"] - earlier["files"])
        for earlier, later in itertools.pairwise(runs)
    ]
    assert marginal_mb[1] < 1.5 * marginal_mb[0], marginal_mb
    for run in runs:
        assert run["progress"]["final"] == [run["files"], run["files"]]
        assert run["progress"]["first_count_s"] < 5
        assert run["reimport_stderr"] == ""
