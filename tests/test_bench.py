"""The benchmark runs end to end, standalone, and reports every figure the budgets are checked against."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "run.py"

REQUIRED = (
    "import_s", "reimport_s", "articles_per_s", "peak_rss_mb", "baseline_s",
    "index_s", "search_p50_ms", "search_p95_ms", "facets_ms", "grep_ms", "grep_ratio",
    "startup_s", "keystroke_ms_p50", "keystroke_ms_p95", "open_ms", "browser_rss_mb", "raw_mb", "store_mb",
)  # fmt: skip


def test_bench_json_has_every_figure_as_a_positive_number() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--articles", "200", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    figures = json.loads(done.stdout)
    for name in REQUIRED:
        value = figures[name]
        assert isinstance(value, int | float) and value > 0, name
    assert figures["imported"] == 200 and figures["failed"] == 0
