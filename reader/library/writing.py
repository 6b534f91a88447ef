"""Writing to the library: recording analysed articles, their paths and the model's reports, each in
one short ``BEGIN IMMEDIATE`` transaction of :class:`~reader.library.store.Library`."""
from __future__ import annotations

import json
import os
import time

from ..annotations import Analysis
from ..article import hash_text
from ..errors import LibraryError
from ..nlp.statements import by_speaker
from .names import normalise
from .records import ArticleRecord, model_key, site_of


def statement_rows(article_id: int, data: dict, analysis: Analysis | None = None) -> list[tuple]:
    """The ``statements`` rows of one article's analysis (its JSON contract dict, or the
    :class:`Analysis` itself when the caller has it), in text order."""
    analysis = analysis if analysis is not None else Analysis.from_dict(data)
    text = analysis.article.text
    names = {e.id: e.name for e in analysis.entities}
    statements = [(s, speaker) for speaker, found in by_speaker(analysis).items() if speaker in names
                  for s in found]
    statements.sort(key=lambda item: item[0].span)
    rows = []
    for position, (statement, speaker) in enumerate(statements):
        start, end = statement.span
        cue = " ".join(text[statement.cue[0]:statement.cue[1]].split()) if statement.cue else None
        rows.append((article_id, position, statement.kind, speaker, normalise(names[speaker]), start, end, cue,
                     int(statement.fragment), len(statement.echoes),
                     " … ".join(text[s:e] for s, e in statement.content)))
    return rows


class LibraryWriter:
    """The writing half of :class:`~reader.library.store.Library` (which provides ``transaction``,
    ``get``, ``_id`` and the people-cache ``_people``)."""

    def add(self, analysis: Analysis | dict, path: str | os.PathLike | None = None, report=None, *,
            opened: bool = False, source: str | None = None) -> ArticleRecord:
        """Record an analysed article (the :class:`Analysis` or its JSON contract dict) seen at
        ``path``. The same content hash updates the one existing article and adds the path; a
        ``report`` (:class:`~reader.analysis.results.Report` or its dict) replaces the stored one."""
        data = analysis.to_dict() if isinstance(analysis, Analysis) else analysis
        digest = data.get("hash") or hash_text(data["text"])
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
                for table in ("entities", "quotes", "statements"):
                    db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
                db.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
            self._index(db, article_id, data, analysis if isinstance(analysis, Analysis) else None)
            if path is not None:
                self._add_path(db, article_id, path, now)
            if report is not None:
                self._set_report(db, article_id, data, report, now)
            self._people = None
        return self.get(article_id)

    def _index(self, db, article_id: int, data: dict, analysis: Analysis | None = None) -> None:
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
        db.executemany("INSERT INTO statements VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       statement_rows(article_id, data, analysis))
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
