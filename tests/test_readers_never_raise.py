"""Every registered reader, a new one included without a line here: arbitrary bytes are claimed or not, read
or refused with `ParseError`, never anything else."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.errors import ParseError
from store.ingest.readers import Reader
from store.ingest.sniff import READERS, read_file, sample
from tests.reader_support import read_or_refuse


@pytest.mark.parametrize("reader", READERS, ids=lambda reader: reader.name)
@settings(max_examples=150, deadline=None)
@given(raw=st.binary(max_size=2000))
def test_a_reader_reads_or_refuses_any_bytes(reader: Reader, raw: bytes) -> None:
    reader.claims(sample("file", raw))
    read_or_refuse(reader, raw, also_whole=True)


@settings(max_examples=200, deadline=None)
@given(
    raw=st.binary(max_size=2000), name=st.sampled_from(["a.txt", "a.html", "a.docx", "a.sgm", "a", "README", "a.csv"])
)
def test_reading_any_file_gives_articles_or_parse_errors(raw: bytes, name: str) -> None:
    try:
        articles = read_file(name, raw)
    except ParseError:
        return
    assert all(isinstance(article, ParseError) or article.title for article in articles)
