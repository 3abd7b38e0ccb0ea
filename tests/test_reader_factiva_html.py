"""The Factiva HTML reader: the invented pages (English, Japanese and French interfaces, the article and the
indexing layouts, a garbled article) field by field, the real saved pages article by article, what it claims
and what it leaves to other readers, and hostile bytes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.errors import ParseError
from store.ingest.readers import factiva_html as reader
from store.ingest.readers.export_dates import find_date, without_date
from store.ingest.sniff import sample
from store.model import ParsedArticle
from tests.reader_support import Expected, corpus_export, markup_soup, observed, read_or_refuse

REPO = Path(__file__).resolve().parents[1]
EXPORTS = REPO / "fixtures" / "exports"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


EXPECTED: dict[str, tuple[Expected, ...]] = {
    "factiva-3-articles.html": (
        Expected(
            title="Valencia port strike ends after nine days",
            date="2008-03-03",
            date_text="3 March 2008",
            source="The Evening Ledger",
            byline="Maria Lopez",
            section="World; A",
            language="en",
            location="MADRID",
            copyright="Copyright 2008 Evening Ledger Inc. All Rights Reserved.",
            body_starts="Dock workers in Valencia voted on Sunday",
            body_ends="The strike cost exporters of citrus fruit dearly.",
            headings=("What Comes Next",),
        ),
        Expected(
            title="Grain prices steady ahead of harvest report",
            date="2008-03-04",
            date_text="4 March 2008",
            source="Commodity Wire",
            byline=None,
            section=None,
            language="en",
            location=None,
            copyright="(c) 2008 Commodity Wire Ltd.",
            body_starts="Wheat and maize futures were little changed",
            body_ends="had already priced in a larger crop.",
        ),
        Expected(
            title="Library reopens with a new reading room",
            date="2008-03-05",
            date_text="5 March 2008",
            source="Highland News",
            byline="Tom Reeve",
            section=None,
            language="en",
            location=None,
            copyright="© 2008 Highland News Group",
            body_starts="The town library opened its doors again on Wednesday after a year of building work,",
            body_ends="Readers queued in the rain before the doors opened.",
        ),
    ),
    "factiva-japanese-ui.html": (
        Expected(
            title="Shipyard wins order for two research vessels",
            date="2008-03-03",
            date_text="2008年3月3日",
            source="Kansai Harbour Monitor",
            byline="Ken Sato",
            section="Business",
            language="en",
            location="KOBE",
            copyright="Copyright 2008 Kansai Harbour Monitor Co.",
            body_starts="A shipyard in Kobe has won an order",
            body_ends="Work on the first ship will start in the autumn.",
        ),
        Expected(
            title="Neue Brücke über die Ruhr freigegeben",
            date="2008-03-02",
            date_text="2008年3月2日",
            source="Ruhrtal Bote",
            byline=None,
            section=None,
            language="de",
            location="ESSEN",
            copyright="(c) 2008 Ruhrtal Bote Verlag",
            body_starts="Nach zwei Jahren Bauzeit",
            body_ends="von einem guten Tag für die Stadt.",
        ),
    ),
    "factiva-indexing-french-ui.html": (
        Expected(
            title="Le port du Havre mise sur le ferroviaire",
            date="2008-03-03",
            date_text="3 mars 2008",
            source="Le Quotidien de la Côte",
            byline="Claire Dumas",
            section="Économie",
            language="fr",
            location="LE HAVRE",
            copyright="(c) 2008 Le Quotidien de la Côte. Tous droits réservés.",
            body_starts="Le port veut doubler la part du rail",
            body_ends="Les transporteurs routiers restent prudents.",
        ),
        Expected(
            title="Wind farm cable laid across the estuary",
            date="2008-03-04",
            date_text="4 mars 2008",
            source="North Sea Wire",
            byline=None,
            section=None,
            language="en",
            location=None,
            copyright=None,
            body_starts="Engineers finished laying the export cable",
            body_ends="for the estuary wind farm on Tuesday.",
        ),
    ),
}
CASES = [(name, position) for name, expected in EXPECTED.items() for position in range(len(expected))]


def page(name: str) -> bytes:
    return (EXPORTS / name).read_bytes()


def articles(raw: bytes) -> list[ParsedArticle]:
    return [reader.parse(chunk) for chunk in reader.split(raw)]


@pytest.mark.parametrize(("name", "position"), CASES)
def test_every_article_of_the_pages_yields_its_fields(name: str, position: int) -> None:
    found = articles(page(name))
    assert len(found) == len(EXPECTED[name])
    assert observed(found[position], EXPECTED[name][position]) == EXPECTED[name][position]


def test_metadata_summary_and_document_lines_stay_out_of_the_text() -> None:
    for name in EXPECTED:
        for article in articles(page(name)):
            for furniture in ("words", "Document ", "Dokument ", "文書", "Search Summary", "Results Found", "mots"):
                assert furniture not in article.body
            for code in ("HD", "LP", "TD", "CO", "NS", "RE", "IPD", "AN"):
                assert f"\n{code}\n" not in f"\n{article.body}\n"
            assert "Port du Havre" not in article.body and "gtrans" not in article.body


def test_the_search_timestamp_is_never_a_date() -> None:
    for name in EXPECTED:
        assert all(article.date != "2018-03-20" for article in articles(page(name)))


def test_a_date_in_an_unread_language_is_kept_as_written_and_not_guessed() -> None:
    first = articles(page("factiva-3-articles.html").replace(b"3 March 2008", b"3 Mart 2008"))[0]
    assert (first.date, first.date_text, first.source) == (None, "3 Mart 2008", "The Evening Ledger")


def test_a_wire_table_keeps_its_lines() -> None:
    grain = articles(page("factiva-3-articles.html"))[1]
    assert "WHEAT     215.50   +0.25\nMAIZE     160.75   -0.50" in grain.body


def test_a_garbled_article_fails_alone() -> None:
    chunks = reader.split(page("factiva-garbled-article.html"))
    assert len(chunks) == 3
    with pytest.raises(ParseError, match="no headline"):
        reader.parse(chunks[1])
    titles = [reader.parse(chunks[0]).title, reader.parse(chunks[2]).title]
    assert titles == ["Council approves budget for road repairs", "School choir to sing at national festival"]


def test_a_chunk_is_a_document_of_its_own_that_reparses_alone() -> None:
    for chunk in reader.split(page("factiva-3-articles.html")):
        text = chunk.decode("utf-8")
        assert text.count('id="article-') == 1 and "Search Summary" not in text and "navcontainer" not in text
        assert [reader.parse(again) for again in reader.split(chunk)] == [reader.parse(chunk)]


def test_a_page_saved_in_latin_1_that_declares_utf_8_is_read() -> None:
    raw = page("factiva-3-articles.html").replace(b"Maria Lopez", "María López".encode("latin-1"))
    assert articles(raw)[0].byline == "María López"


def test_a_page_without_articles_is_refused() -> None:
    with pytest.raises(ParseError, match="no Factiva articles"):
        reader.split(b"<html><head><title>Factiva</title></head><body><div>No results.</div></body></html>")


def claimed(name: str, raw: bytes) -> bool:
    return reader.claims(sample(name, raw))


def test_claims_the_pages_by_content_whatever_their_names() -> None:
    for name in (*EXPECTED, "factiva-garbled-article.html"):
        assert claimed(name, page(name))
        assert claimed("saved.txt", page(name))


def test_leaves_other_formats_and_news_pages_alone() -> None:
    assert not claimed("nexis.html", page("nexis-3-articles.html"))
    mentions = b"<html><head><title>Dow Jones sells Factiva stake</title></head><body><article><h1>Deal</h1>"
    mentions += b"<p>Dow Jones said that Factiva, its news database, had a new owner.</p></article></body></html>"
    assert not claimed("news.html", mentions)


def corpus_pages() -> list[Path]:
    folders = (CORPUS / "html-readability", CORPUS / "html-newspaper4k")
    pages = sorted(path for folder in folders for path in folder.rglob("*.html"))
    if not pages:
        pytest.skip("no web page corpus in ../shared/corpus")
    return pages


def test_ordinary_news_pages_of_the_corpus_are_not_claimed() -> None:
    assert [path.name for path in corpus_pages() if claimed(path.name, path.read_bytes())] == []


CORPUS_COUNTS = {"nyt_1_1993-01-03.html": 27, "suddeutsche_1_2017-11-19.html": 51, "chinese-ui.html": 97}


@pytest.mark.parametrize(("name", "count"), CORPUS_COUNTS.items())
def test_every_article_of_a_real_page_is_read(name: str, count: int) -> None:
    raw = corpus_export("factiva-html", name)
    assert claimed(name, raw)
    found = articles(raw)
    assert len(found) == count
    for article in found:
        assert article.title and article.source and article.date and article.body and article.language
        assert article.copyright
        assert article.date != "2020-01-16", "the search summary's timestamp is no publication date"


def test_a_real_page_with_a_german_interface_reads_field_by_field() -> None:
    first = articles(corpus_export("factiva-html", "nyt_1_1993-01-03.html"))[0]
    assert first.title == "EUROPEAN INQUIRY SAYS SERBS' FORCES HAVE RAPED 20,000"
    assert (first.date, first.date_text) == ("1993-01-09", "9 Januar 1993")
    assert (first.source, first.byline, first.section) == ("The New York Times", "ALAN RIDING", "Foreign Desk; 1")
    assert (first.language, first.location) == ("en", "PARIS")
    assert first.copyright == "Copyright 1993 The New York Times Company. All Rights Reserved."
    assert first.body.startswith("A team of European Community investigators")


def test_a_real_page_with_a_chinese_interface_reads_field_by_field() -> None:
    found = articles(corpus_export("factiva-html", "chinese-ui.html"))
    first = found[0]
    assert first.title == "WDR 3 Forum: Erinnerungskultur in Computerspielen"
    assert (first.date, first.date_text) == ("2018-10-07", "2018 年 10 月 7 日 17:04")
    assert (first.source, first.language) == ("WDR Radio Transkripte", "de")
    assert {article.language for article in found} >= {"en", "de", "es", "ja", "zhcn", "zhtw"}


def test_a_real_german_newspaper_page_reads_field_by_field() -> None:
    first = articles(corpus_export("factiva-html", "suddeutsche_1_2017-11-19.html"))[0]
    assert first.title.startswith("Aktuell Jamaika-Ende; Seit Sonntagabend ist klar")
    assert (first.date, first.source, first.byline, first.section) == (
        "2017-11-25",
        "Süddeutsche Zeitung",
        "GCA",
        "Kinderseiten",
    )
    assert "Fotos: dpa, AFP" not in first.body and "Document SDDZ" not in first.body


DATE_FIELDS = {
    "3 March 2008": ("3 March 2008", "2008-03-03"),
    "9 Januar 1993": ("9 Januar 1993", "1993-01-09"),
    "27. Februar 2012 Montag 9:50 PM GMT+1": ("27. Februar 2012 Montag 9:50 PM GMT+1", "2012-02-27"),
    "3 mars 2008": ("3 mars 2008", "2008-03-03"),
    "3 de marzo de 2008": ("3 de marzo de 2008", "2008-03-03"),
    "7 октября 2018": ("7 октября 2018", "2018-10-07"),
    "2008年3月3日": ("2008年3月3日", "2008-03-03"),
    "2018 年 10 月 7 日 17:04": ("2018 年 10 月 7 日 17:04", "2018-10-07"),
    "2008년 3월 3일": ("2008년 3월 3일", "2008-03-03"),
    "March 14, 2013 Thursday 11:21 AM GMT": ("March 14, 2013 Thursday 11:21 AM GMT", "2013-03-14"),
    "January 3, 1993, Sunday, Late Edition - Final": ("January 3, 1993, Sunday", "1993-01-03"),
    "2008-03-03": ("2008-03-03", "2008-03-03"),
    "25/04/2007": ("25/04/2007", "2007-04-25"),
    "03/03/2008": ("03/03/2008", "2008-03-03"),
    "11/04/2007": ("11/04/2007", None),
}


@pytest.mark.parametrize(("field", "expected"), DATE_FIELDS.items())
def test_date_fields_read_in_every_interface_language(field: str, expected: tuple[str, str | None]) -> None:
    found = find_date(field)
    assert found is not None and (found.text, found.iso) == expected


@pytest.mark.parametrize("field", ["April 16", "30 February 2010", "Late Edition - Final", "8165 字", "Volume 32"])
def test_fields_without_a_full_date_give_none(field: str) -> None:
    assert find_date(field) is None


def test_a_dateline_loses_its_date_and_keeps_its_place() -> None:
    places = [without_date(text) for text in ("BEIRUT, March 14 2013", "WHITBY, March 2", "BONN, 27. Februar")]
    assert places == ["BEIRUT", "WHITBY", "BONN"]


# fmt: off
HTML_PIECES = st.sampled_from([
    "<html>", "<head><title>Factiva</title></head>", "<body>", "</body>", "<div>", "</div>", "<p>", "</p>",
    '<div id="article-X1" class="article">', '<div class="article enArticle">', '<div class="article zhcnArticle">',
    '<div id="hd">', '<span class="enHeadline">', "</span>", '<div class="author">', "By ", "612 words",
    "3 March 2008", "2008年3月3日", "03/03/2008", "14:05", "Copyright 2008 X", "English",
    '<p class="articleParagraph enarticleParagraph">', "<pre>", "</pre>", "<table>", "<tr>", "<td>", "</td>",
    "HD", "LP", "TD", "PD", "SN", "&nbsp;", "&#0;", "<br>", "<!--", "-->", "<?xml version='1.0'?>", "\x00",
    "\x1b[31m", "\u202e", "MADRID, March 2 -- ",
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
