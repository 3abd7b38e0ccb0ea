"""Factiva result pages saved as HTML: one record per article of the page.

Factiva prints every article in a `<div class="article xxArticle">` (`xx` is the article's language code:
`enArticle`, `deArticle`), usually inside a `<div id="article-ACCESSION">`. Two layouts are in use:

- the article layout: unlabelled `<div>`s in a fixed order (section, the headline in `#hd` /
  `.xxHeadline`, `.author`, a credit line, word count, date, time, source, source code, edition, page,
  language, copyright), then the text in `p.articleParagraph`, then the distributor and `Document ACCESSION`;
- the indexing layout (`Full Article/Report plus Indexing`): a table whose rows are opened by Factiva's field
  codes (`HD`, `BY`, `WC`, `PD`, `SN`, `LA`, `CY`, `LP`, `TD`, `AN` ...), read in `factiva_codes`.

The interface language changes every word on the page (`877 Wörter`, `2018 年 10 月 7 日`, `英文`) but neither
the classes, the field codes nor the order, so those are what this reader goes by. The search summary printed
after the articles, and the page's navigation, are no article. The language recorded is the code in the
article's class (`en`), which does not depend on the interface; the stated name stands in only without it.
"""

from __future__ import annotations

import re

from store.errors import ParseError
from store.ingest import boilerplate
from store.ingest.decode import clean_text
from store.ingest.readers import Reader, Sample
from store.ingest.readers.export_dates import find_date
from store.ingest.readers.export_html import (
    HtmlElement,
    chunk_document,
    cut_dateline,
    decode_html,
    has_class,
    has_words,
    outermost,
    parse_document,
    read_chunk,
    text_of,
    without_by,
)
from store.ingest.readers.factiva_codes import CodedArticle, coded_rows, read_coded
from store.model import ParsedArticle

_LANGUAGE_CODE = r"[a-z]{2}(?:cn|tw)?"
"""Factiva's language codes: two letters, and `zhcn` / `zhtw` for Chinese."""
ARTICLE_CLASS = re.compile(rf"(?P<language>{_LANGUAGE_CODE})Article")
_HEADLINE_CLASS = re.compile(rf"{_LANGUAGE_CODE}Headline")
_PARAGRAPH_CLASS = re.compile(rf"(?:{_LANGUAGE_CODE})?articleParagraph")
_AUTHOR_CLASS = re.compile("author")
_ARTICLE_ID = "article-"

_BRAND = re.compile(
    r"<title>\s*(?:Dow\s+Jones\s+)?Factiva\b|class=[\"']?factivalogo|printsavews\.aspx|>\s*Dow\s+Jones\s+Factiva\s*<",
    re.IGNORECASE,
)
_STRUCTURE = re.compile(r"articleParagraph|id=[\"']article-|\b[a-z]{2}(?:Headline|Article)\b")
_HEADLINE_MARK = re.compile(r"id=[\"']hd[\"']")
_HTML = re.compile(r"<(?:html|body|div)\b", re.IGNORECASE)

_WORD_COUNT = re.compile(r"\d[\d,.\u00a0 ]*\s*[^\d\s]{1,15}")
"""`877 words`, `877 Wörter`, `8165 字`: a number and one word."""
_TIME = re.compile(r"\d{1,2}[:.h]\d\d(?::\d\d)?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,5})?")
_LANGUAGE_WORDS = 3


def claims(sample: Sample) -> bool:
    """An HTML page that Factiva made: its brand (title, logo, print/save form) together with its article
    markup, or the article markup alone when all of it is there (`#hd`, `xxHeadline`, `articleParagraph`).
    A news page that mentions Factiva or Dow Jones has neither."""
    text = sample.text if sample.text is not None else sample.head.decode("latin-1")
    if _HTML.search(text) is None or _STRUCTURE.search(text) is None:
        return False
    self_evident = _HEADLINE_MARK.search(text) and "articleParagraph" in text and "Headline" in text
    return bool(_BRAND.search(text) or self_evident)


def split(raw: bytes) -> list[bytes]:
    """One chunk per article: its `div#article-…` (or its `div.xxArticle`) as a document of its own."""
    page = parse_document(decode_html(raw))
    articles = _articles(page.root)
    if not articles:
        raise ParseError("no Factiva articles in this page")
    return [chunk_document([article]) for article in articles]


def _articles(root: HtmlElement) -> list[HtmlElement]:
    """The outermost article containers of the page (`div#article-…`, else `div.xxArticle`), in page order."""
    return outermost(root, _is_article)


