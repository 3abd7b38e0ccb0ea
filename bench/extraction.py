"""Score what newsdesk extracts from real article files against the truth each corpus ships.

Every file is read through `store.ingest.sniff.read_file`, the path `newsdesk import` takes, so a reader the
sniffer gains is scored here with no change. The corpora (`../shared/corpus/`, see its README):

- `bbc/`: headline on line 1, the text after it; no date, byline or source, so any date produced is invented.
- `afps-dod/`: `manifest.csv` gives title, source and date. The date is the day the item was posted, and most
  texts do not write it: it is scored only where the text writes that day (with its year); elsewhere null is
  right, the manifest's day is right too, another day the text writes is *misdated* (a dateline's event day),
  and a day the text writes nowhere, or any day when the manifest has none, is *invented*. The source
  (`dvids`, the collecting site) is scored only where the text names it, which none does.
- `html-readability/`: Readability's expected title, byline, site name (the source), date and `expected.html`
  (the lead). A null date means the page states none (a date produced is invented); pages marked
  `readerable: false` are no articles and are left out of title and lead (counted as "not articles").
- `html-newspaper4k/`: newspaper4k's metadata (title, authors, date, site name) and text (the lead). Its null
  date only means newspaper4k found none, so it is not scored.
- `exports/`: many articles per file and no truth per article: articles found against the count the file
  states (`N of M DOCUMENTS`, `Documents (M)`) or, where it states none, against one mark per article
  (Factiva's article containers, Nexis Word's `End of Document`); and how many articles carry a title, a
  date and a source.

Comparison rules (`extraction_compare.py`). Text is compared normalised: NFKC, typographic quotes and dashes as
ASCII, soft hyphens and zero-width characters dropped, case-folded, whitespace runs as one space.
- title: equal to the truth.
- date: the ISO day equals the day the truth writes (`2015-07-24T23:30-05:00` is the 24th: no timezone shift).
- byline: non-empty and holding every truth author name. A one-string truth byline gives its names from its
  first line with text, less a leading `By`, split at commas, semicolons, `&` and `and`.
- source: equal to the truth, or one holds the other; the reader's `source` or `site` may match, since a web
  page's site name is its publisher.
- lead: the body's first 8 words (at most 80 characters, for scripts written without spaces) equal the truth
  text's, after a copy of the title heading the truth text; or the words after a dateline (text up to a dash
  among the first 12 words), which a reader may cut into `location`.
- lead_learned: the lead again, once each article has lost the furniture an import of the whole corpus learns
  from recurrence (`store.ingest.furniture`); `stripped` counts the files that lost paragraphs that way, and
  its misses list what came off.

Each labelled file is scored on its first article. `unread` counts files that gave no article (skipped, or a
`ParseError`). `files/s` is the wall time of `read_file` only.

    .venv/bin/python bench/extraction.py [--corpus DIR] [--json] [--failures N]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script (`python bench/extraction.py`): make the repository root importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import extraction_truth as truth
from extraction_score import COUNTS, EXPORT_FIELDS, FIELDS, CorpusScore, ExportScore, Miss, score_corpus, score_export

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

LABELLED: tuple[tuple[str, Callable[[Path], Iterator[truth.Truth]]], ...] = (
    ("bbc", truth.bbc),
    ("afps-dod", truth.afps),
    ("html-readability", truth.readability),
    ("html-newspaper4k", truth.newspaper4k),
)
"""Each labelled corpus's folder and the loader of its truth."""

EXPORTS = "exports"

MISS_WIDTH = 120
"""Expected and produced values longer than this are cut in the middle in the failure listing."""


@dataclass
class Results:
    """Everything one run measured, and the corpora it could not score."""

    corpus: Path
    labelled: list[CorpusScore] = field(default_factory=list)
    exports: list[ExportScore] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)


def run(corpus: Path) -> Results:
    """Score every corpus found under `corpus`; a missing one is listed as skipped with the reason."""
    results = Results(corpus)
    for name, load in LABELLED:
        folder = corpus / name
        if not folder.is_dir():
            results.skipped[name] = f"no folder {folder}"
            continue
        try:
            results.labelled.append(score_corpus(name, list(load(folder))))
        except truth.CorpusMissing as missing:
            results.skipped[name] = str(missing)
    exports = corpus / EXPORTS
    if exports.is_dir():
        files = sorted(path for path in exports.rglob("*") if path.is_file())
        scored = (score_export(path, path.relative_to(exports).as_posix()) for path in files)
        results.exports = [score for score in scored if score is not None]
    else:
        results.skipped[EXPORTS] = f"no folder {exports}"
    return results


def _share(right: int, total: int) -> str:
    return f"{right}/{total} {100 * right / total:.0f}%" if total else "-"


def _rate(files: int, seconds: float) -> str:
    return f"{files / seconds:.0f}" if seconds else "-"


