"""`reparse` of a file stored whole that today's readers read as several articles: an export imported before
its reader existed becomes one record per article, the stored record keeping its id, tags and note."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from store.archive import Archive
from store.ingest import reading
from store.ingest.readers import text as text_reader
from tests.conftest import REPO, CliResult

EXPORT = REPO / "fixtures" / "exports" / "lexisnexis-sample.txt"
TITLES = [
    "Gas Deal Ends Two-Week Dispute Over Border Corridor",
    "Council Votes to Sell Old Tram Depot to Housing Cooperative After Decade of Dispute",
]


@pytest.fixture
def stored_whole(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """An archive holding the three-article export as one plain-text record, as an archive made before the
    LexisNexis reader would; its id (tagged and with a note)."""
    export = tmp_path / "in" / "export.txt"
    export.parent.mkdir()
    shutil.copyfile(EXPORT, export)
    with monkeypatch.context() as patch:
        patch.setattr(reading, "sniff", lambda name, raw, forced=False: text_reader.READER)
        with Archive.open(db_path, create=True) as archive:
            archive.import_paths([export])
            (record,) = archive.records()
            archive.tag(record["id"], ["follow-up"])
            archive.set_note(record["id"], "the whole export, once")
    return export, record["id"]


def test_reparse_splits_the_file_and_the_record_keeps_its_id_and_user_data(
    stored_whole: tuple[Path, str], db_path: Path, cli: Callable[..., CliResult]
) -> None:
    export, kept = stored_whole
    result = cli("reparse")
    assert result.code == 0, result.err
    assert (
        result.out
        == "1 changed, 0 unchanged, 0 kept as they were, 2 new from files that now read as several articles\n"
    )
    with Archive.open(db_path) as archive:
        records = sorted(archive.records(), key=lambda record: record["position"] or 0)
        assert [record["position"] for record in records] == [1, 2, 3]
        assert [record["format"] for record in records] == ["lexisnexis-text"] * 3
        assert records[0]["id"] == kept and records[0]["title"] == TITLES[0]
        assert records[1]["title"] == TITLES[1]
        assert archive.user_data(kept) == (("follow-up",), False, "the whole export, once")
        assert archive.user_data(records[1]["id"]) == ((), False, "")
        assert {record["path"] for record in records} == {str(export)}
        assert archive.search("tag:follow-up").total == 1
        assert archive.search('"tram depot"').total == 1
    assert "Path:     " + str(export) + "#2" in cli("show", records[1]["id"]).out
    again = json.loads(cli("import", export.parent, "--json").out)
    assert (again["imported"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert cli("reparse").out == "0 changed, 3 unchanged, 0 kept as they were\n"
