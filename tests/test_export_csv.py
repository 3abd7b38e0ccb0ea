"""`newsdesk export --format csv`: one table that pandas, R and `csv.DictReader` read without options."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from textual.widgets import Input

from store.archive import Archive
from store.export import CSV_COLUMNS, as_csv
from tests.conftest import CliResult
from tests.test_app import results, until
from tui.app import ArchiveApp
from tui.screens.dialogs import ExportScreen

Cli = Callable[..., CliResult]

COLUMNS = ["id", "date", "source", "site", "title", "byline", "location", "words", "url", "tags", "note", "path"]
"""The order the design lists, written out again so that a change to `CSV_COLUMNS` cannot pass unseen."""

ARTICLES = {
    "radar.txt": (
        'Radar Talks Stall\n\nOctober 12, 2007 (RFE/RL) -- Officials said, "no deal", in Prague.\n\n'
        "The minister, Karel Schwarzenberg, called it a \u201cpause\u201d; Z\u00fcrich and \u041a\u0438\u0457\u0432 "
        "watched.\n"
    ),
    "grain.txt": "Grain Exports Rise\n\nBy Jane Doe\n\nKYIV, June 2, 2006 (VOA) -- Farmers shipped more wheat.\n",
    "notes.txt": "Undated Notes From The Field\n\nFarmers shipped more wheat than last year.\n\nPrices fell.\n",
}


@pytest.fixture
def imported_cli(cli: Cli, tmp_path: Path) -> Cli:
    """The `cli` fixture on an archive of the three articles above."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert cli("import", folder).code == 0
    return cli


def records(cli: Cli) -> dict[str, dict[str, Any]]:
    """Every article's full record by id, as `export --format json` gives it."""
    return {record["id"]: record for record in orjson.loads(cli("export", "--format", "json").out)}


def rows(text: str) -> list[dict[str, str]]:
    """The table read back the way a script would."""
    return list(csv.DictReader(io.StringIO(text, newline="")))


def by_title(table: list[dict[str, str]], title: str) -> dict[str, str]:
    return next(row for row in table if row["title"] == title)


def test_the_header_is_the_listed_columns_in_order(imported_cli: Cli) -> None:
    result = imported_cli("export", "--format", "csv")
    assert (result.code, result.err) == (0, "")
    assert result.out.split("\r\n", 1)[0] == ",".join(COLUMNS)
    assert list(CSV_COLUMNS) == COLUMNS


def test_each_article_is_one_row_holding_its_record(imported_cli: Cli) -> None:
    """A round trip through `csv.DictReader` gives back every field of every article, `words` as its number."""
    table = rows(imported_cli("export", "--format", "csv").out)
    full = records(imported_cli)
    assert len(table) == len(ARTICLES)
    for row in table:
        record = full[row["id"]]
        assert list(row) == COLUMNS
        expected = {column: str(record.get(column) or "") for column in COLUMNS}
        assert row == {**expected, "tags": "", "note": "", "words": str(record["words"])}
    grain = by_title(table, "Grain Exports Rise")
    assert (grain["date"], grain["source"], grain["byline"], grain["location"]) == (
        "2006-06-02",
        "VOA",
        "Jane Doe",
        "KYIV",
    )


def test_an_undated_article_has_an_empty_date(imported_cli: Cli) -> None:
    table = rows(imported_cli("export", "--format", "csv").out)
    undated = by_title(table, "Undated Notes From The Field")
    assert (undated["date"], undated["source"]) == ("", "")


def test_tags_are_joined_with_semicolons(imported_cli: Cli) -> None:
    article_id = by_title(rows(imported_cli("export", "--format", "csv").out), "Radar Talks Stall")["id"]
    imported_cli("tag", article_id, "follow-up", "arms")
    table = rows(imported_cli("export", "--format", "csv").out)
    assert by_title(table, "Radar Talks Stall")["tags"] == "arms;follow-up"
    assert by_title(table, "Grain Exports Rise")["tags"] == ""


def test_with_body_adds_the_text_as_one_quoted_field(imported_cli: Cli) -> None:
    """Commas, quotes, paragraph breaks and non-ASCII letters in a body stay one field of one row."""
    result = imported_cli("export", "--format", "csv", "--with-body")
    table = rows(result.out)
    assert result.out.split("\r\n", 1)[0] == ",".join([*COLUMNS, "body"])
    assert len(table) == len(ARTICLES)
    bodies = {record["id"]: record["body"] for record in records(imported_cli).values()}
    assert {row["id"]: row["body"] for row in table} == bodies
    radar = by_title(table, "Radar Talks Stall")["body"]
    assert radar.startswith('Officials said, "no deal", in Prague.\n\n')
    assert "\u201cpause\u201d; Z\u00fcrich and \u041a\u0438\u0457\u0432" in radar


