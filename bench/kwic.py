"""The concordance's first screen: how soon the first lines of `newsdesk kwic` exist after the query, at scale.

DESIGN.md's budget is the first screen of lines within 100 ms of the query at 50,000 articles. Measured here,
over a mix of common and rare words, a phrase and a prefix:

- `first_screen`: `store.search.kwic.concordance` from the parsed query to the first `SCREEN` lines laid out
  at 100 cells (what the browser's view and `kwic | head` wait for), in this process, the index warm;
- `every_line`: the same until the last line, for scale (the browser loads those only as you scroll);
- `view_first_screen`: the browser's view, from `K` pressed over the query's results to its first lines
  painted (a screenful of `SCREEN` lines and the few fetched beyond it), driven headless by Textual's pilot;
- the baseline, in the same run: `rg -i -o -N` with a context pattern over the raw files, as a whole process,
  to its first `SCREEN` lines and to its end (what a user would reach for without newsdesk); skipped, and said
  to be, where `rg` is not installed;
- `newsdesk kwic WORD` as a whole process (start-up included) to its first `SCREEN` lines on a pipe.

Every word runs once to warm up, then `--runs` rounds of every word; figures are medians over all of them,
and ratios medians of the per-word ratios in the same round.

    .venv/bin/python bench/kwic.py --articles 50000 [--runs 5] [--seed S] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from itertools import islice
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script (`python bench/kwic.py`): make the repository root importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.message import Message

from fixtures.generate import article_folders, generate
from store.archive import Archive
from store.query.parser import parse_query
from store.search.kwic import concordance
from store.search.kwic_layout import Layout
from tui.app import ArchiveApp
from tui.messages import ConcordanceShown
from tui.screens.browser import BrowserScreen

NEWSDESK = Path(sys.executable).parent / "newsdesk"
SCREEN = 50
"""Lines in a first screen: a tall terminal's worth."""
WIDTH = 100
QUERIES = {
    "missile": r"\bmissile",
    "government": r"\bgovernment",
    "sanctions": r"\bsanction",
    "bathyscaphe": r"\bbathyscaphe",
    '"prime minister"': r"\bprime\s+minister",
    "nucl*": r"\bnucl",
}
"""Each query, and the pattern `rg` is given for the same occurrences (case-insensitive, as newsdesk matches)."""
CONTEXT = 40
"""Characters of context either side in the `rg` pattern: about what a 100-cell line shows."""


def ours_ms(archive: Archive, query: str, count: int | None) -> float:
    """From parsing the query to `count` lines of the concordance laid out (every line for None)."""
    start = time.perf_counter()
    layout = Layout(WIDTH)
    for _ in islice((layout.row(line) for line in concordance(archive, parse_query(query))), count):
        pass
    return (time.perf_counter() - start) * 1000


def process_ms(argv: list[str], count: int | None, env: dict[str, str] | None = None) -> float:
    """A whole process, from its start to its `count`-th line on stdout (or its end), then stopped."""
    start = time.perf_counter()
    with subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env
    ) as child:
        assert child.stdout is not None
        for _ in islice(iter(child.stdout.readline, b""), count):
            pass
        elapsed = (time.perf_counter() - start) * 1000
        child.kill()
    return elapsed


def rg_argv(rg: str, pattern: str, folders: Sequence[Path]) -> list[str]:
    """`rg` printing each occurrence with its context, one a line, as a concordance by hand would."""
    context = f".{{0,{CONTEXT}}}"
    return [rg, "-i", "-o", "-N", "--no-filename", f"{context}{pattern}\\w*{context}", *map(str, folders)]


