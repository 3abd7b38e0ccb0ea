"""The Word reader: Nexis Uni / LexisNexis `.docx` exports one record per article, plain Word files as one article.

Table-driven over the project's sample export (`fixtures/exports/nexis-uni-sample.docx`, written by
`fixtures/exports/make_docx.py`) and the real exports in the shared corpus (skipped when absent), plus plain
Word files built in the test, damaged files, and hostile bytes.
"""

from __future__ import annotations

import contextlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from hypothesis import given, settings
from hypothesis import strategies as st

from fixtures.exports.make_docx import build
from store.errors import ParseError
from store.ingest.readers import docx as docx_reader
from store.ingest.readers import lexisnexis_text
from store.ingest.sniff import sample
from store.model import ParsedArticle
from tests.reader_support import read_or_refuse, stated_fields

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "fixtures" / "exports" / "nexis-uni-sample.docx"
CORPUS_DOCX = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "exports" / "nexis-docx"
READER = docx_reader.READER


@dataclass(frozen=True)
class Expected:
    """The fields an article must yield; `opens` and `closes` are the first and last words of its body."""

    title: str
    date: str | None
    date_text: str | None
    source: str | None
    byline: str | None = None
    section: str | None = None
    language: str | None = None
    location: str | None = None
    copyright: str | None = None
    opens: str = ""
    closes: str = ""


SAMPLE_ARTICLES = (
    Expected(
        "Harbour Council Backs Sale of Old Tram Depot",
        "2008-03-03",
        "March 3, 2008 Monday",
        "Harbour Evening News",
        byline="Jane Holloway",
        section="NEWS; Pg. 7",
        language="ENGLISH",
        copyright="Copyright 2008 Harbour Evening News Ltd. All Rights Reserved",
        opens="The city council voted 31 to 9",
        closes="keeping the empty buildings safe.",
    ),
    Expected(
        "Gas Flows Again After Border Deal",
        "2008-03-04",
        "March 4, 2008 Tuesday 10:02 PM EST",
        "The Moscow Courier",
        byline="Anna Petrova",
        section="WORLD",
        language="ENGLISH",
        location="MOSCOW",
        copyright="Copyright 2008 Moscow Courier Publishing",
        opens="Gas began flowing again on Tuesday",
        closes="would be served first.",
    ),
    Expected(
        "Old Telescope Finds New Asteroids",
        "1997-03-10",
        "March 10, 1997, Monday",
        "Science Wire Service",
        section="SCIENCE; Pg. 2A",
        opens="Scientists at a university observatory in the Atacama desert have catalogued",
        closes="said the project's lead astronomer.",
    ),
)

_GUARDIAN_COM = (
    "Copyright 2014 Guardian News and Media Limited or its affiliated companies All Rights Reserved Registered in "
    "England and Wales. No. 908396 Registered office: PO Box 68164, Kings Place, 90 York Way, London N1P 2AP"
)


def guardian(title: str, when: str, byline: str, version: int, desk: str = "POLITICS", **more: str) -> Expected:
    """An article of the LexisNexisTools sample: The Guardian, July 2019, the section with its version number
    (version 0: the section is `Wikipedia`), copyrighted unless it is the first."""
    day, weekday, time, noon = when.split()
    rights = (
        None
        if (day, time) == ("1", "9:20")
        else ("Copyright 2019 The Guardian, a division of Transcontinental Media Group Inc. All Rights Reserved")
    )
    return Expected(
        title,
        f"2019-07-{int(day):02d}",
        f"July {day}, 2019 {weekday} {time} {noon} GMT",
        "The Guardian(London)",
        byline=byline,
        section=f"{desk}; Version:{version}" if version else "Wikipedia",
        language=more.get("language"),
        copyright=rights,
    )


