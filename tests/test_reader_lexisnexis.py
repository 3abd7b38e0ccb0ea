"""The LexisNexis / Nexis Uni text export reader: claiming, splitting into articles, and every stated field.

Table-driven over the project's own sample (`fixtures/exports/lexisnexis-sample.txt`, a made-up three-article
classic export with a cover page) and the real LexisNexis sample in the shared corpus (skipped when absent),
plus Nexis Uni text built inline, the shared field rules in `nexis_fields`, and hostile bytes.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixtures.exports.make_docx import build
from store.errors import ParseError
from store.ingest.readers import docx as docx_reader
from store.ingest.readers import lexisnexis_text
from store.ingest.readers.nexis_fields import date_line, label
from store.ingest.sniff import sample
from store.model import ParsedArticle
from tests.reader_support import read_or_refuse, stated_fields

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "fixtures" / "exports" / "lexisnexis-sample.txt"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CORPUS_TXT = CORPUS / "exports" / "lexisnexis-txt" / "sample.TXT"
READER = lexisnexis_text.READER


@dataclass(frozen=True)
class Expected:
    """The fields an article must yield; `opens` and `closes` are the first and last words of its body."""

    title: str
    date: str | None
    date_text: str | None
    source: str | None
    byline: str | None = None
    section: str | None = None
    language: str | None = "ENGLISH"
    location: str | None = None
    copyright: str | None = None
    url: str | None = None
    headings: tuple[str, ...] = ()
    opens: str = ""
    closes: str = ""


FIXTURE_ARTICLES = (
    Expected(
        "Gas Deal Ends Two-Week Dispute Over Border Corridor",
        "2008-03-03",
        "March 3, 2008 Monday",
        "The Moscow Courier",
        byline="ANNA PETROVA, Staff Correspondent",
        section="WORLD; Pg. 4",
        location="MOSCOW",
        copyright="Copyright 2008 Moscow Courier Publishing All Rights Reserved",
        opens="Russia and Ukraine signed a provisional agreement",
        closes="were expected to close by Wednesday.",
    ),
    Expected(
        "Council Votes to Sell Old Tram Depot to Housing Cooperative After Decade of Dispute",
        "2008-03-03",
        "3 March 2008 Monday",
        "Harbour Evening News",
        section="NEWS; Local; Pg. 7",
        copyright="Copyright 2008 Harbour Evening News Ltd. All Rights Reserved",
        headings=("Market Hall Plans",),
        opens="The city council voted 31 to 9",
        closes="will be offered the first stalls.",
    ),
    Expected(
        "Old Telescope Finds 1,200 New Asteroids",
        "2008-03-10",
        "Monday, March 10, 2008 10:02 PM EST",
        "Science Wire Service",
        byline="Carlos Mendez",
        copyright="Copyright 2008 Science Wire Service",
        url="http://www.sciencewire.example/2008/03/10/old-telescope-asteroids",
        opens="Scientists at a university observatory",
        closes="before the end of the month.",
    ),
)

_LOREM = "Lorem ipsum dolor sit amet"
_GUARDIAN = "Copyright 2010 Guardian Unlimited All Rights Reserved"
_TIMES = "Copyright 2010 Times Newspapers Limited All Rights Reserved"

CORPUS_ARTICLES = (
    Expected(_LOREM, "2010-01-11", "January 11, 2010 Monday", "Guardian.com", "Andrew Sparrow", copyright=_GUARDIAN),
    Expected(_LOREM, "2010-01-11", "January 11, 2010 Monday", "Guardian", "Simon Tisdall", copyright=_GUARDIAN),
    Expected(
        _LOREM,
        "2010-01-11",
        "January 11, 2010 Monday",
        "The Sun (England)",
        "TREVOR Kavanagh",
        "FEATURES; Pg. 6",
        copyright="Copyright 2010 NEWS GROUP NEWSPAPERS LTD All Rights Reserved",
    ),
    Expected(
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit",
        "2010-01-11",
        "January 11, 2010 Monday",
        "The Times (London)",
        "Tom Coghlan",
        "NEWS; Pg. 3",
        copyright=_TIMES,
    ),
    Expected(
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Etiam lacinia elementum sapien?; eget aliquet ex "
        "finibus ut.",
        "2010-01-11",
        "January 11, 2010 Monday",
        "The Times (London)",
        "William Rees-Mogg",
        "EDITORIAL; Pg. 24",
        copyright=_TIMES,
    ),
    Expected(
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Etiam lacinia elementum sapien, eget aliquet",
        "2010-01-11",
        "January 11, 2010 Monday",
        "The Times (London)",
        "Tom Coghlan",
        "NEWS; Pg. 8",
        copyright=_TIMES,
    ),
    Expected(
        "ranch noble ash voice declaration",
        "2010-01-08",
        "January 8, 2010",
        "Guardian",
        "Allegra Stratton",
        copyright=_GUARDIAN,
    ),
    Expected(
        "PRISONER OF HIS OWN CABINET",
        "2010-01-10",
        "January 10, 2010 Sunday",
        "MAIL ON SUNDAY (London)",
        "STEPHEN POLLARD",
        copyright="Copyright 2010 Associated Newspapers Ltd. All Rights Reserved",
    ),
    Expected(
        "R (programming language) on Wikipedia",
        "2010-01-10",
        "January 10, 2010 Sunday",
        "Sunday Mirror",
        "Ross Ihaka and Robert Gentleman",
        "NEWS; Pg. 6",
        copyright="Copyright 2010 MGN Ltd. All Rights Reserved",
    ),
    Expected("Wikipedia", "2010-01-09", "January 9, 2010 Saturday", "DAILY MAIL (London)"),
)


def read_all(raw: bytes) -> list[ParsedArticle]:
    return [READER.parse(chunk) for chunk in READER.split(raw)]


def check(article: ParsedArticle, expected: Expected) -> None:
    assert stated_fields(article) == stated_fields(expected)
    if expected.url or expected.headings:
        assert (article.url, article.headings) == (expected.url, expected.headings)
    assert article.body.startswith(expected.opens)
    assert article.body.endswith(expected.closes)
    for furniture in ("LOAD-DATE", "LANGUAGE:", "LENGTH:", "BYLINE:", "DOCUMENTS", "Copyright", "GRAPHIC:"):
        assert furniture not in article.body


@pytest.mark.parametrize("index", range(len(FIXTURE_ARTICLES)))
def test_fixture_articles_yield_every_stated_field(index: int) -> None:
    articles = read_all(SAMPLE.read_bytes())
    assert len(articles) == len(FIXTURE_ARTICLES)
    check(articles[index], FIXTURE_ARTICLES[index])


def test_the_cover_page_is_no_article() -> None:
    chunks = READER.split(SAMPLE.read_bytes())
    assert len(chunks) == 3
    assert not any(b"Download Request" in chunk or b"Terms:" in chunk for chunk in chunks)


def test_chunks_are_utf8_text_that_parses_alone_the_same_way() -> None:
    raw = SAMPLE.read_bytes()
    for chunk in READER.split(raw):
        chunk.decode("utf-8")
        assert READER.parse(chunk) == READER.parse(bytes(chunk))
    assert [READER.parse(chunk) for chunk in READER.split(raw)] == read_all(raw)


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252", "utf-8"])
def test_other_encodings_and_line_endings_read_the_same(encoding: str) -> None:
    text = SAMPLE.read_text(encoding="utf-8-sig")
    for variant in (text, text.replace("\r\n", "\n")):
        assert read_all(variant.encode(encoding)) == read_all(SAMPLE.read_bytes())


def test_a_damaged_article_fails_alone() -> None:
    raw = SAMPLE.read_bytes()
    start = raw.index(b"The city council voted")
    damaged = raw[:start] + b"\x00\x01\x02\x03" * 50 + raw[start + 200 :]
    chunks = READER.split(damaged)
    assert len(chunks) == 3
    with pytest.raises(ParseError, match="binary"):
        READER.parse(chunks[1])
    assert [READER.parse(chunks[index]).title for index in (0, 2)] == [
        FIXTURE_ARTICLES[0].title,
        FIXTURE_ARTICLES[2].title,
    ]


def test_an_article_with_only_its_counter_line_is_refused() -> None:
    with pytest.raises(ParseError, match="no headline and no text"):
        READER.parse(b"                 2 of 3 DOCUMENTS\n\n\n")


def test_load_date_is_never_the_publication_date() -> None:
    raw = (
        b"1 of 1 DOCUMENTS\n\n      The Daily Example\n\nUndated Feature About Rivers\n\nLENGTH: 12 words\n\n"
        b"The river rose again this spring, as it does every year.\n\nLOAD-DATE: March 5, 2008\n\n"
        b"LANGUAGE: ENGLISH\n"
    )
    (article,) = read_all(raw)
    assert (article.title, article.source, article.date, article.date_text) == (
        "Undated Feature About Rivers",
        "The Daily Example",
        None,
        None,
    )
    assert article.body == "The river rose again this spring, as it does every year."


NEXIS_UNI_TEXT = """\
Harbour Council Backs Sale of Old Tram Depot
Harbour Evening News
3 March 2008 Monday

