"""Reading the library: articles, full-text search (FTS5, bm25) and people merged across articles,
for :class:`~reader.library.store.Library`."""
from __future__ import annotations

import json
import os
import sqlite3

from ..annotations import Analysis
from ..errors import LibraryError
from .names import PersonKeys, merge_people, normalise
from .records import (
    RECORD_COLUMNS,
    ArticleRecord,
    PersonPage,
    PersonQuote,
    PersonStance,
    PersonStatement,
    PersonSummary,
    SearchHit,
    record_from_row,
    site_of,
)

SEARCH_LIMIT = 50
FEW_MATCHES = 12


class LibraryQueries:
    """The reading half of :class:`~reader.library.store.Library` (which provides ``db``, ``_lock``,
    ``_query`` and the people cache ``_people``)."""

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
        rows = self._query(f"SELECT {RECORD_COLUMNS} FROM articles a WHERE {column} = ?", (article,))
        return record_from_row(rows[0]) if rows else None

    def find_path(self, path: str | os.PathLike) -> ArticleRecord | None:
        rows = self._query(f"SELECT {RECORD_COLUMNS} FROM articles a JOIN paths p ON p.article_id = a.id "
                           "WHERE p.path = ?", (os.path.abspath(os.fspath(path)),))
        return record_from_row(rows[0]) if rows else None

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
        sql = f"SELECT {RECORD_COLUMNS} FROM articles a ORDER BY {orders[order]} LIMIT ? OFFSET ?"
        return [record_from_row(r) for r in self._query(sql, (-1 if limit is None else limit, offset))]

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
            sql = (f"SELECT {RECORD_COLUMNS} FROM articles a" + (" WHERE " + " AND ".join(where) if where else "")
                   + " ORDER BY a.date IS NULL, a.date DESC, a.id DESC LIMIT ?")
            return [SearchHit(record_from_row(r), "", 0.0) for r in self._query(sql, [*params, limit])]
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
            records = {r[0]: record_from_row(r) for r in self.db.execute(
                f"SELECT {RECORD_COLUMNS} FROM articles a WHERE a.id IN ({','.join('?' * len(ids))})", ids)}
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
        statement_counts = dict(self._query("SELECT speaker_norm, count(*) FROM statements "
                                            "WHERE speaker_norm IS NOT NULL GROUP BY speaker_norm"))
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
            norms = keys.norms(key)
            out.append(PersonSummary(key, _display_name(key, names), tuple(sorted(names)), len(articles.get(key, ())),
                                     sum(quote_counts.get(n, 0) for n in norms),
                                     sum(statement_counts.get(n, 0) for n in norms)))
        out.sort(key=lambda p: (-p.articles, -p.statements, -p.quotes, p.name.casefold()))
        return out[:limit] if limit is not None else out

    def person(self, name: str) -> PersonPage | None:
        """Everything the library knows about one person: the articles naming them, every quote
        attributed to them (with article title, date, path and span), every statement (quoted and
        reported) and their stance notes by date."""
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
        articles = [record_from_row(r) for r in self._query(
            f"SELECT {RECORD_COLUMNS} FROM articles a WHERE a.id IN (SELECT article_id FROM entities "
            f"WHERE type = 'person' AND norm IN ({marks})) ORDER BY a.date IS NULL, a.date, a.id", norms)]
        by_id = {a.id: a for a in articles}
        def rows(sql):    # each row with its article's record (the rows' first column is the article id)
            for row in self._query(sql, norms):
                yield by_id.get(row[0]) or self.get(row[0]), row
        quotes = [PersonQuote(row[0], record.title, record.date, record.path, record.paths, (row[1], row[2]),
                              (row[3], row[4]) if row[3] is not None else None, row[5], row[6], bool(row[7]), row[8])
                  for record, row in rows(
                      f"SELECT q.article_id, q.start, q.end, q.cue_start, q.cue_end, q.text, e.name, q.fragment, "
                      f"q.confidence FROM quotes q JOIN entities e ON e.article_id = q.article_id AND "
                      f"e.local_id = q.speaker WHERE q.speaker_norm IN ({marks}) ORDER BY q.article_id, q.position")]
        statements = [PersonStatement(row[0], record.title, record.date, record.path, record.paths, row[1],
                                      (row[2], row[3]), row[4], row[5], row[6], bool(row[7]), row[8])
                      for record, row in rows(
                          f"SELECT s.article_id, s.kind, s.start, s.end, s.cue, s.text, e.name, s.fragment, s.repeats "
                          f"FROM statements s JOIN entities e ON e.article_id = s.article_id AND "
                          f"e.local_id = s.speaker WHERE s.speaker_norm IN ({marks}) ORDER BY s.article_id, s.position")]
        stances = [PersonStance(row[0], record.title, record.date, record.path, row[1], row[2], row[3],
                                tuple(tuple(e) for e in json.loads(row[4])), row[5])
                   for record, row in rows(f"SELECT article_id, label, target, note, evidence, flag FROM stances "
                                           f"WHERE speaker_norm IN ({marks}) ORDER BY article_id, position")]

        def when(item):
            return (item.date is None, item.date or "", item.article_id)
        quotes.sort(key=lambda q: (*when(q), q.span[0]))
        statements.sort(key=lambda q: (*when(q), q.span[0]))
        stances.sort(key=when)
        return PersonPage(key, _display_name(key, names), tuple(sorted(names)), tuple(articles), tuple(quotes),
                          tuple(stances), tuple(statements))


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
