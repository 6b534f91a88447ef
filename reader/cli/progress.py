"""The command line's progress line on stderr."""
from __future__ import annotations

import sys


class ProgressLine:
    """A one-line progress bar on stderr (redrawn in place on a terminal, one line per update
    otherwise)."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self.tty = sys.stderr.isatty()

    def show(self, label: str, done: int = 0, total: int = 0) -> None:
        if not self.enabled:
            return
        bar = ""
        if total:
            filled = int(20 * done / total)
            bar = f"[{'#' * filled}{'.' * (20 - filled)}] {done}/{total} "
        if self.tty:
            sys.stderr.write(f"\r\033[K{bar}{label}")
        else:
            sys.stderr.write(f"{bar}{label}\n")
        sys.stderr.flush()

    def clear(self) -> None:
        if self.enabled and self.tty:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
