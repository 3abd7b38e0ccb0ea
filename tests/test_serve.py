"""`newsdesk serve`: its arguments, the warning off loopback, the page's links, and `--read-only`.

Read-only is the store's doing, so it is proved on the facade first: every write is refused with one message
and leaves the archive's files byte for byte (and mtime for mtime) as they were, while the derived search
index may still be rebuilt. Then the browser opened so: a refused star is a notice, never a crash. Several
visitors are several processes; two of them tagging one article at the same moment keep every tag.
"""

from __future__ import annotations

import multiprocessing
import shlex
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest
from aiohttp import test_utils
from textual.widgets import OptionList

from store.archive import Archive
from store.errors import ReadOnlyError
from tests.conftest import CliResult
from tests.test_app import reader, search, until
from tests.test_app_more import notifications
from tests.test_reliability_support import NEWSDESK, assert_unchanged, snapshot
from tui import serve
from tui.app import ArchiveApp
from tui.cli import RESERVED, build_parser, route
from tui.commands import NEEDS_A_TERMINAL, WEB_DRIVER
from tui.screens.browser import BrowserScreen

Cli = Callable[..., CliResult]
REFUSED = "archive.json: the archive is open read-only (newsdesk serve --read-only)"


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[serve.PageServer]:
    """The servers `newsdesk serve` would start, recorded instead of run."""
    started: list[serve.PageServer] = []
    monkeypatch.setattr(serve.PageServer, "serve", lambda self, debug=False: started.append(self))
    return started


def test_serve_is_a_command_now_not_a_reserved_word() -> None:
    assert "serve" not in RESERVED
    assert route(["serve", "--read-only"]) == (["serve", "--read-only"], "serve")


