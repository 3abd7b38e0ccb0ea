"""Damaged stores and indexes: every command says what is wrong in one line and writes nothing; doctor repairs.

The store file (`archive.json`), the records file it names and a text segment are each truncated, replaced
by bytes that are not JSON, or by JSON of the wrong shape. Every command must then exit 2 with one line on
stderr naming the file and what is wrong, print nothing on stdout, and leave every byte and mtime of the
store folder as it was. `doctor` names the damage; `doctor --restore` brings back the `.bak` generation
after asking (or with `--yes`). A damaged or deleted search index is rebuilt from the store, with progress,
and searches give the same results after.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from fixtures.generate import article_folders
from store.archive import Archive
from tests.conftest import CliResult
from tests.test_reliability_support import article_ids, assert_unchanged, corpus, snapshot

Cli = Callable[..., CliResult]


class Generations:
    """Ids of the two generations of the test archive, and one article id of each."""

    def __init__(self, first: set[str], second: set[str]) -> None:
        self.first = first
        self.second = second
        self.old_id = min(first)
        self.new_id = min(second - first)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Generations]:
    """An archive with two generations (8 articles, then 8 more), and a folder of 4 more to import."""
    root = tmp_path_factory.mktemp("template")
    db = root / "store" / "archive.json"
    with Archive.open(db, create=True) as archive:
        archive.import_paths(corpus(root / "first", 8, seed=1))
        first = set(archive.records().articles)
        archive.import_paths(corpus(root / "second", 8, seed=2))
        second = set(archive.records().articles)
    corpus(root / "more", 4, seed=3)
    return db.parent, root / "more", Generations(first, second)


@pytest.fixture
def store(template: tuple[Path, Path, Generations], db_path: Path) -> Generations:
    """A private copy of the two-generation archive at `db_path`."""
    shutil.copytree(template[0], db_path.parent)
    return template[2]


@pytest.fixture
def more(template: tuple[Path, Path, Generations]) -> Path:
    """A folder of articles not yet in the archive."""
    return template[1]


def _records_file(db: Path) -> Path:
    return db.with_name("archive.d") / str(orjson.loads(db.read_bytes())["meta"]["1"]["records"])


def _segment_file(db: Path) -> Path:
    return db.with_name("archive.d") / "text" / f"{max(orjson.loads(db.read_bytes())['meta']['1']['segments'])}.json"


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda data: data[: len(data) // 2],
    "not JSON": lambda data: b"\x00\x01PK\x03\x04 this is a zip file, not JSON",
    "a JSON list": lambda data: b"[1, 2, 3]",
    "tables of the wrong type": lambda data: b'{"meta": 5, "user": []}',
}

STORE_DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    **DAMAGE,
    "meta of the wrong shape": lambda data: b'{"meta": {"1": {"generation": "7", "records": 5}}}',
}

REASONS = {
    "truncated": "not valid JSON",
    "not JSON": "not valid JSON",
    "a JSON list": "JSON of the wrong shape",
    "tables of the wrong type": "JSON of the wrong shape",
    "meta of the wrong shape": "meta of the wrong shape",
}


def _commands(generations: Generations, more: Path) -> dict[str, tuple[str, ...]]:
    """Every command that reads the store, with arguments that would work on a healthy archive."""
    article = generations.new_id
    return {
        "search": ("search", "the"),
        "show": ("show", article),
        "stats": ("stats",),
        "export": ("export", "--format", "json"),
        "related": ("related", article),
        "tag": ("tag", article, "kept"),
        "untag": ("untag", article, "kept"),
        "reparse": ("reparse",),
        "import": ("import", str(more)),
    }


def _assert_refused(result: CliResult, path: Path, reason: str) -> None:
    assert result.code == 2, result
    assert result.out == ""
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith(f"newsdesk: {path}: ") and reason in lines[0], lines[0]


@pytest.mark.parametrize("damage", STORE_DAMAGE)
def test_every_command_refuses_a_damaged_store_without_writing(
    cli: Cli, db_path: Path, store: Generations, more: Path, damage: str
) -> None:
    """A damaged archive.json: each command exits 2 with one line naming the file and the fault."""
    db_path.write_bytes(STORE_DAMAGE[damage](db_path.read_bytes()))
    before = snapshot(db_path.parent)
    for args in _commands(store, more).values():
        result = cli(*args)
        _assert_refused(result, db_path, REASONS[damage])
        assert_unchanged(db_path.parent, before)


@pytest.mark.parametrize("damage", DAMAGE)
def test_commands_reading_records_refuse_a_damaged_records_file(
    cli: Cli, db_path: Path, store: Generations, more: Path, damage: str
) -> None:
    """A damaged records file: every command that needs the records exits 2, one line, nothing written."""
    records = _records_file(db_path)
    records.write_bytes(DAMAGE[damage](records.read_bytes()))
    before = snapshot(db_path.parent, skip_lock=True)
    commands = _commands(store, more)
    for name in ("show", "stats", "export", "reparse", "import"):
        result = cli(*commands[name])
        _assert_refused(result, records, REASONS[damage])
        assert_unchanged(db_path.parent, before, skip_lock=True)


@pytest.mark.parametrize("damage", [*DAMAGE, "other articles"])
def test_commands_reading_bodies_refuse_a_damaged_text_segment(
    cli: Cli, db_path: Path, store: Generations, damage: str
) -> None:
    """A damaged text segment: show, export and reparse exit 2 with one line, nothing written."""
    segment = _segment_file(db_path)
    if damage == "other articles":
        segment.write_bytes(b'{"texts": {"1": {"id": "0000", "body": "x", "raw": ""}}}')
    else:
        segment.write_bytes(DAMAGE[damage](segment.read_bytes()))
    before = snapshot(db_path.parent, skip_lock=True)
    for args in (("show", store.new_id), ("export", "--format", "txt"), ("reparse",)):
        result = cli(*args)
        _assert_refused(result, segment, REASONS.get(damage, "damaged text segment"))
        assert_unchanged(db_path.parent, before, skip_lock=True)


def test_import_refuses_a_store_truncated_to_nothing(cli: Cli, db_path: Path, store: Generations, more: Path) -> None:
    """A zero-byte archive.json beside its .bak is a damaged store, not a new one: import refuses it."""
    db_path.write_bytes(b"")
    before = snapshot(db_path.parent)
    result = cli("import", more)
    _assert_refused(result, db_path, "store file is empty")
    assert_unchanged(db_path.parent, before)


@pytest.mark.parametrize("damage", STORE_DAMAGE)
def test_doctor_names_the_damage_without_writing(cli: Cli, db_path: Path, store: Generations, damage: str) -> None:
    """`doctor` on a damaged store: a FAIL line naming it, the .bak checked ok, exit 1, nothing written."""
    db_path.write_bytes(STORE_DAMAGE[damage](db_path.read_bytes()))
    before = snapshot(db_path.parent)
    result = cli("doctor")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0].startswith(f"FAIL  {db_path}: ") and REASONS[damage] in lines[0]
    assert f"ok    archive.json.bak: generation 1, {len(store.first)} articles" in lines
    assert_unchanged(db_path.parent, before)


def test_doctor_passes_a_healthy_store(cli: Cli, db_path: Path, store: Generations) -> None:
    """`doctor` on a healthy store: every line ok, exit 0."""
    result = cli("doctor")
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines() == [
        f"ok    archive.json: generation 2, {len(store.second)} articles",
        f"ok    archive.json.bak: generation 1, {len(store.first)} articles",
        "ok    search index: current",
    ]


class _Terminal(io.StringIO):
    """A stdin that says it is a terminal, holding what the user types."""

    def isatty(self) -> bool:
        return True


def test_restore_asks_and_does_nothing_on_no(
    cli: Cli, db_path: Path, store: Generations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`doctor --restore` asks first; answering no restores nothing and exits 1."""
    db_path.write_bytes(b"{garbage")
    before = snapshot(db_path.parent)
    monkeypatch.setattr("sys.stdin", _Terminal("n\n"))
    result = cli("doctor", "--restore")
    assert result.code == 1
    assert result.err == "restore archive.json from archive.json.bak? [y/N] newsdesk: nothing restored\n"
    assert_unchanged(db_path.parent, before)


