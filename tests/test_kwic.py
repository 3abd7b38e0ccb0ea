"""The concordance: the line builder and its layout, `newsdesk kwic` through the real entry point, and the
browser's view driven by Pilot (press K, read the lines, Enter opens the article at that occurrence, e exports).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from store.archive import Archive
from store.errors import UsageError
from store.query.parser import parse_query
from store.query.tree import Query
from store.search.highlight import Highlighter
from store.search.index import IndexDocument
from store.search.kwic import FIRST_PAGE, KwicLine, article_lines, concordance
from store.search.kwic_layout import Layout, cells, fit_left, fit_right, sorted_lines
from store.search.view import Hit, SearchResults, Sort
from tests.conftest import CliResult
from tests.test_app import ARTICLES, results, screen_text, until
from tui.app import ArchiveApp
from tui.cli import main
from tui.screens.browser import BrowserScreen
from tui.screens.concordance import ConcordanceScreen, KwicList
from tui.screens.dialogs import KwicExportScreen
from tui.widgets.reading_pane import ReadingPane

SONAR_LINES = 80


def document(body: str, title: str = "A Title", id: str = "a1", date: str | None = "2008-03-03") -> IndexDocument:
    return IndexDocument(id, title, body, date, "RFE/RL", None, None, None, "/x.txt")


def lines_of(query: str, body: str, reach: int = 120) -> list[KwicLine]:
    highlighter = Highlighter.for_query(parse_query(query))
    assert highlighter is not None
    return list(article_lines(highlighter, document(body), reach))


# The line builder


def test_each_occurrence_is_a_line_with_its_context_and_offsets_in_order() -> None:
    body = "The radar was built.\n\nCritics of the radar said the radar\nwould anger Moscow."
    found = lines_of("radar", body)
    assert [line.match for line in found] == ["radar", "radar", "radar"]
    assert [line.start for line in found] == [body.index("radar", n) for n in (0, 10, 40)]
    assert all(body[line.start : line.end] == "radar" for line in found)
    assert found[1].left == "The radar was built. Critics of the "
    assert found[2].right == " would anger Moscow."


def test_left_match_right_read_as_the_text_with_whitespace_collapsed() -> None:
    body = "Officials   said\n\nthe missile\ndefense system works."
    (line,) = lines_of('"missile defense"', body)
    assert line.match == "missile defense"
    assert line.left + line.match + line.right == "Officials said the missile defense system works."


def test_unquoted_words_match_their_stems_and_quoted_words_only_exactly() -> None:
    body = "Greene met the Greens on the green. Defenses held; the defense held."
    assert [line.match for line in lines_of("defense", body)] == ["Defenses", "defense"]
    assert [line.match for line in lines_of("green", body)] == ["Greene", "Greens", "green"]
    assert [line.match for line in lines_of('"Greene"', body)] == ["Greene"]


def test_context_stops_at_whole_words_within_reach() -> None:
    body = "alpha bravo charlie delta echo radar foxtrot golf hotel india juliet"
    (line,) = lines_of("radar", body, reach=15)
    assert line.left == "delta echo "
    assert line.right == " foxtrot golf"


def test_a_match_keeps_the_combining_marks_that_follow_it() -> None:
    body = "The cafe\u0301 opened. A cafe\u0301s row."
    found = lines_of("cafe", body)
    assert found[0].match == "cafe\u0301"
    assert found[0].right == " opened. A cafe\u0301s row."


def test_lines_align_on_the_match_and_never_pass_the_width() -> None:
    body = "A short one: radar. " + "word " * 40 + "then a radar again, and a long tail " + "more " * 40
    found = lines_of("radar", body)
    for width in (40, 60, 100, 160):
        layout = Layout(width)
        rows = [layout.row(line) for line in found]
        assert all(cells(row.plain) <= width for row in rows)
        assert {cells(row.plain[: row.match_offset]) for row in rows} == {layout.lead_cells + layout.left_cells}
        assert all(row.plain[row.match_offset :].startswith("radar") for row in rows)


def test_wide_characters_are_counted_as_two_cells() -> None:
    text = "東京 の レーダー 基地"
    assert cells(text) == 2 * 9 + 3
    assert fit_left(text, 13) == "レーダー 基地"
    assert fit_left(text, 12) == "基地"
    assert fit_right(text, 8) == "東京 の"


def test_sorting_by_left_right_and_source() -> None:
    def line(left: str, right: str, source: str | None) -> KwicLine:
        return KwicLine("a", "t", None, source, left, "radar", right, 0, 5)

    lines = [line("the big ", " zulu", "VOA"), line("a tall ", " alpha", None), line("one small ", " mike", "AFP")]
    assert [found.left for found in sorted_lines(lines, "left")] == ["the big ", "one small ", "a tall "]
    assert [found.right for found in sorted_lines(lines, "right")] == [" alpha", " mike", " zulu"]
    assert [found.source for found in sorted_lines(lines, "source")] == ["AFP", "VOA", None]


@dataclass
class CountingArchive:
    """A stand-in archive of `count` articles, each saying radar twice, that counts the bodies it hands out."""

    count: int
    read: list[str] = field(default_factory=list)

    def search(
        self, query: Query, *, sort: Sort, limit: int, offset: int, continuing: SearchResults | None
    ) -> SearchResults:
        ids = [f"{number:05d}" for number in range(offset, min(offset + limit, self.count))]
        hits = tuple(Hit(id, id, None, None, None, "", 0.0, "", ()) for id in ids)
        return SearchResults(hits, self.count, 0.0)

    def document(self, article_id: str) -> IndexDocument:
        self.read.append(article_id)
        return document("A radar here and a radar there.", id=article_id)


def test_lines_are_made_lazily_a_page_of_hits_at_a_time() -> None:
    archive = CountingArchive(10_000)
    found = concordance(archive, parse_query("radar"))
    first = [next(found) for _ in range(2 * FIRST_PAGE)]
    assert len(archive.read) == FIRST_PAGE
    assert [line.id for line in first[:2]] == ["00000", "00000"]
    assert sum(1 for _ in concordance(CountingArchive(100), parse_query("radar"))) == 200


def test_a_query_without_words_is_refused_at_once() -> None:
    with pytest.raises(UsageError, match="no words to find"):
        concordance(CountingArchive(1), parse_query("source:voa date:2008"))


# The command line


@pytest.fixture
def kwic_db(tmp_path: Path) -> Iterator[Path]:
    """An archive of the browser's test articles, one more that matches `gates` by its title alone, and one with
    a long run of `sonar` lines."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in {
        **ARTICLES,
        "title.txt": "Gates Visits Prague\n\nMay 5, 2005 (VOA) -- The secretary arrived on Monday.\n",
        "sonar.txt": "Navy Sonar Trials\n\nJune 1, 2011 (VOA) -- The trials began.\n\n"
        + "\n\n".join(f"Sonar reading {n} came back from the trial area." for n in range(1, SONAR_LINES + 1))
        + "\n",
    }.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = tmp_path / "store" / "archive.json"
    with Archive.open(path, create=True) as archive:
        archive.import_paths([folder])
    yield path


