"""Plain-text layouts beyond the page scrape: wire printouts, wire tags, service lines, byline blocks, hard wraps.

Each case is built inline from a body nobody's rule was written against, in the variants a family of files
shows (every date-line form, every tag, every service), so a rule keyed to one sample fails here. The sample
files of the same families, with all their fields, are in `fixtures/articles/` (see `tests/test_parser.py`).
"""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.errors import ParseError
from store.ingest import boilerplate
from store.ingest.readers.text import READER, parse_article
from store.model import ParsedArticle

PARAGRAPHS = (
    "Harbour officials said on Tuesday that a new container crane had been delivered by sea from the "
    "manufacturer and would be in service before the end of the month, easing queues at the busiest berth.",
    "The crane can lift two containers at once. Dock workers will be trained to operate it over the coming "
    "weeks, the port authority said in a statement issued after the delivery.",
    "Shipping lines had complained that vessels were waiting up to three days for a berth during the "
    "autumn peak, when imports of consumer goods are at their highest.",
    '"This is the first of four cranes we have ordered," the port\'s director told reporters. "The others '
    'will follow next year."',
)
LEAD = "Harbour officials said on Tuesday that a new container crane"
HEADLINE = "PORT TAKES DELIVERY OF NEW CRANE"
TITLE = "Port Takes Delivery Of New Crane"


def wire_body(dateline: str, width: int = 65) -> str:
    """The paragraphs hard-wrapped at `width`, each first line indented, the first opening with `dateline`."""
    lines: list[str] = []
    for number, paragraph in enumerate(PARAGRAPHS):
        text = f"{dateline}{paragraph}" if number == 0 else paragraph
        lines += textwrap.wrap(text, width, initial_indent="    ", break_on_hyphens=False)
    return "\n".join(lines) + "\n"


def page_body(dateline: str = "") -> str:
    """The paragraphs one per line between blank lines, the first opening with `dateline`."""
    return "\n\n".join([dateline + PARAGRAPHS[0], *PARAGRAPHS[1:]]) + "\n"


def parse(text: str) -> ParsedArticle:
    article = READER.parse(text.encode("utf-8"))
    paragraphs = article.body.split("\n\n")
    assert all(paragraph and "\n" not in paragraph for paragraph in paragraphs)
    return article


@pytest.mark.parametrize(
    "date_line",
    ["3-MAR-1987", " 3-MAR-1987 09:18:21.26", "03/03/1987", "March 3, 1987", "1987-03-03 14:02", "03-Mar-1987"],
)
def test_wire_printout_date_line_above_a_capitals_headline(date_line: str) -> None:
    article = parse(f"{date_line}\n\n{HEADLINE}\n\n" + wire_body("ROTTERDAM, March 3 - "))
    assert article.title == HEADLINE
    assert (article.date, article.date_text) == ("1987-03-03", date_line.strip())
    assert article.location == "ROTTERDAM"
    assert article.source is None
    assert article.body.split("\n\n") == list(PARAGRAPHS)


def test_wire_sign_off_names_the_source_and_leaves_the_body() -> None:
    article = parse(f"3-MAR-1987\n\n{HEADLINE}\n\n" + wire_body("ROTTERDAM, March 3 - ") + " Reuter\n")
    assert article.source == "Reuter"
    assert not article.body.endswith("Reuter")


@pytest.mark.parametrize(
    "tag", ["CORRECTED", "UPDATE 2", "REFILE", "RPT", "URGENT", "FLASH", "BULLETIN", "ADVISORY", "WRAPUP 1"]
)
def test_wire_tag_lines_are_neither_title_nor_place(tag: str) -> None:
    above = parse(f"March 3, 1987\n\n{tag}\n\n{HEADLINE}\n\n" + wire_body("ROTTERDAM, March 3 - "))
    before_dateline = parse(f"{HEADLINE}\n\n" + wire_body(f"{tag} - ROTTERDAM, March 3 - "))
    for article in (above, before_dateline):
        assert article.title == HEADLINE
        assert article.location == "ROTTERDAM"
        assert article.body.startswith(LEAD)


