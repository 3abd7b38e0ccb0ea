"""The Reuters-21578 SGML reader: claiming by content, splitting into articles, every field, one broken article
failing alone, hostile bytes, and an import of the project's sample through the CLI.

The sample (`fixtures/exports/reuters-21578-garbled-sample.sgm`) was written for this project in the collection's
format: a normal story, a BRIEF, a story cut off in transmission, an UNPROC table and a story with entities and
four places.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.errors import ParseError
from store.ingest.readers import reuters_sgml
from store.ingest.sniff import sample as sample_of
from store.ingest.sniff import sniff
from store.model import ParsedArticle
from tests.conftest import CliResult
from tests.reader_support import markup_soup, read_or_refuse

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "fixtures" / "exports" / "reuters-21578-garbled-sample.sgm"
READER = reuters_sgml.READER
CUT_OFF = "the <TEXT> of this Reuters article is never closed: it is cut off"

Cli = Callable[..., CliResult]


@dataclass(frozen=True)
class Expected:
    """The fields an article must yield; `opens` and `closes` are the first and last words of its body."""

    title: str
    date: str | None
    date_text: str | None
    location: str | None
    section: str | None
    opens: str
    closes: str
    paragraphs: int


SAMPLE_ARTICLES: dict[int, Expected] = {
    1: Expected(
        "MINAS GERAIS COFFEE CROP SEEN SMALLER AFTER DRY SPELL",
        "1987-02-26",
        "26-FEB-1987 15:01:01.79",
        "SAO PAULO",
        "coffee",
        "Light rain returned to the south of Minas Gerais this week after six dry weeks, but growers",
        "before making fresh forward-sales, one dealer said.",
        3,
    ),
    2: Expected(
        "BUNDESBANK LEAVES CREDIT POLICY UNCHANGED, DEALERS SAY",
        "1987-03-02",
        "2-MAR-1987 09:15:44.12",
        None,
        "interest",
        "BUNDESBANK LEAVES CREDIT POLICY UNCHANGED, DEALERS SAY",
        "DEALERS SAY",
        1,
    ),
    4: Expected(
        "U.S. WEEKLY EXPORT INSPECTIONS, IN THOUSAND BUSHELS",
        "1987-03-02",
        "2-MAR-1987 10:02:31.07",
        None,
        "grain; wheat",
        "U.S. WEEKLY EXPORT INSPECTIONS, IN THOUSAND BUSHELS\n\nWheat       19,432    was 21,306\n\nCorn",
        "ahead of last year's pace for wheat and soybeans, the department said.",
        5,
    ),
    5: Expected(
        "NORDIC FERRY <NFRY.ST> TO BUY HARBOUR & DOCK LINES",
        "1987-03-03",
        "3-MAR-1987 11:47:19.40",
        "STOCKHOLM",
        "acq; ship",
        "<Nordic Ferry AB> said it agreed to buy the Danish and Norwegian routes of <Harbour & Dock Lines Ltd> of",
        "Net 212 mln vs 187 mln\n\nRevs 3.40 billion vs 3.05 billion",
        5,
    ),
}
"""The sample's readable articles by position (the third is cut off)."""


def article(
    body: str,
    *,
    text_tag: str = "<TEXT>",
    head: str = "<DATE>26-FEB-1987 15:01:01.79</DATE>\n<TOPICS><D>cocoa</D></TOPICS>\n",
) -> str:
    """One `<REUTERS>` element around a story's text."""
    return f'<REUTERS TOPICS="YES" NEWID="9">\n{head}{text_tag}&#2;\n{body}</TEXT>\n</REUTERS>\n'


def parse_one(text: str | bytes) -> ParsedArticle:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    (chunk,) = READER.split(raw)
    return READER.parse(chunk)


def readable(raw: bytes) -> dict[int, ParsedArticle]:
    """The articles of a file that parse, by position."""
    found: dict[int, ParsedArticle] = {}
    for position, chunk in enumerate(READER.split(raw), 1):
        try:
            found[position] = READER.parse(chunk)
        except ParseError:
            continue
    return found


