"""The TinyDB storage layer: atomic writes, `.bak` generations, refusal to overwrite damage, batching."""

from __future__ import annotations

import copy
import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from store.errors import StoreError
from store.storage.files import AtomicJSONStorage, SnapshotMiddleware, atomic_write, backup_path, load_tables


class ValueMemoryStorage(MemoryStorage):
    """In-memory storage with the value semantics of a file: what was written cannot change afterwards."""

    def read(self) -> dict[str, Any] | None:
        return copy.deepcopy(super().read())

    def write(self, data: dict[str, Any]) -> None:
        super().write(copy.deepcopy(data))


@pytest.fixture(params=["memory", "json"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TinyDB]:
    """Every behaviour of the middleware holds over memory and over our JSON file storage alike."""
    if request.param == "json":
        database = TinyDB(tmp_path / "test.json", storage=SnapshotMiddleware(AtomicJSONStorage))
    else:
        database = TinyDB(storage=SnapshotMiddleware(ValueMemoryStorage))
    yield database
    database.close()


def test_batch_groups_operations_into_one_write(db: TinyDB, monkeypatch: pytest.MonkeyPatch) -> None:
    middleware = db.storage
    assert isinstance(middleware, SnapshotMiddleware)
    writes: list[int] = []
    real_write = middleware.storage.write

    def counting_write(data: dict[str, Any]) -> None:
        writes.append(1)
        real_write(data)

    monkeypatch.setattr(middleware.storage, "write", counting_write)
    with middleware.batch():
        db.table("a").insert_multiple({"n": n} for n in range(10))
        db.table("b").insert({"x": 1})
        db.table("a").update({"seen": True})
    assert len(writes) == 1
    assert len(db.table("a")) == 10


def test_a_failed_batch_leaves_the_last_commit(db: TinyDB) -> None:
    db.table("a").insert({"n": 1})
    middleware = db.storage
    assert isinstance(middleware, SnapshotMiddleware)
    with pytest.raises(RuntimeError), middleware.batch():
        db.table("a").insert({"n": 2})
        raise RuntimeError("boom")
    db.clear_cache()
    assert [doc["n"] for doc in db.table("a").all()] == [1]


def test_write_keeps_previous_generation_as_bak(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    atomic_write(path, b'{"v": 1}', keep_backup=True)
    atomic_write(path, b'{"v": 2}', keep_backup=True)
    assert orjson.loads(path.read_bytes()) == {"v": 2}
    assert orjson.loads(backup_path(path).read_bytes()) == {"v": 1}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "a.json.bak"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"articles": {"1": {"id"', "not valid JSON"),
        (b"[1, 2, 3]", "JSON of the wrong shape"),
        (b'{"articles": {"1": 5}}', "JSON of the wrong shape"),
        (b"   \n", "store file is empty"),
    ],
)
def test_damaged_file_is_reported_and_never_overwritten(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "archive.json"
    path.write_bytes(content)
    database = TinyDB(path, storage=SnapshotMiddleware(AtomicJSONStorage))
    with pytest.raises(StoreError, match=message) as raised:
        database.table("articles").insert({"id": "x"})
    assert str(raised.value).startswith(f"{path}: ")
    assert "\n" not in str(raised.value)
    assert path.read_bytes() == content


def test_full_disk_leaves_the_file_and_no_temp_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "archive.json"
    atomic_write(path, b'{"v": 1}')

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(StoreError, match="no space left on device"):
        atomic_write(path, b'{"v": 2}', keep_backup=True)
    assert path.read_bytes() == b'{"v": 1}'
    assert [p.name for p in tmp_path.iterdir()] == ["archive.json"]


def test_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions")
    path = tmp_path / "archive.json"
    atomic_write(path, b'{"v": 1}')
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="could not write"):
            atomic_write(path, b'{"v": 2}')
    finally:
        tmp_path.chmod(0o700)
    assert path.read_bytes() == b'{"v": 1}'


def test_missing_file_reads_as_none(tmp_path: Path) -> None:
    assert load_tables(tmp_path / "nothing.json") is None
