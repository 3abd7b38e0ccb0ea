"""Start-up as a script meets it: `newsdesk search --json WORD` as a whole process, beside what else answers it.

A script that runs newsdesk once per query pays the interpreter, the imports and the archive's opening every
time, so the figure that counts is the whole process, timed from outside (DESIGN.md: at most 60 ms at 10k
articles). Measured in the same run, so that the ratios hold from machine to machine:

- `python -c pass` and `python -c 'import tantivy'` in the same interpreter: the floor nothing can go below;
- `newsdesk show --json ID` and `stats --json`, the other scriptable commands;
- `rg -il WORD` over the raw files and `recollq` over a Recoll index of them, built here once: what a user
  would reach for without newsdesk. Either is skipped, and said to be, where it is not installed.

Every command runs once to warm up (not counted), then the commands take turns, round after round, each round
with the next word, so a drifting machine moves them all alike; ratios are medians of the per-round ratios.
Python's bytecode is cached in the scratch folder, as an installed package has it, whatever
PYTHONDONTWRITEBYTECODE says (without a cache every run compiles newsdesk's modules again).

    .venv/bin/python bench/startup.py --articles 10000 [--runs 21] [--seed S] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script (`python bench/startup.py`): make the repository root importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fixtures.generate import article_folders, generate

NEWSDESK = Path(sys.executable).parent / "newsdesk"
WORDS = ("missile", "sanctions", "elections", "government", "bathyscaphe", "narwhal", "klystron")
"""Common and rare words of the generator's vocabulary (a subset of `run.GREP_WORDS`: `said` is in every file)."""
RECOLL_SHOWN = 20
"""Results `recollq` prints: as many as `newsdesk search` prints by default."""


@dataclass(frozen=True)
class Contender:
    """One command line timed as a whole process; `{word}` in it is the round's word."""

    name: str
    argv: tuple[str, ...]
    ok_codes: tuple[int, ...] = (0,)
    """Exit codes that mean it worked (`rg` exits 1 when nothing matched)."""

    def command(self, word: str) -> list[str]:
        return [part.format(word=word) for part in self.argv]


@dataclass(frozen=True)
class Scratch:
    """The generated articles, the archive newsdesk imported them into, and the environment children run in."""

    folders: tuple[Path, ...]
    db: Path
    env: dict[str, str]


