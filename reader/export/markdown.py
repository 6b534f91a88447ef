"""The Markdown export of an analysis (and of the model's report, when there is one).

Contents: YAML front matter (title, source, byline, date, model file and hash, prompt version, date
of analysis), the overview, section summaries with each sentence's evidence position, a stance
table, the entities, and a section per actor: their stance line, then every statement the article
attributes to them (quoted or reported, kind marked), with position, cue and repeats. Positions are paragraph numbers ("¶ 4") over the body,
which a reader can find. Untrusted text (the article's and the model's) is escaped so it reads
literally: no link, image, HTML tag or front-matter key can be injected through it.
"""
from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from .. import __version__
from ..annotations import Analysis
from ..errors import ExportError
from ..nlp.statements import Places, actors, kind_name
from ..storage import atomic_write_text

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")
# terminal escapes (CSI, and OSC such as OSC 8 hyperlinks) and C0/C1 control characters: the export
# is printed to terminals and must stay valid YAML in its front matter
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]{0,4096}(?:\x07|\x1b\\)?|[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]")


def escape(text: str) -> str:
    """Escape Markdown and HTML syntax in ``text``, drop control characters, fold it onto one line."""
    text = " ".join(_ANSI.sub("", text).split())
    return _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))


def yaml_string(text: str | None) -> str:
    if text is None:
        return "null"
    text = " ".join(_ANSI.sub("", str(text)).split()).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def position(analysis: Analysis, offset: int) -> str:
    """Where ``offset`` lies, as a reader can find it: "¶ N" over the body's paragraphs (for many
    offsets of one article, make one :class:`~reader.nlp.statements.Places` and call it)."""
    return Places(analysis.article)(offset)


def _evidence(analysis: Analysis, spans) -> str:
    places = []
    for start, _ in spans:
        place = position(analysis, start)
        if place not in places:
            places.append(place)
    return ", ".join(places)


def _grounded_lines(analysis: Analysis, sentences) -> list[str]:
    lines = []
    for sentence in sentences:
        where = _evidence(analysis, sentence.evidence)
        tail = f" ({where})" if where else ""
        if sentence.flag:
            lines.append(f"- ⚠ *Not established — {escape(sentence.flag)}:* {escape(sentence.text)}{tail}")
        elif sentence.extract:
            lines.append(f"- *Key sentence:* {escape(sentence.text)}{tail}")
        else:
            lines.append(f"- {escape(sentence.text)}{tail}")
    return lines


def render_markdown(analysis: Analysis, report=None, generated: datetime | None = None) -> str:
    article = analysis.article
    generated = generated or datetime.now(UTC)
    model = (report.model if report else {}) or {}
    lines = [
        "---",
        f"title: {yaml_string(article.title)}",
        f"source: {yaml_string(article.source)}",
        f"url: {yaml_string(article.url)}",
        f"byline: {yaml_string(article.byline)}",
        f"date: {yaml_string(article.date)}",
        f"article_sha256: {yaml_string(article.content_hash)}",
        f"model: {yaml_string(model.get('file'))}",
        f"model_sha256: {yaml_string(model.get('sha256'))}",
        f"prompt_version: {yaml_string(model.get('prompt_version'))}",
        f"analysed: {yaml_string(generated.replace(microsecond=0).isoformat())}",
        f"generator: {yaml_string('Stance Reader ' + __version__)}",
        "---",
        "",
        f"# {escape(article.title or 'Untitled article')}",
        "",
    ]
    if report is not None and report.cancelled:
        lines += ["> The analysis was cancelled; what follows is partial.", ""]
    if report is not None and report.errors:
        lines += [f"> The analysis stopped early ({escape('; '.join(report.errors))}); what follows is partial.",
                  ""]
    if report is not None and report.overview:
        lines += ["## Overview", "", *_grounded_lines(analysis, report.overview), ""]
    summaries = {s.section: s for s in report.summaries} if report is not None else {}
    lines += ["## Sections", ""]
    for number, section in enumerate(article.sections, start=1):
        heading = article.span_text(section.heading) if section.heading else "Opening"
        first = section.paragraphs[0][0] if section.paragraphs else 0
        lines.append(f"### {number}. {escape(heading)}")
        lines.append("")
        lines.append(f"*{len(section.paragraphs)} paragraphs, from {position(analysis, first)}*")
        lines.append("")
        summary = summaries.get(number - 1)
        if summary is not None:
            lines += _grounded_lines(analysis, summary.sentences) or ["- *(the model wrote no summary)*"]
            if summary.partial:
                lines.append("- ⚠ *Cut short: the model stopped before finishing this summary.*")
            lines.append("")
    if report is not None and report.stances:
        lines += ["## Stances", "", "| Actor | Stance | Toward | Note | Evidence |", "|---|---|---|---|---|"]
        for note in report.stances:
            entity = analysis.entity(note.entity)
            name = entity.name if entity else note.entity
            text = escape(note.note) + (f" ⚠ *{escape(note.flag)}*" if note.flag else "")
            lines.append(f"| {escape(name)} | {_stance(note)} | {escape(note.target)} | {text} | "
                         f"{_evidence(analysis, note.evidence)} |")
        lines.append("")
    if analysis.entities:
        lines += ["## People, organisations and places", "", "| Name | Type | Mentions |", "|---|---|---|"]
        for entity in analysis.entities:
            lines.append(f"| {escape(entity.name)} | {entity.type} | {len(entity.mentions)} |")
        lines.append("")
    lines += _actors(analysis, report)
    return "\n".join(lines).rstrip() + "\n"


