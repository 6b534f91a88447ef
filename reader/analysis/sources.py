"""Views of an :class:`Analysis` that the LLM stage needs: sentences per section, quotes with their
speakers' names, the main actors (those the article reports saying something) and each actor's own
statements as evidence."""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from functools import cached_property

from ..annotations import Analysis, Entity
from ..article import Span
from ..nlp.entities import without_possessive
from ..nlp.statements import Statement, by_speaker
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
            surface = without_possessive(" ".join(self.text[start:end].split()))
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
        return [Person(self.names_of(e), e.type) for e in self.analysis.entities if e.type in ACTOR_TYPES]

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

    @cached_property
    def _mentions(self) -> tuple[list[int], list[tuple[Span, Entity]]]:
        """Every mention of every entity, by start: (starts, (mention, entity))."""
        found = sorted(((m, e) for e in self.analysis.entities for m in e.mentions), key=lambda me: me[0])
        return [m[0] for m, _ in found], found

    def linked_names(self, spans: list[Span]) -> tuple[str, ...]:
        """The names of every person, organisation or place mentioned inside ``spans`` in any way
        (by name, pronoun or role noun): a sentence grounded there may name them."""
        starts, found = self._mentions
        entities: dict[str, Entity] = {}
        for start, end in spans:
            for mention, entity in found[bisect_left(starts, start):bisect_left(starts, end)]:
                if mention[1] <= end:
                    entities.setdefault(entity.id, entity)
        return tuple(name for entity in entities.values() for name in self.names_of(entity))

    def grounder(self, sentences: list[Span], quotes: list[QuoteFact], scope_name: str,
                 narrated: bool = False) -> Grounder:
        """``narrated``: the grounded sentences are a summary (told in the third person)."""
        return Grounder(self.text, sentences, quotes, self.people, linked=self.linked_names(sentences),
                        article=self.text, scope_name=scope_name, narrated=narrated,
                        linked_by_sentence=[self.linked_names([s]) for s in sentences])

    def section_grounder(self, index: int) -> Grounder:
        """The first section's scope includes the article's title: a summary of the opening may say
        what the headline says."""
        scope = self.section_range(index)
        title = self.analysis.article.title_span
        extra = [title] if index == 0 and title and title[1] <= scope[0] else []
        return self.grounder(extra + self.sentences_in(scope), self.quote_facts(scope), "this section", narrated=True)

    def article_grounder(self) -> Grounder:
        article = self.analysis.article
        scope = (article.paragraphs[0][0], article.paragraphs[-1][1]) if article.paragraphs else (0, len(self.text))
        return self.grounder(self.sentences_in(scope), self.quote_facts(), "the article", narrated=True)

    def lead_sentence(self, min_words: int = 8) -> Span | None:
        """The article's first sentence of at least ``min_words`` words after the title: the key
        sentence an overview falls back on."""
        paragraphs = self.analysis.article.paragraphs
        start = paragraphs[0][0] if paragraphs else 0
        for sentence in self.analysis.sentences:
            if sentence[0] >= start and len(self.text[sentence[0]:sentence[1]].split()) >= min_words:
                return sentence
        return None

    def section_key_sentence(self, index: int, min_words: int = 8) -> Span | None:
        """Section ``index``'s key sentence: its first sentence of ``min_words`` words or more that
        mentions a person, organisation or place (by name, pronoun or role), else its first of that
        length, never the article's lead sentence (the overview's own); a section without one gives
        its longest sentence (a list, a table's cells); only a section without text gives None. Measured on the
        development GUM documents (docs/EVALUATION.md): news and interviews gain from the mention,
        other genres are even."""
        section = self.analysis.article.sections[index]
        if not section.paragraphs:
            return None
        lead = self.lead_sentence(min_words)
        scope = (section.paragraphs[0][0], section.paragraphs[-1][1])
        sentences = [s for s in self.sentences_in(scope) if s != lead]
        sizes = [len(self.text[s:e].split()) for s, e in sentences]
        long = [s for s, size in zip(sentences, sizes, strict=True) if size >= min_words]
        starts, found = self._mentions
        for sentence in long:
            k = bisect_left(starts, sentence[0])
            while k < len(found) and starts[k] < sentence[1]:
                if found[k][1].type in ACTOR_TYPES + ("place",):
                    return sentence
                k += 1
        if long:
            return long[0]
        best = max(range(len(sentences)), key=lambda k: sizes[k], default=None)
        return sentences[best] if best is not None and sizes[best] else None

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
    def statements(self) -> dict[str, list[Statement]]:
        """Each speaker's statements, quoted and reported, echoes folded in (:mod:`reader.nlp.statements`)."""
        return by_speaker(self.analysis)

    @cached_property
    def _ranked_actors(self) -> list[str]:
        """People and organisations the article reports saying something, most salient first."""
        scored = []
        for entity in self.analysis.entities:
            said = len(self.statements.get(entity.id, ()))
            if entity.type not in ACTOR_TYPES or not said:
                continue
            scored.append((entity.salience + 0.15 * min(said, 4) + 0.02 * len(entity.mentions), entity.id))
        scored.sort(reverse=True)
        return [eid for _, eid in scored]

    def main_actors(self, limit: int) -> list[str]:
        return self._ranked_actors[:limit]

    def evidence_for(self, entity_id: str) -> list[tuple[str, Span, str, Statement]]:
        """(id, span, text, statement) items: the actor's own statements, quoted and reported ("S1"…;
        the span is the statement's words, the text its sentence, so the model reads the cue too),
        at most :data:`MAX_EVIDENCE_ITEMS`: full statements before fragments, then in text order."""
        statements = self.statements.get(entity_id, [])
        chosen = sorted(statements, key=lambda s: (s.fragment, s.span))[:MAX_EVIDENCE_ITEMS]
        chosen.sort(key=lambda s: s.span)
        return [(f"S{n}", statement.span, self._clip(self._sentence_of(statement.span)), statement)
                for n, statement in enumerate(chosen, start=1)]

    def _sentence_of(self, span: Span) -> Span:
        """The sentences holding ``span`` (a statement may run over two), as one span."""
        held = [s for s in self.analysis.sentences if s[0] < span[1] and span[0] < s[1]]
        return (min(span[0], held[0][0]), max(span[1], held[-1][1])) if held else span

    def _clip(self, span: Span) -> str:
        text = " ".join(self.text[span[0]:span[1]].split())
        return text if len(text) <= MAX_ITEM_CHARS else text[: MAX_ITEM_CHARS - 1] + "…"
