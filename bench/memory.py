"""Peak memory of the running process, read the one way that is right for a child process too."""

from __future__ import annotations

from pathlib import Path


def peak_rss_mb() -> float:
    """Peak resident set of this process so far, from VmHWM in /proc/self/status.

    Not `ru_maxrss`: Linux carries that over from the parent across fork and exec, so a child started by this
    (large) process would report the parent's peak instead of its own.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")
