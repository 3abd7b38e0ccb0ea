"""Damaged text segments: `doctor` finds every one, `doctor --repair` takes the text back from the original files.

The attack that found the gap cut a text segment in half: `doctor` said ok, and `show` advised `--restore`,
which cannot help because the `.bak` generation names the same write-once segment. Here segments are cut,
altered in a way that leaves valid JSON, or deleted, with and without the checksums the commit point now
carries; then repaired with the original files present, partly gone, and back again.
"""

from __future__ import annotations

import base64
import shutil
import zlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import orjson
import pytest

from store.archive import Archive
from store.search import index as index_module
from tests.conftest import CliResult
from tests.test_reliability_support import corpus

Cli = Callable[..., CliResult]


@pytest.fixture
def archive_of_two(cli: Cli, tmp_path: Path) -> tuple[list[Path], list[Path]]:
    """An archive imported in two goes (two segments); returns the folders of each import."""
    first, second = corpus(tmp_path / "first", 6, seed=1), corpus(tmp_path / "second", 6, seed=2)
    assert cli("import", *first).code == 0
    assert cli("import", *second).code == 0
    return first, second


def _segment_of(db: Path, folder: Path) -> tuple[Path, list[str]]:
    """The text segment holding the articles imported from under `folder`, and their ids."""
    with Archive.open(db) as archive:
        held = [record for record in archive.records() if record["path"].startswith(str(folder.parent))]
        (segment,) = {record["segment"] for record in held}
        return archive.segments.path(segment), sorted(record["id"] for record in held)


def _bodies(db: Path) -> dict[str, str]:
    with Archive.open(db) as archive:
        return {record["id"]: record["body"] for record in archive.full_records(archive.records().articles)}


def _cut_in_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _alter_quietly(path: Path) -> None:
    """Change one body letter: still valid JSON of the right shape, so only a checksum can tell."""
    tables = orjson.loads(path.read_bytes())
    document = next(iter(tables["texts"].values()))
    body = zlib.decompress(base64.b64decode(document["body_z"])).decode("utf-8")
    document["body_z"] = base64.b64encode(zlib.compress(("X" + body[1:]).encode("utf-8"))).decode("ascii")
    path.write_bytes(orjson.dumps(tables))


def _forget_checksums(db: Path) -> None:
    """Make the archive look like one written before checksums existed."""
    tables = orjson.loads(db.read_bytes())
    del tables["meta"]["1"]["checksums"]
    db.write_bytes(orjson.dumps(tables))


def _failures(result: CliResult) -> list[str]:
    return [line for line in result.out.splitlines() if line.startswith("FAIL")]


@pytest.mark.parametrize(
    ("damage", "reason", "with_checksums"),
    [
        (_cut_in_half, "does not match its checksum", True),
        (_alter_quietly, "does not match its checksum", True),
        (Path.unlink, "is missing", True),
        (_cut_in_half, "cannot be read", False),
    ],
)
def test_doctor_names_each_damaged_segment_and_what_it_held(
    cli: Cli,
    db_path: Path,
    archive_of_two: tuple[list[Path], list[Path]],
    damage: Callable[[Path], None],
    reason: str,
    with_checksums: bool,
) -> None:
    segment, ids = _segment_of(db_path, archive_of_two[0][0])
    if not with_checksums:
        _forget_checksums(db_path)
    damage(segment)
    result = cli("doctor")
    assert result.code == 1
    (failure,) = _failures(result)
    assert f"text/{segment.name}: text segment {reason}; it holds {len(ids)} articles, e.g. " in failure
    assert any(f"e.g. {article_id} " in failure for article_id in ids)
    assert "doctor --repair" in failure


def test_show_on_a_damaged_segment_points_at_the_repair(
    cli: Cli, db_path: Path, archive_of_two: tuple[list[Path], list[Path]]
) -> None:
    segment, ids = _segment_of(db_path, archive_of_two[0][0])
    _cut_in_half(segment)
    result = cli("show", ids[0])
    assert result.code == 2 and "--restore" not in result.err
    assert "not valid JSON" in result.err and "doctor --repair" in result.err


