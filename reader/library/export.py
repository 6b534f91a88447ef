"""A person page as Markdown: every statement (quoted or reported, kind marked) with its article,
date, file and offsets, and the stance notes over time. Article and model text is untrusted: it goes through
:func:`reader.export.markdown.escape`, so it reads literally (no link, image, HTML or heading)."""
from __future__ import annotations

from datetime import UTC, datetime

from .. import __version__
from ..export.markdown import escape, yaml_string
from ..nlp.statements import kind_name
from .records import PersonPage


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def _where(title: str, date: str | None, path: str | None) -> str:
    parts = [f"*{escape(title or 'Untitled article')}*"]
    if date:
        parts.append(escape(date))
    if path:
        parts.append(escape(path))
    return ", ".join(parts)


def render_person_markdown(page: PersonPage, generated: datetime | None = None) -> str:
    generated = generated or datetime.now(UTC)
    lines = ["---", f"person: {yaml_string(page.name)}",
             f"aliases: [{', '.join(yaml_string(a) for a in page.aliases)}]",
             f"articles: {len(page.articles)}", f"quotes: {len(page.quotes)}",
             f"statements: {len(page.statements)}",
             f"generated: {yaml_string(generated.strftime('%Y-%m-%dT%H:%M:%SZ'))}",
             f"generator: {yaml_string('Stance Reader ' + __version__)}", "---", "",
             f"# {escape(page.name)}", ""]
    if len(page.aliases) > 1:
        lines += ["Also named: " + ", ".join(escape(a) for a in page.aliases if a != page.name), ""]
    lines += ["## Articles", ""]
    for article in page.articles:
        gone = " (file missing)" if article.paths and article.missing else ""
        lines.append(f"- {_where(article.title, article.date, article.path)}{gone}")
    lines += ["", "## Statements", ""]
    if not page.statements:
        lines.append("No statements attributed.")
    for statement in page.statements:
        kind = kind_name(statement.kind, statement.fragment)
        cue = f" (“{escape(statement.cue)}”)" if statement.cue else ""
        repeats = f" (repeated {_times(statement.repeats)} in the article)" if statement.repeats else ""
        lines.append(f"- *{kind}*{cue}: {escape(statement.text)}{repeats} — "
                     f"{_where(statement.title, statement.date, statement.path)}, "
                     f"characters {statement.span[0]}–{statement.span[1]}")
    lines += ["", "## Stance over time", ""]
    if not page.stances:
        lines.append("No stance notes (run the analysis with a model).")
    else:
        lines += ["| date | article | stance | on | note |", "|---|---|---|---|---|"]
        for note in page.stances:
            text = escape(note.note) + (f" ⚠ *{escape(note.flag)}*" if note.flag else "")
            lines.append(f"| {escape(note.date or '?')} | {escape(note.title or 'Untitled article')} | "
                         f"{escape(note.label)} | {escape(note.target)} | {text} |")
    lines.append("")
    return "\n".join(lines)
