"""Proximity (`w/5`, `NEAR/5`, `pre/5`, `"a b"~5`) and exact quoted words (issue 12, item 5).

The parser is checked row by row; the search through the real `newsdesk search --json` against an archive of
generated articles, every query's hits compared with a brute force over the article texts (split into words and
lower-cased), with stems, exact forms and prefixes spelled out here rather than asked of the store.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.archive import Archive
from store.errors import QuerySyntaxError
from store.query.parser import MAX_NESTING, format_query, parse_query
from store.query.proximity import MAX_DISTANCE
from store.query.tree import And, Near, Not, Or, Phrase, Prefix, Query, Term, has_scored_terms
from store.search import snippets, translate
from store.search.highlight import Highlighter, match_spans
from store.search.snippets import snippet
from tests.conftest import CliResult
from tui.cli import main

T, P = Term, Prefix


def E(word: str) -> Phrase:
    """One exact (quoted) word."""
    return Phrase((word,))


PARSED: list[tuple[str, Query]] = [
    ("rice w/5 gates", Near((T("rice"),), (T("gates"),), 5)),
    ("rice W/5 gates", Near((T("rice"),), (T("gates"),), 5)),
    ("rice NEAR/5 gates", Near((T("rice"),), (T("gates"),), 5)),
    ("rice near/5 gates", Near((T("rice"),), (T("gates"),), 5)),
    ("rice pre/5 gates", Near((T("rice"),), (T("gates"),), 5, ordered=True)),
    ("Rice PRE/1 Gates", Near((T("rice"),), (T("gates"),), 1, ordered=True)),
    (f"a w/{MAX_DISTANCE} b", Near((T("a"),), (T("b"),), MAX_DISTANCE)),
    ("a w/007 b", Near((T("a"),), (T("b"),), 7)),
    ('"rice gates"~5', Near((E("rice"),), (E("gates"),), 5)),
    ('"Rice, Gates."~2', Near((E("rice"),), (E("gates"),), 2)),
    ('title:"rice gates"~3', Near((E("rice"),), (E("gates"),), 3, field="title")),
    ("title:rice w/3 gates", Near((T("rice"),), (T("gates"),), 3, field="title")),
    ("rice w/3 body:gates", Near((T("rice"),), (T("gates"),), 3, field="body")),
    ("place:moscow w/2 talks", Near((T("moscow"),), (T("talks"),), 2, field="location")),
    ('"Greene" w/4 talks', Near((E("greene"),), (T("talks"),), 4)),
    ("tal* pre/2 gates", Near((P("tal"),), (T("gates"),), 2, ordered=True)),
    ("(rice OR powell) w/5 gat*", Near((T("rice"), T("powell")), (P("gat"),), 5)),
    ("((rice OR (powell))) w/5 gates", Near((T("rice"), T("powell")), (T("gates"),), 5)),
    ("rice w/2 gates talks", And((Near((T("rice"),), (T("gates"),), 2), T("talks")))),
    ("rice w/2 gates OR talks", Or((Near((T("rice"),), (T("gates"),), 2), T("talks")))),
    ("-rice w/2 gates", Not(Near((T("rice"),), (T("gates"),), 2))),
    ("NOT rice w/2 gates talks", And((Not(Near((T("rice"),), (T("gates"),), 2)), T("talks")))),
    ("talks AND rice w/2 gates", And((T("talks"), Near((T("rice"),), (T("gates"),), 2)))),
    ('"Greene"', E("greene")),
    ('"GREENE" greene', And((E("greene"), T("greene")))),
    ('"missile defense"', Phrase(("missile", "defense"))),
    ("title:w/5", T("w/5", "title")),
]


@pytest.mark.parametrize(("text", "expected"), PARSED)
def test_proximity_and_quotes_parse_to_the_expected_tree(text: str, expected: Query) -> None:
    query = parse_query(text)
    assert query == expected
    assert parse_query(format_query(query)) == query


def test_the_word_being_typed_is_also_a_prefix_inside_a_proximity() -> None:
    assert parse_query("rice w/5 ga", as_you_type=True) == Near((T("rice"),), (T("ga"), P("ga")), 5)


def test_proximity_is_written_back_in_one_canonical_spelling() -> None:
    assert format_query(parse_query("rice NEAR/5 gates")) == "rice w/5 gates"
    assert format_query(parse_query("Rice PRE/2 Gates")) == "rice pre/2 gates"
    assert format_query(parse_query('title:"rice gates"~3')) == 'title:"rice" w/3 title:"gates"'
    assert format_query(parse_query("place:a w/2 (b OR c*)")) == "place:a w/2 (place:b OR place:c*)"


ERRORS: list[tuple[str, str, int]] = [
    ("w/5 gates", "nothing before 'w/5'", 0),
    ("rice w/5", "nothing after 'w/5'", 5),
    ("rice w/5 OR gates", "nothing after 'w/5'", 5),
    ("(rice w/5) gates", "nothing after 'w/5'", 6),
    ("rice w/5 w/3 gates", "nothing after 'w/5'", 5),
    ("rice AND w/5 gates", "nothing after 'AND'", 5),
    ("rice w/0 gates", f"'w/0' needs a distance from 1 to {MAX_DISTANCE} words", 5),
    ("rice w/x gates", f"'w/x' needs a distance from 1 to {MAX_DISTANCE} words", 5),
    ("rice NEAR/ gates", f"'NEAR/' needs a distance from 1 to {MAX_DISTANCE} words", 5),
    (f"rice pre/{MAX_DISTANCE + 1} gates", f"'pre/{MAX_DISTANCE + 1}' needs a distance from 1 to", 5),
    ("rice w/-3 gates", "'w/-3' needs a distance", 5),
    ("rice w/5, gates", "'w/5,' needs a distance", 5),
    ('"rice gates"~0', "'~0' needs a distance", 12),
    ('"rice gates"~', "'~' needs a distance", 12),
    ('"rice gates"~x', "'~x' needs a distance", 12),
    ('"rice"~3', "'~3' needs exactly two quoted words", 0),
    ('a "rice gates talks"~3', "'~3' needs exactly two quoted words", 2),
    ('"u.s. gates"~3', "'~3' joins single words, and 'u.s' is more than one", 0),
    ('source:"voa rfe"~3', "'~' only works on words, not on 'source:'", 16),
    ("a w/5 b w/3 c", "one proximity per pair of words: write 'a w/5 b AND b w/3 c'", 8),
    ("a pre/5 b NEAR/3 c", "one proximity per pair of words", 10),
    ("rice w/5 (gates talks)", "'w/5' joins single words (or OR-groups of them)", 5),
    ('rice w/5 "gates talks"', "'w/5' joins single words (or OR-groups of them)", 5),
    ("rice w/5 -gates", "'w/5' joins single words (or OR-groups of them)", 5),
    ("rice w/5 source:voa", "'w/5' joins single words (or OR-groups of them)", 5),
    ("(a w/2 b) w/5 c", "'w/5' joins single words (or OR-groups of them)", 10),
    ("u.s. w/5 iran", "'w/5' joins single words, and 'u.s' is more than one", 5),
    ("title:rice w/5 body:gates", "'w/5' needs both words in the same field", 11),
]


@pytest.mark.parametrize(("text", "reason", "position"), ERRORS)
def test_malformed_proximities_say_what_and_where(text: str, reason: str, position: int) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(text)
    assert caught.value.reason.startswith(reason)
    assert caught.value.position == position


def nested(levels: int, core: str) -> str:
    return "(" * levels + core + ")" * levels


def test_the_nesting_limit_holds_around_and_inside_a_proximity() -> None:
    near = Near((T("rice"),), (T("gates"),), 2)
    assert parse_query(nested(MAX_NESTING, "rice w/2 gates")) == near
    assert parse_query(nested(MAX_NESTING - 1, "rice w/2 (gates)")) == near
    excluded = parse_query("-" * MAX_NESTING + "rice w/2 gates")
    for _ in range(MAX_NESTING):
        assert isinstance(excluded, Not)
        excluded = excluded.item
    assert excluded == near
    for text in (
        nested(MAX_NESTING + 1, "rice w/2 gates"),
        "rice w/2 " + nested(MAX_NESTING + 1, "gates"),
        "NOT " * (MAX_NESTING + 1) + "rice w/2 gates",
    ):
        with pytest.raises(QuerySyntaxError, match=f"nests deeper than {MAX_NESTING} levels"):
            parse_query(text)


def test_proximities_and_quoted_words_rank_by_relevance() -> None:
    assert has_scored_terms(parse_query("rice w/2 gates")) and has_scored_terms(parse_query('"greene"'))


STEMS: dict[str, tuple[str, ...]] = {
    "rice": ("rice", "rices"),
    "gate": ("gate", "gates"),
    "green": ("green", "greens", "greene"),
    "die": ("die", "dies", "died", "dying"),
    "talk": ("talk", "talks", "talked", "talking"),
    "powel": ("powell",),
}
"""Each stem and the forms of it the articles use: `greene` is a form of `green`, `dying` one of `die`."""
STEM_OF = {form: stem for stem, forms in STEMS.items() for form in forms}
FILLER = ("the", "minister", "of", "and", "visit", "said", "report", "on", "x" * 45)
"""Words no query asks for; the 45-letter one is too long to index, but still takes up a position."""
TITLE_WORDS = ("rice", "rices", "gates", "gate", "greene", "green", "talks", "minister")
BREAKS = (" ", " ", " ", ", ", ". ", " - ", "\n\n", " (", ") ")
WORD = re.compile(r"[^\W_]+")
FIELDS = {"title": "title", "body": "body", "place": "location"}


def article(rng: random.Random, number: int) -> str:
    """A plain-text article: a title, a dateline, and a body of query words among filler, oddly capitalised."""
    forms = [form for group in STEMS.values() for form in group]
    words = rng.choices([*forms, *FILLER], weights=[3] * len(forms) + [4] * len(FILLER), k=rng.randint(8, 60))
    cased = [rng.choice((word, word.capitalize(), word.upper())) for word in words]
    body = "".join(word + rng.choice(BREAKS) for word in cased).strip(" (-,")
    title = " ".join(word.capitalize() for word in rng.choices(TITLE_WORDS, k=3))
    place = rng.choice(("MOSCOW", "PRAGUE", "KABUL"))
    return f"{title} {number}\n\n{place}, October {number % 28 + 1}, 2007 (VOA) -- {body}.\n"


@dataclass(frozen=True)
class Corpus:
    """The generated archive and every article's words per text field, lower-cased."""

    path: Path
    words: dict[str, dict[str, list[str]]]
    """Article id -> field name (`title`, `body`, `location`) -> its words in order."""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    root = tmp_path_factory.mktemp("proximity")
    sources = root / "in"
    sources.mkdir()
    rng = random.Random(12)
    for number in range(70):
        (sources / f"{number:03d}.txt").write_text(article(rng, number), encoding="utf-8")
    with Archive.open(root / "archive.json", create=True) as archive:
        archive.import_paths([sources])
        records = list(archive.full_records(record["id"] for record in archive.records()))
    words = {
        record["id"]: {field: WORD.findall((record[field] or "").lower()) for field in FIELDS.values()}
        for record in records
    }
    yield Corpus(root / "archive.json", words)


