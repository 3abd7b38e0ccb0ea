"""Editing a text in the user's own editor, as `git commit` does: `$VISUAL`, else `$EDITOR`, else a usual one.

The text goes through a temporary file that is removed afterwards; the archive is not locked while the editor
is open (a note can take minutes to write), so the change is committed only once the editor has exited well.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from store.errors import UsageError

FALLBACK_EDITORS = ("sensible-editor", "editor", "nano", "vi")
"""Tried in turn when neither `$VISUAL` nor `$EDITOR` is set: Debian's choices first, then the classics."""


class EditorFailed(UsageError):
    """The editor could not run, or exited with an error: the text is left as it was."""


def editor_command() -> list[str]:
    """The editor to run, as a command line (`$EDITOR` may carry options: `code --wait`)."""
    for variable in ("VISUAL", "EDITOR"):
        if value := os.environ.get(variable, "").strip():
            return shlex.split(value)
    for name in FALLBACK_EDITORS:
        if shutil.which(name):
            return [name]
    raise EditorFailed("no editor found: set $EDITOR (for example `export EDITOR=nano`)")


def edit_text(text: str, name: str) -> str:
    """What the user left in the editor after starting it on `text`; `name` titles the temporary file (the
    editor shows it), and its `.md` ending gets notes the editor's Markdown mode."""
    command = editor_command()
    with tempfile.TemporaryDirectory(prefix="newsdesk-") as folder:
        path = Path(folder) / f"{name}.md"
        path.write_text(text, encoding="utf-8")
        try:
            finished = subprocess.run([*command, str(path)], check=False)
        except OSError as error:
            raise EditorFailed(f"could not start the editor {command[0]!r}: {error.strerror}") from None
        if finished.returncode != 0:
            raise EditorFailed(f"the editor {command[0]!r} exited with status {finished.returncode}; nothing changed")
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise EditorFailed(f"could not read back what the editor saved: {error}") from None
