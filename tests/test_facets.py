"""Facets on archives where many articles give no source, no date or no tag (BBC files give neither of the first two).

The missing values are counted and searchable like any other: `source:none`, `site:none`, `date:none` and
`tag:none` in the language, `(no source)`, `undated` and `(no tags)` in the filter pane. Counts and hits are
checked against brute force over the records; the browser tests press the keys a person would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import SelectionList

from store.archive import Archive
from store.query.parser import format_query, parse_query
from store.query.tree import And, Exact, Missing, Not, Or, Tag
from store.search.index import IndexDocument, SearchIndex
from tests.conftest import ARTICLES as SAMPLE_ARTICLES
from tests.conftest import CliResult
from tests.test_app import reader, results, screen_text, search, until
from tui.app import ArchiveApp
from tui.screens.browser import BrowserScreen

ARTICLES = {
    "voa.txt": (
        "Grain Exports Rise\n\nMarch 3, 2009 (VOA) -- Farmers shipped more wheat than last year.\n\n"
        "Prices fell in the spring.\n"
    ),
    "afps.txt": (
        "Troops Train In Desert\n\nWASHINGTON, June 4, 2007 (American Forces Press Service) -- Soldiers trained in "
        "the desert heat.\n\nThe exercise lasted a week.\n"
    ),
    "ria.txt": (
        "Budget Talks Stall\n\nMOSCOW, May 9, 2006 (RIA Novosti) -- Talks on the wheat budget stalled again.\n\n"
        "No date was set.\n"
    ),
    "harbour.txt": (
        "Harbour Reopens\n\nJuly 1, 2009 -- The harbour reopened after repairs to the wheat terminal.\n\n"
        "Ships queued outside.\n"
    ),
    "gardener.txt": (
        "Gardener wins double in Glasgow\n\nBritain's Jason Gardener enjoyed a double 60m success in Glasgow.\n\n"
        "He won both races comfortably and said he was delighted.\n"
    ),
    "bank.txt": (
        "Bank opts to leave rates on hold\n\nThe Bank of England has left interest rates on hold again.\n\n"
        "The decision was widely expected by economists, and wheat prices barely moved.\n"
    ),
}
"""Two articles with neither source nor date (BBC style), one dated without a source, three with both."""
LONG_SOURCE = "American Forces Press Service"
TAGS = {"Grain Exports Rise": ("crops", "trade"), "Bank opts to leave rates on hold": ("trade",)}
"""One article with two tags, so counting the untagged as "matches minus tagged" would come out wrong."""

Record = dict[str, Any]


@pytest.fixture
def sparse(db_path: Path, tmp_path: Path) -> Iterator[Archive]:
    """The six articles above imported at `db_path`, the first and the last tagged as in `TAGS`."""
    folder = tmp_path / "sparse"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_bytes(text.encode("utf-8"))
    with Archive.open(db_path, create=True) as archive:
        archive.import_paths([folder])
        for record in archive.records():
            if record["title"] in TAGS:
                archive.tag(record["id"], TAGS[record["title"]])
        yield archive


def everything(archive: Archive) -> list[tuple[Record, tuple[str, ...]]]:
    """Every record with its tags."""
    return [(dict(record), archive.user_data(record["id"]).tags) for record in archive.records()]


def ids_of(archive: Archive, query: str) -> set[str]:
    return {hit.id for hit in archive.search(query, limit=1000).hits}


@pytest.mark.parametrize("query", ["", "wheat", "-source:none", "trade", "tag:trade", "date:none", "source:voa"])
def test_missing_value_counts_equal_brute_force(sparse: Archive, query: str) -> None:
    matching = ids_of(sparse, query)
    chosen = [(record, tags) for record, tags in everything(sparse) if record["id"] in matching]
    facets = sparse.facets(query)
    assert facets.no_source == sum(record["source"] is None for record, _ in chosen)
    assert facets.undated == sum(record["date"] is None for record, _ in chosen)
    assert facets.untagged == sum(not tags for _, tags in chosen)


def test_the_whole_archive_counts_each_missing_value(sparse: Archive) -> None:
    facets = sparse.facets("")
    assert (facets.no_source, facets.undated, facets.untagged) == (3, 2, 4)
    assert dict(facets.tags) == {"trade": 2, "crops": 1}


def test_counts_follow_tags_as_they_change(sparse: Archive) -> None:
    grain = next(record["id"] for record, _ in everything(sparse) if record["title"] == "Grain Exports Rise")
    sparse.tag(grain, ("crops", "trade"), remove=True)
    assert sparse.facets("").untagged == 5
    assert grain in ids_of(sparse, "tag:none")


@pytest.mark.parametrize(
    ("text", "tree", "written"),
    [
        ("source:none", Missing("source"), "source:none"),
        ("SOURCE:None", Missing("source"), "source:none"),
        ("site:none", Missing("site"), "site:none"),
        ("date:none", Missing("date"), "date:none"),
        ("tag:none", Missing("tag"), "tag:none"),
        ('source:"none"', Exact("source", "none"), 'source:"none"'),
        ('tag:"None"', Tag("none"), 'tag:"none"'),
        ("-date:none", Not(Missing("date")), "-date:none"),
        ("source:none OR source:voa", Or((Missing("source"), Exact("source", "voa"))), "source:none OR source:voa"),
        ('source:"none" date:none', And((Exact("source", "none"), Missing("date"))), 'source:"none" date:none'),
    ],
)
def test_none_means_no_value_and_quoted_the_word_itself(text: str, tree: object, written: str) -> None:
    assert parse_query(text) == tree
    assert format_query(parse_query(text)) == written
    assert parse_query(written) == tree


QUERIES = ("source:none", 'source:"none"', "site:none", "date:none", "-source:none")


def document(id: str, source: str | None, site: str | None, date: str | None) -> IndexDocument:
    return IndexDocument(
        id=id, title=f"Story {id}", body="A story.", date=date, source=source, site=site, byline=None,
        location=None, path=f"/archive/{id}.txt",
    )  # fmt: skip


def test_a_source_named_none_is_found_quoted_and_never_as_missing(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index")
    index.rebuild(
        [
            document("n1", "None", None, "2007-01-02"),
            document("n2", None, "GlobalSecurity.org", None),
            document("n3", None, None, "not a date"),
        ],
        generation=1,
    )
    found = {query: {hit.id for hit in index.search(parse_query(query)).hits} for query in QUERIES}
    index.close()
    assert found == {
        "source:none": {"n2", "n3"},
        'source:"none"': {"n1"},
        "site:none": {"n1", "n3"},
        "date:none": {"n2", "n3"},
        "-source:none": {"n1"},
    }


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[Record]]]:
    """The sample archive of fixtures/ (most of it without a site, some without a source or a date)."""
    path = tmp_path_factory.mktemp("facets") / "archive.json"
    with Archive.open(path, create=True) as archive:
        archive.import_paths([SAMPLE_ARTICLES])
        yield path, [dict(record) for record in archive.records()]


def cli_ids(cli: Callable[..., CliResult], query: str) -> set[str]:
    """The ids `newsdesk search QUERY --json` prints (after `--`, as a query may start with a `-`)."""
    result = cli("search", "--json", "--limit", "1000", "--", query)
    assert result.code == 0, result.err
    return {orjson.loads(line)["id"] for line in result.out.splitlines()}


MISSING_ROWS: dict[str, Callable[[Record], bool]] = {
    "source:none": lambda record: record["source"] is None,
    "site:none": lambda record: record["site"] is None,
    "date:none": lambda record: record["date"] is None,
    "-source:none": lambda record: record["source"] is not None,
    "source:none OR date:none": lambda record: record["source"] is None or record["date"] is None,
}


@pytest.mark.parametrize("query", list(MISSING_ROWS))
def test_search_json_finds_exactly_the_articles_without_a_value(
    capsys: pytest.CaptureFixture[str], sample: tuple[Path, list[Record]], query: str
) -> None:
    from tui.cli import main

    path, records = sample

    def cli(*args: str) -> CliResult:
        capsys.readouterr()
        code = main(["--db", str(path), *args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    assert cli_ids(cli, query) == {record["id"] for record in records if MISSING_ROWS[query](record)}


def test_search_json_finds_the_untagged(cli: Callable[..., CliResult], sparse: Archive) -> None:
    expected = {record["id"] for record, tags in everything(sparse) if not tags}
    assert len(expected) == 4
    assert cli_ids(cli, "tag:none") == expected
    assert cli_ids(cli, "-tag:none") == {record["id"] for record, tags in everything(sparse) if tags}


# The browser


def browser(app: App[None]) -> BrowserScreen:
    screen = app.screen
    assert isinstance(screen, BrowserScreen)
    return screen


async def counted(pilot: Pilot[None]) -> None:
    """Wait until the filter pane shows the counts of the query on screen, painted: the counts arrive with the
    lists filled, and the screen draws them on its next update (which `pause` runs)."""
    screen = browser(pilot.app)
    await until(pilot, lambda: screen.counted == screen.state.query_text())
    await pilot.pause()


def facet(app: App[None], group: str) -> SelectionList[str | None]:
    return app.screen.query_one(f"#filter-{group}", SelectionList)


def values(listing: SelectionList[str | None]) -> list[str | None]:
    return [listing.get_option_at_index(n).value for n in range(listing.option_count)]


def pane_rows(app: App[None]) -> list[str]:
    """The lines of the filter pane as they are on screen (between its borders)."""
    return [line.split("│")[1] for line in screen_text(app).splitlines() if line.count("│") >= 2]


def row(app: App[None], name: str) -> str:
    """The filter pane's line that shows `name`, stripped."""
    return next(line.strip() for line in pane_rows(app) if name in line)