CORPUS_ARTICLES: dict[str, tuple[Expected, ...]] = {
    "lexis-guardian1.docx": (
        Expected(
            "Worried about immigration? Try living in a developing country",
            "2014-05-30",
            "May 30, 2014 Friday",
            "Guardian.com.",
            byline="Jonathan Glennie, theguardian.com",
            language="ENGLISH",
            copyright=_GUARDIAN_COM,
            opens="ABSTRACT",
            closes="Refugee Studies Centre, University of Oxford",
        ),
        Expected(
            "Wythenshawe byelection: Cameron denies a Ukip breakthrough",
            "2014-02-14",
            "February 14, 2014 Friday",
            "Guardian.com.",
            byline="Rowena Mason, theguardian.com",
            language="ENGLISH",
            copyright=_GUARDIAN_COM,
            opens="ABSTRACT",
            closes="welfare and the EU.",
        ),
    ),
    "lexis-usa-today.docx": (
        Expected(
            "Bush plays free-trade game",
            "2002-05-02",
            "May 2, 2002, Thursday",
            "USA TODAY",
            byline="George Hager",
            section="MONEY;; COVER STORY",
            location="WASHINGTON",
            copyright="Copyright 2002 Gannett Company, Inc.",
            opens="When is a catfish not a catfish?",
            closes="International Trade Administration",
        ),
        Expected(
            "FDIC reports drop-off in banks' profit",
            "2013-11-27",
            "November 27, 2013 Wednesday",
            "USA TODAY",
            section="MONEY; Pg. 1B",
            copyright="Copyright 2013 Gannett Company, Inc. All Rights Reserved",
            opens="U.S. banks' profits fell in the third quarter",
        ),
        Expected(
            "U.S. job picture isn't drawn in the Oval Office",
            "2004-10-12",
            "October 12, 2004, Tuesday",
            "USA TODAY",
            byline="Peronet Despeignes",
            section="NEWS",
            copyright="Copyright 2004 Gannett Company, Inc.",
            opens="ISSUES 2004",
            closes="Source: USA TODAY research by Peronet Despeignes",
        ),
        Expected(
            "Most goals met, GOP now has no sharp focus",
            "1997-08-06",
            "August 6, 1997, Wednesday",
            "USA TODAY",
            byline="Jessica Lee",
            section="NEWS",
            location="WASHINGTON",
            copyright="Copyright 1997 Gannett Company, Inc.",
            opens="The Capitol already has become a ghost town. Exhausted lawmakers have left. Tourists queue up to "
            "peek inside the now-darkened House and Senate chambers.\n\n",
            closes="We've got to restore that confidence.\"",
        ),
        Expected(
            "Looking ahead; Congress takes up 9/11 recommendations",
            "2007-01-09",
            "January 9, 2007 Tuesday",
            "USA TODAY",
            byline="John Bacon",
            section="NEWS; Pg. 3A",
            copyright="Copyright 2007 Gannett Company, Inc. All Rights Reserved",
        ),
        Expected(
            "Looking ahead; Congress takes up 9/11 recommendations",
            "2007-01-09",
            "January 9, 2007 Tuesday",
            "USA TODAY",
            byline="John Bacon",
            section="NEWS; Pg. 3A",
            copyright="Copyright 2007 Gannett Company, Inc. All Rights Reserved",
        ),
        Expected(
            "Anheuser-Busch prepares to toast change in EU law",
            "2002-03-12",
            "March 12, 2002, Tuesday",
            "USA TODAY",
            byline="Duncan Lumsden; Special for USA TODAY",
            section="MONEY",
            location="BRUSSELS",
            copyright="Copyright 2002 Gannett Company, Inc.",
            opens="U.S. brewer Anheuser-Busch is poised",
            closes="in Italian and Danish courts.",
        ),
    ),
    "lexisnexistools-sample.docx": (
        guardian("Lorem ipsum dolor sit amet", "1 Monday 9:20 AM", "Mattha Busby (now), Andrew Sparrow (earlier)", 28),
        guardian("Lorem ipsum dolor sit amet", "2 Tuesday 9:33 AM", "Andrew Sparrow", 17),
        guardian("Lorem ipsum dolor sit amet", "4 Thursday 1:04 PM", "Daniel Boffey in Brussels", 3),
        guardian(
            "Lorem ipsum dolor sit amet, consectetur adipiscing elit", "3 Wednesday 7:53 PM", "Heather Stewart", 3
        ),
        guardian(
            "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
            "4 Thursday 9:10 AM",
            "Andrew Sparrow and Kevin Rawlinson",
            23,
        ),
        guardian(
            "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Etiam lacinia elementum sapien, eget aliquet",
            "2 Tuesday 7:00 AM",
            "Lisa O'Carroll Sample File correspondent",
            1,
        ),
        guardian("Sample Headline", "3 Wednesday 6:18 PM", "Letters", 3, language="ENGLISH"),
        guardian("Lorem ipsum dolor sit amet, nec egestas blandit", "3 Wednesday 12:02 AM", "Greg Wood", 3, "SPORT"),
        guardian("R (programming language) on Wikipedia", "3 Wednesday 11:11 AM", "Ross Ihaka and Robert Gentleman", 0),
        guardian("What is Wikipedia", "2 Tuesday 11:27 AM", "Tom Kibasi", 1, "OPINION"),
    ),
}

