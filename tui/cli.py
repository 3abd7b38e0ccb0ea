"""The `newsdesk` command: argument parsing, the store's location, and the one place errors become exit codes.

Every error meant for a person is a `NewsdeskError`; it is printed as one line on stderr and the process exits
2 (usage errors, a malformed query, an unknown id, an unusable store). Commands that ran but could not take
every input (an import with failed files) exit 1, and so does a browser that died of an error. The codes are
defined once, in `commands`, and named here too.

Start-up is part of the interface: a script may run `newsdesk search --json` thousands of times. So this module
loads nothing of the store until a command runs, only the sub-command a run names gets its argparse parser
built (all of them only for `--help`), `commands` imports Rich, the readers and Textual only where they are
used, and the console script keeps the garbage collector out of start-up and exit (`main`).

`newsdesk [QUERY]` opens the browser, so a mistyped command would silently become a query; `route` refuses a
first word that is a slip of a command name (see `slip_of`) or a command the design reserves for later.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple, NoReturn, cast

from store.errors import NewsdeskError, UsageError
from tui.exits import EXIT_OK, EXIT_PARTIAL, EXIT_USAGE
from tui.terminal import columns

__all__ = ["EXIT_OK", "EXIT_PARTIAL", "EXIT_USAGE", "main"]

EPILOG = """examples:
  newsdesk import ~/articles            import files and folders (recursive)
  newsdesk "missile defense"            open the browser on a first query
  newsdesk search 'source:rfe/rl date:2007' --limit 5
  newsdesk show 3f9a1c2b7d4e            one article as readable text
  newsdesk export 'tag:starred' --format md --out starred/

a first word one slip away from a command (`serch`) is refused as a typo;
`newsdesk -- WORDS` or `newsdesk browse WORDS` opens the browser on any query

