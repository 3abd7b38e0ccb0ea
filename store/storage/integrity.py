"""Checksums of the files a generation names, so that `doctor` can tell a damaged file from a sound one.

Records files and text segments are written once and never changed, so the SHA-256 taken when a generation
commits holds for as long as any generation names the file. The sums live in the commit point itself
(`archive.json`'s meta, `checksums`, keyed by the file's path under `archive.d/`): a file and the sum that
vouches for it can never be replaced apart. Files written before checksums existed have none; `doctor` then
reads them whole instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path

from store.storage.segments import segment_generation


def segment_entry(name: str) -> str:
    """The checksum key of text segment `name`."""
    return f"text/{name}.json"


def file_sha256(path: Path) -> str | None:
    """The file's SHA-256 in hex, or None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def commit_checksums(
    data_dir: Path, known: object, records_name: str, segments: Iterable[str], generation: int
) -> dict[str, str]:
    """The sums a new generation's meta carries: fresh ones for the files it wrote, the known ones for the rest.

    Only files this generation wrote are hashed now; an older file without a sum keeps none, because hashing it
    today would vouch for whatever damage it may already have.
    """
    previous = known if isinstance(known, Mapping) else {}
    sums: dict[str, str] = {}
    for name in segments:
        entry = segment_entry(name)
        if segment_generation(name) == generation:
            fresh = file_sha256(data_dir / entry)
            if fresh is not None:
                sums[entry] = fresh
        elif isinstance(previous.get(entry), str):
            sums[entry] = previous[entry]
    records_sum = file_sha256(data_dir / records_name)
    if records_sum is not None:
        sums[records_name] = records_sum
    return sums
