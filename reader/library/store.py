"""The library: every article the user opened or added, with its analysis, in one SQLite file.

``Library(path=None)`` opens (creating when needed) ``platformdirs.user_data_dir("stance-reader")/
library.sqlite3``. Articles are keyed by their content hash, so the same text saved at two paths is
one article with two known paths. The analysis (the JSON contract) and the model's report are kept
as JSON, with normalised tables beside them for search and people.

By concern: :mod:`.schema` (tables, migrations, opening the file), :mod:`.writing` (recording),
:mod:`.queries` (articles, search, people), :mod:`.records` (what queries return); this module
holds the connection and its transactions.

Safety: WAL journal, ``synchronous=FULL``, a busy timeout, and short ``BEGIN IMMEDIATE``
transactions, so two app windows or processes can write at once and a crash loses at most the
transaction in progress.
"""
from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import LibraryError
from .names import PersonKeys
from .queries import LibraryQueries
from .schema import BUSY_TIMEOUT_MS, connect, default_path
from .writing import LibraryWriter


class Library(LibraryWriter, LibraryQueries):
    """One connection to the library file. Use from one thread at a time (the batch command writes
    from its main thread only); open one Library per process or window."""

    def __init__(self, path: str | os.PathLike | None = None, *, timeout: float = BUSY_TIMEOUT_MS / 1000):
        self.path = Path(path) if path is not None else default_path()
        self.db = connect(self.path, timeout)
        self._lock = threading.RLock()
        self._depth = 0
        self._people: tuple[int, PersonKeys] | None = None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (``BEGIN IMMEDIATE``); nested calls join the outer one, so a bulk
        import wraps many :meth:`add` calls in one transaction."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.db
                finally:
                    self._depth -= 1
                return
            try:
                self.db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise LibraryError(f"The library “{self.path}” is busy or cannot be written ({error}).") from None
            self._depth = 1
            try:
                yield self.db
            except BaseException:
                self._depth = 0
                self.db.execute("ROLLBACK")
                raise
            self._depth = 0
            try:
                self.db.execute("COMMIT")
            except sqlite3.Error as error:
                self.db.execute("ROLLBACK")
                raise LibraryError(f"The library “{self.path}” could not be written ({error}).") from None

    def _query(self, sql: str, params: Iterable = ()) -> list:
        with self._lock:
            return self.db.execute(sql, tuple(params)).fetchall()

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
