"""A page's headline: the title its publisher states, without the site's name glued on.

Pages state their title several times: a JSON-LD `headline`, `og:title`, `twitter:title`, Dublin Core, the
`<title>` element and a printed `<h1>`. The structured statements come first, in the order Readability and
newspaper readers trust them (JSON-LD, Dublin Core, Open Graph, `<title>`); the `<h1>` is the fallback, since on
many pages it is the site's logo.

The `<title>` element, and often `og:title`, add the site: `Headline | The Seattle Times`, `BBC News - Headline`,
`Headline - Section - Site`. An end piece after a separator is cut when it is the site's name (as `og:site_name`,
the JSON-LD publisher, a logo `<h1>` or the address's domain names it) or when what is left is a title the page
states elsewhere (the `<h1>` or another title statement): that confirms the rest was furniture. A piece that is
neither stays, since separators also stand inside headlines (`Firefox — Customize and make it your own`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_SEPARATOR = re.compile(r"\s+(?:[|\-\u2013\u2014~·•»«/]{1,2}|::)\s+|\s*[|·•»]\s*")
"""Between a headline and the site's name: a spaced dash, bar, bullet, slash or guillemet; a bare bar."""

_SEPARATOR_CHARS = frozenset("|-\u2013\u2014~·•»«/_")
"""What may divide a headline stated elsewhere from the rest (`Headline-新华网`, `Headline_科技_腾讯网`)."""

_CUTS = 3
"""At most this many pieces are cut from one title (`Headline | Author | Section | Site`)."""

_SHORTEST_SITE = 3
"""Compact site names shorter than this (`AP`, `i`) are too short to recognise in a title's pieces."""

_DOMAIN_NOISE = frozenset(("www", "m", "amp", "mobile", "com", "org", "net", "co", "gov", "edu", "news"))
"""Labels of a host name that do not name the site (`www.bbc.co.uk` is named by `bbc`)."""


@dataclass(frozen=True)
class Headline:
    """The headline, and the pieces cut from the title statement it came from (`The Seattle Times`)."""

    text: str
    cut: tuple[str, ...] = ()


def headline(statements: Iterable[str | None], printed: Iterable[str], sites: Iterable[str | None]) -> Headline | None:
    """The page's headline from its title statements (best first), its `<h1>` texts and its site names.

    None when the page states no title at all.
    """
    stated = [text for text in statements if text]
    headings = [text for text in printed if text]
    names = _site_keys(sites)
    for text in stated:
        others = [other for other in [*stated, *headings] if other != text]
        title = _strip_site(text, names, others)
        if title:
            return Headline(title, tuple(_pieces_cut(text, title)))
    return Headline(headings[0]) if headings else None


def _pieces_cut(text: str, title: str) -> list[str]:
    """What stood around `title` in `text`, split at its separators."""
    start = text.find(title)
    rest = [text[:start], text[start + len(title) :]] if start >= 0 else []
    pieces = [piece.strip() for part in rest for piece in _SEPARATOR.split(part)]
    return [piece.strip("".join(_SEPARATOR_CHARS) + " ") for piece in pieces if piece.strip()]


def site_from_host(url: str | None) -> str | None:
    """The label of a URL's host that names the site (`https://www.nytimes.com/...` gives `nytimes`)."""
    if not url:
        return None
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip().lower()).split("/", 1)[0].split(":", 1)[0]
    labels = [label for label in host.split(".")[:-1] if label not in _DOMAIN_NOISE]
    return labels[-1] if labels else None


def _strip_site(text: str, sites: set[str], others: list[str]) -> str:
    """`text` without end pieces that name the site or that leave a title stated elsewhere."""
    for _ in range(_CUTS):
        cut = _confirmed_piece(text, others) or _without_site_piece(text, sites)
        if cut is None:
            return text
        text = cut
    return text


def _confirmed_piece(text: str, others: list[str]) -> str | None:
    """The start or end of `text` that is another title statement, when a separator divides it from the rest.
    A start is preferred: sites put their names last far more often than first. (An `<h1>` that is the site's
    logo is no title statement: `html_meta` files it as a site name.)"""
    fitting = [other for other in others if len(other) < len(text)]
    for other in fitting:
        if text.startswith(other) and text[len(other) :].lstrip()[:1] in _SEPARATOR_CHARS:
            return other
    for other in fitting:
        if text.endswith(other) and text[: -len(other)].rstrip()[-1:] in _SEPARATOR_CHARS:
            return other
    return None


def _without_site_piece(text: str, sites: set[str]) -> str | None:
    """`text` less its last piece, or else its first, when that piece is the site's name."""
    separators = list(_SEPARATOR.finditer(text))
    if not separators:
        return None
    last, first = separators[-1], separators[0]
    head, tail = text[: last.start()].strip(), text[last.end() :].strip()
    if head and _names_site(tail, sites):
        return head
    head, tail = text[: first.start()].strip(), text[first.end() :].strip()
    if tail and _names_site(head, sites):
        return tail
    return None


def _names_site(piece: str, sites: set[str]) -> bool:
    """Whether a title's piece is the site's name: equal to one when compacted, or one begins the other
    (`Libération` and `Libération.fr`, `BBC` and `BBC News`)."""
    key = _compact(piece)
    if len(key) < _SHORTEST_SITE:
        return False
    return any(key == site or key.startswith(site) or site.startswith(key) for site in sites)


def _site_keys(sites: Iterable[str | None]) -> set[str]:
    keys: set[str] = set()
    for site in sites:
        for variant in _site_variants(site or ""):
            key = _compact(variant)
            if len(key) >= _SHORTEST_SITE:
                keys.add(key)
    return keys


def _site_variants(site: str) -> Iterator[str]:
    """A site name and its own first piece (`Aktuálně.cz - Víte, co se právě děje` is also `Aktuálně.cz`)."""
    yield site
    pieces = _SEPARATOR.split(site)
    if len(pieces) > 1:
        yield pieces[0]


def _compact(text: str) -> str:
    """Letters and digits only, case-folded: `Herald Sun`, `HeraldSun` and `heraldsun` are one name."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(char for char in folded if char.isalnum())
