"""Every row of the query language, through `newsdesk search`, against the sample archive built from fixtures/.

Expected hits are computed by brute force from the records themselves (a plain regular expression over title,
body and byline, or the record's source, site and date), so a row that returned too much or too little fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import orjson
import pytest

from store.archive import Archive
from tests.conftest import ARTICLES, CliResult

Record = dict[str, Any]
Predicate = Callable[[Record], bool]


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Archive, list[Record]]]:
    """The sample archive (shared by the module: these tests only read) and every full record in it."""
    path = tmp_path_factory.mktemp("search") / "archive.json"
    with Archive.open(path, create=True) as archive:
        archive.import_paths([ARTICLES])
        yield archive, list(archive.full_records(record["id"] for record in archive.records()))


def words(pattern: str, *fields: str) -> Predicate:
    """Records whose text fields match `pattern` as a case-insensitive regular expression."""
    compiled = re.compile(pattern, re.IGNORECASE)
    names = fields or ("title", "body", "byline")
    return lambda record: any(compiled.search(record[name] or "") for name in names)


def dated(start: str, end: str) -> Predicate:
    """Records dated in [start, end)."""
    return lambda record: record["date"] is not None and start <= record["date"] < end


def equals(field: str, value: str) -> Predicate:
    return lambda record: (record[field] or "").lower() == value


RADAR = words(r"\bradars?\b")
DRONES = words(r"\bdrones?\b")
GRAIN = words(r"\bgrains?\b")

ROWS: dict[str, Predicate] = {
    "radar": RADAR,
    "radar drones": lambda r: RADAR(r) and DRONES(r),
    '"air defense"': words(r"\bair\s+defen[cs]e"),
    "radar OR grain": lambda r: RADAR(r) or GRAIN(r),
    "(radar OR grain) -drones": lambda r: (RADAR(r) or GRAIN(r)) and not DRONES(r),
    "NOT radar": lambda r: not RADAR(r),
    "missil*": words(r"\bmissil\w*"),
    "title:radar": words(r"\bradars?\b", "title"),
    "body:radar": words(r"\bradars?\b", "body"),
    "byline:keller": words(r"\bkeller\b", "byline"),
    "source:xinhua": equals("source", "xinhua"),
    'source:"american forces press service"': equals("source", "american forces press service"),
    "site:globalsecurity.org": equals("site", "globalsecurity.org"),
    "date:2010": dated("2010-01-01", "2011-01-01"),
    "date:2007-04": dated("2007-04-01", "2007-05-01"),
    "date:2007-04-11": dated("2007-04-11", "2007-04-12"),
    "date:2007-01..2008-06": dated("2007-01-01", "2008-07-01"),
    "date:..2007": dated("0000", "2008-01-01"),
    "date:2022..": dated("2022-01-01", "9999"),
    "after:2013-05-14": dated("2013-05-14", "9999"),
    "before:2008": dated("0000", "2008-01-01"),
    "storm source:xinhua": lambda r: False,
}


def search(cli: Callable[..., CliResult], archive: Archive, query: str, *args: str) -> list[Record]:
    result = cli("--db", archive.path, "search", query, "--json", "--limit", "100", *args)
    assert result.code == 0, result.err
    return [orjson.loads(line) for line in result.out.splitlines()]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """The CLI in-process, with the --db the test names (the shared `cli` fixture has its own archive)."""
    from tui.cli import main

    def invoke(*args: object) -> CliResult:
        capsys.readouterr()
        code = main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return invoke


@pytest.mark.parametrize("query", list(ROWS))
def test_every_query_row_returns_exactly_the_matching_articles(
    run: Callable[..., CliResult], records: tuple[Archive, list[Record]], query: str
) -> None:
    archive, everything = records
    expected = {record["id"] for record in everything if ROWS[query](record)}
    assert {hit["id"] for hit in search(run, archive, query)} == expected
    assert expected or query == "storm source:xinhua"


def test_filters_list_newest_first_and_words_rank_by_relevance(
    run: Callable[..., CliResult], records: tuple[Archive, list[Record]]
) -> None:
    archive, _ = records
    dates = [hit["date"] for hit in search(run, archive, "date:2007..")]
    assert dates == sorted(dates, reverse=True)
    scores = [hit["score"] for hit in search(run, archive, "storm OR port")]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0


@pytest.mark.parametrize(("sort", "key"), [("date", "date"), ("title", "title")])
def test_sort_orders(run: Callable[..., CliResult], records: tuple[Archive, list[Record]], sort: str, key: str) -> None:
    archive, _ = records
    hits = search(run, archive, "port OR storm OR rail", "--sort", sort)
    values = [hit[key] or "" for hit in hits]
    expected = sorted(values, reverse=True) if sort == "date" else sorted(values, key=str.casefold)
    assert len(hits) > 3 and values == expected


def test_tags_and_reading_state(run: Callable[..., CliResult], records: tuple[Archive, list[Record]]) -> None:
    archive, everything = records
    starred = sorted(record["id"] for record in everything)[:2]
    for article_id in starred:
        archive.tag(article_id, ["starred"])
    archive.mark_read(starred[0])
    try:
        assert {hit["id"] for hit in search(run, archive, "tag:starred")} == set(starred)
        assert {hit["id"] for hit in search(run, archive, "tag:starred is:unread")} == {starred[1]}
        assert len(search(run, archive, "is:read")) == 1
    finally:
        for article_id in starred:
            archive.tag(article_id, ["starred"], remove=True)
        archive.mark_read(starred[0], read=False)


def test_as_you_type_the_last_word_is_a_prefix(records: tuple[Archive, list[Record]]) -> None:
    archive, _ = records
    typing = {hit.id for hit in archive.search("portable rad", as_you_type=True).hits}
    assert typing == {hit.id for hit in archive.search("portable radar").hits} != set()
    assert archive.search("portable rad").total == 0