async def test_the_no_source_entry_is_counted_and_narrows_like_any_source(sparse: Archive) -> None:
    app = ArchiveApp(sparse, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: results(app).total == len(ARTICLES))
        await counted(pilot)
        assert row(app, "(no source)").endswith(" 3")
        assert row(app, "undated").endswith(" 2")
        assert row(app, "(no tags)").endswith(" 4")
        sources = facet(app, "source")
        sources.focus()
        sources.highlighted = values(sources).index(None)
        await pilot.press("space")
        await until(pilot, lambda: results(app).total == 3)
        assert {hit.source for hit in results(app).hits} == {None}
        assert "≡ source:none" in screen_text(app)
        await counted(pilot)
        sources.highlighted = values(sources).index("VOA")
        await pilot.press("space")
        await until(pilot, lambda: results(app).total == 4)
        assert "≡ (source:none OR source:voa)" in screen_text(app)
        await counted(pilot)
        assert row(app, "(no source)").endswith(" 3") and row(app, "RIA Novosti").endswith(" 1")


async def test_names_are_whole_when_they_fit_and_cut_with_a_tooltip_when_not(sparse: Archive) -> None:
    app = ArchiveApp(sparse, show_timings=False)
    async with app.run_test(size=(140, 40), tooltips=True) as pilot:
        await until(pilot, lambda: results(app).total == len(ARTICLES))
        await counted(pilot)
        assert row(app, "RIA").startswith("□ RIA Novosti ")
        cut = row(app, "American")
        assert "…" in cut and LONG_SOURCE not in cut
        sources = facet(app, "source")
        await pilot.hover(sources, offset=(4, values(sources).index(LONG_SOURCE)))
        await until(pilot, lambda: sources.tooltip is not None and LONG_SOURCE in screen_text(app))
        await pilot.hover(sources, offset=(4, values(sources).index("RIA Novosti")))
        await until(pilot, lambda: sources.tooltip is None)