def test_restore_without_a_terminal_needs_yes(cli: Cli, db_path: Path, store: Generations) -> None:
    """`doctor --restore` with no one to answer: exit 2 and one line saying to pass --yes."""
    db_path.write_bytes(b"{garbage")
    before = snapshot(db_path.parent)
    result = cli("doctor", "--restore")
    assert (result.code, result.out) == (2, "")
    assert result.err == ("newsdesk: doctor --restore asks before restoring; pass --yes when no one can answer\n")
    assert_unchanged(db_path.parent, before)


@pytest.mark.parametrize("how", ["answered yes", "--yes"])
def test_restore_brings_back_the_previous_generation(
    cli: Cli, db_path: Path, store: Generations, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """After `doctor --restore`, every command works on the .bak generation; the damaged file is kept aside."""
    damaged = b"{garbage"
    db_path.write_bytes(damaged)
    if how == "--yes":
        result = cli("doctor", "--restore", "--yes")
    else:
        monkeypatch.setattr("sys.stdin", _Terminal("y\n"))
        result = cli("doctor", "--restore")
    assert result.code == 0
    assert result.out.startswith("restored the previous generation; the replaced file is kept as archive.json.")
    aside = db_path.with_name(result.out.split()[-1])
    assert aside.read_bytes() == damaged
    assert article_ids(db_path) == store.first
    search = cli("search", "", "--json", "--limit", "100")
    assert search.code == 0
    assert {orjson.loads(line)["id"] for line in search.out.splitlines()} == store.first
    assert cli("doctor").code == 0


def test_import_after_restore_holds_only_the_restored_and_new_articles(
    cli: Cli, db_path: Path, store: Generations, more: Path
) -> None:
    """Restore, then import: the store holds the restored generation plus the new files, nothing else."""
    assert cli("doctor", "--restore", "--yes").code == 0
    assert cli("import", *article_folders(more)).code == 0
    ids = article_ids(db_path)
    assert len(ids) == len(store.first) + 4 and store.first < ids
    assert cli("show", store.new_id).code == 2


def _data_files(index: Path) -> list[Path]:
    return [path for path in index.rglob("*") if path.is_file() and path.parent != index]


def _delete_data(index: Path) -> None:
    for data in index.glob("data-*"):
        shutil.rmtree(data)


def _replace_file(path: Path, data: bytes) -> None:
    """Put `data` in place of `path` as a new file.

    Writing into the file itself would truncate pages that a tantivy reader of this test process still has
    mapped, and touching those is a bus error: the damage a search must survive comes from a disk or another
    process, which leave this process's mappings alone.
    """
    damaged = path.with_name(path.name + ".damaged")
    damaged.write_bytes(data)
    damaged.replace(path)


def _garble_data(index: Path) -> None:
    for path in _data_files(index):
        _replace_file(path, b"\x00garbage" * 64)


def _truncate_data(index: Path) -> None:
    for path in _data_files(index):
        _replace_file(path, path.read_bytes()[: path.stat().st_size // 2])


def _stamp_names_missing_data(index: Path) -> None:
    stamp = index / "stamp.json"
    stamp.write_text(stamp.read_text().replace("data-", "data-0"))


INDEX_DAMAGE: dict[str, Callable[[Path], object]] = {
    "deleted": shutil.rmtree,
    "stamp garbage": lambda index: (index / "stamp.json").write_bytes(b"\xff\xfe garbage"),
    "stamp names missing data": _stamp_names_missing_data,
    "data deleted": _delete_data,
    "data files garbage": _garble_data,
    "data files truncated": _truncate_data,
}

QUERIES = ("", "the", '"said the"', "source:rfe/rl OR source:voa", "date:2003..2015 -the", "offic*")


def _search_lines(cli: Cli, query: str, limit: int = 50) -> list[str]:
    result = cli("search", query, "--json", "--limit", str(limit))
    assert result.code == 0, result.err
    return result.out.splitlines()


@pytest.mark.parametrize("damage", INDEX_DAMAGE)
def test_damaged_index_is_rebuilt_with_the_same_results(
    cli: Cli, db_path: Path, store: Generations, damage: str
) -> None:
    """A deleted or damaged index: the next search says it rebuilds, then every search finds the same hits.

    Hits are compared whole (id, score, snippet, highlights) but as sets: the order of equal scores is
    the subject of the next test.
    """
    expected = {query: sorted(_search_lines(cli, query)) for query in QUERIES}
    INDEX_DAMAGE[damage](db_path.with_name("archive.index"))
    result = cli("search", QUERIES[1], "--json", "--limit", "50")
    assert result.code == 0
    assert result.err == "newsdesk: search index is missing or out of date; rebuilding it\n"
    assert sorted(result.out.splitlines()) == expected[QUERIES[1]]
    assert {query: sorted(_search_lines(cli, query)) for query in QUERIES} == expected
    assert cli("doctor").code == 0


def test_rebuilt_index_lists_the_same_first_hits(cli: Cli, db_path: Path, store: Generations) -> None:
    """With a limit, a rebuilt index shows the same first hits in the same order, ties included."""
    expected = {query: _search_lines(cli, query, limit=5) for query in QUERIES}
    shutil.rmtree(db_path.with_name("archive.index"))
    assert {query: _search_lines(cli, query, limit=5) for query in QUERIES} == expected


def test_index_rebuild_reports_progress_to_the_end(db_path: Path, store: Generations) -> None:
    """`ensure_index` on a deleted index reports progress, ending at every article of the store."""
    shutil.rmtree(db_path.with_name("archive.index"))
    seen: list[tuple[int, int]] = []
    with Archive.open(db_path) as archive:
        assert not archive.index_is_current()
        archive.ensure_index(lambda done, total: seen.append((done, total)))
        assert archive.index_is_current()
    assert seen and seen[-1] == (len(store.second), len(store.second))
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
