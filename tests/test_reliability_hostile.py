"""Hostile and odd input: import reports or handles every file, nothing crashes, nothing reaches a terminal raw.

One folder holds every kind of trouble a scrape can carry: terminal escape sequences, C0 and C1 controls,
Rich markup, bidi overrides, NUL bytes, a 10 MB single line, a 4 MB single line, a folder nested 200 deep,
symlink loops, a FIFO, and file names with newlines, escapes, bidi overrides and bytes that are not UTF-8.
The real console script imports it and then every command that prints runs over it; each output's bytes are
checked for control characters, ESC, C1 and bidi controls. Property tests then feed hypothesis-made file
contents through `Archive.import_paths` and hypothesis-made queries through `newsdesk search`.
"""

from __future__ import annotations

import builtins
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.archive import Archive
from store.paths import key_path
from tests.conftest import CliResult
from tests.test_reliability_support import run_newsdesk, unsafe_characters
from tui.cli import main

Cli = Callable[..., CliResult]


def _article(title: str, body: str) -> bytes:
    return f"{title}\n\nOctober 12, 2007 (RFE/RL) -- {body} radar.\n".encode()


ARTICLES: dict[bytes, bytes] = {
    b"escapes.txt": _article(
        "\x1b[31mRed Alert\x1b[0m Over Radar Talks",
        "Officials \x1b]8;;http://evil.example\x07clicked\x1b]8;;\x07 here \x1b[2J\x1b[H, rang \x07 and \x08, "
        "a C1 CSI \x9b31m and NEL \x85 and DEL \x7f",
    ),
    b"markup.txt": _article(
        "[bold]Markup[/bold] Headline [link=https://evil.example]click[/link]",
        "Body with [red]tags[/red], [/] closers and [link=file:///etc/passwd]links[/link]",
    ),
    b"bidi.txt": _article("Bidi \u202eevil\u202c Headline", "Text \u2066isolate\u2069 and \u202dforce\u202c"),
    b"long-line.txt": b"Long Line Title\n\n" + b"radar word " * 400_000,
    b"ok\nnamed\x1b[1m\xfe.txt": _article("Oddly Named File", "Its name has a newline, an escape, a bad byte"),
    b"n/" * 200 + b"deep.txt": _article("Deep Folder Article", "Found 200 folders down"),
}
"""Files import must take, whatever their names and contents hold."""

