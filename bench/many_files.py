"""An import of many tiny files: how wall time and peak memory grow with the number of files, and what the
person waiting sees on the way.

The ordinary benchmark (`run.py`) imports article-sized files; here the files are a couple of lines each, so
what grows is the per-file cost (discovery, one record each, the records file, the index) rather than parsing.
Each count gets a fresh archive and a fresh `newsdesk import` (the real console script), run under GNU time for
its peak resident memory: `ru_maxrss` of a child started by this process would carry this process's own peak
over (see `memory.py`), GNU time's child starts from a process of a megabyte or two. The import's stderr is a
pseudo-terminal, so its Rich progress bar is drawn and can be read back: when the first count appears, how
many distinct counts were drawn, and how long the import ran on after the last one (committing, where no
count moves). A re-import of the same files follows with stderr a pipe, and whatever it prints there is kept.

    .venv/bin/python bench/many_files.py                       # 10,000, 30,000 and 100,000 files
    .venv/bin/python bench/many_files.py --counts 2000 6000    # ratios against the first count
    .venv/bin/python bench/many_files.py --counts 1000 --json  # one JSON object per count, a line each
"""

from __future__ import annotations

import argparse
import dataclasses
import fcntl
import json
import os
import re
import select
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NEWSDESK = Path(sys.executable).parent / "newsdesk"
GNU_TIME = "/usr/bin/time"
COUNTS = (10_000, 30_000, 100_000)
TERMINAL_SIZE = (24, 100)
"""Rows and columns of the pseudo-terminal the import draws its progress bar on."""

COUNT_SHOWN = re.compile(rb"(\d+)/(\d+)")
"""What Rich's `MofNCompleteColumn` draws: files done / files in all."""


def write_tiny_files(folder: Path, count: int) -> Path:
    """`count` distinct articles of about 100 bytes each, all in one folder (the harder case for listing)."""
    folder.mkdir(parents=True)
    for n in range(count):
        day = 1 + n % 28
        (folder / f"{n:06d}.txt").write_text(
            f"Tiny Report Number {n}\n\nMay {day}, 2006 (VOA) -- Item {n} of the wire arrived on day {day}.\n"
        )
    return folder


@dataclass(frozen=True)
class Progress:
    """What the progress bar drew on the terminal during one import."""

    first_output_s: float | None
    """Seconds from the start to the first byte drawn (the bar appears before the files are counted)."""
    first_count_s: float | None
    """Seconds from the start to the first `done/total` drawn (None if none was)."""
    last_count_s: float | None
    """Seconds from the start to the last new `done/total` drawn."""
    counts: int
    """Distinct `done/total` figures drawn."""
    final: tuple[int, int] | None
    """The last figure drawn."""


@dataclass(frozen=True)
class Run:
    """One count's figures."""

    files: int
    seconds: float
    peak_rss_mb: float
    progress: Progress
    reimport_seconds: float
    reimport_stderr: bytes
    summary: str


def _terminal() -> tuple[int, int]:
    """A pseudo-terminal pair (primary, secondary) of `TERMINAL_SIZE`."""
    primary, secondary = os.openpty()
    rows, columns = TERMINAL_SIZE
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    return primary, secondary


def _read_terminal(primary: int, started: float, chunks: list[tuple[float, bytes]], done: threading.Event) -> None:
    """Collect what the import draws, with the time it arrived, until it has exited and nothing is left to read.

    Polled rather than read until end of file: whether reading a pseudo-terminal whose other end is closed ends
    or blocks depends on who else still holds that end.
    """
    while True:
        readable, _, _ = select.select([primary], [], [], 0.1)
        if not readable:
            if done.is_set():
                return
            continue
        try:
            data = os.read(primary, 65536)
        except OSError:
            return
        chunks.append((time.perf_counter() - started, data))


def _progress(chunks: list[tuple[float, bytes]]) -> Progress:
    seen: list[tuple[float, tuple[int, int]]] = []
    for at, data in chunks:
        for match in COUNT_SHOWN.finditer(data):
            figure = (int(match.group(1)), int(match.group(2)))
            if not seen or seen[-1][1] != figure:
                seen.append((at, figure))
    first_output = chunks[0][0] if chunks else None
    if not seen:
        return Progress(first_output, None, None, 0, None)
    return Progress(first_output, seen[0][0], seen[-1][0], len({figure for _, figure in seen}), seen[-1][1])


