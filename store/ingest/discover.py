"""Which files an import looks at: recursive, hidden files skipped, symlink loops broken, every failure named.

The archive's own files are never among them, wherever the archive lives (`newsdesk --db ~/news/archive.json
import ~/news` must not import its records as articles), and `--include` / `--exclude` globs let a user who
knows better widen or narrow what is read. Reading and parsing the files found is `reading.py`'s job.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from store.paths import display_path, path_key
from store.storage.files import describe_os_error


@dataclass(frozen=True)
class SourceFile:
    """A candidate article file and the stat figures that let a re-import skip it unread."""

    path: Path
    size: int
    mtime_ns: int

    @property
    def key(self) -> str:
        """The path as stored in the archive (see `store.paths`)."""
        return path_key(self.path)


@dataclass(frozen=True)
class Selection:
    """What an import leaves out besides hidden files: the archive's own files and the user's globs.

    `include` globs also force a match to be read as an article even when it looks like no article (a
    `notes.csv` the user knows to be prose); `exclude` wins over everything.
    """

    own_folder: str | None = None
    """The real path of the folder holding the archive, whose own files are never imported."""
    own_names: frozenset[str] = frozenset()
    own_prefix: str | None = None
    """`archive.json.` also marks its `.bak`, `.lock` and the copies `doctor` sets aside."""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @classmethod
    def for_archive(cls, archive: Path, include: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> Selection:
        """Leave out the files of the archive at `archive` (its `.d` and `.index` folders included)."""
        folder = os.path.realpath(archive.parent)
        names = frozenset({archive.name, f"{archive.stem}.d", f"{archive.stem}.index"})
        return cls(folder, names, f"{archive.name}.", include, exclude)

    def is_own(self, folder_real: str, name: str) -> bool:
        """Whether `name` in the folder whose real path is `folder_real` belongs to the archive."""
        if folder_real != self.own_folder:
            return False
        return name in self.own_names or (self.own_prefix is not None and name.startswith(self.own_prefix))

    def is_excluded(self, path: str) -> bool:
        """Whether an `--exclude` glob matches the path or its file name."""
        return _matches(path, self.exclude)

    def is_forced(self, path: str) -> bool:
        """Whether an `--include` glob matches: then the file is read as an article whatever it looks like."""
        return _matches(path, self.include)

    def admits(self, path: str) -> bool:
        """With `--include` given, only the files it matches are imported."""
        return not self.include or _matches(path, self.include)


def _matches(path: str, patterns: tuple[str, ...]) -> bool:
    base = os.path.basename(path)
    return any(fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(base, pattern) for pattern in patterns)


@dataclass(frozen=True)
class Failure:
    """A file or argument that could not be imported, and why, for the `path: reason` report."""

    path: str
    error: str


@dataclass(frozen=True)
class Skip:
    """A file that is no article (or the archive's own), and why: counted as skipped, never stored."""

    path: str
    reason: str


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _walk(folder: str, seen: set[tuple[int, int]], selection: Selection) -> Iterator[SourceFile | Failure | Skip]:
    """Files below `folder` in a stable order; each real folder is entered once, so symlink loops end.

    Works on `os.DirEntry` rather than `Path`: a re-import of 50,000 unchanged files is mostly this walk, and
    directory entries know their type without a stat call.
    """
    try:
        info = os.stat(folder)
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        yield Failure(display_path(folder), f"cannot open folder ({describe_os_error(error)})")
        return
    identity = (info.st_dev, info.st_ino)
    if identity in seen:
        return
    seen.add(identity)
    folder_real = os.path.realpath(folder)
    for entry in entries:
        if _is_hidden(entry.name) or selection.is_own(folder_real, entry.name) or selection.is_excluded(entry.path):
            continue
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
            file_info = entry.stat() if is_file else None
        except OSError as error:
            yield Failure(display_path(entry.path), describe_os_error(error))
            continue
        if is_dir:
            yield from _walk(entry.path, seen, selection)
        elif file_info is not None and not selection.admits(entry.path):
            continue
        elif file_info is not None:
            yield SourceFile(Path(entry.path), file_info.st_size, file_info.st_mtime_ns)
        else:
            yield Failure(display_path(entry.path), _not_a_file_reason(entry.path))


def _not_a_file_reason(path: str) -> str:
    return "broken symbolic link" if os.path.islink(path) and not os.path.exists(path) else "not a regular file"


def discover(paths: Iterable[Path], selection: Selection | None = None) -> Iterator[SourceFile | Failure | Skip]:
    """Every importable file under `paths`; a path named explicitly is used even if hidden or not included."""
    selection = selection or Selection()
    seen: set[tuple[int, int]] = set()
    for path in paths:
        try:
            info = path.stat()
        except OSError as error:
            yield Failure(display_path(path), describe_os_error(error))
            continue
        if selection.is_own(os.path.realpath(path.parent), path.name):
            yield Skip(display_path(path), "a file of the archive itself, never imported")
        elif stat.S_ISDIR(info.st_mode):
            yield from _walk(os.fspath(path), seen, selection)
        elif stat.S_ISREG(info.st_mode):
            yield SourceFile(path, info.st_size, info.st_mtime_ns)
        else:
            yield Failure(display_path(path), "not a regular file")
