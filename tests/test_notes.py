"""Notes: the user's own paragraphs on an article, kept like tags, searched with `note:` and `has:note`, exported,
and written from the CLI in `$EDITOR` or from stdin."""

from __future__ import annotations

import csv
import io
import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from tinydb import TinyDB

from store.archive import Archive
from store.errors import QuerySyntaxError, UsageError
from store.model import MAX_NOTE_CHARS, normalize_note
from tests.conftest import CliResult
from tests.test_archive import sources, write_article

__all__ = ["sources"]  # the fixture, imported so pytest finds it here

NOTE = "Check the tonnage against the ministry's figures.\n\nAsk Petra about the Prague source."


def radar_id(archive: Archive) -> str:
    return next(record["id"] for record in archive.records() if record["title"] == "Radar Talks Stall")


def hits(archive: Archive, query: str) -> set[str]:
    return {hit.id for hit in archive.search(query, limit=50).hits}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        pytest.param("  one line  ", "  one line", id="trailing spaces go, indentation stays"),
        pytest.param("\n\nfirst\n\n\nsecond\n\n", "first\n\n\nsecond", id="surrounding blank lines go"),
        pytest.param("a\r\nb\rc", "a\nb\nc", id="any line ending"),
        pytest.param("bell\x07 and \x1b[31mred\x1b[0m", "bell and red", id="no control character or escape"),
        pytest.param(" \n\t\n ", "", id="only blanks is no note"),
    ],
)
def test_a_note_is_kept_as_written_less_what_no_one_means(typed: str, stored: str) -> None:
    assert normalize_note(typed) == stored


def test_a_note_past_the_limit_is_refused_and_the_old_one_kept(archive: Archive, sources: Path) -> None:
    archive.import_paths([sources])
    article_id = radar_id(archive)
    archive.set_note(article_id, NOTE)
    with pytest.raises(UsageError, match="a note is at most"):
        archive.set_note(article_id, "x" * (MAX_NOTE_CHARS + 1))
    assert archive.user_data(article_id).note == NOTE


def test_a_note_is_stored_beside_the_tags_and_an_empty_one_removes_it(archive: Archive, sources: Path) -> None:
    archive.import_paths([sources])
    article_id = radar_id(archive)
    archive.tag(article_id, ["follow-up"])
    generation = archive.generation
    assert archive.set_note(article_id[:6], NOTE + "\n") == NOTE
    assert archive.generation == generation + 1
    assert archive.set_note(article_id, NOTE) == NOTE
    assert archive.generation == generation + 1, "an unchanged note commits nothing"
    assert archive.user_data(article_id) == (("follow-up",), False, NOTE)
    with Archive.open(archive.path) as reopened:
        assert reopened.user_data(article_id).note == NOTE
        assert reopened.full_record(article_id)["note"] == NOTE
    archive.set_note(article_id, "")
    assert archive.user_data(article_id) == (("follow-up",), False, "")


def test_a_note_survives_a_changed_file_and_a_reparse(archive: Archive, sources: Path) -> None:
    archive.import_paths([sources])
    article_id = radar_id(archive)
    archive.set_note(article_id, NOTE)
    write_article(sources, "a.txt", "Radar Talks Resume", "Officials met again in Prague.")
    assert archive.import_paths([sources]).updated == 1
    archive.reparse()
    assert archive.record(article_id)["title"] == "Radar Talks Resume"
    assert archive.user_data(article_id).note == NOTE
    assert hits(archive, "note:petra") == {article_id}


def test_rows_written_before_notes_existed_read_as_no_note(archive: Archive, sources: Path) -> None:
    archive.import_paths([sources])
    article_id = radar_id(archive)
    archive.tag(article_id, ["old"])
    archive.close()
    with TinyDB(archive.path) as db:
        db.table("user").truncate()
        db.table("user").insert({"id": article_id, "tags": ["old"], "read": True})
    with Archive.open(archive.path) as reopened:
        assert reopened.user_data(article_id) == (("old",), True, "")
        reopened.set_note(article_id, "now with a note")
        assert reopened.user_data(article_id) == (("old",), True, "now with a note")