def measure(
    archive: Archive, folders: Sequence[Path], db: Path, runs: int, rg: str | None
) -> dict[str, dict[str, list[float]]]:
    """Every figure for every query: a warm-up round, then `runs` rounds."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(db.parent / "pycache")
    figures: dict[str, Callable[[str], float]] = {
        "first_screen_ms": lambda query: ours_ms(archive, query, SCREEN),
        "every_line_ms": lambda query: ours_ms(archive, query, None),
        "kwic_process_ms": lambda query: process_ms(
            [str(NEWSDESK), "--db", str(db), "kwic", "--width", str(WIDTH), query], SCREEN, env
        ),
    }
    if rg is not None:
        figures["rg_first_screen_ms"] = lambda query: process_ms(rg_argv(rg, QUERIES[query], folders), SCREEN)
        figures["rg_every_line_ms"] = lambda query: process_ms(rg_argv(rg, QUERIES[query], folders), None)
    samples: dict[str, dict[str, list[float]]] = {name: {query: [] for query in QUERIES} for name in figures}
    for round_number in range(runs + 1):
        for query in QUERIES:
            for name, figure in figures.items():
                elapsed = figure(query)
                if round_number:
                    samples[name][query].append(elapsed)
    return samples


async def _view_samples(archive: Archive, runs: int) -> dict[str, list[float]]:
    """In the browser: for each query, search it, press K and time the view to its first lines painted (the
    `ConcordanceShown` it posts after the refresh that drew them, seen through `run_test`'s message hook)."""
    samples: dict[str, list[float]] = {query: [] for query in QUERIES}
    shown: list[float] = []

    def hook(message: Message) -> None:
        if isinstance(message, ConcordanceShown):
            shown.append(time.perf_counter())

    app = ArchiveApp(archive, show_timings=False)
    async with app.run_test(size=(WIDTH + 4, SCREEN + 4), message_hook=hook) as pilot:

        async def until(condition: Callable[[], bool]) -> None:
            deadline = time.perf_counter() + 60
            while not condition():
                if time.perf_counter() > deadline:
                    raise RuntimeError("the browser did not answer within a minute")
                await pilot.pause(0.005)

        await until(lambda: isinstance(app.screen, BrowserScreen))
        browser = app.screen
        assert isinstance(browser, BrowserScreen)
        for round_number in range(runs + 1):
            for query in QUERIES:
                browser.run_saved_search(query)
                await until(lambda query=query: browser._searched == query)  # type: ignore[misc]
                await pilot.pause(0.2)  # the facet counts and the preview wait for the typing to pause
                await app.workers.wait_for_complete()  # and are done, not drawn in the middle of the view's paint
                shown.clear()
                start = time.perf_counter()
                await pilot.press("K")
                await until(lambda: bool(shown))
                if round_number:
                    samples[query].append((shown[0] - start) * 1000)
                await pilot.press("escape")
                await until(lambda: app.screen is browser)
    return samples


def view_samples(db: Path, runs: int) -> dict[str, list[float]]:
    """`_view_samples` in a fresh process that opens the archive as `newsdesk` does: this one holds every
    record it imported and every line it counted, whose garbage collections a browser never pays."""
    child = subprocess.run(
        [sys.executable, __file__, "--view", str(db), "--runs", str(runs)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    if child.returncode != 0:
        raise RuntimeError(f"the browser's child failed: {child.stderr[-2000:]}")
    samples: dict[str, list[float]] = json.loads(child.stdout)
    return samples


def _view_child(db: Path, runs: int) -> None:
    """The child's side of `view_samples`: the samples as one JSON object on stdout."""
    with Archive.open(db) as archive:
        print(json.dumps(asyncio.run(_view_samples(archive, runs))))


def summary(samples: dict[str, dict[str, list[float]]], articles: int, lines: dict[str, int]) -> dict[str, object]:
    """Medians per figure and per query, and the ratios against `rg` measured in the same rounds."""

    def every(name: str) -> list[float]:
        return [value for values in samples[name].values() for value in values]

    result: dict[str, object] = {
        "articles": articles,
        "lines": lines,
        "median_ms": {name: statistics.median(every(name)) for name in samples},
        "max_ms": {name: max(every(name)) for name in samples},
        "per_query_ms": {
            name: {query: statistics.median(values) for query, values in samples[name].items()}
            for name in ("first_screen_ms", "view_first_screen_ms")
        },
    }
    for ours, theirs in (("first_screen_ms", "rg_first_screen_ms"), ("every_line_ms", "rg_every_line_ms")):
        if theirs in samples:
            ratios = [
                mine / other
                for query in QUERIES
                for mine, other in zip(samples[ours][query], samples[theirs][query], strict=True)
            ]
            result[f"{ours.removesuffix('_ms')}_vs_rg"] = statistics.median(ratios)
        else:
            result[f"{ours.removesuffix('_ms')}_vs_rg"] = None
    return result


def table(result: dict[str, object], skipped: Sequence[str]) -> str:
    """The figures as a plain text table."""
    medians, maxima, lines = result["median_ms"], result["max_ms"], result["lines"]
    per_query = result["per_query_ms"]
    assert isinstance(medians, dict) and isinstance(maxima, dict) and isinstance(lines, dict)
    assert isinstance(per_query, dict)
    core, view = per_query["first_screen_ms"], per_query["view_first_screen_ms"]
    out = [f"newsdesk kwic: {result['articles']} articles, first screen = {SCREEN} lines at {WIDTH} cells", ""]
    out.append(f"{'figure':<22}{'median':>10}{'max':>10}")
    out += [f"{name:<22}{medians[name]:>8.1f}ms{maxima[name]:>8.1f}ms" for name in medians]
    out += ["", f"{'query':<22}{'lines':>10}{'first screen':>14}{'in the view':>14}"]
    out += [f"{query:<22}{lines[query]:>10,}{core[query]:>12.1f}ms{view[query]:>12.1f}ms" for query in QUERIES]
    out.append("")
    for label, key in (("first screen", "first_screen_vs_rg"), ("every line", "every_line_vs_rg")):
        ratio = result[key]
        shown = f"{ratio:.3f}x (below 1: newsdesk is faster)" if isinstance(ratio, float) else "not measured"
        out.append(f"newsdesk / rg, {label:<13} {shown}")
    out += [f"skipped: {name} (not installed)" for name in skipped]
    return "\n".join(out)


def run(articles: int, runs: int, seed: int) -> tuple[dict[str, object], list[str]]:
    """Generate and import in a scratch folder (not timed), then time every figure; returns figures and skips."""
    rg = shutil.which("rg")
    with tempfile.TemporaryDirectory(prefix="newsdesk-kwic-") as tmp:
        work = Path(tmp)
        generate(articles, work / "articles", seed)
        folders = article_folders(work / "articles")
        with Archive.open(work / "archive.json", create=True) as archive:
            archive.import_paths(folders)
            lines = {query: sum(1 for _ in concordance(archive, parse_query(query))) for query in QUERIES}
            samples = measure(archive, folders, work / "archive.json", runs, rg)
        samples["view_first_screen_ms"] = view_samples(work / "archive.json", runs)
    return summary(samples, articles, lines), [] if rg else ["rg"]


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: `kwic.py --articles N [--runs R] [--seed S] [--json]`."""
    parser = argparse.ArgumentParser(description="Time the concordance's first screen against rg.")
    parser.add_argument("--articles", type=int, default=50_000, help="articles to generate (default 50000)")
    parser.add_argument("--runs", type=int, default=5, help="timed rounds of every query (default 5)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--view", type=Path, metavar="ARCHIVE", help=argparse.SUPPRESS)  # the child of view_samples
    args = parser.parse_args(argv)
    if args.view is not None:
        _view_child(args.view, args.runs)
        return
    result, skipped = run(args.articles, args.runs, args.seed)
    print(json.dumps({**result, "skipped": skipped}) if args.json else table(result, skipped))


if __name__ == "__main__":
    main()
