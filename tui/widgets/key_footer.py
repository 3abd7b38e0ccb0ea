"""The footer: as many key hints as the width holds, in binding order, and always `?` for the rest.

Textual's `Footer` lays every shown binding out in one row and lets the row run past the edge, under the
command palette's hint, which leaves a key cut in half (`^r Rel▏`). This one hides the hints that would not
fit, whole, once its keys are composed and whenever its width changes. Nothing hidden is lost: the `?` screen
lists every key and the command palette offers every action. `FooterKey` is imported from Textual's private
module: it is the class of the footer's own children, and Textual exports no public name for it.
"""

from __future__ import annotations

from textual.events import Resize
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

HELP_ACTION = "help"
"""The hint that stays whatever the width: it is the way to every key the footer leaves out."""


class KeyFooter(Footer):
    """A compact `Footer` that shows the key hints that fit and leaves the rest to `?` and the palette."""

    def __init__(self) -> None:
        super().__init__(compact=True)

    async def recompose(self) -> None:
        await super().recompose()
        self._fit(self.size.width)

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        """Show the hints, in order, while they fit beside the palette's hint and the one for `?`."""
        keys = list(self.query(FooterKey).results(FooterKey))
        fixed = [key for key in keys if key.has_class("-command-palette") or key.action == HELP_ACTION]
        room = width - sum(_width(key) for key in fixed)
        for key in keys:
            if key in fixed:
                continue
            room -= _width(key)
            key.display = room >= 0


def _width(key: FooterKey) -> int:
    """Cells a hint takes: its text, its margins and the palette hint's border."""
    margin, padding = key.styles.margin, key.styles.padding
    border = 1 if key.has_class("-command-palette") else 0
    return key.render().cell_len + margin.left + margin.right + padding.left + padding.right + border