CORPUS_COUNTS = {
    "lexis-guardian1.docx": 2,
    "lexis-nyt1.docx": 50,
    "lexis-usa-today.docx": 7,
    "lexisnexistools-sample.docx": 10,
    "nexis-nyt.docx": 50,
}


def read_all(raw: bytes) -> list[ParsedArticle]:
    return [READER.parse(chunk) for chunk in READER.split(raw)]


def as_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def check(article: ParsedArticle, expected: Expected) -> None:
    assert stated_fields(article) == stated_fields(expected)
    assert article.body.startswith(expected.opens)
    assert article.body.endswith(expected.closes)
    for furniture in ("Load-Date", "Length:", "Byline:", "End of Document", "Copyright", "Classification"):
        assert furniture not in article.body


@pytest.mark.parametrize("index", range(len(SAMPLE_ARTICLES)))
def test_sample_export_articles_yield_every_stated_field(index: int) -> None:
    articles = read_all(SAMPLE.read_bytes())
    assert len(articles) == len(SAMPLE_ARTICLES)
    check(articles[index], SAMPLE_ARTICLES[index])


def test_the_committed_sample_is_what_its_script_writes() -> None:
    assert read_all(as_bytes(build())) == read_all(SAMPLE.read_bytes())


def test_without_section_breaks_the_results_list_is_still_no_article() -> None:
    assert read_all(as_bytes(build(section_breaks=False))) == read_all(SAMPLE.read_bytes())


def test_the_cover_page_is_no_article() -> None:
    chunks = READER.split(SAMPLE.read_bytes())
    assert len(chunks) == 3
    assert not any(b"Job Number" in chunk or b"Narrowed by" in chunk or b"1. Harbour" in chunk for chunk in chunks)


def test_hard_wrapped_lines_are_joined_and_a_sub_heading_kept() -> None:
    article = read_all(SAMPLE.read_bytes())[2]
    assert article.headings == ("A Second Life",)
    assert article.body.split("\n\n")[1] == "A Second Life"


def test_chunks_are_utf8_text_that_parses_alone() -> None:
    for chunk in READER.split(SAMPLE.read_bytes()):
        text = chunk.decode("utf-8")
        assert "\n\nBody\n\n" in text
        assert READER.parse(chunk) == READER.parse(bytes(chunk))


def test_a_garbled_article_fails_alone() -> None:
    chunks = READER.split(SAMPLE.read_bytes())
    chunks[1] = b"\xff\xfe\x00garbled" + chunks[1][40:]
    with pytest.raises(ParseError, match="damaged article"):
        READER.parse(chunks[1])
    assert [READER.parse(chunks[index]).title for index in (0, 2)] == [
        SAMPLE_ARTICLES[0].title,
        SAMPLE_ARTICLES[2].title,
    ]


