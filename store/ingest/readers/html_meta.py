"""What a web page states about itself besides its text: meta tags, JSON-LD, the title element, links, markup.

These are read once from the parsed tree into `PageFacts`, and the title, date and byline rules work from the
facts alone. Only what the page *states* is kept: a meta tag's content, a JSON-LD property, an element the
page marks up as the publication time (`itemprop="datePublished"`, `<time pubdate>`, the `published` class of
hAtom and WordPress). Nothing here weighs or guesses.

Values are cleaned as they are read: entities decoded (JSON-LD is script text, which the HTML parser leaves
encoded), whitespace collapsed, control characters removed, and UTF-8 that was decoded as Latin-1 on its way
into the page (`doesnâ€™t`, which CMS templates produce) repaired when the repair is exact.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from store.ingest.decode import clean_text
from store.ingest.readers.export_html import HtmlElement

_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")
"""A CDATA wrapper some templates put around their JSON-LD, which JSON does not allow."""

_MOJIBAKE = re.compile(
    r"[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)
"""A UTF-8 lead byte read as Latin-1/cp1252 followed by a continuation byte read the same way (`â€`, `Ã©`)."""

_ARTICLE_TYPE = re.compile(r"(?:\w*Article|\w*Posting|Report)")
"""schema.org types of a written piece: `NewsArticle`, `ReportageNewsArticle`, `BlogPosting`, `Report`."""

_PAGE_TYPE = re.compile(r"\w*Page")
"""schema.org types of a page as a whole: `WebPage`, `ItemPage`, `ProfilePage`."""

_PUBLISHED_CLASS = re.compile(
    r"(?:[\w-]*[-_])?(?:published|pubdate|publish[-_]?date|date[-_]?published)(?:[-_][\w-]*)?"
)
"""A class that marks an element as the publication time (`published`, `entry-date published`, `pubdate`)."""

_OUTSIDE_ARTICLE = re.compile(r"comment|related|sidebar|widget|promo|recommend|trending|popular", re.IGNORECASE)
"""Classes and ids of the parts of a page that hold other people's words or other stories."""

_MARKED = etree.XPath(
    "//*[self::meta or self::title or self::h1 or self::link or self::time or self::abbr"
    " or @itemprop or @pubdate or @rel]"
)
"""Every element a fact is read from, found in one pass of the tree."""

_HOME = re.compile(r"(?:\.?/|(?:https?:)?//[^/?#]+/?|/?index\.\w+)$", re.IGNORECASE)
"""A link to a site's front page: `/`, `./`, `index.html` or a bare host."""

_JSON_LD = etree.XPath("//script[@type='application/ld+json']")

_TEXT_MAX = 400
"""Longer marked-up text is a block of the page, not a name or a date."""

_JSON_DEPTH = 12
"""JSON-LD objects nest shallowly; deeper structures are not walked."""


@dataclass(frozen=True)
class Published:
    """An element the page marks as its publication time: its tag, machine value and visible text."""

    tag: str
    value: str | None
    text: str


@dataclass
class PageFacts:
    """What the page states about itself, each list in page order."""

    meta: dict[str, list[str]] = field(default_factory=dict)
    """Meta tag contents by lower-case `property`, `name`, `itemprop` or `http-equiv` (`dc.x` filed as `dc:x`)."""
    property_counts: dict[str, int] = field(default_factory=dict)
    """How many values under each key came from `property`, which stand first."""
    articles: list[Mapping[str, Any]] = field(default_factory=list)
    """JSON-LD objects typed as a written piece (`NewsArticle`, `BlogPosting`)."""
    pages: list[Mapping[str, Any]] = field(default_factory=list)
    """JSON-LD objects typed as the page (`WebPage`)."""
    organisations: list[str] = field(default_factory=list)
    """Names of JSON-LD `WebSite` and `Organization` objects that stand on their own."""
    title: str | None = None
    """The `<title>` element."""
    h1: list[str] = field(default_factory=list)
    logos: list[str] = field(default_factory=list)
    """`<h1>` texts that link to the site's front page: the site's name set as its logo, not a headline."""
    published: list[Published] = field(default_factory=list)
    item_authors: list[str] = field(default_factory=list)
    """Text of elements marked `itemprop="author"` (their `name` part when marked), and `rel="author"` links."""
    canonical: str | None = None
    lang: str | None = None
    """The `lang` of the `<html>` element."""

    def values(self, key: str) -> list[str]:
        """The contents stated under `key`: those given as `property` when there are any, else all."""
        values = self.meta.get(key, [])
        return values[: self.property_counts.get(key, 0)] or values

    def first(self, *keys: str) -> str | None:
        """The first non-empty meta content under any of `keys`, tried in order."""
        for key in keys:
            for value in self.meta.get(key, ()):
                if value:
                    return value
        return None


