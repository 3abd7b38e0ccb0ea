"""What each non-interactive command does, given parsed arguments and the archive's path.

Machine output (`--json`) goes to stdout and nothing else does in that mode; progress, notices and failures
go to stderr. Everything printed passes through `terminal_safe`, so no byte from an article file or a file
name can drive the terminal.

Each command imports only what it uses: Rich (`tui.console`) only when a bar or styled hits are drawn on a
terminal, the readers only for `import` and `reparse`, `doctor` only for itself, Textual only for the browser,
so `search --json`, `show` and `stats` start in a few tens of milliseconds.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import orjson

from store.archive import Archive
from store.errors import UsageError
from store.export import ExportFormat, as_text, render, write_files
from store.ingest.decode import clean_text
from store.paths import shown_key
from tui.exits import EXIT_OK as EXIT_OK
from tui.exits import EXIT_PARTIAL as EXIT_PARTIAL

if TYPE_CHECKING:
    from store.ingest.importer import ImportReport
    from store.search.kwic import KwicLine
    from store.search.view import Hit


def terminal_safe(text: str) -> str:
    """Text with every control character except newline and tab removed, whatever its origin."""
    return clean_text(text)


def _out(text: str) -> None:
    sys.stdout.write(terminal_safe(text) + "\n")


def _json_line(value: Any) -> None:
    sys.stdout.buffer.write(orjson.dumps(value) + b"\n")


def _notice(text: str) -> None:
    sys.stderr.write(f"newsdesk: {terminal_safe(text)}\n")


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A Rich progress bar on stderr when it is a terminal; nothing at all (and no Rich) when piped."""
    if not sys.stderr.isatty():
        yield None
        return
    from tui.console import rich_progress

    with rich_progress(label) as advance:
        yield advance


def open_archive(db: Path, *, create: bool = False) -> Archive:
    """Open the archive and make sure its search index is current, with progress while it is rebuilt."""
    archive = Archive.open(db, create=create)
    if not create and not archive.index_is_current():
        _notice("search index is missing or out of date; rebuilding it")
        with progress_bar("indexing") as advance:
            archive.ensure_index(advance, on_wait=_notice)
    return archive


def summary_line(report: ImportReport) -> str:
    """`12 imported, 0 updated, 3 unchanged, 1 duplicate, 2 skipped, 2 failed`."""
    return (
        f"{report.imported} imported, {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.duplicates} duplicate{'s' if report.duplicates != 1 else ''}, {len(report.skipped)} skipped, "
        f"{len(report.failed)} failed"
    )


def cmd_import(args: argparse.Namespace, db: Path) -> int:
    with Archive.open(db, create=True) as archive, progress_bar("importing") as advance:
        report = archive.import_paths(
            args.paths,
            progress=advance,
            wait=not args.no_wait,
            on_wait=_notice,
            include=tuple(args.include),
            exclude=tuple(args.exclude),
        )
    if args.verbose:
        for skip in report.skipped:
            sys.stderr.write(terminal_safe(f"{skip.path}: skipped, {skip.reason}") + "\n")
    for failure in report.failed:
        sys.stderr.write(terminal_safe(f"{failure.path}: {failure.error}") + "\n")
    if args.json:
        _json_line(report.as_json())
    else:
        _out(summary_line(report))
    return EXIT_PARTIAL if report.failed else EXIT_OK


def hit_json(hit: Hit) -> dict[str, Any]:
    """One line of `search --json` / `related --json`: every field of the hit, its path shown escaped."""
    return {**dataclasses.asdict(hit), "path": shown_key(hit.path), "score": round(hit.score, 4)}


@dataclasses.dataclass(frozen=True)
class HitLines:
    """One hit as people read it, every text made terminal-safe: the plain and the styled output share it."""

    INDENT: ClassVar[str] = "    "
    lead: str
    source: str
    title: str
    snippet: str
    highlights: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, hit: Hit) -> HitLines:
        """The lines of `hit`: `id  date  ` leading its source and title, then its snippet."""
        return cls(
            lead=f"{hit.id}  {hit.date or 'undated':<10}  ",
            source=terminal_safe(hit.source or "-"),
            title=terminal_safe(hit.title),
            snippet=terminal_safe(hit.snippet),
            highlights=tuple(hit.highlights),
        )


def print_hits(hits: list[Hit] | tuple[Hit, ...]) -> None:
    """Hits for people: id, date, source and title, then the snippet; styled by Rich only on a terminal."""
    lines = [HitLines.of(hit) for hit in hits]
    if sys.stdout.isatty():
        from tui.console import print_styled_hits

        print_styled_hits(lines)
        return
    for hit in lines:
        sys.stdout.write(f"{hit.lead}{hit.source}  {hit.title}\n{hit.INDENT}{hit.snippet}\n")


