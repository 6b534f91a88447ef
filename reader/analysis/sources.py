"""Views of an :class:`Analysis` that the LLM stage needs: sentences per section, quotes with their
speakers' names, the main actors and each actor's own evidence."""
from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from ..annotations import Analysis, Entity
from ..article import Span
from .grounding import Grounder, Person, QuoteFact, content_words

PRONOUNS = {"he", "she", "him", "her", "his", "hers", "they", "them", "their", "it", "its", "we", "us",
            "our", "i", "me", "my", "you", "who", "whom"}
ACTOR_TYPES = ("person", "organization")
MAX_EVIDENCE_ITEMS = 8
MAX_ITEM_CHARS = 320


def _inside(span: Span, outer: Span) -> bool:
    return outer[0] <= span[0] and span[1] <= outer[1]


class SourceIndex:
    def __init__(self, analysis: Analysis):
        self.analysis = analysis
        self.text = analysis.article.text
        self._names: dict[str, tuple[str, ...]] = {}

    def section_range(self, index: int) -> Span:
        section = self.analysis.article.sections[index]
        start = section.heading[0] if section.heading else section.paragraphs[0][0]
        return start, section.paragraphs[-1][1] if section.paragraphs else section.heading[1]

    def sentences_in(self, scope: Span) -> list[Span]:
        return [s for s in self.analysis.sentences if _inside(s, scope)] or [scope]

    def names_of(self, entity: Entity) -> tuple[str, ...]:
        if entity.id not in self._names:
            self._names[entity.id] = self._surface_names(entity)
        return self._names[entity.id]

    def _surface_names(self, entity: Entity) -> tuple[str, ...]:
        names = [entity.name]
        for start, end in entity.mentions:
            surface = " ".join(self.text[start:end].split())
            if surface.lower() not in PRONOUNS and len(surface) > 2 and surface not in names:
                names.append(surface)
        # surnames alone name the person too ("Trump" for "Donald Trump")
        if entity.type == "person" and " " in entity.name:
            last = entity.name.split()[-1]
            if last not in names:
                names.append(last)
        return tuple(names)

    @cached_property
    def people(self) -> list[Person]:
        return [Person(self.names_of(e)) for e in self.analysis.entities if e.type in ACTOR_TYPES]

    @cached_property
    def _quote_facts(self) -> list[tuple[Span, QuoteFact]]:
        facts = []
        entities = {e.id: e for e in self.analysis.entities}
        for quote in self.analysis.quotes:
            entity = entities.get(quote.speaker) if quote.speaker else None
            if entity is None:
                continue
            words = frozenset(content_words(self.text[quote.span[0]:quote.span[1]]))
            if words:
                facts.append((quote.span, QuoteFact(words, self.names_of(entity))))
        return facts

    def quote_facts(self, scope: Span | None = None) -> list[QuoteFact]:
        return [fact for span, fact in self._quote_facts if scope is None or _inside(span, scope)]

    def section_grounder(self, index: int) -> Grounder:
        scope = self.section_range(index)
        return Grounder(self.text, self.sentences_in(scope), self.quote_facts(scope), self.people)

    def article_grounder(self) -> Grounder:
        article = self.analysis.article
        scope = (article.paragraphs[0][0], article.paragraphs[-1][1]) if article.paragraphs else (0, len(self.text))
        return Grounder(self.text, self.sentences_in(scope), self.quote_facts(), self.people)

    def lead_text(self, max_tokens: int, count: Callable[[str], int]) -> str:
        parts, used = [], 0
        for start, end in self.analysis.article.paragraphs[:4]:
            para = self.text[start:end]
            cost = count(para)
            if parts and used + cost > max_tokens:
                break
            parts.append(para if cost <= max_tokens else para[: max_tokens * 3])
            used += cost
        return "\n\n".join(parts)

    # -- actors ---------------------------------------------------------------------------------
    def quotes_of(self, entity_id: str):
        return [q for q in self.analysis.quotes if q.speaker == entity_id]

    @cached_property
    def _ranked_actors(self) -> list[str]:
        scored = []
        for entity in self.analysis.entities:
            if entity.type not in ACTOR_TYPES:
                continue
            quotes = len(self.quotes_of(entity.id))
            if quotes == 0 and len(entity.mentions) < 2:
                continue
            scored.append((entity.salience + 0.15 * min(quotes, 4) + 0.02 * len(entity.mentions), entity.id))
        scored.sort(reverse=True)
        return [eid for _, eid in scored]

    def main_actors(self, limit: int) -> list[str]:
        return self._ranked_actors[:limit]

    def evidence_for(self, entity_id: str) -> list[tuple[str, Span, str]]:
        """(id, span, text) items: the actor's quotes ("Q1"…), then sentences naming them ("S1"…)."""
        entity = self.analysis.entity(entity_id)
        items: list[tuple[str, Span, str]] = []
        quotes = sorted(self.quotes_of(entity_id), key=lambda q: (q.fragment, q.span))
        for n, quote in enumerate(quotes[:5], start=1):
            items.append((f"Q{n}", quote.span, self._clip(quote.span)))
        quote_spans = [q.span for q in quotes]
        named = [m for m in entity.mentions if self.text[m[0]:m[1]].lower() not in PRONOUNS]
        sentences = []
        for sentence in self.analysis.sentences:
            if any(_inside(m, sentence) for m in named) and not any(
                    q[0] < sentence[1] and sentence[0] < q[1] for q in quote_spans):
                sentences.append(sentence)
        for n, sentence in enumerate(sentences[: MAX_EVIDENCE_ITEMS - len(items)], start=1):
            items.append((f"S{n}", sentence, self._clip(sentence)))
        return items

    def _clip(self, span: Span) -> str:
        text = " ".join(self.text[span[0]:span[1]].split())
        return text if len(text) <= MAX_ITEM_CHARS else text[: MAX_ITEM_CHARS - 1] + "…"
