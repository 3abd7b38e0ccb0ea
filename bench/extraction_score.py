"""Each file read the way `newsdesk import` reads it, and what it produced held against its truth.

Every figure keeps its misses (file, field, expected, got), since a list of misses is what shows a developer
the general rule a reader lacks; a percentage alone does not.

An import also learns furniture from recurrence (`store.ingest.furniture`), which needs the whole corpus: once
every file is read, each article is stripped of what its site (or folder) taught, as an import of the corpus
leaves it, and its lead is scored again (`lead_learned`); `stripped` lists what came off.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from extraction_compare import has_names, lead_key, lead_keys, same_source, same_title, states_day
from extraction_truth import Dating, Truth, stated_count

from store.errors import ParseError
from store.ingest.furniture import PARAGRAPH_BREAK, LearnedFurniture
from store.ingest.reading import fingerprint
from store.ingest.sniff import read_file
from store.model import ParsedArticle
from store.paths import path_key

FIELDS = ("title", "date", "lead", "lead_learned", "byline", "source")
"""The fields scored as a share of the files whose truth has them (`lead_learned`: the lead once the furniture
learned from the whole corpus is taken off)."""

EXPORT_FIELDS = ("title", "date", "source")
"""The fields counted in exports, where no truth says what they should be: only whether each is there."""

COUNTS = ("unread", "invented", "misdated", "stripped")
"""The figures that are counts of files, each with its misses: no article read, a date made up, a wrong day,
paragraphs taken off as learned furniture (listed as what came off)."""


@dataclass(frozen=True)
class Reading:
    """What `read_file` gave for one file: its articles, the reasons for those it could not read, its time."""

    articles: tuple[ParsedArticle, ...]
    errors: tuple[str, ...]
    seconds: float


@dataclass(frozen=True)
class Miss:
    """One field of one file that did not come out as its truth says."""

    file: str
    field: str
    expected: str
    got: str


@dataclass
class Tally:
    """Right answers out of the files that could be scored for one field."""

    right: int = 0
    total: int = 0

    @property
    def share(self) -> float | None:
        """The right share in percent, None when nothing was scored."""
        return 100 * self.right / self.total if self.total else None


@dataclass
class CorpusScore:
    """A labelled corpus's figures and misses."""

    name: str
    files: int = 0
    articles: int = 0
    not_articles: int = 0
    seconds: float = 0.0
    tallies: dict[str, Tally] = field(default_factory=lambda: {name: Tally() for name in FIELDS})
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    misses: list[Miss] = field(default_factory=list)

    def judge(self, name: str, ok: bool, miss: Miss) -> None:
        """Count one scored field, keeping it as a miss when wrong."""
        tally = self.tallies[name]
        tally.total += 1
        tally.right += ok
        if not ok:
            self.misses.append(miss)

    def count(self, miss: Miss) -> None:
        """Count one file under a count figure (`miss.field`)."""
        self.counts[miss.field] += 1
        self.misses.append(miss)


@dataclass(frozen=True)
class ExportScore:
    """One export file: the articles found against the count it states, and how many carry each field."""

    file: str
    found: int
    errors: int
    expected: int | None
    basis: str | None
    """`stated` (the file gives its total) or `blocks` (one mark per article counted), None when unknown."""
    present: dict[str, int]
    seconds: float
    misses: tuple[Miss, ...]


def read(path: Path, raw: bytes) -> Reading:
    """One file through `read_file`, timed: only the reading, not the disk, counts."""
    start = time.perf_counter()
    try:
        results = read_file(str(path), raw)
    except ParseError as error:
        return Reading((), (str(error),), time.perf_counter() - start)
    seconds = time.perf_counter() - start
    articles = tuple(result for result in results if isinstance(result, ParsedArticle))
    errors = tuple(str(result) for result in results if isinstance(result, ParseError))
    return Reading(articles, errors, seconds)