def test_notes_are_searched_only_when_asked(archive: Archive, sources: Path) -> None:
    archive.import_paths([sources])
    article_id = radar_id(archive)
    grain = next(record["id"] for record in archive.records() if record["title"] == "Grain Exports Rise")
    archive.set_note(article_id, "The tonnage figures look wrong; compare with the wheat report.")
    assert hits(archive, "tonnage") == set(), "a plain word searches the articles, not the notes"
    assert hits(archive, "note:tonnage") == {article_id}
    assert hits(archive, "note:figure") == {article_id}, "note words match by stem like the text's"
    assert hits(archive, 'note:"figure"') == set(), "quoted, only the exact word"
    assert hits(archive, "note:tonn*") == {article_id}
    assert hits(archive, "wheat") == {grain}
    assert hits(archive, "wheat OR note:wheat") == {grain, article_id}
    assert hits(archive, "has:note") == {article_id}
    assert len(hits(archive, "-has:note")) == len(archive.records()) - 1
    archive.set_note(article_id, "")
    assert hits(archive, "has:note") == hits(archive, "note:tonnage") == set()


def test_has_takes_only_note(archive: Archive, sources: Path) -> None:
    archive.import_paths([sources])
    with pytest.raises(QuerySyntaxError, match=r"unknown value .url. for .has:. \(note\)"):
        archive.search("has:url")


@pytest.fixture
def noted(cli: Callable[..., CliResult], sources: Path, db_path: Path) -> str:
    """The id of an article with `NOTE` on it, in an archive of the three `sources`."""
    assert cli("import", sources).code == 0
    with Archive.open(db_path) as archive:
        article_id = radar_id(archive)
        archive.set_note(article_id, NOTE)
    return article_id


def test_show_and_every_export_carry_the_note(cli: Callable[..., CliResult], noted: str, tmp_path: Path) -> None:
    shown = cli("show", noted[:8]).out
    assert "Note:\n  Check the tonnage against the ministry's figures.\n\n  Ask Petra" in shown
    assert shown.index("Note:") < shown.index("Officials met in Prague")
    assert json.loads(cli("show", noted, "--json").out)["note"] == NOTE
    markdown = cli("export", "note:petra", "--format", "md").out
    assert "> **Note:**\n>\n> Check the tonnage against the ministry's figures.\n>\n> Ask Petra" in markdown
    rows = list(csv.DictReader(io.StringIO(cli("export", "--format", "csv").out)))
    assert {row["id"]: row["note"] for row in rows if row["note"]} == {noted: NOTE}
    exported = json.loads(cli("export", "has:note", "--format", "json").out)
    assert [(record["id"], record["note"]) for record in exported] == [(noted, NOTE)]


def test_note_reads_stdin_in_a_script_and_prints_and_clears(
    cli: Callable[..., CliResult], noted: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Piped in.\nSecond line.\n"))
    result = cli("note", noted[:8])
    assert (result.code, result.out) == (0, f"{noted}: note saved (4 words)\n")
    assert cli("note", noted, "--print").out == "Piped in.\nSecond line.\n"
    monkeypatch.setattr("sys.stdin", io.StringIO("Piped in.\nSecond line."))
    assert cli("note", noted).out == f"{noted}: note unchanged\n"
    assert cli("note", noted, "--clear").out == f"{noted}: note removed\n"
    assert cli("note", noted, "--print").out == ""
    assert cli("search", "has:note", "--json").out == ""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _editor(tmp_path: Path, script: str) -> str:
    """A fake `$EDITOR`: a shell script given the note's file as its one argument."""
    path = tmp_path / "fake-editor"
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_note_opens_the_editor_on_the_note_and_saves_what_it_leaves(
    cli: Callable[..., CliResult], noted: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = tmp_path / "seen.md"
    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", _editor(tmp_path, f'cp "$1" {seen}; printf "Rewritten in the editor.\\n" > "$1"'))
    result = cli("note", noted)
    assert (result.code, result.err) == (0, "")
    assert seen.read_text(encoding="utf-8") == NOTE + "\n", "the editor opens on the note as it is"
    assert cli("note", noted, "--print").out == "Rewritten in the editor.\n"


@pytest.mark.parametrize(
    ("editor", "error"),
    [
        pytest.param("exit 3", "exited with status 3; nothing changed", id="the editor fails"),
        pytest.param(None, "could not start the editor", id="no such editor"),
    ],
)
def test_an_editor_that_fails_leaves_the_note_as_it_was(
    cli: Callable[..., CliResult],
    noted: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    editor: str | None,
    error: str,
) -> None:
    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setenv("VISUAL", _editor(tmp_path, editor) if editor else str(tmp_path / "no-such-editor"))
    result = cli("note", noted)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("newsdesk: ") and error in result.err and result.err.count("\n") == 1
    assert cli("note", noted, "--print").out == NOTE + "\n"


def test_note_on_an_unknown_article_is_one_line(cli: Callable[..., CliResult], noted: str) -> None:
    result = cli("note", "ffffffffffff", "--print")
    assert result.code == 2 and result.err.count("\n") == 1 and "no such article" in result.err
