"""The web-page reader: the sample pages field by field, the rules for titles, dates and "no article", hostile
bytes, and aggregate figures on the real saved pages in `shared/corpus/` (skipped when it is absent)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.errors import ParseError
from store.ingest.readers import Sample
from store.ingest.readers.html import READER, parse_page
from store.model import ParsedArticle

REPO = Path(__file__).resolve().parents[1]
PAGES = REPO / "fixtures" / "pages"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

sys.path.insert(0, str(REPO / "bench"))

from extraction_compare import has_names, lead_key, lead_keys, same_title, states_day  # noqa: E402
from extraction_truth import Dating, Truth, newspaper4k, readability  # noqa: E402

TEXT = "<p>" + " ".join(["The council met on Tuesday and agreed the budget after a long debate."] * 4) + "</p>"
"""A paragraph of article text for pages built inline."""


@dataclass(frozen=True)
class Expected:
    """The fields a sample page must yield exactly; `opening` and `closing` are the body's first and last words."""

    title: str
    opening: str
    closing: str
    date: str | None = None
    date_text: str | None = None
    source: str | None = None
    site: str | None = None
    byline: str | None = None
    location: str | None = None
    headings: tuple[str, ...] = ()
    url: str | None = None
    language: str | None = None
    copyright: str | None = None
    section: str | None = None


EXPECTED: dict[str, Expected] = {
    "news-jsonld-og-site-suffix.html": Expected(
        "Harbour cranes return to Felixstowe after six-week strike",
        "The cranes at Felixstowe were moving again",
        "almost half of the country's container traffic.",
        date="2023-10-02",
        date_text="2023-10-02T07:45:00+01:00",
        source="Reuters",
        site="The Daily Courier",
        byline="Priya Raman, Tom Heald",
        location="LONDON",
        headings=("Backlog of ships",),
        url="https://www.dailycourier.example/business/2023/10/02/felixstowe-cranes-return",
        language="en-GB",
        section="Business",
    ),
    "blog-undated-copyright-sidebar.html": Expected(
        "Why the village bakery still bakes at four in the morning",
        "Every morning at a quarter to four",
        "the way the regulars expect.",
        byline="Margaret Ellison",
        url="https://notesfromashby.example/why-the-village-bakery-still-bakes-at-four",
        language="en",
    ),
    "dateline-rferl-reprint.html": Expected(
        "Czech Republic: Parliament Fails Again To Elect President",
        "The Czech parliament has failed for a second time",
        "abstained in the final round.",
        date="2008-03-03",
        date_text="March 3, 2008",
        source="RFE/RL",
        site="GlobalSecurity.org",
        location="PRAGUE",
        headings=("Secret ballot rejected",),
        language="en",
        copyright="Copyright (c) 2008. RFE/RL, Inc. Reprinted with the permission of Radio Free Europe/Radio "
        "Liberty, 1201 Connecticut Ave., N.W. Washington DC 20036.",
    ),
    "page-saved-as.txt": Expected(
        "Library reopens with a new reading garden",
        "The Valley public library reopened on Saturday",
        "hold the first reading there next month.",
        date="2015-06-13",
        date_text="June 13, 2015",
        site="Valley Record",
        byline="Luis Ortega",
        language="en-US",
    ),
}

FURNITURE = (
    "cookies",
    "Share on",
    "Related stories",
    "Port strike enters",
    "harbourwatcher",
    "Recent posts",
    "Market day",
    "Sign up",
    "Subscribe",
    "Mailing list",
    "Privacy",
    "Tags:",
    "Home",
    "window.dataLayer",
)
"""Words of navigation, banners, share buttons, related links, comments and scripts: never in a body."""