def labelled_table(scores: Sequence[CorpusScore]) -> list[str]:
    """One row per labelled corpus; a share is right/scored and its percentage, `-` when nothing was scored."""
    head = ("corpus", "files", "articles", *COUNTS, *FIELDS, "files/s")
    rows: list[tuple[str, ...]] = [head]
    for score in scores:
        shares = [_share(score.tallies[name].right, score.tallies[name].total) for name in FIELDS]
        counts = [str(score.counts[name]) for name in COUNTS]
        rows.append(
            (score.name, str(score.files), str(score.articles), *counts, *shares, _rate(score.files, score.seconds))
        )
    lines = _aligned(rows)
    lines += [
        f"{score.name}: {score.not_articles} pages are no articles (left out of title and lead)"
        for score in scores
        if score.not_articles
    ]
    return lines


def exports_table(scores: Sequence[ExportScore]) -> list[str]:
    """One row per export file: articles found against those it holds, the share carrying each field, read time."""
    head = ("export", "found", "expected", "errors", *EXPORT_FIELDS, "read ms")
    rows: list[tuple[str, ...]] = [head]
    for score in scores:
        expected = f"{score.expected} ({score.basis})" if score.expected is not None else "-"
        shares = [_share(score.present[name], score.found) for name in EXPORT_FIELDS]
        rows.append((score.file, str(score.found), expected, str(score.errors), *shares, f"{score.seconds * 1000:.0f}"))
    return _aligned(rows)


def _aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return [
        "  ".join(
            cell.ljust(width) if column == 0 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]


def first_misses(misses: Iterable[Miss], limit: int) -> list[Miss]:
    """The first `limit` misses of each field, in file order."""
    seen: dict[str, int] = {}
    kept = []
    for miss in misses:
        seen[miss.field] = seen.get(miss.field, 0) + 1
        if seen[miss.field] <= limit:
            kept.append(miss)
    return kept


def failures(misses: Iterable[Miss], limit: int) -> list[str]:
    """The first `limit` misses of each field, one line each: file, field, expected, got."""
    return [
        f"  {miss.file}  {miss.field}: expected {_cut(miss.expected)!r}, got {_cut(miss.got)!r}"
        for miss in first_misses(misses, limit)
    ]


def _cut(value: str) -> str:
    """A long value's start and end: where a title and its truth differ is often a suffix (` | CNN Politics`)."""
    half = MISS_WIDTH // 2
    return value if len(value) <= MISS_WIDTH else f"{value[:half]} … {value[-half:]}"


def report(results: Results, limit: int) -> str:
    """The run as text: the labelled table, the exports table, skipped corpora, then failures when asked."""
    lines = [f"newsdesk extraction: corpus {results.corpus}", ""]
    if results.labelled:
        lines += [*labelled_table(results.labelled), ""]
    if results.exports:
        lines += [*exports_table(results.exports), ""]
    lines += [f"{name}: skipped ({reason})" for name, reason in results.skipped.items()]
    if limit > 0:
        for score in results.labelled:
            lines += ["", f"{score.name} misses:", *(failures(score.misses, limit) or ["  none"])]
        misses = [miss for export in results.exports for miss in export.misses]
        if misses:
            lines += ["", f"{EXPORTS} misses:", *failures(misses, limit)]
    return "\n".join(lines).rstrip()


def as_json(results: Results, limit: int) -> dict[str, object]:
    """The run for machines: every figure with its right and scored counts, and the first misses per field."""

    def first(misses: Iterable[Miss]) -> list[dict[str, str]]:
        return [dataclasses.asdict(miss) for miss in first_misses(misses, limit)]

    labelled = {
        score.name: {
            "files": score.files,
            "articles": score.articles,
            "not_articles": score.not_articles,
            **score.counts,
            **{
                name: {"right": tally.right, "of": tally.total, "percent": tally.share}
                for name, tally in score.tallies.items()
            },
            "files_per_s": score.files / score.seconds if score.seconds else None,
            "failures": first(score.misses),
        }
        for score in results.labelled
    }
    exports = [
        {
            "file": score.file,
            "found": score.found,
            "expected": score.expected,
            "basis": score.basis,
            "errors": score.errors,
            "present": score.present,
            "seconds": score.seconds,
            "failures": first(score.misses),
        }
        for score in results.exports
    ]
    return {"corpus": str(results.corpus), "labelled": labelled, "exports": exports, "skipped": results.skipped}


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: `extraction.py [--corpus DIR] [--json] [--failures N]`."""
    parser = argparse.ArgumentParser(description="Score newsdesk's extraction against labelled real corpora.")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help=f"the corpus folder (default {CORPUS})")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    parser.add_argument("--failures", type=int, default=0, metavar="N", help="show the first N misses per field")
    args = parser.parse_args(argv)
    results = run(args.corpus)
    print(
        json.dumps(as_json(results, args.failures), ensure_ascii=False) if args.json else report(results, args.failures)
    )


if __name__ == "__main__":
    main()
