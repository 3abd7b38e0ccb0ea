"""A saved web page to a `ParsedArticle`: the article trafilatura finds, with what the page states about it.

The page is decoded by its bytes (`export_html.decode_html`: BOM, strict UTF-8, the declared charset, then
cp1252) and parsed once with lxml. From that one tree come the page's own statements (`html_meta`: meta tags,
JSON-LD, `<title>`, `<h1>`, canonical link, marked-up times and authors) and, through trafilatura, the
article's paragraphs (`html_body`). The fields are then reconciled the way a reader of the page would:

- title: the stated headline without the site's name (`html_title`);
- date: only a date the page states as its publication date (`html_dates`), never a guess;
- byline: JSON-LD authors, then author meta tags, then marked-up author names, less any that is the site;
- site: `og:site_name`, else the JSON-LD publisher; source: an agency a dateline credits, when not the site;
- location: the dateline opening the first paragraph (`PRAGUE, March 3, 2008 (RFE/RL) --`), cut off the text.

A page with no article text (an index page, an empty shell) is a `ParseError`, as is anything that is not
HTML at all; nothing else escapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import lxml.html
from lxml import etree

from store.errors import ParseError
from store.ingest import boilerplate
from store.ingest.dateline import Dateline
from store.ingest.readers import Reader, Sample, whole_file
from store.ingest.readers.export_html import decode_html
from store.ingest.readers.html_body import Block, article_blocks
from store.ingest.readers.html_byline import byline, is_site
from store.ingest.readers.html_dates import StatedPage, stated_date
from store.ingest.readers.html_lead import cut_copyright, cut_dateline, from_lead, is_article, top_headings
from store.ingest.readers.html_meta import PageFacts, clean, name_of, read_facts
from store.ingest.readers.html_title import headline, site_from_host
from store.model import ParsedArticle

_PARSER = lxml.html.HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
)
"""trafilatura's own parser settings: comments and processing instructions are no part of any text."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters lxml refuses in a tree's text. Only these go before parsing: the cleaner that every field
passes (`clean_text`) would read a stray C1 byte in a one-line page as a terminal string and eat the rest."""

_OPENING = re.compile(
    r"(?:\ufeff|\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body)[\s>/]", re.IGNORECASE | re.DOTALL
)
"""The start of an HTML document: after a BOM, spaces, comments or an XML declaration, one of its opening tags."""

_FEED_OPENING = re.compile(
    r"(?:\ufeff|\s|<!--.*?-->|<\?xml[^>]*>)*<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE | re.DOTALL
)

_SITE_ROOT = re.compile(r"^(?:https?:)?//[^/?#]+/?(?:index\.\w+)?(?:[?#].*)?$", re.IGNORECASE)
"""The address of a site's front page: a host with no path. A page stating it as its own is an index."""

_MARKUP = re.compile(r"<(?:p|div|title|meta|a|span|h[1-6]|br|article|table)[\s>/]", re.IGNORECASE)

_PAGE_SUFFIXES = frozenset((".html", ".htm", ".xhtml", ".shtml"))

_MAYBE_HIDDEN = etree.XPath("//*[@hidden or contains(@style, 'none') or contains(@style, 'hidden')]")

_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)", re.IGNORECASE)

_URL = re.compile(r"^(?:https?:)?//|^www\.", re.IGNORECASE)


def parse_page(raw: bytes) -> ParsedArticle:
    """Read one saved web page; `ParseError` (and nothing else) when it holds no readable article."""
    text = _NOT_XML.sub("", decode_html(raw))
    if _FEED_OPENING.match(text[:4096]):
        raise ParseError("a news feed (RSS or Atom), not an article")
    root = _parse(text)
    _drop_hidden(root)
    facts = read_facts(root)
    url = _url(facts)
    if url and _SITE_ROOT.match(url):
        raise ParseError("a site's front page, not an article")
    blocks = article_blocks(root)
    if not is_article(blocks):
        blocks = article_blocks(root, thorough=True)
    sites = _site_names(facts)
    printed = [*facts.h1, *top_headings(blocks)]
    stated = headline(_title_statements(facts), printed, [*sites, *facts.logos, site_from_host(url)])
    title = stated.text if stated else None
    blocks, lead_byline = from_lead(blocks, title)
    dateline = cut_dateline(blocks)
    notice = cut_copyright(blocks)
    if not is_article(blocks):
        raise ParseError("no article text found (an index or empty page)")
    paragraphs = [block.text for block in blocks]
    body = "\n\n".join(paragraphs)
    site = sites[0] if sites else _domain_named(stated.cut if stated else ())
    date = stated_date(StatedPage(facts, root, title, url), dateline.date_text if dateline else None, body)
    return ParsedArticle(
        title=title or _fallback_title(blocks),
        body=body,
        date=date.iso if date else None,
        date_text=date.text if date else None,
        source=_source(dateline, site),
        site=site,
        byline=byline(facts, root, [*sites, *facts.logos]) or lead_byline,
        location=dateline.place if dateline else None,
        headings=tuple(block.text for block in blocks if block.heading),
        copyright=notice or facts.first("copyright", "dc:rights", "dcterms:rights"),
        url=url,
        language=facts.lang or facts.first("content-language", "og:locale", "language", "dc:language"),
        section=_section(facts),
    )


