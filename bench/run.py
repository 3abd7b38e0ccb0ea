"""Measure newsdesk against its performance budgets (DESIGN.md), with baselines from the same run.

Absolute seconds depend on the machine; the ratios against a baseline measured in the same run do not, so
every section that has a natural floor or competitor measures it too: the import against reading, parsing and
dumping the same records with plain `json.dumps`, and search against `grep -ril` over the raw files. The
browser's figures (start-up, keystrokes, opening an article, memory) come from `browser.py`, which drives the real
app headless in a fresh process.

Each section is one function taking the shared `Bench` and returning a dict of figures; `SECTIONS` lists them
in the order they run and `FIGURES` says how each figure is shown. Adding a measurement is one function, one
entry in each.

    .venv/bin/python bench/run.py --articles 2000 [--json] [--seed S]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import multiprocessing
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import ParamSpec

if __package__ in (None, ""):
    # Run as a script (`python bench/run.py`): make the repository root importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from browser import measure as measure_browser
from memory import peak_rss_mb

from fixtures.generate import article_folders, generate
from store.archive import Archive
from store.ingest.readers.text import parse_article
from store.stats import folder_size

P = ParamSpec("P")

REPEATS = 5
"""Runs of each query; percentiles are taken over every run of every query."""

QUERIES = (
    # single common words
    "said", "government", "minister", "missile", "officials",
    # single rare words (vocabulary.RARE_WORDS, from its long tail: a handful of articles each)
    "bathyscaphe", "narwhal", "palimpsest", "astrolabe", "klystron",
    # two words, AND-ed
    "missile defense", "nuclear sanctions", "border refugees",
    # phrases
    '"prime minister"', '"human rights"', '"foreign minister"',
    # prefixes
    "missil*", "nucl*", "sanct*",
    # one field
    "title:iran", "title:talks", "body:pipeline", "byline:hadley",
    # exact source and site
    "source:xinhua", "source:rfe/rl missile", "site:globalsecurity.org",
    # dates
    "date:2007", "date:2010-03 elections", "after:2015-01-01 missile", "date:2008-01..2008-06 sanctions",
    # negation and alternatives
    "missile -iran", "sanctions NOT russia", "sturgeon OR caviar", "(iran OR iraq) elections",
)  # fmt: skip
"""A fixed mix over words the generator's vocabulary guarantees, one of each kind of query people type."""

TYPED = ("missile def", "nuclear prog", "human righ")
"""Queries caught mid-word, searched as the browser does while typing (the last word is also a prefix)."""

GREP_WORDS = ("said", "government", "missile", "sanctions", "elections", "bathyscaphe", "narwhal", "klystron")
"""What a user without newsdesk would grep for: common and rare words from the mix."""


@dataclass(frozen=True)
class Bench:
    """What every section works on: the generated articles and a scratch folder."""

    articles: int
    folders: tuple[Path, ...]
    """The generated site folders (the manifest beside them is not an article)."""
    work: Path

    @property
    def db_path(self) -> Path:
        return self.work / "archive.json"


@dataclass(frozen=True)
class Figure:
    """How one figure is shown, and which figure (if any) is its baseline."""

    unit: str
    meaning: str
    baseline: str | None = None


FIGURES: dict[str, Figure] = {
    "import_s": Figure("s", "cold import into a fresh archive: parse + store + index", "baseline_s"),
    "reimport_s": Figure("s", "the same files again, unchanged (a fresh process)", "baseline_s"),
    "articles_per_s": Figure("1/s", "cold import throughput"),
    "peak_rss_mb": Figure("MB", "peak resident memory of the importing process"),
    "baseline_s": Figure("s", "read + parse + json.dumps the same records into one file"),
    "index_s": Figure("s", "full search index rebuild from the store"),
    "raw_mb": Figure("MB", "the article files imported, as they are on disk"),
    "store_mb": Figure("MB", "the archive on disk after the import: records, texts, index, derived data", "raw_mb"),
    "search_p50_ms": Figure("ms", "median search over the query mix", "grep_ms"),
    "search_p95_ms": Figure("ms", "95th percentile search over the query mix", "grep_ms"),
    "facets_ms": Figure("ms", "median facet counts (sources, years, tags, months)"),
    "grep_ms": Figure("ms", "median `grep -ril WORD` over the raw files, per word"),
    "grep_ratio": Figure("x", "grep_ms / search_p50_ms: how many times faster than grep"),
    "startup_s": Figure("s", "fresh process start to the browser's first results painted (headless)"),
    "keystroke_ms_p50": Figure("ms", "median key typed in the search bar to its results painted"),
    "keystroke_ms_p95": Figure("ms", "95th percentile key typed to its results painted"),
    "open_ms": Figure("ms", "median step down the result list to that article painted"),
    "browser_rss_mb": Figure("MB", "peak resident memory of the browser after first results and one open"),
}


def _import_child(db_path: Path, folders: tuple[Path, ...], send: Connection) -> None:
    """Import in a process of its own, so its peak memory is the import's and nothing else's."""
    start = time.perf_counter()
    archive = Archive.open(db_path, create=True)
    report = archive.import_paths(folders)
    archive.close()
    elapsed = time.perf_counter() - start
    send.send(
        {
            "seconds": elapsed,
            "imported": report.imported,
            "failed": len(report.failed),
            "rss": peak_rss_mb(),
        }
    )


