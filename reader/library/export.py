"""A person page as Markdown: every quote with its article, date, file and offsets, and the stance
notes over time. Article and model text is untrusted: it goes through
:func:`reader.export.markdown.escape`, so it reads literally (no link, image, HTML or heading)."""
from __future__ import annotations

from datetime import UTC, datetime

from .. import __version__
from ..export.markdown import escape, yaml_string
from .records import PersonPage


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
             f"generated: {yaml_string(generated.strftime('%Y-%m-%dT%H:%M:%SZ'))}",
             f"generator: {yaml_string('Stance Reader ' + __version__)}", "---", "",
             f"# {escape(page.name)}", ""]
    if len(page.aliases) > 1:
        lines += ["Also named: " + ", ".join(escape(a) for a in page.aliases if a != page.name), ""]
    lines += ["## Articles", ""]
    for article in page.articles:
        gone = " (file missing)" if article.paths and article.missing else ""
        lines.append(f"- {_where(article.title, article.date, article.path)}{gone}")
    lines += ["", "## Quotes", ""]
    if not page.quotes:
        lines.append("No quotes attributed.")
    for quote in page.quotes:
        marker = " (fragment)" if quote.fragment else ""
        lines.append(f"- {escape(quote.text)}{marker} — {_where(quote.title, quote.date, quote.path)}, "
                     f"characters {quote.span[0]}–{quote.span[1]}")
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
