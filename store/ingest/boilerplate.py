"""What a line of a scraped page *is*, judged from its shape rather than from any one site's wording.

News archive pages wrap the article in site furniture: promotion banners above the title, image-alt text in
brackets, share/print/navigation lines, mailing-list footers. They also carry lines that belong to the article
but not to its text: bylines, agency lines, credit lines and copyright notices. Each test here matches a whole
line against a family of layouts (an imperative after " - " in a short line ending in "!", a bracketed phrase,
a breadcrumb trail, "Join the ... mailing list") so that a new site with new wording is still recognised.

Every test first checks the line's length, so a pathological multi-megabyte line costs nothing.
"""

from __future__ import annotations

import re

_SHORT = 120
_TERMINAL_PUNCTUATION = tuple(".!?:;\"')]\u201d\u2019\u2026")
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into of on or nor the to v vs via with".split()  # noqa: SIM905
)
_QUOTES = "\"'()\u201c\u201d\u2018\u2019"

_ALT_TEXT = re.compile(r"\[\s*([^\[\]]{1,80}?)\s*\]")
_ALT_NAMING_WORDS = re.compile(r"\s*\b(?:banner|logo|masthead|header|image|graphic)\b\s*", re.IGNORECASE)
_ACRONYM = re.compile(r"[A-Za-z]{1,6}(?:[/&.-][A-Za-z]{1,6}){0,3}\.?")

_FURNITURE = re.compile(
    r"""
      \[[^\[\]]{1,80}\]                                          # image alt text
    | [^>\u00bb\u203a|]{1,40}(?:\s[>\u00bb\u203a]\s[^>\u00bb\u203a|]{1,40})+  # breadcrumb: Home > News
    | [\w .&'-]{1,25}(?:\s[|·•]\s[\w .&'-]{1,25}){2,}            # navigation row: Home | News | Contact
    | (?:back\ to\ top|top\ of\ (?:the\ )?page|advertisement|sponsored(?:\ content)?|read\ more|more\ news
      |(?:share|print|e-?mail|send)(?:\ (?:this|to\ a\ friend))?(?:\ (?:article|story|page|on\ \w+))?
      |printer[- ]friendly(?:\ version)?|related\ (?:articles|stories|links|content|news|coverage)
      |comments?(?:\ \(\d+\))?|tags?:.*|filed\ under:?.*|see\ also:?.*)\s*:?
    | (?:follow\ us|subscribe|sign\ up|click\ here|like\ us|download\ our|get\ our)\b.*
    | skip\ to\ (?:the\ )?(?:main\ )?(?:content|navigation|article|menu)
    | join\ (?:the\ |our\ )?.{0,60}?(?:mailing\ list|newsletter).*
    | (?:https?://|www\.)\S+                                     # a bare address
    """,
    re.IGNORECASE | re.VERBOSE,
)

_IMPERATIVE = (
    r"(?:buy|make|donate|give|help|join|subscribe|shop|order|click|get|visit|support|sign|download|read|watch"
    r"|listen|follow|register|try|save|learn|discover|find)\b"
)
_PROMO = re.compile(
    rf"""
      .{{1,80}}\s(?:-|\u2013|\u2014|\|)\s{_IMPERATIVE}.*                      # Ukraine Flag - Buy it Here!
    | {_IMPERATIVE}.*!                                              # Donate now!
    | .*\b(?:buy|donat\w*|shop|order|subscribe)\b.*!                # ... in support of Ukraine!
    """,
    re.IGNORECASE | re.VERBOSE,
)

_TAGLINE = re.compile(r"[^-\u2013\u2014|]{2,40}\s(?:-|\u2013|\u2014|\||::)\s.{2,80}")

_DOMAIN = re.compile(r"\b(?:www\.)?((?:[A-Za-z0-9][A-Za-z0-9-]*\.)+(?:com|org|net|gov|mil|int|edu|info|[a-z]{2}))\b")

_COPYRIGHT = re.compile(
    r"""
      (?:copyright\b|\(c\)\s*[\w]|©)
    | .*\ball\ rights\ reserved\b
    | .*\b(?:reprinted|republished|used|reproduced)\ (?:with|by)\ (?:the\ )?(?:kind\ )?permission\b
    """,
    re.IGNORECASE | re.VERBOSE,
)

_NAME_PART = r"[^,]{2,60}?"
_BYLINE = re.compile(rf"(?:By|BY)\s+(?P<name>{_NAME_PART})(?:,\s*(?P<org>.{{2,80}}?))?\.?")
_CREDIT = re.compile(
    rf"(?:story|written|reported|article|text|report|compiled|words)\s+by\s+(?P<name>{_NAME_PART})"
    r"(?:,\s*(?P<org>.{2,80}?))?\.?",
    re.IGNORECASE,
)
_FROM_SOURCE = re.compile(r"From\s+(?P<org>[A-Z].{2,80}?)")
_ORGANISATION_WORDS = re.compile(
    r"\b(?:news|press|service|agency|radio|television|tv|times|post|wire|affairs|network|broadcasting"
    r"|novosti|media|america|public|office|command|brigade|division|bureau|ministry|department)\b",
    re.IGNORECASE,
)
_ALL_CAPS_NAME = re.compile(r"[A-Z][A-Z/&.-]{1,12}")


