"""A full disk or a read-only folder during import: one clear error line, the previous store intact, no litter.

We run as root (here and in CI), so permissions cannot make a folder read-only; the faults are injected
instead: `os.fsync` of a regular file fails with ENOSPC at the n-th write of an import, or every attempt to
create, replace or delete a file in the store folder fails as it would in a read-only folder (EACCES) or on
a read-only file system (EROFS). The chmod variant runs only when the tests are not root.
"""

from __future__ import annotations

import builtins
import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from store.archive import Archive
from store.storage import segments
from tests.conftest import CliResult
from tests.test_reliability_support import article_ids, assert_unchanged, corpus, snapshot, temp_files

Cli = Callable[..., CliResult]

SEGMENTS = 3
"""The incoming corpus fills this many text segments (the segment size is shrunk to make it so)."""

IMPORT_WRITES = SEGMENTS + 2
"""File writes of one import before the index: each segment, the records file, then `archive.json`."""


@pytest.fixture
def first_generation(db_path: Path, tmp_path: Path) -> set[str]:
    """An archive holding eight articles; returns their ids."""
    with Archive.open(db_path, create=True) as archive:
        archive.import_paths(corpus(tmp_path / "first", 8, seed=1))
        return set(archive.records().articles)


@pytest.fixture
def incoming(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Folders of 30 new articles, which an import writes as three segments of ten."""
    monkeypatch.setattr(segments, "SEGMENT_SIZE", 10)
    return corpus(tmp_path / "incoming", 10 * SEGMENTS, seed=2)


def _assert_index_answers(db: Path, ids: set[str]) -> None:
    """The archive still holds `ids` and its index, still current, finds exactly them."""
    with Archive.open(db) as archive:
        assert set(archive.records().articles) == ids
        assert archive.index_is_current()
        assert {hit.id for hit in archive.search("", limit=100).hits} == ids


def _fail_nth_file_fsync(monkeypatch: pytest.MonkeyPatch, nth: int, code: int) -> list[int]:
    """Make the `nth` fsync of a regular file fail with `code`; returns the running count of such fsyncs."""
    calls: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            calls.append(fd)
            if len(calls) == nth:
                raise OSError(code, os.strerror(code))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return calls


def _assert_one_line_error(result: CliResult, reason: str) -> None:
    assert result.code == 2
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsdesk: "), result.err
    assert reason in lines[0] and "Traceback" not in result.err


@pytest.mark.parametrize("nth", range(1, IMPORT_WRITES + 1))
def test_full_disk_at_any_write_keeps_the_previous_store(
    cli: Cli,
    db_path: Path,
    first_generation: set[str],
    incoming: list[Path],
    monkeypatch: pytest.MonkeyPatch,
    nth: int,
) -> None:
    """ENOSPC at each write of an import: one error line, exit 2, store files untouched, no temp files."""
    folder = db_path.parent
    before = snapshot(folder, skip_lock=True, skip_index=True)
    calls = _fail_nth_file_fsync(monkeypatch, nth, errno.ENOSPC)
    result = cli("import", *incoming)
    monkeypatch.undo()
    assert len(calls) == nth
    _assert_one_line_error(result, "could not write (no space left on device)")
    assert temp_files(folder) == []
    assert_unchanged(folder, before, skip_lock=True, skip_index=True)
    _assert_index_answers(db_path, first_generation)


def test_full_disk_leaves_nothing_for_the_next_import_to_trip_on(
    db_path: Path, first_generation: set[str], incoming: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an import failed on a full disk, the same import succeeds once there is room."""
    _fail_nth_file_fsync(monkeypatch, 2, errno.ENOSPC)
    with pytest.raises(Exception, match="no space left on device"), Archive.open(db_path) as archive:
        archive.import_paths(incoming)
    monkeypatch.undo()
    monkeypatch.setattr(segments, "SEGMENT_SIZE", 10)
    with Archive.open(db_path) as archive:
        assert archive.import_paths(incoming).imported == 10 * SEGMENTS
    ids = article_ids(db_path)
    assert first_generation < ids and len(ids) == len(first_generation) + 10 * SEGMENTS


def test_full_disk_while_updating_the_index_reports_and_recovers(
    cli: Cli, db_path: Path, first_generation: set[str], incoming: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC on the index's stamp (after the store committed): one error line, then a search rebuilds."""
    _fail_nth_file_fsync(monkeypatch, IMPORT_WRITES + 1, errno.ENOSPC)
    result = cli("import", *incoming)
    monkeypatch.undo()
    _assert_one_line_error(result, "no space left on device")
    assert temp_files(db_path.parent) == []
    ids = article_ids(db_path)
    assert ids in (first_generation, first_generation | ids) and len(ids) in (8, 8 + 10 * SEGMENTS)
    search = cli("search", "", "--json", "--limit", "100")
    assert search.code == 0 and len(search.out.splitlines()) == len(ids)


def _forbid_changes_in(folder: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """Every attempt to change `folder`'s contents fails with `code`.

    EACCES is a read-only folder: files in it may still be opened for writing, but nothing can be created,
    renamed, linked or deleted there. EROFS is a read-only file system: no file may even be opened to write.
    """
    inside = str(folder)

    def within(path: Any) -> bool:
        return isinstance(path, str | os.PathLike) and os.path.abspath(os.fspath(path)).startswith(inside)

    def refuse(path: Any) -> None:
        raise OSError(code, os.strerror(code), os.fspath(path))

    def writes_to(path: Any, creates: bool) -> bool:
        return within(path) and (code == errno.EROFS or (creates and not os.path.exists(path)))

    real_open, real_os_open = builtins.open, os.open

    def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if set(mode) & set("wax+") and writes_to(file, creates=True):
            refuse(file)
        return real_open(file, mode, *args, **kwargs)

    def guarded_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and writes_to(path, creates=bool(flags & os.O_CREAT)):
            refuse(path)
        return real_os_open(path, flags, *args, **kwargs)

    def guard(real: Callable[..., Any]) -> Callable[..., Any]:
        def guarded(first: Any, *args: Any, **kwargs: Any) -> Any:
            if within(first) or any(within(arg) for arg in args):
                refuse(first)
            return real(first, *args, **kwargs)

        return guarded

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)
    for name in ("replace", "rename", "link", "unlink", "mkdir", "rmdir", "symlink"):
        monkeypatch.setattr(os, name, guard(getattr(os, name)))


@pytest.mark.parametrize(
    ("code", "reason"), [(errno.EACCES, "permission denied"), (errno.EROFS, "read-only file system")]
)
def test_read_only_store_folder_keeps_the_previous_store(
    cli: Cli,
    db_path: Path,
    first_generation: set[str],
    incoming: list[Path],
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    reason: str,
) -> None:
    """Import into a read-only folder or file system: one error line naming why, exit 2, nothing changed."""
    folder = db_path.parent
    before = snapshot(folder, skip_lock=True, skip_index=True)
    _forbid_changes_in(folder, monkeypatch, code)
    result = cli("import", *incoming)
    monkeypatch.undo()
    _assert_one_line_error(result, reason)
    assert temp_files(folder) == []
    assert_unchanged(folder, before, skip_lock=True, skip_index=True)
    _assert_index_answers(db_path, first_generation)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions; the injected variant covers it")
def test_chmod_read_only_store_folder_keeps_the_previous_store(
    cli: Cli, db_path: Path, first_generation: set[str], incoming: list[Path]
) -> None:
    """The real thing: a store folder without write permission."""
    folder = db_path.parent
    before = snapshot(folder, skip_lock=True, skip_index=True)
    modes = {path: path.stat().st_mode for path in [folder, *folder.rglob("*")] if path.is_dir()}
    for path in modes:
        path.chmod(0o555)
    try:
        result = cli("import", *incoming)
    finally:
        for path, mode in modes.items():
            path.chmod(mode)
    _assert_one_line_error(result, "permission denied")
    assert temp_files(folder) == []
    assert_unchanged(folder, before, skip_lock=True, skip_index=True)
    _assert_index_answers(db_path, first_generation)