async def test_ticked_and_unticked_entries_look_different(sparse: Archive) -> None:
    app = ArchiveApp(sparse, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: results(app).total == len(ARTICLES))
        await counted(pilot)
        sources = facet(app, "source")
        sources.focus()
        sources.highlighted = values(sources).index("VOA")
        await pilot.press("space")
        await until(pilot, lambda: results(app).total == 1)
        await counted(pilot)
        ticked, unticked = row(app, "VOA"), row(app, "RIA Novosti")
        assert ticked.startswith("■ VOA") and unticked.startswith("□ RIA Novosti")
        assert ticked[0] != unticked[0]


async def test_space_and_enter_toggle_on_a_list_just_focused(sparse: Archive) -> None:
    app = ArchiveApp(sparse, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: results(app).total == len(ARTICLES))
        await counted(pilot)
        years = facet(app, "date")
        years.focus()
        await pilot.press("space")
        await until(pilot, lambda: browser(app).state.selected.get("date") == frozenset({"2009"}))
        await until(pilot, lambda: results(app).total == 2)
        await pilot.press("enter")
        await until(pilot, lambda: results(app).total == len(ARTICLES))
        assert not browser(app).state.selected.get("date")


async def test_the_tags_facet_shows_a_star_without_a_reload(sparse: Archive) -> None:
    app = ArchiveApp(sparse, show_timings=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await search(pilot, "harbour")
        await pilot.press("enter", "enter")
        await until(pilot, lambda: reader(app).document is not None)
        await pilot.press("asterisk")
        await until(pilot, lambda: "starred" in values(facet(app, "tag")))
        await counted(pilot)
        assert row(app, "★ starred").endswith(" 1")
        assert row(app, "★ starred").startswith("□ ★ starred")
