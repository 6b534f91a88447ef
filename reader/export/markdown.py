"""The Markdown export of an analysis.

Untrusted text (the article's and, later, the model's) is escaped so that it reads literally: no
link, image, HTML tag or front-matter key can be injected through it.
"""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, datetime

from .. import __version__
from ..analysis.model import Analysis

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def escape(text: str) -> str:
    """Escape Markdown and HTML syntax in ``text`` and fold it onto one line."""
    text = " ".join(text.split())
    return _MD_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;")


def yaml_string(text: str | None) -> str:
    if text is None:
        return "null"
    text = " ".join(str(text).split()).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def paragraph_index(analysis: Analysis) -> list[tuple[int, int]]:
    return analysis.article.paragraphs


def position(analysis: Analysis, offset: int) -> str:
    """Where ``offset`` lies, as a reader can find it: "¶ N" over the body's paragraphs."""
    for number, (start, end) in enumerate(analysis.article.paragraphs, start=1):
        if start <= offset < end:
            return f"¶ {number}"
    return "title" if analysis.article.title_span and offset < analysis.article.title_span[1] else "heading"


def render_markdown(analysis: Analysis, generated: datetime | None = None) -> str:
    article = analysis.article
    generated = generated or datetime.now(UTC)
    lines = [
        "---",
        f"title: {yaml_string(article.title)}",
        f"source: {yaml_string(article.source)}",
        f"url: {yaml_string(article.url)}",
        f"byline: {yaml_string(article.byline)}",
        f"date: {yaml_string(article.date)}",
        f"article_sha256: {yaml_string(article.content_hash)}",
        f"analysed: {yaml_string(generated.replace(microsecond=0).isoformat())}",
        f"generator: {yaml_string('Stance Reader ' + __version__)}",
        "---",
        "",
        f"# {escape(article.title or 'Untitled article')}",
        "",
    ]
    lines.append("## Sections")
    lines.append("")
    for number, section in enumerate(article.sections, start=1):
        heading = article.span_text(section.heading) if section.heading else "(opening)"
        first = section.paragraphs[0][0] if section.paragraphs else 0
        lines.append(f"{number}. {escape(heading)} — {len(section.paragraphs)} paragraphs, from {position(analysis, first)}")
    lines.append("")
    people = [e for e in analysis.entities]
    if people:
        lines += ["## People, organisations and places", "", "| Name | Type | Mentions |", "|---|---|---|"]
        for entity in people:
            lines.append(f"| {escape(entity.name)} | {entity.type} | {len(entity.mentions)} |")
        lines.append("")
    if analysis.quotes:
        lines += ["## Quotes by speaker", ""]
        grouped: dict[str, list] = defaultdict(list)
        for quote in analysis.quotes:
            entity = analysis.entity(quote.speaker) if quote.speaker else None
            grouped[entity.name if entity else "Unattributed"].append(quote)
        for speaker, quotes in grouped.items():
            lines += [f"### {escape(speaker)}", ""]
            for quote in quotes:
                marker = " *(fragment)*" if quote.fragment else ""
                lines.append(f"- {escape(article.span_text(quote.span))}{marker} — {position(analysis, quote.span[0])}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