def page(head: str = "", body: str = TEXT) -> bytes:
    """A small page built inline."""
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def parse(raw: bytes) -> ParsedArticle:
    return READER.parse(raw)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_page_fields(name: str) -> None:
    """Every field of every sample page, exactly."""
    expected = EXPECTED[name]
    article = parse((PAGES / name).read_bytes())
    got = {field: getattr(article, field) for field in expected.__dataclass_fields__ if hasattr(article, field)}
    want = {field: getattr(expected, field) for field in got}
    assert got == want
    assert article.body.startswith(expected.opening)
    assert article.body.endswith(expected.closing)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_page_body_is_only_the_article(name: str) -> None:
    """Paragraphs apart by one blank line, and none of the page's furniture in them."""
    article = parse((PAGES / name).read_bytes())
    assert "\n\n\n" not in article.body
    assert all(paragraph.strip() == paragraph and paragraph for paragraph in article.body.split("\n\n"))
    assert [word for word in FURNITURE if word in article.body] == []


def test_every_sample_page_is_listed() -> None:
    assert sorted(path.name for path in PAGES.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize(
    ("name", "head", "claimed"),
    [
        ("story.txt", b"<!DOCTYPE html><html><head>", True),
        ("story.txt", b"\xef\xbb\xbf  <!-- saved from url -->\n<HTML lang=en>", True),
        ("story", b"<?xml version='1.0'?>\n<!doctype html>", True),
        ("story.dat", b"\n\n<head><title>x</title>", True),
        ("story.htm", b"<div class=story><p>Text</p></div>", True),
        ("story.txt", b"<div class=story><p>Text</p></div>", False),
        ("story.html", b"Just words about <html> in a sentence.", False),
        ("story.txt", b"HEADLINE\n\nThe council met on Tuesday.", False),
    ],
)
def test_claims_by_content(name: str, head: bytes, claimed: bool) -> None:
    """HTML by its opening tags whatever the name; a page extension only with markup in it."""
    assert READER.claims(Sample(name, head, head.decode("utf-8-sig"))) is claimed


def test_split_is_the_whole_file() -> None:
    raw = (PAGES / "page-saved-as.txt").read_bytes()
    assert READER.split(raw) == [raw]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (page(body="<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"), "no article text found"),
        (page(head="<link rel='canonical' href='https://news.example/'>"), "a site's front page"),
        (b"<?xml version='1.0'?><rss version='2.0'><channel><title>Feed</title></channel></rss>", "a news feed"),
    ],
)
def test_no_article_is_a_parse_error(raw: bytes, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        parse(raw)


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        ("<title>Obama admits gun laws frustrate him - BBC News</title><meta property='og:site_name' "
         "content='BBC News'>", TEXT, "Obama admits gun laws frustrate him"),
        ("<title>BBC News - Obama admits gun laws frustrate him</title><meta property='og:site_name' "
         "content='BBC News'>", TEXT, "Obama admits gun laws frustrate him"),
        ("<title>Bridge reopens | Local | The Valley Record</title>", "<h1>Bridge reopens</h1>" + TEXT,
         "Bridge reopens"),
        ("<title>Firefox — Customize and make it your own — The most flexible browser</title>", TEXT,
         "Firefox — Customize and make it your own — The most flexible browser"),
        ("<title>Storm closes port - Salon.com</title><link rel=canonical href='https://www.salon.com/a/b'>",
         TEXT, "Storm closes port"),
        ("<title>Site Name - Page</title><script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
         "\"headline\": \"The JSON-LD headline\"}</script>", TEXT, "The JSON-LD headline"),
        ("<title>Mozilla - Wikipedia</title>", "<h1>My Blog</h1>" + TEXT, "Mozilla - Wikipedia"),
    ],
)  # fmt: skip
def test_title_is_the_headline_without_the_site(head: str, body: str, title: str) -> None:
    assert parse(page(head, body)).title == title