def test_repair_takes_every_text_back_from_the_original_files(
    cli: Cli, db_path: Path, archive_of_two: tuple[list[Path], list[Path]]
) -> None:
    before = _bodies(db_path)
    segment, ids = _segment_of(db_path, archive_of_two[0][0])
    assert cli("tag", ids[0], "kept").code == 0
    _cut_in_half(segment)
    result = cli("doctor", "--repair")
    assert result.code == 0 and result.out.startswith(f"{len(ids)} articles read again from their files, 0 lost")
    assert _failures(cli("doctor")) == []
    assert _bodies(db_path) == before
    assert ids[0] in cli("search", "tag:kept", "--json").out


def test_repair_without_the_original_keeps_the_record_and_marks_its_text_lost(
    cli: Cli, db_path: Path, tmp_path: Path, archive_of_two: tuple[list[Path], list[Path]]
) -> None:
    before = _bodies(db_path)
    segment, ids = _segment_of(db_path, archive_of_two[0][0])
    with Archive.open(db_path) as archive:
        gone = Path(archive.record(ids[0])["path"])
    kept_aside = tmp_path / "aside"
    shutil.move(gone, kept_aside)
    _cut_in_half(segment)
    result = cli("doctor", "--repair")
    assert result.code == 1
    assert result.out.startswith(f"{len(ids) - 1} articles read again from their files, 1 lost")
    assert result.err.splitlines() == [
        f"newsdesk: {ids[0]}: no original file holds this article any more; its record is kept, its text is lost"
    ]
    assert _failures(cli("doctor")) == []
    after = _bodies(db_path)
    assert after.keys() == before.keys()
    assert {key: value for key, value in after.items() if key != ids[0]} == {
        key: value for key, value in before.items() if key != ids[0]
    }
    assert "text of this article was lost" in cli("show", ids[0]).out
    shutil.move(kept_aside, gone)
    again = cli("doctor", "--repair")
    assert again.code == 0 and again.out.startswith("1 articles read again from their files, 0 lost")
    assert _bodies(db_path) == before


def test_repair_takes_an_export_article_back_by_its_position(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    export = tmp_path / "in" / "nexis-3-articles.html"
    export.parent.mkdir()
    shutil.copy(Path(__file__).resolve().parents[1] / "fixtures" / "exports" / export.name, export)
    assert cli("import", export.parent).code == 0
    before = _bodies(db_path)
    with Archive.open(db_path) as archive:
        (segment,) = archive.records().segments()
        path = archive.segments.path(segment)
    _cut_in_half(path)
    result = cli("doctor", "--repair")
    assert result.code == 0 and result.out.startswith(f"{len(before)} articles read again")
    assert _bodies(db_path) == before


def test_doctor_reports_two_records_sharing_an_id(
    cli: Cli, db_path: Path, archive_of_two: tuple[list[Path], list[Path]]
) -> None:
    with Archive.open(db_path) as archive:
        records_file = archive.data_dir / archive._generations.meta()["records"]
    tables = orjson.loads(records_file.read_bytes())
    articles = tables["articles"]
    first = next(iter(articles.values()))
    articles[str(max(map(int, articles)) + 1)] = {**first, "title": "Another article under the same id"}
    records_file.write_bytes(orjson.dumps(tables))
    _forget_checksums(db_path)
    (failure,) = _failures(cli("doctor"))
    assert f"held by more than one stored document, e.g. article {first['id']}" in failure


def test_doctor_reports_two_index_documents_sharing_an_id(
    cli: Cli, db_path: Path, archive_of_two: tuple[list[Path], list[Path]]
) -> None:
    """Damage no command makes: a second document under an id, added straight to tantivy."""
    with Archive.open(db_path) as archive:
        archive.ensure_index()
        article_id = sorted(archive.records().articles)[0]
        document = archive.index.document(article_id)
        assert document is not None
        batch = archive.index.begin(fresh=False, consequence="")
        batch._writer.add_document(index_module._to_tantivy(replace(document, title="A second document")))
        batch.commit(archive.generation)
    (failure,) = _failures(cli("doctor"))
    assert f"search index: 1 id(s) indexed more than once, e.g. {article_id}" in failure
    assert cli("doctor", "--repair").code == 0
    assert _failures(cli("doctor")) == []
