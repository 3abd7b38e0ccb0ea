"""The `newsdesk` command as scripts use it: exit codes, exact error lines, `--json` output."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from store.archive import Archive
from tests.conftest import REPO, CliResult, article_files

Cli = Callable[..., CliResult]
ESCAPE_BYTES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    write(
        folder,
        "radar.txt",
        "Radar Talks Stall\n\nOctober 12, 2007 (RFE/RL) -- Officials met about the radar.\n",
    )
    write(folder, "grain.txt", "Grain Exports Rise\n\nJune 2, 2006 (VOA) -- Farmers shipped more wheat.\n")
    return folder


def first_id(cli: Cli, query: str = "") -> str:
    result = cli("search", query or "date:1900..", "--json", "--limit", "1")
    return str(orjson.loads(result.out.splitlines()[0])["id"])


def test_import_prints_the_summary_and_exits_0(cli: Cli, sources: Path) -> None:
    result = cli("import", sources)
    assert (result.code, result.out, result.err) == (
        0,
        "2 imported, 0 updated, 0 unchanged, 0 duplicates, 0 skipped, 0 failed\n",
        "",
    )


def test_import_with_failures_lists_each_and_exits_1(cli: Cli, sources: Path) -> None:
    (sources / "empty.txt").write_bytes(b"")
    result = cli("import", sources, sources / "nothing-here.txt")
    assert result.code == 1
    assert result.out == "2 imported, 0 updated, 0 unchanged, 0 duplicates, 0 skipped, 2 failed\n"
    assert result.err.splitlines() == [
        f"{sources / 'empty.txt'}: empty file",
        f"{sources / 'nothing-here.txt'}: no such file or directory",
    ]


def test_import_json_is_one_object(cli: Cli, sources: Path) -> None:
    (sources / "empty.txt").write_bytes(b"")
    result = cli("import", sources, "--json")
    assert orjson.loads(result.out) == {
        "imported": 2,
        "updated": 0,
        "unchanged": 0,
        "duplicates": 0,
        "skipped": 0,
        "failed": [{"path": str(sources / "empty.txt"), "error": "empty file"}],
        "skipped_files": [],
    }


def test_reimport_reports_everything_unchanged(cli: Cli, sources: Path) -> None:
    cli("import", sources)
    assert cli("import", sources).out == "0 imported, 0 updated, 2 unchanged, 0 duplicates, 0 skipped, 0 failed\n"


def test_commands_without_an_archive_explain_and_exit_2(cli: Cli, db_path: Path) -> None:
    for args in (("search", "x"), ("show", "abcd"), ("stats",), ("export",)):
        result = cli(*args)
        assert (result.code, result.out) == (2, "")
        assert result.err == f"newsdesk: {db_path}: no archive here yet; create one with `newsdesk import PATH...`\n"


def test_search_json_lines_carry_the_contract_fields(cli: Cli, sources: Path) -> None:
    cli("import", sources)
    result = cli("search", "radar", "--json")
    hits = [orjson.loads(line) for line in result.out.splitlines()]
    assert [hit["title"] for hit in hits] == ["Radar Talks Stall"]
    assert {"id", "title", "date", "source", "path", "score", "snippet"} <= set(hits[0])
    assert hits[0]["source"] == "RFE/RL" and hits[0]["date"] == "2007-10-12"


def test_malformed_query_is_one_positioned_line_and_exit_2(cli: Cli, sources: Path) -> None:
    cli("import", sources)
    result = cli("search", '"missile')
    assert (result.code, result.out, result.err) == (2, "", "newsdesk: unclosed quote at character 1\n")
    result = cli("search", "colour:red")
    assert result.code == 2
    assert result.err == (
        "newsdesk: unknown field 'colour' (fields: title, body, byline, place, note, source, site, date, after, before,"
        " tag, is, has) at character 1\n"
    )


def test_unknown_id_exits_2(cli: Cli, sources: Path) -> None:
    cli("import", sources)
    for command in ("show", "related", "tag"):
        args = (command, "ffff0000", "x") if command == "tag" else (command, "ffff0000")
        result = cli(*args)
        assert (result.code, result.err) == (2, "newsdesk: ffff0000: no such article in archive.json\n")


def test_bad_option_is_one_line_and_exit_2(cli: Cli) -> None:
    with pytest.raises(SystemExit) as raised:
        cli("search", "x", "--limit", "zero")
    assert raised.value.code == 2


def test_show_json_is_the_record_with_body(cli: Cli, sources: Path) -> None:
    cli("import", sources)
    record = orjson.loads(cli("show", first_id(cli, "grain"), "--json").out)
    assert record["title"] == "Grain Exports Rise"
    assert record["body"].startswith("Farmers shipped more wheat")
    assert record["source"] == "VOA" and record["tags"] == []


def test_tag_and_untag_from_the_shell_and_search_by_tag(cli: Cli, sources: Path) -> None:
    cli("import", sources)
    article_id = first_id(cli, "radar")
    assert cli("tag", article_id, "Follow-Up", "starred").out == f"{article_id}: follow-up starred\n"
    assert [orjson.loads(line)["id"] for line in cli("search", "tag:starred", "--json").out.splitlines()] == [
        article_id
    ]
    assert cli("untag", article_id, "starred").out == f"{article_id}: follow-up\n"
    assert cli("search", "tag:starred", "--json").out == ""


def test_stats_json_counts(cli: Cli, sources: Path) -> None:
    cli("import", sources)
    stats = orjson.loads(cli("stats", "--json").out)
    assert stats["articles"] == 2
    assert stats["sources"] == {"RFE/RL": 1, "VOA": 1}
    assert (stats["first_date"], stats["last_date"]) == ("2006-06-02", "2007-10-12")


@pytest.mark.parametrize("export_format", ["md", "txt", "json"])
def test_export_to_stdout_and_to_a_folder(cli: Cli, sources: Path, tmp_path: Path, export_format: str) -> None:
    cli("import", sources)
    result = cli("export", "--format", export_format)
    assert result.code == 0 and "Radar Talks Stall" in result.out and "Grain Exports Rise" in result.out
    if export_format == "json":
        assert [record["title"] for record in orjson.loads(result.out)] == [
            "Radar Talks Stall",
            "Grain Exports Rise",
        ]
    out = tmp_path / "out"
    assert cli("export", "source:voa", "--format", export_format, "--out", out).code == 0
    written = sorted(path.name for path in out.iterdir())
    assert len(written) == 1 and written[0].endswith(f".{export_format}")
    assert "Grain Exports Rise" in (out / written[0]).read_text()


def test_export_json_to_a_folder_writes_one_record_file_per_article(cli: Cli, sources: Path, tmp_path: Path) -> None:
    """What `--out`'s help promises, in JSON too: a file per article, each holding that article's record."""
    cli("import", sources)
    out = tmp_path / "out"
    result = cli("export", "--format", "json", "--out", out)
    assert (result.code, result.err) == (0, f"newsdesk: exported 2 articles to 2 file(s) in {out}\n")
    records = {path.name: orjson.loads(path.read_bytes()) for path in out.iterdir()}
    assert sorted(record["title"] for record in records.values()) == ["Grain Exports Rise", "Radar Talks Stall"]
    assert all(name.endswith(f"-{record['id']}.json") for name, record in records.items())


def test_an_ambiguous_id_prefix_lists_what_it_matches_and_exits_2(cli: Cli, db_path: Path) -> None:
    """Every id the error names, typed back without its ellipsis, shows one of the matching articles."""
    cli("import", REPO / "fixtures" / "articles")
    with Archive.open(db_path) as archive:
        ids = list(archive.records().articles)
    prefix = next(id[0] for id in ids if sum(other.startswith(id[0]) for other in ids) >= 2)
    matches = sorted(id for id in ids if id.startswith(prefix))
    result = cli("show", prefix)
    assert (result.code, result.out) == (2, "")
    head, _, rest = result.err.partition(": ambiguous, matches ")
    assert head == f"newsdesk: {prefix}" and rest.endswith(" (give more characters)\n")
    count, _, listed = rest.removesuffix(" (give more characters)\n").partition(" articles: ")
    assert int(count) == len(matches)
    shown = [name.removesuffix("…") for name in listed.removesuffix(", …").split(", ")]
    assert len(shown) == min(5, len(matches)) and listed.endswith(", …") == (len(matches) > 5)
    for name in shown:
        assert orjson.loads(cli("show", name, "--json").out)["id"].startswith(name)


def test_a_unique_prefix_of_any_length_names_its_article(cli: Cli, sources: Path) -> None:
    cli("import", sources)
    ids = [first_id(cli, "radar"), first_id(cli, "grain")]
    short = next(length for length in range(1, 13) if ids[0][:length] != ids[1][:length])
    assert orjson.loads(cli("show", ids[0][:short], "--json").out)["title"] == "Radar Talks Stall"


def test_show_never_prints_an_escape_byte(cli: Cli, tmp_path: Path) -> None:
    hostile = (
        "Title \x1b[31mRed\x1b[0m\n\nJune 2, 2006 (VOA) -- Body \x1b]0;pwned\x07 with \x9b2J and [bold]markup[/bold].\n"
    )
    cli("import", write(tmp_path / "in", "hostile.txt", hostile))
    article_id = first_id(cli)
    for result in (cli("show", article_id), cli("search", "markup"), cli("export", "--format", "txt")):
        assert not ESCAPE_BYTES.search(result.out), result.out
    assert "[bold]markup[/bold]" in cli("show", article_id).out


def test_every_fixture_article_imports(cli: Cli) -> None:
    files = article_files()
    result = cli("import", REPO / "fixtures" / "articles", "--json")
    report = orjson.loads(result.out)
    assert report["failed"] == []
    assert report["imported"] + report["duplicates"] == len(files)


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text()
    from tui.cli import COMMANDS

    assert [command for command in COMMANDS if f"newsdesk {command}" not in readme] == []


def test_the_console_script_runs_with_no_traceback(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "newsdesk"
    result = subprocess.run([script, "--db", tmp_path / "x.json", "stats"], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_import_shows_a_progress_bar_only_on_a_terminal(
    cli: Cli, sources: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    result = cli("import", sources)
    assert result.code == 0 and "importing" in result.err
    assert result.out == "2 imported, 0 updated, 0 unchanged, 0 duplicates, 0 skipped, 0 failed\n"


def test_search_styles_its_hits_only_on_a_terminal(cli: Cli, sources: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Piped, plain lines; on a terminal the same words, with Rich's styles around the title and the match."""
    cli("import", sources)
    plain = cli("search", "radar").out
    assert plain.splitlines()[0].endswith("  RFE/RL  Radar Talks Stall")
    assert plain.splitlines()[1] == "    Officials met about the radar."
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    styled = cli("search", "radar").out
    assert "\x1b[" in styled and ESCAPE_BYTES.sub("", re.sub(r"\x1b\[[0-9;]*m", "", styled)) == plain