def cmd_search(args: argparse.Namespace, db: Path) -> int:
    with open_archive(db) as archive:
        results = archive.search(" ".join(args.query), sort=args.sort, limit=args.limit)
    if args.json:
        for hit in results.hits:
            _json_line(hit_json(hit))
        return EXIT_OK
    print_hits(results.hits)
    sys.stderr.write(f"{results.total} hit{'s' if results.total != 1 else ''} · {results.elapsed_ms:.0f} ms\n")
    return EXIT_OK


def cmd_show(args: argparse.Namespace, db: Path) -> int:
    with Archive.open(db) as archive:
        record = archive.full_record(archive.resolve(args.id))
    if args.json:
        _json_line(record)
    else:
        sys.stdout.write(terminal_safe(as_text(record)))
    return EXIT_OK


def cmd_stats(args: argparse.Namespace, db: Path) -> int:
    with Archive.open(db) as archive:
        stats = archive.stats()
    if args.json:
        _json_line(stats.as_json())
        return EXIT_OK
    span = f"{stats.first_date} to {stats.last_date}" if stats.first_date else "no dated articles"
    _out(f"articles   {stats.articles:,} ({stats.words:,} words)")
    _out(f"sources    {len(stats.sources)}: " + ", ".join(f"{name} {count}" for name, count in stats.sources[:8]))
    if stats.sites:
        _out(f"sites      {len(stats.sites)}: " + ", ".join(f"{name} {count}" for name, count in stats.sites[:8]))
    _out(f"dates      {span}; {stats.undated} undated")
    for year, count in stats.per_year:
        _out(f"  {year}     {count:>6,}")
    _out(f"store size {stats.store_bytes / 1_048_576:.1f} MB")
    return EXIT_OK


def cmd_export(args: argparse.Namespace, db: Path) -> int:
    export_format: ExportFormat = args.format
    if args.with_body and export_format != "csv":
        raise UsageError(f"--with-body is for --format csv; {export_format} always holds the body")
    with open_archive(db) as archive:
        query = " ".join(args.query)
        total = archive.search(query, limit=1).total
        hits = archive.search(query, sort=args.sort, limit=max(total, 1)).hits
        records = list(archive.full_records(hit.id for hit in hits))
    if args.out is None:
        sys.stdout.buffer.write(render(records, export_format, with_body=args.with_body))
        return EXIT_OK
    try:
        written = write_files(records, export_format, args.out, with_body=args.with_body)
    except OSError as error:
        raise UsageError(f"{args.out}: cannot write export ({error.strerror})") from error
    _notice(
        f"exported {len(records)} article{'s' if len(records) != 1 else ''} to {len(written)} file(s) in {args.out}"
    )
    return EXIT_OK


def cmd_cite(args: argparse.Namespace, db: Path) -> int:
    """Cite each named article; every id is resolved before anything is printed, so a bad one prints nothing."""
    from store.cite import cite

    with Archive.open(db) as archive:
        records = [dict(archive.record(article_id)) for article_id in args.ids]
    sys.stdout.write(terminal_safe(cite(records, args.style)))
    return EXIT_OK


def cmd_related(args: argparse.Namespace, db: Path) -> int:
    with open_archive(db) as archive:
        hits = archive.related(args.id, args.limit)
    if args.json:
        for hit in hits:
            _json_line(hit_json(hit))
    else:
        print_hits(hits)
    return EXIT_OK


PIPE_WIDTH = 100
"""`kwic`'s line width when stdout is no terminal and `--width` says nothing."""


def cmd_kwic(args: argparse.Namespace, db: Path) -> int:
    """Print every occurrence as it is found (in date order: the first lines come at once, even on a pipe)."""
    import os

    from store.query.parser import parse_query
    from store.search.kwic import concordance
    from store.search.kwic_layout import Layout, sorted_lines

    terminal = sys.stdout.isatty()
    layout = Layout(args.width or (os.get_terminal_size(sys.stdout.fileno()).columns if terminal else PIPE_WIDTH))
    with open_archive(db) as archive:
        found = concordance(archive, parse_query(" ".join(args.query)))
        lines = sorted_lines((_safe_line(line) for line in found), args.sort)
        if args.json:
            for line in lines:
                _json_line(layout.record(line))
        elif args.csv:
            sys.stdout.writelines(layout.csv(lines))
        elif terminal:
            from tui.console import print_styled_rows

            print_styled_rows(layout.row(line) for line in lines)
        else:
            sys.stdout.writelines(layout.text(lines))
    return EXIT_OK


def _safe_line(line: KwicLine) -> KwicLine:
    """A concordance line with every text it prints made terminal-safe."""
    return dataclasses.replace(
        line,
        title=terminal_safe(line.title),
        source=None if line.source is None else terminal_safe(line.source),
        left=terminal_safe(line.left),
        match=terminal_safe(line.match),
        right=terminal_safe(line.right),
    )


def cmd_trend(args: argparse.Namespace, db: Path) -> int:
    """Count each query per period (one facet count each): a table and a chart, or the numbers alone."""
    from store.search.trend import count_trend
    from tui.trend import as_csv, as_json, print_trend

    with open_archive(db) as archive:
        trend = count_trend(archive.facets, [(query, query) for query in args.queries], args.by)
    if args.json:
        _json_line(as_json(trend))
    elif args.csv:
        sys.stdout.buffer.write(as_csv(trend))
    else:
        print_trend(trend)
    return EXIT_OK


