"""Parsing spread over the machine's cores when an import is big enough to pay for the workers.

Web pages cost trafilatura tens of milliseconds each, so an import of many pages is CPU-bound in the parse;
worker processes take it across cores. Workers come from a fork server, not a fork of this process: the browser
and the search index run threads, and forking a threaded process can deadlock the child. Results come back in
file order, and at most `_IN_FLIGHT` files are out at a time, so memory stays flat in the number of files.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from store.ingest.discover import Failure, Skip, SourceFile
from store.ingest.reading import Ingested, ingest

_MIN_FILES = 48
"""Below this many costly files to parse, starting workers costs more than it saves."""

_COSTLY_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".docx"})
"""Files whose parse outweighs sending them to a worker. Only scheduling hangs on the name (the content still
picks the reader): plain text parses at thousands of files a second, and for it a pool gained 10% idle, lost
under load and tripled memory (`bench/RESULTS.md`)."""

_IN_FLIGHT_PER_WORKER = 16

Result = Ingested | Failure | Skip


def worker_count(sources: Sequence[SourceFile]) -> int:
    """Processes worth starting: none (parse here) for a single core or an import of few costly files."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    costly = sum(source.path.suffix.lower() in _COSTLY_SUFFIXES for source in sources)
    if costly < _MIN_FILES or cores < 2:
        return 0
    return cores


def ingest_all(sources: Sequence[SourceFile], forced: Callable[[SourceFile], bool]) -> Iterator[Result]:
    """`ingest` of every source, in order, in worker processes when that pays."""
    workers = worker_count(sources)
    if workers == 0:
        for source in sources:
            yield ingest(source, forced(source))
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["store.ingest.reading"])
    pending: deque[tuple[SourceFile, Future[Result]]] = deque()
    limit = workers * _IN_FLIGHT_PER_WORKER
    queue = iter(sources)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as executor:
        try:
            for source in queue:
                pending.append((source, executor.submit(ingest, source, forced(source))))
                if len(pending) >= limit:
                    yield pending[0][1].result()
                    pending.popleft()
            while pending:
                yield pending[0][1].result()
                pending.popleft()
        except BrokenProcessPool:
            pass
    # A worker died (killed, out of memory): the files it left undone are read here, one by one.
    for source in [*(source for source, _ in pending), *queue]:
        yield ingest(source, forced(source))
