"""The search index's writer failing (full disk, dead worker thread): one line, exit 2, the store as it was.

Tantivy writes from Rust threads, so the file-level fault injection of `test_reliability_faults.py` cannot
reach it. Its failures are injected one level up instead, as the errors tantivy really raises (a dead writer
reports every later call as a `ValueError` carrying the Rust text), and once for real on a 2 MB tmpfs where
the machine lets the tests mount one.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from store.archive import Archive
from store.search import index as index_module
from tests.conftest import CliResult
from tests.test_reliability_support import article_ids, assert_unchanged, corpus, run_newsdesk, snapshot, temp_files

Cli = Callable[..., CliResult]

KILLED = (
    "An error occurred in a thread: 'An index writer was killed.. A worker thread encountered an error "
    "(io::Error most likely) or panicked.'"
)
"""What tantivy 0.2x raises from `add_document` once a worker thread of the writer hit a full disk."""


class DyingWriter:
    """A tantivy writer that dies, as a writer on a full disk does, at the `dies_at`-th call of `method`."""

    def __init__(self, writer: Any, method: str, dies_at: int) -> None:
        self._writer = writer
        self._method = method
        self._left = dies_at

    def __getattr__(self, name: str) -> Any:
        real = getattr(self._writer, name)
        if name != self._method:
            return real

        def call(*args: Any) -> Any:
            self._left -= 1
            if self._left <= 0:
                raise ValueError(KILLED)
            return real(*args)

        return call


def _kill_writers(monkeypatch: pytest.MonkeyPatch, method: str, dies_at: int) -> None:
    """Every index batch from now on gets a writer that dies at the `dies_at`-th `method` call."""
    real_init = index_module.IndexBatch.__init__

    def init(self: index_module.IndexBatch, index: Any, writer: Any, *args: Any) -> None:
        real_init(self, index, DyingWriter(writer, method, dies_at), *args)

    monkeypatch.setattr(index_module.IndexBatch, "__init__", init)


@pytest.fixture
def first_generation(db_path: Path, tmp_path: Path) -> set[str]:
    """An archive holding eight articles with a current index; returns their ids."""
    with Archive.open(db_path, create=True) as archive:
        archive.import_paths(corpus(tmp_path / "first", 8, seed=1))
        return set(archive.records().articles)


def _assert_one_line(result: CliResult, *parts: str) -> None:
    assert result.code == 2 and result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsdesk: "), result.err
    assert all(part in lines[0] for part in parts), lines[0]


@pytest.mark.parametrize(
    ("method", "dies_at"), [("add_document", 1), ("add_document", 7), ("delete_documents_by_term", 3)]
)
def test_a_dying_index_writer_abandons_the_import(
    cli: Cli,
    db_path: Path,
    tmp_path: Path,
    first_generation: set[str],
    monkeypatch: pytest.MonkeyPatch,
    method: str,
    dies_at: int,
) -> None:
    """The writer dies while the import parses: one line, exit 2, the store files untouched, no litter."""
    folder = db_path.parent
    incoming = corpus(tmp_path / "incoming", 12, seed=2)
    before = snapshot(folder, skip_lock=True, skip_index=True)
    _kill_writers(monkeypatch, method, dies_at)
    result = cli("import", *incoming)
    monkeypatch.undo()
    _assert_one_line(result, "could not write the search index", "writer stopped", "nothing was imported")
    assert temp_files(folder) == []
    assert_unchanged(folder, before, skip_lock=True, skip_index=True)
    with Archive.open(db_path) as archive:
        assert archive.index_is_current()
        assert {hit.id for hit in archive.search("", limit=100).hits} == first_generation
    assert cli("import", *incoming).code == 0
    assert len(article_ids(db_path)) == len(first_generation) + 12


def test_a_dying_index_writer_on_a_new_archive_leaves_no_archive_behind(
    cli: Cli, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first import builds a fresh index; its writer dying leaves neither records nor index data."""
    _kill_writers(monkeypatch, "add_document", 2)
    result = cli("import", *corpus(tmp_path / "incoming", 5, seed=3))
    monkeypatch.undo()
    _assert_one_line(result, "nothing was imported")
    index_folder = db_path.with_name(db_path.stem + ".index")
    assert list(index_folder.glob("data-*")) == []
    assert not db_path.exists()


def test_a_dying_index_writer_after_tagging_keeps_the_tag(
    cli: Cli, db_path: Path, first_generation: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tag is committed before the index is touched: the error says so, and the next search rebuilds."""
    article = sorted(first_generation)[0]
    _kill_writers(monkeypatch, "add_document", 1)
    result = cli("tag", article, "kept")
    monkeypatch.undo()
    _assert_one_line(result, "could not write the search index", "rebuilt on next use")
    search = cli("search", "tag:kept", "--json")
    assert search.code == 0 and article in search.out


@contextlib.contextmanager
def _tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A small tmpfs mounted at `where`, or a skip where this machine does not let the tests mount one."""
    where.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(folder: Path, leave_kib: int) -> None:
    free = shutil.disk_usage(folder).free // 1024
    (folder / "filler").write_bytes(b"\0" * max(0, free - leave_kib) * 1024)


@pytest.mark.parametrize("leave_kib", [20, 100])
def test_a_real_full_disk_in_the_index_writer(tmp_path: Path, leave_kib: int) -> None:
    """The reproduction: a second import onto a nearly full 2 MB tmpfs, run as the real console script."""
    with _tmpfs(tmp_path / "disk", "2m") as disk:
        db = disk / "archive.json"
        assert run_newsdesk(db, "import", *corpus(tmp_path / "first", 8, seed=1)).returncode == 0
        _fill(disk, leave_kib)
        result = run_newsdesk(db, "import", *corpus(tmp_path / "incoming", 160, seed=2))
        err = result.stderr.decode()
        assert result.returncode == 2 and len(err.splitlines()) == 1 and "Traceback" not in err, err
        assert "could not write" in err
        (disk / "filler").unlink()
        assert len(article_ids(db)) == 8
        doctor = run_newsdesk(db, "doctor")
        assert doctor.returncode == 0, doctor.stdout.decode()
