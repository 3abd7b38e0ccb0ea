"""CSL items as BibTeX `@article` entries, written by hand: the format is small and a library would add nothing.

Every value is escaped for LaTeX, so a `&`, `%` or `$` in a headline neither breaks the file nor turns into
markup, and titles are double-braced so BibTeX styles keep their capitals. Keys are `family` + year + first
title word (`smith2007radar`, `nd` for no date), made unique with a letter suffix as BibTeX tools expect.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL = re.compile("|".join(re.escape(char) for char in _SPECIALS))
_SMALL_WORDS = frozenset({"a", "an", "the", "of", "on", "in", "to", "and", "for", "at", "by"})
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def escape(text: str) -> str:
    """Text safe inside a braced BibTeX value: LaTeX specials escaped, line breaks folded to spaces."""
    return _SPECIAL.sub(lambda match: _SPECIALS[match.group()], " ".join(text.split()))


def _url(text: str) -> str:
    """A URL kept verbatim (biblatex reads `url` raw), with only the characters that would unbalance it encoded."""
    return text.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _ascii_word(text: str) -> str:
    """The first word of `text` that is not a small word, folded to lower-case ASCII letters and digits."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", folded)
    return next((word for word in words if word not in _SMALL_WORDS), words[0] if words else "")


def _name(name: dict[str, str]) -> str:
    """One author: `Family, Given` for a person, a braced literal for an organisation so it is never split."""
    if "literal" in name:
        return "{" + escape(name["literal"]) + "}"
    family = escape(name["family"])
    suffix = f", {escape(name['suffix'])}" if name.get("suffix") else ""
    return f"{family}{suffix}, {escape(name['given'])}" if name.get("given") else family


def _day(item: dict[str, Any], key: str) -> list[int]:
    parts: list[int] = item[key]["date-parts"][0] if key in item else []
    return parts


def citation_key(item: dict[str, Any]) -> str:
    """`smith2007radar`: first author (or outlet), year (or `nd`), first significant title word."""
    names = item.get("author") or []
    first = names[0] if names else {}
    who = _ascii_word(first.get("family") or first.get("literal") or item.get("container-title") or "") or "anon"
    issued = _day(item, "issued")
    return f"{who}{issued[0] if issued else 'nd'}{_ascii_word(item['title'])}"


def _fields(item: dict[str, Any]) -> list[tuple[str, str]]:
    """The entry's fields in the conventional order; none for what the item does not know."""
    fields = []
    if item.get("author"):
        fields.append(("author", " and ".join(_name(name) for name in item["author"])))
    fields.append(("title", "{" + escape(item["title"]) + "}"))
    if item.get("container-title"):
        fields.append(("journal", escape(item["container-title"])))
    issued = _day(item, "issued")
    if issued:
        fields.append(("year", str(issued[0])))
    if len(issued) > 1:
        fields.append(("month", _MONTHS[issued[1] - 1]))
    if len(issued) == 3:
        fields.append(("date", "-".join(f"{part:02d}" for part in issued)))
    if item.get("URL"):
        fields.append(("url", _url(item["URL"])))
    accessed = _day(item, "accessed")
    if accessed:
        fields.append(("urldate", "-".join(f"{part:02d}" for part in accessed)))
    return fields


def entry(item: dict[str, Any], key: str) -> str:
    """One `@article` entry under `key`."""
    lines = [f"  {name} = {{{value}}}" for name, value in _fields(item)]
    return f"@article{{{key},\n" + ",\n".join(lines) + "\n}\n"


def unique_keys(items: Iterable[dict[str, Any]]) -> list[str]:
    """Each item's citation key, a second and later use of one key suffixed `a`, `b`, ... (after the first)."""
    keys: list[str] = []
    seen: dict[str, int] = {}
    for item in items:
        key = citation_key(item)
        count = seen.get(key, 0)
        seen[key] = count + 1
        keys.append(key if count == 0 else f"{key}{_suffix(count)}")
    return keys


def _suffix(count: int) -> str:
    """`a` for the first repeat, ... `z`, then `aa`: letters, as BibTeX keys like `smith2007a` conventionally use."""
    letters = ""
    while count > 0:
        count, rest = divmod(count - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def as_bibtex(items: list[dict[str, Any]]) -> str:
    """All items as one BibTeX file, entries separated by a blank line."""
    return "\n".join(entry(item, key) for item, key in zip(items, unique_keys(items), strict=True))
