"""A record as a CSL-JSON item: what the CSL standard, citeproc-py, Zotero and our BibTeX and RIS writers all read.

Only what the record knows goes in. An undated article has no `issued` at all, so each style says "n.d." in its
own way; nothing is guessed from the import date, which is the access date and only that. Authors come from the
byline: a person's name is split into family and given names, while an agency, a desk or a one-word name stays an
organisation (`literal`), because "Press, Associated" or "Reuters, " would be a wrong citation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

Name = dict[str, str]
Item = dict[str, Any]

AGENCIES = frozenset(
    {
        "reuters",
        "ap",
        "afp",
        "upi",
        "dpa",
        "associated press",
        "agence france-presse",
        "agence france presse",
        "bloomberg",
        "xinhua",
        "interfax",
        "tass",
        "itar-tass",
        "staff",
        "newswires",
        "wire services",
    }
)
"""Words that mark a byline part as an organisation or a desk rather than a person (`Reuters Staff`, `AP`)."""

_BY = re.compile(r"^\s*by\b[:\s]*", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:[,;&]|\band\b)\s*", re.IGNORECASE)
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "del", "della", "di", "du", "la", "le", "ter", "al"})
_ISO_DAY = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def _is_organisation(part: str) -> bool:
    """Whether a byline part names an agency or a desk, or is a single word (no family/given split exists)."""
    if " " not in part:
        return True
    lowered = part.lower()
    return any(re.search(rf"(?<![\w-]){re.escape(agency)}(?![\w-])", lowered) for agency in AGENCIES)


def person(part: str) -> Name:
    """A person's name as CSL: the last word (with its particles, `van Gogh`) is the family name."""
    words = part.split()
    suffix = words.pop() if len(words) > 2 and words[-1].lower() in _SUFFIXES else None
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    name = {"family": " ".join(words[start:]), "given": " ".join(words[:start])}
    return {**name, "suffix": suffix} if suffix else name


def _parts(byline: str) -> list[str]:
    """The byline cut at `and`, commas, semicolons and ampersands, a `Jr.` kept with the name before it."""
    parts: list[str] = []
    for part in _SEPARATORS.split(_BY.sub("", byline.strip())):
        if not part:
            continue
        if parts and part.lower() in _SUFFIXES:
            parts[-1] = f"{parts[-1]} {part}"
        else:
            parts.append(part)
    return parts


def authors(byline: str | None) -> list[Name]:
    """The CSL author list of a byline: people split into names, organisations as literals."""
    if not byline:
        return []
    return [{"literal": part} if _is_organisation(part) else person(part) for part in _parts(byline)]


def date_parts(text: str | None) -> dict[str, list[list[int]]] | None:
    """A CSL date from an ISO date (or the day of an ISO timestamp); None when there is none to read."""
    match = _ISO_DAY.match(text or "")
    if match is None:
        return None
    return {"date-parts": [[int(part) for part in match.groups() if part is not None]]}


def csl_item(record: dict[str, Any]) -> Item:
    """One record as a CSL `article-newspaper` item, holding only the fields the record knows."""
    item: Item = {"id": record["id"], "type": "article-newspaper", "title": record["title"]}
    optional = {
        "author": authors(record.get("byline")),
        "container-title": record.get("source") or record.get("site"),
        "issued": date_parts(record.get("date")),
        "accessed": date_parts(record.get("imported_at")),
        "URL": record.get("url"),
        "section": record.get("section"),
    }
    item.update((key, value) for key, value in optional.items() if value)
    return item


def csl_items(records: Iterable[dict[str, Any]]) -> list[Item]:
    """Every record as a CSL item, in the order given."""
    return [csl_item(record) for record in records]