FAILURES: dict[bytes, str] = {
    b"nul.txt": "binary file",
    b"huge-line.txt": "larger than the 5 MB article limit",
    b"new\nline.txt": "empty file",
    b"bad\xffname.txt": "empty file",
    b"\x1b[31mesc.txt": "empty file",
    b"self.txt": "too many levels of symbolic links",
    b"gone.txt": "broken symbolic link",
    b"fifo": "not a regular file",
}
"""Files import must report, one line each, with these reasons."""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of every kind of hostile file, imported into `<folder>/db/archive.json`."""
    root = tmp_path_factory.mktemp("hostile")
    folder = os.fsencode(root / "in")
    for name, content in ARTICLES.items():
        path = os.path.join(folder, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(content)
    contents = {b"nul.txt": b"Title\n\nbody\x00with a NUL", b"huge-line.txt": b"word " * 2_200_000}
    for name in (b"new\nline.txt", b"bad\xffname.txt", b"\x1b[31mesc.txt", b"nul.txt", b"huge-line.txt"):
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(contents.get(name, b""))
    os.symlink(b".", os.path.join(folder, b"loop"))
    os.symlink(b"self.txt", os.path.join(folder, b"self.txt"))
    os.symlink(b"nowhere", os.path.join(folder, b"gone.txt"))
    os.mkfifo(os.path.join(folder, b"fifo"))
    return root


def _assert_safe(result: Any) -> None:
    assert unsafe_characters(result.stdout) == [], result.stdout[:2000]
    assert unsafe_characters(result.stderr) == [], result.stderr[:2000]
    assert b"Traceback" not in result.stderr


@pytest.fixture(scope="module")
def imported_hostile(hostile: Path) -> tuple[Path, Any]:
    """The hostile folder imported by the real console script; returns the archive path and the run."""
    db = hostile / "db" / "archive.json"
    return db, run_newsdesk(db, "import", hostile / "in")


def test_import_reports_every_hostile_file_on_one_safe_line(imported_hostile: tuple[Path, Any]) -> None:
    """Every bad file gets one `path: reason` line; every good one is imported; the output is clean."""
    _, result = imported_hostile
    _assert_safe(result)
    assert result.returncode == 1
    summary = f"{len(ARTICLES)} imported, 0 updated, 0 unchanged, 0 duplicates, 0 skipped, {len(FAILURES)} failed\n"
    assert result.stdout == summary.encode()
    lines = result.stderr.decode().splitlines()
    assert len(lines) == len(FAILURES)
    reasons = sorted(line.rpartition(": ")[2] for line in lines)
    assert reasons == sorted(FAILURES.values())
    assert any(line.endswith("/in/new\\x0aline.txt: empty file") for line in lines)
    assert any(line.endswith("/in/\\x1b[31mesc.txt: empty file") for line in lines)


def test_import_json_reports_the_same_failures(hostile: Path, tmp_path: Path) -> None:
    """`import --json` gives one object on stdout naming each failure, escaped the same way."""
    result = run_newsdesk(tmp_path / "archive.json", "import", "--json", hostile / "in")
    _assert_safe(result)
    report = orjson.loads(result.stdout)
    assert report["imported"] == len(ARTICLES)
    assert sorted(failure["error"] for failure in report["failed"]) == sorted(FAILURES.values())


def _ids(db: Path) -> list[str]:
    result = run_newsdesk(db, "search", "radar", "--json", "--limit", "50")
    _assert_safe(result)
    return [orjson.loads(line)["id"] for line in result.stdout.splitlines()]


def test_every_printing_command_keeps_the_terminal_safe(imported_hostile: tuple[Path, Any]) -> None:
    """search, show, export, related, stats and doctor print no control, escape, C1 or bidi character."""
    db, _ = imported_hostile
    ids = _ids(db)
    assert len(ids) == len(ARTICLES)
    runs = [
        ("search", "radar"),
        ("search", "radar", "--json"),
        ("search", "[bold]"),
        ("stats",),
        ("stats", "--json"),
        ("export", "--format", "md"),
        ("export", "--format", "txt"),
        ("export", "--format", "json"),
        ("doctor",),
    ]
    for article_id in ids:
        runs += [("show", article_id), ("show", article_id, "--json"), ("related", article_id)]
    for args in runs:
        result = run_newsdesk(db, *args)
        assert result.returncode == 0, (args, result.stderr)
        _assert_safe(result)


def test_markup_is_printed_as_text_not_interpreted(imported_hostile: tuple[Path, Any]) -> None:
    """Rich markup in a title and body comes out literally, brackets and all."""
    db, _ = imported_hostile
    result = run_newsdesk(db, "search", "markup")
    assert b"[bold]Markup[/bold] Headline [link=https://evil.example]click[/link]" in result.stdout
    assert b"[red]tags[/red]" in result.stdout


def test_odd_file_names_are_stored_by_their_bytes_and_reimport_as_unchanged(
    imported_hostile: tuple[Path, Any],
) -> None:
    """A name with a newline, ESC and a non-UTF-8 byte is keyed by its bytes, shown as one escaped line."""
    db, _ = imported_hostile
    real = os.fsencode(db.parent.parent / "in" / "ok") + b"\nnamed\x1b[1m\xfe.txt"
    with Archive.open(db) as archive:
        (record,) = (record for record in archive.records() if record["title"] == "Oddly Named File")
        assert os.fsencode(key_path(record["path"])) == real
        assert archive.full_record(record["id"])["path"].endswith("/in/ok\\x0anamed\\x1b[1m\\udcfe.txt")
    again = run_newsdesk(db, "import", db.parent.parent / "in")
    assert again.stdout.startswith(f"0 imported, 0 updated, {len(ARTICLES)} unchanged,".encode())


def test_names_that_look_alike_when_escaped_stay_two_files(tmp_path: Path) -> None:
    """`a`, newline, `b` and a name spelled `a\\x0ab` are shown alike but are two files and two records."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a\nb.txt").write_bytes(_article("Newline Named File", "One name holds a newline"))
    (folder / "a\\x0ab.txt").write_bytes(_article("Backslash Named File", "One name holds a backslash"))
    db = tmp_path / "archive.json"
    first = run_newsdesk(db, "import", folder)
    assert first.stdout.startswith(b"2 imported, 0 updated, 0 unchanged,"), first.stdout
    assert len(_ids(db)) == 2
    again = run_newsdesk(db, "import", folder)
    assert again.stdout.startswith(b"0 imported, 0 updated, 2 unchanged,"), again.stdout
    assert b"2 articles" in run_newsdesk(db, "doctor").stdout