@pytest.fixture
def search(corpus: Corpus, capsys: pytest.CaptureFixture[str]) -> Callable[[str], list[dict[str, Any]]]:
    """Every hit of `newsdesk search QUERY --json`, run in-process against the generated archive."""

    def run(query: str) -> list[dict[str, Any]]:
        result = cli(capsys, "--db", str(corpus.path), "search", query, "--json", "--limit", "1000")
        assert (result.code, result.err) == (0, "")
        return [orjson.loads(line) for line in result.out.splitlines()]

    return run


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> CliResult:
    capsys.readouterr()
    code = main(list(args))
    captured = capsys.readouterr()
    return CliResult(code, captured.out, captured.err)


Matcher = Callable[[str], bool]
Predicate = Callable[[dict[str, list[str]]], bool]


def stem(word: str) -> Matcher:
    """An unquoted word: any form of its stem."""
    return lambda token: STEM_OF.get(token) == STEM_OF[word]


def exact(word: str) -> Matcher:
    return lambda token: token == word


def prefix(start: str) -> Matcher:
    return lambda token: token.startswith(start)


def either(*matchers: Matcher) -> Matcher:
    return lambda token: any(matcher(token) for matcher in matchers)


def pairs(tokens: list[str], left: Matcher, right: Matcher, distance: int, ordered: bool) -> set[int]:
    """Positions of the words in every pair of distinct words `distance` or fewer apart (`left` first if
    `ordered`)."""
    found: set[int] = set()
    for i, first in enumerate(tokens):
        for j in range(max(0, i - distance), min(len(tokens), i + distance + 1)):
            gap = j - i if ordered else abs(j - i)
            if 0 < gap <= distance and left(first) and right(tokens[j]):
                found.update((i, j))
    return found


