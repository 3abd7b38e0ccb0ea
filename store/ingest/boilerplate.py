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
_NAME_PARTICLES = frozenset("al bin da de del der di dos du el la le van von".split())  # noqa: SIM905
"""Particles of names and places written in lower case (`Ellen de Vries`, `Rio de Janeiro`)."""
_SMALL_WORDS = _NAME_PARTICLES | frozenset(
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

_COPYRIGHT_OPENING = re.compile(r"copyright\b|\(c\)\s*\w|©", re.IGNORECASE)
_COPYRIGHT_WORDING = re.compile(
    r"\ball rights reserved\b|\b(?:reprinted|republished|used|reproduced) (?:with|by) (?:the )?(?:kind )?permission\b",
    re.IGNORECASE,
)
_COPYRIGHT_WORDS = ("rights", "permission")
"""One of these stands in every notice that does not open with its copyright mark, so a line without them is
passed over without a regular-expression scan."""

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
    r"|novosti|media|america|public|office|command|brigade|division|bureau|ministry|department|presse|agence"
    r"|agencia|agenzia)\b",
    re.IGNORECASE,
)
_ALL_CAPS_NAME = re.compile(r"[A-Z][A-Z/&.-]{1,12}")

_OUTLET_WORDS = 4
"""An outlet's name is short (`Voice of America`); a headline rarely is."""

_PLACE_WORDS = 4
"""A place's name is short (`SALT LAKE CITY`, `Washington, D.C.`); a line of more words is a deck or text."""

_WIRE_SERVICES = frozenset(
    name.casefold()
    for name in (  # noqa: SIM905
        "AAP|ABC|AFP|Agence France-Presse|Al Jazeera|ANSA|Anadolu|Anadolu Agency|Antara|AP|Associated Press|BBC"
        "|BelTA|Belga|Bernama|Bloomberg|BTA|Canadian Press|CNA|CTK|Deutsche Welle|Dow Jones|dpa|DW|EFE|IANS"
        "|Interfax|IPS|IRNA|ITAR-TASS|Jiji|Jiji Press|KCNA|Kyodo|Kyodo News|KUNA|Lusa|MENA|MTI|Notimex|PAP|PTI"
        "|Prensa Latina|Reuter|Reuters|RFE/RL|RIA Novosti|SANA|SAPA|TASS|UNIAN|UPI|Ukrinform|VOA|Voice of America"
        "|WAFA|WAM|Xinhua|Yonhap"
    ).split("|")
)
"""News agencies and broadcasters known by name, since many names have no shape of their own (`dpa`, `Kyodo`,
`Reuter` signing off a wire story); every other outlet is recognised by shape."""

_SECTIONS = frozenset(
    "news|world|world news|national|local|metro|region|regional|international|europe|asia|africa"  # noqa: SIM905
    "|americas|middle east|business|economy|markets|money|finance|politics|opinion|comment|editorial|analysis"
    "|features|sport|sports|science|technology|tech|health|environment|culture|arts|entertainment|lifestyle"
    "|travel|education|obituaries|breaking news|latest news|top stories".split("|")
)
"""The sections newspapers and news sites file stories under, printed as a kicker above the headline."""

_WIRE_TAG = (
    r"(?:CORRECTED|CORRECTION|CLARIFIED|REFILED?|RPT|REPEAT|URGENT|FLASH|BULLETIN|ADVISORY|WRAPUP|UPDATE|SNAP"
    r"|ALERT|RECAST|WITHDRAWN|EMBARGOED)(?:\s?\d{1,2})?"
)
_WIRE_TAGS = rf"{_WIRE_TAG}(?:\s*[-/]\s*{_WIRE_TAG})*"
_TAG_LINE = re.compile(rf"\(?{_WIRE_TAGS}\)?\s*[-:\u2013\u2014]*")
_TAG_PREFIX = re.compile(rf"(?P<tags>{_WIRE_TAGS})(?P<separator>\s*(?:-+|:|\u2013|\u2014)\s*)(?=\S)")