def cmd_tag(args: argparse.Namespace, db: Path) -> int:
    with open_archive(db) as archive:
        tags = archive.tag(args.id, args.tags, remove=args.command == "untag")
        _out(f"{archive.resolve(args.id)}: {' '.join(tags) if tags else '(no tags)'}")
    return EXIT_OK


def cmd_note(args: argparse.Namespace, db: Path) -> int:
    """Print, clear or write an article's note: from stdin when it is not a terminal (scripts), else in the
    user's editor, which opens on the note as it is."""
    with open_archive(db) as archive:
        article_id = archive.resolve(args.id)
        before = archive.user_data(article_id).note
        if args.print:
            if before:
                _out(before)
            return EXIT_OK
        if args.clear:
            text = ""
        elif not sys.stdin.isatty():
            text = sys.stdin.read()
        else:
            from tui.editor import edit_text

            text = edit_text(before + "\n" if before else "", f"note-{article_id}")
        after = archive.set_note(article_id, text, on_wait=_notice)
    outcome = "unchanged" if after == before else "removed" if not after else f"saved ({len(after.split())} words)"
    _out(f"{article_id}: note {outcome}")
    return EXIT_OK


def cmd_reparse(args: argparse.Namespace, db: Path) -> int:
    with Archive.open(db) as archive, progress_bar("reparsing") as advance:
        report = archive.reparse(advance)
    for failure in report.failed:
        sys.stderr.write(terminal_safe(f"{failure.path}: {failure.error}") + "\n")
    split = f", {report.imported} new from files that now read as several articles" if report.imported else ""
    _out(f"{report.updated} changed, {report.unchanged} unchanged, {len(report.failed)} kept as they were{split}")
    return EXIT_PARTIAL if report.failed else EXIT_OK


def cmd_doctor(args: argparse.Namespace, db: Path) -> int:
    from store.storage import doctor

    db = db.expanduser().absolute()
    if args.restore:
        if not args.yes and not _confirm(f"restore {db.name} from {db.name}.bak? [y/N] "):
            _notice("nothing restored")
            return EXIT_PARTIAL
        aside = doctor.restore(db)
        _out(f"restored the previous generation; the replaced file is kept as {aside.name}")
        return EXIT_OK
    if args.repair:
        return _repair(db)
    findings = doctor.check(db)
    for finding in findings:
        _out(f"{'ok  ' if finding.ok else 'FAIL'}  {finding.message}")
    return EXIT_OK if all(finding.ok for finding in findings) else EXIT_PARTIAL


def _repair(db: Path) -> int:
    with Archive.open(db) as archive:
        report = archive.repair()
    _out(f"{len(report.recovered)} articles read again from their files, {len(report.lost)} lost; index rebuilt")
    for article_id in report.lost:
        _notice(f"{article_id}: no original file holds this article any more; its record is kept, its text is lost")
    return EXIT_PARTIAL if report.lost else EXIT_OK


def _confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        raise UsageError("doctor --restore asks before restoring; pass --yes when no one can answer")
    sys.stderr.write(question)
    return sys.stdin.readline().strip().lower() in ("y", "yes")


NEEDS_A_TERMINAL = "the browser needs a terminal; in scripts and pipes use `newsdesk search QUERY`"
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"
"""What textual-serve puts in $TEXTUAL_DRIVER for each visitor's browser: its pipes are the page, not a tty."""


def cmd_browse(args: argparse.Namespace, db: Path) -> int:
    """Open the browser, which must own a terminal (without one Textual would wait forever for it), unless it
    runs under `newsdesk serve`, where a web page is its terminal."""
    served = os.environ.get("TEXTUAL_DRIVER") == WEB_DRIVER
    if not served and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(NEEDS_A_TERMINAL)
    from tui.app import run_browser

    return run_browser(db, " ".join(args.query), read_only=args.read_only)


def cmd_serve(args: argparse.Namespace, db: Path) -> int:
    """Serve the browser as a web page until interrupted; textual-serve and its web server load only here."""
    from tui.serve import serve

    return serve(db, host=args.host, port=args.port, read_only=args.read_only)


HANDLERS: dict[str, Callable[[argparse.Namespace, Path], int]] = {
    "browse": cmd_browse,
    "import": cmd_import,
    "search": cmd_search,
    "show": cmd_show,
    "stats": cmd_stats,
    "export": cmd_export,
    "cite": cmd_cite,
    "related": cmd_related,
    "kwic": cmd_kwic,
    "trend": cmd_trend,
    "tag": cmd_tag,
    "untag": cmd_tag,
    "note": cmd_note,
    "reparse": cmd_reparse,
    "serve": cmd_serve,
    "doctor": cmd_doctor,
}


def run(args: argparse.Namespace, db: Path) -> int:
    """Dispatch to the command's handler."""
    return HANDLERS[args.command](args, db)
