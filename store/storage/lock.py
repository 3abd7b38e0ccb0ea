"""One writer at a time: an advisory lock file beside the store.

Readers never take it, so the browser and `search` keep working while an import runs. The lock is an `flock`
on `<store>.lock`, released by the kernel when the process dies, so a killed import never leaves the archive
locked. The holder writes its pid into the file only so that a waiting writer can say who it waits for.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from store.errors import LockBusyError, StoreError
from store.storage.files import describe_os_error


def lock_path(store_path: Path) -> Path:
    """The lock file guarding `store_path`."""
    return store_path.with_name(store_path.name + ".lock")


def _holder(handle_path: Path) -> str:
    try:
        pid = handle_path.read_text().strip()
    except OSError:
        return "another newsdesk process"
    return f"newsdesk process {pid}" if pid.isdigit() else "another newsdesk process"


@contextlib.contextmanager
def writer_lock(store_path: Path, *, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the store's writer lock for the duration of the block.

    With `wait=False` a busy lock raises `LockBusyError` at once; otherwise `on_wait` is told who holds it and
    the call blocks until it is free.
    """
    path = lock_path(store_path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise StoreError(f"{path}: cannot create lock file ({describe_os_error(error)})") from error
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(path)
            if not wait:
                raise LockBusyError(
                    f"{store_path}: {holder} is writing to this archive; try again when it finishes"
                ) from None
            if on_wait is not None:
                on_wait(f"waiting for {holder} to finish writing {store_path.name}...")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)
