"""The scriptable commands load only what they use: no Textual, no Rich, no readers for `search`, `show`, `stats`.

Not a timing (those belong to `bench/startup.py`), but what the timings rest on: each command is run as the
program would run it, in a fresh interpreter, and the modules it loaded are listed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from store.archive import Archive

HEAVY = (
    *("textual", "rich", "lxml", "trafilatura", "docx", "citeproc", "store.ingest.readers", "store.ingest.importer"),
    *("store.ingest.discover", "store.storage.doctor", "shutil"),
)
"""What none of these commands may load: the browser's toolkit, Rich, citeproc, the readers and their libraries,
the import's file discovery, `doctor`, and `shutil` (argparse's way to the terminal width, with zlib, bz2, lzma)."""

PROBE = f"""
import json, sys
from tui.cli import main
sys.argv = ["newsdesk", *sys.argv[1:]]
code = main() if len(sys.argv) > 1 else 0
sys.stdout.flush()
heavy = sorted(m for m in sys.modules if any(m == name or m.startswith(name + ".") for name in {HEAVY!r}))
sys.stderr.write(json.dumps({{"code": code, "heavy": heavy, "archive": "store.archive" in sys.modules}}))
"""


def loaded(*argv: str) -> dict[str, object]:
    """Run `newsdesk ARGV...` as the console script does, in a fresh interpreter; what it reports on stderr."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )
    report: dict[str, object] = json.loads(result.stderr.splitlines()[-1])
    return report


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """An archive of two articles, and the id of one."""
    folder = tmp_path_factory.mktemp("startup")
    (folder / "in").mkdir()
    (folder / "in" / "radar.txt").write_text("Radar Talks Stall\n\nOctober 12, 2007 (RFE/RL) -- Radar talks.\n")
    (folder / "in" / "grain.txt").write_text("Grain Exports Rise\n\nJune 2, 2006 (VOA) -- Farmers shipped wheat.\n")
    with Archive.open(folder / "archive.json", create=True) as archive:
        archive.import_paths([folder / "in"])
        return folder / "archive.json", next(iter(archive.records().articles))


def test_importing_the_cli_loads_neither_textual_nor_rich_nor_the_store() -> None:
    assert loaded() == {"code": 0, "heavy": [], "archive": False}


@pytest.mark.parametrize(
    "command",
    [
        ("search", "--json", "radar"),
        ("search", "radar"),
        ("show", "--json", "{id}"),
        ("show", "{id}"),
        ("stats", "--json"),
        ("stats",),
        ("export", "--format", "json"),
        ("kwic", "radar"),
        ("kwic", "--json", "radar"),
        ("kwic", "--csv", "radar"),
    ],
)
def test_scriptable_commands_load_no_textual_rich_or_readers(db: tuple[Path, str], command: tuple[str, ...]) -> None:
    path, article_id = db
    report = loaded("--db", str(path), *(word.format(id=article_id) for word in command))
    assert report == {"code": 0, "heavy": [], "archive": True}


def test_a_typo_is_refused_before_the_store_is_loaded(db: tuple[Path, str]) -> None:
    assert loaded("--db", str(db[0]), "serch", "radar") == {"code": 2, "heavy": [], "archive": False}
