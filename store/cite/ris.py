"""CSL items as RIS `NEWS` records, written by hand: RIS is tagged lines and needs no library.

Tags are the ones Zotero reads for a newspaper article: `AU` per author (`Family, Given`, an organisation as
its name alone), `TI`, `T2` the newspaper, `PY`/`DA` the date only when the record knows it, `UR`, and `Y2` the
access date. A value is one line: RIS has no escaping, so line breaks inside a value are folded to spaces.
"""

from __future__ import annotations

from typing import Any


def _line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(value.split())}"


def _author(name: dict[str, str]) -> str:
    if "literal" in name:
        return name["literal"]
    parts = [name["family"], name.get("given", ""), name.get("suffix", "")]
    return ", ".join(part for part in parts if part)


def _slashed(parts: list[int]) -> str:
    """A RIS date, `YYYY/MM/DD`, with only the parts that are known."""
    return "/".join(f"{part:02d}" for part in parts)


def record(item: dict[str, Any]) -> str:
    """One item as one RIS record, ended by `ER`."""
    lines = [_line("TY", "NEWS")]
    lines += [_line("AU", _author(name)) for name in item.get("author", [])]
    lines.append(_line("TI", item["title"]))
    if item.get("container-title"):
        lines.append(_line("T2", item["container-title"]))
    if "issued" in item:
        issued: list[int] = item["issued"]["date-parts"][0]
        lines += [_line("PY", str(issued[0])), _line("DA", _slashed(issued))]
    if item.get("URL"):
        lines.append(_line("UR", item["URL"]))
    if "accessed" in item:
        lines.append(_line("Y2", _slashed(item["accessed"]["date-parts"][0])))
    lines += [_line("ID", str(item["id"])), "ER  - "]
    return "\n".join(lines) + "\n"


def as_ris(items: list[dict[str, Any]]) -> str:
    """All items as one RIS file, records separated by a blank line."""
    return "\n".join(record(item) for item in items)
