"""The query language: exact trees for what people type, exact errors for what they get wrong, and properties
that hold for any text (never a crash) and any valid query (text → tree → text → the same tree)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.errors import QuerySyntaxError
from store.query.parser import format_query, parse_query
from store.query.tree import (
    And,
    DateRange,
    Exact,
    Is,
    MatchAll,
    Not,
    Or,
    Phrase,
    Prefix,
    Query,
    Tag,
    Term,
    TextField,
    has_scored_terms,
)

D = dt.date
T = Term

PARSED: list[tuple[str, Query]] = [
    ("missile defense", And((T("missile"), T("defense")))),
    ('"missile defense"', Phrase(("missile", "defense"))),
    ('"Missile"', Phrase(("missile",))),
    ("missile OR shield", Or((T("missile"), T("shield")))),
    ("(a OR b) c", And((Or((T("a"), T("b"))), T("c")))),
    ("-iran", Not(T("iran"))),
    ("NOT iran", Not(T("iran"))),
    ('-"a b"', Not(Phrase(("a", "b")))),
    ("-(a OR b)", Not(Or((T("a"), T("b"))))),
    ("-source:voa", Not(Exact("source", "voa"))),
    ("--a", Not(Not(T("a")))),
    ("missil*", Prefix("missil")),
    ("title:putin", T("putin", "title")),
    ("body:radar", T("radar", "body")),
    ("byline:Smith", T("smith", "byline")),
    ('title:"a b"', Phrase(("a", "b"), "title")),
    ('title:"Putin"', Phrase(("putin",), "title")),
    ("title:mis*", Prefix("mis", "title")),
    ("title:a:b", T("a:b", "title")),
    ("source:RFE/RL", Exact("source", "rfe/rl")),
    ("site:globalsecurity.org", Exact("site", "globalsecurity.org")),
    ('source:"American  Forces Press Service"', Exact("source", "american forces press service")),
    ("date:2007", DateRange(D(2007, 1, 1), D(2008, 1, 1))),
    ("date:2007-10", DateRange(D(2007, 10, 1), D(2007, 11, 1))),
    ("date:2007-12", DateRange(D(2007, 12, 1), D(2008, 1, 1))),
    ("date:2007-10-12", DateRange(D(2007, 10, 12), D(2007, 10, 13))),
    ("date:2008-02-29", DateRange(D(2008, 2, 29), D(2008, 3, 1))),
    ("date:2007-01..2007-06", DateRange(D(2007, 1, 1), D(2007, 7, 1))),
    ("date:2007..2007", DateRange(D(2007, 1, 1), D(2008, 1, 1))),
    ("date:2007..", DateRange(D(2007, 1, 1), None)),
    ("date:..2008-03", DateRange(None, D(2008, 4, 1))),
    ("after:2007-10-01", DateRange(D(2007, 10, 1), None)),
    ("before:2008", DateRange(None, D(2008, 1, 1))),
    ("tag:Starred", Tag("starred")),
    ("is:unread", Is("unread")),
    ("is:read", Is("read")),
    ("is:starred", Tag("starred")),
    ("U.S.", T("u.s")),
    ("missile-defense", T("missile-defense")),
    ("O'Brien", T("o'brien")),
    ("2007", T("2007")),
    ("Müller Крым", And((T("müller"), T("крым")))),
    ("12:30", T("12:30")),
    ("defense, missile.", And((T("defense"), T("missile")))),
    ("a , & b", And((T("a"), T("b")))),
    ("a - b", And((T("a"), T("b")))),
    ("+a", T("a")),
    ("+title:x", T("x", "title")),
    (":a-b", T("a-b")),
    ("", MatchAll()),
    (" \t\n", MatchAll()),
    (", &", MatchAll()),
]


@pytest.mark.parametrize(("text", "expected"), PARSED)
def test_parses_to_the_expected_tree(text: str, expected: Query) -> None:
    assert parse_query(text) == expected


PRECEDENCE: list[tuple[str, Query]] = [
    ("a b OR c", Or((And((T("a"), T("b"))), T("c")))),
    ("a OR b c", Or((T("a"), And((T("b"), T("c")))))),
    ("a AND b OR c AND d", Or((And((T("a"), T("b"))), And((T("c"), T("d")))))),
    ("a AND b", And((T("a"), T("b")))),
    ("NOT a b", And((Not(T("a")), T("b")))),
    ("NOT a OR b", Or((Not(T("a")), T("b")))),
    ("-a OR b", Or((Not(T("a")), T("b")))),
    ("NOT NOT a", Not(Not(T("a")))),
    ("a (b OR c) d", And((T("a"), Or((T("b"), T("c"))), T("d")))),
    ("(a b) c", And((T("a"), T("b"), T("c")))),
    ("a OR (b OR c)", Or((T("a"), T("b"), T("c")))),
    ("((a))", T("a")),
    ("a OR -b", Or((T("a"), Not(T("b"))))),
]


@pytest.mark.parametrize(("text", "expected"), PRECEDENCE)
def test_not_binds_tighter_than_and_which_binds_tighter_than_or(text: str, expected: Query) -> None:
    assert parse_query(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("war or peace", And((T("war"), T("or"), T("peace")))),
        ("war and not peace", And((T("war"), T("and"), T("not"), T("peace")))),
        ("Or", T("or")),
        ('"OR"', Phrase(("or",))),
        ("OR*", Prefix("or")),
    ],
)
def test_keywords_count_only_in_upper_case(text: str, expected: Query) -> None:
    assert parse_query(text) == expected


def test_words_fields_and_values_are_case_insensitive() -> None:
    assert parse_query("TITLE:Putin SOURCE:VOA Date:2007 IS:Unread TAG:X") == parse_query(
        "title:putin source:voa date:2007 is:unread tag:x"
    )


ERRORS: list[tuple[str, str, int]] = [
    ('"missile', "unclosed quote", 0),
    ('a "b" "c', "unclosed quote", 6),
    ("(a OR", "unclosed '('", 0),
    ("(a (b) c", "unclosed '('", 0),
    ("a)", "unmatched ')'", 1),
    ("()", "empty parentheses", 0),
    ("a ( , )", "empty parentheses", 2),
    ("a OR", "nothing after 'OR'", 2),
    ("a OR OR b", "nothing after 'OR'", 2),
    ("OR a", "nothing before 'OR'", 0),
    ("(OR a)", "nothing before 'OR'", 1),
    ("a AND", "nothing after 'AND'", 2),
    ("AND a", "nothing before 'AND'", 0),
    ("a AND OR b", "nothing after 'AND'", 2),
    ("NOT", "nothing after 'NOT'", 0),
    ("a NOT NOT", "nothing after 'NOT'", 6),
    ("(a NOT)", "nothing after 'NOT'", 3),
    ("-,", "nothing after '-'", 0),
    ("-OR", "nothing after '-'", 0),
    ("*", "'*' needs letters before it", 0),
    ("a -*", "'*' needs letters before it", 3),
    ("a**", "'*' can only end a word", 1),
    ("mis*ile", "'*' can only end a word", 3),
    ("title:*", "'*' needs letters before it", 6),
    (
        "a Colour:red",
        "unknown field 'colour' (fields: title, body, byline, place, note, source, site, date, after, before, tag, is, "
        "has)",
        2,
    ),
    ("http://example.com", "unknown field 'http'", 0),
    (":a:0*", "unknown field 'a'", 1),
    ("title:", "'title:' needs a value", 6),
    ("title: putin", "'title:' needs a value", 6),
    ('title:""', "'title:' needs a value", 6),
    ("title:,", "'title:' needs a value", 6),
    ("source:", "'source:' needs a value", 7),
    ('source:" "', "'source:' needs a value", 7),
    ("source:voa*", "'*' only works on words, not on 'source:'", 10),
    ("SOURCE:İİ*", "'*' only works on words, not on 'source:'", 9),
    ("date:2007-13", "impossible date '2007-13'", 5),
    ("date:2007-00", "impossible date '2007-00'", 5),
    ("date:2007-02-30", "impossible date '2007-02-30'", 5),
    ("date:2007-02-29", "impossible date '2007-02-29'", 5),
    ("date:0000", "impossible date '0000'", 5),
    ("date:07", "'07' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)", 5),
    ("date:yesterday", "'yesterday' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)", 5),
    ("date:2007-1-5", "'2007-1-5' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)", 5),
    ("date:2008..2007", "date range '2008..2007' ends before it starts", 5),
    ("date:2007-02..2007-1x", "'2007-1x' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)", 14),
    ("date:..", "date range needs a start or an end", 5),
    ("after:2007..", "'2007..' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)", 6),
    ("before:2007-02-30", "impossible date '2007-02-30'", 7),
    ("is:new", "unknown value 'new' for 'is:' (read, unread, starred)", 3),
]


@pytest.mark.parametrize(("text", "reason", "position"), ERRORS)
def test_malformed_queries_say_what_and_where(text: str, reason: str, position: int) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(text)
    assert caught.value.reason.startswith(reason)
    assert caught.value.position == position
    assert str(caught.value) == f"{caught.value.reason} at character {position + 1}"


def test_unknown_field_message_is_complete() -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query("colour:red")
    assert str(caught.value) == (
        "unknown field 'colour' (fields: title, body, byline, place, note, source, site, date, after, before, tag, is, "
        "has) at character 1"
    )


def test_unbalanced_parentheses_are_reported_before_what_they_break() -> None:
    with pytest.raises(QuerySyntaxError, match="unclosed '\\('"):
        parse_query("(a OR")


def typed_so_far(word: str, field: TextField | None = None) -> Or:
    return Or((Term(word, field), Prefix(word, field)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("missile def", And((T("missile"), typed_so_far("def")))),
        ("def", typed_so_far("def")),
        ("Def,", typed_so_far("def")),
        ("title:pu", typed_so_far("pu", "title")),
        ("a OR de", Or((T("a"), T("de"), Prefix("de")))),
        ("missile def ", And((T("missile"), T("def")))),
        ("def*", Prefix("def")),
        ('"missile def"', Phrase(("missile", "def"))),
        ('"def"', Phrase(("def",))),
        ("a -def", And((T("a"), Not(T("def"))))),
        ("NOT def", Not(T("def"))),
        ("a - def", And((T("a"), typed_so_far("def")))),
        ("source:vo", Exact("source", "vo")),
        ("tag:sta", Tag("sta")),
        ("(a def)", And((T("a"), T("def")))),
        ("a OR", None),
        ("", MatchAll()),
        ("a ,", T("a")),
    ],
)
def test_as_you_type_the_last_bare_word_is_also_a_prefix(text: str, expected: Query | None) -> None:
    if expected is None:
        with pytest.raises(QuerySyntaxError):
            parse_query(text, as_you_type=True)
    else:
        assert parse_query(text, as_you_type=True) == expected


def test_as_you_type_off_keeps_the_last_word_exact() -> None:
    assert parse_query("missile def") == And((T("missile"), T("def")))


@pytest.mark.parametrize(
    ("query", "text"),
    [
        (MatchAll(), ""),
        (T("or"), "or"),
        (Phrase(("title:x",)), '"title:x"'),
        (Phrase(("a(b",)), '"a(b"'),
        (And((Exact("source", "voa"), Tag("starred"), Is("unread"))), "source:voa tag:starred is:unread"),
        (Exact("source", "american forces press service"), 'source:"american forces press service"'),
        (Tag("a*"), 'tag:"a*"'),
        (And((T("a"), Or((T("b"), T("c"))))), "a (b OR c)"),
        (Or((And((T("a"), T("b"))), T("c"))), "a b OR c"),
        (Not(And((T("a"), T("b")))), "-(a b)"),
        (Not(Phrase(("a", "b"), "title")), '-title:"a b"'),
        (DateRange(D(2007, 1, 1), D(2008, 1, 1)), "date:2007"),
        (DateRange(D(2007, 1, 1), D(2007, 2, 1)), "date:2007-01"),
        (DateRange(D(2007, 1, 1), D(2007, 7, 1)), "date:2007-01..2007-06"),
        (DateRange(D(2007, 3, 5), D(2009, 1, 1)), "date:2007-03-05..2008"),
        (DateRange(D(2007, 10, 1), None), "after:2007-10"),
        (DateRange(None, D(2008, 4, 1)), "before:2008-04"),
        (DateRange(D(999, 1, 1), None), "after:0999"),
        (And((MatchAll(), Not(T("iran")))), "-iran"),
    ],
)
def test_format_writes_canonical_text(query: Query, text: str) -> None:
    assert format_query(query) == text


@pytest.mark.parametrize(
    "query",
    [Or((T("a"), MatchAll())), Not(MatchAll()), DateRange(None, None), Not(DateRange(None, None)), T("a(b")],
)
def test_format_refuses_trees_the_language_cannot_say(query: Query) -> None:
    with pytest.raises(ValueError):
        format_query(query)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("missile", True),
        ('"a b"', True),
        ("mis*", False),
        ("mis* OR title:x", True),
        ("source:voa date:2007", False),
        ("-iran", False),
        ("tag:x OR -(a b)", False),
        ("tag:x OR (-a b)", True),
        ("", False),
    ],
)
def test_scored_terms_ignore_filters_exclusions_and_bare_prefixes(text: str, expected: bool) -> None:
    assert has_scored_terms(parse_query(text)) is expected


SYNTAX_PIECES = [
    *"aBü Й9 \t\n\"():-*.,'&+",
    "OR",
    "AND",
    "NOT",
    "..",
    "title:",
    "source:",
    "date:",
    "after:",
    "is:",
    "tag:",
    "2007",
    "-12",
    "İ",
    "ΑΣ",
]
any_text = st.one_of(st.text(), st.lists(st.sampled_from(SYNTAX_PIECES), max_size=20).map("".join))


@settings(max_examples=300, deadline=None)
@given(text=any_text, as_you_type=st.booleans())
def test_any_text_parses_or_raises_a_query_syntax_error(text: str, as_you_type: bool) -> None:
    try:
        query = parse_query(text, as_you_type=as_you_type)
    except QuerySyntaxError as error:
        assert 0 <= error.position <= len(text)
        assert str(error).endswith(f" at character {error.position + 1}")
        return
    if not as_you_type:
        assert parse_query(format_query(query)) == query


letters = st.text(alphabet="abcxyzéüжк19", min_size=1, max_size=6)
word = st.builds("".join, st.tuples(letters, st.sampled_from(["", "'", "-", "."]), letters))
prefixed = word.map(lambda text: text + "*")
quoted = st.lists(word, min_size=1, max_size=3).map(lambda words: '"' + " ".join(words) + '"')
value = st.one_of(
    st.sampled_from(["voa", "rfe/rl", "globalsecurity.org", "Press-TV"]),
    st.lists(letters, min_size=1, max_size=3).map(lambda words: '"' + " ".join(words) + '"'),
)


@st.composite
def date_filters(draw: st.DrawFn) -> str:
    first, last = sorted(
        draw(st.lists(st.dates(min_value=D(1000, 1, 1), max_value=D(9998, 12, 31)), min_size=2, max_size=2))
    )
    low = first.isoformat()[: draw(st.sampled_from([4, 7, 10]))]
    high = last.isoformat()[: draw(st.sampled_from([4, 7, 10]))]
    shape = draw(st.sampled_from(["date:{0}", "date:{0}..{1}", "date:{0}..", "date:..{1}", "after:{0}", "before:{1}"]))
    return shape.format(low, high)


atoms = st.one_of(
    word,
    prefixed,
    quoted,
    st.tuples(st.sampled_from(["title", "body", "Byline"]), st.one_of(word, prefixed, quoted)).map(":".join),
    st.tuples(st.sampled_from(["source", "site", "tag"]), value).map(":".join),
    st.sampled_from(["is:read", "is:unread", "IS:Starred"]),
    date_filters(),
)


def _compound(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(inner, min_size=2, max_size=3).map(" ".join),
        st.lists(inner, min_size=2, max_size=3).map(" OR ".join),
        st.tuples(inner, inner).map(" AND ".join),
        inner.map(lambda text: f"({text})"),
        inner.map(lambda text: f"-{text}"),
        inner.map(lambda text: f"NOT {text}"),
    )


valid_queries = st.recursive(atoms, _compound, max_leaves=10)


@settings(max_examples=300, deadline=None)
@given(text=valid_queries)
def test_formatted_queries_parse_back_to_the_same_tree(text: str) -> None:
    query = parse_query(text)
    assert parse_query(format_query(query)) == query
