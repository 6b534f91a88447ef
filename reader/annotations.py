"""The annotation types at the floor: entities, quotes and the analysis record of one article.

They sit beside :mod:`reader.article` and import nothing else of the project's: ``nlp`` makes them,
``analysis`` (the model stage), ``library``, ``export``, ``cli`` and ``ui`` read them. Every span
indexes the one canonical ``Article.text``.

The versioned JSON contract they serialise to (``version`` 1), printed by ``analyze --json``::

    {"version": 1, "title": str, "byline": str|null, "date": "YYYY-MM-DD"|null, "source": str,
     "text": str,
     "sections": [{"heading": [s, e]|null, "paragraphs": [[s, e], ...]}, ...],
     "sentences": [[s, e], ...],
     "entities": [{"id": str, "name": str, "type": str, "mentions": [[s, e], ...]}],
     "quotes": [{"span": [s, e], "speaker": id|null, "cue": [s, e]|null,
                 "fragment": bool, "confidence": float}]}

Every span indexes ``text``. Extra keys (``url``, ``format``, ``hash``, ``title_span``, entity
``salience``) may be present; consumers ignore keys they do not know.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .article import Article, Span


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str                      # person | organization | place | other
    mentions: tuple[Span, ...]
    salience: float = 0.0

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "type": self.type,
                "mentions": [list(m) for m in self.mentions], "salience": round(self.salience, 4)}

    @classmethod
    def from_dict(cls, data: dict) -> Entity:
        return cls(data["id"], data["name"], data["type"],
                   tuple(tuple(m) for m in data.get("mentions", [])), data.get("salience", 0.0))


@dataclass(frozen=True)
class Quote:
    span: Span
    speaker: str | None = None     # entity id
    cue: Span | None = None
    fragment: bool = False
    confidence: float = 0.0

    def to_dict(self) -> dict:
        return {"span": list(self.span), "speaker": self.speaker,
                "cue": list(self.cue) if self.cue else None,
                "fragment": self.fragment, "confidence": round(self.confidence, 3)}

    @classmethod
    def from_dict(cls, data: dict) -> Quote:
        cue = data.get("cue")
        return cls(tuple(data["span"]), data.get("speaker"), tuple(cue) if cue else None,
                   bool(data.get("fragment")), float(data.get("confidence", 0.0)))


@dataclass(frozen=True)
class Analysis:
    article: Article
    sentences: tuple[Span, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    extra: dict = field(default_factory=dict, compare=False)

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def to_dict(self) -> dict:
        data = self.article.to_dict()
        data["sentences"] = [list(s) for s in self.sentences]
        data["entities"] = [e.to_dict() for e in self.entities]
        data["quotes"] = [q.to_dict() for q in self.quotes]
        data.update(self.extra)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Analysis:
        return cls(
            article=Article.from_dict(data),
            sentences=tuple(tuple(s) for s in data.get("sentences", [])),
            entities=tuple(Entity.from_dict(e) for e in data.get("entities", [])),
            quotes=tuple(Quote.from_dict(q) for q in data.get("quotes", [])),
        )

