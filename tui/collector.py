"""Python's garbage collector, settled once the browser has started so that a keystroke never waits for a full
collection.

A full (third-generation) collection walks every object the collector tracks. Once the browser is up that is
some 100,000 (modules, styles, widgets, Textual's caches of painted lines), and on the build machine each full
collection took 50 to 70 ms, several times a minute while typing: every keystroke that met one missed its
budget. After start-up, `gc.freeze` moves everything alive out of the collector's sight (it lives as long as the
app does), and a higher third threshold makes full collections ten times rarer; what browsing creates is still
collected by the younger generations. Textual pauses the collector during smooth scrolling for the same reason.
"""

from __future__ import annotations

import gc

Thresholds = tuple[int, int, int]

SETTLED_THRESHOLDS: Thresholds = (700, 10, 100)
"""CPython's defaults, but a full collection after 100 second-generation ones instead of 10."""


def settle() -> Thresholds:
    """Freeze what exists now and make full collections rarer; returns the thresholds to `restore`."""
    previous = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*SETTLED_THRESHOLDS)
    return previous


def restore(thresholds: Thresholds) -> None:
    """Undo `settle`: what was frozen is collectable again, under the thresholds it had."""
    gc.unfreeze()
    gc.set_threshold(*thresholds)
