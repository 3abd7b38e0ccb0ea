"""The article generator: reproducible, realistic in shape, and agreeing with the parser on each file."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from fixtures.generate import (
    BODY_MAX_BYTES,
    BODY_MIN_BYTES,
    DATELINES,
    MANIFEST_NAME,
    Article,
    articles,
    generate,
)
from store.ingest.readers.text import parse_article


@pytest.fixture(scope="module")
def sample() -> list[Article]:
    """500 articles: enough for every layout, source and encoding to turn up."""
    return list(articles(500, seed=0))


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_same_seed_writes_byte_identical_files(tmp_path: Path) -> None:
    first = generate(40, tmp_path / "a", seed=3)
    generate(40, tmp_path / "b", seed=3)
    assert len(first) == 40
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def test_another_seed_writes_other_articles(tmp_path: Path) -> None:
    generate(40, tmp_path / "a", seed=3)
    generate(40, tmp_path / "b", seed=4)
    assert set(_tree(tmp_path / "a").values()).isdisjoint(_tree(tmp_path / "b").values())


def test_an_article_does_not_depend_on_how_many_are_generated() -> None:
    """So a benchmark at 2,000 articles measures the first 2,000 of the 50,000 run."""
    assert [a.raw for a in articles(10, seed=1)] == [a.raw for a in articles(50, seed=1)][:10]


def test_manifest_lists_every_file_with_its_truth(tmp_path: Path) -> None:
    paths = generate(25, tmp_path, seed=2)
    with (tmp_path / MANIFEST_NAME).open(encoding="utf-8", newline="") as manifest:
        rows = list(csv.DictReader(manifest))
    assert [tmp_path / row["relpath"] for row in rows] == paths
    expected = [article.manifest_row() for article in articles(25, seed=2)]
    assert rows == expected


def test_bodies_are_between_2_and_8_kb(sample: list[Article]) -> None:
    sizes = [article.body_bytes for article in sample]
    assert min(sizes) >= BODY_MIN_BYTES and max(sizes) <= BODY_MAX_BYTES


def test_sample_is_varied(sample: list[Article]) -> None:
    """Twenty-odd outlets, several archive sites, every dateline layout, both line ends, three encodings."""
    assert len({article.source for article in sample}) >= 20
    assert len({article.site for article in sample}) >= 4
    assert {article.dateline for article in sample} == set(DATELINES)
    assert {article.line_ends for article in sample} == {"lf", "crlf"}
    assert {article.encoding for article in sample} == {"utf-8", "utf-8-sig", "cp1252"}
    years = Counter(article.date[:4] for article in sample if article.date)
    assert len(years) >= 20


def test_titles_are_unique() -> None:
    titles = [article.title.lower() for article in articles(3000, seed=0)]
    assert len(set(titles)) == len(titles)


def test_parser_reads_every_title(sample: list[Article]) -> None:
    wrong = [(a.relpath, parse_article(a.raw).title) for a in sample if parse_article(a.raw).title != a.title]
    assert wrong == []


def test_parser_reads_the_date_the_generator_wrote(sample: list[Article]) -> None:
    """Where the parser found the title, it reads the same ISO date, and no date from an undated file."""
    wrong = []
    for article in sample:
        parsed = parse_article(article.raw)
        if parsed.title == article.title and parsed.date != article.date:
            wrong.append((article.dateline, article.date_text, parsed.date, article.date))
    assert wrong == []