_ROLE_NOUNS = frozenset(
    [
        "writer",
        "writers",
        "correspondent",
        "correspondents",
        "reporter",
        "reporters",
        "editor",
        "columnist",
        "contributor",
        "analyst",
        "producer",
        "chief",
        "journalist",
        "photographer",
        "stringer",
        "staff",
    ]
)
_DIGIT = re.compile(r"\d")
_NAME_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['\u2019.-])*")


def is_wire_tag(line: str) -> bool:
    """A wire service's handling tag standing alone (`CORRECTED`, `UPDATE 2`, `REFILE`): never a title or a place."""
    return len(line) <= 40 and line.isupper() and _TAG_LINE.fullmatch(line) is not None


def strip_wire_tags(line: str) -> str:
    """`line` without the handling tags a wire service prefixes to a headline or dateline.

    `UPDATE 2-Oil rises` is `Oil rises` and `CORRECTED - TOKYO, March 3 - ...` opens with its dateline. A tag
    glued by a bare hyphen to an all-capitals headline is only taken for one when it is numbered (`UPDATE 2-OIL
    PRICES ...`), since `FLASH-FLOOD WARNING` is a compound word, not a tag.
    """
    match = _TAG_PREFIX.match(line, 0, 80) if line[:2].isupper() else None
    if match is None:
        return line
    rest = line[match.end() :]
    spaced = match["separator"] != match["separator"].strip() or ":" in match["separator"]
    numbered = any(char.isdigit() for char in match["tags"])
    return rest if spaced or numbered or rest[:40] != rest[:40].upper() else line


def is_outlet_name(line: str) -> bool:
    """Shaped like a news service's name on a line of its own: a known agency (`dpa`, `Kyodo`), or a short name
    that is an acronym, a single word, all capitals or names an organisation (`Associated Press`), with no
    sentence punctuation and no digits."""
    if len(line) > 60:
        return False
    words = line.split()
    if len(words) > _OUTLET_WORDS or _DIGIT.search(line):
        return False
    if is_known_service(line):
        return True
    return is_source_like(line) and (len(words) == 1 or line.isupper() or is_organisation(line))


def is_section_name(line: str) -> bool:
    """A newspaper section's name on a line of its own (`Business`, `World News`)."""
    return len(line) <= 20 and line.casefold() in _SECTIONS


def is_known_service(name: str) -> bool:
    """One of the news agencies and broadcasters whose bare name is a byline (`Reuters`, `dpa`, `Xinhua`)."""
    return len(name) <= 40 and name.strip("() ").casefold() in _WIRE_SERVICES


def is_role(line: str) -> bool:
    """A reporter's role on a line of its own under a byline: `Staff Writer`, `Moscow Correspondent`."""
    words = line.split()
    return (
        len(line) <= 60
        and 1 <= len(words) <= 5
        and words[-1].casefold() in _ROLE_NOUNS
        and is_title_case(line)
        and not ends_sentence(line)
    )


def is_person_name(line: str) -> bool:
    """Shaped like a person's name: two to four capitalised name words (particles such as `van` allowed), in mixed
    case, naming no organisation or news service."""
    words = line.split()
    return (
        len(line) <= 50
        and 2 <= len(words) <= 4
        and all(_NAME_WORD.fullmatch(word) for word in words)
        and all(word[0].isupper() or word in _NAME_PARTICLES for word in words)
        and words[-1][0].isupper()
        and not line.isupper()
        and not ends_sentence(line.rstrip("."))
        and not is_organisation(line)
        and not is_known_service(line)
        and not is_role(line)
    )


def is_place_name(line: str) -> bool:
    """Shaped like a dateline's place on a line of its own: up to four capitalised words, at most one comma
    (`WASHINGTON`, `Prague`, `Washington, D.C.`, `RIO DE JANEIRO`), naming no organisation or news service."""
    words = line.replace(",", " ").split()
    return (
        len(line) <= 40
        and 1 <= len(words) <= _PLACE_WORDS
        and line.count(",") <= 1
        and all(_NAME_WORD.fullmatch(word) for word in words)
        and is_title_case(line)
        and not is_organisation(line)
        and not is_known_service(line)
        and not is_role(line)
    )


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
    if len(line) > 400:
        return False
    if _COPYRIGHT_OPENING.match(line):
        return True
    lowered = line.lower()
    return any(word in lowered for word in _COPYRIGHT_WORDS) and _COPYRIGHT_WORDING.search(line) is not None


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


def lone_headings(paragraphs: list[str]) -> tuple[str, ...]:
    """Sub-headings of a body no markup marks: heading-shaped paragraphs standing alone between two ordinary
    paragraphs (a run of short lines is a list or a table, not headings)."""
    shaped = [is_heading_like(paragraph) for paragraph in paragraphs]
    return tuple(
        paragraphs[index]
        for index in range(1, len(paragraphs) - 1)
        if shaped[index] and not shaped[index - 1] and not shaped[index + 1]
    )


OPENING_TITLE_LENGTH = 100
"""How much of the opening an untitled article gives as its title, cut at a word."""


def opening_as_title(paragraphs: list[str]) -> str | None:
    """The start of the text, for a document printed without a headline."""
    if not paragraphs:
        return None
    opening = paragraphs[0]
    if len(opening) <= OPENING_TITLE_LENGTH:
        return opening
    return f"{opening[:OPENING_TITLE_LENGTH].rsplit(' ', 1)[0]}…"
