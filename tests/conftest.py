"""Shared test fixtures: archives on temp folders, sample articles, and the CLI run in-process."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from store.archive import Archive
from tui.cli import main

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
ARTICLES = FIXTURES / "articles"
BAD = FIXTURES / "bad"
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_c4c96e35d355c6f4.txt"


def article_files(folder: Path = ARTICLES) -> list[Path]:
    """Every sample article file below `folder`, as an import would find them."""
    return sorted(path for path in folder.rglob("*") if path.is_file() and not path.name.startswith("."))


@pytest.fixture
def articles_copy(tmp_path: Path) -> Path:
    """A private copy of fixtures/articles, free to be changed by a test."""
    target = tmp_path / "articles"
    shutil.copytree(ARTICLES, target)
    return target


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's archive lives."""
    return tmp_path / "store" / "archive.json"


@pytest.fixture
def archive(db_path: Path) -> Iterator[Archive]:
    """A new, empty archive."""
    with Archive.open(db_path, create=True) as opened:
        yield opened


@pytest.fixture
def imported(db_path: Path, articles_copy: Path) -> Iterator[Archive]:
    """An archive holding every sample article."""
    with Archive.open(db_path, create=True) as opened:
        opened.import_paths([articles_copy])
        yield opened


@dataclass
class CliResult:
    """What one `newsdesk` run produced."""

    code: int
    out: str
    err: str


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run `newsdesk --db <test archive> ARGS...` in-process and capture its output."""

    def run(*args: str | Path) -> CliResult:
        capsys.readouterr()
        code = main(["--db", str(db_path), *map(str, args)])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
