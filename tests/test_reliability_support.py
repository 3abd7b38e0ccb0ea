"""Helpers shared by the reliability tests (this module holds no tests of its own).

They run the real console script, build generated corpora, and take byte-and-mtime snapshots of a store
folder so a test can prove that a failing command wrote nothing.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from fixtures.generate import article_folders, generate
from store.archive import Archive

NEWSDESK = Path(sys.executable).parent / "newsdesk"
"""The installed console script, run as a user would run it."""

UNSAFE_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Control characters (C0 but newline and tab, DEL, C1, ESC) and bidi overrides or isolates."""

Snapshot = dict[str, tuple[bytes, int]]


def corpus(folder: Path, count: int, seed: int) -> list[Path]:
    """`count` generated article files under `folder`; returns the site folders to import."""
    generate(count, folder, seed=seed)
    return article_folders(folder)


def run_newsdesk(db: Path, *args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    """Run `newsdesk --db DB ARGS...` as a subprocess and capture its raw output bytes."""
    return subprocess.run(
        [str(NEWSDESK), "--db", str(db), *map(str, args)],
        capture_output=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def snapshot(folder: Path, *, skip_lock: bool = False, skip_index: bool = False) -> Snapshot:
    """Every file below `folder` with its bytes and mtime.

    Optionally without the writer lock (which holds the last writer's pid) or the search index (derived
    data: tantivy may leave files of an abandoned batch for its next commit to collect).
    """
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and not (skip_lock and path.name.endswith(".lock"))
        and not (skip_index and path.relative_to(folder).parts[0].endswith(".index"))
    }


def assert_unchanged(folder: Path, before: Snapshot, *, skip_lock: bool = False, skip_index: bool = False) -> None:
    """The files below `folder` are the ones of `before`, with the same bytes and mtimes."""
    after = snapshot(folder, skip_lock=skip_lock, skip_index=skip_index)
    assert sorted(after) == sorted(before), "files were added or removed"
    changed = sorted(name for name in after if after[name] != before[name])
    assert changed == [], "files were rewritten"


def temp_files(folder: Path) -> list[str]:
    """Temporary files (ours end in `.tmp`, the index's stamp starts with `.stamp-`) left below `folder`."""
    return sorted(
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.name.endswith(".tmp") or path.name.startswith(".stamp-")
    )


def article_ids(db: Path) -> set[str]:
    """The ids of the committed generation of the archive at `db`."""
    with Archive.open(db) as archive:
        return set(archive.records().articles)


def unsafe_characters(data: bytes) -> list[str]:
    """Every terminal-unsafe character in output bytes; bytes that are not UTF-8 (a raw 0x9b is CSI) count too."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return [f"invalid UTF-8 at byte {error.start}"]
    return sorted({repr(match.group()) for match in UNSAFE_TEXT.finditer(text)})
