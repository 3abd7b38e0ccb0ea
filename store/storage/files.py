"""How newsdesk's TinyDB files reach the disk without ever being half-written.

TinyDB hands its storage the whole database on every write. `AtomicJSONStorage` turns that into one crash-safe
step: serialise with orjson, write a temp file in the same folder, fsync it, keep the previous generation as
`.bak`, `os.replace` it into place and fsync the folder. A reader therefore always sees one complete generation.

A file that exists but does not hold a TinyDB-shaped JSON object is never overwritten: `read` raises `StoreError`
telling the user what is wrong, so a damaged archive can still be restored from its `.bak` by hand or by
`newsdesk doctor --restore`.

`SnapshotMiddleware` keeps the parsed data in memory (TinyDB would otherwise re-read and re-parse the file for
every query) and lets a caller batch many table operations into one write with `batch()`.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from tinydb.middlewares import Middleware
from tinydb.storages import Storage

from store.errors import StoreError

Tables = dict[str, dict[str, Any]]


def backup_path(path: Path) -> Path:
    """Where the previous generation of `path` is kept."""
    return path.with_name(path.name + ".bak")


def describe_os_error(error: OSError) -> str:
    """A short human reason for a failed file operation ("no space left on device")."""
    if error.errno == errno.ENOSPC:
        return "no space left on device"
    return (error.strerror or str(error)).lower()


def fsync_directory(folder: Path) -> None:
    """Make a rename inside `folder` durable; some file systems refuse to open a folder, which is harmless."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _keep_backup(path: Path) -> None:
    """Make `.bak` a copy of the current file without ever leaving `path` missing.

    A hard link costs nothing and keeps the old inode alive after `os.replace`; where links are not
    supported the bytes are copied instead.
    """
    backup = backup_path(path)
    staging = path.with_name(f".{path.name}.bak.{os.getpid()}.tmp")
    try:
        os.link(path, staging)
    except FileNotFoundError:
        return
    except OSError:
        staging.write_bytes(path.read_bytes())
    os.replace(staging, backup)


def atomic_write(path: Path, payload: bytes, *, keep_backup: bool = False) -> None:
    """Replace `path` with `payload` in one step, or leave it untouched and raise `StoreError`.

    No temp file is left behind whatever fails, so a full disk or a read-only folder costs nothing but the
    error message.
    """
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temp, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if keep_backup:
            _keep_backup(path)
        os.replace(temp, path)
        fsync_directory(path.parent)
    except OSError as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise StoreError(f"{path}: could not write ({describe_os_error(error)})") from error


def discard(path: Path) -> None:
    """Delete a leftover file before writing its name afresh; failing to is a `StoreError` like a failed write."""
    try:
        path.unlink()
    except FileNotFoundError:
        return
    except OSError as error:
        raise StoreError(f"{path}: could not remove ({describe_os_error(error)})") from error


RESTORE_ADVICE = "restore the previous generation with `newsdesk doctor --restore`"


def load_tables(path: Path, advice: str = RESTORE_ADVICE) -> Tables | None:
    """Read a TinyDB file; None when it does not exist. Raises `StoreError` for anything unusable.

    `advice` ends the error line: what mends this kind of file (a write-once segment is not restored).
    """
    try:
        payload = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreError(f"{path}: cannot read ({describe_os_error(error)})") from error
    if not payload.strip():
        raise StoreError(f"{path}: store file is empty; {advice}")
    try:
        data = orjson.loads(payload)
    except orjson.JSONDecodeError as error:
        raise StoreError(f"{path}: not valid JSON ({error.msg} at byte {error.pos}); {advice}") from error
    if not isinstance(data, dict) or not all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values()) for table in data.values()
    ):
        raise StoreError(f"{path}: not a newsdesk store (JSON of the wrong shape); {advice}")
    return data


class AtomicJSONStorage(Storage):
    """TinyDB storage writing orjson atomically, optionally keeping a `.bak` of the previous generation."""

    def __init__(self, path: Path, *, keep_backup: bool = False) -> None:
        self.path = path
        self.keep_backup = keep_backup

    def read(self) -> Tables | None:
        return load_tables(self.path)

    def write(self, data: Tables) -> None:
        atomic_write(self.path, orjson.dumps(data), keep_backup=self.keep_backup)

    def close(self) -> None:
        """Nothing is held open between writes."""


class SnapshotMiddleware(Middleware):
    """Serve reads from memory and optionally defer writes until the end of a batch.

    TinyDB re-reads the storage on every table operation; for a file of tens of thousands of records that
    would mean parsing it again for each lookup. Inside `batch()` every write lands in memory and the file is
    written once when the batch ends; if the batch raises, the in-memory changes are dropped and the file on
    disk still holds the last committed generation.
    """

    def __init__(self, storage_cls: type[Storage]) -> None:
        super().__init__(storage_cls)
        self._snapshot: Tables | None = None
        self._loaded = False
        self._batching = False
        self._dirty = False

    def read(self) -> Tables | None:
        if not self._loaded:
            self._snapshot = self.storage.read()
            self._loaded = True
        return self._snapshot

    def write(self, data: Tables) -> None:
        self._snapshot = data
        self._loaded = True
        if self._batching:
            self._dirty = True
        else:
            self.storage.write(data)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group table operations into a single write of the file; an inner batch joins the outer one."""
        if self._batching:
            yield
            return
        self._batching = True
        self._dirty = False
        try:
            yield
        except BaseException:
            self._loaded = False
            self._snapshot = None
            raise
        finally:
            self._batching = False
        if self._dirty and self._snapshot is not None:
            try:
                self.storage.write(self._snapshot)
            except BaseException:
                self._loaded = False
                self._snapshot = None
                raise

    def reload(self) -> None:
        """Forget the in-memory copy so the next read sees what other processes committed."""
        self._loaded = False
        self._snapshot = None


def prepare_store_path(path: Path, *, create: bool) -> Path:
    """The absolute path of an archive to open; only `create` (the import command) may start a new one there.

    An empty file where no archive has ever lived (no `.bak`, no data folder) is a file the user made, and
    becomes the new archive; with a history it is damage, and is left for the commands to refuse.
    """
    path = path.expanduser().absolute()
    exists = path.exists()
    if exists and path.is_dir():
        raise StoreError(f"{path}: is a folder, not an archive file")
    if not exists and not create:
        raise StoreError(f"{path}: no archive here yet; create one with `newsdesk import PATH...`")
    if create:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"{path.parent}: cannot create folder ({error.strerror})") from error
        has_history = backup_path(path).exists() or path.with_name(path.stem + ".d").exists()
        if exists and path.stat().st_size == 0 and not has_history:
            path.unlink()
    return path