def test_bidi_override_in_a_file_name_never_reaches_the_output(tmp_path: Path) -> None:
    """A right-to-left override in a file name is escaped in every output, --json and export included."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bidi-\u202ename.txt").write_bytes(_article("Bidi Named File", "Its name has an override"))
    db = tmp_path / "archive.json"
    assert run_newsdesk(db, "import", folder).returncode == 0
    (article_id,) = _ids(db)
    for args in (
        ("search", "radar", "--json"),
        ("show", article_id, "--json"),
        ("export", "--format", "md"),
        ("export", "--format", "json"),
    ):
        _assert_safe(run_newsdesk(db, *args))


def test_unreadable_files_and_folders_are_reported(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that cannot be read and a folder that cannot be listed are failures; the rest imports.

    Root reads everything, so the refusal is injected where the importer opens files and lists folders.
    """
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "inside.txt").write_bytes(_article("Locked Away", "Never read"))
    (folder / "secret.txt").write_bytes(_article("Secret Article", "Never read"))
    (folder / "open.txt").write_bytes(_article("Open Article", "Read fine"))
    real_open, real_scandir = builtins.open, os.scandir

    def guarded_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith("secret.txt"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real_open(file, *args, **kwargs)

    def guarded_scandir(path: Any = ".") -> Any:
        if str(path).endswith("locked"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_scandir(path)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(os, "scandir", guarded_scandir)
    report = archive.import_paths([folder])
    monkeypatch.undo()
    assert report.imported == 1
    assert [(Path(failure.path).name, failure.error) for failure in report.failed] == [
        ("locked", "cannot open folder (permission denied)"),
        ("secret.txt", "unreadable (permission denied)"),
    ]


@pytest.fixture(scope="module")
def property_archive() -> Iterator[tuple[Archive, Path]]:
    """One archive and scratch folder shared by every hypothesis example (each example gets new files)."""
    root = Path(tempfile.mkdtemp(prefix="newsdesk-property-"))
    with Archive.open(root / "store" / "archive.json", create=True) as opened:
        yield opened, root
    shutil.rmtree(root)


file_contents = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=2000).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.builds(
        lambda title, body, tail: _article(title, body) + tail,
        st.text(max_size=120),
        st.text(max_size=800),
        st.binary(max_size=60),
    ),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(contents=st.lists(file_contents, min_size=1, max_size=6))
def test_any_file_contents_import_or_fail_cleanly(
    property_archive: tuple[Archive, Path], contents: list[bytes]
) -> None:
    """Any bytes through `Archive.import_paths`: no exception; each file is imported, skipped or listed as failed."""
    archive, root = property_archive
    folder = Path(tempfile.mkdtemp(dir=root))
    for number, content in enumerate(contents):
        (folder / f"{number}.txt").write_bytes(content)
    report = archive.import_paths([folder])
    landed = report.imported + report.duplicates + report.updated + report.unchanged
    assert landed + len(report.failed) + len(report.skipped) == len(contents)
    assert all(failure.path.startswith(str(folder)) and failure.error for failure in report.failed)
    assert all(skip.path.startswith(str(folder)) and skip.reason for skip in report.skipped)
    for record in archive.records():
        assert unsafe_characters(record["title"].encode()) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=60) | st.from_regex(r'[\w"():*.\- ]{0,40}', fullmatch=True))
def test_any_query_through_the_cli_gives_hits_or_one_error_line(
    capsys: pytest.CaptureFixture[str], imported_hostile: tuple[Path, Any], query: str
) -> None:
    """Any text through `newsdesk search`: exit 0, or exit 2 with exactly one line on stderr."""
    db, _ = imported_hostile
    capsys.readouterr()
    code = main(["--db", str(db), "search", "--", query])
    out, err = capsys.readouterr()
    assert code in (0, 2), (code, out, err)
    if code == 2:
        assert out == "" and len(err.splitlines()) == 1 and err.startswith("newsdesk: "), err
    assert unsafe_characters(out.encode()) == [] and unsafe_characters(err.encode()) == []