def prepare(work: Path, articles: int, seed: int) -> Scratch:
    """Generate the corpus and import it with the real console script (not timed)."""
    generate(articles, work / "articles", seed)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    db = work / "archive.json"
    folders = tuple(article_folders(work / "articles"))
    imported = [str(NEWSDESK), "--db", str(db), "import", *map(str, folders)]
    subprocess.run(imported, env=env, check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    return Scratch(folders, db, env)


def first_id(scratch: Scratch) -> str:
    """An article for `show` to print: the first hit for the first word."""
    hits = subprocess.run(
        [str(NEWSDESK), "--db", str(scratch.db), "search", "--json", "--limit", "1", WORDS[0]],
        env=scratch.env,
        check=True,
        capture_output=True,
    )
    return str(json.loads(hits.stdout)["id"])


def recoll_index(work: Path, folders: Sequence[Path]) -> Path | None:
    """A Recoll configuration over the raw files, indexed once; None when Recoll is not installed."""
    if shutil.which("recollindex") is None or shutil.which("recollq") is None:
        return None
    config = work / "recoll"
    config.mkdir()
    topdirs = " ".join(str(folder) for folder in folders)
    (config / "recoll.conf").write_text(f"topdirs = {topdirs}\nloglevel = 1\n", encoding="utf-8")
    subprocess.run(["recollindex", "-c", str(config)], check=True, capture_output=True, stdin=subprocess.DEVNULL)
    return config


def contenders(scratch: Scratch, article_id: str, recoll: Path | None) -> list[Contender]:
    """Every command timed, the floors first; rg and recollq only where installed."""
    python, db = sys.executable, str(scratch.db)
    newsdesk = (str(NEWSDESK), "--db", db)
    found = [
        Contender("python -c pass", (python, "-c", "pass")),
        Contender("python -c 'import tantivy'", (python, "-c", "import tantivy")),
        Contender("newsdesk search --json WORD", (*newsdesk, "search", "--json", "{word}")),
        Contender("newsdesk show --json ID", (*newsdesk, "show", "--json", article_id)),
        Contender("newsdesk stats --json", (*newsdesk, "stats", "--json")),
    ]
    rg = shutil.which("rg")
    if rg is not None:
        found.append(Contender("rg -il WORD", (rg, "-il", "{word}", *map(str, scratch.folders)), (0, 1)))
    if recoll is not None:
        query = ("recollq", "-c", str(recoll), "-b", "-n", str(RECOLL_SHOWN), "{word}")
        found.append(Contender(f"recollq -b -n {RECOLL_SHOWN} WORD", query))
    return found


def whole_process_ms(contender: Contender, word: str, env: dict[str, str]) -> float:
    """Wall time from starting the process to reaping it, its output thrown away."""
    start = time.perf_counter()
    done = subprocess.run(
        contender.command(word), env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode not in contender.ok_codes:
        raise RuntimeError(f"{contender.name} exited {done.returncode}: {done.stderr.decode(errors='replace')}")
    return elapsed


def measure(found: Sequence[Contender], runs: int, env: dict[str, str]) -> dict[str, list[float]]:
    """A warm-up of each, then `runs` rounds in which every command runs once on that round's word."""
    for contender in found:
        whole_process_ms(contender, WORDS[0], env)
    samples: dict[str, list[float]] = {contender.name: [] for contender in found}
    for round_number in range(runs):
        word = WORDS[round_number % len(WORDS)]
        for contender in found:
            samples[contender.name].append(whole_process_ms(contender, word, env))
    return samples


def paired_ratio(samples: dict[str, list[float]], name: str, baseline: str) -> float | None:
    """The median over rounds of `name`'s time over `baseline`'s in the same round; None if either is absent."""
    if name not in samples or baseline not in samples:
        return None
    return statistics.median(ours / theirs for ours, theirs in zip(samples[name], samples[baseline], strict=True))


def figures(samples: dict[str, list[float]], articles: int) -> dict[str, object]:
    """Median, min and max of every command, and the ratios the budget and the comparison are read from."""
    search, python = "newsdesk search --json WORD", "python -c pass"
    rg = next((name for name in samples if name.startswith("rg ")), "rg")
    recoll = next((name for name in samples if name.startswith("recollq")), "recollq")
    return {
        "articles": articles,
        "runs": len(samples[python]),
        "commands": {
            name: {"median_ms": statistics.median(times), "min_ms": min(times), "max_ms": max(times)}
            for name, times in samples.items()
        },
        "vs_python": {name: paired_ratio(samples, name, python) for name in samples},
        "search_vs_rg": paired_ratio(samples, search, rg),
        "search_vs_recollq": paired_ratio(samples, search, recoll),
    }


def table(result: dict[str, object], skipped: Sequence[str]) -> str:
    """The figures as a plain text table."""
    commands = result["commands"]
    vs_python = result["vs_python"]
    assert isinstance(commands, dict) and isinstance(vs_python, dict)
    lines = [f"newsdesk start-up: {result['articles']} articles, {result['runs']} runs of each, whole processes", ""]
    lines.append(f"{'command':<34}{'median':>9}{'min':>9}{'max':>9}{'x python':>10}")
    for name, times in commands.items():
        row = f"{name:<34}{times['median_ms']:>7.1f}ms{times['min_ms']:>7.1f}ms{times['max_ms']:>7.1f}ms"
        lines.append(f"{row}{vs_python[name]:>9.2f}x")
    lines.append("")
    for label, key in (("rg -il", "search_vs_rg"), ("recollq", "search_vs_recollq")):
        ratio = result[key]
        shown = f"{ratio:.2f}x (below 1: newsdesk is faster)" if isinstance(ratio, float) else "not measured"
        lines.append(f"newsdesk search / {label:<8} {shown}")
    lines += [f"skipped: {name} (not installed)" for name in skipped]
    return "\n".join(lines)


def run(articles: int, runs: int, seed: int) -> tuple[dict[str, object], list[str]]:
    """Generate, import and index in a scratch folder, then time every contender; returns figures and skips."""
    with tempfile.TemporaryDirectory(prefix="newsdesk-startup-") as tmp:
        work = Path(tmp)
        scratch = prepare(work, articles, seed)
        recoll = recoll_index(work, scratch.folders)
        found = contenders(scratch, first_id(scratch), recoll)
        samples = measure(found, runs, scratch.env)
    skipped = [name for name, present in (("rg", shutil.which("rg")), ("recoll", recoll)) if present is None]
    return figures(samples, articles), skipped


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: `startup.py --articles N [--runs R] [--seed S] [--json]`."""
    parser = argparse.ArgumentParser(description="Time newsdesk's scriptable commands as whole processes.")
    parser.add_argument("--articles", type=int, default=10_000, help="articles to generate (default 10000)")
    parser.add_argument("--runs", type=int, default=21, help="timed runs of each command (default 21)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args(argv)
    result, skipped = run(args.articles, args.runs, args.seed)
    print(json.dumps({**result, "skipped": skipped}) if args.json else table(result, skipped))


if __name__ == "__main__":
    main()
