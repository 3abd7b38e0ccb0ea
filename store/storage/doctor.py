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
from store.storage.files import RESTORE_ADVICE, atomic_write, backup_path, load_tables
from store.storage.integrity import file_sha256, segment_entry
from store.storage.lock import writer_lock
from store.storage.records import RecordSet, load_records
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


@dataclass(frozen=True)
class Damage:
    """A file of the current generation that cannot be trusted, and the articles whose text it held."""

    file: Path
    reason: str
    article_ids: tuple[str, ...]


def _data_dir(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(".bak").removesuffix(".json") + ".d")


def find_damage(data_dir: Path, meta: dict[str, object], records: RecordSet) -> list[Damage]:
    """Every text segment the generation names that is missing, fails its checksum or lacks an article.

    A segment with a checksum is trusted when the sum matches; one written before checksums is read whole.
    """
    sums = meta.get("checksums")
    sums = sums if isinstance(sums, dict) else {}
    held: dict[str, list[str]] = {}
    for record in records:
        held.setdefault(record["segment"], []).append(record["id"])
    segments = TextSegments(data_dir / "text")
    listed = meta.get("segments", [])
    names = sorted({*(str(name) for name in listed), *held} if isinstance(listed, list) else held)
    damage = []
    for name in names:
        reason = _segment_fault(segments, name, sums.get(segment_entry(name)), held.get(name, []))
        if reason is not None:
            damage.append(Damage(segments.path(name), reason, tuple(held.get(name, []))))
    return damage


def _segment_fault(segments: TextSegments, name: str, expected: object, ids: list[str]) -> str | None:
    path = segments.path(name)
    if not path.exists():
        return "is missing"
    if isinstance(expected, str):
        return None if file_sha256(path) == expected else "does not match its checksum"
    try:
        texts = segments.read(name)
    except StoreError:
        return "cannot be read"
    missing = [article_id for article_id in ids if article_id not in texts]
    return f"lacks {len(missing)} of its articles" if missing else None


def _check_records_sum(data_dir: Path, meta: dict[str, object], name: str) -> str | None:
    sums = meta.get("checksums")
    expected = sums.get(name) if isinstance(sums, dict) else None
    if isinstance(expected, str) and file_sha256(data_dir / name) != expected:
        return f"{data_dir / name}: records file does not match its checksum; {RESTORE_ADVICE}"
    return None


def _check_generation(path: Path, label: str, *, segments: bool = True) -> list[Finding]:
    """Check one generation (`archive.json` or its `.bak`), with `segments` down to every byte of its text."""
    data_dir = _data_dir(path)
    try:
        meta = _meta(path)
        name = str(meta.get("records") or "")
        fault = _check_records_sum(data_dir, meta, name) if name else None
        if fault is not None:
            return [Finding(False, fault)]
        records = load_records(data_dir / name) if name else RecordSet()
    except StoreError as error:
        return [Finding(False, str(error))]
    findings = [Finding(True, f"{label}: generation {meta.get('generation', 0)}, {len(records)} articles")]
    if records.shared_keys:
        findings.append(
            Finding(
                False,
                f"{label}: {len(records.shared_keys)} key(s) held by more than one stored document, "
                f"e.g. {records.shared_keys[0]}; import their files again",
            )
        )
    for damage in find_damage(data_dir, meta, records) if segments else ():
        findings.append(Finding(False, _describe(damage, records)))
    return findings


def _describe(damage: Damage, records: RecordSet) -> str:
    """The damage without the generation's label, so the `.bak` sharing the segment does not repeat it."""
    where = f"{damage.file.parent.parent.name}/text/{damage.file.name}"
    count = len(damage.article_ids)
    if not count:
        return f"{where}: text segment {damage.reason}; it holds no current article"
    first = records.articles[damage.article_ids[0]]
    return (
        f"{where}: text segment {damage.reason}; it holds {count} article{'s' if count > 1 else ''}, "
        f'e.g. {first["id"]} "{first["title"]}"; `newsdesk doctor --repair` reads them again from their files'
    )


def check(path: Path) -> list[Finding]:
    """Every finding about the archive at `path`, problems marked not ok."""
    findings = _check_generation(path, path.name)
    backup = backup_path(path)
    if backup.exists():
        # The `.bak` shares nearly all its segments with the current generation; `restore` reads them all first.
        findings += _check_generation(backup, backup.name, segments=False)
    if all(finding.ok for finding in findings):
        generation = _meta(path).get("generation", 0)
        findings.append(_check_index(SearchIndex(path.with_name(path.stem + ".index")), generation))
    return findings


def _check_index(index: SearchIndex, generation: object) -> Finding:
    try:
        if index.generation != generation:
            return Finding(False, "search index: missing or stale; the next search rebuilds it")
        shared = index.shared_ids()
    finally:
        index.close()
    if shared:
        return Finding(
            False,
            f"search index: {len(shared)} id(s) indexed more than once, e.g. {shared[0]}; "
            "`newsdesk doctor --repair` rebuilds it",
        )
    return Finding(True, "search index: current")


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
