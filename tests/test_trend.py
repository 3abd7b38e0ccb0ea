"""`newsdesk trend` and the browser's comparison of saved searches: hits per period on one shared axis.

Five articles written here (three on radar in two months of 2007 and one of 2008, one on grain in 2006, one on
both with no date) make every count known exactly; the unit tests lay out hand-made facet counts.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson
import pytest

from store.archive import Archive
from store.errors import UsageError
from store.query.tree import Query
from store.search.trend import Trend, count_trend, every_period, trend_of
from store.search.view import Facets
from tests.conftest import CliResult
from tests.test_app import screen_text, search, until
from tests.test_cli_imports import loaded
from tui.app import ArchiveApp
from tui.screens.browser import BrowserScreen
from tui.screens.compare import NOTHING_TO_COMPARE
from tui.trend import sparkline
from tui.widgets.timeline import LABEL_WIDTH, QUERY_LABEL, Timeline

Cli = Callable[..., CliResult]

ARTICLES = {
    "a.txt": "Radar Talks Stall\n\nOctober 12, 2007 (RFE/RL) -- Officials met about the radar.\n",
    "b.txt": "Radar Site Chosen\n\nOctober 30, 2007 (RFE/RL) -- The radar site was chosen.\n",
    "c.txt": "Radar Plan Dropped\n\nJanuary 5, 2008 (VOA) -- The radar plan was dropped.\n",
    "d.txt": "Grain Exports Rise\n\nJune 2, 2006 (VOA) -- Farmers shipped more wheat and grain.\n",
    "e.txt": "Grain And Radar Notes\n\nA note on grain and radar with no date at all.\n",
}
MONTHS = every_period("2006-06", "2008-01", "month")
RADAR_BY_MONTH = [2 if month == "2007-10" else 1 if month == "2008-01" else 0 for month in MONTHS]
GRAIN_BY_MONTH = [1 if month == "2006-06" else 0 for month in MONTHS]


def facets(months: dict[str, int], undated: int = 0) -> Facets:
    """Counts as `View.facets` gives them: only the months with hits, and years summed from them."""
    years: dict[int, int] = {}
    for month, count in months.items():
        years[int(month[:4])] = years.get(int(month[:4]), 0) + count
    return Facets(
        sources=(),
        years=tuple(sorted(years.items(), reverse=True)),
        tags=(),
        months=tuple(sorted(months.items())),
        undated=undated,
    )


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def trend_archive(db_path: Path, sources: Path) -> Iterator[Archive]:
    with Archive.open(db_path, create=True) as archive:
        archive.import_paths([sources])
        yield archive


def test_months_without_hits_are_filled_with_zeros() -> None:
    trend = trend_of(["radar"], [facets({"2007-11": 2, "2008-02": 1})], "month")
    assert trend == Trend(
        names=("radar",),
        by="month",
        periods=("2007-11", "2007-12", "2008-01", "2008-02"),
        counts=((2, 0, 0, 1),),
        undated=(0,),
    )


def test_undated_hits_are_counted_apart_and_never_in_a_period() -> None:
    trend = trend_of(["radar"], [facets({"2007-11": 2}, undated=3)], "month")
    assert (trend.periods, trend.counts, trend.undated, trend.totals) == (("2007-11",), ((2,),), (3,), (5,))
    only_undated = trend_of(["radar"], [facets({}, undated=4)], "year")
    assert (only_undated.periods, only_undated.counts, only_undated.undated) == ((), ((),), (4,))


def test_by_year_sums_the_months_of_each_year_and_fills_empty_years() -> None:
    counted = facets({"2005-03": 1, "2005-09": 2, "2008-01": 4})
    assert trend_of(["q"], [counted], "year").periods == ("2005", "2006", "2007", "2008")
    assert trend_of(["q"], [counted], "year").counts == ((3, 0, 0, 4),)
    assert len(trend_of(["q"], [counted], "month").periods) == 35


def test_two_queries_share_one_axis_from_the_first_hit_of_either_to_the_last() -> None:
    trend = trend_of(["early", "late"], [facets({"2006-02": 1}), facets({"2009-07": 5})], "year")
    assert trend.periods == ("2006", "2007", "2008", "2009")
    assert trend.counts == ((1, 0, 0, 0), (0, 0, 0, 5))


def test_each_query_is_counted_by_one_facet_count(trend_archive: Archive) -> None:
    asked: list[Query] = []

    def count(query: Query) -> Facets:
        asked.append(query)
        return trend_archive.facets(query)

    trend = count_trend(count, [("radar", "radar"), ("grain", "grain")], "month")
    assert len(asked) == 2
    assert trend.periods == tuple(MONTHS)
    assert trend.counts == (tuple(RADAR_BY_MONTH), tuple(GRAIN_BY_MONTH))
    assert trend.undated == (1, 1)


def test_a_malformed_query_is_named_and_nothing_is_counted(trend_archive: Archive) -> None:
    asked: list[Query] = []

    def count(query: Query) -> Facets:
        asked.append(query)
        return trend_archive.facets(query)

    with pytest.raises(UsageError, match=r"""^query 'radar "x': unclosed quote at character 7$"""):
        count_trend(count, [("radar", "radar"), ('radar "x', 'radar "x')], "year")
    assert asked == []


def test_trend_prints_a_table_of_periods_and_a_chart_line_per_query(
    cli: Cli, sources: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    cli("import", sources)
    result = cli("trend", "radar", "grain", "--by", "year")
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines() == [
        "year     radar  grain",
        "2006         0      1",
        "2007         2      0",
        "2008         1      0",
        "undated      1      1",
        "total        4      2",
        "",
        "radar   █▄  4",
        "grain  █    2",
        "       2006 2008",
    ]
    assert "\x1b" not in result.out


def test_a_long_range_of_months_is_binned_to_fit_the_width(
    cli: Cli, sources: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "20")
    cli("import", sources)
    lines = cli("trend", "radar", "grain").out.splitlines()
    assert lines[len(MONTHS) + 1 : len(MONTHS) + 4] == ["undated      1      1", "total        4      2", ""]
    radar, grain, axis = lines[-3:]
    pairs = [sum(RADAR_BY_MONTH[index : index + 2]) for index in range(0, len(MONTHS), 2)]
    assert radar == f"radar  {sparkline(pairs)}  4"
    assert grain == f"grain  {sparkline([1] + [0] * 9)}  2"
    assert axis.split() == ["2006-06", "2008-01", "(a", "cell", "is", "2", "months)"]


def test_trend_draws_with_rich_only_on_a_terminal(cli: Cli, sources: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cli("import", sources)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    styled = cli("trend", "radar", "[bold]grain[/bold]", "--by", "year").out
    assert "\x1b[" in styled
    assert "[bold]grain[/bold]" in styled, "a query is printed as typed, never read as markup"
    assert "█▄" in styled


def test_trend_json_gives_every_period_and_the_undated_apart(cli: Cli, sources: Path) -> None:
    cli("import", sources)
    result = cli("trend", "radar", "grain", "--json")
    assert result.code == 0 and result.out.count("\n") == 1
    assert orjson.loads(result.out) == {
        "by": "month",
        "periods": MONTHS,
        "series": [
            {"query": "radar", "counts": RADAR_BY_MONTH, "undated": 1, "total": 4},
            {"query": "grain", "counts": GRAIN_BY_MONTH, "undated": 1, "total": 2},
        ],
    }


def test_trend_csv_is_a_row_per_query_with_a_column_per_period(cli: Cli, sources: Path) -> None:
    cli("import", sources)
    result = cli("trend", "radar", "grain", "--by", "year", "--csv")
    assert result.code == 0 and result.out.endswith("\r\n")
    rows = list(csv.DictReader(io.StringIO(result.out, newline="")))
    assert rows == [
        {"query": "radar", "total": "4", "undated": "1", "2006": "0", "2007": "2", "2008": "1"},
        {"query": "grain", "total": "2", "undated": "1", "2006": "1", "2007": "0", "2008": "0"},
    ]


def test_a_malformed_query_is_one_line_naming_it_and_exit_2(cli: Cli, sources: Path) -> None:
    cli("import", sources)
    result = cli("trend", "radar", "(grain", "--json")
    assert (result.code, result.out, result.err) == (
        2,
        "",
        "newsdesk: query '(grain': unclosed '(' at character 1\n",
    )


def test_json_and_csv_exclude_each_other(cli: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        cli("trend", "radar", "--json", "--csv")
    assert raised.value.code == 2
    assert capsys.readouterr().err == (
        "newsdesk trend: argument --csv: not allowed with argument --json (see `newsdesk trend --help`)\n"
    )


@pytest.mark.parametrize("machine", [(), ("--json",), ("--csv",)])
def test_trend_loads_no_textual_or_rich_on_a_pipe(trend_archive: Archive, machine: tuple[str, ...]) -> None:
    report = loaded("--db", str(trend_archive.path), "trend", "radar", "grain", *machine)
    assert report == {"code": 0, "heavy": [], "archive": True}


def timeline_rows(text: str) -> dict[str, str]:
    """The rows of the compared timeline on screen: each row's label, and its bars (blanks and all, right-trimmed),
    which start `LABEL_WIDTH + 1` cells after the label, since "radar news" fills the label column."""
    rows = {}
    for line in text.splitlines():
        for label in (QUERY_LABEL, "radar news", "[b]grain"):
            start = line.find(f" {label} ") + 1
            if start and any(bar in line[start:] for bar in "▁▂▃▄▅▆▇█"):
                rows[label] = line[start + LABEL_WIDTH + 1 :].split(" │")[0].split("▐")[0].rstrip()
    return rows


async def test_t_compares_the_saved_searches_on_the_timeline(trend_archive: Archive) -> None:
    """One row of bars per saved search, named, on the query's axis; a search saved meanwhile joins them."""
    trend_archive.save_search("radar news", "radar")
    app = ArchiveApp(trend_archive, show_timings=False)
    async with app.run_test(size=(140, 50)) as pilot:
        screen = app.screen
        assert isinstance(screen, BrowserScreen)
        timeline = screen.query_one(Timeline)
        await until(pilot, lambda: screen.counted is not None)
        assert QUERY_LABEL not in screen_text(app)
        await pilot.press("T")
        await until(pilot, lambda: set(timeline_rows(screen_text(app))) == {QUERY_LABEL, "radar news"})
        await search(pilot, "grain")
        await pilot.press("ctrl+s")
        await pilot.press(*"[b]grain", "enter")
        await until(pilot, lambda: len(timeline_rows(screen_text(app))) == 3 and screen.counted == "grain")
        rows = timeline_rows(screen_text(app))
        assert rows["[b]grain"] == "█", "grain's one hit, in the first month of the axis"
        assert rows[QUERY_LABEL] == rows["[b]grain"], "the query's row shares the saved searches' axis"
        radar = rows["radar news"]
        assert radar[0] == " " and "█" in radar and len(radar.replace(" ", "")) == 2, radar
        assert timeline.compared is not None and timeline.compared.names == ("[b]grain", "radar news")
        await pilot.press("escape", "T")
        await until(pilot, lambda: timeline.compared is None)
        assert QUERY_LABEL not in screen_text(app)


async def test_t_with_no_saved_searches_says_how_to_save_one(trend_archive: Archive) -> None:
    app = ArchiveApp(trend_archive, show_timings=False)
    async with app.run_test(size=(140, 50), notifications=True) as pilot:
        screen = app.screen
        assert isinstance(screen, BrowserScreen)
        await until(pilot, lambda: screen.counted is not None)
        await pilot.press("T")
        await until(pilot, lambda: "No saved searches to compare" in screen_text(app))
        assert [note.message for note in app._notifications] == [NOTHING_TO_COMPARE]
        assert not screen.comparing and screen.query_one(Timeline).compared is None