@pytest.mark.parametrize("name", ["reut2-000.sgm", "reut2-000.SGM", "reuters.txt", "reut2-000"])
def test_the_collection_is_claimed_by_its_content_whatever_its_name(name: str) -> None:
    raw = SAMPLE.read_bytes()
    assert READER.claims(sample_of(name, raw))
    assert sniff(name, raw) is READER


@pytest.mark.parametrize(
    "raw",
    [
        b'<!DOCTYPE doc SYSTEM "doc.dtd">\n<doc><title>Other SGML</title><TEXT>x</TEXT></doc>\n',
        b"<!DOCTYPE html><html><body><p>A story from Reuters, with a <b>TEXT</b> tag named.</p></body></html>",
        b"LONDON, March 3 - Shares rose, Reuters reported.\n Reuter\n",
        b'<REUTERS TOPICS="YES" NEWID="1">\n<DATE>26-FEB-1987 15:01:01.79</DATE>\n</REUTERS>\n',
        b"<TEXT>a story</TEXT>\n<REUTERS NEWID=1>\n",
        b"# The collection\n\nEach `<REUTERS>` element holds a `<TEXT>` with a `<TITLE>` and a `<BODY>`.\n",
    ],
    ids=["other-sgml", "html-page", "plain-text", "no-text-element", "text-before-the-article", "a-readme"],
)
def test_an_sgm_that_is_not_reuters_is_not_claimed(raw: bytes) -> None:
    assert not READER.claims(sample_of("other.sgm", raw))
    assert sniff("other.sgm", raw) is not READER


def test_a_head_that_is_not_utf8_is_still_claimed() -> None:
    raw = SAMPLE.read_bytes().replace(b"Light rain", b"Light \x81\xfc rain")
    assert sample_of("reut2-017.sgm", raw).text is None
    assert READER.claims(sample_of("reut2-017.sgm", raw))


def test_the_file_splits_into_one_chunk_per_article_without_the_doctype() -> None:
    chunks = READER.split(SAMPLE.read_bytes())
    assert len(chunks) == 5
    assert all(chunk.startswith(b"<REUTERS ") for chunk in chunks)
    assert not any(b"DOCTYPE" in chunk for chunk in chunks)
    assert [chunk.endswith(b"</REUTERS>") for chunk in chunks] == [True, True, False, True, True]
    assert b'NEWID="4"' not in chunks[2], "the cut-off article must not swallow its neighbour"


@pytest.mark.parametrize("position", sorted(SAMPLE_ARTICLES))
def test_sample_articles_yield_every_field(position: int) -> None:
    found = readable(SAMPLE.read_bytes())[position]
    expected = SAMPLE_ARTICLES[position]
    assert (found.title, found.date, found.date_text, found.location, found.section) == (
        expected.title,
        expected.date,
        expected.date_text,
        expected.location,
        expected.section,
    )
    assert (found.source, found.byline, found.copyright, found.language, found.url) == ("Reuters", *[None] * 4)
    assert found.body.startswith(expected.opens)
    assert found.body.endswith(expected.closes)
    assert len(found.body.split("\n\n")) == expected.paragraphs
    for left_out in ("Reuter\n", "&#", "&lt;", "&amp;", "<TITLE>", "<BODY>", "reute", "BC-", "\x03", "\x02"):
        assert left_out not in found.body + "\n"


def test_the_cut_off_article_fails_alone() -> None:
    chunks = READER.split(SAMPLE.read_bytes())
    with pytest.raises(ParseError, match="never closed: it is cut off"):
        READER.parse(chunks[2])
    assert sorted(readable(SAMPLE.read_bytes())) == [1, 2, 4, 5]


def test_a_wrapped_body_joins_into_paragraphs_and_a_table_keeps_its_lines() -> None:
    first, table = readable(SAMPLE.read_bytes())[1], readable(SAMPLE.read_bytes())[5]
    assert first.body.split("\n\n")[1] == (
        "The cooperative now expects 9.2 mln 60-kilo bags from the state, against an earlier estimate of "
        "10.5 mln and 11.1 mln last season."
    )
    assert table.body.split("\n\n")[2:] == [
        "Shr 4.10 crowns vs 3.75 crowns",
        "Net 212 mln vs 187 mln",
        "Revs 3.40 billion vs 3.05 billion",
    ]