def is_furniture(line: str) -> bool:
    """Site furniture that is never article text, wherever it stands: alt text, navigation, share and print
    links, mailing-list and newsletter prompts, bare addresses."""
    return len(line) <= _SHORT and _FURNITURE.fullmatch(line) is not None


def is_promo(line: str) -> bool:
    """A promotion banner ("Ukraine Snake Island Flag - Buy it Here!").

    Only trusted above or below the article, where a short exclamation cannot be a quoted sentence.
    """
    return len(line) <= _SHORT and _PROMO.fullmatch(line) is not None


def is_tagline(line: str) -> bool:
    """Shaped like a site's tagline or promotion: a name, a spaced dash or bar, then a slogan; or an exclamation.

    Shape alone does not make a line furniture (headlines have dashes too); the parser also asks that the
    headline and the article follow it.
    """
    return len(line) <= _SHORT and (_TAGLINE.fullmatch(line) is not None or line.endswith("!"))


def is_copyright(line: str) -> bool:
    """A copyright or reprint-permission notice."""
    return len(line) <= 400 and _COPYRIGHT.match(line) is not None


def site_name(line: str) -> str | None:
    """The domain a furniture line names (`GlobalSecurity.org`), as written but without `www.`."""
    if len(line) > _SHORT:
        return None
    match = _DOMAIN.search(line)
    return match[1] if match else None


def alt_text_source(line: str) -> str | None:
    """The outlet an image-alt banner names, upper-cased like an acronym: `[ rfe/rl banner ]` -> "RFE/RL"."""
    match = _ALT_TEXT.fullmatch(line) if len(line) <= _SHORT else None
    if match is None or not _ALT_NAMING_WORDS.search(match[1]):
        return None
    name = _ALT_NAMING_WORDS.sub(" ", match[1]).strip()
    return name.upper() if _ACRONYM.fullmatch(name) else None


def byline(line: str) -> tuple[str, str | None] | None:
    """`By NAME[, ORGANISATION]` as (name, organisation or None)."""
    return _person_and_organisation(_BYLINE, line)


def credit(line: str) -> tuple[str, str | None] | None:
    """A closing credit, `Story by NAME[, ORGANISATION]`, as (name, organisation or None)."""
    return _person_and_organisation(_CREDIT, line)


def _person_and_organisation(pattern: re.Pattern[str], line: str) -> tuple[str, str | None] | None:
    match = pattern.fullmatch(line) if len(line) <= _SHORT else None
    if match is None or not is_title_case(match["name"]):
        return None
    organisation = match["org"]
    if organisation and not (is_organisation(organisation) or _ALL_CAPS_NAME.fullmatch(organisation)):
        return f"{match['name']}, {organisation}", None
    return match["name"], organisation


def from_source(line: str) -> str | None:
    """`From USS Ronald Reagan (CVN 76) Public Affairs` names its source."""
    match = _FROM_SOURCE.fullmatch(line) if len(line) <= _SHORT else None
    return match["org"] if match and is_source_like(match["org"]) else None


def is_source_like(text: str) -> bool:
    """An outlet's name: an acronym (`IRNA`, `RFE/RL`), or a short Title Case name (`Voice of America`,
    `Xinhua`), with no sentence punctuation."""
    if len(text) > 60 or text.endswith(_TERMINAL_PUNCTUATION) or not text[:1].isalnum() or text[:1].islower():
        return False
    if _ALL_CAPS_NAME.fullmatch(text):
        return True
    return (
        len(text.split()) <= 8 and is_title_case(text) and ("," not in text or bool(_ORGANISATION_WORDS.search(text)))
    )


def is_organisation(name: str) -> bool:
    """A name that is an outlet, not a person or a role (`American Forces Press Service`, `DoD News`)."""
    return _ORGANISATION_WORDS.search(name) is not None


def is_title_case(text: str) -> bool:
    """Every significant word starts with a capital or a digit (small words such as "of" may not)."""
    words = [word.strip(_QUOTES) for word in text.split()]
    significant = [word for word in words if word and word.lower() not in _SMALL_WORDS]
    return bool(significant) and all(word[0].isupper() or word[0].isdigit() for word in significant)


def ends_sentence(line: str) -> bool:
    """The line ends the way a sentence or quotation does."""
    return line.endswith(_TERMINAL_PUNCTUATION)


def is_heading_like(line: str) -> bool:
    """Shaped like a sub-heading: short, Title Case, containing letters, and not ending like a sentence."""
    return (
        len(line) <= 70
        and len(line.split()) <= 10
        and not ends_sentence(line)
        and not line.endswith(",")
        and line[0].isalnum()
        and is_title_case(line)
    )