@pytest.mark.parametrize(
    ("headline", "title"),
    [
        ("UPDATE 2-Port takes delivery of new crane", "Port takes delivery of new crane"),
        ("CORRECTED-UPDATE 1-Port takes delivery of new crane", "Port takes delivery of new crane"),
        ("REFILE-Port takes delivery of new crane", "Port takes delivery of new crane"),
        ("RPT-UPDATE 3-PORT TAKES DELIVERY OF NEW CRANE", "PORT TAKES DELIVERY OF NEW CRANE"),
        ("URGENT: Port takes delivery of new crane", "Port takes delivery of new crane"),
        ("FLASH FLOODS CLOSE PORT ROADS", "FLASH FLOODS CLOSE PORT ROADS"),
        ("FLASH-FLOOD WARNING FOR PORT", "FLASH-FLOOD WARNING FOR PORT"),
        ("Update on the crane delivery", "Update on the crane delivery"),
    ],
)
def test_wire_tags_prefixed_to_a_headline_are_stripped_and_words_are_not(headline: str, title: str) -> None:
    assert parse(f"{headline}\n\n" + page_body("ROTTERDAM, March 3 (Reuters) - ")).title == title


@pytest.mark.parametrize(
    "service",
    [
        "Reuters",
        "Associated Press",
        "AFP",
        "Xinhua",
        "RIA Novosti",
        "RFE/RL",
        "Voice of America",
        "Interfax",
        "ANSA",
        "dpa",
        "Kyodo",
        "Baltic News Service",
        "Baltinfo",
    ],
)
@pytest.mark.parametrize(
    ("stamp", "date_text"),
    [
        ("March 3, 2008 10:42 AM", "March 3, 2008 10:42 AM"),
        ("03.03.2008 | 10:42", "03.03.2008 | 10:42"),
        ("Published: 3 March 2008", "3 March 2008"),
        ("Mon Mar 3, 2008 10:42am EST", "Mon Mar 3, 2008 10:42am EST"),
    ],
)
def test_service_name_above_the_headline_is_the_source(service: str, stamp: str, date_text: str) -> None:
    article = parse(f"{service}\n\n{TITLE}\n\n{stamp}\n\n" + page_body())
    assert (article.title, article.source) == (TITLE, service)
    assert (article.date, article.date_text) == ("2008-03-03", date_text)
    assert article.body.startswith(LEAD)


def test_known_service_above_a_headline_needs_no_date() -> None:
    article = parse(f"Xinhua\n\n{TITLE}\n\n" + page_body())
    assert (article.title, article.source) == (TITLE, "Xinhua")


def test_short_first_line_without_a_service_story_under_it_stays_the_title() -> None:
    assert parse("Rotterdam\n\nThe Port In Numbers\n\n" + page_body()).title == "Rotterdam"


def test_section_above_the_headline_is_the_section_not_the_source() -> None:
    article = parse(f"Business\n\n{TITLE}\n\nBy {ELLEN}\n\n" + page_body())
    assert (article.title, article.section, article.source) == (TITLE, "Business", None)
    assert article.byline == ELLEN


ELLEN = "Ellen de Vries"


@pytest.mark.parametrize(
    ("block", "byline", "location", "source"),
    [
        ("By John Smith\nStaff Writer\nWASHINGTON\nMarch 3, 2008", "John Smith, Staff Writer", "WASHINGTON", None),
        ("John Smith\nPrague\n3 March 2008", "John Smith", "Prague", None),
        (f"{ELLEN}\nPort Correspondent\nROTTERDAM\n3 March 2008", f"{ELLEN}, Port Correspondent", "ROTTERDAM", None),
        (f"By {ELLEN}\nXinhua\n3 March 2008", ELLEN, None, "Xinhua"),
        (f"By {ELLEN}\nBaltic News Service\nRIGA\nMarch 3, 2008", ELLEN, "RIGA", "Baltic News Service"),
        (f"By {ELLEN}\nSALT LAKE CITY\n\nMarch 3, 2008", ELLEN, "SALT LAKE CITY", None),
        (f"{ELLEN}\n3 March 2008", ELLEN, None, None),
    ],
)
def test_byline_block_gives_byline_place_and_date(
    block: str, byline: str, location: str | None, source: str | None
) -> None:
    article = parse(f"{TITLE}\n\n{block}\n\n" + page_body())
    assert (article.byline, article.location, article.source) == (byline, location, source)
    assert article.date == "2008-03-03"
    assert article.body.startswith(LEAD)