def read_facts(root: HtmlElement) -> PageFacts:
    """Everything `PageFacts` holds, from one parsed page."""
    facts = PageFacts(lang=clean(root.get("lang") or root.get("xml:lang")))
    for element in _MARKED(root):
        _read_element(element, facts)
    for script in _JSON_LD(root):
        for item in _json_objects(script.text or ""):
            _file_json_object(item, facts)
    return facts


def clean(value: object) -> str | None:
    """A stated value as text: entities decoded, Latin-1 mojibake mended, controls removed, spaces collapsed;
    None when empty or not text. Mending comes first: the cleaner takes a C1 control left by mojibake (the
    byte 0x98 of a curly quote) for the start of a terminal string and drops what follows."""
    if not isinstance(value, str):
        return None
    text = " ".join(clean_text(mended(html.unescape(value) if "&" in value else value)).split())
    return text or None


def name_of(value: object) -> str | None:
    """A JSON-LD thing's name: a string, or the `name` of an object (the first that has one, in a list)."""
    if isinstance(value, list):
        return next((name for name in map(name_of, value) if name), None)
    if isinstance(value, Mapping):
        return clean(value.get("name"))
    return clean(value)


def mended(text: str) -> str:
    """`doesnâ€™t` back to `doesn't` (with its curly quote), when every character reads back as the byte it was
    and those bytes are UTF-8."""
    if not _MOJIBAKE.search(text):
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    return text


def element_text(element: HtmlElement) -> str | None:
    """An element's text on one line, None when empty or too long to be a name, title or date."""
    text = clean(str(element.text_content()))
    return text if text and len(text) <= _TEXT_MAX else None


def without_permalink(heading: str) -> str:
    """A heading without the permalink mark documentation generators append to it (`Evolve¶`)."""
    return heading.rstrip("\u00b6\U0001f517 ") or heading


def _read_element(element: HtmlElement, facts: PageFacts) -> None:
    tag = element.tag
    if not isinstance(tag, str):
        return
    if tag == "meta":
        _read_meta(element, facts)
    elif tag == "title":
        facts.title = facts.title or element_text(element)
    elif tag == "h1":
        text = element_text(element)
        if text:
            (facts.logos if _links_home(element) else facts.h1).append(without_permalink(text))
    elif tag == "link" and "canonical" in (element.get("rel") or "").lower().split():
        facts.canonical = facts.canonical or clean(element.get("href"))
    if tag in ("time", "abbr") or element.get("itemprop") or element.get("pubdate") is not None:
        _read_published(element, facts)
    _read_author(element, facts)


def outside_article(element: HtmlElement) -> bool:
    """Whether an element speaks for something other than the article: it sits in a comment thread, a
    sidebar or a list of other stories, or its microdata item (the nearest `itemscope`) is not the article
    or the page (a `VideoObject`, a `Comment`, a `Person`). An `<aside>` is a sidebar only outside an
    `<article>`: inside one it holds the article's own notes, such as its date."""
    in_aside = False
    for ancestor in element.iterancestors():
        if ancestor.tag == "article":
            return False
        if ancestor.get("itemscope") is not None:
            kind = (ancestor.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1]
            if kind and not (_ARTICLE_TYPE.fullmatch(kind) or _PAGE_TYPE.fullmatch(kind)):
                return True
        marks = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        if _OUTSIDE_ARTICLE.search(marks):
            return True
        in_aside = in_aside or ancestor.tag == "aside"
    return in_aside


