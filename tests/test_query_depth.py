"""Deep and long queries: nesting past `MAX_NESTING` is one positioned `QuerySyntaxError`, never a `RecursionError`,
and queries at the limit or thousands of terms long are searched like any other (issue 10, defect 4)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.archive import Archive
from store.errors import QuerySyntaxError
from store.query.parser import MAX_NESTING, format_query, parse_query
from store.query.tree import And, Not, Or, Query, has_scored_terms
from store.search.highlight import match_spans
from tests.conftest import CliResult

TOO_DEEP = f"query nests deeper than {MAX_NESTING} levels"
DEEPEST_TREE = 2 * MAX_NESTING + 3
"""The most nodes from root to leaf a parsed tree may have: each parenthesis can open an `OR` of `AND`s."""
ARTICLES = {
    "radar.txt": "Radar Talks Stall\n\nOctober 12, 2007 (RFE/RL) -- Officials met about the radar.\n",
    "grain.txt": "Grain Exports Rise\n\nJune 2, 2006 (VOA) -- Farmers shipped more wheat.\n",
}


def write_articles(folder: Path) -> Path:
    """The two articles every test here searches: one says "radar", the other does not."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    """A tiny archive shared by the module: these tests only read it."""
    root = tmp_path_factory.mktemp("depth")
    with Archive.open(root / "archive.json", create=True) as opened:
        opened.import_paths([write_articles(root / "in")])
        yield opened


def depth(query: Query) -> int:
    """Nodes from the root to the deepest leaf, counted without recursion (the thing under test)."""
    deepest = 0
    pending: list[tuple[Query, int]] = [(query, 1)]
    while pending:
        node, level = pending.pop()
        deepest = max(deepest, level)
        if isinstance(node, And | Or):
            pending.extend((item, level + 1) for item in node.items)
        elif isinstance(node, Not):
            pending.append((node.item, level + 1))
    return deepest


def titles(archive: Archive, text: str) -> set[str]:
    """Titles of every hit, after counting facets for the same query (a second walk over the tree)."""
    archive.facets(text)
    return {hit.title for hit in archive.search(text, limit=10).hits}


def nested(opener: str, levels: int, core: str = "radar") -> str:
    """`core` inside `levels` copies of `opener`, closing whatever parentheses the opener left open."""
    return opener * levels + core + ")" * (opener.count("(") * levels)


@pytest.mark.parametrize(
    ("text", "position"),
    [
        pytest.param(nested("(", 330), MAX_NESTING, id="330 parentheses"),
        pytest.param(nested("NOT ", 494), 4 * MAX_NESTING, id="494 NOTs"),
        pytest.param(nested("-", 494), MAX_NESTING, id="494 minus signs"),
        pytest.param(nested("-(", 40), MAX_NESTING, id="minus and parenthesis alternating"),
        pytest.param(nested("NOT (", 40), 5 * (MAX_NESTING // 2), id="NOT and parenthesis alternating"),
    ],
)
def test_nesting_past_the_limit_is_refused_where_it_crosses_it(text: str, position: int) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(text)
    assert (caught.value.reason, caught.value.position) == (TOO_DEEP, position)
    assert text[position] in "(N-"


def test_unbalanced_parentheses_are_reported_as_such_however_deep() -> None:
    """The parenthesis error wins over the depth one: it names what to fix, which is not the nesting."""
    unbalanced = [("(" * 5_000, "unclosed '('", 4_999), (nested("(", 5_000) + ")", "unmatched ')'", 10_005)]
    for text, reason, position in [*unbalanced, (nested("(", 5_000), TOO_DEEP, MAX_NESTING)]:
        with pytest.raises(QuerySyntaxError) as caught:
            parse_query(text)
        assert (caught.value.reason, caught.value.position) == (reason, position)


RADAR, GRAIN = {"Radar Talks Stall"}, {"Grain Exports Rise"}


@pytest.mark.parametrize(
    ("opener", "at_limit", "one_less"), [("(", RADAR, RADAR), ("NOT ", RADAR, GRAIN), ("-", RADAR, GRAIN)]
)
def test_nesting_at_the_limit_is_searched_and_one_level_more_is_refused(
    archive: Archive, opener: str, at_limit: set[str], one_less: set[str]
) -> None:
    assert titles(archive, nested(opener, MAX_NESTING)) == at_limit
    assert titles(archive, nested(opener, MAX_NESTING - 1)) == one_less
    with pytest.raises(QuerySyntaxError, match=TOO_DEEP):
        archive.search(nested(opener, MAX_NESTING + 1))


def test_the_deepest_tree_the_parser_allows_is_searched_highlighted_and_written_back(archive: Archive) -> None:
    text = nested("x OR radar (", MAX_NESTING, "x OR officials radar")
    query = parse_query(text)
    assert depth(query) == DEEPEST_TREE
    assert titles(archive, text) == RADAR
    assert match_spans(query, "Officials met about the radar.") == [(0, 9), (24, 29)]
    assert parse_query(format_query(query)) == query
    with pytest.raises(QuerySyntaxError, match=TOO_DEEP):
        parse_query(nested("x OR y (", MAX_NESTING + 1, "radar"))


RADAR_WORDS = ["radar", "officials", "talks", "stall"] * 2_500
"""Ten thousand words, each in the radar article; `OR` gets ten thousand different ones instead."""


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param(" OR ".join(["radar", *(f"w{number}" for number in range(9_999))]), Or, id="OR"),
        pytest.param(" AND ".join(RADAR_WORDS), And, id="AND"),
        pytest.param(" ".join(RADAR_WORDS), And, id="side by side"),
    ],
)
def test_ten_thousand_terms_make_one_flat_node_and_are_searched(
    archive: Archive, text: str, kind: type[And] | type[Or]
) -> None:
    query = parse_query(text)
    assert isinstance(query, kind) and len(query.items) == 10_000
    assert depth(query) == 2 and has_scored_terms(query)
    assert titles(archive, text) == RADAR
    assert parse_query(format_query(query)) == query


SYNTAX = ["(", ")", "-", "NOT ", "OR ", "AND ", " ", "a", "radar", '"', "title:", "date:2007", "*"]
deep_text = st.builds(
    nested, st.sampled_from(["(", "-", "NOT ", "-(", "NOT (", "x OR (", "(NOT "]), st.integers(0, 600), st.text()
)
any_text = st.one_of(
    st.text(),
    deep_text,
    st.lists(st.one_of(st.sampled_from(SYNTAX), deep_text), max_size=6).map("".join),
)


@settings(max_examples=200, deadline=None)
@given(text=any_text, as_you_type=st.booleans())
def test_any_text_is_searched_or_refused_with_a_query_syntax_error(
    archive: Archive, text: str, as_you_type: bool
) -> None:
    try:
        query = parse_query(text, as_you_type=as_you_type)
    except QuerySyntaxError as error:
        assert 0 <= error.position <= len(text)
        return
    assert depth(query) <= DEEPEST_TREE
    archive.search(text, as_you_type=as_you_type, limit=5)
    archive.facets(text, as_you_type=as_you_type)
    match_spans(query, "Officials met about the radar.")
    format_query(query)


def test_the_cli_refuses_494_nots_in_one_line_and_exits_2(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    assert cli("import", write_articles(tmp_path / "in")).code == 0
    result = cli("search", nested("NOT ", 494))
    assert (result.code, result.out, result.err) == (
        2,
        "",
        f"newsdesk: query nests deeper than {MAX_NESTING} levels at character {4 * MAX_NESTING + 1}\n",
    )
