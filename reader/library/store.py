"""The library: every article the user opened or added, with its analysis, in one SQLite file.

``Library(path=None)`` opens (creating when needed) ``platformdirs.user_data_dir("stance-reader")/
library.sqlite3``. Articles are keyed by their content hash, so the same text saved at two paths is
one article with two known paths. The analysis (the JSON contract) and the model's report are kept
as JSON, with normalised tables beside them for search and people:

- ``articles``  one row per content hash: title, byline, date, source (the site), url, format,
  times, ``analysis`` JSON, ``report`` JSON and what produced it (model, prompt version, complete).
- ``paths``     every file path the article was seen at (a moved or deleted file keeps its record;
  :attr:`ArticleRecord.missing` says the file is gone).
- ``entities``, ``quotes``, ``stances``  one row per entity / quote / stance note, with the
  normalised name (:func:`reader.library.names.normalise`) for people across articles.
- ``articles_fts``  an FTS5 index over title, text and quotes.

Safety: WAL journal, ``synchronous=FULL``, a busy timeout, and short ``BEGIN IMMEDIATE``
transactions, so two app windows or processes can write at once and a crash loses at most the
transaction in progress. ``PRAGMA user_version`` holds the schema version; :data:`MIGRATIONS` maps
each version to the step that upgrades the previous one.
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

from .. import APP_ID
from ..analysis.model import Analysis
from ..errors import ReaderError
from .names import PersonKeys, merge_people, normalise

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 10_000
SEARCH_LIMIT = 50
FEW_MATCHES = 12


class LibraryError(ReaderError):
    """The library file cannot be opened or written (a newer schema, a corrupt file, a full disk)."""


def default_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_ID)) / "library.sqlite3"


# -- schema ------------------------------------------------------------------------------------------
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


MIGRATIONS = {1: _schema_v1}
"""version → function(connection) that upgrades the schema from version - 1 (run in one transaction)."""


# -- records -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ArticleRecord:
    id: int
    hash: str
    title: str
    byline: str | None
    date: str | None
    source: str
    url: str | None
    format: str | None
    added: float
    opened: float | None
    paths: tuple[str, ...] = ()
    report_model: str | None = None
    report_prompt: str | None = None
    report_complete: bool = False

    @property
    def has_report(self) -> bool:
        return self.report_model is not None

    @property
    def existing_paths(self) -> tuple[str, ...]:
        return tuple(p for p in self.paths if os.path.exists(p))

    @property
    def path(self) -> str | None:
        """The first known path that still exists, else the first known path (or None)."""
        existing = self.existing_paths
        return existing[0] if existing else (self.paths[0] if self.paths else None)

    @property
    def missing(self) -> bool:
        """True when no known path exists any more (moved or deleted); the record itself is kept."""
        return not self.existing_paths


@dataclass(frozen=True)
class SearchHit:
    article: ArticleRecord
    snippet: str          # plain text around the match; the match between the chosen markers
    rank: float


@dataclass(frozen=True)
class PersonQuote:
    article_id: int
    title: str
    date: str | None
    path: str | None
    paths: tuple[str, ...]
    span: tuple[int, int]
    cue: tuple[int, int] | None
    text: str
    name: str             # the name the article used
    fragment: bool
    confidence: float


@dataclass(frozen=True)
class PersonStance:
    article_id: int
    title: str
    date: str | None
    path: str | None
    label: str
    target: str
    note: str
    evidence: tuple[tuple[int, int], ...]
    flag: str | None


@dataclass(frozen=True)
class PersonSummary:
    key: str              # the canonical normalised name
    name: str             # the most used full form
    aliases: tuple[str, ...]
    articles: int
    quotes: int


@dataclass(frozen=True)
class PersonPage:
    key: str
    name: str
    aliases: tuple[str, ...]
    articles: tuple[ArticleRecord, ...]        # by date
    quotes: tuple[PersonQuote, ...]            # by date, then position in the article
    stances: tuple[PersonStance, ...] = field(default=())   # by date: the stance over time


# -- the library -------------------------------------------------------------------------------------
_RECORD_COLUMNS = ("a.id, a.hash, a.title, a.byline, a.date, a.source, a.url, a.format, a.added, a.opened, "
                   "(SELECT json_group_array(path) FROM (SELECT path FROM paths WHERE article_id = a.id "
                   "ORDER BY seen DESC, path)), a.report_model, a.report_prompt, a.report_complete")


def _record(row) -> ArticleRecord:
    return ArticleRecord(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9],
                         tuple(json.loads(row[10] or "[]")), row[11], row[12], bool(row[13]))


def site_of(url: str | None) -> str:
    """The site an article came from, from its URL: "https://www.lemonde.fr/x" → "lemonde.fr"."""
    if not url:
        return ""
    try:
        host = urlsplit(url if "://" in url else "//" + url).hostname or ""
    except ValueError:
        return ""
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


class Library:
    """One connection to the library file. Use from one thread at a time (the batch command writes
    from its main thread only); open one Library per process or window."""

    def __init__(self, path: str | os.PathLike | None = None, *, timeout: float = BUSY_TIMEOUT_MS / 1000):
        self.path = Path(path) if path is not None else default_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None,
                                      check_same_thread=False)
        except (OSError, sqlite3.Error) as error:
            raise LibraryError(f"The library “{self.path}” cannot be opened ({error}).") from None
        self._lock = threading.RLock()
        self._depth = 0
        self._people: tuple[int, PersonKeys] | None = None
        # Two processes opening a new file at once: switching it to WAL (or creating the schema)
        # can answer "database is locked" at once, without waiting on the busy timeout, so the
        # setup is tried again until the timeout has passed.
        deadline = time.monotonic() + max(timeout, 1.0)
        while True:
            try:
                self.db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = FULL")
                self.db.execute("PRAGMA foreign_keys = ON")
                self._migrate()
                break
            except (sqlite3.DatabaseError, LibraryError) as error:
                busy = "locked" in str(error) or "busy" in str(error)
                if busy and time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                self.db.close()
                if isinstance(error, LibraryError):
                    raise
                raise LibraryError(f"The library “{self.path}” cannot be used ({error}).") from None

    # -- plumbing -------------------------------------------------------------------------------
    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise LibraryError(f"The library “{self.path}” was written by a newer Stance Reader "
                               f"(schema {version}; this one knows {SCHEMA_VERSION}).")
        if version == SCHEMA_VERSION:
            return
        with self.transaction():
            version = self.db.execute("PRAGMA user_version").fetchone()[0]   # another process may have won
            for step in range(version + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[step](self.db)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

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

    # -- writing --------------------------------------------------------------------------------
    def add(self, analysis: Analysis | dict, path: str | os.PathLike | None = None, report=None, *,
            opened: bool = False, source: str | None = None) -> ArticleRecord:
        """Record an analysed article (the :class:`Analysis` or its JSON contract dict) seen at
        ``path``. The same content hash updates the one existing article and adds the path; a
        ``report`` (:class:`~reader.analysis.results.Report` or its dict) replaces the stored one."""
        data = analysis.to_dict() if isinstance(analysis, Analysis) else analysis
        digest = data.get("hash") or _hash(data["text"])
        now = time.time()
        site = source if source is not None else site_of(data.get("url"))
        with self.transaction() as db:
            row = db.execute("SELECT id FROM articles WHERE hash = ?", (digest,)).fetchone()
            blob = json.dumps(data, ensure_ascii=False)
            if row is None:
                article_id = db.execute(
                    "INSERT INTO articles (hash, title, byline, date, source, source_rev, url, format, added, opened,"
                    " analysis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (digest, data.get("title") or "", data.get("byline"), data.get("date"), site, site[::-1],
                     data.get("url"),
                     data.get("format"), now, now if opened else None, blob)).lastrowid
            else:
                article_id = row[0]
                db.execute("UPDATE articles SET title = ?, byline = ?, date = ?, source = ?, source_rev = ?, url = ?,"
                           " format = ?, analysis = ?, opened = COALESCE(?, opened) WHERE id = ?",
                           (data.get("title") or "", data.get("byline"), data.get("date"), site, site[::-1],
                            data.get("url"),
                            data.get("format"), blob, now if opened else None, article_id))
                for table in ("entities", "quotes"):
                    db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
                db.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
            self._index(db, article_id, data)
            if path is not None:
                self._add_path(db, article_id, path, now)
            if report is not None:
                self._set_report(db, article_id, data, report, now)
            self._people = None
        return self.get(article_id)

    def _index(self, db, article_id: int, data: dict) -> None:
        text = data["text"]
        entities = data.get("entities", [])
        names = {e["id"]: e for e in entities}
        db.executemany("INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?)", [
            (article_id, e["id"], e["name"], normalise(e["name"]), e.get("type", "other"),
             len(e.get("mentions", [])), float(e.get("salience", 0.0))) for e in entities])
        quote_rows = []
        for position, q in enumerate(data.get("quotes", [])):
            start, end = q["span"]
            speaker = names.get(q.get("speaker"))
            cue = q.get("cue")
            quote_rows.append((article_id, position, q.get("speaker"), normalise(speaker["name"]) if speaker else None,
                               start, end, cue[0] if cue else None, cue[1] if cue else None,
                               int(bool(q.get("fragment"))), float(q.get("confidence", 0.0)), text[start:end]))
        db.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", quote_rows)
        db.execute("INSERT INTO articles_fts (rowid, title, body, quotes) VALUES (?, ?, ?, ?)",
                   (article_id, data.get("title") or "", text, "\n".join(r[-1] for r in quote_rows)))

    def _add_path(self, db, article_id: int, path, now: float) -> None:
        path = os.path.abspath(os.fspath(path))
        db.execute("INSERT INTO paths (path, article_id, added, seen) VALUES (?, ?, ?, ?) ON CONFLICT(path) DO "
                   "UPDATE SET article_id = excluded.article_id, seen = excluded.seen", (path, article_id, now, now))

    def _set_report(self, db, article_id: int, data: dict, report, now: float) -> None:
        report = report if isinstance(report, dict) else report.to_dict()
        model = report.get("model") or {}
        complete = not report.get("cancelled") and not report.get("errors")
        db.execute("UPDATE articles SET report = ?, report_model = ?, report_prompt = ?, report_complete = ?,"
                   " report_time = ? WHERE id = ?",
                   (json.dumps(report, ensure_ascii=False), model_key(model), str(model.get("prompt_version", "")),
                    int(complete), now, article_id))
        db.execute("DELETE FROM stances WHERE article_id = ?", (article_id,))
        names = {e["id"]: e["name"] for e in data.get("entities", [])}
        db.executemany("INSERT INTO stances VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            (article_id, i, s["entity"], normalise(names[s["entity"]]) if s["entity"] in names else None,
             s.get("label", ""), s.get("target", ""), s.get("note", ""), json.dumps(s.get("evidence", [])),
             s.get("flag")) for i, s in enumerate(report.get("stances", []))])

    def set_report(self, article: int | str, report) -> None:
        """Store the model's report for an article already in the library."""
        with self.transaction() as db:
            row = db.execute("SELECT id, analysis FROM articles WHERE id = ? OR hash = ?",
                             (article if isinstance(article, int) else -1, str(article))).fetchone()
            if row is None:
                raise LibraryError("That article is not in the library.")
            self._set_report(db, row[0], json.loads(row[1]), report, time.time())
            self._people = None

    def mark_opened(self, article: int | str, path: str | os.PathLike | None = None) -> None:
        with self.transaction() as db:
            article_id = self._id(article)
            now = time.time()
            db.execute("UPDATE articles SET opened = ? WHERE id = ?", (now, article_id))
            if path is not None:
                self._add_path(db, article_id, path, now)

    def add_path(self, article: int | str, path: str | os.PathLike) -> None:
        """Note that the article was seen at ``path`` (without analysing it again)."""
        with self.transaction() as db:
            self._add_path(db, self._id(article), path, time.time())

    def forget_path(self, path: str | os.PathLike) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM paths WHERE path = ?", (os.path.abspath(os.fspath(path)),))

    def remove(self, article: int | str) -> None:
        with self.transaction() as db:
            article_id = self._id(article)
            db.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
            db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
            self._people = None

    # -- reading --------------------------------------------------------------------------------
    def _id(self, article: int | str) -> int:
        if isinstance(article, int):
            return article
        rows = self._query("SELECT id FROM articles WHERE hash = ?", (article,))
        if not rows:
            raise LibraryError("That article is not in the library.")
        return rows[0][0]

    def get(self, article: int | str) -> ArticleRecord | None:
        """By id or content hash."""
        column = "a.id" if isinstance(article, int) else "a.hash"
        rows = self._query(f"SELECT {_RECORD_COLUMNS} FROM articles a WHERE {column} = ?", (article,))
        return _record(rows[0]) if rows else None

    def find_path(self, path: str | os.PathLike) -> ArticleRecord | None:
        rows = self._query(f"SELECT {_RECORD_COLUMNS} FROM articles a JOIN paths p ON p.article_id = a.id "
                           "WHERE p.path = ?", (os.path.abspath(os.fspath(path)),))
        return _record(rows[0]) if rows else None

    def analysis_dict(self, article: int | str) -> dict | None:
        rows = self._query("SELECT analysis FROM articles WHERE id = ? OR hash = ?", _keys(article))
        return json.loads(rows[0][0]) if rows else None

    def analysis(self, article: int | str) -> Analysis | None:
        data = self.analysis_dict(article)
        return Analysis.from_dict(data) if data is not None else None

    def report_dict(self, article: int | str) -> dict | None:
        rows = self._query("SELECT report FROM articles WHERE id = ? OR hash = ?", _keys(article))
        return json.loads(rows[0][0]) if rows and rows[0][0] else None

    def has_report(self, digest: str, model: str, prompt_version: str) -> bool:
        """True when the article's stored report is complete and came from this model and prompt."""
        rows = self._query("SELECT 1 FROM articles WHERE hash = ? AND report_model = ? AND report_prompt = ? "
                           "AND report_complete = 1", (digest, model, str(prompt_version)))
        return bool(rows)

    def count(self) -> int:
        return self._query("SELECT count(*) FROM articles")[0][0]

    def articles(self, *, order: str = "added", limit: int | None = None, offset: int = 0) -> list[ArticleRecord]:
        """Every article, newest first by ``order``: "added", "opened", "date" or "title" (A–Z)."""
        orders = {"added": "a.added DESC", "opened": "a.opened IS NULL, a.opened DESC, a.added DESC",
                  "date": "a.date IS NULL, a.date DESC, a.id DESC", "title": "a.title COLLATE NOCASE, a.id"}
        if order not in orders:
            raise ValueError(f"unknown order {order!r}")
        sql = f"SELECT {_RECORD_COLUMNS} FROM articles a ORDER BY {orders[order]} LIMIT ? OFFSET ?"
        return [_record(r) for r in self._query(sql, (-1 if limit is None else limit, offset))]

    # -- search ---------------------------------------------------------------------------------
    def search(self, query: str = "", *, person: str | None = None, organization: str | None = None,
               date_from: str | None = None, date_to: str | None = None, source: str | None = None,
               field: str | None = None, limit: int = SEARCH_LIMIT,
               markers: tuple[str, str] = ("«", "»")) -> list[SearchHit]:
        """Full-text search over titles, text and quotes (``field`` = "title", "body" or "quotes" to
        narrow it), best match first; without words, the filtered articles newest first.

        Words are all required; "double quotes" make a phrase; a trailing * a prefix. ``person``
        matches the person merged across articles ("Macron" finds "Emmanuel Macron"),
        ``organization`` a normalised organisation name, ``date_from``/``date_to`` ISO dates
        (inclusive), ``source`` the site (host of the article's URL, subdomains included)."""
        where, params = [], []
        if person is not None:
            norms = self.person_norms(person)
            if not norms:
                return []
            where.append(f"a.id IN (SELECT article_id FROM entities WHERE type = 'person' AND norm IN "
                         f"({','.join('?' * len(norms))}))")
            params += norms
        if organization is not None:
            where.append("a.id IN (SELECT article_id FROM entities WHERE type = 'organization' AND norm = ?)")
            params.append(normalise(organization))
        if date_from:
            where.append("a.date >= ?")
            params.append(date_from)
        if date_to:
            where.append("a.date <= ?")
            params.append(date_to)
        if source:
            site = site_of(source) or source.lower()
            # the host reversed ("moc.swen.www"): the site and its subdomains are one index range
            where.append("(a.source_rev = ? OR (a.source_rev > ? AND a.source_rev < ?))")
            params += [site[::-1], site[::-1] + ".", site[::-1] + "/"]
        match = fts_query(query)
        if match and field in ("title", "body", "quotes"):
            match = f"{{{field}}} : ({match})"
        elif field not in (None, "", "all", "title", "body", "quotes"):
            raise ValueError(f"unknown field {field!r}")
        if not match:
            sql = (f"SELECT {_RECORD_COLUMNS} FROM articles a" + (" WHERE " + " AND ".join(where) if where else "")
                   + " ORDER BY a.date IS NULL, a.date DESC, a.id DESC LIMIT ?")
            return [SearchHit(_record(r), "", 0.0) for r in self._query(sql, [*params, limit])]
        try:
            return self._text_search(match, where, params, field, limit, markers)
        except sqlite3.OperationalError as error:
            raise LibraryError(f"The search “{query}” could not be run ({error}).") from None

    def _text_search(self, match, where, params, field, limit, markers) -> list[SearchHit]:
        """Best first. FTS5 ranks every match (bm25) in one pass; filters are checked against the
        set of articles they allow (from the indexes), so no join runs per match; snippets are made
        for the hits only."""
        with self._lock:
            allowed = None
            if where:
                allowed = {r[0] for r in self.db.execute("SELECT a.id FROM articles a WHERE " + " AND ".join(where),
                                                         params)}
                if not allowed:
                    return []
            ranked = []
            if allowed is not None:
                # few matches among the allowed articles: rank just those (bm25 costs ~1 ms an article
                # when asked one by one, but ranking every match of a common word costs far more)
                found = allowed.intersection(r[0] for r in self.db.execute(
                    "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", (match,)))
                if not found:
                    return []
                if len(found) <= FEW_MATCHES:
                    ranked = sorted(((rowid, self.db.execute(
                        "SELECT rank FROM articles_fts WHERE articles_fts MATCH ? AND rowid = ?",
                        (match, rowid)).fetchone()[0]) for rowid in found), key=lambda r: (r[1], r[0]))[:limit]
                    allowed = found
            cursor = None if ranked else self.db.execute("SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank"
                                     + ("" if allowed is not None else " LIMIT ?"),
                                     (match,) if allowed is not None else (match, limit))
            for rowid, rank in cursor or ():
                if allowed is None or rowid in allowed:
                    ranked.append((rowid, rank))
                    if len(ranked) >= limit:
                        break
            if cursor is not None:
                cursor.close()
            if not ranked:
                return []
            ids = [r[0] for r in ranked]
            records = {r[0]: _record(r) for r in self.db.execute(
                f"SELECT {_RECORD_COLUMNS} FROM articles a WHERE a.id IN ({','.join('?' * len(ids))})", ids)}
            column = {"title": 0, "body": 1, "quotes": 2}.get(field or "", 1)
            hits = []
            for rowid, rank in ranked:
                snippet = self.db.execute(f"SELECT snippet(articles_fts, {column}, ?, ?, '…', 12) FROM articles_fts "
                                          "WHERE articles_fts MATCH ? AND rowid = ?",
                                          (markers[0], markers[1], match, rowid)).fetchone()
                if rowid in records:
                    hits.append(SearchHit(records[rowid], snippet[0] if snippet else "", rank))
            return hits

    # -- people ---------------------------------------------------------------------------------
    def _people_keys(self) -> PersonKeys:
        version = self._query("PRAGMA data_version")[0][0]   # changes when another connection commits
        if self._people is None or self._people[0] != version:
            norms = [r[0] for r in self._query("SELECT DISTINCT norm FROM entities WHERE type = 'person'")]
            self._people = (version, merge_people(norms))
        return self._people[1]

    def person_norms(self, name: str) -> list[str]:
        """Every normalised name of the person ``name`` refers to (empty when unknown)."""
        keys = self._people_keys()
        key = keys.resolve(name)
        return keys.norms(key) if key else []

    def people(self, *, limit: int | None = None) -> list[PersonSummary]:
        """People across the library, most articles first."""
        keys = self._people_keys()
        rows = self._query("SELECT norm, name, count(*) FROM entities WHERE type = 'person' GROUP BY norm, name")
        quote_counts = dict(self._query("SELECT speaker_norm, count(*) FROM quotes WHERE speaker_norm IS NOT NULL "
                                        "GROUP BY speaker_norm"))
        article_rows = self._query("SELECT norm, article_id FROM entities WHERE type = 'person'")
        forms: dict[str, dict[str, int]] = {}
        for norm, name, n in rows:
            forms.setdefault(keys.canonical.get(norm, norm), {}).setdefault(name, 0)
            forms[keys.canonical.get(norm, norm)][name] += n
        articles: dict[str, set[int]] = {}
        for norm, article_id in article_rows:
            articles.setdefault(keys.canonical.get(norm, norm), set()).add(article_id)
        out = []
        for key, names in forms.items():
            out.append(PersonSummary(key, _display_name(key, names), tuple(sorted(names)), len(articles.get(key, ())),
                                     sum(quote_counts.get(n, 0) for n in keys.norms(key))))
        out.sort(key=lambda p: (-p.articles, -p.quotes, p.name.casefold()))
        return out[:limit] if limit is not None else out

    def person(self, name: str) -> PersonPage | None:
        """Everything the library knows about one person: the articles naming them, every quote
        attributed to them (with article title, date, path and span) and their stance notes by date."""
        keys = self._people_keys()
        key = keys.resolve(name)
        if key is None:
            return None
        norms = keys.norms(key)
        marks = ",".join("?" * len(norms))
        names: dict[str, int] = {}
        for form, n in self._query(f"SELECT name, count(*) FROM entities WHERE type = 'person' AND norm IN ({marks}) "
                                   "GROUP BY name", norms):
            names[form] = n
        articles = [_record(r) for r in self._query(
            f"SELECT {_RECORD_COLUMNS} FROM articles a WHERE a.id IN (SELECT article_id FROM entities "
            f"WHERE type = 'person' AND norm IN ({marks})) ORDER BY a.date IS NULL, a.date, a.id", norms)]
        by_id = {a.id: a for a in articles}
        quotes = []
        for row in self._query(
                f"SELECT q.article_id, q.start, q.end, q.cue_start, q.cue_end, q.text, e.name, q.fragment, q.confidence "
                f"FROM quotes q JOIN entities e ON e.article_id = q.article_id AND e.local_id = q.speaker "
                f"WHERE q.speaker_norm IN ({marks}) ORDER BY q.article_id, q.position", norms):
            record = by_id.get(row[0]) or self.get(row[0])
            quotes.append(PersonQuote(row[0], record.title, record.date, record.path, record.paths, (row[1], row[2]),
                                      (row[3], row[4]) if row[3] is not None else None, row[5], row[6],
                                      bool(row[7]), row[8]))
        stances = []
        for row in self._query(f"SELECT article_id, label, target, note, evidence, flag FROM stances "
                               f"WHERE speaker_norm IN ({marks}) ORDER BY article_id, position", norms):
            record = by_id.get(row[0]) or self.get(row[0])
            stances.append(PersonStance(row[0], record.title, record.date, record.path, row[1], row[2], row[3],
                                        tuple(tuple(e) for e in json.loads(row[4])), row[5]))

        def when(item):
            return (item.date is None, item.date or "", item.article_id)
        quotes.sort(key=lambda q: (*when(q), q.span[0]))
        stances.sort(key=when)
        return PersonPage(key, _display_name(key, names), tuple(sorted(names)), tuple(articles), tuple(quotes),
                          tuple(stances))


