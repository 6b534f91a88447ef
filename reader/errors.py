"""Errors a user can cause, each carrying a sentence the user can act on."""
from __future__ import annotations


class ReaderError(Exception):
    """Base class: ``str(error)`` is a complete, user-facing sentence."""


class ArticleError(ReaderError):
    """The file could not be opened as an article (missing, unreadable, empty, binary, too big)."""


class ExportError(ReaderError):
    """A file could not be written (full disk, read-only folder, no permission); any previous file is intact."""