def _in_child(bench: Bench) -> dict[str, float]:
    """Run `_import_child` in a fresh interpreter, as a user's `newsdesk import` would run."""
    receive, send = multiprocessing.get_context("spawn").Pipe(duplex=False)
    child = multiprocessing.get_context("spawn").Process(
        target=_import_child, args=(bench.db_path, bench.folders, send)
    )
    child.start()
    send.close()
    result: dict[str, float] = receive.recv()
    child.join()
    if child.exitcode != 0:
        raise RuntimeError(f"import child exited with {child.exitcode}")
    return result


def import_section(bench: Bench) -> dict[str, float]:
    """Cold import, then re-import of the same unchanged files, each in a fresh process; then the archive's size
    on disk against the files' (every file the archive keeps beside `archive.json` counts)."""
    cold = _in_child(bench)
    again = _in_child(bench)
    raw = sum(path.stat().st_size for folder in bench.folders for path in folder.rglob("*") if path.is_file())
    store = folder_size(path for path in bench.work.iterdir() if path.name.split(".")[0] == bench.db_path.stem)
    return {
        "raw_mb": raw / 1e6,
        "store_mb": store / 1e6,
        "import_s": cold["seconds"],
        "reimport_s": again["seconds"],
        "articles_per_s": bench.articles / cold["seconds"],
        "peak_rss_mb": cold["rss"],
        "imported": cold["imported"],
        "failed": cold["failed"],
    }


def baseline_section(bench: Bench) -> dict[str, float]:
    """The naive floor: the same parser over the same files, and every record json-dumped into one file."""
    start = time.perf_counter()
    records = []
    for folder in bench.folders:
        for path in sorted(folder.rglob("*")):
            raw = path.read_bytes()
            record = dataclasses.asdict(parse_article(raw))
            record.update(path=str(path), sha256=hashlib.sha256(raw).hexdigest())
            records.append(record)
    (bench.work / "baseline.json").write_text(json.dumps(records), encoding="utf-8")
    return {"baseline_s": time.perf_counter() - start}


def _milliseconds(action: Callable[P, object], *args: P.args, **kwargs: P.kwargs) -> float:
    """Wall time of one call, by `time.perf_counter`."""
    start = time.perf_counter()
    action(*args, **kwargs)
    return (time.perf_counter() - start) * 1000


def _percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def search_section(bench: Bench) -> dict[str, float]:
    """Index rebuild, then the query mix and facet counts on the archive the import built."""
    archive = Archive.open(bench.db_path)
    try:
        index_s = _milliseconds(archive.rebuild_index) / 1000
        samples: list[float] = []
        for _ in range(REPEATS):
            for text in QUERIES:
                samples.append(_milliseconds(archive.search, text, limit=20))
            for text in TYPED:
                samples.append(_milliseconds(archive.search, text, limit=20, as_you_type=True))
        facets = [_milliseconds(archive.facets, text) for text in QUERIES for _ in range(2)]
    finally:
        archive.close()
    return {
        "index_s": index_s,
        "search_p50_ms": statistics.median(samples),
        "search_p95_ms": _percentile(samples, 0.95),
        "facets_ms": statistics.median(facets),
    }


def grep_section(bench: Bench) -> dict[str, float]:
    """`grep -ril WORD` over the raw files for each word, the median over words (the page cache is warm)."""
    folders = [str(folder) for folder in bench.folders]
    times = [
        _milliseconds(subprocess.run, ["grep", "-ril", word, *folders], capture_output=True) for word in GREP_WORDS
    ]
    return {"grep_ms": statistics.median(times)}


def browser_section(bench: Bench) -> dict[str, float]:
    """The browser driven headless in a fresh process, on the archive the import built and search re-indexed."""
    session = measure_browser(bench.db_path)
    return {
        "startup_s": session.startup_s,
        "keystroke_ms_p50": statistics.median(session.keystrokes_ms),
        "keystroke_ms_p95": _percentile(session.keystrokes_ms, 0.95),
        "open_ms": statistics.median(session.opens_ms),
        "browser_rss_mb": session.rss_mb,
    }


SECTIONS: tuple[Callable[[Bench], dict[str, float]], ...] = (
    import_section,
    baseline_section,
    search_section,
    grep_section,
    browser_section,
)


def run(articles: int, seed: int) -> dict[str, float]:
    """Generate `articles` files into a temporary folder and run every section over them."""
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        work = Path(tmp)
        generate(articles, work / "articles", seed)
        bench = Bench(articles, tuple(article_folders(work / "articles")), work)
        figures: dict[str, float] = {"articles": articles}
        for section in SECTIONS:
            figures.update(section(bench))
    figures["grep_ratio"] = figures["grep_ms"] / figures["search_p50_ms"]
    return figures


def table(figures: dict[str, float]) -> str:
    """The figures as a plain text table; a figure with a baseline shows its ratio to it."""
    lines = [f"newsdesk bench: {figures['articles']:.0f} articles", ""]
    lines.append(f"{'figure':<16}{'value':>12}  {'unit':<5}{'vs baseline':>22}  meaning")
    for name, figure in FIGURES.items():
        ratio = ""
        if figure.baseline:
            ratio = f"{figures[name] / figures[figure.baseline]:.3f} x {figure.baseline}"
        lines.append(f"{name:<16}{figures[name]:>12.3f}  {figure.unit:<5}{ratio:>22}  {figure.meaning}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: `run.py --articles N [--json] [--seed S]`."""
    parser = argparse.ArgumentParser(description="Measure newsdesk on N generated articles.")
    parser.add_argument("--articles", type=int, default=2000, help="how many articles to generate (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args(argv)
    figures = run(args.articles, args.seed)
    print(json.dumps(figures) if args.json else table(figures))


if __name__ == "__main__":
    main()
