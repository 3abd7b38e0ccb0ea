"""Decoding raw bytes without mojibake, and cleaning text so nothing can act on a terminal."""

from __future__ import annotations

import codecs

import pytest

from store.errors import ParseError
from store.ingest.decode import clean_text, decode_text
from store.paths import display_path

TEXT = "Caf\u00e9 prices \u201crise\u201d by \u00a33\n"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (TEXT.encode("utf-8"), TEXT),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), TEXT),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), TEXT),
        (TEXT.encode("cp1252"), TEXT),
        (b"Price: \xa3194m\n", "Price: \u00a3194m\n"),
        (b"one\r\ntwo\rthree\n", "one\ntwo\nthree\n"),
    ],
    ids=["utf-8", "utf-8 bom", "utf-16 le", "utf-16 be", "cp1252", "latin-1 pound", "crlf and cr"],
)
def test_decodes_every_accepted_encoding(raw: bytes, expected: str) -> None:
    assert decode_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty file"),
        (b"Title\n\nbody\x00\x00 text\n", "binary file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (bytes(range(1, 32)) * 20, "binary file"),
        (b"caf\xe9 \x81\x8d\x9d", "not decodable as text"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "not decodable as text"),
    ],
    ids=["empty", "nul bytes", "png", "control bytes", "undefined in cp1252", "lone surrogate"],
)
def test_refuses_what_is_not_text(raw: bytes, reason: str) -> None:
    with pytest.raises(ParseError, match=f"^{reason}$"):
        decode_text(raw)


def test_a_few_escape_sequences_do_not_make_text_binary() -> None:
    assert decode_text(b"\x1b[31mRed\x1b[0m headline\n") == "\x1b[31mRed\x1b[0m headline\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain text\nsecond line", "plain text\nsecond line"),
        ("a\x1b[1;31mred\x1b[0m b", "ared b"),
        ("cut off\x1b[31", "cut off"),
        ("\x1b]0;window title\x07after", "after"),
        ("\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\ text", "link text"),
        ("unterminated \x1b]0;title\nnext", "unterminated \nnext"),
        ("reset\x1bc and charset\x1b(B done", "reset and charset done"),
        ("c1 csi\u009b31m and \u009d2;osc\u009c end", "c1 csi and  end"),
        ("bell\x07 back\x08space del\x7f nul\x00", "bell backspace del nul"),
        ("tab\tseparated", "tab separated"),
        ("form\ffeed\vvertical\u2028line\u2029para", "form\nfeed\nvertical\nline\npara"),
        ("\u202eevil\u202c and \u2066isolate\u2069 \u200fmark", "evil and isolate mark"),
        ("zero\u200bwidth \ufeffbom", "zerowidth bom"),
        ("[bold]markup[/bold] [link=http://x]stays[/link]", "[bold]markup[/bold] [link=http://x]stays[/link]"),
    ],
)
def test_clean_text_removes_terminal_junk_completely(text: str, expected: str) -> None:
    assert clean_text(text) == expected


@pytest.mark.parametrize(
    "invisible",
    ["\u061c", "\u00ad", "\ufff9", "\ufffa", "\ufffb", "\U000e0001", "\U000e0041", "\U000e007f"],
    ids=["arabic letter mark", "soft hyphen", "annotation anchor", "annotation separator", "annotation end",
         "language tag", "tag latin a", "cancel tag"],
)  # fmt: skip
def test_format_characters_that_show_nothing_are_removed_and_escaped_in_paths(invisible: str) -> None:
    assert clean_text(f"Radar{invisible} talks") == "Radar talks"
    assert invisible not in display_path(f"/news/a{invisible}.txt")
    assert display_path(f"/news/a{invisible}.txt").startswith("/news/a\\")
