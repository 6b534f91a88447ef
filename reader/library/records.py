"""What the library's queries return: plain records of articles, search hits and people."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit


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
class PersonStatement:
    """A statement of the person in one article: quoted (``direct``), partly quoted (``mixed``) or
    reported (``indirect``), with the cue's words and how many other places of the article repeat it."""
    article_id: int
    title: str
    date: str | None
    path: str | None
    paths: tuple[str, ...]
    kind: str
    span: tuple[int, int]
    cue: str | None
    text: str
    name: str             # the name the article used
    fragment: bool
    repeats: int


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
    statements: int = 0   # quoted and reported


@dataclass(frozen=True)
class PersonPage:
    key: str
    name: str
    aliases: tuple[str, ...]
    articles: tuple[ArticleRecord, ...]        # by date
    quotes: tuple[PersonQuote, ...]            # by date, then position in the article
    stances: tuple[PersonStance, ...] = field(default=())   # by date: the stance over time
    statements: tuple[PersonStatement, ...] = field(default=())   # by date, then position: quoted and reported


RECORD_COLUMNS = ("a.id, a.hash, a.title, a.byline, a.date, a.source, a.url, a.format, a.added, a.opened, "
                  "(SELECT json_group_array(path) FROM (SELECT path FROM paths WHERE article_id = a.id "
                  "ORDER BY seen DESC, path)), a.report_model, a.report_prompt, a.report_complete")


def record_from_row(row) -> ArticleRecord:
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


def model_key(model: dict) -> str:
    """What identifies the model of a report: its file hash, else its file or server model id."""
    return str(model.get("sha256") or model.get("file") or "")
