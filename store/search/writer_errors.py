"""What tantivy raises while the index is written, turned into one line for the person who ran the command.

Tantivy reports a full disk, a read-only folder or a dead writer thread as `OSError` or as a `ValueError`
carrying the Rust error text, from any call on a writer (creating it, adding, deleting, committing). Each
becomes a `StoreError` naming the index and what the failure means for the user's data.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from store.errors import StoreError

REBUILT_ON_NEXT_USE: Final = "it is rebuilt on next use"
"""What a failed index write means once the store has committed: the index is stale, and stale means rebuilt."""
WRITER_STOPPED: Final = "An index writer was killed"
"""What tantivy says, wrapped in a thread error, once a worker thread of the writer hit an I/O error."""


@contextlib.contextmanager
def writing_index(directory: Path, consequence: str) -> Iterator[None]:
    """Turn whatever tantivy raises while writing into one line naming the index and `consequence`."""
    try:
        yield
    except (OSError, ValueError) as error:
        raise StoreError(f"{directory}: could not write the search index ({_reason(error)}); {consequence}") from error


def _reason(error: OSError | ValueError) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    text = str(error)
    if WRITER_STOPPED in text:
        return "its writer stopped: the disk is full or cannot be written"
    return text.splitlines()[0] if text else type(error).__name__


def commit_writer(writer: Any, directory: Path) -> None:
    """Commit a tantivy writer; by then the store has committed, so a failure only leaves the index stale."""
    with writing_index(directory, REBUILT_ON_NEXT_USE):
        writer.commit()
        writer.wait_merging_threads()