@pytest.mark.parametrize(
    ("head", "body"),
    [
        ("<meta property='article:modified_time' content='2020-05-01T10:00:00Z'>", TEXT),
        ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"dateModified\": \"2020-05-01\"}"
         "</script>", TEXT),
        ("", TEXT + "<footer><p>Copyright © 2019 The Valley Record. All rights reserved.</p></footer>"),
        ("", "<article>" + TEXT + "</article><aside class='sidebar'><ul><li>Older post <time class='published' "
         "datetime='2019-03-03'>March 3, 2019</time></li></ul></aside>"),
        ("", "<article>" + TEXT + "</article><div class='comments'><time pubdate datetime='2019-03-04'>"
         "March 4, 2019</time><p>Great story.</p></div>"),
        ("", "<article><h1>Budget agreed</h1><p>Updated: March 5, 2019</p>" + TEXT + "</article>"),
        ("<link rel='canonical' href='https://news.example/2019/03/'>", TEXT),
        ("", "<div itemscope itemtype='https://schema.org/VideoObject'><meta itemprop='datePublished' "
         "content='2019-03-06'></div>" + TEXT),
    ],
)  # fmt: skip
def test_no_stated_publication_date_is_none(head: str, body: str) -> None:
    """Modification dates, copyright years, sidebars, comments, `Updated` lines, a month-only path and the
    date of another microdata item (a video) are not the article's publication date."""
    assert parse(page(head, body)).date is None


@pytest.mark.parametrize(
    ("head", "body", "date", "date_text"),
    [
        ("<script type='application/ld+json'>[{\"@type\": \"WebSite\"}, {\"@graph\": [{\"@type\": "
         "\"ReportageNewsArticle\", \"datePublished\": \"2015-07-24T23:30-05:00\"}]}]</script>", TEXT,
         "2015-07-24", "2015-07-24T23:30-05:00"),
        ("<meta name='pubdate' content='20190304'>", TEXT, "2019-03-04", "20190304"),
        ("<meta itemprop='datePublished' content='2019-03-06'>", TEXT, "2019-03-06", "2019-03-06"),
        ("", "<article><time itemprop='datePublished' datetime='2019-03-04T08:00'>4 March 2019</time>" + TEXT
         + "</article>", "2019-03-04", "4 March 2019"),
        ("", "<p>PRAGUE, March 3, 2008 (RFE/RL) -- The Czech parliament failed again on Monday to elect a "
         "president after three rounds of voting.</p>" + TEXT, "2008-03-03", "March 3, 2008"),
        ("", "<h1>Budget agreed</h1><div class='info'>2023-11-17 20:52</div>" + TEXT, "2023-11-17",
         "2023-11-17 20:52"),
        ("<link rel='canonical' href='https://news.example/2019/03/04/budget-agreed'>", TEXT, "2019-03-04",
         "2019/03/04"),
        ("<meta name='date' content='04/03/2008'>", TEXT, None, None),
    ],
)  # fmt: skip
def test_stated_publication_date(head: str, body: str, date: str | None, date_text: str | None) -> None:
    """Each place a page states its publication date; an ambiguous numeric date stays unread."""
    if "<h1>Budget agreed</h1>" in body:
        head += "<title>Budget agreed</title>"
    article = parse(page(head, body))
    assert (article.date, article.date_text) == (date, date_text)


def test_dateline_place_and_agency_are_read_and_cut() -> None:
    article = parse(page("<meta property='og:site_name' content='The Courier'>", "<p>WASHINGTON (AP) -- The "
                         "Senate passed the bill late on Tuesday after a debate that lasted most of the day.</p>"
                         + TEXT))  # fmt: skip
    assert (article.location, article.source, article.site) == ("WASHINGTON", "AP", "The Courier")
    assert article.body.startswith("The Senate passed the bill")


def test_agency_that_is_the_site_is_no_source() -> None:
    body = "<p>WASHINGTON (CNN) -- The Senate passed the bill late on Tuesday after a long debate.</p>" + TEXT
    assert parse(page("<meta property='og:site_name' content='CNN'>", body)).source is None


def test_site_name_is_no_author() -> None:
    head = (
        "<meta property='og:site_name' content='BBC News'><script type='application/ld+json'>{\"@type\": "
        '"NewsArticle", "author": {"@type": "Organization", "name": "BBC News"}}</script>'
    )
    assert parse(page(head)).byline is None


