"""Articles rendered for export: Markdown, plain text, JSON records, or one CSV table of them all.

Headless so that both `newsdesk export` and the browser's export action produce byte-identical files.

The CSV is for pandas, R and spreadsheets, read without options: the stdlib writer's RFC 4180 dialect (comma,
fields quoted with `"` only when they need it, `""` inside), a header row, rows ended by CRLF, UTF-8 without a
byte-order mark. CRLF because with it the writer quotes any field holding a bare CR as well as an LF (with LF
rows Python 3.11 leaves a lone CR unquoted, and pandas would end the row there); a body's own newlines stay as
they are, inside its quoted field. No BOM because R's `read.csv` would take it into the first column's name
(`X.U.FEFF.id`); Excel opens the file through Data > From Text/CSV, which reads UTF-8.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import orjson

ExportFormat = Literal["md", "txt", "json", "csv", "bibtex", "ris", "csl-json"]
FORMATS: tuple[ExportFormat, ...] = ("md", "txt", "json", "csv", "bibtex", "ris", "csl-json")

CSV_COLUMNS = ("id", "date", "source", "site", "title", "byline", "location", "words", "url", "tags", "note", "path")
"""The CSV's columns in order; `body` follows them when asked for. `note` is the user's note, paragraphs and all
(a quoted cell may hold newlines)."""

CSV_FILE = "articles.csv"
"""What `--out DIR` holds for a CSV export: one table of every article, not a file per article."""

ONE_FILE: dict[str, str] = {
    "csv": CSV_FILE,
    "bibtex": "articles.bib",
    "ris": "articles.ris",
    "csl-json": "articles.csl.json",
}
"""The formats `--out DIR` writes as one file of every article, and its name: a table, or a bibliography that a
reference manager (Zotero: File > Import) takes in one go."""


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
    if note := record.get("note"):
        lines += ["", "Note:", *(f"  {line}" if line else "" for line in note.split("\n"))]
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
    if note := record.get("note"):
        lines += ["", "> **Note:**", *(f"> {_markdown_escape(line)}".rstrip() for line in ["", *note.split("\n")])]
    headings = set(record.get("headings", []))
    for paragraph in body_of(record).split("\n\n"):
        text = _markdown_escape(paragraph)
        lines += ["", f"## {text}" if paragraph in headings else text]
    if record.get("copyright"):
        lines += ["", f"*{_markdown_escape(record['copyright'])}*"]
    return "\n".join(lines) + "\n"


def _csv_row(record: dict[str, Any], with_body: bool) -> list[str | int]:
    """One article's cells. An undated article's date is empty, never the date as the file wrote it, so that the
    column stays ISO for a parser; `path` is `file.docx#12` for one article of an export, as every format shows it."""
    row: list[str | int] = [
        record["id"],
        record.get("date") or "",
        record.get("source") or "",
        record.get("site") or "",
        record["title"],
        record.get("byline") or "",
        record.get("location") or "",
        record.get("words", 0),
        record.get("url") or "",
        ";".join(record.get("tags", [])),
        record.get("note") or "",
        located(record) or "",
    ]
    return [*row, body_of(record)] if with_body else row


def as_csv(records: Iterable[dict[str, Any]], *, with_body: bool = False) -> bytes:
    """Every record as one row of a table under a header row (see the module docstring for the dialect)."""
    import csv  # a millisecond that `search` and `show`, which load this module too, should not pay

    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow([*CSV_COLUMNS, "body"] if with_body else CSV_COLUMNS)
    writer.writerows(_csv_row(record, with_body) for record in records)
    return table.getvalue().encode("utf-8")


def render(records: Iterable[dict[str, Any]], export_format: ExportFormat, *, with_body: bool = False) -> bytes:
    """All records in one document: a JSON array, a CSV table, or articles separated by a rule.

    `with_body` is the CSV's alone: a table is mostly read for its metadata, the other formats are the articles.
    """
    if export_format == "csv":
        return as_csv(records, with_body=with_body)
    if export_format in ("bibtex", "ris", "csl-json"):
        from store.cite import cite  # citeproc and the writers only for a bibliography

        return cite(records, export_format).encode("utf-8")
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
    """One article as its own file: a JSON object (not an array of one), the article's Markdown or text, or a
    table of one row."""
    if export_format == "json":
        return orjson.dumps(record, option=orjson.OPT_INDENT_2) + b"\n"
    return render([record], export_format)


def write_files(
    records: Iterable[dict[str, Any]], export_format: ExportFormat, folder: Path, *, with_body: bool = False
) -> list[Path]:
    """One file per article in `folder`, or for CSV and the bibliographies one file (`ONE_FILE`), as `--out`
    promises. Returns what was written.

    A single JSON array is what stdout gets; a folder gets files a person can open, move and delete one by one.
    A CSV or a bibliography is one document whichever way it goes, so the folder gets the very bytes stdout would.
    """
    folder.mkdir(parents=True, exist_ok=True)
    if export_format in ONE_FILE:
        target = folder / ONE_FILE[export_format]
        target.write_bytes(render(records, export_format, with_body=with_body))
        return [target]
    written = []
    for record in records:
        target = folder / file_name(record, export_format)
        target.write_bytes(render_one(record, export_format))
        written.append(target)
    return written
