"""The Nexis HTML reader: the invented page field by field, the real saved pages article by article, what it
claims and what it leaves to other readers, and hostile bytes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.errors import ParseError
from store.ingest.readers import Sample
from store.ingest.readers import nexis_html as reader
from store.ingest.sniff import sample
from store.model import ParsedArticle
from tests.reader_support import Expected, corpus_export, markup_soup, observed, read_or_refuse

REPO = Path(__file__).resolve().parents[1]
EXPORTS = REPO / "fixtures" / "exports"
PAGE = EXPORTS / "nexis-3-articles.html"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


EXPECTED = (
    Expected(
        title="Harbour towns count the cost of the long winter",
        date="2008-03-03",
        date_text="March 3, 2008 Monday",
        source="The Northern Courier (Leeds)",
        byline="ELLEN MARSH",
        section="NEWS; Pg. 12",
        language="ENGLISH",
        location="WHITBY",
        copyright="Copyright 2008 Northern Courier Ltd All Rights Reserved",
        body_starts="Fishing crews along the north-east coast",
        body_ends="once the boats were back at work.",
        headings=("Repairs before the spring",),
    ),
    Expected(
        title="Stadtrat streitet über neue Radwege",
        date="2012-02-27",
        date_text="27. Februar 2012 Montag 9:50 PM GMT+1",
        source="Rheinische Abendpost",
        byline="Jana Keller",
        section="LOKALES; S. 4 Ausg. 9",
        language="GERMAN; DEUTSCH",
        location="BONN",
        copyright="Copyright 2012 Abendpost Verlag GmbH Alle Rechte vorbehalten",
        body_starts="Der Stadtrat hat am Montag",
        body_ends="Eine Entscheidung soll im April fallen.",
    ),
    Expected(
        title="Ferry service resumes after storm repairs",
        date="2010-01-11",
        date_text="January 11, 2010 Monday 4:05 PM EST",
        source="Coastal Wire Service",
        byline=None,
        section=None,
        language="ENGLISH",
        location="PORT ELLEN, Scotland",
        copyright="Copyright 2010 Coastal Wire Service All Rights Reserved",
        body_starts="The island ferry sailed again",
        body_ends="back to normal by the weekend.",
        url="http://www.coastalwire.example/ferry-resumes",
    ),
)


def articles(raw: bytes) -> list[ParsedArticle]:
    return [reader.parse(chunk) for chunk in reader.split(raw)]


@pytest.mark.parametrize("position", range(len(EXPECTED)))
def test_every_document_of_the_page_yields_its_fields(position: int) -> None:
    article = articles(PAGE.read_bytes())[position]
    assert observed(article, EXPECTED[position]) == EXPECTED[position]


def test_the_cover_page_is_no_article() -> None:
    found = articles(PAGE.read_bytes())
    assert len(found) == len(EXPECTED)
    assert not any("Download Request" in article.body or "Download Request" in article.title for article in found)


def test_labelled_metadata_and_hard_wraps_stay_out_of_the_text() -> None:
    first, second, third = articles(PAGE.read_bytes())
    for article in (first, second, third):
        for label in ("LENGTH", "LOAD-DATE", "LANGUAGE", "PUBLICATION-TYPE", "HIGHLIGHT", "UPDATE", "URL", "LÄNGE"):
            assert f"{label}:" not in article.body
    assert "Die Verwaltung will vier Straßen umbauen" not in second.body
    assert "and the larger trawlers working out of sheltered waters" in first.body
    assert len(first.body.split("\n\n")) == 5


def test_the_load_date_is_never_taken_for_the_date() -> None:
    raw = PAGE.read_bytes().replace(b"March 3, 2008 Monday", b"")
    first = articles(raw)[0]
    assert (first.date, first.date_text) == (None, None)
    assert first.source == "The Northern Courier (Leeds)"


def test_a_chunk_is_a_document_of_its_own_that_reparses_alone() -> None:
    for chunk, expected in zip(reader.split(PAGE.read_bytes()), EXPECTED, strict=True):
        text = chunk.decode("utf-8")
        assert "DOCUMENTS" in text and "<style>" in text and "Download Request" not in text
        assert reader.parse(chunk).title == expected.title
        assert [reader.parse(again) for again in reader.split(chunk)] == [reader.parse(chunk)]


def test_a_garbled_document_fails_alone() -> None:
    raw = PAGE.read_bytes()
    counter_end = raw.index(b"2 of 3 DOCUMENTS") + len(b"2 of 3 DOCUMENTS</SPAN></P>\n</DIV>")
    next_document = raw.index(b'<A NAME="DOC_ID_3_0">')
    garbled = raw[:counter_end] + b"<DIV>\xef\xbf\xbd\xef\xbf\xbd <<</DIV>\n" + raw[next_document:]
    chunks = reader.split(garbled)
    assert len(chunks) == 3
    with pytest.raises(ParseError, match="no headline and no text"):
        reader.parse(chunks[1])
    assert [reader.parse(chunks[0]).title, reader.parse(chunks[2]).title] == [EXPECTED[0].title, EXPECTED[2].title]


def test_a_page_without_documents_is_refused() -> None:
    with pytest.raises(ParseError, match="no Nexis documents"):
        reader.split(b"<html><body><div>Nothing was found.</div></body></html>")


def claimed(name: str, raw: bytes) -> bool:
    return reader.claims(sample(name, raw))


def test_claims_the_page_by_content_whatever_its_name() -> None:
    raw = PAGE.read_bytes()
    assert claimed("nexis.html", raw)
    assert claimed("download.txt", raw)
    assert claimed("no-extension", raw)


def test_leaves_other_formats_and_news_pages_alone() -> None:
    for other in EXPORTS.glob("factiva-*.html"):
        assert not claimed(other.name, other.read_bytes())
    news_page = b"<html><body><h1>Court opens the files</h1><p>1 of 3 documents was released.</p></body></html>"
    assert not claimed("page.html", news_page)
    text_export = b"                    1 of 10 DOCUMENTS\n\n  The Guardian\n\nJanuary 11, 2010 Monday\n"
    assert not claimed("sample.txt", text_export)
    assert not reader.claims(Sample("binary", b"\x89PNG\r\n", None))


def corpus_pages() -> list[Path]:
    folders = (CORPUS / "html-readability", CORPUS / "html-newspaper4k")
    pages = sorted(path for folder in folders for path in folder.rglob("*.html"))
    if not pages:
        pytest.skip("no web page corpus in ../shared/corpus")
    return pages


def test_ordinary_news_pages_of_the_corpus_are_not_claimed() -> None:
    assert [page.name for page in corpus_pages() if claimed(page.name, page.read_bytes())] == []


CORPUS_COUNTS = {"afp_2013-03-12_0501.html": 74, "guardian_1986-01-01_0001.html": 262}


@pytest.mark.parametrize(("name", "count"), CORPUS_COUNTS.items())
def test_every_document_of_a_real_page_is_read(name: str, count: int) -> None:
    raw = corpus_export("nexis-html", name)
    assert claimed(name, raw)
    found = articles(raw)
    assert len(found) == count
    for article in found:
        assert article.title and article.source and article.date and article.body
        assert article.language == "ENGLISH"
        assert article.copyright and article.copyright.startswith("Copyright")
        assert "LOAD-DATE" not in article.body and "LENGTH:" not in article.body


def test_a_real_wire_page_reads_field_by_field() -> None:
    first = articles(corpus_export("nexis-html", "afp_2013-03-12_0501.html"))[0]
    assert first.title == "Syria opposition hails French, UK move to arm rebels"
    assert (first.date, first.date_text) == ("2013-03-14", "March 14, 2013 Thursday 11:21 AM GMT")
    assert first.source == "Agence France Presse -- English"
    assert first.location == "BEIRUT"
    assert first.copyright == "Copyright 2013 Agence France Presse All Rights Reserved"
    assert first.body.startswith("Syria's main opposition National Coalition welcomed")


def test_a_real_newspaper_page_reads_field_by_field() -> None:
    found = articles(corpus_export("nexis-html", "guardian_1986-01-01_0001.html"))
    first = found[0]
    assert first.title.startswith("Eavesdroppers who heard the guilty secrets / Covert nuclear tests")
    assert (first.date, first.source, first.byline) == ("1986-01-31", "The Guardian (London)", "JEREMY LEGGET")
    assert first.body.startswith("Three days after Christmas")
    assert first.date != "2000-06-13", "the load date is not the publication date"
    assert {article.location for article in found} >= {"WASHINGTON", "JOHANNESBURG", "DAVAO"}


# fmt: off
HTML_PIECES = st.sampled_from([
    "<html>", "<body>", "</body>", "<div>", "</div>", '<DIV CLASS="c0">', '<DIV CLASS="c4">', "<p>", "</p>",
    '<P CLASS="c1">', '<SPAN CLASS="c2">', '<SPAN CLASS="c7">', "</SPAN>", "<br>", "<BR>", "&nbsp;", "&#0;",
    "1 of 2 DOCUMENTS", "2 of 2 DOCUMENTS", "BYLINE: ", "LENGTH: ", "DATELINE: ", "March 3, 2008 Monday",
    "2008年3月3日", "03/03/2008", "<style>.c0 { text-align: center; } .c7 { font-weight: bold; }</style>",
    "<!-- Hide XML section from browser <DOC NUMBER=1> <DOCFULL> -->", "<!--", "-->", "<?xml version='1.0'?>",
    "<table><tr><td>", "</td></tr></table>", '<A NAME="DOC_ID_1_0"></A>', "\x00", "\x1b[31m", "\u202e",
])
# fmt: on
HTML_ISH = markup_soup(HTML_PIECES)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_are_read_or_refused_with_parse_error(raw: bytes) -> None:
    read_or_refuse(reader.READER, raw, also_whole=True)


@settings(max_examples=300, deadline=None)
@given(HTML_ISH, st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_any_html_ish_text_is_read_or_refused_with_parse_error(text: str, encoding: str) -> None:
    read_or_refuse(reader.READER, text.encode(encoding, "replace"), also_whole=True)
