"""Holding the screen's paint from a keystroke until its results are in, so both reach the terminal in one frame.

Textual paints at most 60 frames a second, and a paint right after a quiet spell leaves the next one 17 to 33 ms
away. Unheld, a typed character is painted at once and its results, which arrive some 10 ms later, wait for that
next frame: a keystroke costs two paints and well over 30 ms. Held, the character and its results are painted
together as soon as the results are in. A deadline keeps typing visible when a search is slow.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from textual.app import App
from textual.timer import Timer
from textual.widget import Widget

HOLD_SECONDS = 0.05
"""The longest a typed character waits for its results before it is painted on its own."""


class PaintHold:
    """One hold at a time on an app's painting (`App.batch_update`), ended by `release` or the deadline."""

    def __init__(self, app: App[Any], seconds: float = HOLD_SECONDS) -> None:
        self._app = app
        self._seconds = seconds
        self._batch: ExitStack | None = None
        self._deadline: Timer | None = None

    @property
    def holding(self) -> bool:
        """Whether painting is held now."""
        return self._batch is not None

    def hold(self) -> None:
        """Hold painting until `release`, or the deadline from the first hold (a hold never extends itself)."""
        if self._batch is not None:
            return
        self._batch = ExitStack()
        self._batch.enter_context(self._app.batch_update())
        self._deadline = self._app.set_timer(self._seconds, self.release, name="paint hold")

    def release_after(self, widget: Widget) -> None:
        """Release once `widget` has passed its latest refresh to the screen, so that refresh is in the frame.

        A widget hands its repaints to the screen from its own message queue, when that queue next runs dry;
        releasing at once could paint the frame without it and leave it for the next frame, 17 ms or more later.
        """
        widget.call_later(self.release)

    def release(self) -> None:
        """Let the screen paint what has changed since the hold (nothing happens when nothing is held)."""
        if self._deadline is not None:
            self._deadline.stop()
            self._deadline = None
        if self._batch is not None:
            batch, self._batch = self._batch, None
            batch.close()