the archive is --db PATH, else $NEWSDESK_DB, else $XDG_DATA_HOME/newsdesk/archive.json"""

RESERVED = ("reprints",)
"""Commands the design names that this version does not have yet: refused, never taken for a query."""

SORTS = ("relevance", "date", "title")


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line naming the command and the fix, exit 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: {message} (see `{self.prog} --help`)\n")
        raise SystemExit(EXIT_USAGE)

    def _get_formatter(self) -> argparse.HelpFormatter:
        """argparse's formatter, told the terminal's width (less two columns, as argparse does). Left to find
        it, argparse imports `shutil`: 3 ms that every command pays, since `add_argument` builds a formatter to
        check each argument."""
        formatter = cast(type[argparse.HelpFormatter], self.formatter_class)  # always one of argparse's
        return formatter(prog=self.prog, width=columns() - 2)


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


def _import_arguments(cmd: ArgumentParser) -> None:
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


def _search_arguments(cmd: ArgumentParser) -> None:
    cmd.add_argument("query", nargs="+")
    cmd.add_argument("--limit", type=positive_int, default=20, help="hits to print (default 20)")
    cmd.add_argument("--sort", choices=SORTS, default="relevance")
    cmd.add_argument("--json", action="store_true", help="JSON Lines, one hit a line")


def _show_arguments(cmd: ArgumentParser) -> None:
    cmd.add_argument("id", help="an article id, or enough of its first characters to name one article")
    cmd.add_argument("--json", action="store_true", help="print the record as JSON")


def _stats_arguments(cmd: ArgumentParser) -> None:
    cmd.add_argument("--json", action="store_true", help="print one JSON object")


def _export_arguments(cmd: ArgumentParser) -> None:
    from store.export import FORMATS  # with orjson and its imports: only when `export` is what runs

    cmd.add_argument("query", nargs="*")
    cmd.add_argument(
        "--format",
        choices=FORMATS,
        default="md",
        help="md (default), txt, json (on stdout one JSON array), csv (one table, a row per article: "
        "id, date, source, site, title, byline, location, words, url, tags, note, path), "
        "or a bibliography for Zotero and other reference managers: bibtex, ris or csl-json",
    )
    cmd.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="write into DIR instead of stdout: one file per article for md, txt and json; "
        "one articles.csv, articles.bib, articles.ris or articles.csl.json for the others",
    )
    cmd.add_argument("--with-body", action="store_true", help="csv only: add each article's text as a last column")
    cmd.add_argument("--sort", choices=SORTS, default="date")


def _cite_arguments(cmd: ArgumentParser) -> None:
    from store.cite import STYLES  # the style names only: citeproc itself loads when a citation is made

    cmd.add_argument("ids", nargs="+", metavar="ID", help="article ids, or enough of their first characters")
    cmd.add_argument(
        "--style",
        choices=STYLES,
        default="apa",
        help="apa (default), chicago (notes-bibliography), mla or harvard: one citation a line, by CSL; "
        "bibtex, ris or csl-json: one document",
    )


def _related_arguments(cmd: ArgumentParser) -> None:
    cmd.add_argument("id")
    cmd.add_argument("--limit", type=positive_int, default=10, help="articles to list (default 10)")
    cmd.add_argument("--json", action="store_true", help="JSON Lines, one hit a line")


def _kwic_arguments(cmd: ArgumentParser) -> None:
    from store.search.kwic_layout import KWIC_SORTS, MIN_WIDTH  # no index: only the choices and the layout

    def line_width(text: str) -> int:
        value = positive_int(text)
        if value < MIN_WIDTH:
            raise argparse.ArgumentTypeError(f"{text!r} must be at least {MIN_WIDTH}")
        return value

    cmd.add_argument("query", nargs="+")
    cmd.add_argument(
        "--sort",
        choices=KWIC_SORTS,
        default="date",
        help="date: newest article first, printed as found (default); left, right: by the words before or after "
        "the match; source: by source. All but date find every line before printing the first",
    )
    cmd.add_argument(
        "--width", type=line_width, metavar="N", help="cells per line (default: the terminal's, 100 on a pipe)"
    )
    machine = cmd.add_mutually_exclusive_group()
    machine.add_argument("--json", action="store_true", help="JSON Lines, one occurrence a line")
    machine.add_argument(
        "--csv",
        action="store_true",
        help="CSV with a header: id, date, source, title, left, match, right, start, end "
        "(contexts cut to --width as the lines show them)",
    )


def _trend_arguments(cmd: ArgumentParser) -> None:
    from store.search.trend import PERIODS  # the choices only: the index loads when the queries are counted

    cmd.add_argument("queries", nargs="+", metavar="QUERY", help="one or more queries, each quoted as one argument")
    cmd.add_argument("--by", choices=PERIODS, default="month", help="count per month (default) or per year")
    machine = cmd.add_mutually_exclusive_group()
    machine.add_argument(
        "--json", action="store_true", help='one object: {"by", "periods", "series": [{"query", "counts", ...}]}'
    )
    machine.add_argument(
        "--csv", action="store_true", help="CSV with a row per query: query, total, undated, then one column a period"
    )


def _tag_arguments(cmd: ArgumentParser) -> None:
    cmd.add_argument("id")
    cmd.add_argument("tags", nargs="+", metavar="TAG")


def _note_arguments(cmd: ArgumentParser) -> None:
    cmd.add_argument("id", help="an article id, or enough of its first characters to name one article")
    what = cmd.add_mutually_exclusive_group()
    what.add_argument("--print", action="store_true", help="print the note (nothing when there is none)")
    what.add_argument("--clear", action="store_true", help="remove the note")


def port_number(text: str) -> int:
    """An argparse type for `serve --port`."""
    value = positive_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (1 to 65535)")
    return value


def _serve_arguments(cmd: ArgumentParser) -> None:
    cmd.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0: every network it is on)",
    )
    cmd.add_argument("--port", type=port_number, default=8000, help="port to listen on (default 8000)")
    cmd.add_argument(
        "--read-only",
        action="store_true",
        help="visitors search and read, but cannot star, tag, note, save searches, mark read or export files",
    )


def _no_arguments(cmd: ArgumentParser) -> None:
    """`reparse` takes none."""


def _doctor_arguments(cmd: ArgumentParser) -> None:
    mend = cmd.add_mutually_exclusive_group()
    mend.add_argument(
        "--repair",
        action="store_true",
        help="read the articles of damaged text segments again from their files (or mark them lost) "
        "and rebuild the index",
    )
    mend.add_argument("--restore", action="store_true", help="restore archive.json from archive.json.bak")
    cmd.add_argument("--yes", action="store_true", help="do not ask before restoring")


class Command(NamedTuple):
    """One sub-command's help line, its example, and how its arguments are declared.

    A named tuple rather than a dataclass: importing `dataclasses` costs 5 ms that this module, loaded before
    the collector is paused (`main`), should not pay.
    """

    help: str
    example: str
    arguments: Callable[[ArgumentParser], None]


COMMAND_LINE: dict[str, Command] = {
    "import": Command(
        "import article files and folders (recursive; hidden files skipped)",
        "newsdesk import ~/articles",
        _import_arguments,
    ),
    "search": Command(
        "ranked hits for a query", "newsdesk search '\"missile defense\" -iran' --sort date", _search_arguments
    ),
    "show": Command("one article as readable text", "newsdesk show 3f9a1c2b", _show_arguments),
    "stats": Command(
        "counts: articles, sources, date span, per year, store size", "newsdesk stats --json", _stats_arguments
    ),
    "export": Command(
        "export matching articles (all without a query)",
        "newsdesk export 'source:voa' --format md --out voa/",
        _export_arguments,
    ),
    "cite": Command(
        "citations of articles, styled or for a reference manager",
        "newsdesk cite 3f9a1c2b --style mla",
        _cite_arguments,
    ),
    "related": Command("articles most like this one", "newsdesk related 3f9a1c2b --limit 5", _related_arguments),
    "kwic": Command(
        "concordance: every occurrence of the query's words, one line each, aligned on the match",
        "newsdesk kwic '\"missile defense\"' --sort left",
        _kwic_arguments,
    ),
    "trend": Command(
        "hits per month or year for each query: a table and a chart; --json or --csv for the numbers",
        "newsdesk trend 'missile defense' 'grain exports' --by year",
        _trend_arguments,
    ),
    "tag": Command("add user tags on an article", "newsdesk tag 3f9a1c2b ukraine follow-up", _tag_arguments),
    "untag": Command("remove user tags on an article", "newsdesk untag 3f9a1c2b follow-up", _tag_arguments),
    "note": Command(
        "write an article's note in $EDITOR (or from stdin in a script); --print, --clear",
        "newsdesk note 3f9a1c2b",
        _note_arguments,
    ),
    "reparse": Command(
        "rebuild every record from the stored raw text with the current parser", "newsdesk reparse", _no_arguments
    ),
    "serve": Command(
        "the browser as a web page, a session per visitor (loopback unless --host says otherwise)",
        "newsdesk serve --host 0.0.0.0 --read-only",
        _serve_arguments,
    ),
    "doctor": Command(
        "check every file of the store and the index; --repair or --restore mends what it found",
        "newsdesk doctor --repair",
        _doctor_arguments,
    ),
}
"""Every command, in the order `--help` lists them; `commands.HANDLERS` runs each."""

COMMANDS = tuple(COMMAND_LINE)
BROWSE = "browse"
"""The browser's own command: what `newsdesk [QUERY]` means, not listed in `--help`, and a way to force a query."""