def test_tagging_in_a_browser_left_behind_keeps_what_another_process_imported(
    cli: Cli, sources: Path, db_path: Path
) -> None:
    """The browser tags from its snapshot's era; the article's text as re-imported meanwhile must stay indexed."""
    cli("import", sources)
    article_id = first_id(cli, "radar")
    with Archive.open(db_path) as browser:
        browser.ensure_index()
        changed = "Radar Talks Stall\n\nOctober 12, 2007 (RFE/RL) -- Officials met about a narwhal.\n"
        write(sources, "radar.txt", changed)
        assert cli("import", sources).out.startswith("0 imported, 1 updated")
        browser.tag(article_id, ["starred"])
    result = cli("search", "narwhal tag:starred", "--json")
    assert (result.err, [orjson.loads(line)["id"] for line in result.out.splitlines()]) == ("", [article_id])


def test_tagging_after_saving_a_search_leaves_the_index_current(cli: Cli, sources: Path, db_path: Path) -> None:
    """A saved search is no index content: the next `search` neither rebuilds the index nor misses the tag."""
    cli("import", sources)
    article_id = first_id(cli, "radar")
    with Archive.open(db_path) as browser:
        browser.ensure_index()
        browser.save_search("radar talks", "radar")
        browser.tag(article_id, ["starred"])
        browser.delete_search("radar talks")
        assert browser.index_is_current()
    result = cli("search", "tag:starred", "--json")
    assert (result.err, [orjson.loads(line)["id"] for line in result.out.splitlines()]) == ("", [article_id])