def test_a_brief_is_a_one_line_article_of_its_headline() -> None:
    found = parse_one(
        article("******<TITLE>SHELL CANADA RAISES CRUDE PRICES</TITLE>\n", text_tag='<TEXT TYPE="BRIEF">')
    )
    assert (found.title, found.body, found.words) == ("SHELL CANADA RAISES CRUDE PRICES",) * 2 + (5,)


def test_an_unproc_story_is_titled_by_its_first_line() -> None:
    found = parse_one(
        article("****TREASURY BALANCES AT FED\n    Fed  1,234\n Reuter\n&#3;", text_tag='<TEXT TYPE="UNPROC">')
    )
    assert (found.title, found.body) == ("TREASURY BALANCES AT FED", "****TREASURY BALANCES AT FED\n\nFed  1,234")


def test_a_story_without_a_headline_tag_is_titled_by_its_first_line() -> None:
    found = parse_one(article("<BODY>Cocoa prices rose.\n    Dealers were surprised.\n REUTER\n&#3;</BODY>"))
    assert (found.title, found.body) == ("Cocoa prices rose.", "Cocoa prices rose.\n\nDealers were surprised.")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("<TITLE></TITLE>\n<BODY>\n Reuter\n&#3;</BODY>", "no headline and no text"),
        ("<TITLE>COCOA</TITLE>\n<BODY>Cocoa rose.", "the <BODY> of this Reuters article is never closed"),
    ],
)
def test_an_article_without_words_or_with_an_open_element_is_refused(body: str, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        parse_one(article(body))


def test_an_article_without_text_is_refused() -> None:
    raw = b'<REUTERS NEWID="1">\n<DATE>26-FEB-1987 15:01:01.79</DATE>\n</REUTERS>\n'
    with pytest.raises(ParseError, match=r"no <TEXT> in this Reuters article"):
        READER.parse(READER.split(raw)[0])
    with pytest.raises(ParseError, match="no <REUTERS> tag opens it"):
        READER.parse(b"<TEXT>a story</TEXT>")


def test_a_file_of_no_articles_is_one_clear_error() -> None:
    with pytest.raises(ParseError, match=r"^no Reuters-21578 articles \(<REUTERS> elements\) in this file$"):
        READER.split(b'<!DOCTYPE lewis SYSTEM "lewis.dtd">\n')


@pytest.mark.parametrize(
    ("stamp", "iso", "text"),
    [
        (" 5-MAR-1987 09:08:58.24", "1987-03-05", "5-MAR-1987 09:08:58.24"),
        ("31-MAR-1987 605:12:19.12", "1987-03-31", "31-MAR-1987 605:12:19.12"),
        ("30-FEB-1987 10:00:00.00", None, "30-FEB-1987 10:00:00.00"),
        ("", None, None),
    ],
)
def test_the_time_stamp_gives_the_day(stamp: str, iso: str | None, text: str | None) -> None:
    found = parse_one(article("<TITLE>COCOA</TITLE>", head=f"<DATE>{stamp}</DATE>\n"))
    assert (found.date, found.date_text, found.section) == (iso, text, None)


def test_entities_are_decoded_after_the_tags_are_found() -> None:
    body = (
        "<TITLE>A&amp;P &lt;GAP> SAYS &quot;NO&quot;</TITLE>\n<DATELINE>    MONTVALE, N.J., March 2 - </DATELINE>"
        "<BODY>It quoted &lt;TITLE> as text &#65;&#0;&#55296;&#9999999; and &#127;done.\n Reuter\n&#3;</BODY>"
    )
    found = parse_one(article(body))
    assert (found.title, found.location) == ('A&P <GAP> SAYS "NO"', "MONTVALE, N.J.")
    assert found.body == "It quoted <TITLE> as text A and done."


def test_bytes_that_are_not_utf8_are_read_as_latin1_and_chunks_are_utf8() -> None:
    raw = article("<TITLE>ZURICH</TITLE>\n<BODY>Gr\xfcn \x81said.</BODY>").encode("latin-1")
    (chunk,) = READER.split(raw)
    chunk.decode("utf-8")
    assert READER.parse(chunk).body == "Grün said."


def test_binary_damage_fails_that_article_alone() -> None:
    raw = SAMPLE.read_bytes().replace(b"Light rain", b"Light\x00rain")
    assert sorted(readable(raw)) == [2, 4, 5]
    with pytest.raises(ParseError, match="binary"):
        READER.parse(READER.split(raw)[0])


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_other_encodings_and_line_endings_read_the_same(encoding: str) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    expected = readable(SAMPLE.read_bytes())
    assert readable(text.replace("\n", "\r\n").encode(encoding)) == expected
    assert codecs.BOM_UTF8 not in b"".join(READER.split(text.encode(encoding)))


def test_hostile_input_stays_linear() -> None:
    hostile = b"<REUTERS NEWID=1>" + b"<TEXT" * 50_000 + b"<TITLE<D>" * 50_000 + b"&#" * 50_000
    read_or_refuse(READER, hostile, also_whole=True)
    with pytest.raises(ParseError):
        READER.parse(b"<REUTERS>" + b"<TEXT><TITLE>" * 20_000)


REUTERS_PIECES = st.sampled_from(
    [
        '<REUTERS TOPICS="YES" NEWID="1">',
        "</REUTERS>",
        "<DATE>26-FEB-1987 15:01:01.79</DATE>",
        "<TOPICS><D>cocoa</D>",
        "</TOPICS>",
        "<TEXT>",
        '<TEXT TYPE="BRIEF">',
        '<TEXT TYPE="UNPROC">',
        "</TEXT>",
        "<TITLE>",
        "</TITLE>",
        "<DATELINE>    SALVADOR, Feb 26 - </DATELINE>",
        "<BODY>",
        "</BODY>",
        "\n Reuter\n&#3;",
        "&lt;",
        "&#99999999;",
        "\n    ",
        "\x00",
        "\x1b[31m",
    ]
)


@settings(max_examples=300, deadline=None)
@given(markup_soup(REUTERS_PIECES), st.sampled_from(["utf-8", "latin-1", "utf-16"]))
def test_any_reuters_shaped_text_is_read_or_refused(text: str, encoding: str) -> None:
    read_or_refuse(READER, text.encode(encoding, "replace"), also_whole=True)


def test_import_and_show_through_the_cli(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "reuters21578"
    folder.mkdir()
    copy = folder / "reut2-000.sgm"
    copy.write_bytes(SAMPLE.read_bytes())
    (folder / "lewis.dtd").write_text("<!ELEMENT LEWIS - - (REUTERS*)>\n")
    result = cli("import", folder)
    assert result.code == 1
    assert result.out == "4 imported, 0 updated, 0 unchanged, 0 duplicates, 1 skipped, 1 failed\n"
    assert f"{copy}#3: {CUT_OFF}" in result.err
    hits = [json.loads(line) for line in cli("search", "--json", "ferry").out.splitlines()]
    assert [(hit["title"], hit["date"], hit["source"]) for hit in hits] == [
        ("NORDIC FERRY <NFRY.ST> TO BUY HARBOUR & DOCK LINES", "1987-03-03", "Reuters")
    ]
    shown = cli("show", hits[0]["id"])
    assert shown.code == 0
    for line in ("Source:   Reuters", "Location: STOCKHOLM", "Section:  acq; ship", f"Path:     {copy}#5"):
        assert line in shown.out
    assert "<Nordic Ferry AB> said it agreed to buy" in shown.out
    assert json.loads(cli("stats", "--json").out)["articles"] == 4


def test_a_body_of_nothing_but_the_sign_off_leaves_the_headline_as_the_story() -> None:
    found = parse_one(article("<TITLE>COCOA RISES</TITLE>\n<BODY>\n Reuter\n&#3;</BODY>"))
    assert (found.title, found.body) == ("COCOA RISES", "COCOA RISES")