def import_on_terminal(db: Path, folder: Path, rss_file: Path) -> tuple[float, float, Progress, str]:
    """Import `folder` with stderr on a pseudo-terminal: (seconds, peak RSS in MB, progress, summary line)."""
    primary, secondary = _terminal()
    chunks: list[tuple[float, bytes]] = []
    command = [GNU_TIME, "-o", str(rss_file), "-f", "%M", str(NEWSDESK), "--db", str(db), "import", str(folder)]
    exited = threading.Event()
    started = time.perf_counter()
    reader = threading.Thread(target=_read_terminal, args=(primary, started, chunks, exited), daemon=True)
    reader.start()
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=secondary, check=True)
        seconds = time.perf_counter() - started
    finally:
        exited.set()
        reader.join()
        os.close(secondary)
        os.close(primary)
    peak_mb = int(rss_file.read_text().split()[-1]) / 1024
    return seconds, peak_mb, _progress(chunks), done.stdout.decode().strip()


def reimport_piped(db: Path, folder: Path) -> tuple[float, bytes]:
    """Import the same folder again with stderr a pipe: (seconds, everything printed on stderr)."""
    started = time.perf_counter()
    done = subprocess.run(
        [str(NEWSDESK), "--db", str(db), "import", str(folder)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=True,
    )
    return time.perf_counter() - started, done.stderr


def measure(count: int, workdir: Path) -> Run:
    """Write `count` tiny files, import them into a fresh archive, then import them again."""
    folder = write_tiny_files(workdir / f"files-{count}", count)
    db = workdir / f"store-{count}" / "archive.json"
    seconds, peak_mb, progress, summary = import_on_terminal(db, folder, workdir / f"rss-{count}.txt")
    reimport_seconds, reimport_stderr = reimport_piped(db, folder)
    return Run(count, seconds, peak_mb, progress, reimport_seconds, reimport_stderr, summary)


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def table(runs: Sequence[Run]) -> str:
    """A Markdown table; files, time and memory also as ratios against the first (smallest) count."""
    first = runs[0]
    lines = [
        "| files | files ratio | import s | time ratio | peak RSS MB | memory ratio | bar drawn at s "
        "| first count at s | counts drawn | last count | silent after it s | re-import s | re-import stderr bytes |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for run in runs:
        progress = run.progress
        final = "-" if progress.final is None else f"{progress.final[0]:,}/{progress.final[1]:,}"
        silent = None if progress.last_count_s is None else run.seconds - progress.last_count_s
        lines.append(
            f"| {run.files:,} | {run.files / first.files:.1f} | {run.seconds:.1f} | {run.seconds / first.seconds:.2f} "
            f"| {run.peak_rss_mb:.0f} | {run.peak_rss_mb / first.peak_rss_mb:.2f} "
            f"| {_seconds(progress.first_output_s)} | {_seconds(progress.first_count_s)} | {progress.counts} "
            f"| {final} | {_seconds(silent)} "
            f"| {run.reimport_seconds:.1f} | {len(run.reimport_stderr)} |"
        )
    lines.append("")
    lines.extend(f"{run.files:,} files: {run.summary}" for run in runs)
    return "\n".join(lines)


def as_json(run: Run) -> dict[str, Any]:
    """One count's figures as JSON (what the re-import printed on stderr as text)."""
    return {**dataclasses.asdict(run), "reimport_stderr": run.reimport_stderr.decode(errors="replace")}


def main(argv: Sequence[str] | None = None) -> None:
    """Measure each count in turn (one import at a time) and print the table, or JSON Lines."""
    parser = argparse.ArgumentParser(description="Import N tiny files: wall time, peak memory, progress shown.")
    parser.add_argument("--counts", type=int, nargs="+", default=list(COUNTS), help="file counts, smallest first")
    parser.add_argument("--json", action="store_true", help="one JSON object per count instead of a table")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newsdesk-many-") as workdir:
        runs = [measure(count, Path(workdir)) for count in args.counts]
    print("\n".join(json.dumps(as_json(run)) for run in runs) if args.json else table(runs))


if __name__ == "__main__":
    main()