@pytest.mark.parametrize(
    "raw",
    [
        b"PK\x03\x04" + b"\x00" * 200,
        SAMPLE.read_bytes()[: len(SAMPLE.read_bytes()) // 2],
        b"PK\x03\x04broken zip bytes, not a Word file at all",
    ],
    ids=["zeros", "truncated", "text"],
)
def test_a_damaged_word_file_is_refused(raw: bytes) -> None:
    with pytest.raises(ParseError, match=r"damaged Word file \(not a valid \.docx\)"):
        READER.split(raw)


def test_a_zip_that_is_no_word_file_is_neither_claimed_nor_read() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office/>")
    raw = buffer.getvalue()
    assert not READER.claims(sample("notes.docx", raw))
    with pytest.raises(ParseError, match="damaged Word file"):
        READER.split(raw)


def test_claims_by_content_whatever_the_name() -> None:
    raw = SAMPLE.read_bytes()
    assert READER.claims(sample("export.docx", raw))
    assert READER.claims(sample("download-without-extension", raw))
    assert READER.claims(sample("export.bin", raw[:2048]))
    assert not READER.claims(sample("article.docx", b"Headline\n\nSome text that is not a zip file.\n"))
    assert not lexisnexis_text.READER.claims(sample("export.docx", raw))


def test_a_plain_word_article_is_one_article_titled_by_its_title_style() -> None:
    document = docx.Document()
    document.add_paragraph("March 3, 2008")
    document.add_paragraph("Town Opens New Library", style="Title")
    document.add_paragraph("By Maria Lopez")
    document.add_paragraph(
        "SPRINGFIELD -- The town opened its new public library on Monday, three years after the old building on "
        "Main Street was closed for safety reasons."
    )
    document.add_paragraph("More than 2,000 people visited on the first day, the librarian said.")
    document.add_heading("Opening Hours", level=2)
    document.add_paragraph("#1 on the list: the library will open from nine to nine on weekdays.")
    document.add_paragraph("Copyright 2008 Springfield Gazette")
    (article,) = read_all(as_bytes(document))
    assert (article.title, article.date, article.byline, article.location) == (
        "Town Opens New Library",
        "2008-03-03",
        "Maria Lopez",
        "SPRINGFIELD",
    )
    assert article.headings == ("Opening Hours",)
    assert article.copyright == "Copyright 2008 Springfield Gazette"
    assert article.body.endswith("#1 on the list: the library will open from nine to nine on weekdays.")


def test_a_plain_word_article_without_styles_is_titled_by_its_bold_first_line() -> None:
    document = docx.Document()
    document.add_paragraph("Reuters")
    document.add_paragraph().add_run("Harbour Tram Depot Sold After Long Dispute").bold = True
    document.add_paragraph(
        "The city council voted on Monday to sell the former tram depot to a housing cooperative, ending a "
        "dispute that ran for almost a decade."
    )
    (article,) = read_all(as_bytes(document))
    assert article.title == "Harbour Tram Depot Sold After Long Dispute"
    assert article.body.startswith("The city council voted on Monday")


def test_a_heading_that_starts_with_a_hash_survives_the_stored_chunk() -> None:
    document = docx.Document()
    document.add_paragraph("Rally Draws Thousands To The Square", style="Title")
    document.add_paragraph(
        "Thousands of people gathered in the main square on Saturday for the rally, organisers said."
    )
    document.add_heading("#MeToo Speakers", level=2)
    document.add_paragraph("\\Several speakers addressed the crowd from a stage")
    (chunk,) = READER.split(as_bytes(document))
    assert chunk.decode("utf-8").split("\n\n")[2:] == [
        "## \\#MeToo Speakers",
        "\\\\Several speakers addressed the crowd from a stage",
    ]
    article = READER.parse(chunk)
    assert article.headings == ("#MeToo Speakers",)
    assert article.body.endswith("#MeToo Speakers\n\n\\Several speakers addressed the crowd from a stage")


def test_text_in_content_controls_and_tracked_insertions_is_read() -> None:
    document = docx.Document()
    document.add_paragraph("Library Opens Its Doors", style="Title")
    inside = document.add_paragraph("The library opened on Monday with a reading by local schoolchildren.")
    control, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    inside._p.addprevious(control)
    control.append(content)
    content.append(inside._p)
    edited = document.add_paragraph("The mayor cut the ribbon")
    insertion, run, text = OxmlElement("w:ins"), OxmlElement("w:r"), OxmlElement("w:t")
    text.text = " at noon, the librarian said."
    run.append(text)
    insertion.append(run)
    edited._p.append(insertion)
    (article,) = read_all(as_bytes(document))
    assert article.body == (
        "The library opened on Monday with a reading by local schoolchildren.\n\n"
        "The mayor cut the ribbon at noon, the librarian said."
    )


def test_an_empty_word_file_is_refused() -> None:
    with pytest.raises(ParseError, match="no text"):
        READER.split(as_bytes(docx.Document()))


def corpus_file(name: str) -> Path:
    path = CORPUS_DOCX / name
    if not path.is_file():
        pytest.skip("shared corpus not present")
    return path


@pytest.mark.parametrize("name", sorted(CORPUS_COUNTS))
def test_corpus_exports_every_article_found(name: str) -> None:
    raw = corpus_file(name).read_bytes()
    assert READER.claims(sample(name, raw))
    articles = read_all(raw)
    assert len(articles) == CORPUS_COUNTS[name]
    assert all(article.title and article.source and article.words > 20 for article in articles)
    assert not any("Job Number" in article.body or "Client/Matter" in article.body for article in articles)


@pytest.mark.parametrize(
    ("name", "index"), [(name, index) for name, expected in CORPUS_ARTICLES.items() for index in range(len(expected))]
)
def test_corpus_exports_every_stated_field(name: str, index: int) -> None:
    article = read_all(corpus_file(name).read_bytes())[index]
    check(article, CORPUS_ARTICLES[name][index])


def test_corpus_nyt_export_fields_where_the_layout_varies() -> None:
    articles = read_all(corpus_file("lexis-nyt1.docx").read_bytes())
    no_date = articles[17]
    assert no_date.title == "INTERNATIONAL BUSINESS; Advocates Gain Ground in a Globalized Era - Correction Appended"
    assert (no_date.date, no_date.date_text, no_date.byline, no_date.location) == (None, None, "ALAN COWELL", "LONDON")
    blog = articles[47]
    assert (blog.source, blog.date, blog.byline) == ("The New York Times Blogs", "2014-09-10", "BECKY DAVIS")
    first = articles[0]
    assert (first.date_text, first.section, first.location) == (
        "January 10, 2018 Wednesday 10:36 EST",
        "US; politics",
        "WASHINGTON",
    )
    assert articles[1].url == "https://www.nytimes.com/2018/01/10/us/politics/canada-us-tariffs-wto.html"
    assert not articles[1].body.endswith(".html")
    assert sum(article.date is not None for article in articles) == 49


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_split_and_parse_or_raise_parse_error(raw: bytes) -> None:
    read_or_refuse(READER, raw)
    read_or_refuse(READER, b"PK\x03\x04" + raw)
    with contextlib.suppress(ParseError):
        READER.parse(raw)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_claims_never_raise_on_bytes_that_start_like_a_zip(raw: bytes) -> None:
    READER.claims(sample("x.docx", b"PK\x03\x04" + raw))
    READER.claims(sample("x.docx", raw))


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=20_000), st.binary(min_size=1, max_size=64))
def test_a_corrupted_word_file_splits_or_raises_parse_error(offset: int, junk: bytes) -> None:
    raw = SAMPLE.read_bytes()
    position = offset % len(raw)
    read_or_refuse(READER, raw[:position] + junk + raw[position + len(junk) :])