def _is_article(element: HtmlElement) -> bool:
    return element.tag == "div" and (
        has_class(element, ARTICLE_CLASS) or str(element.get("id") or "").startswith(_ARTICLE_ID)
    )


def parse(chunk: bytes) -> ParsedArticle:
    """One article of a Factiva page; `ParseError` when it has no headline."""
    root = read_chunk(chunk).root
    article = _article_div(root)
    language = _language_code(article)
    rows = coded_rows(article)
    found = read_coded(rows) if rows else _read_article_layout(article)
    if found.title is None or not has_words(found.title):
        raise ParseError("no headline in this Factiva article")
    paragraphs = list(found.paragraphs)
    location = cut_dateline(paragraphs)
    date = find_date(found.date_field, "\n".join(paragraphs)) if found.date_field else None
    return ParsedArticle(
        title=found.title,
        body="\n\n".join(paragraphs),
        date=date.iso if date else None,
        date_text=date.text if date else found.date_field,
        source=found.source,
        byline=without_by(found.byline),
        location=location,
        headings=boilerplate.lone_headings(paragraphs),
        copyright=found.copyright,
        language=language or found.language,
        section=found.section,
    )


def _article_div(root: HtmlElement) -> HtmlElement:
    """The chunk's article div: the language-classed one inside `div#article-…`, or the container itself."""
    containers = outermost(root, _is_article)
    if not containers:
        raise ParseError("no Factiva article in this chunk")
    inner = next((div for div in containers[0].iterchildren("div") if has_class(div, ARTICLE_CLASS)), None)
    return containers[0] if inner is None else inner


def _language_code(article: HtmlElement) -> str | None:
    for name in str(article.get("class") or "").split():
        match = ARTICLE_CLASS.fullmatch(name)
        if match:
            return match["language"]
    return None


def _read_article_layout(article: HtmlElement) -> CodedArticle:
    """The unlabelled layout: fields told apart by their place around the headline and the word count.

    Only the `<div>`s above the text are fields; the text is the `p.articleParagraph`s (and any `<pre>`), and
    the plain `<p>`s after it (captions, the distributor, `Document ACCESSION`) are left out.
    """
    found = CodedArticle()
    before: list[str] = []
    after: list[str] = []
    for child in article.iterchildren():
        if not isinstance(child.tag, str):
            continue
        if child.tag == "pre" or (child.tag == "p" and has_class(child, _PARAGRAPH_CLASS)):
            found.paragraphs.extend(_paragraph_lines(child))
        elif child.tag != "div" or found.paragraphs:
            continue
        elif _is_headline(child):
            found.title = text_of(child)
        elif has_class(child, _AUTHOR_CLASS):
            found.byline = found.byline or text_of(child)
        elif text := text_of(child):
            (after if found.title else before).append(text)
    found.section = "; ".join(before) or None
    _read_metadata(after, found)
    return found


def _is_headline(div: HtmlElement) -> bool:
    return div.get("id") == "hd" or any(has_class(element, _HEADLINE_CLASS) for element in div.iter())


def _paragraph_lines(element: HtmlElement) -> list[str]:
    """A text paragraph on one line; a `<pre>` (a table in wire copy) keeps its lines and their spacing."""
    if element.tag == "pre":
        text = clean_text(str(element.text_content()).replace("\xa0", " "))
        lines = [line.rstrip() for line in text.split("\n") if line.strip()]
        return ["\n".join(lines)] if lines else []
    text = text_of(element)
    return [text] if text else []


def _read_metadata(fields: list[str], found: CodedArticle) -> None:
    """Word count, date, time, source, source code, edition, page, language, copyright, in that order.

    The date is the field after the word count even when its language is one no rule here reads (it is then
    kept as written, undated); without a word count it is the first field that reads as a date.
    """
    counted = next((i for i, text in enumerate(fields) if _WORD_COUNT.fullmatch(text)), None)
    if counted is not None:
        dated: int | None = counted + 1
    else:
        dated = next((i for i, text in enumerate(fields) if find_date(text)), None)
    start = 0 if counted is None else counted + 1
    if dated is not None and dated < len(fields):
        found.date_field = fields[dated]
        start = dated + 1
    rest = fields[start:]
    while rest and _TIME.fullmatch(rest[0]):
        rest = rest[1:]
    if rest:
        found.source = rest[0]
        rest = rest[1:]
    if rest and boilerplate.is_copyright(rest[-1]):
        found.copyright = rest.pop()
    if rest and not any(char.isdigit() for char in rest[-1]) and len(rest[-1].split()) <= _LANGUAGE_WORDS:
        found.language = rest[-1]


READER = Reader(name="factiva-html", claims=claims, split=split, parse=parse)
