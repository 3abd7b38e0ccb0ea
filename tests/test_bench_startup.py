"""The start-up benchmark runs standalone and reports every whole-process figure, skipping what is missing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "startup.py"


def test_startup_bench_times_every_command_and_compares_with_what_is_installed() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--articles", "60", "--runs", "2", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(done.stdout)
    commands = result["commands"]
    for name in ("python -c pass", "newsdesk search --json WORD", "newsdesk show --json ID", "newsdesk stats --json"):
        assert 0 < commands[name]["min_ms"] <= commands[name]["median_ms"] <= commands[name]["max_ms"], name
        assert result["vs_python"][name] > 0
    assert result["vs_python"]["python -c pass"] == 1
    assert (result["search_vs_rg"] is None) == (shutil.which("rg") is None) == ("rg" in result["skipped"])
    has_recoll = shutil.which("recollq") is not None and shutil.which("recollindex") is not None
    assert (result["search_vs_recollq"] is None) == (not has_recoll) == ("recoll" in result["skipped"])
