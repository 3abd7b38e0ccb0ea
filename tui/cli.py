"""The `newsdesk` command: argument parsing, the store's location, and the one place errors become exit codes.

Every error meant for a person is a `NewsdeskError`; it is printed as one line on stderr and the process exits
2 (usage errors, a malformed query, an unknown id, an unusable store). Commands that ran but could not take
every input (an import with failed files) exit 1, and so does a browser that died of an error. The codes are
defined once, in `commands`, and named here too. Textual is imported only when the browser opens, so the
scriptable commands start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from store.errors import NewsdeskError
from store.export import FORMATS
from tui import commands
from tui.commands import EXIT_OK, EXIT_PARTIAL, EXIT_USAGE

__all__ = ["EXIT_OK", "EXIT_PARTIAL", "EXIT_USAGE", "main"]

COMMANDS = ("import", "search", "show", "stats", "export", "related", "tag", "untag", "reparse", "doctor")

EPILOG = """examples:
  newsdesk import ~/articles            import files and folders (recursive)
  newsdesk "missile defense"            open the browser on a first query
  newsdesk search 'source:rfe/rl date:2007' --limit 5
  newsdesk show 3f9a1c2b7d4e            one article as readable text
  newsdesk export 'tag:starred' --format md --out starred/

the archive is --db PATH, else $NEWSDESK_DB, else $XDG_DATA_HOME/newsdesk/archive.json"""


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line naming the command and the fix, exit 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: {message} (see `{self.prog} --help`)\n")
        raise SystemExit(EXIT_USAGE)


def default_db() -> Path:
    """Where the archive lives when neither --db nor NEWSDESK_DB says."""
    env = os.environ.get("NEWSDESK_DB")
    if env:
        return Path(env)
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "newsdesk" / "archive.json"


def positive_int(text: str) -> int:
    """An argparse type for --limit."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def build_parser() -> ArgumentParser:
    """The whole command line, each command with help and an example."""
    parser = ArgumentParser(
        prog="newsdesk",
        description="A terminal archive browser for news articles.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", type=Path, help="archive file (default: $NEWSDESK_DB or the XDG data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ArgumentParser)

    def command(name: str, help_text: str, example: str) -> ArgumentParser:
        return sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=f"example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    browse = sub.add_parser("browse", help=argparse.SUPPRESS)
    browse.add_argument("query", nargs="*")

    cmd = command(
        "import",
        "import article files and folders (recursive; hidden files skipped)",
        "newsdesk import ~/articles",
    )
    cmd.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    cmd.add_argument("--json", action="store_true", help="print one JSON summary object")
    cmd.add_argument("--no-wait", action="store_true", help="fail at once if another import holds the archive")
    cmd.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="GLOB",
        help="import only files matching GLOB (path or file name; repeatable), read as articles whatever they are",
    )
    cmd.add_argument(
        "--exclude", action="append", default=[], metavar="GLOB", help="leave out files and folders matching GLOB"
    )
    cmd.add_argument("-v", "--verbose", action="store_true", help="also name every skipped file and why")

    cmd = command("search", "ranked hits for a query", "newsdesk search '\"missile defense\" -iran' --sort date")
    cmd.add_argument("query", nargs="+")
    cmd.add_argument("--limit", type=positive_int, default=20, help="hits to print (default 20)")
    cmd.add_argument("--sort", choices=("relevance", "date", "title"), default="relevance")
    cmd.add_argument("--json", action="store_true", help="JSON Lines, one hit a line")

    cmd = command("show", "one article as readable text", "newsdesk show 3f9a1c2b")
    cmd.add_argument("id")
    cmd.add_argument("--json", action="store_true", help="print the record as JSON")

    cmd = command("stats", "counts: articles, sources, date span, per year, store size", "newsdesk stats --json")
    cmd.add_argument("--json", action="store_true", help="print one JSON object")

    cmd = command(
        "export",
        "export matching articles (all without a query)",
        "newsdesk export 'source:voa' --format md --out voa/",
    )
    cmd.add_argument("query", nargs="*")
    cmd.add_argument("--format", choices=FORMATS, default="md", help="md (default), txt or json (one array)")
    cmd.add_argument("--out", type=Path, metavar="DIR", help="write one file per article into DIR instead of stdout")
    cmd.add_argument("--sort", choices=("relevance", "date", "title"), default="date")

    cmd = command("related", "articles most like this one", "newsdesk related 3f9a1c2b --limit 5")
    cmd.add_argument("id")
    cmd.add_argument("--limit", type=positive_int, default=10, help="articles to list (default 10)")
    cmd.add_argument("--json", action="store_true", help="JSON Lines, one hit a line")

    for name, verb in (("tag", "add"), ("untag", "remove")):
        cmd = command(name, f"{verb} user tags on an article", f"newsdesk {name} 3f9a1c2b ukraine follow-up")
        cmd.add_argument("id")
        cmd.add_argument("tags", nargs="+", metavar="TAG")

    command("reparse", "rebuild every record from the stored raw text with the current parser", "newsdesk reparse")

    cmd = command(
        "doctor",
        "check every file of the store and the index; --repair or --restore mends what it found",
        "newsdesk doctor --repair",
    )
    mend = cmd.add_mutually_exclusive_group()
    mend.add_argument(
        "--repair",
        action="store_true",
        help="read the articles of damaged text segments again from their files (or mark them lost) "
        "and rebuild the index",
    )
    mend.add_argument("--restore", action="store_true", help="restore archive.json from archive.json.bak")
    cmd.add_argument("--yes", action="store_true", help="do not ask before restoring")
    return parser


def _with_browse_default(argv: list[str]) -> list[str]:
    """`newsdesk [QUERY]` opens the browser: route anything that is not a command there."""
    position = 0
    while position < len(argv):
        word = argv[position]
        if word == "--db":
            position += 2
        elif word.startswith("--db=") or word in ("-h", "--help") or word in COMMANDS or word == "browse":
            return argv
        else:
            break
    return [*argv[:position], "browse", *argv[position:]]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    args = build_parser().parse_args(_with_browse_default(list(sys.argv[1:] if argv is None else argv)))
    db = args.db or default_db()
    try:
        return commands.run(args, db)
    except NewsdeskError as error:
        sys.stderr.write(f"newsdesk: {commands.terminal_safe(str(error))}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("newsdesk: interrupted; nothing was committed\n")
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
