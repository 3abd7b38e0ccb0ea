"""The concordance benchmark runs standalone and reports every figure, the `rg` baseline only where installed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "kwic.py"


def test_kwic_bench_times_the_first_screen_and_compares_with_rg_when_installed() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--articles", "60", "--runs", "1", "--json"],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    result = json.loads(done.stdout)
    assert result["articles"] == 60 and result["lines"]["missile"] > 0
    for name in ("first_screen_ms", "every_line_ms", "kwic_process_ms", "view_first_screen_ms"):
        assert 0 < result["median_ms"][name] <= result["max_ms"][name], name
    has_rg = shutil.which("rg") is not None
    assert (result["first_screen_vs_rg"] is None) == (not has_rg) == ("rg" in result["skipped"])
    assert ("rg_first_screen_ms" in result["median_ms"]) == has_rg
