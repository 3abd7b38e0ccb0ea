"""What an import reads: never the archive's own files, never files that are no articles, and what the
user's `--include` / `--exclude` globs say; many-article files become one record per article."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from store.archive import Archive
from store.errors import ParseError
from store.ingest import sniff
from store.ingest.readers import Reader, Sample
from store.ingest.readers import text as text_reader
from store.ingest.readers.text import parse_article
from store.model import ParsedArticle
from tests.conftest import CliResult
from tests.test_archive import write_article

_SEPARATOR = b"\n=====\n"


def _claims_bundle(sample: Sample) -> bool:
    return sample.head.startswith(b"BUNDLE\n")


def _split_bundle(raw: bytes) -> list[bytes]:
    return [chunk for chunk in raw.removeprefix(b"BUNDLE\n").split(_SEPARATOR) if chunk.strip()]


def _parse_bundle_article(chunk: bytes) -> ParsedArticle:
    if b"GARBLED" in chunk:
        raise ParseError("garbled article")
    return parse_article(chunk)


BUNDLE = Reader(name="bundle", claims=_claims_bundle, split=_split_bundle, parse=_parse_bundle_article)
"""A made-up many-article format: the importer's handling of exports, apart from any real export reader."""


@pytest.fixture
def bundle_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sniff, "READERS", (BUNDLE, *sniff.READERS))


def _bundle(path: Path, *articles: str) -> Path:
    path.write_bytes(b"BUNDLE\n" + _SEPARATOR.join(article.encode() for article in articles))
    return path


def _article(title: str, body: str) -> str:
    return f"{title}\n\nMarch 3, 2009 (VOA) -- {body}\n"


