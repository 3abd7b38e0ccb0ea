"""Who wrote a web page's article: the authors the page names, never the site.

Pages name their authors in JSON-LD (`author`: a name, a Person, or a list), in meta tags (Dublin Core's
`creator`, `author`, Parse.ly's), in microdata (`itemprop="author"`) or `rel="author"` links, and, on many
older pages, only in the printed byline: an element whose class or id says `byline` or `author`. They are
read in that order, and the first statement that names a person wins. A name that is the site's own (`BBC
News` as the author of a BBC page), an address, or a profile URL is no author.

A printed byline carries more than names (`By Nathan Willis\nMarch 25, 2015`, `Written by Rob Ewaschuk`):
its first line is taken, less the `By` in the languages of the pages we read, and cut where a date begins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from lxml import etree

from store.ingest.dates import MONTH
from store.ingest.readers.export_html import HtmlElement
from store.ingest.readers.html_meta import PageFacts, clean, element_text, name_of, outside_article

_AUTHOR_META = ("dc:creator", "dcterms:creator", "author", "parsely-author", "article:author", "sailthru.author")

_URL = re.compile(r"^(?:https?:)?//|^www\.|\.(?:com|org|net)\b", re.IGNORECASE)

_CONTACT = re.compile(r"\s*[(<\[][^()<>\[\]]*(?:https?:|www\.|@)[^()<>\[\]]*[)>\]]")
"""A web address or mail address given after an author's name (`Bradley M. Kuhn (http://ebb.org/bkuhn/)`,
`Jane Roe <jane@example.org>`): how to reach the author, not part of the name."""

_NAME_SEPARATOR = re.compile(r"\s*(?:,|;|\band\b|&|\bund\b|\bet\b|\by\b)\s*")

_BY = re.compile(
    r"^(?:(?:written|posted|reported|story|words|text)\s+)?(?:by|par|von|por|di|door|av|af)\b\s*:?\s*",
    re.IGNORECASE,
)
"""The word a byline opens with (`By`, `Written by`, French `Par`, German `Von`, Spanish `Por`)."""

_NOT_NAME = re.compile(rf"(?:\s(?:{MONTH}\s+\d|(?:updated|published|posted|on)\b)|\s*\d).*", re.IGNORECASE)
"""Where a printed byline runs on into its date (`Nathan Willis March 25, 2015`, `Lucas Nolan22 Dec 2016`)."""

_SMALL_WORDS = frozenset(
    [
        "de",
        "da",
        "das",
        "del",
        "della",
        "der",
        "di",
        "do",
        "dos",
        "du",
        "el",
        "la",
        "le",
        "van",
        "von",
        "y",
        "zu",
        "bin",
        "ibn",
        "al",
    ]
)
"""Lower-case particles that names carry (`Lauren del Valle`, `Ludwig van Beethoven`)."""

_LONG_WORD = 4
"""Every longer word of a name in a cased script is capitalised; a shorter one may be a particle."""

_BYLINE_CLASS = re.compile(r"(?:^|[\s_-])(?:byline|byl|author|authors|author-?name|writer)(?:$|[\s_-])", re.IGNORECASE)

_PRINTED_BYLINE = etree.XPath(
    "//*[self::a or self::address or self::div or self::p or self::span or self::strong or self::li"
    " or self::h3 or self::h4 or self::h5][contains(translate(@class, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',"
    " 'abcdefghijklmnopqrstuvwxyz'), 'byl') or contains(translate(@class, 'AUTHOR', 'author'), 'author')"
    " or contains(@id, 'byline') or contains(@id, 'author')]"
)
"""Candidates for a printed byline; `_BYLINE_CLASS` then checks the class or id as a whole word."""

_NAME_WORDS = (2, 8)
"""A printed byline names a person with two words or more (one word is a label: `Username`, `Author`)."""

_PRINTED_CANDIDATES = 12
"""Printed bylines looked at, in page order: the article's own stands near its top."""


