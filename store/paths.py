"""How the archive names the files it read: by their real bytes when stored, escaped when shown.

A file name may hold a newline, an escape sequence, a bidi override or bytes that are not UTF-8. The shown form
must be one printable line, so it escapes all of that, and two different names can then look alike (`a`,
newline, `b` and a name spelled with a backslash, `x`, `0`, `a`). The stored form, the key, must therefore be
the name itself: different files never share a key, and the key leads back to the file to open it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Final

from store.ingest.decode import INVISIBLE

BYTES_KEY: Final = "bytes:"
"""Prefix of the key of a path that is not UTF-8 (hex of its bytes follows). JSON cannot hold those bytes, and
no absolute path starts with this prefix, so such keys never meet a real path's text."""

_UNPRINTABLE = re.compile(f"[\x00-\x1f\x7f-\x9f{INVISIBLE}]")


def path_key(path: Path) -> str:
    """The archive's key for the file at `path`: its absolute path exactly, as text where it is UTF-8."""
    raw = os.fsencode(path.absolute())
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return BYTES_KEY + raw.hex()


def key_path(key: str) -> Path:
    """The file a key names, to open it."""
    if key.startswith(BYTES_KEY):
        return Path(os.fsdecode(bytes.fromhex(key.removeprefix(BYTES_KEY))))
    return Path(key)


def shown_key(key: str) -> str:
    """A stored key as people read it (see `display_path`)."""
    return display_path(key_path(key))


def display_path(path: Path | str) -> str:
    """A path as one printable line: control characters and undecodable bytes are shown escaped.

    File names may hold newlines, escape sequences, bidi overrides or bytes that are not UTF-8; none of that
    may reach a terminal (reordered or raw) or break the one-failure-per-line report.
    """
    text = os.fsdecode(path) if isinstance(path, Path) else path
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _UNPRINTABLE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
