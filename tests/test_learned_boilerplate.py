"""Furniture learned from recurrence: a site's own banner and donation appeal, worded unlike anything the shape
rules know, come off every article of the site, and real text never does.

The generated site writes each story under its headline with a banner line, three paragraphs of its own and a
donation footer; `www.harborlight.org` above the headline names the site when asked for.
"""

from __future__ import annotations

from pathlib import Path

from store.archive import Archive
from store.ingest.furniture import BUCKET, EDGE_BOTTOM, EDGE_TOP, LearnedFurniture, edges_of, line_key, strip
from store.ingest.readers.text import parse_article
from store.model import ParsedArticle

BANNER = "Harbor Light Radio keeps the islands talking"
FOOTER = "Keep Harbor Light on the air: a gift of any size keeps our newsroom going through the winter months."
SITE_LINE = "www.harborlight.org"

PLACES = (
    "Anchor Bay", "Birch Point", "Cedar Cove", "Dune Hill", "Eel Creek", "Fern Isle", "Gull Rock", "Heron Key",
    "Iris Sound", "Juniper Quay", "Kelp Harbour", "Lark Meadow", "Moss Landing", "Nettle Ford", "Otter Reach",
)  # fmt: skip
SUBJECTS = (
    "ferry timetable", "harbour wall", "school roof", "fishing quota", "bridge repair", "market hall",
    "festival budget", "library hours", "road closure", "water supply", "clinic staffing", "bus route",
    "lighthouse lease", "sea defences", "parking fees",
)  # fmt: skip


def story(index: int) -> tuple[str, list[str]]:
    """The headline and the paragraphs of story `index`, each worded apart from every other story's."""
    place, subject = PLACES[index], SUBJECTS[index]
    return f"{place} Meeting Debates the {subject.title()}", [
        f"Residents of {place} packed the community hall on Tuesday evening to hear how the council intends to deal "
        f"with the {subject}, a question that has divided the island for the better part of a decade and that many "
        f"people at the meeting said had been left unanswered for far too long by officials on the mainland.",
        f"Officials told the meeting that work on the {subject} at {place} would begin in the spring if the money "
        f"could be found, and that a survey had already been ordered; several residents said they would believe it "
        f"when they saw the first workers arrive, and one asked why the plans had changed so often.",
        f"The next meeting about the {subject} in {place} is expected before the end of the month.",
    ]


def page(title: str, paragraphs: list[str], *, site: bool = False) -> str:
    """A scraped page of the site: banner under the headline, donation appeal under the text."""
    head = [SITE_LINE] if site else []
    return "\n\n".join([*head, title, BANNER, *paragraphs, FOOTER]) + "\n"


def write_site(folder: Path, stories: range, *, site: bool = False) -> dict[str, str]:
    """One file per story; the body each should have once the furniture is off, by title."""
    folder.mkdir(parents=True, exist_ok=True)
    bodies = {}
    for index in stories:
        title, paragraphs = story(index)
        (folder / f"story-{index:02d}.txt").write_text(page(title, paragraphs, site=site), encoding="utf-8")
        bodies[title] = "\n\n".join(paragraphs)
    return bodies


def bodies_by_title(archive: Archive) -> dict[str, str]:
    return {record["title"]: archive.body(record) for record in archive.records()}


def test_a_banner_and_appeal_on_every_page_come_off_every_article_even_the_first(
    archive: Archive, tmp_path: Path
) -> None:
    expected = write_site(tmp_path / "harborlight", range(8))
    read_alone = parse_article((tmp_path / "harborlight" / "story-00.txt").read_bytes()).body
    assert read_alone.startswith(BANNER) and read_alone.endswith(FOOTER), "no shape rule knows them"
    report = archive.import_paths([tmp_path / "harborlight"])
    assert report.imported == 8
    assert bodies_by_title(archive) == expected
    assert all(record["words"] == len(expected[record["title"]].split()) for record in archive.records())
    archive.ensure_index()
    assert archive.search("talking").total == 0, "the index holds the stripped bodies"
    assert archive.search("residents").total == 8, "each article is indexed once"