def _stance(note) -> str:
    """The label, or that the model in use was too small to judge (it abstained), in the reader's words."""
    return "not judged (the model is too small to tell)" if note.abstained else escape(note.label)


def _actors(analysis: Analysis, report) -> list[str]:
    """A section per actor (an entity with a statement or a stance note, most salient first): the
    stance line, then every statement, kind marked, with its position, cue and repeats; then the
    quotes the app could not attribute."""
    text = analysis.article.text
    places = Places(analysis.article)
    notes = {note.entity: note for note in report.stances} if report is not None else {}
    found = actors(analysis, stance_entities=set(notes))
    unattributed = [q for q in analysis.quotes if q.speaker is None and not q.fragment]
    if not found and not unattributed:
        return []
    lines = ["## What each actor said", ""]
    for entity, statements in found:
        lines += [f"### {escape(entity.name)}", ""]
        note = notes.get(entity.id)
        if note is not None:
            toward = f" toward {escape(note.target)}" if note.target else ""
            flag = f" ⚠ *Not established — {escape(note.flag)}*" if note.flag else ""
            where = _evidence(analysis, note.evidence)
            lines += [f"*Stance:* {_stance(note)}{toward}. {escape(note.note)}{flag}"
                      f"{f' ({where})' if where else ''}", ""]
        for statement in statements:
            mark = kind_name(statement.kind, statement.fragment)
            words = " … ".join(text[s:e] for s, e in statement.content)
            tail = [places(statement.span[0])]
            if statement.cue:
                tail.append(f"cue “{escape(text[statement.cue[0]:statement.cue[1]])}”")
            if statement.echoes:
                tail.append("repeated at " + ", ".join(dict.fromkeys(places(s) for s, _ in statement.echoes)))
            lines.append(f"- *{mark}:* {escape(words)} — {' · '.join(tail)}")
        if not statements:
            lines.append("- *No statement reported.*")
        lines.append("")
    if unattributed:
        lines += ["### Quotes without a speaker", ""]
        lines += [f"- {escape(analysis.article.span_text(q.span))} — {places(q.span[0])}" for q in unattributed]
        lines.append("")
    return lines


def write_markdown(path: Path, markdown: str) -> None:
    """Write atomically: the previous file stays intact if anything fails (then :class:`ExportError`)."""
    path = Path(path)
    try:
        atomic_write_text(path, markdown)
    except OSError as error:
        reason = error.strerror or str(error) or type(error).__name__
        raise ExportError(f"“{path}” could not be written ({reason}); any previous file there is unchanged.") from None
