"""The cancel token: how the UI (or a Ctrl+C) stops long work running in another thread.

Neutral ground: ``llm``, ``models``, ``analysis`` and ``library`` all take one, and it imports only
:mod:`reader.errors`.
"""
from __future__ import annotations

import threading

from .errors import Cancelled


class CancelToken:
    """A flag shared between the thread that asks and the thread that works."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise :class:`~reader.errors.Cancelled` once :meth:`cancel` was called."""
        if self._event.is_set():
            raise Cancelled()