def byline(facts: PageFacts, root: HtmlElement, sites: list[str]) -> str | None:
    """The article's authors, comma-separated, from the best statement that names a person.

    A name that is the site's is dropped (the BBC is not the author of its pages), unless the page's JSON-LD
    says in so many words that it is a Person: on a personal site the author and the publisher are one.
    """
    persons = {name for item in facts.articles for name in _json_persons(item.get("author"))}
    for names in _statements(facts, root):
        people = [
            name for name in _unique(names) if not _URL.search(name) and (name in persons or not is_site(name, sites))
        ]
        if people:
            return ", ".join(people)
    return None


def is_site(name: str, sites: Iterable[str]) -> bool:
    """Whether a name is the site's (or one holds the other: `CNN` and `CNN Politics`)."""
    folded = " ".join(name.casefold().split())
    for site in sites:
        other = " ".join(site.casefold().split())
        if folded == other or folded in other or other in folded:
            return True
    return False


def _statements(facts: PageFacts, root: HtmlElement) -> Iterator[list[str]]:
    for item in facts.articles:
        yield [name for name in _json_names(item.get("author")) if _is_name(name)]
    for key in _AUTHOR_META:
        values = facts.values(key)
        if values:
            yield [name for value in values for name in _split_names(value) if _is_name(name)]
    yield [name for name in map(_without_by, facts.item_authors) if _is_name(name)]
    yield _printed(root)


def _is_name(name: str) -> bool:
    """Capitalised as names are (`View my complete profile`, `About the author` are links, not authors);
    any name in a script without capitals (Chinese, Japanese, Arabic) passes."""
    words = [word for word in name.split() if any(char.isalpha() for char in word)]
    cased = [word for word in words if any(char.isupper() or char.islower() for char in word)]
    if not cased:
        return bool(words)
    return all(
        word[0].isupper()
        or not word[0].isalpha()
        or (len(word) < _LONG_WORD and word.islower())
        or word.casefold() in _SMALL_WORDS
        for word in cased
    )


def _json_names(value: object) -> Iterator[str]:
    """Author names in a JSON-LD `author`: a string, a Person, or a list of them."""
    if isinstance(value, list):
        for item in value:
            yield from _json_names(item)
    elif isinstance(value, Mapping):
        name = name_of(value)
        if name:
            yield name
    elif isinstance(value, str):
        yield from _split_names(value)


def _json_persons(value: object) -> Iterator[str]:
    """The names of the JSON-LD `author` objects typed `Person`."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, Mapping) and item.get("@type") == "Person" and (name := name_of(item)):
            yield name


def _split_names(value: str) -> list[str]:
    cleaned = _CONTACT.sub("", clean(value) or "")
    return [_without_by(name) for name in _NAME_SEPARATOR.split(cleaned) if name]


def _without_by(name: str) -> str:
    return _BY.sub("", name, count=1).strip()


def _printed(root: HtmlElement) -> list[str]:
    """The names on the first printed byline of the page that reads as one."""
    for element in _PRINTED_BYLINE(root)[:_PRINTED_CANDIDATES]:
        marks = f"{element.get('class') or ''} {element.get('id') or ''}"
        if not _BYLINE_CLASS.search(marks) or outside_article(element):
            continue
        names = _printed_names(element)
        if names:
            return names
    return []


def _printed_names(element: HtmlElement) -> list[str]:
    text = str(element.text_content())
    first = next((line for line in (clean(line) for line in text.split("\n")) if line), None)
    if first is None or element_text(element) is None:
        return []
    names = [_NOT_NAME.sub("", name).strip(" ,|-") for name in _split_names(first)]
    low, high = _NAME_WORDS
    return [name for name in names if low <= len(name.split()) <= high and _is_name(name)]


def _unique(names: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for name in names:
        if name and name not in seen:
            seen.append(name)
    return seen
