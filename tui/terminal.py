"""The terminal's width, found without `shutil`, whose import brings zlib, bz2 and lzma to every command."""

from __future__ import annotations

import os
import sys

FALLBACK_COLUMNS = 80


def columns() -> int:
    """`$COLUMNS` when set, else the width of the terminal stdout is on, else 80 (a pipe): `shutil`'s rule."""
    written = os.environ.get("COLUMNS", "")
    if written.isdigit() and int(written) > 0:
        return int(written)
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return FALLBACK_COLUMNS