def score_corpus(name: str, truths: Iterable[Truth]) -> CorpusScore:
    """Read every labelled file and score its first article against its truth, then again once the furniture
    learned from all of them is taken off."""
    score = CorpusScore(name)
    furniture = LearnedFurniture()
    seen: set[str] = set()
    scored: list[tuple[Truth, ParsedArticle | None, int | None]] = []
    for truth in truths:
        reading = read(truth.path, truth.path.read_bytes())
        score.files += 1
        score.articles += len(reading.articles)
        score.seconds += reading.seconds
        got = reading.articles[0] if reading.articles else None
        if got is None:
            score.count(Miss(truth.name, "unread", "an article", "; ".join(reading.errors) or "skipped"))
        if not truth.article:
            score.not_articles += 1
        _score_fields(score, truth, got)
        position = None if len(reading.articles) == 1 else 1
        if got is not None and fingerprint(got) not in seen:  # an import never counts a copy it already holds
            seen.add(fingerprint(got))
            furniture.take_off(truth.name, path_key(truth.path), got, position)
        scored.append((truth, got, position))
    for truth, got, position in scored:
        learned = furniture.apply(path_key(truth.path), got, position) if got is not None else None
        _score_learned(score, truth, got, learned)
    return score


def _score_learned(score: CorpusScore, truth: Truth, got: ParsedArticle | None, learned: ParsedArticle | None) -> None:
    """The lead of an article without its learned furniture, and what that took off."""
    if got is not None and learned is not None and learned.body != got.body:
        kept = set(learned.body.split(PARAGRAPH_BREAK))
        removed = [paragraph for paragraph in got.body.split(PARAGRAPH_BREAK) if paragraph not in kept]
        score.count(Miss(truth.name, "stripped", "", " | ".join(removed)))
    keys = lead_keys(truth.lead, truth.title) if truth.article and truth.lead is not None else None
    if keys:
        lead = lead_key(learned.body) if learned is not None else None
        score.judge("lead_learned", lead in keys, _miss(truth, "lead_learned", " | ".join(sorted(keys)), lead))


def _score_fields(score: CorpusScore, truth: Truth, got: ParsedArticle | None) -> None:
    if truth.article and truth.title is not None:
        title = got.title if got else None
        score.judge("title", same_title(truth.title, title), _miss(truth, "title", truth.title, title))
    if truth.article and truth.lead is not None:
        keys = lead_keys(truth.lead, truth.title)
        lead = lead_key(got.body) if got else None
        if keys:
            score.judge("lead", lead in keys, _miss(truth, "lead", " | ".join(sorted(keys)), lead))
    if truth.names:
        byline = got.byline if got else None
        score.judge("byline", has_names(truth.names, byline), _miss(truth, "byline", " & ".join(truth.names), byline))
    if truth.source is not None:
        produced = (got.source, got.site) if got else (None, None)
        right = any(same_source(truth.source, value) for value in produced)
        score.judge("source", right, _miss(truth, "source", truth.source, " | ".join(map(str, produced))))
    _score_date(score, truth, got.date if got else None)


def _score_date(score: CorpusScore, truth: Truth, day: str | None) -> None:
    """Stated dates are scored; an unstated one may be null, and a produced date is judged by what the file says.

    With the file stating no date, any date is invented. With the collection knowing a day the file does not
    write: that day is fine, another day the text writes is misdated, a day written nowhere is invented.
    """
    if truth.dating is Dating.STATED:
        score.judge("date", day == truth.day, _miss(truth, "date", truth.day, day))
    elif day is None:
        return
    elif truth.dating is Dating.NONE:
        score.count(_miss(truth, "invented", "no date", day))
    elif truth.dating is Dating.UNSTATED and day != truth.day:
        written = truth.text is not None and states_day(truth.text, day)
        expected = f"{truth.day} (not in the text) or none"
        score.count(_miss(truth, "misdated" if written else "invented", expected, day))


def _miss(truth: Truth, field: str, expected: object, got: object) -> Miss:
    return Miss(truth.name, field, str(expected), str(got))


def score_export(path: Path, name: str) -> ExportScore | None:
    """An export's articles and their fields; None for a file that is neither read nor counted (a README)."""
    raw = path.read_bytes()
    reading = read(path, raw)
    counted = stated_count(raw)
    if not reading.articles and not reading.errors and counted is None:
        return None
    expected, basis = counted if counted else (None, None)
    fields = [{"title": article.title, "date": article.date, "source": article.source} for article in reading.articles]
    present = {name: sum(bool(values[name]) for values in fields) for name in EXPORT_FIELDS}
    misses = [Miss(name, "unread", "an article", error) for error in reading.errors]
    if expected is not None and expected != len(fields):
        misses.append(Miss(name, "articles", str(expected), str(len(fields))))
    misses += [
        Miss(f"{name}#{position}", field, "present", "none")
        for position, values in enumerate(fields, 1)
        for field, value in values.items()
        if not value
    ]
    return ExportScore(name, len(fields), len(reading.errors), expected, basis, present, reading.seconds, tuple(misses))