def test_a_person_who_is_also_the_publisher_is_the_author() -> None:
    """A personal site: JSON-LD says the author is a Person and the publisher has the same name."""
    head = (
        "<meta property='og:site_name' content='Haki Benita'><script type='application/ld+json'>{\"@type\": "
        '"Article", "author": {"@type": "Person", "name": "Haki Benita"}, "publisher": {"@type": "Organization", '
        '"name": "Haki Benita"}}</script>'
    )
    assert parse(page(head)).byline == "Haki Benita"


@pytest.mark.parametrize(
    "author",
    ["Bradley M. Kuhn (http://ebb.org/bkuhn/)", "Bradley M. Kuhn <bkuhn@ebb.org>", "Bradley M. Kuhn [www.ebb.org]"],
)
def test_an_address_after_the_authors_name_is_no_part_of_it(author: str) -> None:
    assert parse(page(f"<meta name='author' content='{author}'>")).byline == "Bradley M. Kuhn"


def test_mojibake_in_metadata_is_mended() -> None:
    """UTF-8 read as Latin-1 on its way into the page (`â\x80\x98`) is read back as the quote it was."""
    quote, apostrophe = "\u00e2\u0080\u0098", "\u00e2\u0080\u0099"
    head = f"<meta property='og:title' content='Gates: {quote}Being friendly doesn{apostrophe}t help{apostrophe}'>"
    assert parse(page(head)).title == "Gates: \u2018Being friendly doesn\u2019t help\u2019"


def test_hidden_text_is_not_read() -> None:
    body = "<p style='display: none'>Secret draft paragraph that no reader of the page can see at all.</p>" + TEXT
    assert "Secret draft" not in parse(page(body=body)).body


def test_declared_charset_decodes_the_page() -> None:
    raw = page("<meta charset='gb2312'><title>人工智能迈上新台阶</title>", "<p>" + "人工智能迈上新台阶。" * 30 + "</p>")
    article = parse(raw.decode("utf-8").encode("gb2312"))
    assert article.title == "人工智能迈上新台阶"


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_raise_only_parse_errors(raw: bytes) -> None:
    with contextlib.suppress(ParseError):
        parse(raw)


_TAGS = st.sampled_from([
    "html", "head", "body", "title", "h1", "h2", "p", "div", "time", "meta", "script", "article", "aside", "span",
    "br", "a", "table", "tr", "td", "ul", "li", "abbr", "link",
])  # fmt: skip
_ATTRIBUTES = st.sampled_from([
    "", ' itemprop="datePublished" content="2019-02-30"', ' property="og:title" content="A | B"',
    ' type="application/ld+json"', ' pubdate datetime="x"', ' class="published byline"',
    ' rel="canonical" href="http://x.org/2019/13/40/"', ' style="display:none"', " hidden", ' lang="en"',
    ' itemscope itemtype="Comment"',
])  # fmt: skip
_TEXTS = st.text(max_size=80) | st.sampled_from([
    '{"@type":"NewsArticle","headline":"H","datePublished":"2020-01-02","author":[{"name":"A"},null,3]}',
    "[[[[[[[[[[", "By John Smith", "PRAGUE, March 3, 2008 (RFE/RL) -- Text.", "&amp;", "<!--", "]]>", "March 3",
])  # fmt: skip
_PIECES = st.builds(
    lambda tag, attributes, text, closed: f"<{tag}{attributes}>{text}" + (f"</{tag}>" if closed else ""),
    _TAGS,
    _ATTRIBUTES,
    _TEXTS,
    st.booleans(),
)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_PIECES, max_size=40), st.sampled_from(["utf-8", "utf-16", "cp1252"]), st.integers(0, 4000))
def test_html_like_text_raises_only_parse_errors(pieces: list[str], encoding: str, cut: int) -> None:
    """Malformed, truncated and hostile pages give an article or a `ParseError`, never anything else."""
    raw = ("<!doctype html><html>" + "".join(pieces)).encode(encoding, "replace")
    for chunk in (raw, raw[:cut]):
        with contextlib.suppress(ParseError):
            parse(chunk)


