"""Memory under load: a thousand searches leave memory flat, and 50,000 articles stay within budget.

The default suite runs the store side of a browsing session (search, facets, open an article) 1,000 times
on a small archive, each time with a query never seen before, so a cache that grows with every query shows
up as growth: Python's allocated blocks are counted after a collection, the rest (tantivy's) shows in
resident memory from /proc/self/status. The slow test imports 50,000 generated articles with the console script and
browses them in a fresh process, checking peak resident memory against DESIGN.md's 400 MB.
"""

from __future__ import annotations

import gc
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store.archive import Archive
from tests.test_reliability_support import corpus, run_newsdesk

WORDS = [
    *("missile", "defense", "radar", "talks", "minister", "official", "said", "government", "security"),
    *("nuclear", "president", "election", "oil", "gas", "border", "troops", "refugees", "aid", "reform"),
    *("court", "press", "freedom", "treaty", "sanctions", "economy"),
]

BROWSER_BUDGET_MB = 400
"""DESIGN.md: resident memory of the browser at 50k articles."""


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise AssertionError(f"{field} not in /proc/self/status")


def _browse(archive: Archive, rng: random.Random, step: int) -> None:
    """What one keystroke and one opened article cost the store: a new query, its facets, a document."""
    query = f"{rng.choice(WORDS)} {rng.choice(WORDS)[: rng.randint(2, 5)]}"
    if step % 3 == 0:
        query += f" date:{2003 + step % 21}"
    results = archive.search(query, limit=50, as_you_type=True)
    archive.facets(query, as_you_type=True)
    hits = results.hits or archive.search("", limit=1).hits
    archive.document(hits[step % len(hits)].id)


def test_a_thousand_searches_leave_memory_flat(db_path: Path, tmp_path: Path) -> None:
    """1,000 rounds of search, facets and document after 300 of warm-up: Python blocks and RSS stay flat."""
    with Archive.open(db_path, create=True) as archive:
        archive.import_paths(corpus(tmp_path / "in", 150, seed=4))
        rng = random.Random(7)
        for step in range(300):
            _browse(archive, rng, step)
        gc.collect()
        blocks_before, resident_before = sys.getallocatedblocks(), _status_kib("VmRSS")
        for step in range(1_000):
            _browse(archive, rng, step)
        gc.collect()
        block_growth = sys.getallocatedblocks() - blocks_before
        resident_growth = _status_kib("VmRSS") - resident_before
    print(f"\n1,000 rounds: Python +{block_growth} blocks, resident +{resident_growth} KiB")
    assert block_growth < 2_000
    assert resident_growth < 8 * 1024


BROWSE_SCRIPT = """
import json, random, sys, time
from pathlib import Path
from store.archive import Archive
from tests.test_reliability_load import _browse, _status_kib

started = time.perf_counter()
with Archive.open(Path(sys.argv[1])) as archive:
    first = archive.search("", limit=50)
    first_ms = (time.perf_counter() - started) * 1000
    rng = random.Random(3)
    started = time.perf_counter()
    for step in range(1000):
        _browse(archive, rng, step)
    browse_seconds = time.perf_counter() - started
    print(json.dumps({"articles": first.total, "first_results_ms": first_ms,
                      "browse_1000_rounds_s": browse_seconds, "peak_rss_mb": _status_kib("VmHWM") / 1024}))
"""


@pytest.mark.slow
def test_fifty_thousand_articles_import_search_and_browse_within_budget(tmp_path: Path) -> None:
    """Import 50,000 articles, re-import them, then browse 1,000 rounds in a fresh process under 400 MB."""
    folders = corpus(tmp_path / "in", 50_000, seed=0)
    db = tmp_path / "store" / "archive.json"
    started = time.perf_counter()
    result = run_newsdesk(db, "import", *folders, timeout=900)
    import_seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stderr[-2000:]
    import_peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    started = time.perf_counter()
    again = run_newsdesk(db, "import", *folders, timeout=900)
    reimport_seconds = time.perf_counter() - started
    assert again.stdout.startswith(b"0 imported, 0 updated, 50000 unchanged")
    browse = subprocess.run(
        [sys.executable, "-c", BROWSE_SCRIPT, str(db)],
        capture_output=True,
        timeout=900,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    figures = json.loads(browse.stdout)
    search = run_newsdesk(db, "search", "missile defense", "--limit", "5")
    assert search.returncode == 0 and search.stdout
    print(
        f"\n50k: import {import_seconds:.1f} s (peak child RSS {import_peak_mb:.0f} MB), "
        f"re-import {reimport_seconds:.1f} s, browse {json.dumps(figures)}"
    )
    assert figures["articles"] == 50_000
    assert figures["peak_rss_mb"] < BROWSER_BUDGET_MB
