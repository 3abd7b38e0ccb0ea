"""What every reader test asks of arbitrary input: it is read, or refused with `ParseError` and nothing else."""

from __future__ import annotations

from store.errors import ParseError
from store.ingest.readers import Reader


def read_or_refuse(reader: Reader, raw: bytes, *, also_whole: bool = False) -> None:
    """Split `raw` and parse every chunk (and, with `also_whole`, `raw` itself as one chunk); an article that
    is read has a title."""
    try:
        chunks = reader.split(raw)
    except ParseError:
        chunks = []
    for chunk in [*chunks, raw] if also_whole else chunks:
        try:
            article = reader.parse(chunk)
        except ParseError:
            continue
        assert article.title
