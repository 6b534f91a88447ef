"""Errors a user can cause, each carrying a sentence the user can act on.

Every package may import this module; it imports nothing of the project's.
"""
from __future__ import annotations


class ReaderError(Exception):
    """Base class: ``str(error)`` is a complete, user-facing sentence."""


class ArticleError(ReaderError):
    """The file could not be opened as an article (missing, unreadable, empty, binary, too big)."""


class ExportError(ReaderError):
    """A file could not be written (full disk, read-only folder, no permission); any previous file is intact."""


class LibraryError(ReaderError):
    """The library file cannot be opened or written (a newer schema, a corrupt file, a full disk)."""


class ModelError(ReaderError):
    """The model is missing, unreadable, of the wrong kind, or failed while generating."""


class Cancelled(ReaderError):  # noqa: N818 (it is an outcome, not an error of the user's)
    """The user cancelled; partial results stay valid."""

    def __init__(self, message: str = "Cancelled."):
        super().__init__(message)
