"""The parser over real article files nobody on this project wrote (../shared/corpus, skipped when absent).

BBC files test titles and encodings; the DoD/AFPS files test dates against their manifest. Most AFPS texts carry no
full date (a yearless "May 29" at most), so a parser that guesses would date files the manifest says it cannot:
the test pins the exact set of dated files as well as every date returned.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from store.ingest.readers.text import parse_article

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
BBC = CORPUS / "bbc"
AFPS = CORPUS / "afps-dod"

DATED_AFPS = {
    "002": "2020-06-21",
    "009": "2022-07-13",
    "010": "2015-06-18",
    "013": "2017-06-01",
    "029": "2022-05-31",
    "032": "2026-03-20",
    "033": "2026-03-20",
    "039": "2026-04-10",
}
"""Files (by number) whose dateline carries a full date, and that date."""

DATELINE_IS_NOT_POSTING_DATE = {"002", "010", "013", "032", "033"}
"""DVIDS datelines give the day of the event; the manifest gives the day it was posted, days or months later.
The parser reports what the article says, so for these five files it differs from the manifest."""


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"corpus not present at {path}")
    return path


def test_bbc_titles_are_first_lines_and_every_file_parses() -> None:
    paths = sorted(require(BBC).glob("*/*.txt"))
    assert len(paths) > 1800
    wrong = []
    for path in paths:
        raw = path.read_bytes()
        first_line = raw.decode("utf-8", "replace").split("\n", 1)[0].strip()
        article = parse_article(raw)
        if article.title != first_line:
            wrong.append(path.name)
        assert article.date is None, path
        assert article.body, path
    assert wrong == []


def test_bbc_latin1_pound_sign_decodes() -> None:
    article = parse_article((require(BBC) / "sport" / "199.txt").read_bytes())
    assert "\u00a3" in article.body
    assert "\ufffd" not in article.body


def manifest() -> dict[str, str]:
    with (require(AFPS) / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row["published_date"] for row in csv.DictReader(handle)}


def afps_file(number: str) -> Path:
    (path,) = require(AFPS).glob(f"{number}-*.txt")
    return path


def test_afps_dates_match_the_manifest_and_nothing_is_guessed() -> None:
    published = manifest()
    dated = {}
    for file_id in published:
        article = parse_article((AFPS / f"{file_id}.txt").read_bytes())
        if article.date is not None:
            dated[file_id[:3]] = article.date
            if file_id[:3] not in DATELINE_IS_NOT_POSTING_DATE:
                assert article.date == published[file_id], file_id
    assert dated == DATED_AFPS
    assert len(published) - len(dated) == 48


def test_afps_datelines_give_place_and_leave_the_body() -> None:
    article = parse_article(afps_file("029").read_bytes())
    assert article.location == "REDSTONE ARSENAL, Alabama"
    assert article.body.startswith("The U.S. Army has contracted")
    credited = parse_article(afps_file("043").read_bytes())
    assert (credited.byline, credited.source) == ("Jim Garamone", "American Forces Press Service")
    assert "Story by" not in credited.body
