"""Articles rendered for export: Markdown, plain text or JSON records.

Headless so that both `newsdesk export` and the browser's export action produce byte-identical files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import orjson

ExportFormat = Literal["md", "txt", "json"]
FORMATS: tuple[ExportFormat, ...] = ("md", "txt", "json")


def located(record: dict[str, Any]) -> str | None:
    """Where an article came from: its file, and for one article of an export its place in it (`file.docx#12`)."""
    path, position = record.get("path"), record.get("position")
    return f"{path}#{position}" if path and position is not None else path


LOST_TEXT = "(The text of this article was lost: its text segment was damaged and no original file held it.)"


def body_of(record: dict[str, Any]) -> str:
    """The body as exported, or the notice of a body `doctor --repair` could not take back."""
    return LOST_TEXT if record.get("lost") else str(record["body"])


def _meta_lines(record: dict[str, Any]) -> list[tuple[str, str]]:
    pairs = [
        ("Date", record.get("date") or record.get("date_text")),
        ("Source", record.get("source")),
        ("Site", record.get("site")),
        ("Byline", record.get("byline")),
        ("Location", record.get("location")),
        ("Section", record.get("section")),
        ("Language", record.get("language")),
        ("URL", record.get("url")),
        ("Tags", ", ".join(record.get("tags", []))),
        ("Id", record.get("id")),
        ("Path", located(record)),
    ]
    return [(label, str(value)) for label, value in pairs if value]


def as_text(record: dict[str, Any]) -> str:
    """One article as readable plain text (what `show` prints)."""
    title = record["title"]
    lines = [title, "=" * min(len(title), 78)]
    lines += [f"{label + ':':<10}{value}" for label, value in _meta_lines(record)]
    lines += ["", body_of(record)]
    if record.get("copyright"):
        lines += ["", record["copyright"]]
    return "\n".join(lines) + "\n"


def _markdown_escape(text: str) -> str:
    return re.sub(r"([\\`*_#\[\]<>])", r"\\\1", text)


def as_markdown(record: dict[str, Any]) -> str:
    """One article as Markdown, sub-headings as `##` headings."""
    lines = [f"# {_markdown_escape(record['title'])}", ""]
    lines += [f"- **{label}:** {_markdown_escape(value)}" for label, value in _meta_lines(record)]
    headings = set(record.get("headings", []))
    for paragraph in body_of(record).split("\n\n"):
        text = _markdown_escape(paragraph)
        lines += ["", f"## {text}" if paragraph in headings else text]
    if record.get("copyright"):
        lines += ["", f"*{_markdown_escape(record['copyright'])}*"]
    return "\n".join(lines) + "\n"


def render(records: Iterable[dict[str, Any]], export_format: ExportFormat) -> bytes:
    """All records in one document: a JSON array, or articles separated by a rule."""
    if export_format == "json":
        return orjson.dumps(list(records), option=orjson.OPT_INDENT_2) + b"\n"
    one = as_markdown if export_format == "md" else as_text
    separator = "\n---\n\n" if export_format == "md" else "\n" + "-" * 78 + "\n\n"
    return separator.join(one(record) for record in records).encode("utf-8")


def file_name(record: dict[str, Any], export_format: ExportFormat) -> str:
    """A readable, unique, safe file name for one exported article."""
    slug = re.sub(r"[^a-z0-9]+", "-", record["title"].lower()).strip("-")[:60] or "article"
    return f"{record.get('date') or 'undated'}-{slug}-{record['id']}.{export_format}"


def render_one(record: dict[str, Any], export_format: ExportFormat) -> bytes:
    """One article as its own file: a JSON object (not an array of one), or the article's Markdown or text."""
    if export_format == "json":
        return orjson.dumps(record, option=orjson.OPT_INDENT_2) + b"\n"
    return render([record], export_format)


def write_files(records: Iterable[dict[str, Any]], export_format: ExportFormat, folder: Path) -> list[Path]:
    """One file per article in `folder`, in every format, as `--out` promises. Returns what was written.

    A single JSON array is what stdout gets; a folder gets files a person can open, move and delete one by one.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for record in records:
        target = folder / file_name(record, export_format)
        target.write_bytes(render_one(record, export_format))
        written.append(target)
    return written