def _links_home(element: HtmlElement) -> bool:
    """Whether a heading is, or is inside, a link to the site's front page."""
    links = [*element.iter("a"), *(ancestor for ancestor in element.iterancestors("a"))]
    return any(_HOME.match(link.get("href") or "-") for link in links)


def _read_meta(element: HtmlElement, facts: PageFacts) -> None:
    """File a meta tag's content under each key it names. `property` (RDFa, as Open Graph and Dublin Core
    specify) goes before `name`, its common misspelling, so a page's intended value is read first; an
    `itemprop` counts only for the article's own microdata item."""
    content = clean(element.get("content"))
    if content is None:
        return
    attributes = ["property", "name", "http-equiv"]
    if element.get("itemprop") and not outside_article(element):
        attributes.append("itemprop")
    for attribute in attributes:
        for key in (element.get(attribute) or "").lower().split():
            filed = _meta_key(key)
            values = facts.meta.setdefault(filed, [])
            if attribute == "property":
                values.insert(facts.property_counts.get(filed, 0), content)
                facts.property_counts[filed] = facts.property_counts.get(filed, 0) + 1
            else:
                values.append(content)


def _meta_key(key: str) -> str:
    """One spelling per key: Dublin Core's `DC.title`, `dc:title` and `dcterm:title` are `dc:title`, `dcterms:`."""
    prefix, dot, rest = key.partition(".")
    if dot and prefix in ("dc", "dcterms"):
        key = f"{prefix}:{rest}"
    return "dcterms:" + key[len("dcterm:") :] if key.startswith("dcterm:") else key


def _read_published(element: HtmlElement, facts: PageFacts) -> None:
    """Record `element` when the page marks it as the publication time."""
    itemprops = (element.get("itemprop") or "").lower().split()
    classes = (element.get("class") or "").lower().split()
    marked = (
        "datepublished" in itemprops
        or element.get("pubdate") is not None
        or any(_PUBLISHED_CLASS.fullmatch(name) for name in classes)
    )
    if not marked or element.tag == "meta" or outside_article(element):
        return
    value = clean(element.get("datetime") or element.get("content") or element.get("title"))
    text = element_text(element) or ""
    if value or text:
        facts.published.append(Published(str(element.tag), value, text))


def _read_author(element: HtmlElement, facts: PageFacts) -> None:
    """Record the name of an element marked as the author: `itemprop="author"` or a `rel="author"` link."""
    if element.tag in ("meta", "link"):
        return
    if "author" in (element.get("itemprop") or "").lower().split():
        if outside_article(element):
            return
        names = [part for part in element.iter() if "name" in (part.get("itemprop") or "").lower().split()]
        name = element_text(names[0]) if names else element_text(element)
    elif element.tag == "a" and "author" in (element.get("rel") or "").lower().split():
        name = element_text(element)
    else:
        return
    if name and name not in facts.item_authors:
        facts.item_authors.append(name)


def _json_objects(script: str) -> Iterator[Mapping[str, Any]]:
    """Every JSON-LD object in a script: top-level lists and `@graph` members unwrapped; broken JSON skipped."""
    try:
        data = json.loads(_CDATA.sub("", script.strip()), strict=False)
    except (ValueError, RecursionError):
        return
    yield from _unwrapped(data, 0)


def _unwrapped(data: object, depth: int) -> Iterator[Mapping[str, Any]]:
    if depth > _JSON_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _unwrapped(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _unwrapped(data["@graph"], depth + 1)


def json_types(item: Mapping[str, Any]) -> list[str]:
    """The schema.org type names of a JSON-LD object (`@type` may be one name or a list, with a prefix)."""
    stated = item.get("@type")
    names = stated if isinstance(stated, list) else [stated]
    return [name.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for name in names if isinstance(name, str)]


def _file_json_object(item: Mapping[str, Any], facts: PageFacts) -> None:
    types = json_types(item)
    if any(_ARTICLE_TYPE.fullmatch(name) for name in types):
        facts.articles.append(item)
    elif any(_PAGE_TYPE.fullmatch(name) for name in types):
        facts.pages.append(item)
    elif any(name in ("WebSite", "Organization", "NewsMediaOrganization") for name in types):
        name = clean(item.get("name"))
        if name:
            facts.organisations.append(name)
