"""The extraction benchmark scores a tiny corpus built here, standalone, and its comparison rules hold.

The exact figures come from plain-text files (BBC- and AFPS-like), which the text reader reads today; the web
page's figures are checked against what `read_file` itself gives for it, so they hold with or without an HTML
reader registered.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from extraction_compare import byline_names, has_names, iso_day, lead_key, lead_keys, normalise, states_day

from store.ingest.sniff import read_file
from store.model import ParsedArticle

SCRIPT = Path(__file__).resolve().parents[1] / "bench" / "extraction.py"

BBC = {
    "business/001.txt": "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant TimeWarner "
    "jumped 76% to $1.13bn for the three months to December.\n\nThe firm said it was pleased.\n",
    "business/002.txt": "Markets calm after poll\n\nPublished: 5 January 2005\n\nShares in London rose on "
    "Tuesday as traders shrugged off the news.\n\nAnalysts said more gains were likely.\n",
}
"""Two headline-then-text files; the second states a date the corpus says no BBC file has (an invented date)."""

AFPS = (
    (
        "001-army-awards",
        "Army Awards Contracts",
        "2022-05-31",
        "dvids",
        "REDSTONE ARSENAL, Alabama (May 31, 2022) \u2013 The U.S. Army has contracted to boost production of missiles."
        "\n\nMore text follows here today.",
    ),
    (
        "002-carrier-visits",
        "Carrier Group Visits Port",
        "2015-06-25",
        "dvids",
        "CORAL SEA (June 18, 2015) \u2013 The carrier hosted visitors from Australia on June 18.\n\nIt went well.",
    ),
    (
        "003-hagel-meets",
        "Hagel Meets Minister",
        "2011-02-03",
        "American Forces Press Service",
        "WASHINGTON \u2013 The secretary met his counterpart on Tuesday to discuss cooperation.\n\n"
        "Story by Jim Garamone, American Forces Press Service",
    ),
)
"""id, title, manifest date, source, text: a stated date, a dateline day that is not the posting day, no date."""

PAGE = (
    "<!DOCTYPE html><html lang='en'><head><title>Rain falls on the plain</title></head><body><article>"
    "<h1>Rain falls on the plain</h1><p class='byline'>By Ann Reporter</p>"
    "<p>Heavy rain fell across the plain on the first day of the season, flooding several roads.</p>"
    "<p>Officials said the water would recede within days.</p></article></body></html>"
)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _corpus(root: Path) -> Path:
    for name, text in BBC.items():
        _write(root / "bbc" / name, text)
    _write(root / "bbc" / "README.TXT", "The BBC dataset.\n\nNot an article.\n")
    afps = root / "afps-dod"
    afps.mkdir()
    with (afps / "manifest.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(("id", "title", "source", "source_url", "published_date"))
        for ident, title, day, source, text in AFPS:
            writer.writerow((ident, title, source, f"https://example.org/{ident}", day))
            _write(afps / f"{ident}.txt", f"{title}\n\n{text}\n")
        writer.writerow(("004-missing", "Not on disk", "dvids", "", "2020-01-01"))
    page = root / "html-readability" / "rain"
    _write(page / "source.html", PAGE)
    _write(page / "expected.html", "<div><p>Heavy rain fell across the plain on the first day of the season.</p></div>")
    metadata = {"title": "Rain falls on the plain", "byline": "By Ann Reporter", "siteName": None}
    _write(page / "expected-metadata.json", json.dumps({**metadata, "publishedTime": None, "readerable": True}))
    menu = root / "html-readability" / "menu"
    _write(menu / "source.html", "<html><body><ul><li>Home</li><li>About</li></ul></body></html>")
    _write(menu / "expected-metadata.json", json.dumps({"title": "Menu", "publishedTime": None, "readerable": False}))
    _write(
        root / "exports" / "lexisnexis-txt" / "two.TXT",
        "1 of 2 DOCUMENTS\n\nThe Daily\n\nJanuary 11, 2010 Monday\n\nFirst headline\n\nBody one.\n\n"
        "2 of 2 DOCUMENTS\n\nThe Daily\n\nJanuary 12, 2010 Tuesday\n\nSecond headline\n\nBody two.\n",
    )
    return root


def _run(*args: str) -> str:
    done = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def figures(corpus: Path) -> dict[str, object]:
    result: dict[str, object] = json.loads(_run("--corpus", str(corpus), "--json", "--failures", "5"))
    return result


def _share(corpus: dict[str, object], field: str) -> tuple[int, int]:
    tally = corpus[field]
    assert isinstance(tally, dict)
    return tally["right"], tally["of"]


def test_text_corpora_score_exactly(figures: dict[str, object]) -> None:
    labelled = figures["labelled"]
    assert isinstance(labelled, dict)
    bbc, afps = labelled["bbc"], labelled["afps-dod"]
    assert (bbc["files"], bbc["articles"], bbc["unread"]) == (2, 2, 0)
    assert (_share(bbc, "title"), _share(bbc, "lead"), _share(bbc, "date")) == ((2, 2), (2, 2), (0, 0))
    assert (bbc["invented"], bbc["misdated"]) == (1, 0)
    assert [(miss["file"], miss["got"]) for miss in bbc["failures"]] == [("business/002.txt", "2005-01-05")]
    assert afps["files"] == 3
    assert (_share(afps, "title"), _share(afps, "lead"), _share(afps, "date")) == ((3, 3), (3, 3), (1, 1))
    assert (_share(afps, "source"), _share(afps, "byline")) == ((1, 1), (0, 0))
    assert (afps["invented"], afps["misdated"]) == (0, 1)


def test_web_page_figures_follow_what_read_file_gives(corpus: Path, figures: dict[str, object]) -> None:
    labelled = figures["labelled"]
    assert isinstance(labelled, dict)
    pages = labelled["html-readability"]
    assert (pages["files"], pages["not_articles"]) == (2, 1)
    page = corpus / "html-readability" / "rain" / "source.html"
    found = [article for article in read_file(str(page), page.read_bytes()) if isinstance(article, ParsedArticle)]
    assert _share(pages, "title")[1] == 1, "the page that is no article is left out"
    assert pages["invented"] == sum(article.date is not None for article in found[:1]) + _menu_dated(corpus)
    right, total = _share(pages, "byline")
    assert total == 1 and right == int(bool(found) and has_names(("Ann Reporter",), found[0].byline))


def _menu_dated(corpus: Path) -> int:
    menu = corpus / "html-readability" / "menu" / "source.html"
    found = [article for article in read_file(str(menu), menu.read_bytes()) if isinstance(article, ParsedArticle)]
    return int(bool(found) and found[0].date is not None)


def test_exports_count_the_stated_total_and_missing_corpora_are_skipped(figures: dict[str, object]) -> None:
    exports = figures["exports"]
    assert isinstance(exports, list) and len(exports) == 1
    assert (exports[0]["file"], exports[0]["expected"], exports[0]["basis"]) == ("lexisnexis-txt/two.TXT", 2, "stated")
    assert exports[0]["found"] >= 1
    assert figures["skipped"] == {"html-newspaper4k": f"no folder {Path(str(figures['corpus'])) / 'html-newspaper4k'}"}


def test_table_and_failures_are_printed(corpus: Path) -> None:
    text = _run("--corpus", str(corpus), "--failures", "3")
    assert "bbc " in text and "2/2 100%" in text
    assert "html-newspaper4k: skipped" in text
    assert "business/002.txt  invented: expected 'no date', got '2005-01-05'" in text
    assert "002-carrier-visits.txt  misdated" in text


def test_an_empty_corpus_folder_skips_every_corpus(tmp_path: Path) -> None:
    text = _run("--corpus", str(tmp_path))
    assert text.count("skipped") == 5


def test_normalisation_folds_case_quotes_dashes_and_width() -> None:
    assert normalise("  \u201c\uff31uotes\u2019 \u2014  and\u00adsoft ") == "\"quotes' - andsoft"


def test_truth_days_are_read_as_written_not_shifted_by_their_zone() -> None:
    assert iso_day("2015-07-24T23:30:00-05:00") == "2015-07-24"
    assert iso_day("2014-12-27 12:06:00") == "2014-12-27"
    assert iso_day("jueves, 09 enero 2014") is None


def test_a_day_is_stated_in_its_common_written_forms_with_its_year() -> None:
    for text in ("(Sept. 3, 2009)", "3rd September 2009", "on 2009-09-03", "9/3/2009", "Sep 03 2009"):
        assert states_day(text, "2009-09-03"), text
    assert not states_day("on September 3", "2009-09-03")
    assert not states_day("September 13, 2009", "2009-09-03")


def test_a_lead_may_start_after_a_byline_line_and_a_dateline() -> None:
    text = "By Sgt. David Turner\n2nd Brigade Combat Team\n\nKALSU, Iraq \u2013 The Under Secretary visited a base."
    keys = lead_keys(text, None)
    assert lead_key("The Under Secretary visited a base.") in keys
    assert lead_key(text) in keys
    hyphenated = "Nimitz-class carriers sail on the open sea today"
    assert lead_keys(hyphenated, None) == {lead_key(hyphenated)}, "a hyphen inside a word ends no dateline"


def test_byline_names_come_from_the_first_line_less_by() -> None:
    assert byline_names("By Nathan Willis\n   March 25, 2015") == ("Nathan Willis",)
    assert byline_names("By\n\t\tScott Cunningham") == ("Scott Cunningham",)
    assert byline_names("Stella Kim, Jennifer Jett") == ("Stella Kim", "Jennifer Jett")
    assert has_names(("Dana A. Ford",), "By Dana A Ford, CNN")
    assert not has_names(("Dana A. Ford",), None)
