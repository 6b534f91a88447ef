"""The library's SQLite file: its tables, the migrations between schema versions, and opening a
connection safely (WAL journal, ``synchronous=FULL``, a busy timeout).

- ``articles``  one row per content hash: title, byline, date, source (the site), url, format,
  times, ``analysis`` JSON, ``report`` JSON and what produced it (model, prompt version, complete).
- ``paths``     every file path the article was seen at (a moved or deleted file keeps its record;
  :attr:`~reader.library.records.ArticleRecord.missing` says the file is gone).
- ``entities``, ``quotes``, ``stances``  one row per entity / quote / stance note, with the
  normalised name (:func:`reader.library.names.normalise`) for people across articles.
- ``statements`` (schema 2)  one row per statement an article attributes to a speaker, quoted or
  reported (:func:`reader.nlp.statements.by_speaker`: echoes folded into the statement they repeat),
  with its kind, cue and how many other places repeat it.
- ``articles_fts``  an FTS5 index over title, text and quotes.

``PRAGMA user_version`` holds the schema version; :data:`MIGRATIONS` maps each version to the step
that upgrades the previous one.
"""
from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import platformdirs

from .. import APP_ID
from ..errors import LibraryError
from .writing import statement_rows  # the migration makes the rows as adding an article does

SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 10_000


def default_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_ID)) / "library.sqlite3"


def _run_script(db: sqlite3.Connection, script: str) -> None:
    """Statement by statement: ``executescript`` would commit the migration's transaction first."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _schema_v1(db: sqlite3.Connection) -> None:
    _run_script(db, """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        byline TEXT,
        date TEXT,
        source TEXT NOT NULL DEFAULT '',
        source_rev TEXT NOT NULL DEFAULT '',
        url TEXT,
        format TEXT,
        added REAL NOT NULL,
        opened REAL,
        analysis TEXT NOT NULL,
        report TEXT,
        report_model TEXT,
        report_prompt TEXT,
        report_complete INTEGER NOT NULL DEFAULT 0,
        report_time REAL
    );
    CREATE INDEX articles_date ON articles(date);
    CREATE INDEX articles_source ON articles(source_rev);
    CREATE INDEX articles_added ON articles(added);
    CREATE TABLE paths (
        path TEXT PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        added REAL NOT NULL,
        seen REAL NOT NULL
    );
    CREATE INDEX paths_article ON paths(article_id);
    CREATE TABLE entities (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        local_id TEXT NOT NULL,
        name TEXT NOT NULL,
        norm TEXT NOT NULL,
        type TEXT NOT NULL,
        mentions INTEGER NOT NULL,
        salience REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (article_id, local_id)
    );
    CREATE INDEX entities_norm ON entities(type, norm, article_id);
    CREATE TABLE quotes (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        speaker TEXT,
        speaker_norm TEXT,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        cue_start INTEGER,
        cue_end INTEGER,
        fragment INTEGER NOT NULL,
        confidence REAL NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (article_id, position)
    );
    CREATE INDEX quotes_speaker ON quotes(speaker_norm);
    CREATE TABLE stances (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        entity TEXT NOT NULL,
        speaker_norm TEXT,
        label TEXT NOT NULL,
        target TEXT NOT NULL,
        note TEXT NOT NULL,
        evidence TEXT NOT NULL,
        flag TEXT,
        PRIMARY KEY (article_id, position)
    );
    CREATE INDEX stances_speaker ON stances(speaker_norm);
    CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, quotes, tokenize='unicode61 remove_diacritics 2', prefix='2 3');
    """)


STATEMENTS_TABLE = """
    CREATE TABLE statements (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL,
        speaker TEXT NOT NULL,
        speaker_norm TEXT,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        cue TEXT,
        fragment INTEGER NOT NULL,
        repeats INTEGER NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (article_id, position)
    );
    CREATE INDEX statements_speaker ON statements(speaker_norm)
"""


def _schema_v2(db: sqlite3.Connection) -> None:
    """Statements (quoted and reported speech) beside the quotes, filled from the stored analyses."""
    _run_script(db, STATEMENTS_TABLE)
    for article_id, blob in db.execute("SELECT id, analysis FROM articles").fetchall():
        db.executemany("INSERT INTO statements VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       statement_rows(article_id, json.loads(blob)))


MIGRATIONS = {1: _schema_v1, 2: _schema_v2}
"""version → function(connection) that upgrades the schema from version - 1 (run in one transaction)."""


def connect(path: Path, timeout: float) -> sqlite3.Connection:
    """Open ``path`` (creating it and its folder when needed) and bring its schema up to date."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)
    except (OSError, sqlite3.Error) as error:
        raise LibraryError(f"The library “{path}” cannot be opened ({error}).") from None
    # Two processes opening a new file at once: switching it to WAL (or creating the schema)
    # can answer "database is locked" at once, without waiting on the busy timeout, so the
    # setup is tried again until the timeout has passed.
    deadline = time.monotonic() + max(timeout, 1.0)
    while True:
        try:
            db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = FULL")
            db.execute("PRAGMA foreign_keys = ON")
            migrate(db, path)
            return db
        except (sqlite3.DatabaseError, LibraryError) as error:
            busy = "locked" in str(error) or "busy" in str(error)
            if busy and time.monotonic() < deadline:
                time.sleep(0.05)
                continue
            db.close()
            if isinstance(error, LibraryError):
                raise
            raise LibraryError(f"The library “{path}” cannot be used ({error}).") from None


def migrate(db: sqlite3.Connection, path: Path) -> None:
    """Upgrade the schema to :data:`SCHEMA_VERSION` in one ``BEGIN IMMEDIATE`` transaction."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise LibraryError(f"The library “{path}” was written by a newer Stance Reader "
                           f"(schema {version}; this one knows {SCHEMA_VERSION}).")
    if version == SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]   # another process may have won
        for step in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[step](db)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
