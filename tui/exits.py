"""The process's exit codes, defined once: the command line, every command and the browser name them from here.

A module of their own so that `tui.cli` can name them without loading the commands, and with them the store.
"""

from __future__ import annotations

EXIT_OK = 0
"""Success."""
EXIT_PARTIAL = 1
"""The command ran but not over every input (files that could not be imported), or the browser died of an error."""
EXIT_USAGE = 2
"""An error meant for a person: a bad option, a malformed query, an unknown id, an unusable store."""