def model_key(model: dict) -> str:
    """What identifies the model of a report: its file hash, else its file or server model id."""
    return str(model.get("sha256") or model.get("file") or "")


def fts_query(text: str) -> str:
    """An FTS5 query from what a user typed: every word required, "…" a phrase, word* a prefix.
    Everything is quoted, so FTS5 syntax in the input (AND, NEAR, column:, parentheses) is text."""
    terms, rest = [], text or ""
    while rest:
        rest = rest.lstrip()
        if not rest:
            break
        if rest[0] in "\"“”":
            end = min((i for i in (rest.find(c, 1) for c in "\"“”") if i > 0), default=len(rest))
            phrase, rest = rest[1:end], rest[end + 1:]
            words = phrase.split()
            if words:
                terms.append('"' + " ".join(words).replace('"', '""') + '"')
            continue
        word, _, rest = rest.partition(" ")
        prefix = word.endswith("*")
        word = word.strip("*")
        if any(c.isalnum() for c in word):
            terms.append('"' + word.replace('"', '""') + '"' + ("*" if prefix else ""))
    return " ".join(terms)


def _display_name(key: str, names: dict[str, int]) -> str:
    """The longest (then most used) form among those naming the person."""
    if not names:
        return key
    return max(names, key=lambda n: (len(normalise(n).split()), names[n], n))


def _keys(article: int | str) -> tuple:
    return (article if isinstance(article, int) else -1, str(article))


def _hash(text: str) -> str:
    from ..article import hash_text
    return hash_text(text)
