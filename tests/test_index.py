"""The search index's life cycle: rebuild and its generation stamp, incremental writes, damage and crash recovery."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.errors import StoreError, UnknownArticleError
from store.model import UserData
from store.query.tree import DateRange, Is, MatchAll, Query, Tag, Term
from store.search.index import IndexDocument, SearchIndex


def article(number: int, title: str = "Routine Report", body: str = "Nothing happened today.") -> IndexDocument:
    return IndexDocument(
        id=f"{number:04x}",
        title=title,
        body=body,
        date=f"2007-01-{number % 28 + 1:02d}",
        source="VOA",
        site="GlobalSecurity.org",
        byline="Jane Smith",
        location="WASHINGTON",
        path=f"/archive/{number}.txt",
    )


DOCS = (
    article(1, "Radar Talks Open", "Talks on the radar opened in Prague."),
    article(2, "Navy Tests Ship", "The navy tested a ship."),
    article(3, "Army Recruiting Up", "Army recruiting rose."),
)


@pytest.fixture
def index(tmp_path: Path) -> Iterator[SearchIndex]:
    built = SearchIndex(tmp_path / "archive.index")
    built.rebuild(DOCS, generation=7)
    yield built
    built.close()


def found(index: SearchIndex, query: Query) -> set[str]:
    return {hit.id for hit in index.search(query, limit=1000).hits}


def test_rebuild_stamps_the_generation_and_indexes_everything(index: SearchIndex) -> None:
    assert index.generation == 7
    assert index.search(MatchAll()).total == 3
    assert SearchIndex(index.directory).generation == 7


def test_rebuild_reports_progress_every_500_and_at_the_end(tmp_path: Path) -> None:
    seen: list[int] = []
    index = SearchIndex(tmp_path / "archive.index")
    index.rebuild((article(number) for number in range(1100)), generation=1, progress=seen.append)
    assert seen == [500, 1000, 1100]
    assert index.search(MatchAll()).total == 1100


def test_rebuild_replaces_the_previous_index(index: SearchIndex) -> None:
    index.rebuild([article(9, "Fresh Start")], generation=8)
    assert index.generation == 8
    assert found(index, MatchAll()) == {"0009"}
    assert [path.name for path in index.directory.glob("data-*")] == [json.loads(stamp(index))["data"]]


def test_document_round_trips_every_field(index: SearchIndex) -> None:
    tagged = IndexDocument(**{**vars(DOCS[0]), "id": "beef", "tags": ("starred", "Later"), "read": True})
    index.upsert([tagged], generation=8)
    assert index.document("beef") == tagged
    assert index.document("0001") == DOCS[0]
    assert index.document("nope") is None
    assert index.contains("beef") and not index.contains("nope")


def test_undated_documents_round_trip(index: SearchIndex) -> None:
    undated = IndexDocument(**{**vars(DOCS[1]), "id": "0099", "date": None, "source": None, "site": None})
    index.upsert([undated], generation=8)
    assert index.document("0099") == undated


def test_dates_beyond_tantivys_own_date_range_work(index: SearchIndex) -> None:
    ancient = IndexDocument(**{**vars(DOCS[0]), "id": "0066", "date": "1066-10-14"})
    index.upsert([ancient], generation=8)
    assert index.document("0066") == ancient
    assert index.search(MatchAll(), sort="date").hits[-1].id == "0066"
    assert found(index, DateRange(None, dt.date(1900, 1, 1))) == {"0066"}
    assert index.facets(MatchAll()).years[-1] == (1066, 1)


def test_upsert_adds_and_replaces_by_id(index: SearchIndex) -> None:
    index.upsert([article(2, "Navy Tests Newer Ship", "Sea trials."), article(4, "Zeppelin Seen")], generation=8)
    assert index.generation == 8
    assert found(index, MatchAll()) == {"0001", "0002", "0003", "0004"}
    assert found(index, Term("newer")) == {"0002"}
    assert found(index, Term("ship", "body")) == set()
    assert found(index, Term("zeppelin")) == {"0004"}
    assert SearchIndex(index.directory).generation == 8


def test_title_sort_holds_across_segments(index: SearchIndex) -> None:
    index.upsert([article(5, "Aardvark Sighted")], generation=8)
    index.upsert([article(6, "zebra crossing")], generation=9)
    titles = [hit.title for hit in index.search(MatchAll(), sort="title").hits]
    assert titles == ["Aardvark Sighted", "Army Recruiting Up", "Navy Tests Ship", "Radar Talks Open", "zebra crossing"]


def test_set_user_data_changes_tag_and_read_searches(index: SearchIndex) -> None:
    index.set_user_data("0002", UserData(("starred",), True), generation=8)
    assert index.generation == 8
    assert found(index, Tag("starred")) == {"0002"}
    assert found(index, Is("read")) == {"0002"}
    assert found(index, Term("navy")) == {"0002"}
    index.set_user_data("0002", UserData(), generation=9)
    assert found(index, Tag("starred")) == set()
    assert found(index, Is("unread")) == {"0001", "0002", "0003"}
    assert index.document("0002") == DOCS[1]


def test_set_user_data_of_unknown_article_raises(index: SearchIndex) -> None:
    with pytest.raises(UnknownArticleError):
        index.set_user_data("nope", UserData(("starred",)), generation=8)


def test_missing_index_has_no_generation_and_refuses_searches(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "archive.index")
    assert index.generation is None
    with pytest.raises(StoreError, match="missing or damaged"):
        index.search(MatchAll())
    with pytest.raises(StoreError):
        index.upsert([DOCS[0]], generation=1)


def stamp(index: SearchIndex) -> str:
    return (index.directory / "stamp.json").read_text()


@pytest.mark.parametrize(
    "damage",
    [
        "not json {",
        "[]",
        '{"schema": 1, "generation": "7", "data": "data-x"}',
        '{"schema": 999, "generation": 7, "data": "data-x"}',
    ],
)
def test_damaged_stamp_reads_as_missing_and_rebuild_recovers(index: SearchIndex, damage: str) -> None:
    (index.directory / "stamp.json").write_text(damage)
    reopened = SearchIndex(index.directory)
    assert reopened.generation is None
    assert index.generation is None
    reopened.rebuild(DOCS, generation=8)
    assert reopened.generation == 8
    assert reopened.search(MatchAll()).total == 3


def test_damaged_or_vanished_data_reads_as_missing(index: SearchIndex) -> None:
    data = index.directory / json.loads(stamp(index))["data"]
    (data / "meta.json").write_text("garbage")
    assert SearchIndex(index.directory).generation is None
    for path in data.iterdir():
        path.unlink()
    data.rmdir()
    assert SearchIndex(index.directory).generation is None


def test_stamp_pointing_elsewhere_reads_as_missing(index: SearchIndex) -> None:
    (index.directory / "stamp.json").write_text('{"schema": 1, "generation": 7, "data": "data-gone"}')
    assert SearchIndex(index.directory).generation is None


def test_crash_mid_rebuild_leaves_the_previous_index_in_use(index: SearchIndex) -> None:
    before = stamp(index)

    def crashing() -> Iterator[IndexDocument]:
        yield article(10, "Half Written")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError, match="disk on fire"):
        index.rebuild(crashing(), generation=8)
    assert stamp(index) == before
    assert index.generation == 7
    assert found(index, MatchAll()) == {"0001", "0002", "0003"}
    reopened = SearchIndex(index.directory)
    assert reopened.generation == 7
    assert found(reopened, Term("half")) == set()
    assert len(list(index.directory.glob("data-*"))) == 1


def test_a_write_by_another_handle_is_announced_and_searched_after_reload(index: SearchIndex) -> None:
    other = SearchIndex(index.directory)
    other.upsert([article(4, "Zeppelin Seen")], generation=8)
    other.close()
    assert index.generation == 8
    assert found(index, Term("zeppelin")) == set()
    index.reload()
    assert found(index, Term("zeppelin")) == {"0004"}
