"""Deleting what no generation in force needs: records files and text segments.

Two generations stay readable at any time, the current one and its `.bak` (which `doctor --restore` brings
back), so a file either of them names is kept and every other one can go.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from store.errors import StoreError
from store.storage.files import AtomicJSONStorage, backup_path
from store.storage.segments import TextSegments


def sweep_unused(store_path: Path, data_dir: Path, segments: TextSegments, meta: dict[str, Any]) -> None:
    """Delete the records files and segments that neither `meta` (the generation just committed) nor the
    `.bak` beside `store_path` refers to."""
    keep_records = {meta.get("records")}
    keep_segments = set(meta.get("segments", []))
    with contextlib.suppress(StoreError):
        backup = TinyDB(backup_path(store_path), storage=AtomicJSONStorage).table("meta").get(doc_id=1)
        if backup is not None:
            keep_records.add(backup.get("records"))
            keep_segments.update(backup.get("segments", []))
    for path in data_dir.glob("records-*.json"):
        if path.name not in keep_records:
            path.unlink(missing_ok=True)
    segments.sweep(keep_segments)
