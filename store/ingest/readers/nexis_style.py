"""What a Nexis page's style sheet says about its blocks: which are centred and which runs are bold.

Nexis writes its layout as generated classes (`.c0 { text-align: center; }`, `.c7 { ... font-weight: bold; }`)
whose names change from page to page, so the reader asks the style sheet rather than trusting any class name.
Inline `style`, `align` and `<b>`/`<strong>` are honoured too. A page with no style sheet at all tells nothing
about boldness, so every run counts as possibly bold there and the reader falls back on position and shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.ingest.readers.export_html import HtmlElement

_RULE = re.compile(r"\.(?P<name>[A-Za-z_][\w-]{0,60})\s*\{(?P<body>[^{}]{0,2000})\}")
_CENTRED = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)
_ALIGNED = re.compile(r"text-align\s*:", re.IGNORECASE)
_BOLD = re.compile(r"font-weight\s*:\s*(?:bold(?:er)?|[6-9]00)\b", re.IGNORECASE)
_BOLD_TAGS = frozenset({"b", "strong"})


@dataclass(frozen=True)
class _Rule:
    centred: bool
    aligned: bool
    bold: bool


@dataclass(frozen=True)
class Styles:
    """The class rules of one page's style sheet."""

    rules: dict[str, _Rule]

    @classmethod
    def read(cls, css: str) -> Styles:
        """The rules of `css` (later rules for the same class win, as in a browser)."""
        rules = {
            match["name"]: _Rule(
                centred=_CENTRED.search(match["body"]) is not None,
                aligned=_ALIGNED.search(match["body"]) is not None,
                bold=_BOLD.search(match["body"]) is not None,
            )
            for match in _RULE.finditer(css)
        }
        return cls(rules)

    def centred(self, block: HtmlElement) -> bool:
        """Whether the block is set centred: by its own class or style, else by its first paragraph's."""
        first = next(block.iter("p"), None)
        for element in (block, first):
            if element is None:
                continue
            if str(element.get("align") or "").lower() == "center":
                return True
            if _ALIGNED.search(str(element.get("style") or "")):
                return _CENTRED.search(str(element.get("style") or "")) is not None
            aligned = [rule for rule in self._rules_of(element) if rule.aligned]
            if aligned:
                return any(rule.centred for rule in aligned)
        return False

    def bold(self, element: HtmlElement) -> bool:
        """Whether the run is set bold (unknowable, hence True, on a page without a style sheet)."""
        if element.tag in _BOLD_TAGS or any(ancestor.tag in _BOLD_TAGS for ancestor in element.iterancestors()):
            return True
        if _BOLD.search(str(element.get("style") or "")):
            return True
        rules = self._rules_of(element)
        if rules:
            return any(rule.bold for rule in rules)
        return not self.rules

    def all_bold(self, paragraph: HtmlElement) -> bool:
        """Whether every word of the paragraph is set bold: a sub-heading, when the page has a style sheet."""
        if not self.rules or (paragraph.text or "").strip():
            return False
        runs = 0
        for element in paragraph.iterdescendants():
            if (element.text or "").strip():
                runs += 1
                if not self.bold(element):
                    return False
            if (element.tail or "").strip() and not self.bold(element.getparent()):
                return False
        return runs > 0

    def _rules_of(self, element: HtmlElement) -> list[_Rule]:
        return [self.rules[name] for name in str(element.get("class") or "").split() if name in self.rules]