def build_parser(only: str | None = None) -> ArgumentParser:
    """The command line, each command with help and an example: all of them, or just the one named `only`."""
    parser = ArgumentParser(
        prog="newsdesk",
        description="A terminal archive browser for news articles.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", type=Path, help="archive file (default: $NEWSDESK_DB or the XDG data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ArgumentParser)
    # No `help=`: argparse lists every sub-command given one, even `help=SUPPRESS` (as "==SUPPRESS==").
    browse = sub.add_parser(BROWSE)
    browse.add_argument("query", nargs="*")
    browse.add_argument("--read-only", action="store_true", help="refuse every write (what `serve --read-only` runs)")
    for name, spec in COMMAND_LINE.items():
        if only is None or only == name:
            cmd = sub.add_parser(
                name,
                help=spec.help,
                description=spec.help,
                epilog=f"example:\n  {spec.example}",
                formatter_class=argparse.RawDescriptionHelpFormatter,
            )
            spec.arguments(cmd)
    return parser


def _is_slip(word: str, command: str) -> bool:
    """Whether `word` is `command` typed with one slip.

    A slip is two neighbouring letters swapped or one letter left out; for commands of six letters or more,
    also one letter wrong or one too many, though not a trailing `s`. Short names get the narrow rule because
    the wide one would take common words for typos (`state` for `stats`, `snow` for `show`, `tax` for `tag`),
    and plurals stay queries (`imports`, `doctors`).
    """
    if len(word) == len(command):
        wrong = [index for index, (ours, theirs) in enumerate(zip(word, command, strict=True)) if ours != theirs]
        if len(wrong) == 1:
            return len(command) >= 6
        first = wrong[0] if len(wrong) == 2 and wrong[1] == wrong[0] + 1 else None
        return first is not None and word[first : first + 2] == command[first + 1] + command[first]
    if len(word) == len(command) - 1:
        return any(command[:index] + command[index + 1 :] == word for index in range(len(command)))
    if len(word) == len(command) + 1 and len(command) >= 6 and word != command + "s":
        return any(word[:index] + word[index + 1 :] == command for index in range(len(word)))
    return False


def slip_of(word: str) -> str | None:
    """The command a lone first word was probably meant to be, or None if it reads as a query word.

    Only words of three or more plain letters are candidates: a query with a field, a quote, a wildcard, an
    operator's case or a digit in its first word is a query whatever it resembles.
    """
    if len(word) < 3 or not (word.isascii() and word.isalpha()):
        return None
    lowered = word.lower()
    return next((command for command in COMMANDS if _is_slip(lowered, command)), None)


def _refuse_typo(word: str) -> None:
    """Raise the one-line error for a first word that names no command but looks like one."""
    if word.lower() in RESERVED:
        raise UsageError(f"unknown command '{word}' (not in this version; see `newsdesk --help`)")
    meant = slip_of(word)
    if meant is not None:
        raise UsageError(f"unknown command '{word}' (did you mean '{meant}'?)")


def route(argv: list[str]) -> tuple[list[str], str | None]:
    """The arguments to parse, and the one command they run (None when `--help` needs every command).

    `newsdesk [QUERY]` opens the browser: anything that is not a command goes there, unless its first word is
    a typo of one (`_refuse_typo`). `--` before the query, or `browse`, takes any words as a query.
    """
    position = 0
    while position < len(argv):
        word = argv[position]
        if word == "--db":
            if position + 1 == len(argv):
                return argv, None
            position += 2
        elif word.startswith("--db="):
            position += 1
        elif word in ("-h", "--help"):
            return argv, None
        elif word in COMMAND_LINE or word == BROWSE:
            return argv, word
        else:
            if word != "--":
                _refuse_typo(word)
            break
    return [*argv[:position], BROWSE, *argv[position:]], BROWSE


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script (which passes no `argv`); returns the exit code.

    Run as the program, the collector is paused while the commands and the store load (some twenty collections,
    5 ms, over objects that live as long as the process), which are then frozen out of its sight; and once the
    command is done, whatever is alive is frozen so that the interpreter's exit does not walk it all again
    (another 5 ms): a sixth of a whole `search --json`. Called with `argv` (the tests, in one long process),
    the collector is left alone.
    """
    program = argv is None
    try:
        routed, command = route(list(sys.argv[1:] if argv is None else argv))
        args = build_parser(command).parse_args(routed)
        return _run(args, program)
    except NewsdeskError as error:
        from store.ingest.decode import clean_text  # `commands.terminal_safe`, without loading the commands

        sys.stderr.write(f"newsdesk: {clean_text(str(error))}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("newsdesk: interrupted; nothing was committed\n")
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
    finally:
        if program:
            gc.freeze()


def _run(args: argparse.Namespace, program: bool) -> int:
    """Load the commands (the collector paused meanwhile when run as the program) and run the one asked for."""
    if program:
        gc.disable()
    try:
        from tui import commands
    finally:
        if program:
            gc.freeze()
            gc.enable()
    return commands.run(args, args.db or default_db())


if __name__ == "__main__":
    raise SystemExit(main())
