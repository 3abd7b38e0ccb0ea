"""Search over the tantivy index: every query-tree node, sorting, snippets, facets and related articles.

The fixture is twelve small hand-written articles whose words, sources, dates and tags are chosen so that each
expected result set below can be checked by reading the fixture.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.errors import UnknownArticleError
from store.query.tree import And, DateRange, Exact, Is, MatchAll, Not, Or, Phrase, Prefix, Query, Tag, Term
from store.search.index import IndexDocument, SearchIndex
from store.search.view import Hit


def article(
    id: str,
    title: str,
    body: str,
    date: str | None,
    source: str | None,
    site: str | None = None,
    *,
    byline: str | None = None,
    tags: tuple[str, ...] = (),
    read: bool = False,
) -> IndexDocument:
    return IndexDocument(
        id=id,
        title=title,
        body=body,
        date=date,
        source=source,
        site=site,
        byline=byline,
        location=None,
        path=f"/archive/{id}.txt",
        tags=tags,
        read=read,
    )


DOCS = (
    article(
        "a01",
        "Russia, U.S. Fail To Bridge Differences Over Missile Defense",
        "U.S. officials met Russian counterparts in Moscow. They discussed plans to deploy a missile defense "
        "system in the Czech Republic and Poland. No agreement was reached.",
        "2007-10-12",
        "RFE/RL",
        "GlobalSecurity.org",
        byline="Brian Whitmore",
        tags=("starred",),
        read=True,
    ),
    article(
        "a02",
        "Czech Cabinet Backs Radar",
        "The Czech cabinet endorsed talks on a radar station. Critics in Prague objected.",
        "2008-03-03",
        "RFE/RL",
        "GlobalSecurity.org",
    ),
    article(
        "a03",
        "Putin Offers Joint Use Of Azerbaijani Radar",
        "President Putin offered the Gabala radar in Azerbaijan for joint use. The Gabala radar could serve as "
        "an alternative.",
        "2007-06-04",
        "RFE/RL",
        "GlobalSecurity.org",
        read=True,
    ),
    article(
        "a04",
        "Navy Tests New Ship",
        "The navy began sea trials of a new ship.\n\nSailors   reported\tcalm seas.",
        "2006-05-01",
        "VOA",
    ),
    article(
        "a05",
        "Army Recruiting Up",
        "Army recruiting rose this year. Officials credited bonuses.",
        "2006-11-20",
        "VOA",
        tags=("starred", "army"),
    ),
    article(
        "a06",
        "Gates Visits Troops",
        "Defense Secretary Gates visited troops overseas. He praised their work.",
        "2008-01-15",
        "American Forces Press Service",
        "GlobalSecurity.org",
        byline="Jim Garamone",
    ),
    article(
        "a07",
        "Iran Nuclear Talks Stall",
        "Talks on the Iranian nuclear program stalled again. Diplomats blamed both sides.",
        "2007-12-01",
        "rfe/rl",
    ),
    article(
        "a08", "Undated Note On Shields", "A missile shield note without any date. Nothing else is known.", None, None
    ),
    article(
        "a09",
        "Shield Talks Resume",
        "Negotiators said the defense of Europe needs a missile shield. Talks resumed in Brussels.",
        "2008-06-30",
        "VOA",
        "Example.com",
    ),
    article(
        "a10",
        "Morale In The Ranks",
        "Soldiers described defensive drills. Happiness in the ranks was high.",
        "2005-02-02",
        "VOA",
        byline="Jane Smith",
    ),
    article(
        "a11", "Café Society In Prague", "The café culture of Prague thrives. Visitors linger.", "2005-02-20", "BBC"
    ),
    article(
        "a12",
        "Gabala Radar Offered Again",
        "Russia again offered the Gabala radar in Azerbaijan for joint use with the United States.",
        "2007-07-15",
        "RFE/RL",
    ),
)
NEWEST_FIRST = ("a09", "a02", "a06", "a07", "a01", "a12", "a03", "a05", "a04", "a11", "a10", "a08")


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    built = SearchIndex(tmp_path_factory.mktemp("search") / "archive.index")
    built.rebuild(DOCS, generation=1)
    yield built
    built.close()


def ids(index: SearchIndex, query: Query) -> set[str]:
    results = index.search(query, limit=100)
    assert results.total == len(results.hits)
    return {hit.id for hit in results.hits}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (Term("missile"), {"a01", "a08", "a09"}),
        (Term("MISSILES"), {"a01", "a08", "a09"}),
        (And((Term("missile"), Term("defense"))), {"a01", "a09"}),
        (Phrase(("missile", "defense")), {"a01"}),
        (Phrase(("defense", "missile")), set()),
        (Prefix("defens"), {"a01", "a06", "a09", "a10"}),
        (Prefix("def"), {"a01", "a06", "a09", "a10"}),
        (Prefix("happy"), {"a10"}),
        (Prefix("happin"), {"a10"}),
        (Prefix("gabal"), {"a03", "a12"}),
        (Term("russia", "title"), {"a01"}),
        (Term("russia", "body"), {"a12"}),
        (Term("russia"), {"a01", "a12"}),
        (Term("smith", "byline"), {"a10"}),
        (Term("smith", "title"), set()),
        (Term("cafe"), {"a11"}),
        (Term("Café"), {"a11"}),
        (Term("—"), set()),
    ],
)
def test_text_queries(index: SearchIndex, query: Query, expected: set[str]) -> None:
    assert ids(index, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (Exact("source", "rfe/rl"), {"a01", "a02", "a03", "a07", "a12"}),
        (Exact("source", "RFE/RL"), {"a01", "a02", "a03", "a07", "a12"}),
        (Exact("source", "voa"), {"a04", "a05", "a09", "a10"}),
        (Exact("source", "american forces press service"), {"a06"}),
        (Exact("source", "american"), set()),
        (Exact("site", "globalsecurity.org"), {"a01", "a02", "a03", "a06"}),
        (Exact("site", "nowhere.org"), set()),
        (Tag("starred"), {"a01", "a05"}),
        (Tag("army"), {"a05"}),
        (Tag("unknown"), set()),
        (Is("read"), {"a01", "a03"}),
        (Is("unread"), set(NEWEST_FIRST) - {"a01", "a03"}),
    ],
)
def test_field_queries(index: SearchIndex, query: Query, expected: set[str]) -> None:
    assert ids(index, query) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.date(2007, 1, 1), dt.date(2008, 1, 1), {"a01", "a03", "a07", "a12"}),
        (dt.date(2008, 1, 1), None, {"a02", "a06", "a09"}),
        (None, dt.date(2006, 1, 1), {"a10", "a11"}),
        (dt.date(2007, 10, 12), dt.date(2007, 10, 13), {"a01"}),
        (dt.date(2007, 10, 1), dt.date(2007, 10, 12), set()),
        (None, None, set(NEWEST_FIRST) - {"a08"}),
        (dt.date(1, 1, 1), dt.date(9999, 12, 31), set(NEWEST_FIRST) - {"a08"}),
    ],
)
def test_date_ranges_are_half_open_and_skip_undated(
    index: SearchIndex, start: dt.date | None, end: dt.date | None, expected: set[str]
) -> None:
    assert ids(index, DateRange(start, end)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (Not(Term("radar")), set(NEWEST_FIRST) - {"a02", "a03", "a12"}),
        (And((Term("talks"), Not(Exact("source", "voa")))), {"a02", "a07"}),
        (And((Not(Term("radar")), Not(Exact("source", "voa")))), {"a01", "a06", "a07", "a08", "a11"}),
        (Or((Term("navy"), Term("army"))), {"a04", "a05"}),
        (Or((Phrase(("missile", "shield")), Tag("army"))), {"a05", "a08", "a09"}),
        (And((Term("radar"), Or((DateRange(dt.date(2008, 1, 1), None), Is("read"))))), {"a02", "a03"}),
        (Not(MatchAll()), set()),
    ],
)
def test_boolean_queries(index: SearchIndex, query: Query, expected: set[str]) -> None:
    assert ids(index, query) == expected


def test_match_all_is_newest_first_with_undated_last(index: SearchIndex) -> None:
    results = index.search(MatchAll(), limit=100)
    assert tuple(hit.id for hit in results.hits) == NEWEST_FIRST
    assert results.total == 12


def test_queries_without_text_ignore_relevance_and_come_newest_first(index: SearchIndex) -> None:
    hits = index.search(Exact("source", "rfe/rl")).hits
    assert [hit.id for hit in hits] == ["a02", "a07", "a01", "a12", "a03"]
    assert all(hit.score == 0.0 for hit in hits)


def test_text_queries_rank_by_relevance(index: SearchIndex) -> None:
    hits = index.search(Term("gabala")).hits
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    assert hits[0].score > 0


def test_sort_by_date_and_title(index: SearchIndex) -> None:
    assert [hit.id for hit in index.search(Term("radar"), sort="date").hits] == ["a02", "a12", "a03"]
    titles = [hit.title for hit in index.search(MatchAll(), sort="title", limit=100).hits]
    assert titles == sorted((doc.title for doc in DOCS), key=str.casefold)
    assert titles[:2] == ["Army Recruiting Up", "Café Society In Prague"]


def test_limit_and_offset_page_through_the_order(index: SearchIndex) -> None:
    page = index.search(MatchAll(), limit=5, offset=5)
    assert tuple(hit.id for hit in page.hits) == NEWEST_FIRST[5:10]
    assert page.total == 12
    assert page.elapsed_ms > 0


def test_hit_carries_stored_fields(index: SearchIndex) -> None:
    (hit,) = index.search(Phrase(("missile", "defense"))).hits
    assert (hit.id, hit.date, hit.source, hit.site, hit.path) == (
        "a01",
        "2007-10-12",
        "RFE/RL",
        "GlobalSecurity.org",
        "/archive/a01.txt",
    )
    assert hit.title == DOCS[0].title


def marked(hit: Hit) -> list[str]:
    return [hit.snippet[start:end] for start, end in hit.highlights]


def test_snippet_highlights_point_at_the_matched_words(index: SearchIndex) -> None:
    (hit,) = index.search(Term("sailors")).hits
    assert marked(hit) == ["Sailors"]
    assert hit.snippet == "The navy began sea trials of a new ship. Sailors reported calm seas."


def test_snippet_highlights_stemmed_accented_and_prefixed_matches(index: SearchIndex) -> None:
    assert marked(index.search(Term("cafe")).hits[0]) == ["café"]
    assert marked(index.search(Prefix("happ")).hits[0]) == ["Happiness"]
    (hit,) = index.search(Phrase(("missile", "defense"))).hits
    assert marked(hit) == ["missile defense"]


def test_snippet_ignores_negated_terms(index: SearchIndex) -> None:
    hits = index.search(Or((Term("sailors"), Not(Term("navy")))), limit=100).hits
    (navy,) = [hit for hit in hits if hit.id == "a04"]
    assert marked(navy) == ["Sailors"]


def test_without_text_terms_or_body_match_the_snippet_is_the_opening(index: SearchIndex) -> None:
    (title_only,) = index.search(Term("morale")).hits
    assert title_only.snippet == "Soldiers described defensive drills. Happiness in the ranks was high."
    assert title_only.highlights == ()
    (listed,) = index.search(Tag("army")).hits
    assert listed.snippet == "Army recruiting rose this year. Officials credited bonuses."
    assert listed.highlights == ()


def test_long_bodies_give_short_snippets_around_the_match(tmp_path: Path) -> None:
    filler = [f"Sentence number {n} says little of note." for n in range(60)]
    body = " ".join([*filler[:30], "Here the zeppelin finally appears over the city.", *filler[30:]])
    index = SearchIndex(tmp_path / "archive.index")
    index.rebuild([article("z1", "Long Read", body, "2001-01-01", "VOA")], generation=1)
    (hit,) = index.search(Term("zeppelin")).hits
    assert marked(hit) == ["zeppelin"]
    assert "Here the zeppelin finally appears over the city." in hit.snippet
    assert len(hit.snippet) <= 202
    assert hit.snippet[0].isupper() or hit.snippet.startswith("…")
    (opening,) = index.search(MatchAll()).hits
    assert opening.snippet.startswith("Sentence number 0 says little of note.")
    assert len(opening.snippet) <= 200
    index.close()


def brute_force(docs: tuple[IndexDocument, ...]) -> tuple[Counter[str], Counter[int], Counter[str], Counter[str]]:
    sources = Counter((doc.source or "").casefold() for doc in docs if doc.source)
    years = Counter(int(doc.date[:4]) for doc in docs if doc.date)
    tags = Counter(tag for doc in docs for tag in doc.tags)
    months = Counter(doc.date[:7] for doc in docs if doc.date)
    return sources, years, tags, months


@pytest.mark.parametrize(
    "query", [MatchAll(), Term("radar"), Exact("source", "voa"), Not(Term("radar")), Tag("starred")]
)
def test_facets_equal_brute_force_counts(index: SearchIndex, query: Query) -> None:
    matching = ids(index, query)
    sources, years, tags, months = brute_force(tuple(doc for doc in DOCS if doc.id in matching))
    facets = index.facets(query)
    assert {name.casefold(): count for name, count in facets.sources} == sources
    assert dict(facets.years) == years
    assert dict(facets.tags) == tags
    assert dict(facets.months) == months


def test_facet_order_and_spelling(index: SearchIndex) -> None:
    facets = index.facets(MatchAll())
    assert facets.sources == (("RFE/RL", 5), ("VOA", 4), ("American Forces Press Service", 1), ("BBC", 1))
    assert [year for year, _ in facets.years] == [2008, 2007, 2006, 2005]
    assert facets.tags == (("starred", 2), ("army", 1))
    assert [month for month, _ in facets.months] == sorted(month for month, _ in facets.months)
    assert facets.months[0] == ("2005-02", 2)


def test_facets_of_nothing_are_empty(index: SearchIndex) -> None:
    facets = index.facets(Term("zeppelin"))
    assert (facets.sources, facets.years, facets.tags, facets.months) == ((), (), (), ())


def test_related_puts_the_obvious_twin_first_and_never_itself(index: SearchIndex) -> None:
    related = index.related("a03")
    assert related[0].id == "a12"
    assert "a03" not in {hit.id for hit in related}
    assert index.related("a12")[0].id == "a03"
    assert len(index.related("a03", limit=1)) == 1


def test_related_of_unknown_article_raises(index: SearchIndex) -> None:
    with pytest.raises(UnknownArticleError):
        index.related("nope")