def near(left: Matcher, right: Matcher, distance: int, ordered: bool = False, *fields: str) -> Predicate:
    names = fields or tuple(FIELDS.values())
    return lambda article: any(pairs(article[name], left, right, distance, ordered) for name in names)


def has(matcher: Matcher, *fields: str) -> Predicate:
    names = fields or tuple(FIELDS.values())
    return lambda article: any(matcher(token) for name in names for token in article[name])


def found(corpus: Corpus, predicate: Predicate) -> set[str]:
    return {article_id for article_id, fields in corpus.words.items() if predicate(fields)}


RICE, GATES = stem("rice"), stem("gate")
ROWS: dict[str, Predicate] = {
    "rice w/1 gates": near(RICE, GATES, 1),
    "rice w/2 gates": near(RICE, GATES, 2),
    "RICE W/4 GATES": near(RICE, GATES, 4),
    "rice NEAR/4 gates": near(RICE, GATES, 4),
    "gates near/7 rices": near(RICE, GATES, 7),
    "rice pre/1 gates": near(RICE, GATES, 1, True),
    "rice pre/2 gates": near(RICE, GATES, 2, True),
    "gates PRE/3 rice": near(GATES, RICE, 3, True),
    "rice pre/6 gates": near(RICE, GATES, 6, True),
    '"rice gates"~2': near(exact("rice"), exact("gates"), 2),
    '"gates rice"~5': near(exact("rice"), exact("gates"), 5),
    'title:"rice gates"~2': near(exact("rice"), exact("gates"), 2, False, "title"),
    "body:rice w/3 gate": near(RICE, GATES, 3, False, "body"),
    "title:gate pre/2 rice": near(GATES, RICE, 2, True, "title"),
    "rice w/2 rice": near(RICE, RICE, 2),
    '"Greene" w/3 talk': near(exact("greene"), stem("talk"), 3),
    'die w/2 "rice"': near(stem("die"), exact("rice"), 2),
    'tal* pre/4 "gates"': near(prefix("tal"), exact("gates"), 4, True),
    "gre* w/2 di*": near(prefix("gre"), prefix("di"), 2),
    "dying w/3 powell": near(stem("die"), stem("powell"), 3),
    "(rice OR powell) w/2 gate*": near(either(RICE, stem("powell")), prefix("gate"), 2),
    "(rice OR gates) w/1 (rice OR gates)": near(either(RICE, GATES), either(RICE, GATES), 1),
    "rice w/2 gates -greene": lambda a: near(RICE, GATES, 2)(a) and not has(stem("greene"))(a),
    "NOT rice w/2 gates": lambda a: not near(RICE, GATES, 2)(a),
    "(rice pre/1 gates) OR (powell w/2 talk)": lambda a: (
        near(RICE, GATES, 1, True)(a) or near(stem("powell"), stem("talk"), 2)(a)
    ),
    nested(MAX_NESTING, "rice w/2 gates"): near(RICE, GATES, 2),
}