Copyright 2008 Harbour Evening News Ltd. All Rights Reserved
Section: NEWS; Pg. 7
Length: 58 words
Byline: By Jane Holloway
Dateline: HARBOURTON, March 3
Highlight: The former depot will become flats and a market hall.
Body
HARBOURTON, March 3 -- The city council voted 31 to 9 on Monday evening to sell the former tram depot on \
Harbour Road to a housing cooperative.
Jobs: The cooperative expects to hire forty builders from the town, the council said in a statement.
Graphic

PHOTO: The engine shed on Harbour Road.
Classification
Language: ENGLISH
Publication-Type: Newspaper
Load-Date: March 4, 2008

End of Document
Gas Flows Again After Border Deal
The Moscow Courier
Tuesday, March 4, 2008 10:02 PM EST
Length: 30 words
Body
Gas began flowing again on Tuesday through the Druzhba corridor, a day after the agreement was signed.
Load-Date: March 5, 2008
End of Document
"""


def test_nexis_uni_text_splits_on_end_of_document_and_reads_mixed_case_labels() -> None:
    raw = NEXIS_UNI_TEXT.encode("utf-8")
    assert READER.claims(sample("export.txt", raw))
    first, second = read_all(raw)
    assert (first.title, first.source, first.date, first.date_text) == (
        "Harbour Council Backs Sale of Old Tram Depot",
        "Harbour Evening News",
        "2008-03-03",
        "3 March 2008 Monday",
    )
    assert (first.byline, first.section, first.language, first.location) == (
        "Jane Holloway",
        "NEWS; Pg. 7",
        "ENGLISH",
        "HARBOURTON",
    )
    assert first.copyright == "Copyright 2008 Harbour Evening News Ltd. All Rights Reserved"
    assert first.body.startswith("The city council voted 31 to 9")
    assert first.body.endswith("the council said in a statement.")
    assert "PHOTO" not in first.body and "Highlight" not in first.body
    assert (second.title, second.date, second.date_text, second.source) == (
        "Gas Flows Again After Border Deal",
        "2008-03-04",
        "Tuesday, March 4, 2008 10:02 PM EST",
        "The Moscow Courier",
    )


def test_nexis_uni_text_with_blank_lines_between_paragraphs_reads_the_same() -> None:
    spaced = NEXIS_UNI_TEXT.replace("\n", "\n\n").encode("utf-8")
    assert read_all(spaced) == read_all(NEXIS_UNI_TEXT.encode("utf-8"))


def test_text_saved_from_a_word_export_reads_as_the_word_export_does() -> None:
    document = build()
    saved = "\n".join(paragraph.text for paragraph in document.paragraphs).encode("utf-8")
    buffer = io.BytesIO()
    document.save(buffer)
    from_word = [docx_reader.READER.parse(chunk) for chunk in docx_reader.READER.split(buffer.getvalue())]
    from_text = read_all(saved)
    assert READER.claims(sample("export.txt", saved))
    assert [fields(article) for article in from_text] == [fields(article) for article in from_word]
    assert [article.body for article in from_text[:2]] == [article.body for article in from_word[:2]]


def fields(article: ParsedArticle) -> tuple[str | None, ...]:
    return (
        article.title,
        article.date,
        article.date_text,
        article.source,
        article.byline,
        article.section,
        article.language,
        article.location,
        article.copyright,
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("January 11, 2010 Monday", ("January 11, 2010 Monday", "2010-01-11")),
        ("March 3, 2008", ("March 3, 2008", "2008-03-03")),
        ("3 March 2008 Monday", ("3 March 2008 Monday", "2008-03-03")),
        ("Monday, January 11, 2010", ("Monday, January 11, 2010", "2010-01-11")),
        ("January 11, 2010 Monday 10:02 PM EST", ("January 11, 2010 Monday 10:02 PM EST", "2010-01-11")),
        ("May 2, 2002, Thursday,, FINAL EDITION", ("May 2, 2002, Thursday", "2002-05-02")),
        ("January 11, 2018 Thursday, Late Edition - Final", ("January 11, 2018 Thursday", "2018-01-11")),
        ("April 6, 2018 Friday 00:20 EST", ("April 6, 2018 Friday 00:20 EST", "2018-04-06")),
        ("February 30, 2010 Tuesday", None),
        ("March 3, 2008: the day the river rose", None),
        ("April 16", None),
        ("Lorem ipsum dolor sit amet", None),
    ],
)
def test_date_lines(line: str, expected: tuple[str, str | None] | None) -> None:
    assert date_line(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("LOAD-DATE: January 11, 2010", ("LOAD-DATE", "January 11, 2010")),
        ("Load-Date:\u00a0January 11, 2010", ("LOAD-DATE", "January 11, 2010")),
        ("Journal Code:\u00a0WEBGNS", ("JOURNAL-CODE", "WEBGNS")),
        ("BYLINE: BY STEPHEN POLLARD", ("BYLINE", "BY STEPHEN POLLARD")),
        ("BODY:", ("BODY", "")),
        ("Jobs: More than 1.5 million jobs have been created in 2004.", None),
        ("load-date: January 11, 2010", None),
        ("Version:28", None),
    ],
)
def test_labels(line: str, expected: tuple[str, str] | None) -> None:
    assert label(line) == expected


def test_claims_by_content() -> None:
    assert READER.claims(sample("export.TXT", SAMPLE.read_bytes()))
    assert READER.claims(sample("no-extension", SAMPLE.read_bytes()))
    plain = (REPO / "fixtures" / "articles" / "bbc-style-headline-first-line.txt").read_bytes()
    assert not READER.claims(sample("article.txt", plain))
    assert not READER.claims(sample("counter.txt", b"Page 1 of 3 DOCUMENTS\n\nNothing labelled here.\n"))
    assert not READER.claims(sample("image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256))))
    page = b"<!DOCTYPE html>\n<html><body><div>\n1 of 3 DOCUMENTS\n</div><div>\nLENGTH: 5 words\n</div></body></html>\n"
    assert not READER.claims(sample("export.txt", page))


def test_a_file_without_articles_is_refused() -> None:
    with pytest.raises(ParseError, match="no LexisNexis or Nexis Uni articles"):
        READER.split(b"Just a note, with no export markers in it.\n")


def corpus_file() -> Path:
    if not CORPUS_TXT.is_file():
        pytest.skip("shared corpus not present")
    return CORPUS_TXT


def test_corpus_sample_every_article_found() -> None:
    raw = corpus_file().read_bytes()
    assert READER.claims(sample(CORPUS_TXT.name, raw))
    assert len(read_all(raw)) == len(CORPUS_ARTICLES)


@pytest.mark.parametrize("index", range(len(CORPUS_ARTICLES)))
def test_corpus_sample_every_stated_field(index: int) -> None:
    article = read_all(corpus_file().read_bytes())[index]
    expected = CORPUS_ARTICLES[index]
    check(article, expected)
    assert article.words > 300


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_split_and_parse_or_raise_parse_error(raw: bytes) -> None:
    read_or_refuse(READER, raw)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=80),
            st.sampled_from(
                [
                    "1 of 2 DOCUMENTS",
                    "End of Document",
                    "Body",
                    "LOAD-DATE: March 3, 2008",
                    "Length: 3 words",
                    "BYLINE: By",
                    "March 3, 2008 Monday",
                    "Copyright 2008",
                    "",
                    "Graphic",
                ]
            ),
        ),
        max_size=40,
    ),
    st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]),
)
def test_any_text_splits_and_parses_or_raises_parse_error(lines: list[str], encoding: str) -> None:
    read_or_refuse(READER, "\n".join(lines).encode(encoding, "surrogatepass"))


def test_bom_and_crlf_are_handled_in_bytes() -> None:
    raw = codecs.BOM_UTF8 + SAMPLE.read_bytes().lstrip(codecs.BOM_UTF8)
    assert read_all(raw) == read_all(SAMPLE.read_bytes())
