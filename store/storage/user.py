"""The user's own data in `archive.json`: tags and read state per article, and saved searches.

These tables are the one thing in an archive that cannot be rebuilt from the article files, so they live in
the commit point itself and change only inside a writer's commit (see `Archive._commit_user_change`).
"""

from __future__ import annotations

from tinydb import Query as Where
from tinydb import TinyDB

UserData = tuple[tuple[str, ...], bool]
"""An article's (tags, read)."""


class UserTables:
    """Reads and changes of the `user` and `saved` tables; committing them is the archive's job."""

    def __init__(self, db: TinyDB) -> None:
        self._db = db

    def of(self, article_id: str) -> UserData:
        """(tags, read) for an article; none and unread when the user never touched it."""
        document = self._db.table("user").get(Where().id == article_id)
        if document is None:
            return (), False
        return tuple(document["tags"]), bool(document["read"])

    def every(self) -> dict[str, UserData]:
        """(tags, read) of every article that has user data, read once for a batch of index documents."""
        return {doc["id"]: (tuple(doc["tags"]), bool(doc["read"])) for doc in self._db.table("user").all()}

    def put(self, article_id: str, tags: tuple[str, ...], read: bool) -> None:
        """Set an article's user data."""
        self._db.table("user").upsert({"id": article_id, "tags": list(tags), "read": read}, Where().id == article_id)

    def saved(self) -> list[tuple[str, str]]:
        """(name, query) of every saved search, by name."""
        return sorted((document["name"], document["query"]) for document in self._db.table("saved").all())

    def save(self, name: str, query_text: str) -> None:
        """Save (or replace) a named search."""
        self._db.table("saved").upsert({"name": name, "query": query_text}, Where().name == name)

    def forget(self, name: str) -> None:
        """Forget a saved search."""
        self._db.table("saved").remove(Where().name == name)