def test_dateline_place_wins_over_the_byline_block_place() -> None:
    article = parse(f"{TITLE}\n\nBy John Smith\nWASHINGTON\nMarch 3, 2008\n\n" + page_body("ROTTERDAM - "))
    assert article.location == "ROTTERDAM"


@pytest.mark.parametrize("width", [60, 65, 72, 80])
def test_hard_wrapped_paragraphs_are_joined_at_any_width(width: int) -> None:
    blank_separated = "\n\n".join(textwrap.fill(paragraph, width) for paragraph in PARAGRAPHS)
    for body in (wire_body("", width), blank_separated):
        assert parse(f"{TITLE}\n\n" + body).body.split("\n\n") == list(PARAGRAPHS)


def test_short_one_line_paragraphs_without_blank_lines_stay_apart() -> None:
    lines = [
        "The port said the crane arrived on Tuesday.",
        "It will be in service this month.",
        "Four more cranes have been ordered for delivery next year, the port's director told reporters.",
        "Dock workers will be trained to run them.",
        "The union welcomed the news.",
    ]
    assert parse(f"{TITLE}\n\n" + "\n".join(lines) + "\n").body.split("\n\n") == lines


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("orders for computer-", "controlled lathes rose.", "orders for computer-controlled lathes rose."),
        ("a rise in anti-", "American protests.", "a rise in anti-American protests."),
        ("cases of COVID-", "19 fell.", "cases of COVID-19 fell."),
        ("the crane -", "the largest yet.", "the crane - the largest yet."),
    ],
)
def test_words_broken_at_a_hyphen_are_joined_with_their_hyphen(first: str, second: str, joined: str) -> None:
    body = f"    {first}\n{second}\n    {PARAGRAPHS[1]}\n"
    assert parse(f"{TITLE}\n\n" + body).body.split("\n\n")[0] == joined


def test_tab_indented_paragraphs_start_paragraphs() -> None:
    body = "".join(f"\t{textwrap.fill(paragraph, 65)}\n" for paragraph in PARAGRAPHS)
    assert parse(f"{TITLE}\n\n" + body).body.split("\n\n") == list(PARAGRAPHS)


@pytest.mark.parametrize(
    ("line", "tag"),
    [("CORRECTED", True), ("UPDATE 2", True), ("CORRECTED-UPDATE 1-", True), ("(REFILE)", True), ("Update", False)],
)
def test_wire_tag_lines(line: str, tag: bool) -> None:
    assert boilerplate.is_wire_tag(line) is tag


LINE_PIECES = st.sampled_from(
    [
        "",
        "   ",
        "3-MAR-1987 09:18:21.26",
        "03.03.2008 | 10:42",
        "CORRECTED",
        "UPDATE 2-",
        "UPDATE 2-OIL PRICES RISE",
        "Reuters",
        "dpa",
        "Business",
        "By John Smith",
        "Staff Writer",
        "WASHINGTON",
        "John Smith",
        "Prague",
        "PORT TAKES DELIVERY OF NEW CRANE",
        "    LONDON, March 3 (Reuters) - Oil",
        "CORRECTED - TOKYO, March 3 -",
        "computer-",
        "-",
        "\t",
        " Reuter",
        "[ afp logo ]",
        "Copyright 2008 Reuters. All rights reserved.",
        *(line for paragraph in PARAGRAPHS for line in textwrap.wrap(paragraph, 65)),
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 8), LINE_PIECES | st.text(max_size=40)), max_size=40))
def test_any_arrangement_of_layout_lines_parses_or_fails_with_parse_error(lines: list[tuple[int, str]]) -> None:
    text = "\n".join(" " * indent + line for indent, line in lines)
    try:
        article = READER.parse(text.encode("utf-8", "surrogatepass"))
    except ParseError:
        return
    assert article.title
    assert all(paragraph and "\n" not in paragraph for paragraph in article.body.split("\n\n") if article.body)
    assert article == parse_article(text.encode("utf-8", "surrogatepass"))
