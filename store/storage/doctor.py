"""`newsdesk doctor`: check every file of an archive without changing any, and restore the `.bak` generation.

The checks read what a command would read, in order (the commit point, the records it names, the text
segments they point into, the derived index), so the first failing line says where the damage is.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from store.errors import StoreError
from store.search.index import SearchIndex
from store.storage.files import atomic_write, backup_path, load_tables
from store.storage.lock import writer_lock
from store.storage.records import load_records
from store.storage.segments import TextSegments


@dataclass(frozen=True)
class Finding:
    """One line of the doctor's report."""

    ok: bool
    message: str


def _meta(path: Path) -> dict[str, object]:
    tables = load_tables(path)
    if tables is None:
        raise StoreError(f"{path}: no archive here yet; create one with `newsdesk import PATH...`")
    meta: dict[str, object] = tables.get("meta", {}).get("1", {})
    if not isinstance(meta.get("generation", 0), int):
        raise StoreError(f"{path}: not a newsdesk store (meta of the wrong shape)")
    return meta


def _check_generation(path: Path, label: str) -> list[Finding]:
    """Check one generation (`archive.json` or its `.bak`) down to its text segments."""
    data_dir = path.with_name(path.name.removesuffix(".bak").removesuffix(".json") + ".d")
    try:
        meta = _meta(path)
        name = meta.get("records")
        count = len(load_records(data_dir / str(name))) if name else 0
    except StoreError as error:
        return [Finding(False, str(error))]
    findings = [Finding(True, f"{label}: generation {meta.get('generation', 0)}, {count} articles")]
    segments = TextSegments(data_dir / "text")
    listed = meta.get("segments", [])
    missing = [s for s in listed if not segments.path(str(s)).exists()] if isinstance(listed, list) else []
    if missing:
        findings.append(Finding(False, f"{label}: {len(missing)} text segment(s) missing, e.g. {missing[0]}.json"))
    return findings


def check(path: Path) -> list[Finding]:
    """Every finding about the archive at `path`, problems marked not ok."""
    findings = _check_generation(path, path.name)
    backup = backup_path(path)
    if backup.exists():
        findings += _check_generation(backup, backup.name)
    if all(finding.ok for finding in findings):
        generation = _meta(path).get("generation", 0)
        index = SearchIndex(path.with_name(path.stem + ".index"))
        current = index.generation == generation
        index.close()
        findings.append(
            Finding(True, "search index: current")
            if current
            else Finding(False, "search index: missing or stale; the next search rebuilds it")
        )
    return findings


def restore(path: Path) -> Path:
    """Make the `.bak` generation current again; the replaced file is kept aside, and its name returned."""
    backup = backup_path(path)
    if not backup.exists():
        raise StoreError(f"{backup}: no previous generation to restore")
    problems = [finding.message for finding in _check_generation(backup, backup.name) if not finding.ok]
    if problems:
        raise StoreError(f"{backup}: cannot restore it: {problems[0]}")
    with writer_lock(path):
        aside = path.with_name(f"{path.name}.replaced-{dt.datetime.now():%Y%m%d-%H%M%S}")
        if path.exists():
            atomic_write(aside, path.read_bytes())
        atomic_write(path, backup.read_bytes())
        # Generation numbers repeat after a restore, so the index's stamp could wrongly match: drop it.
        shutil.rmtree(path.with_name(path.stem + ".index"), ignore_errors=True)
    return aside
