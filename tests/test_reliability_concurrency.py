"""Two writers at once: the second waits for the lock and says so, or with `--no-wait` exits 2 at once.

Either way no update is lost: a writer re-reads the committed generation after taking the lock, so an
import (or a tag) that started from an older view still commits on top of what the other one wrote.
"""

from __future__ import annotations

import os
import selectors
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from store.archive import Archive
from store.storage.lock import writer_lock
from tests.conftest import CliResult
from tests.test_reliability_support import NEWSDESK, article_ids, assert_unchanged, corpus, snapshot

Cli = Callable[..., CliResult]


@pytest.fixture
def first(db_path: Path, tmp_path: Path) -> set[str]:
    """An archive holding six articles; returns their ids."""
    with Archive.open(db_path, create=True) as archive:
        archive.import_paths(corpus(tmp_path / "first", 6, seed=1))
        return set(archive.records().articles)


def _start_import(db: Path, folders: list[Path], *options: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(NEWSDESK), "--db", str(db), "import", *options, *map(str, folders)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _first_stderr_line(process: subprocess.Popen[bytes], timeout: float) -> bytes:
    """The first line the process writes on stderr, or b"" if none comes within `timeout` seconds."""
    assert process.stderr is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stderr, selectors.EVENT_READ)
        if not selector.select(timeout):
            return b""
    return process.stderr.readline()


def test_second_import_waits_for_the_lock_and_says_so(db_path: Path, first: set[str], tmp_path: Path) -> None:
    """While another process holds the lock, `newsdesk import` says whom it waits for, then imports."""
    incoming = corpus(tmp_path / "incoming", 5, seed=2)
    with writer_lock(db_path):
        process = _start_import(db_path, incoming)
        line = _first_stderr_line(process, timeout=30)
        assert (
            line == f"newsdesk: waiting for newsdesk process {os.getpid()} to finish writing archive.json...\n".encode()
        )
        time.sleep(0.3)
        assert process.poll() is None, "the import did not wait for the lock"
    out, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (0, b"")
    assert out == b"5 imported, 0 updated, 0 unchanged, 0 duplicates, 0 skipped, 0 failed\n"
    assert len(article_ids(db_path)) == len(first) + 5


def test_no_wait_import_exits_2_at_once_and_writes_nothing(
    cli: Cli, db_path: Path, first: set[str], tmp_path: Path
) -> None:
    """`import --no-wait` against a held lock: one line naming the holder, exit 2, within a second."""
    incoming = corpus(tmp_path / "incoming", 5, seed=2)
    before = snapshot(db_path.parent, skip_lock=True)
    with writer_lock(db_path):
        started = time.perf_counter()
        result = cli("import", "--no-wait", *incoming)
        elapsed = time.perf_counter() - started
    assert elapsed < 1.0
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"newsdesk: {db_path}: newsdesk process {os.getpid()} is writing to this archive; try again when it finishes\n"
    )
    assert_unchanged(db_path.parent, before, skip_lock=True)
    assert article_ids(db_path) == first


def test_a_writer_that_opened_earlier_still_keeps_the_other_writers_update(
    db_path: Path, first: set[str], tmp_path: Path
) -> None:
    """Two archive objects opened on one generation both import: the later commit keeps the earlier one's."""
    left, right = corpus(tmp_path / "left", 4, seed=2), corpus(tmp_path / "right", 4, seed=3)
    with Archive.open(db_path) as early, Archive.open(db_path) as late:
        assert len(early.records()) == len(late.records()) == len(first)
        late.import_paths(right)
        early.import_paths(left)
        early.tag(min(first), ["early"])
        late.tag(min(first), ["late"])
        early.set_note(min(first), "written by the early one")
        late.tag(min(first), ["later"])
    assert len(article_ids(db_path)) == len(first) + 8
    with Archive.open(db_path) as archive:
        assert archive.user_data(min(first)).tags == ("early", "late", "later")
        assert archive.user_data(min(first)).note == "written by the early one"
        assert archive.search("", limit=1).total == len(first) + 8


def test_two_import_processes_at_once_lose_nothing(db_path: Path, first: set[str], tmp_path: Path) -> None:
    """Two `newsdesk import` processes started together (a tag and a note run beside): both land whole."""
    left, right = corpus(tmp_path / "left", 120, seed=2), corpus(tmp_path / "right", 120, seed=3)
    processes = [_start_import(db_path, left), _start_import(db_path, right)]
    tagger = subprocess.run(
        [str(NEWSDESK), "--db", str(db_path), "tag", min(first), "during"],
        capture_output=True,
        timeout=120,
        check=False,
    )
    noter = subprocess.run(
        [str(NEWSDESK), "--db", str(db_path), "note", min(first)],
        input=b"noted while two imports ran",
        capture_output=True,
        timeout=120,
        check=False,
    )
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    assert (tagger.returncode, noter.returncode) == (0, 0), (tagger.stderr, noter.stderr)
    with Archive.open(db_path) as archive:
        assert len(archive.records()) == len(first) + 240
        assert archive.user_data(min(first)) == (("during",), False, "noted while two imports ran")
        archive.ensure_index()
        assert archive.search("", limit=1).total == len(first) + 240
        assert archive.search("tag:during", limit=5).total == 1