def test_a_line_in_only_two_files_is_kept(archive: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "harborlight"
    expected = write_site(folder, range(8))
    line = "Tickets for the ferry can be bought at the harbour office."
    for index in (2, 5):
        title, paragraphs = story(index)
        (folder / f"story-{index:02d}.txt").write_text(page(title, [*paragraphs, line]), encoding="utf-8")
        expected[title] += f"\n\n{line}"
    archive.import_paths([folder])
    assert bodies_by_title(archive) == expected


def test_a_paragraph_reprinted_with_its_article_is_no_furniture(archive: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "harborlight"
    expected = write_site(folder, range(8))
    opening = "Islanders have waited eleven years for this decision."
    title, paragraphs = story(8)
    for copy in range(6):
        edited = [opening, *paragraphs[:2], f"This report was updated {copy + 1} times."]
        (folder / f"reprint-{copy}.txt").write_text(page(title, edited), encoding="utf-8")
    archive.import_paths([folder])
    reprints = [archive.body(record) for record in archive.records() if record["title"] == title]
    assert len(reprints) == 6, "each copy differs, so each is its own record"
    assert all(body.startswith(opening) and BANNER not in body and FOOTER not in body for body in reprints)
    assert {title: body for title, body in bodies_by_title(archive).items() if title in expected} == expected


def test_a_body_that_is_only_the_recurring_line_is_not_emptied(archive: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "harborlight"
    expected = write_site(folder, range(8))
    (folder / "studio-closed.txt").write_text(f"Studio Closed For Repairs\n\n{BANNER}\n", encoding="utf-8")
    archive.import_paths([folder])
    bodies = bodies_by_title(archive)
    assert bodies.pop("Studio Closed For Repairs") == BANNER
    assert bodies == expected


def test_a_later_import_of_two_more_files_of_the_folder_strips_them(archive: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "harborlight"
    expected = write_site(folder, range(8))
    archive.import_paths([folder])
    expected |= write_site(folder, range(8, 10))
    report = archive.import_paths([folder])
    assert (report.imported, report.unchanged) == (2, 8)
    assert bodies_by_title(archive) == expected


def test_a_later_import_from_another_folder_of_the_same_site_strips_it(archive: Archive, tmp_path: Path) -> None:
    expected = write_site(tmp_path / "2009", range(8), site=True)
    archive.import_paths([tmp_path / "2009"])
    expected |= write_site(tmp_path / "2010", range(8, 10), site=True)
    archive.import_paths([tmp_path / "2010"])
    assert {record["site"] for record in archive.records()} == {"harborlight.org"}
    assert bodies_by_title(archive) == expected


def test_articles_of_an_earlier_import_lose_a_line_learned_later(archive: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "harborlight"
    expected = write_site(folder, range(4))
    archive.import_paths([folder])
    assert all(body.startswith(BANNER) for body in bodies_by_title(archive).values()), "four are not enough"
    expected |= write_site(folder, range(4, 8))
    archive.import_paths([folder])
    assert bodies_by_title(archive) == expected


def test_reparse_uses_what_was_learned(archive: Archive, tmp_path: Path) -> None:
    expected = write_site(tmp_path / "harborlight", range(8))
    archive.import_paths([tmp_path / "harborlight"])
    report = archive.reparse()
    assert (report.unchanged, report.updated, report.failed) == (8, 0, [])
    assert bodies_by_title(archive) == expected
    archive.ensure_index()
    assert archive.search("talking").total == 0


def test_what_was_learned_is_kept_with_the_records(db_path: Path, tmp_path: Path) -> None:
    write_site(tmp_path / "harborlight", range(8))
    with Archive.open(db_path, create=True) as archive:
        archive.import_paths([tmp_path / "harborlight"])
    with Archive.open(db_path) as archive:
        learned = [text for scope in archive.records().furniture for _, text in scope.get("learned", {}).values()]
    assert sorted(learned) == sorted([BANNER, FOOTER])


def article(title: str, paragraphs: list[str]) -> ParsedArticle:
    return ParsedArticle(title=title, body="\n\n".join(paragraphs))


def spelled(number: int) -> str:
    """A number as a word of letters, since digits do not tell lines apart (`4017` is `eabh`)."""
    return "".join(chr(ord("a") + int(digit)) for digit in str(number))


def test_lines_seen_once_are_forgotten_so_the_table_stays_small() -> None:
    furniture = LearnedFurniture()
    for index in range(5000):
        unique = [f"Paragraph {word} of story {spelled(index)}." for word in ("one", "two", "three", "four", "five")]
        furniture.take_off(f"id{index}", "/news/site/a.txt", article(f"Story {index}", unique), None)
    (scope,) = furniture.documents()
    remembered = len(scope.get("lines", {})) + len(scope.get("once", "").split())
    assert scope["files"] == 5000 and remembered <= BUCKET * (EDGE_TOP + EDGE_BOTTOM)


def test_a_line_in_a_small_share_of_a_large_scope_is_not_learned() -> None:
    furniture = LearnedFurniture()
    rare = "Our reporter travelled with the delegation."
    for index in range(400):
        own = [f"The opening of story {spelled(index)}.", f"The close of story {spelled(index)}."]
        lines = [*own, rare] if index % 40 == 39 else own
        furniture.take_off(f"id{index}", "/news/site/a.txt", article(f"Story {index}", lines), None)
    final = furniture.apply("/news/site/a.txt", article("Last", ["The opening of the last story.", rare]), None)
    assert rare in final.body
    assert "learned" not in furniture.documents()[0]


def test_keys_are_blind_to_case_spacing_and_digits() -> None:
    assert line_key("(c) 2007  Harbor Light Radio") == line_key("(C) 2009 HARBOR LIGHT RADIO")
    assert line_key("Harbor Light Radio") != line_key("Harbour Light Radio")


def test_articles_of_a_many_article_export_are_neither_counted_nor_stripped() -> None:
    furniture = LearnedFurniture()
    for index in range(10):
        furniture.take_off(f"id{index}", "/news/export.docx", article(f"S{index}", [BANNER, f"Text {index}."]), 1)
    assert furniture.documents() == []


def test_only_edge_paragraphs_come_off_and_the_rest_stays_as_it_was() -> None:
    for count in range(1, 13):
        paragraphs = [BANNER if index in (1, count - 2) else f"Paragraph {spelled(index)}." for index in range(count)]
        body = "\n\n".join(paragraphs)
        edges = edges_of(ParsedArticle(title="T", body=body), "/news/a.txt")
        assert "\n\n".join(edges.parts) == body
        edge = {*range(EDGE_TOP), *range(count - EDGE_BOTTOM, count)}
        kept = [text for index, text in enumerate(paragraphs) if text != BANNER or index not in edge]
        stripped = strip(ParsedArticle(title="T", body=body), edges, frozenset({line_key(BANNER)})).body
        assert stripped == ("\n\n".join(kept) if kept else body)


def test_a_copy_of_the_title_in_the_body_is_never_taken_for_furniture() -> None:
    furniture = LearnedFurniture()
    for index in range(10):
        said = " ".join(f"The spokesman said {spelled(index)} things on day {spelled(index)}." for _ in range(9))
        briefing = article("Daily Briefing", ["Daily Briefing", BANNER, said])
        furniture.take_off(f"id{index}", "/news/un/a.txt", briefing, None)
    final = furniture.apply("/news/un/a.txt", article("Daily Briefing", ["Daily Briefing", BANNER, "Today."]), None)
    assert final.body == "Daily Briefing\n\nToday."


def test_a_recurring_notice_taken_off_becomes_the_copyright_of_its_article(archive: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "harborlight"
    folder.mkdir()
    for index in range(8):
        title, paragraphs = story(index)
        notice = f"Copyright {2001 + index} Harbor Light Radio. All rights reserved."
        (folder / f"story-{index}.txt").write_text(page(title, [*paragraphs, notice]), encoding="utf-8")
    read_alone = parse_article((folder / "story-0.txt").read_bytes())
    assert read_alone.copyright is None and "All rights reserved" in read_alone.body
    archive.import_paths([folder])
    for record in archive.records():
        assert record["copyright"] is not None and record["copyright"].endswith("Radio. All rights reserved.")
        assert "reserved" not in archive.body(record)


def test_a_dateline_the_banner_covered_is_read_once_the_banner_is_off(archive: Archive, tmp_path: Path) -> None:
    """The banner stands between the headline and the dateline, so the reader cannot see the dateline; once the
    banner is learned and taken off, the place, the service and the date it states are the article's."""
    folder = tmp_path / "harborlight"
    folder.mkdir()
    for index in range(8):
        title, paragraphs = story(index)
        dated = [f"{PLACES[index].upper()}, March {index + 3}, 2008 (HLR) -- {paragraphs[0]}", *paragraphs[1:]]
        (folder / f"story-{index:02d}.txt").write_text(page(title, dated), encoding="utf-8")
    assert parse_article((folder / "story-00.txt").read_bytes()).date is None, "the banner hides the dateline"
    archive.import_paths([folder])
    records = sorted(archive.records(), key=lambda record: record["title"])
    assert [record["date"] for record in records] == [f"2008-03-{index + 3:02d}" for index in range(8)]
    assert [record["location"] for record in records] == [place.upper() for place in PLACES[:8]]
    assert {record["source"] for record in records} == {"HLR"}
    assert all(archive.body(record).startswith("Residents of ") for record in records)
    archive.ensure_index()
    assert archive.search("date:2008-03-03").total == 1 and archive.search("place:birch").total == 1


def test_a_banner_above_the_headline_is_learned_and_the_headline_becomes_the_title(
    archive: Archive, tmp_path: Path
) -> None:
    """Alone, each page reads with the banner as its title and the headline as a source line; across the site
    the banner recurs as no headline does, so every article, the first ones too, gets its headline back."""
    folder = tmp_path / "harborlight"
    folder.mkdir()
    expected = {}
    for index in range(8):
        title, paragraphs = story(index)
        text = "\n\n".join([BANNER, title, *paragraphs, FOOTER]) + "\n"
        (folder / f"story-{index:02d}.txt").write_text(text, encoding="utf-8")
        expected[title] = "\n\n".join(paragraphs)
    alone = parse_article((folder / "story-00.txt").read_bytes())
    assert (alone.title, alone.source) == (BANNER, story(0)[0]), "no shape rule knows the banner"
    archive.import_paths([folder])
    assert bodies_by_title(archive) == expected
    assert {record["source"] for record in archive.records()} == {None}
    archive.ensure_index()
    assert archive.search("title:talking").total == 0 and archive.search("title:ferry").total == 1


def test_a_title_a_few_articles_share_stays_their_title(archive: Archive, tmp_path: Path) -> None:
    """Two articles under one title is a story told twice, not a banner: nothing is retitled below the threshold."""
    folder = tmp_path / "harborlight"
    write_site(folder, range(8))
    for index in (2, 5):
        _, paragraphs = story(index)
        (folder / f"story-{index:02d}.txt").write_text(page("Council Notes", paragraphs), encoding="utf-8")
    archive.import_paths([folder])
    assert sum(record["title"] == "Council Notes" for record in archive.records()) == 2