@pytest.mark.parametrize("query", list(ROWS))
def test_each_proximity_finds_exactly_the_articles_a_brute_force_finds(
    corpus: Corpus, search: Callable[[str], list[dict[str, Any]]], query: str
) -> None:
    expected = found(corpus, ROWS[query])
    assert expected and expected != set(corpus.words)
    assert {hit["id"] for hit in search(query)} == expected


def test_order_and_distance_change_what_is_found(corpus: Corpus) -> None:
    """The generated articles tell the rows apart, so each row checks what it claims to."""
    either_order, in_order = found(corpus, near(RICE, GATES, 2)), found(corpus, near(RICE, GATES, 2, True))
    assert in_order < either_order < found(corpus, near(RICE, GATES, 4)) < found(corpus, lambda a: has(RICE)(a))
    assert found(corpus, near(exact("rice"), exact("gates"), 2)) < either_order
    assert found(corpus, near(stem("die"), exact("rice"), 2)) > found(corpus, near(prefix("di"), exact("rice"), 2))


def test_a_quoted_word_is_exact_and_an_unquoted_one_matches_its_stem(
    corpus: Corpus, search: Callable[[str], list[dict[str, Any]]]
) -> None:
    quoted, unquoted = found(corpus, has(exact("greene"))), found(corpus, has(stem("green")))
    assert quoted and quoted < unquoted
    assert {hit["id"] for hit in search('"Greene"')} == quoted
    assert {hit["id"] for hit in search('"GREENE"')} == quoted
    assert {hit["id"] for hit in search("greene")} == unquoted
    assert {hit["id"] for hit in search("Greens")} == unquoted
    assert {hit["id"] for hit in search('"greens"')} == found(corpus, has(exact("greens")))
    assert {hit["id"] for hit in search('title:"greene"')} == found(corpus, has(exact("greene"), "title"))


