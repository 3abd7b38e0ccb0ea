"""The user's own data in `archive.json`: tags, read state and a note per article, saved searches, settings.

These tables are the one thing in an archive that cannot be rebuilt from the article files, so they live in
the commit point itself and change only inside a writer's commit (see `Archive._commit_user_change`).
"""

from __future__ import annotations

from typing import Any

from tinydb import Query as Where
from tinydb import TinyDB

from store.model import UserData


def _user_data(document: dict[str, Any]) -> UserData:
    """An article's user data from its row; rows written before notes existed have no `note`."""
    return UserData(tuple(document["tags"]), bool(document["read"]), str(document.get("note", "")))


class UserTables:
    """Reads and changes of the `user` and `saved` tables; committing them is the archive's job."""

    def __init__(self, db: TinyDB) -> None:
        self._db = db

    def of(self, article_id: str) -> UserData:
        """An article's tags, read state and note; none, unread and "" when the user never touched it."""
        document = self._db.table("user").get(Where().id == article_id)
        return UserData() if document is None else _user_data(document)

    def every(self) -> dict[str, UserData]:
        """The user data of every article that has any, read once for a batch of index documents."""
        return {document["id"]: _user_data(document) for document in self._db.table("user").all()}

    def put(self, article_id: str, data: UserData) -> None:
        """Set an article's user data."""
        row = {"id": article_id, "tags": list(data.tags), "read": data.read, "note": data.note}
        self._db.table("user").upsert(row, Where().id == article_id)

    def saved(self) -> list[tuple[str, str]]:
        """(name, query) of every saved search, by name."""
        return sorted((document["name"], document["query"]) for document in self._db.table("saved").all())

    def save(self, name: str, query_text: str) -> None:
        """Save (or replace) a named search."""
        self._db.table("saved").upsert({"name": name, "query": query_text}, Where().name == name)

    def forget(self, name: str) -> None:
        """Forget a saved search."""
        self._db.table("saved").remove(Where().name == name)

    def setting(self, name: str) -> str | None:
        """A preference kept with the archive; None when it was never set."""
        document = self._db.table("settings").get(Where().name == name)
        return None if document is None else str(document["value"])

    def set_setting(self, name: str, value: str) -> None:
        """Keep a preference with the archive."""
        self._db.table("settings").upsert({"name": name, "value": value}, Where().name == name)
