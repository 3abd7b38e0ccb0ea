"""Raw bytes to clean text: the one place that decides what a file's characters are.

Scraped article files arrive in whatever encoding the scraper's platform used: UTF-8 with or without a BOM,
UTF-16 with a BOM, or legacy Windows-1252 (a raw 0xA3 pound sign is a real case). Decoding tries them in an
order that cannot produce mojibake: a BOM is trusted, strict UTF-8 next, and cp1252 last (valid UTF-8 is
almost never valid-looking cp1252 text by accident, the reverse is common).

Cleaning then removes everything that could act on a terminal or reorder what a reader sees: C0/C1 control
characters, whole ANSI/terminal escape sequences (not just their ESC byte, which would leave `[31m` behind),
bidi overrides and isolates, and zero-width characters. No field the parser stores may contain any of them.
"""

from __future__ import annotations

import codecs
import re

from store.errors import ParseError

_BINARY_SAMPLE_CHARS = 8192
"""Control-character share is judged on the start of a file: binary formats show themselves early."""

_BINARY_CONTROL_SHARE = 0.1

_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
"""Controls that plain text never carries (tab, newlines, form feed and ESC are left to the cleaner)."""

_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")

INVISIBLE = (
    "\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb\U000e0000-\U000e007f"
)
"""Characters that show nothing yet act on what a reader sees (a regular-expression class body): zero-width
characters, bidi marks, overrides and isolates (the Arabic letter mark too), the soft hyphen, interlinear
annotation marks and tag characters. No stored field, file name on screen or error line may carry one."""

_TERMINAL_JUNK = re.compile(
    r"""
      (?:\x1b\[|\x9b) [0-?]* [\x20-/]* [@-~]?              # CSI, final byte optional when cut off
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]) [^\x07\x1b\x9c\n]* (?:\x07|\x1b\\|\x9c)?
                                                           # OSC/DCS/SOS/PM/APC up to BEL or ST (or line end)
    | \x1b [\x20-/]* [0-~]?                                # single-character ESC sequences, or a lone ESC
    | [\x00-\x09\x0b-\x1f\x7f-\x9f]                        # every other C0 and C1 control but LF
    | [INVISIBLE]                                          # zero-width, bidi and other format characters
    """.replace("INVISIBLE", INVISIBLE),
    re.VERBOSE,
)

_JUNK_CHARACTER = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029{INVISIBLE}]")
"""Any character the cleaner changes: one character class is scanned far faster than the alternation, and most
articles contain none."""

_LINE_BREAKS = re.compile(r"[\v\f\u2028\u2029]")


def decode_text(raw: bytes) -> str:
    """Decode a file's bytes to text with LF line endings, or raise `ParseError`.

    Reasons: "empty file" (no bytes), "binary file" (NUL bytes outside UTF-16, or a high share of control
    characters), "not decodable as text" (neither a BOM encoding, UTF-8, nor Windows-1252).
    """
    if not raw:
        raise ParseError("empty file")
    text = _decode(raw)
    sample = text[:_BINARY_SAMPLE_CHARS]
    if "\x00" in text or len(_BINARY_CONTROLS.findall(sample)) > _BINARY_CONTROL_SHARE * len(sample):
        raise ParseError("binary file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ParseError("not decodable as text") from error
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw:
        raise ParseError("binary file")
    if _CP1252_UNDEFINED.intersection(raw):
        raise ParseError("not decodable as text")
    return raw.decode("cp1252")


def clean_text(text: str) -> str:
    """Remove control characters, terminal escape sequences, bidi controls and zero-width characters.

    Newlines are kept; tabs become spaces; vertical tab, form feed and Unicode line/paragraph separators
    become newlines. The result is safe to print to a terminal and to store.
    """
    if not _JUNK_CHARACTER.search(text):
        return text
    return _TERMINAL_JUNK.sub("", _LINE_BREAKS.sub("\n", text.replace("\t", " ")))
