"""The real `newsdesk` command in a real terminal (tmux): import, browse, search, read, quit.

This is what a person does; Pilot tests cannot catch a broken console script, a terminal left in a bad state or
a process that does not exit. Skipped when tmux is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.test_app import ARTICLES

TMUX = shutil.which("tmux")
NEWSDESK = Path(sys.executable).parent / "newsdesk"

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")


def tmux(*args: str) -> str:
    """Run one tmux command and return its output."""
    assert TMUX is not None
    return subprocess.run([TMUX, *args], check=True, capture_output=True, text=True).stdout


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 8.0) -> None:
    """Poll until `condition` holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def session(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A tmux session name (killed afterwards) and an archive imported with the console script."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_bytes(text.encode("utf-8"))
    db = tmp_path / "archive.json"
    subprocess.run([str(NEWSDESK), "--db", str(db), "import", str(folder)], check=True, capture_output=True)
    name = f"newsdesk-e2e-{tmp_path.name}"
    yield name, db
    subprocess.run([TMUX or "tmux", "kill-session", "-t", name], capture_output=True, check=False)


def test_search_read_and_quit_in_a_real_terminal(session: tuple[str, Path]) -> None:
    name, db = session
    tmux(
        "new-session", "-d", "-s", name, "-x", "120", "-y", "40", "-e", "TERM=xterm-256color",
        f"{NEWSDESK} --db {db}; echo EXITED=$?; sleep 30",
    )  # fmt: skip

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", name)

    wait_for(lambda: "8 hits" in screen(), "the first results")
    tmux("send-keys", "-t", name, "-l", "/radar")
    wait_for(lambda: "3 hits" in screen(), "the hit count for 'radar'")
    tmux("send-keys", "-t", name, "Enter")
    tmux("send-keys", "-t", name, "Enter")
    wait_for(lambda: "Czech Cabinet Backs Radar Base" in screen() and "Reader" in screen(), "the article")
    tmux("send-keys", "-t", name, "]")
    wait_for(lambda: "2007-06-04 · RFE/RL" in screen() or "2007-10-12 · RFE/RL" in screen(), "the next article")
    tmux("send-keys", "-t", name, "q")
    wait_for(lambda: "EXITED=0" in screen(), "newsdesk to exit")
