"""What each actor said: the article's attributions grouped by speaker, in text order, with the
article's echoes folded into the statement they repeat.

An *echo* is the author repeating words already quoted ("Trump's hope that Putin wants to “make a
deal for me”"): a direct attribution without a cue of its own whose words all occur, in order, in
another statement of the same speaker (or repeat an earlier echo word for word). It is no new
statement: it is listed once, under the statement it repeats, as one of that statement's other
places. A fragment that repeats nothing ("“trilat,”") stays a statement of its own, marked fragment.
Words inside a longer statement of the same speaker (the quote within reported speech around it,
or a reported statement found inside another: "depend on retraining" in "the outcome would depend
on retraining") are part of that statement, not a second one.

:class:`Places` turns an offset into the position a reader can find ("¶ 12"), by bisection, so that
listing a thousand statements of a 1 MB article stays cheap.

Used by the person view (``ui``) and the Markdown export; nothing here knows Qt.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ..annotations import Analysis, Attribution, Entity
from ..article import Article, Span

_WORD = re.compile(r"\w+(?:['’]\w+)*")
KIND_NAMES = {"direct": "Quoted", "mixed": "Partly quoted", "indirect": "Reported"}


def kind_name(kind: str, fragment: bool = False) -> str:
    """How a statement's kind reads to a person: "Quoted", "Partly quoted", "Reported", "Fragment"."""
    return "Fragment" if fragment else KIND_NAMES.get(kind, kind)


@dataclass
class Statement:
    """One attributed statement of one speaker: the attribution, whether its quote is a fragment,
    and the other places where the article echoes its words."""
    attribution: Attribution
    fragment: bool = False
    echoes: list[Span] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.attribution.kind

    @property
    def content(self) -> tuple[Span, ...]:
        return self.attribution.content

    @property
    def cue(self) -> Span | None:
        return self.attribution.cue

    @property
    def span(self) -> Span:
        return self.attribution.span


class Places:
    """Offsets of one article → "¶ N" (paragraphs of the body, counted from 1), "title" or "heading"."""

    def __init__(self, article: Article):
        self.article = article
        self.paragraphs = article.paragraphs
        self.starts = [p[0] for p in self.paragraphs]

    def __call__(self, offset: int) -> str:
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.paragraphs[i][1]:
            return f"¶ {i + 1}"
        title = self.article.title_span
        return "title" if title and offset < title[1] else "heading"


def words(text: str) -> str:
    """``text`` as lower-case words joined by single spaces, padded with spaces (for containment)."""
    return " " + " ".join(_WORD.findall(text.casefold())) + " "


def attributions_of(analysis: Analysis) -> tuple[Attribution, ...]:
    """The analysis's attributions; for an analysis saved before attributions existed (quotes only),
    its attributed quotes as direct statements."""
    if analysis.attributions or not analysis.quotes:
        return analysis.attributions
    return tuple(Attribution(f"q{n}", "direct", (q.span,), q.cue, None, q.speaker, q.confidence)
                 for n, q in enumerate(analysis.quotes, start=1) if q.speaker)


def by_speaker(analysis: Analysis) -> dict[str, list[Statement]]:
    """Every speaker's statements in text order (speaker = entity id), echoes folded in."""
    fragments = {q.span for q in analysis.quotes if q.fragment}
    grouped: dict[str, list[Attribution]] = {}
    for attribution in attributions_of(analysis):
        if attribution.speaker:
            grouped.setdefault(attribution.speaker, []).append(attribution)
    text = analysis.article.text
    return {speaker: _fold(text, items, fragments) for speaker, items in grouped.items()}


def statements_of(analysis: Analysis, entity_id: str) -> list[Statement]:
    """The statements of one speaker, in text order, echoes folded in."""
    return by_speaker(analysis).get(entity_id, [])


def _fold(text: str, items: list[Attribution], fragments: set[Span]) -> list[Statement]:
    items = sorted(items, key=lambda a: a.span)
    keys = [words(" ".join(text[s:e] for s, e in a.content)) for a in items]
    candidate = [a.kind == "direct" and a.cue is None and keys[i].strip() != "" for i, a in enumerate(items)]
    homes: dict[str, int] = {}               # an echo's words → the statement they repeat (cached: a long
    home_of: dict[int, int] = {}             # article repeats the same few phrases many times)
    for i in range(len(items)):
        if not candidate[i]:
            continue
        key = keys[i]
        if key not in homes:                 # the first full statement that holds the words, else the
            homes[key] = next((j for j in range(len(items)) if not candidate[j] and key in keys[j]),
                              i)             # first echo of them, which is then a statement of its own
        if homes[key] != i:
            home_of[i] = homes[key]
    statements: dict[int, Statement] = {}
    reach, holder = -1, -1                   # the furthest end of the statements so far, and whose it is
    for i, attribution in enumerate(items):
        if i in home_of:
            continue
        end = attribution.span[1]
        if end <= reach:
            home_of[i] = holder              # words inside a longer statement (quoted or reported): part of it
            continue
        statements[i] = Statement(attribution, fragment=attribution.content[0] in fragments)
        if end > reach:
            reach, holder = end, i
    for i, home in home_of.items():
        while home not in statements:        # the words it repeats sit inside a longer statement
            home = home_of[home]
        if items[i].span[1] > statements[home].span[0] and items[i].span[0] < statements[home].span[1]:
            continue                         # the same place, not another one
        statements[home].echoes.append(items[i].span)
    for statement in statements.values():
        statement.echoes.sort()
    return [statements[i] for i in sorted(statements)]


def actors(analysis: Analysis, grouped: dict[str, list[Statement]] | None = None,
           stance_entities: set[str] = frozenset()) -> list[tuple[Entity, list[Statement]]]:
    """The article's actors (entities with a statement or a stance note), most salient first."""
    grouped = by_speaker(analysis) if grouped is None else grouped
    order = {e.id: n for n, e in enumerate(analysis.entities)}
    ids = [i for i in set(grouped) | set(stance_entities) if i in order]
    entities = {e.id: e for e in analysis.entities}
    ids.sort(key=lambda i: (-entities[i].salience, -len(grouped.get(i, ())), order[i]))
    return [(entities[i], grouped.get(i, [])) for i in ids]
