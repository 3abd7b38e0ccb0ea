"""Text segments keep each article's body and raw bytes compressed, read older uncompressed segments as before,
and name what is damaged."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from store.errors import StoreError
from store.storage.segments import StoredText, TextSegments

RAW = ("Radar Talks Stall\n\nOctober 12, 2007 (RFE/RL) -- " + "The talks went on. " * 200).encode("utf-8")


BODY = "The talks went on. " * 200


def test_bodies_and_raw_bytes_are_kept_compressed_and_read_back_whole(tmp_path: Path) -> None:
    segments = TextSegments(tmp_path / "text")
    segments.write("000001-0000", [StoredText.holding("a1", BODY, RAW), StoredText.holding("a2", "Ünïcode ✓", b"")])
    stored = json.loads(segments.path("000001-0000").read_text(encoding="utf-8"))
    document = next(document for document in stored["texts"].values() if document["id"] == "a1")
    assert document["raw"].startswith("z:") and len(document["raw"]) < len(RAW) / 4
    assert "body" not in document and len(document["body_z"]) < len(BODY) / 4
    text = segments.text("000001-0000", "a1")
    assert (text.body, text.raw) == (BODY, RAW)
    assert segments.text("000001-0000", "a2").body == "Ünïcode ✓"


def test_a_segment_written_before_compression_reads_as_it_did(tmp_path: Path) -> None:
    folder = tmp_path / "text"
    folder.mkdir()
    document = {"id": "a1", "body": "The talks went on.", "raw": base64.b64encode(RAW).decode("ascii")}
    (folder / "000001-0000.json").write_text(json.dumps({"texts": {"1": document}}), encoding="utf-8")
    text = TextSegments(folder).text("000001-0000", "a1")
    assert (text.body, text.raw) == ("The talks went on.", RAW)


def test_a_damaged_compressed_body_is_damage_of_its_segment(tmp_path: Path) -> None:
    folder = tmp_path / "text"
    folder.mkdir()
    document = {"id": "a1", "body_z": "bm90IHpsaWI=", "raw": ""}
    (folder / "000001-0000.json").write_text(json.dumps({"texts": {"1": document}}), encoding="utf-8")
    with pytest.raises(StoreError, match=r"000001-0000\.json: damaged text segment"):
        TextSegments(folder).text("000001-0000", "a1")


@pytest.mark.parametrize("packed", ["z:!!not base64!!", "z:" + base64.b64encode(b"not a zlib stream").decode(), "%%"])
def test_damaged_raw_bytes_name_the_article(packed: str) -> None:
    with pytest.raises(StoreError, match=r"article a1: its stored raw bytes are damaged; `newsdesk doctor --repair`"):
        assert StoredText("a1", "body", packed).raw is None