def kwic(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> CliResult:
    capsys.readouterr()
    code = main(["--db", str(db), "kwic", *args])
    captured = capsys.readouterr()
    return CliResult(code, captured.out, captured.err)


def test_kwic_prints_aligned_lines_newest_first_within_the_pipe_width(
    kwic_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    done = kwic(kwic_db, capsys, "missile defense")
    assert done.code == 0 and done.err == ""
    printed = done.out.splitlines()
    assert len(printed) == 30 + 3 + 1  # the long report's paragraphs, the radar story, the talks
    assert [line[:10] for line in printed] == ["2010-01-05"] * 30 + ["2008-03-03"] * 3 + ["2007-10-12"]
    assert all(len(line) <= 100 for line in printed)
    assert {line.lower().index("missile defense") for line in printed} == {Layout(100).lead_cells + 37}
    assert "\x1b" not in done.out


def test_kwic_skips_an_article_matched_only_by_its_title(kwic_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    done = kwic(kwic_db, capsys, "gates", "--json")
    found = [orjson.loads(line) for line in done.out.splitlines()]
    assert [(line["date"], line["match"]) for line in found] == [("2007-10-12", "Gates")]


def test_kwic_json_lines_carry_the_article_and_the_offsets(kwic_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    done = kwic(kwic_db, capsys, '"missile shield"', "--json", "--width", "160")
    (line,) = (orjson.loads(text) for text in done.out.splitlines())
    assert line == {
        "id": line["id"],
        "title": "Poland Weighs Missile Shield",
        "date": "2008-04-02",
        "source": "VOA",
        "left": "Polish officials weighed the ",
        "match": "missile shield",
        "right": " offer. A decision is expected within weeks.",
        "start": line["start"],
        "end": line["start"] + len("missile shield"),
    }
    with Archive.open(kwic_db) as archive:
        body = archive.document(line["id"]).body
    assert body[line["start"] : line["end"]] == "missile shield"


def test_kwic_csv_has_a_header_and_crlf_rows(kwic_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    done = kwic(kwic_db, capsys, "radar", "--csv")
    assert done.out.startswith("id,date,source,title,left,match,right,start,end\r\n")
    rows = list(csv.DictReader(io.StringIO(done.out, newline="")))
    assert [row["match"].lower() for row in rows] == ["radar"] * len(rows)
    assert {row["title"] for row in rows} == {
        "Long Report On Missile Defense",
        "Czech Cabinet Backs Radar Base",
        "Putin Offers Joint Use Of Radar",
    }


def test_kwic_sorts_by_the_words_after_the_match_and_cuts_to_the_width(
    kwic_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    done = kwic(kwic_db, capsys, "radar", "--sort", "right", "--width", "50")
    printed = done.out.splitlines()
    assert all(len(line) <= 50 for line in printed)
    after = [line[line.index("radar") + len("radar") :].split() for line in printed]
    assert after == sorted(after, key=lambda words: [word.casefold() for word in words])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("date:2008",),
            "newsdesk: the query has no words to find in the text (only filters such as source: or date:)\n",
        ),
        (('"radar',), "newsdesk: unclosed quote at character 1\n"),
    ],
)
def test_kwic_refuses_a_query_it_cannot_use_in_one_line(
    kwic_db: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    done = kwic(kwic_db, capsys, *args)
    assert (done.code, done.out, done.err) == (2, "", message)


def test_kwic_refuses_a_width_too_narrow_for_a_line(kwic_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        kwic(kwic_db, capsys, "radar", "--width", "20")
    assert exit_.value.code == 2
    assert capsys.readouterr().err == (
        "newsdesk kwic: argument --width: '20' must be at least 40 (see `newsdesk kwic --help`)\n"
    )


# The browser's view


async def browser_ready(pilot: Pilot[None]) -> None:
    """Wait for the browser's first results."""
    await until(pilot, lambda: isinstance(pilot.app.screen, BrowserScreen) and results(pilot.app).total > 0)


async def open_concordance(pilot: Pilot[None], query: str) -> ConcordanceScreen:
    """Search for `query`, press K, and wait for the view's first lines."""
    app = pilot.app
    await browser_ready(pilot)
    await pilot.press("slash", *query, "enter")
    screen = app.screen
    assert isinstance(screen, BrowserScreen)
    await until(pilot, lambda: screen._searched == query)
    await pilot.press("K")
    await until(pilot, lambda: isinstance(app.screen, ConcordanceScreen) and bool(app.screen.lines))
    assert isinstance(app.screen, ConcordanceScreen)
    return app.screen


async def test_k_lists_the_occurrences_and_enter_reads_the_article_at_one(kwic_db: Path) -> None:
    with Archive.open(kwic_db) as archive:
        app = ArchiveApp(archive, show_timings=False)
        async with app.run_test(size=(120, 50)) as pilot:
            view = await open_concordance(pilot, "missile defense")
            await until(pilot, lambda: view.finished)
            shown = screen_text(app)
            assert "34 occurrences" in shown
            assert "Paragraph 12 of the long report returns to missile defense and the radar." in shown
            await pilot.press("end")
            chosen = view.lines[-2]
            assert chosen.left.endswith("Moscow. The vote on ")
            await pilot.press("up", "enter")
            await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
            pane = app.screen.query_one(ReadingPane)
            await until(pilot, lambda: pane.document is not None and pane.document.id == chosen.id)
            await until(pilot, lambda: pane.current_hit >= 0)
            assert pane.hits[pane.current_hit][0] == chosen.start
            assert "Czech Cabinet Backs Radar Base" in screen_text(app)
            assert f"hit {pane.current_hit + 1} of {len(pane.hits)}" in screen_text(app)


async def test_the_view_loads_more_lines_as_it_scrolls(kwic_db: Path) -> None:
    with Archive.open(kwic_db) as archive:
        app = ArchiveApp(archive, show_timings=False)
        async with app.run_test(size=(100, 10)) as pilot:  # six lines of the view on screen
            view = await open_concordance(pilot, "sonar")
            await pilot.pause(0.1)
            assert not view.finished and 6 <= len(view.lines) < 40  # the first screen, then one more
            assert "so far" in screen_text(app)
            for _ in range(SONAR_LINES // 6):
                await pilot.press("end")
                await pilot.pause(0.05)
            await until(pilot, lambda: view.finished)
            assert [line.match for line in view.lines] == ["Sonar"] * SONAR_LINES
            await pilot.press("escape")
            assert isinstance(app.screen, BrowserScreen)


async def test_e_exports_every_line_to_a_file(kwic_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "radar.txt"
    target.parent.mkdir()
    with Archive.open(kwic_db) as archive:
        app = ArchiveApp(archive, show_timings=False)
        async with app.run_test(size=(120, 40)) as pilot:
            view = await open_concordance(pilot, "radar")
            await pilot.press("e")
            assert isinstance(app.screen, KwicExportScreen)
            app.screen.query_one("#kwic-format-txt").value = True  # type: ignore[attr-defined]
            await pilot.pause()
            assert app.screen.query_one("#kwic-file", Input).value.endswith("concordance.txt")
            app.screen.query_one("#kwic-file", Input).value = str(target)
            await pilot.click("#kwic-export")
            await until(pilot, lambda: target.exists() and target.read_text().count("\n") == len(view.lines))
            assert isinstance(app.screen, ConcordanceScreen)
    written = target.read_text(encoding="utf-8").splitlines()
    assert all(line.lower().index("radar") == Layout(100).lead_cells + Layout(100).left_cells for line in written)


async def test_k_without_words_says_so_and_stays(kwic_db: Path) -> None:
    with Archive.open(kwic_db) as archive:
        app = ArchiveApp(archive, show_timings=False)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await browser_ready(pilot)
            await pilot.press("K")
            await until(pilot, lambda: any("Type words to look for" in note.message for note in app._notifications))
            assert isinstance(app.screen, BrowserScreen)


async def test_lines_are_laid_out_again_when_the_terminal_narrows(kwic_db: Path) -> None:
    with Archive.open(kwic_db) as archive:
        app = ArchiveApp(archive, show_timings=False)
        async with app.run_test(size=(160, 40)) as pilot:
            view = await open_concordance(pilot, "radar")
            kwic = view.query_one(KwicList)

            def widest() -> int:
                return max(cells(str(option.prompt)) for option in kwic.options)

            await until(pilot, lambda: widest() > 110)
            await pilot.resize_terminal(90, 40)
            await until(pilot, lambda: widest() <= kwic.scrollable_content_region.width)
            assert "radar" in screen_text(app)


async def test_the_concordance_is_in_the_help_and_the_command_palette(kwic_db: Path) -> None:
    with Archive.open(kwic_db) as archive:
        app = ArchiveApp(archive, show_timings=False)
        async with app.run_test(size=(120, 80)) as pilot:
            await browser_ready(pilot)
            assert "Concordance" in [command.title for command in app.get_system_commands(app.screen)]
            await pilot.press("question_mark")
            shown = screen_text(app)
            assert "Every occurrence of the query's words, one line each" in shown
            assert "Concordance (K)" in shown and "Read the article at this occurrence" in shown