@dataclass
class Score:
    """Right answers per field over a corpus, and the dates produced that the page does not write."""

    right: dict[str, int]
    total: dict[str, int]
    unwritten: list[str]

    def share(self, field: str) -> float:
        return 100 * self.right[field] / self.total[field]


def _score(truths: Iterator[Truth]) -> Score:
    score = Score(dict.fromkeys(("title", "date", "lead", "byline"), 0), dict.fromkeys(("title", "date", "lead",
                  "byline"), 0), [])  # fmt: skip
    for truth in truths:
        try:
            got: ParsedArticle | None = parse(truth.path.read_bytes())
        except ParseError:
            got = None
        _judge(score, truth, got)
    return score


def _judge(score: Score, truth: Truth, got: ParsedArticle | None) -> None:
    def judge(field: str, ok: bool) -> None:
        score.total[field] += 1
        score.right[field] += ok

    if truth.article and truth.title is not None:
        judge("title", same_title(truth.title, got.title if got else None))
    if truth.article and truth.lead is not None and lead_keys(truth.lead, truth.title):
        judge("lead", got is not None and lead_key(got.body) in lead_keys(truth.lead, truth.title))
    if truth.names:
        judge("byline", has_names(truth.names, got.byline if got else None))
    if truth.dating is Dating.STATED:
        judge("date", got is not None and got.date == truth.day)
    if got is not None and got.date is not None:
        page_text = truth.path.read_bytes().decode("utf-8", "replace")
        written = (got.date, got.date.replace("-", "/"), got.date.replace("-", ""))
        if not (states_day(page_text, got.date) or any(form in page_text for form in written)):
            score.unwritten.append(f"{truth.name}: {got.date}")


def _corpus(name: str, loader: Callable[[Path], Iterator[Truth]]) -> Score:
    folder = CORPUS / name
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent")
    return _score(loader(folder))


def test_readability_pages() -> None:
    """Readability's test pages. Its null `publishedTime` means only that Readability read no JSON-LD or
    `article:published_time` date, so a date there is held to the stricter rule that the page writes it."""
    score = _corpus("html-readability", readability)
    assert score.unwritten == []
    assert score.share("date") >= 95
    assert score.share("title") >= 80
    assert score.share("lead") >= 72
    assert score.share("byline") >= 68


def test_newspaper4k_pages() -> None:
    score = _corpus("html-newspaper4k", newspaper4k)
    assert score.unwritten == []
    assert score.share("date") >= 93
    assert score.share("title") >= 80
    assert score.share("lead") >= 82


def test_a_page_the_fast_reading_finds_too_little_in_is_read_again_thoroughly() -> None:
    """trafilatura's fast mode keeps only 265 characters of this page; its full mode finds the rest."""
    page = CORPUS / "html-readability" / "nytimes-5" / "source.html"
    if not page.is_file():
        pytest.skip(f"{page} is absent")
    article = parse_page(page.read_bytes())
    assert len(article.body) > 2000
    assert article.body.startswith("Estaba obsesionado con el cuarteto de Liverpool")


@pytest.mark.parametrize(
    "aside",
    [
        "[What you need to know to start the day: get New York Today in your inbox, every morning of the week.]",
        "Topics: uber, libertarians, sydney, editor's picks, sharing economy, taxis, regulation, transport",
        "Filed under: Politics, Europe, Missile defence, Czech Republic, Poland, Russia, NATO",
    ],
)
def test_an_aside_or_a_topic_list_above_the_lead_is_no_part_of_the_text(aside: str) -> None:
    body = f"<article><h1>Radar Talks Stall</h1><p>{aside}</p>{TEXT}</article>"
    article = parse(page("<title>Radar Talks Stall</title>", body))
    assert article.body.startswith("The council met on Tuesday")