def test_serve_defaults_to_loopback_port_8000_and_writable() -> None:
    args = build_parser("serve").parse_args(["serve"])
    assert (args.host, args.port, args.read_only) == ("127.0.0.1", 8000, False)


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_a_port_out_of_range_is_a_usage_error(cli: Cli, port: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli("serve", "--port", port)
    assert exit_.value.code == 2


def test_serving_needs_an_archive(cli: Cli, served: list[serve.PageServer]) -> None:
    result = cli("serve")
    assert result.code == 2 and result.err.count("\n") == 1 and served == []


def test_on_loopback_serve_says_nothing_and_runs_the_browser_per_visitor(
    cli: Cli, imported: Archive, served: list[serve.PageServer]
) -> None:
    result = cli("serve", "--port", "8123")
    assert (result.code, result.err) == (0, "")
    [server] = served
    assert (server.host, server.port) == ("127.0.0.1", 8123)
    assert shlex.split(server.command) == [
        sys.executable, "-P", "-m", "tui.cli", "--db", str(imported.path.absolute()), "browse",
    ]  # fmt: skip


def test_the_browser_each_visitor_runs_has_no_tty_and_opens_read_only(
    cli: Cli, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """textual-serve names its web driver, and the pipes it gives the browser are the page, not a terminal."""
    opened: list[tuple[Path, str, bool]] = []

    def run_browser(db: Path, query: str, *, read_only: bool = False) -> int:
        opened.append((db, query, read_only))
        return 0

    monkeypatch.setattr("tui.app.run_browser", run_browser)
    assert cli("browse", "--read-only", "radar").err == f"newsdesk: {NEEDS_A_TERMINAL}\n"
    monkeypatch.setenv("TEXTUAL_DRIVER", WEB_DRIVER)
    assert cli("browse", "--read-only", "radar").code == 0 and cli("grain").code == 0
    assert opened == [(db_path, "radar", True), (db_path, "grain", False)]


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_every_loopback_address_is_loopback(host: str) -> None:
    assert serve.exposure_warning(host, 8000, read_only=False) is None


@pytest.mark.parametrize(
    ("options", "warning"),
    [
        (
            ("--host", "0.0.0.0"),
            "newsdesk: serving on 0.0.0.0:8000: anyone who can reach it can read the archive and change it "
            "(--read-only prevents that)\n",
        ),
        (
            ("--host", "newsroom.local", "--port", "9000", "--read-only"),
            "newsdesk: serving on newsroom.local:9000: anyone who can reach it can read the archive\n",
        ),
    ],
)
def test_beyond_loopback_serve_warns_in_one_line(
    cli: Cli, imported: Archive, served: list[serve.PageServer], options: tuple[str, ...], warning: str
) -> None:
    result = cli("serve", *options)
    assert (result.code, result.err) == (0, warning)
    assert shlex.split(served[0].command)[-1] == ("--read-only" if "--read-only" in options else "browse")


def test_a_busy_port_is_refused_in_one_line(imported: Archive) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [NEWSDESK, "--db", imported.path, "serve", "--port", str(port)],
            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.startswith(f"newsdesk: cannot serve on 127.0.0.1:{port} (")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


async def test_the_page_connects_back_by_the_address_the_visitor_used() -> None:
    """Bound to every address, the page must not tell a visitor's browser to open a websocket to 0.0.0.0."""
    server = serve.PageServer("true", host="0.0.0.0", port=8000)
    async with test_utils.TestClient(test_utils.TestServer(await server._make_app())) as client:
        response = await client.get("/", headers={"Host": "newsroom.local:8000"})
        page = await response.text()
    assert response.status == 200
    assert 'data-session-websocket-url="ws://newsroom.local:8000/ws"' in page
    assert 'src="http://newsroom.local:8000/static/js/textual.js"' in page


@pytest.fixture
def read_only(imported: Archive) -> Iterator[tuple[Archive, str]]:
    """The sample archive, with one saved search, opened a second time read-only; and one article's id."""
    imported.save_search("radar", "radar")
    article_id = next(iter(imported.records().articles))
    imported.tag(article_id, ["kept"])
    with Archive.open(imported.path, read_only=True) as archive:
        yield archive, article_id


WRITES: dict[str, Callable[[Archive, str], object]] = {
    "import": lambda archive, _: archive.import_paths([archive.path.parent]),
    "tag": lambda archive, article_id: archive.tag(article_id, ["new"]),
    "untag": lambda archive, article_id: archive.tag(article_id, ["kept"], remove=True),
    "star": lambda archive, article_id: archive.tag(article_id, ["starred"]),
    "note": lambda archive, article_id: archive.set_note(article_id, "a note"),
    "mark read": lambda archive, article_id: archive.mark_read(article_id),
    "save search": lambda archive, _: archive.save_search("grain", "grain"),
    "delete search": lambda archive, _: archive.delete_search("radar"),
    "reparse": lambda archive, _: archive.reparse(),
    "repair": lambda archive, _: archive.repair(),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_read_only_refuses_every_write_and_leaves_the_store_as_it_was(
    read_only: tuple[Archive, str], write: Callable[[Archive, str], object]
) -> None:
    archive, article_id = read_only
    before = snapshot(archive.path.parent)
    with pytest.raises(ReadOnlyError) as refused:
        write(archive, article_id)
    assert str(refused.value) == REFUSED
    assert_unchanged(archive.path.parent, before)
    assert archive.user_data(article_id)[0] == ("kept",) and archive.saved_searches() == [("radar", "radar")]


def test_read_only_still_rebuilds_the_derived_index(read_only: tuple[Archive, str]) -> None:
    archive, article_id = read_only
    archive.close()
    shutil.rmtree(archive.index.directory)
    before = snapshot(archive.path.parent, skip_lock=True, skip_index=True)
    with Archive.open(archive.path, read_only=True) as reopened:
        assert not reopened.index_is_current()
        reopened.ensure_index()
        assert reopened.index_is_current() and reopened.search("tag:kept").hits[0].id == article_id
    assert_unchanged(archive.path.parent, before, skip_lock=True, skip_index=True)  # the rebuild held the lock


async def test_the_read_only_browser_says_so_instead_of_writing(read_only: tuple[Archive, str]) -> None:
    """Star, tag, save and export are each met with a notice and no dialog; reading leaves no read mark and no
    notice; the store is untouched and the browser goes on."""
    archive, _ = read_only
    before = snapshot(archive.path.parent)
    app = ArchiveApp(archive, show_timings=False)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await search(pilot, "radar")
        await pilot.press("enter", "enter")
        await until(pilot, lambda: reader(app).document is not None)
        await app.workers.wait_for_complete()
        assert notifications(pilot) == []
        await pilot.press("asterisk")
        await until(pilot, lambda: REFUSED in notifications(pilot))
        for key in ("t", "ctrl+s"):
            app.clear_notifications()
            await pilot.press(key)
            assert isinstance(app.screen, BrowserScreen) and notifications(pilot) == [REFUSED]
        await pilot.press("e")
        assert isinstance(app.screen, BrowserScreen)
        assert notifications(pilot)[-1] == "Export is off: the archive is open read-only"
        saved = app.screen.query_one("#saved", OptionList)
        saved.focus()
        saved.highlighted = 0
        app.clear_notifications()
        await pilot.press("delete")
        await until(pilot, lambda: notifications(pilot) == [REFUSED])
        assert saved.option_count == 1 and app.is_running
    assert_unchanged(archive.path.parent, before)


def _tag_many(db: Path, article_id: str, prefix: str, start: Barrier) -> None:
    """One visitor's browser process: its own archive object, tagging as fast as it can once both are ready."""
    with Archive.open(db) as archive:
        start.wait(timeout=60)
        for n in range(12):
            assert f"{prefix}{n}" in archive.tag(article_id, [f"{prefix}{n}"])


def test_two_visitors_tagging_at_once_keep_every_tag(imported: Archive) -> None:
    """Each tag is read, changed and committed under the writer lock, so neither process's tags are lost."""
    article_id = next(iter(imported.records().articles))
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Barrier(2)
    visitors = [spawn.Process(target=_tag_many, args=(imported.path, article_id, p, start)) for p in ("a", "b")]
    try:
        for visitor in visitors:
            visitor.start()
        for visitor in visitors:
            visitor.join(timeout=120)
        assert [visitor.exitcode for visitor in visitors] == [0, 0]
    finally:
        for visitor in visitors:
            if visitor.is_alive():
                visitor.kill()
    imported.refresh()
    assert imported.user_data(article_id)[0] == tuple(sorted(f"{p}{n}" for p in "ab" for n in range(12)))