def marked_words(snippet_text: str, highlights: list[list[int]]) -> list[str]:
    return [word.lower() for start, end in highlights for word in WORD.findall(snippet_text[start:end])]


def test_snippets_mark_only_the_exact_forms_of_quoted_words(search: Callable[[str], list[dict[str, Any]]]) -> None:
    quoted = [word for hit in search('"Greene"') for word in marked_words(hit["snippet"], hit["highlights"])]
    unquoted = [word for hit in search("greene") for word in marked_words(hit["snippet"], hit["highlights"])]
    assert quoted and set(quoted) == {"greene"}
    assert set(unquoted) == {"green", "greens", "greene"}


@pytest.mark.parametrize(
    ("query", "left", "right"),
    [
        ("rice w/2 gates", RICE, GATES),
        ('"rice gates"~3', exact("rice"), exact("gates")),
        ('"Greene" w/3 talk', exact("greene"), stem("talk")),
        ("tal* pre/4 gates", prefix("tal"), GATES),
    ],
)
def test_snippets_mark_the_words_of_a_proximity(
    search: Callable[[str], list[dict[str, Any]]], query: str, left: Matcher, right: Matcher
) -> None:
    hits = search(query)
    marked = [marked_words(hit["snippet"], hit["highlights"]) for hit in hits if hit["highlights"]]
    assert marked and all(left(word) or right(word) for words in marked for word in words)


BODY = (
    "Rice met Gates. The minister said Gates later met Rice and the minister of greens, dying. "
    "Greene talked; greens talk. Rices visited the report on gates."
)


def marked(query: str, text: str = BODY) -> list[str]:
    return [text[start:end] for start, end in match_spans(parse_query(query), text)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rice w/2 gates", ["Rice", "Gates"]),
        ("rice w/3 gates", ["Rice", "Gates", "Gates", "Rice"]),
        ("gates pre/3 rice", ["Gates", "Rice"]),
        ("rice pre/2 gates", ["Rice", "Gates"]),
        ('"greene"', ["Greene"]),
        ("greene", ["greens", "Greene", "greens"]),
        ('"Greene" w/1 talk', ["Greene talked"]),
        ("green w/1 talk", ["Greene talked", "greens talk"]),
        ('"greens talk"~1', ["greens talk"]),
        ("die w/4 greene", ["greens", "dying", "Greene", "greens"]),
        ("rice w/1 gates", []),
        ("title:rice w/2 gates", []),
        ("-(rice w/2 gates) minister", ["minister", "minister"]),
    ],
)
def test_highlights_mark_exactly_the_words_a_proximity_or_quote_matched(query: str, expected: list[str]) -> None:
    assert marked(query) == expected


