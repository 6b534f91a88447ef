"""The article model: one canonical text, and every part of it addressed by character spans.

Everything downstream (sentences, entities, quotes, summaries, stance evidence, export) refers to
the article through ``(start, end)`` offsets into :attr:`Article.text`. There is no second copy of
the text that could drift from it.

The canonical text is laid out as the reader sees it: the title (when there is one) on the first
line, then each section's heading and paragraphs, separated by blank lines. ``sections`` hold the
article body only; title, byline and site boilerplate are metadata.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

Span = tuple[int, int]

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Section:
    """A heading (``None`` for the untitled lead section) and its paragraphs, as spans."""

    heading: Span | None
    paragraphs: tuple[Span, ...]

    def to_dict(self) -> dict:
        return {"heading": list(self.heading) if self.heading else None,
                "paragraphs": [list(p) for p in self.paragraphs]}

    @classmethod
    def from_dict(cls, data: dict) -> Section:
        heading = data.get("heading")
        return cls(tuple(heading) if heading else None,
                   tuple(tuple(p) for p in data.get("paragraphs", [])))


@dataclass(frozen=True)
class Article:
    """An imported article. Build one with :class:`ArticleBuilder`, not by hand."""

    text: str
    sections: tuple[Section, ...]
    title: str = ""
    title_span: Span | None = None
    byline: str | None = None
    date: str | None = None          # ISO ``YYYY-MM-DD`` when known
    source: str = ""                 # the file the article was read from
    url: str | None = None           # the page's own address, when the saved page names it
    format: str = "text"             # importer that produced it: text, markdown, html, mhtml
    content_hash: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.content_hash:
            object.__setattr__(self, "content_hash", hash_text(self.text))

    def span_text(self, span: Span) -> str:
        return self.text[span[0]:span[1]]

    @property
    def paragraphs(self) -> list[Span]:
        """Every body paragraph, in reading order."""
        return [p for s in self.sections for p in s.paragraphs]

    def heading_text(self, index: int) -> str | None:
        heading = self.sections[index].heading
        return self.span_text(heading) if heading else None

    def body_text(self) -> str:
        """Headings and paragraphs of the body joined by blank lines (no title, no boilerplate)."""
        parts = []
        for section in self.sections:
            if section.heading:
                parts.append(self.span_text(section.heading))
            parts.extend(self.span_text(p) for p in section.paragraphs)
        return "\n\n".join(parts)

    def to_dict(self) -> dict:
        return {
            "version": SCHEMA_VERSION,
            "title": self.title,
            "byline": self.byline,
            "date": self.date,
            "source": self.source,
            "url": self.url,
            "format": self.format,
            "hash": self.content_hash,
            "text": self.text,
            "title_span": list(self.title_span) if self.title_span else None,
            "sections": [s.to_dict() for s in self.sections],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Article:
        title_span = data.get("title_span")
        return cls(
            text=data["text"],
            sections=tuple(Section.from_dict(s) for s in data.get("sections", [])),
            title=data.get("title", ""),
            title_span=tuple(title_span) if title_span else None,
            byline=data.get("byline"),
            date=data.get("date"),
            source=data.get("source", ""),
            url=data.get("url"),
            format=data.get("format", "text"),
        )


def hash_text(text: str) -> str:
    """A stable identity for an article: SHA-256 of its canonical text (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ArticleBuilder:
    """Lays out title, headings and paragraphs into one canonical text, recording their spans.

    Importers feed it blocks in reading order; each block is stripped of surrounding whitespace and
    separated from the previous one by a blank line. Empty blocks are skipped.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._sections: list[tuple[Span | None, list[Span]]] = []
        self.title = ""
        self.title_span: Span | None = None

    def _append(self, block: str) -> Span | None:
        block = block.strip()
        if not block:
            return None
        if self._parts:
            self._parts.append("\n\n")
            self._length += 2
        start = self._length
        self._parts.append(block)
        self._length += len(block)
        return start, self._length

    def set_title(self, title: str) -> None:
        title = " ".join(title.split())
        if not title:
            return
        if self._parts:
            raise ValueError("the title must come first")
        self.title = title
        self.title_span = self._append(title)

    def heading(self, text: str) -> None:
        span = self._append(" ".join(text.split()))
        if span:
            self._sections.append((span, []))

    def paragraph(self, text: str) -> None:
        span = self._append(text)
        if span is None:
            return
        if not self._sections:
            self._sections.append((None, []))
        self._sections[-1][1].append(span)

    @property
    def empty(self) -> bool:
        return not any(paragraphs for _, paragraphs in self._sections)

    def build(self, **meta) -> Article:
        sections = tuple(Section(h, tuple(p)) for h, p in self._sections if p or h)
        # a heading with no paragraph under it at the very end is noise (e.g. "Related")
        while sections and not sections[-1].paragraphs:
            sections = sections[:-1]
        return Article(text="".join(self._parts), sections=sections, title=self.title,
                       title_span=self.title_span, **meta)


class SpanBuilder:
    """Builds an :class:`Article` over a text kept exactly as it is, from the spans of its blocks.

    The plain-text importer uses it so that the canonical text *is* the file's text (after newline
    normalisation): offsets then mean the same in the file and in the app. Footer and other
    boilerplate stay in ``text`` but belong to no section.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.title = ""
        self.title_span: Span | None = None
        self._sections: list[tuple[Span | None, list[Span]]] = []

    def set_title(self, span: Span) -> None:
        self.title_span = span
        self.title = " ".join(self.text[span[0]:span[1]].split())

    def heading(self, span: Span) -> None:
        self._sections.append((span, []))

    def paragraph(self, span: Span) -> None:
        if not self._sections:
            self._sections.append((None, []))
        self._sections[-1][1].append(span)

    def build(self, **meta) -> Article:
        sections = tuple(Section(h, tuple(p)) for h, p in self._sections if p)
        return Article(text=self.text, sections=sections, title=self.title, title_span=self.title_span, **meta)