def _parse(text: str) -> Any:
    """The page's tree; `ParseError` when lxml makes no document of it."""
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.LxmlError, ValueError) as error:
        raise ParseError(f"not readable as HTML ({type(error).__name__})") from error
    if root is None or not isinstance(root.tag, str):
        raise ParseError("not readable as HTML")
    return root


def _title_statements(facts: PageFacts) -> Iterator[str | None]:
    """The page's title statements, most trusted first."""
    others = [facts.title, facts.first("og:title"), *facts.h1]
    for item in facts.articles:
        yield from _json_titles(clean(item.get("headline")), clean(item.get("name")), others)
    yield facts.first("dc:title", "dcterms:title", "og:title", "parsely-title", "title", "twitter:title")
    yield facts.title


def _json_titles(headline_: str | None, name: str | None, others: list[str | None]) -> list[str | None]:
    """An article's JSON-LD `headline` and `name`, the one the page's other titles bear out first.

    They are usually one text; where they differ, one may be a description (Wikipedia's `headline`) or the
    site's name (`name` on some sites), and the page's `<title>`, `og:title` or `<h1>` says which is the title.
    """
    if name and headline_ and name != headline_:
        stated = [_compact_title(other) for other in others if other]
        if not any(_compact_title(headline_) in other for other in stated) and any(
            _compact_title(name) in other for other in stated
        ):
            return [name, headline_]
    return [headline_, name]


def _compact_title(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


def _site_names(facts: PageFacts) -> list[str]:
    """Names the page gives its site, best first: `og:site_name`, the JSON-LD publisher, the site's own object."""
    names = [facts.first("og:site_name", "application-name")]
    names += [name_of(item.get("publisher")) for item in facts.articles]
    names += facts.organisations
    unique: list[str] = []
    for name in names:
        if name and not _URL.match(name) and name not in unique:
            unique.append(name)
    return unique


def _domain_named(pieces: Iterable[str]) -> str | None:
    """A site named only by its domain in the title (`... - GlobalSecurity.org`), as the text reader reads it."""
    for piece in pieces:
        domain = boilerplate.site_name(piece)
        if domain and piece.lower().removeprefix("www.") == domain.lower():
            return domain
    return None


def _url(facts: PageFacts) -> str | None:
    """The address the page states for itself: its canonical link, else `og:url` (absolute ones only)."""
    for candidate in (facts.canonical, facts.first("og:url")):
        if candidate and _URL.match(candidate):
            return candidate
    return None


def _drop_hidden(root: Any) -> None:
    """Remove what the page does not show (`hidden`, `display: none`, `visibility: hidden`): no reader sees it."""
    for element in _MAYBE_HIDDEN(root):
        if element.tag in ("html", "head", "body"):
            continue
        if element.get("hidden") is not None or _HIDDEN_STYLE.search(element.get("style") or ""):
            element.drop_tree()


def _source(dateline: Dateline | None, site: str | None) -> str | None:
    """The agency a dateline credits (`(Reuters)`), unless it is the site itself (`(CNN)` on cnn.com)."""
    source = dateline.source if dateline else None
    if source and site and is_site(source, [site]):
        return None
    return source


def _section(facts: PageFacts) -> str | None:
    stated = facts.first("article:section")
    if stated:
        return stated
    for item in facts.articles:
        section = item.get("articleSection")
        name = clean(section[0] if isinstance(section, list) and section else section)
        if name:
            return name
    return None


def _fallback_title(blocks: list[Block]) -> str:
    """A page that states no title: its first heading, else the opening of its first paragraph."""
    heading = next((block.text for block in blocks if block.heading), None)
    if heading:
        return heading
    words = blocks[0].text.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


def _claims(sample: Sample) -> bool:
    """HTML by its opening tags whatever the name; a page extension with markup in it when the opening is odd."""
    text = sample.text if sample.text is not None else sample.head.decode("latin-1")
    if _OPENING.match(text[:4096]):
        return True
    return sample.suffix in _PAGE_SUFFIXES and _MARKUP.search(text[:4096]) is not None


READER = Reader(name="html", claims=_claims, split=whole_file, parse=parse_page)