def test_without_with_body_there_is_no_body_column(imported_cli: Cli) -> None:
    table = rows(imported_cli("export", "--format", "csv").out)
    assert all("body" not in row for row in table)


def test_the_table_is_utf8_without_a_byte_order_mark(imported_cli: Cli, tmp_path: Path) -> None:
    assert imported_cli("export", "--format", "csv", "--with-body", "--out", tmp_path / "out").code == 0
    data = (tmp_path / "out" / "articles.csv").read_bytes()
    assert data.startswith(b"id,date,") and "Z\u00fcrich".encode() in data


def test_out_writes_one_articles_csv_identical_to_stdout(imported_cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = imported_cli("export", "--format", "csv", "--with-body", "--out", out)
    assert (result.code, result.out) == (0, "")
    assert result.err == f"newsdesk: exported 3 articles to 1 file(s) in {out}\n"
    assert [path.name for path in out.iterdir()] == ["articles.csv"]
    stdout = imported_cli("export", "--format", "csv", "--with-body").out
    assert stdout.encode("utf-8") == (out / "articles.csv").read_bytes()


def test_with_body_is_refused_for_the_other_formats(imported_cli: Cli) -> None:
    result = imported_cli("export", "--format", "md", "--with-body")
    assert (result.code, result.out) == (2, "")
    assert result.err == "newsdesk: --with-body is for --format csv; md always holds the body\n"


def test_a_bare_carriage_return_in_a_field_is_quoted() -> None:
    """A lone CR is a row break to pandas; the writer must quote it, which it does with CRLF rows."""
    record = {"id": "abc", "title": "One\rTwo", "body": "a\rb\r\nc", "tags": ["x", "y"], "words": 3}
    data = as_csv([record], with_body=True)
    assert data.split(b"\r\n", 1)[1] == b'abc,,,,"One\rTwo",,,3,,x;y,,,"a\rb\r\nc"\r\n'
    (row,) = rows(data.decode())
    assert (row["title"], row["body"], row["tags"], row["path"]) == ("One\rTwo", "a\rb\r\nc", "x;y", "")


def test_pandas_reads_it_without_options(imported_cli: Cli, tmp_path: Path) -> None:
    pandas = pytest.importorskip("pandas")
    imported_cli("export", "--format", "csv", "--with-body", "--out", tmp_path)
    frame = pandas.read_csv(tmp_path / "articles.csv", keep_default_na=False)
    assert list(frame.columns) == [*COLUMNS, "body"]
    assert len(frame) == len(ARTICLES)
    assert sorted(frame["title"]) == sorted(text.split("\n", 1)[0] for text in ARTICLES.values())
    assert "\u201cpause\u201d" in frame.loc[frame["title"] == "Radar Talks Stall", "body"].iloc[0]


async def test_the_browsers_csv_export_writes_the_clis_table(imported_cli: Cli, db_path: Path, tmp_path: Path) -> None:
    """Choosing csv in the export dialog writes the same bytes as `export --format csv --out` in the same order."""
    imported_cli("export", "--format", "csv", "--sort", "relevance", "--out", tmp_path / "cli")
    with Archive.open(db_path) as archive:
        app = ArchiveApp(archive, show_timings=False)
        async with app.run_test(size=(140, 40)) as pilot:
            await until(pilot, lambda: results(app).total == len(ARTICLES))
            await pilot.press("e")
            assert isinstance(app.screen, ExportScreen)
            app.screen.query_one("#scope-all").value = True  # type: ignore[attr-defined]
            app.screen.query_one("#format-csv").value = True  # type: ignore[attr-defined]
            app.screen.query_one("#folder", Input).value = str(tmp_path / "browser")
            await pilot.click("#export")
            await until(pilot, lambda: (tmp_path / "browser" / "articles.csv").exists())
    assert [path.name for path in (tmp_path / "browser").iterdir()] == ["articles.csv"]
    assert (tmp_path / "browser" / "articles.csv").read_bytes() == (tmp_path / "cli" / "articles.csv").read_bytes()
