"""Citations: bylines split into CSL names, the styles by citeproc-py, BibTeX and RIS read back by their parsers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
import rispy
from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares import LatexDecodingMiddleware

from store.cite import STYLES, cite
from store.cite.bibtex import unique_keys
from store.cite.csl import authors, csl_item, csl_items
from tests.conftest import CliResult

Cli = Callable[..., CliResult]

DATED: dict[str, Any] = {
    "id": "a1b2c3d4e5f6",
    "title": "Radar & Talks Stall at 100% {Braces}",
    "byline": "By Jane A. Smith and Reuters",
    "source": "RFE/RL",
    "site": "globalsecurity.org",
    "date": "2007-10-12",
    "imported_at": "2024-05-01T09:30:00+00:00",
    "url": "https://example.org/radar?id=7",
}
UNDATED: dict[str, Any] = {
    "id": "f6e5d4c3b2a1",
    "title": "Grain Exports Rise",
    "byline": None,
    "source": None,
    "site": "voanews.com",
    "date": None,
    "date_text": "Tuesday",
    "imported_at": "2024-05-01T09:30:00+00:00",
}


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Reuters", [{"literal": "Reuters"}]),
        ("By Associated Press", [{"literal": "Associated Press"}]),
        ("Madonna", [{"literal": "Madonna"}]),
        ("Jane A. Smith", [{"family": "Smith", "given": "Jane A."}]),
        ("By Jane Smith and John Doe", [{"family": "Smith", "given": "Jane"}, {"family": "Doe", "given": "John"}]),
        ("by Ana Lee; AFP", [{"family": "Lee", "given": "Ana"}, {"literal": "AFP"}]),
        ("Jane Smith, Reuters Staff", [{"family": "Smith", "given": "Jane"}, {"literal": "Reuters Staff"}]),
        ("Vincent van Gogh", [{"family": "van Gogh", "given": "Vincent"}]),
        ("John Smith, Jr.", [{"family": "Smith", "given": "John", "suffix": "Jr."}]),
        ("Alexander Sandler", [{"family": "Sandler", "given": "Alexander"}]),
        (None, []),
    ],
)
def test_bylines_split_into_people_and_organisations(byline: str | None, expected: list[dict[str, str]]) -> None:
    assert authors(byline) == expected


def test_a_csl_item_holds_what_the_record_knows() -> None:
    assert csl_item(DATED) == {
        "id": "a1b2c3d4e5f6",
        "type": "article-newspaper",
        "title": DATED["title"],
        "author": [{"family": "Smith", "given": "Jane A."}, {"literal": "Reuters"}],
        "container-title": "RFE/RL",
        "issued": {"date-parts": [[2007, 10, 12]]},
        "accessed": {"date-parts": [[2024, 5, 1]]},
        "URL": "https://example.org/radar?id=7",
    }


def test_an_undated_item_has_no_issued_date_and_the_site_as_outlet() -> None:
    item = csl_item(UNDATED)
    assert "issued" not in item and "author" not in item
    assert item["container-title"] == "voanews.com"


def test_apa_says_nd_for_an_undated_article() -> None:
    assert "(n.d.)" in cite([UNDATED], "apa")
    assert cite([DATED], "apa").startswith("Smith, J. A., & Reuters. (2007, October 12).")


@pytest.mark.parametrize("style", STYLES)
def test_no_style_invents_a_publication_date(style: str) -> None:
    text = cite([UNDATED], style)  # type: ignore[arg-type]
    assert "2007" not in text
    # The only year known is the access year; it may appear only as the access date, never as the issue date.
    assert "(2024" not in text and "2024)" not in text and "PY  -" not in text and "year =" not in text


NO_BYLINE = {**DATED, "id": "0a0b0c0d0e0f", "title": "Grain Exports Rise", "byline": None, "source": "VOA"}


@pytest.mark.parametrize(
    ("style", "citation"),
    [
        ("apa", "Grain Exports Rise. (2007, October 12). VOA. https://example.org/radar?id=7"),
        ("mla", "\u201cGrain Exports Rise\u201d. VOA, 12 Oct. 2007, https://example.org/radar?id=7."),
    ],
)
def test_without_a_byline_the_title_heads_the_entry_once(style: str, citation: str) -> None:
    """The CSL substitute puts the title where the author goes; it must not come again after the date."""
    assert cite([NO_BYLINE], style).strip() == citation  # type: ignore[arg-type]


@pytest.mark.parametrize("style", ["chicago", "harvard"])
def test_without_a_byline_the_outlet_standing_for_the_author_comes_once(style: str) -> None:
    text = cite([NO_BYLINE], style).strip()  # type: ignore[arg-type]
    assert text.startswith("VOA") and text.count("VOA") == 1 and text.count("Grain Exports Rise") == 1, text


@pytest.mark.parametrize("style", ["apa", "chicago", "mla", "harvard"])
def test_styled_forms_print_one_citation_per_article(style: str) -> None:
    lines = cite([DATED, UNDATED], style).splitlines()  # type: ignore[arg-type]
    assert len(lines) == 2
    assert "Radar" in lines[0] and "Grain Exports Rise" in lines[1]


def test_bibtex_reads_back_with_bibtexparser() -> None:
    library = parse_string(cite([DATED, UNDATED], "bibtex"), append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks
    dated, undated = library.entries
    assert (dated.entry_type, dated.key) == ("article", "smith2007radar")
    assert dated["title"] == DATED["title"]  # the escapes and the case-keeping braces decode away
    assert dated["author"] == "Smith, Jane A. and Reuters"
    assert (dated["journal"], dated["year"], dated["date"]) == ("RFE/RL", "2007", "2007-10-12")
    assert (dated["url"], dated["urldate"]) == (DATED["url"], "2024-05-01")
    assert undated.key == "voanewsndgrain"
    assert "year" not in undated.fields_dict and "date" not in undated.fields_dict


def test_bibtex_keys_are_unique() -> None:
    items = csl_items([DATED, {**DATED, "id": "0"}, {**DATED, "id": "1"}])
    assert unique_keys(items) == ["smith2007radar", "smith2007radara", "smith2007radarb"]


def test_ris_reads_back_with_rispy() -> None:
    dated, undated = rispy.loads(cite([DATED, UNDATED], "ris"))
    assert dated["type_of_reference"] == "NEWS"
    assert dated["authors"] == ["Smith, Jane A.", "Reuters"]
    assert (dated["title"], dated["secondary_title"]) == (DATED["title"], "RFE/RL")
    assert (dated["year"], dated["date"], dated["access_date"]) == ("2007", "2007/10/12", "2024/05/01")
    assert dated["urls"] == [DATED["url"]]
    assert "year" not in undated and "date" not in undated and "authors" not in undated


def test_csl_json_is_a_list_of_items() -> None:
    items = orjson.loads(cite([DATED, UNDATED], "csl-json"))
    assert isinstance(items, list) and [item["id"] for item in items] == [DATED["id"], UNDATED["id"]]
    assert all(item["type"] == "article-newspaper" and item["title"] for item in items)
    assert items[0]["issued"] == {"date-parts": [[2007, 10, 12]]} and "issued" not in items[1]


@pytest.fixture
def two_articles(cli: Cli, tmp_path: Path) -> list[str]:
    """Two articles imported through the CLI; their ids, the radar story's first."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "radar.txt").write_text("Radar Talks Stall\n\nOctober 12, 2007 (RFE/RL) -- Officials met.\n")
    (folder / "grain.txt").write_text("Grain Exports Rise\n\nJune 2, 2006 (VOA) -- Farmers shipped wheat.\n")
    assert cli("import", folder).code == 0
    hits = [orjson.loads(line) for line in cli("search", "date:1900..", "--json", "--sort", "title").out.splitlines()]
    return [str(hit["id"]) for hit in sorted(hits, key=lambda hit: hit["title"], reverse=True)]


