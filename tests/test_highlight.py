"""The highlighter and snippets: the words a query matched, found the way the index matched them."""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.query.parser import parse_query
from store.search import snippets
from store.search.highlight import Highlighter, match_spans
from store.search.snippets import ELLIPSIS, SNIPPET_CHARS, snippet

TEXT = (
    "Defenses held. The missile-defense plan stalled; a Missile test followed. "
    "Ministers met the minister in Zürich and in Zurich. Happiness was rare."
)


def marked(query: str, text: str = TEXT, field: str = "body") -> list[str]:
    return [text[start:end] for start, end in match_spans(parse_query(query), text, field)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("defense", ["Defenses", "defense"]),
        ("missile defense", ["Defenses", "missile-defense", "Missile"]),
        ("missile", ["missile", "Missile"]),
        ("minist*", ["Ministers", "minister"]),
        ('"missile test"', ["Missile test"]),
        ("zurich", ["Zürich", "Zurich"]),
        ("happy", ["Happiness"]),
        ("missile -test", ["missile", "Missile"]),
        ("title:missile", []),
        ("source:voa date:2007", []),
        ("missile OR happy", ["missile", "Missile", "Happiness"]),
    ],
)
def test_marks_exactly_the_matched_words(query: str, expected: list[str]) -> None:
    assert marked(query) == expected


def test_a_field_highlighter_marks_only_its_field_terms() -> None:
    title = "Missile Defense Talks"
    assert marked("title:missile body:talks", text=title, field="title") == ["Missile"]
    assert marked("title:missile defense", text=title, field="title") == ["Missile Defense"]


def test_no_positive_words_means_no_highlighter() -> None:
    assert Highlighter.for_query(parse_query("-missile source:voa")) is None


def test_snippet_is_the_window_with_most_matched_words_and_offsets_point_at_them() -> None:
    filler = "Nothing of note happened on that day at all. " * 12
    body = f"{filler}The radar was mentioned once.\n\n{filler}The radar and the shield were both discussed. {filler}"
    excerpt = snippet(body, Highlighter.for_query(parse_query("radar shield")))
    assert excerpt.text.startswith("The radar and the shield were both discussed. Nothing")
    assert len(excerpt.text) <= SNIPPET_CHARS
    assert [excerpt.text[a:b] for a, b in excerpt.highlights] == ["radar", "shield"]


def test_long_sentence_is_cut_with_an_ellipsis_and_fits() -> None:
    body = "word " * 200 + "radar " + "word " * 200
    excerpt = snippet(body, Highlighter.for_query(parse_query("radar")))
    assert len(excerpt.text) <= SNIPPET_CHARS + 2 * len(ELLIPSIS)
    assert excerpt.text.startswith(ELLIPSIS) and excerpt.text.endswith(ELLIPSIS)
    assert [excerpt.text[a:b] for a, b in excerpt.highlights] == ["radar"]


def test_without_matches_the_snippet_is_the_opening() -> None:
    body = "First sentence here. Second sentence here.\n\nAnother paragraph."
    excerpt = snippet(body, None)
    assert (excerpt.text, excerpt.highlights) == ("First sentence here. Second sentence here. Another paragraph.", ())


MATCHED = ("prime", "minister", "said", "sanctions", "security", "talks", "plan", "Zürich", "stated")
FILLER = ("the", "of", "a", "and", "for", "in", "on", "to", "was", "with", "by", "at", "it")
QUERIES = ("s*", "p*", '"prime minister"', "prime minister", "sanctions", "talks plan", "zurich", "said -talks")


@settings(max_examples=400, deadline=None)
@given(
    lead_in=st.integers(min_value=0, max_value=500),
    words=st.lists(st.sampled_from(MATCHED + FILLER * 3), min_size=20, max_size=600),
    breaks=st.lists(st.sampled_from([" ", " ", " ", ". ", "\n\n", "  ", "-"]), min_size=1),
    query=st.sampled_from(QUERIES),
)
def test_a_snippet_from_the_opening_is_the_one_the_whole_body_gives(
    lead_in: int, words: list[str], breaks: list[str], query: str
) -> None:
    """Matches start anywhere (after `lead_in` unmatched words), so some fall near where the opening is cut."""
    words = [FILLER[n % len(FILLER)] for n in range(lead_in)] + words
    body = "".join(word + breaks[n % len(breaks)] for n, word in enumerate(words))
    highlighter = Highlighter.for_query(parse_query(query))
    from_the_opening = snippet(body, highlighter)
    with mock.patch.object(snippets, "OPENING_CHARS", len(body) + 1):
        assert snippet(body, highlighter) == from_the_opening
