"""Which words reach the browser as a query, which are refused as a mistyped command, and what `--help` lists."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult
from tui import commands
from tui.cli import COMMANDS, main, slip_of

Cli = Callable[..., CliResult]


@pytest.fixture
def browsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The queries the browser was opened with, instead of opening it."""
    queries: list[str] = []

    def record(args: argparse.Namespace, db: Path) -> int:
        queries.append(" ".join(args.query))
        return 0

    monkeypatch.setitem(commands.HANDLERS, "browse", record)
    return queries


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["serch", "radar"], "newsdesk: unknown command 'serch' (did you mean 'search'?)\n"),
        (["saerch", "radar"], "newsdesk: unknown command 'saerch' (did you mean 'search'?)\n"),
        (["stast"], "newsdesk: unknown command 'stast' (did you mean 'stats'?)\n"),
        (["shwo", "5d01"], "newsdesk: unknown command 'shwo' (did you mean 'show'?)\n"),
        (["exprot", "--format", "md"], "newsdesk: unknown command 'exprot' (did you mean 'export'?)\n"),
        (["reprints", "radar"], "newsdesk: unknown command 'reprints' (not in this version; see `newsdesk --help`)\n"),
        (["Reprints", "radar"], "newsdesk: unknown command 'Reprints' (not in this version; see `newsdesk --help`)\n"),
        (["kwci", "radar"], "newsdesk: unknown command 'kwci' (did you mean 'kwic'?)\n"),
    ],
)
def test_a_mistyped_or_missing_command_is_one_line_and_exit_2(
    cli: Cli, browsed: list[str], argv: list[str], error: str
) -> None:
    result = cli(*argv)
    assert (result.code, result.out, result.err, browsed) == (2, "", error, [])


@pytest.mark.parametrize(
    ("argv", "query"),
    [
        (["army contract"], "army contract"),
        (["army"], "army"),
        (["army", "contract"], "army contract"),
        (["state", "department"], "state department"),
        (["report"], "report"),
        (["imports", "of", "grain"], "imports of grain"),
        (["serch radar"], "serch radar"),
        (["--", "serch"], "serch"),
        (["browse", "serch", "radar"], "serch radar"),
        (["title:serch"], "title:serch"),
        ([], ""),
    ],
)
def test_queries_still_open_the_browser(cli: Cli, browsed: list[str], argv: list[str], query: str) -> None:
    result = cli(*argv)
    assert (result.code, result.err, browsed) == (0, "", [query])


@pytest.mark.parametrize(
    ("word", "meant"),
    [
        ("serch", "search"), ("seach", "search"), ("searchh", "search"), ("research", None), ("searches", None),
        ("imoprt", "import"), ("impotr", "import"), ("imports", None), ("support", None),
        ("exprot", "export"), ("expert", "export"), ("report", None),
        ("stat", "stats"), ("stast", "stats"), ("state", None), ("stars", None),
        ("shwo", "show"), ("sho", "show"), ("snow", None), ("shop", None),
        ("tga", "tag"), ("tax", None), ("tags", None), ("ta", None),
        ("untga", "untag"), ("docotr", "doctor"), ("doctors", None), ("reprase", "reparse"), ("realted", "related"),
        ("SERCH", "search"), ("s3rch", None), ("serch*", None), ("army", None),
    ],
)  # fmt: skip
def test_a_slip_is_a_swap_or_a_missing_letter_and_for_long_names_also_a_wrong_or_extra_one(
    word: str, meant: str | None
) -> None:
    assert slip_of(word) == meant


def test_help_lists_every_command_and_hides_the_browser_one(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--help"])
    text = capsys.readouterr().out
    assert raised.value.code == 0
    assert "SUPPRESS" not in text and "\n    browse" not in text
    section = text.split("  COMMAND\n", 1)[1].split("\n\n", 1)[0]
    assert re.findall(r"^    (\S+)", section, flags=re.MULTILINE) == list(COMMANDS)


def test_every_command_has_a_handler_and_nothing_else_does() -> None:
    assert set(commands.HANDLERS) == {*COMMANDS, "browse"}


def test_the_browser_without_a_terminal_says_so_at_once(tmp_path: Path) -> None:
    """Before, Textual waited for a terminal that never came; now one line and exit 2, Textual never loaded."""
    script = "import sys\nfrom tui.cli import main\ncode = main()\n"
    script += "sys.stderr.write(repr(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')))\nsys.exit(code)"
    result = subprocess.run(
        [sys.executable, "-c", script, "--db", str(tmp_path / "archive.json"), "army"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"newsdesk: {commands.NEEDS_A_TERMINAL}\n[]"