def test_the_archives_own_files_are_never_imported(tmp_path: Path) -> None:
    """The archive lives inside the folder being imported: its records, backup, lock and index stay out."""
    folder = tmp_path / "news"
    write_article(folder, "a.txt", "Radar Talks Stall", "Officials met in Prague about the radar.")
    with Archive.open(folder / "archive.json", create=True) as archive:
        archive.import_paths([folder])
        (folder / "archive.json.replaced-20260101-000000").write_text("Old Archive\n\nA copy doctor set aside.\n")
        write_article(folder, "b.txt", "Grain Exports Rise", "Farmers shipped more wheat than last year.")
        report = archive.import_paths([folder, folder / "archive.json"])
        assert (report.imported, report.unchanged, report.failed) == (1, 1, [])
        assert [Path(skip.path).name for skip in report.skipped] == ["archive.json"]
        assert sorted(record["title"] for record in archive.records()) == ["Grain Exports Rise", "Radar Talks Stall"]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("manifest.csv", b"id,title,source\n1,Radar,VOA\n", "a table, not an article"),
        ("README.TXT", b"BBC datasets\n\nAll rights reserved.\n", "the documentation of a collection, not an article"),
        (
            "LICENSE",
            b"MIT License\n\nPermission is hereby granted.\n",
            "the documentation of a collection, not an article",
        ),
        ("data.txt", b'{"title": "Radar", "body": "json"}\n', "data, not an article"),
        ("tool.py", b"import os\n\nprint(os.getcwd())\n", "source code, not an article"),
        ("photo", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "an image, not an article"),
    ],
)
def test_files_that_are_no_articles_are_skipped_with_a_reason(
    archive: Archive, tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    folder = tmp_path / "in"
    write_article(folder, "a.txt", "Radar Talks Stall", "Officials met in Prague about the radar.")
    (folder / name).write_bytes(content)
    report = archive.import_paths([folder])
    assert (report.imported, report.failed) == (1, [])
    assert [(Path(skip.path).name, skip.reason) for skip in report.skipped] == [(name, reason)]
    assert report.as_json()["skipped"] == 1


def test_include_and_exclude_globs(archive: Archive, tmp_path: Path) -> None:
    """`--include` limits the import to its matches and reads them as articles; `--exclude` leaves files out."""
    folder = tmp_path / "in"
    write_article(folder, "a.txt", "Radar Talks Stall", "Officials met in Prague about the radar.")
    write_article(folder / "drafts", "b.txt", "Draft Headline", "Not ready to be archived.")
    (folder / "notes.csv").write_text("Field Notes, Day One\n\nWe drove north at dawn, and the road was empty.\n")
    report = archive.import_paths([folder], include=("*.csv",))
    assert (report.imported, report.skipped) == (1, [])
    assert [record["title"] for record in archive.records()] == ["Field Notes, Day One"]
    report = archive.import_paths([folder], exclude=("drafts", "*.csv"))
    assert report.imported == 1
    assert sorted(record["title"] for record in archive.records()) == ["Field Notes, Day One", "Radar Talks Stall"]


@pytest.mark.usefixtures("bundle_reader")
def test_every_article_of_an_export_is_its_own_record_at_its_position(archive: Archive, tmp_path: Path) -> None:
    export = _bundle(
        tmp_path / "export.txt",
        _article("Radar Talks Stall", "Officials met in Prague about the radar."),
        "GARBLED\n\nnothing to read here\n",
        _article("Grain Exports Rise", "Farmers shipped more wheat than last year."),
    )
    report = archive.import_paths([export])
    assert report.imported == 2
    assert [(failure.path, failure.error) for failure in report.failed] == [(f"{export}#2", "garbled article")]
    records = sorted(archive.records(), key=lambda record: record.get("position") or 0)
    assert [(record["title"], record.get("position"), record["format"]) for record in records] == [
        ("Radar Talks Stall", 1, "bundle"),
        ("Grain Exports Rise", 3, "bundle"),
    ]
    assert archive.body(records[0]) == "Officials met in Prague about the radar."


@pytest.mark.usefixtures("bundle_reader")
def test_an_export_imported_again_changes_nothing_and_an_edited_article_keeps_its_id(
    archive: Archive, tmp_path: Path
) -> None:
    first = _article("Radar Talks Stall", "Officials met in Prague about the radar.")
    export = _bundle(tmp_path / "export.txt", first, _article("Grain Exports Rise", "Farmers shipped more wheat."))
    archive.import_paths([export])
    generation = archive.generation
    export.touch()
    report = archive.import_paths([export])
    assert (report.imported, report.unchanged, archive.generation) == (0, 2, generation)
    grain = next(record for record in archive.records() if record.get("position") == 2)
    archive.tag(grain["id"], ["harvest"])
    _bundle(export, first, _article("Grain Exports Fall", "Farmers shipped less wheat."))
    report = archive.import_paths([export])
    assert (report.imported, report.updated, report.unchanged) == (0, 1, 1)
    assert archive.record(grain["id"])["title"] == "Grain Exports Fall"
    assert archive.user_data(grain["id"]).tags == ("harvest",)


@pytest.mark.usefixtures("bundle_reader")
def test_reparse_reads_an_export_article_alone_with_its_reader(archive: Archive, tmp_path: Path) -> None:
    export = _bundle(tmp_path / "export.txt", _article("Radar Talks Stall", "Officials met in Prague."))
    archive.import_paths([export, _bundle(tmp_path / "two.txt", _article("A", "b."), _article("C", "d."))])
    report = archive.reparse()
    assert (report.updated, report.failed) == (0, [])
    assert {record.get("position") for record in archive.records()} == {1, 2}


def test_the_dateline_place_is_searchable(archive: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder).mkdir()
    (folder / "a.txt").write_text("Radar Talks Stall\n\nPRAGUE, March 3, 2008 (RFE/RL) -- Officials met again.\n")
    write_article(folder, "b.txt", "Grain Exports Rise", "Farmers shipped more wheat than last year.")
    archive.import_paths([folder])
    assert [hit.title for hit in archive.search("prague").hits] == ["Radar Talks Stall"]
    assert [hit.title for hit in archive.search("place:prague").hits] == ["Radar Talks Stall"]
    assert archive.search("place:officials").hits == ()


def test_reparse_turns_a_page_stored_as_markup_into_its_article(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An archive made before the page reader held a saved page as raw markup; reparse reads it as a page,
    keeping its id and tags."""
    page = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "news-jsonld-og-site-suffix.html"
    with monkeypatch.context() as before_readers:
        before_readers.setattr(sniff, "READERS", (text_reader.READER,))
        archive.import_paths([page])
    (old,) = archive.records()
    assert old["title"].lower().startswith("<!doctype")
    archive.tag(old["id"], ["kept"])
    report = archive.reparse()
    assert (report.updated, report.failed) == (1, [])
    new = archive.record(old["id"])
    assert not new["title"].startswith("<") and new["format"] == "html" and new["date"] is not None
    assert not archive.body(new).startswith("<")
    assert archive.user_data(old["id"]).tags == ("kept",)


EXPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "exports"


def test_the_export_fixtures_through_the_command_line(cli: Callable[..., CliResult]) -> None:
    """Every format's sample export: one record per article, the garbled articles failing alone as `path#N`
    (again on every import, as it is still not imported), the export's own README and script skipped, and
    `show` naming the article's place in its file."""
    garbled = [
        f"{EXPORTS / 'factiva-garbled-article.html'}#2: no headline in this Factiva article",
        f"{EXPORTS / 'reuters-21578-garbled-sample.sgm'}#3: "
        "the <TEXT> of this Reuters article is never closed: it is cut off",
    ]
    first = cli("import", EXPORTS, "--json")
    assert first.code == 1 and first.err.splitlines() == garbled
    report = orjson.loads(first.out)
    assert (report["imported"], report["skipped"]) == (22, 2)
    again = cli("import", EXPORTS)
    assert (again.code, again.err.splitlines()) == (1, garbled)
    assert again.out == "0 imported, 0 updated, 22 unchanged, 0 duplicates, 2 skipped, 2 failed\n"
    hits = [orjson.loads(line) for line in cli("search", "", "--json", "--limit", "50").out.splitlines()]
    from_word = next(hit for hit in hits if hit["path"].endswith(".docx"))
    shown = cli("show", from_word["id"])
    assert shown.code == 0
    path_line = next(line for line in shown.out.splitlines() if line.startswith("Path:"))
    assert re.fullmatch(r"Path:\s+\S+/nexis-uni-sample\.docx#[123]", path_line)


@pytest.mark.usefixtures("bundle_reader")
def test_an_article_printed_twice_in_an_export_keeps_its_record_when_one_copy_changes(
    archive: Archive, tmp_path: Path
) -> None:
    radar = _article("Radar Talks Stall", "Officials met in Prague about the radar.")
    export = _bundle(tmp_path / "export.txt", radar, radar)
    report = archive.import_paths([export])
    assert (report.imported, report.duplicates) == (1, 1)
    _bundle(export, radar, _article("Grain Exports Rise", "Farmers shipped more wheat."))
    report = archive.import_paths([export])
    assert (report.imported, report.unchanged) == (1, 1)
    assert sorted(record["title"] for record in archive.records()) == ["Grain Exports Rise", "Radar Talks Stall"]
