"""Every error newsdesk reports to a person.

Each one carries a message that is complete on its own line: the CLI prints `str(error)` and nothing else, so the
message must name the file, argument or query position at fault.
"""


class NewsdeskError(Exception):
    """Base of all errors meant for the user rather than for a traceback."""


class ParseError(NewsdeskError):
    """Raw bytes that cannot become an article (empty, binary, undecodable, no title)."""


class StoreError(NewsdeskError):
    """The archive on disk is unusable as it stands: corrupt, wrong shape, unreadable, or missing."""


class LockBusyError(NewsdeskError):
    """Another process holds the archive's writer lock and the caller chose not to wait."""


class UnknownArticleError(NewsdeskError):
    """An article id that is not in the archive."""


class QuerySyntaxError(NewsdeskError):
    """A malformed search query.

    `position` is the 0-based character offset of the fault, so a UI can point at it; the message reads with a
    1-based "at character N" for people.
    """

    def __init__(self, reason: str, position: int) -> None:
        super().__init__(f"{reason} at character {position + 1}")
        self.reason = reason
        self.position = position


class UsageError(NewsdeskError):
    """An argument that is not valid, such as a tag name with spaces in it."""


class ReadOnlyError(NewsdeskError):
    """A write to an archive opened read-only: `newsdesk serve --read-only` opens it so for every visitor."""

    def __init__(self, archive_name: str) -> None:
        super().__init__(f"{archive_name}: the archive is open read-only (newsdesk serve --read-only)")