def test_cli_cites_each_article_in_order(cli: Cli, two_articles: list[str]) -> None:
    result = cli("cite", *two_articles, "--style", "apa")
    assert (result.code, result.err) == (0, "")
    lines = result.out.splitlines()
    assert len(lines) == 2 and "Radar Talks Stall" in lines[0] and "Grain Exports Rise" in lines[1]
    assert "(2007, October 12)" in lines[0]


def test_cli_cite_defaults_to_apa_and_accepts_a_prefix(cli: Cli, two_articles: list[str]) -> None:
    assert cli("cite", two_articles[0][:6]).out == cli("cite", two_articles[0], "--style", "apa").out


def test_cli_cite_bibtex_is_one_document(cli: Cli, two_articles: list[str]) -> None:
    result = cli("cite", *two_articles, "--style", "bibtex")
    assert [entry.key for entry in parse_string(result.out).entries] == [
        "rfe2007radar",
        "voa2006grain",
    ]


def test_cli_cite_an_unknown_id_is_one_line_exit_2(cli: Cli, two_articles: list[str]) -> None:
    result = cli("cite", two_articles[0], "ffffffffffff")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("newsdesk: ffffffffffff") and result.err.count("\n") == 1


@pytest.mark.parametrize(("export_format", "name"), [("bibtex", "articles.bib"), ("ris", "articles.ris")])
def test_cli_export_writes_one_bibliography_file(
    cli: Cli, two_articles: list[str], tmp_path: Path, export_format: str, name: str
) -> None:
    out = tmp_path / "out"
    result = cli("export", "--format", export_format, "--out", out)
    assert result.code == 0
    assert [path.name for path in out.iterdir()] == [name]
    assert (out / name).read_text() == cli("export", "--format", export_format).out


def test_cli_export_csl_json_is_a_list_of_every_match(cli: Cli, two_articles: list[str]) -> None:
    items = orjson.loads(cli("export", "--format", "csl-json", "--sort", "date").out)
    assert [item["id"] for item in items] == two_articles  # newest first, as `--sort date` orders an export
