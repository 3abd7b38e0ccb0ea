"""Snippets never split a sentence on an abbreviation (`U.S.`, `Sen.`, `F.`): the cut would leave "The U.S."."""

from __future__ import annotations

from store.query.parser import parse_query
from store.search.highlight import Highlighter
from store.search.snippets import snippet

ARMY = (
    "The U.S. Army awarded a contract worth $4.2 billion to a consortium led by the defense firm on Tuesday, "
    "officials in Washington said, ending a competition for the new radar that had run for more than three years "
    "and drawn bids from five companies.\n\nThe Pentagon will announce the details next week."
)


def test_the_opening_is_not_cut_after_the_u_s() -> None:
    assert snippet(ARMY, None).text != "The U.S."
    assert snippet(ARMY, None).text.startswith("The U.S. Army awarded a contract")


def test_a_window_does_not_stop_at_an_abbreviation() -> None:
    excerpt = snippet(
        "Officials said it. " + ARMY.replace("\n\n", " "), Highlighter.for_query(parse_query("officials"))
    )
    assert not excerpt.text.endswith("The U.S."), excerpt.text


def test_a_window_does_not_start_after_an_abbreviation() -> None:
    body = "Filler words here. " * 12 + "Sen. John F. Kennedy Jr. of the U.S. Senate opposed the radar plan today."
    excerpt = snippet(body, Highlighter.for_query(parse_query("radar")))
    assert excerpt.text.startswith("Sen. John F. Kennedy") or excerpt.text.startswith("…"), excerpt.text
