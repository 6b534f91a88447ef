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
                 "fragment": bool, "confidence": float}],
     "attributions": [{"id": str, "kind": "direct"|"indirect"|"mixed", "content": [[s, e], ...],
                       "cue": [s, e]|null, "source": [s, e]|null, "speaker": id|null,
                       "confidence": float}]}

``attributions`` lists every statement the article attributes, quoted or reported, in text order;
``quotes`` lists the quotations in double quotation marks (with the scare quotes and echoes, marked
``fragment``) in the shape the app has always written; quotes set in paired apostrophes
(``''like this''``) are direct attributions only.

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
    group: bool = False            # a person entity naming a group of people ("Europeans", "Democrats")

    def to_dict(self) -> dict:
        data = {"id": self.id, "name": self.name, "type": self.type,
                "mentions": [list(m) for m in self.mentions], "salience": round(self.salience, 4)}
        if self.group:
            data["group"] = True
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Entity:
        return cls(data["id"], data["name"], data["type"],
                   tuple(tuple(m) for m in data.get("mentions", [])), data.get("salience", 0.0),
                   bool(data.get("group", False)))


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
class Attribution:
    """A statement the article attributes to a source: its content (one or more pieces: a quote
    interrupted by its cue has two), the cue ("said", "according to"), the source phrase as written
    and the entity it resolves to."""
    id: str
    kind: str                          # direct | indirect | mixed
    content: tuple[Span, ...]
    cue: Span | None = None
    source: Span | None = None
    speaker: str | None = None         # entity id
    confidence: float = 0.0

    @property
    def span(self) -> Span:
        """From the first content piece's start to the last one's end."""
        return self.content[0][0], self.content[-1][1]

    def to_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "content": [list(c) for c in self.content],
                "cue": list(self.cue) if self.cue else None, "source": list(self.source) if self.source else None,
                "speaker": self.speaker, "confidence": round(self.confidence, 3)}

    @classmethod
    def from_dict(cls, data: dict) -> Attribution:
        cue, source = data.get("cue"), data.get("source")
        return cls(str(data["id"]), data.get("kind", "direct"), tuple(tuple(c) for c in data.get("content", [])),
                   tuple(cue) if cue else None, tuple(source) if source else None, data.get("speaker"),
                   float(data.get("confidence", 0.0)))


@dataclass(frozen=True)
class Analysis:
    article: Article
    sentences: tuple[Span, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    extra: dict = field(default_factory=dict, compare=False)

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def to_dict(self) -> dict:
        data = self.article.to_dict()
        data["sentences"] = [list(s) for s in self.sentences]
        data["entities"] = [e.to_dict() for e in self.entities]
        data["quotes"] = [q.to_dict() for q in self.quotes]
        data["attributions"] = [a.to_dict() for a in self.attributions]
        data.update(self.extra)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Analysis:
        return cls(
            article=Article.from_dict(data),
            sentences=tuple(tuple(s) for s in data.get("sentences", [])),
            entities=tuple(Entity.from_dict(e) for e in data.get("entities", [])),
            quotes=tuple(Quote.from_dict(q) for q in data.get("quotes", [])),
            attributions=tuple(Attribution.from_dict(a) for a in data.get("attributions", [])),
        )