texts = st.lists(
    st.sampled_from([*(form for forms in STEMS.values() for form in forms), *FILLER[:-1]]), min_size=0, max_size=40
).flatmap(lambda words: st.tuples(st.just(words), st.lists(st.sampled_from(BREAKS), min_size=max(len(words), 1))))
QUERIES: dict[str, tuple[Matcher, Matcher, int, bool]] = {
    "rice w/3 gates": (RICE, GATES, 3, False),
    "rice pre/2 gates": (RICE, GATES, 2, True),
    '"greene" w/4 talk': (exact("greene"), stem("talk"), 4, False),
    "di* pre/5 rice": (prefix("di"), RICE, 5, True),
    "rice w/2 rice": (RICE, RICE, 2, False),
}


@settings(max_examples=300, deadline=None)
@given(text=texts, query=st.sampled_from(list(QUERIES)))
def test_highlights_mark_the_words_of_every_pair_and_no_other(text: tuple[list[str], list[str]], query: str) -> None:
    words, breaks = text
    body = "".join(word + breaks[n] for n, word in enumerate(words))
    left, right, distance, ordered = QUERIES[query]
    positions = [match for match in WORD.finditer(body)]
    expected = pairs([match.group() for match in positions], left, right, distance, ordered)
    spans = match_spans(parse_query(query), body)
    covered = {n for n, match in enumerate(positions) if any(a <= match.start() < b for a, b in spans)}
    assert covered == expected


@settings(max_examples=100, deadline=None)
@given(lead_in=st.integers(min_value=0, max_value=400), gap=st.integers(min_value=0, max_value=4))
def test_a_proximity_snippet_is_chosen_from_the_whole_body(lead_in: int, gap: int) -> None:
    """A pair can straddle the cut of the opening the snippets otherwise read first: they must still see it."""
    body = "the minister said " * lead_in + "rice " + "of " * gap + "gates said the report. " * 3
    highlighter = Highlighter.for_query(parse_query("rice w/5 gates"))
    assert highlighter is not None and highlighter.has_proximity
    with_opening = snippet(body, highlighter)
    with mock.patch.object(snippets, "OPENING_CHARS", len(body) + 1):
        assert snippet(body, highlighter) == with_opening
    assert {"rice", "gates"} <= set(marked_words(with_opening.text, [list(span) for span in with_opening.highlights]))


def test_a_proximity_over_more_index_terms_than_tantivy_takes_keeps_the_most_frequent(
    corpus: Corpus, search: Callable[[str], list[dict[str, Any]]]
) -> None:
    """tantivy refuses a regex phrase of more than 16,384 terms; past the budget the rarest are dropped, not the
    search."""
    every = found(corpus, near(prefix("t"), prefix("r"), 3))
    with mock.patch.object(translate, "MAX_EXPANSIONS", 3):
        within_budget = {hit["id"] for hit in search("t* w/3 r*")}
    assert within_budget and within_budget < every


@pytest.fixture(scope="module")
def opened(corpus: Corpus) -> Iterator[Archive]:
    """The generated archive, open for the property test below (which searches too often for the CLI)."""
    with Archive.open(corpus.path) as archive:
        yield archive


OPERANDS = ["rice", "GATES", '"greene"', "di*", "title:rice", "(rice OR gates)", "u.s", "x" * 45, "-rice"] * 3
OPERANDS += ['"rice gates"~2', '"a"~0', "w/", '"', "(", ")", ""]
JOINS = [" ", " w/3 ", " NEAR/2 ", " pre/1 "] * 3 + [" PRE/", " W/0 ", " OR ", " AND ", " NOT ", "", ")", "("]
proximity_text = st.lists(st.tuples(st.sampled_from(OPERANDS), st.sampled_from(JOINS)), max_size=6).map(
    lambda pieces: "".join(operand + join for operand, join in pieces)
)


@settings(max_examples=300, deadline=None)
@given(text=proximity_text, as_you_type=st.booleans())
def test_any_text_with_proximity_parses_searches_and_writes_back_or_is_refused_in_place(
    opened: Archive, text: str, as_you_type: bool
) -> None:
    try:
        query = parse_query(text, as_you_type=as_you_type)
    except QuerySyntaxError as error:
        assert 0 <= error.position <= len(text)
        return
    opened.search(text, as_you_type=as_you_type, limit=3)
    match_spans(query, BODY)
    if not as_you_type:
        assert parse_query(format_query(query)) == query
