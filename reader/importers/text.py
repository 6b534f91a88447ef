"""Plain text: title from the first line, headings from short unpunctuated lines, no site footer.

Paragraphs are blocks separated by blank lines. A block is a heading when it is one short line
without final punctuation that sits between paragraphs (it is neither the first nor the last block
and the next block is a paragraph). Everything from the first site-footer marker near the end
("Categories:", "Written by:", "Leave a reply", the comment form …) is boilerplate: kept out of the
body, except that a "Written by" or "By" line gives the byline.
"""
from __future__ import annotations

import re

from ..article import Article, Span, SpanBuilder
from .dates import find_date

_BLOCK_SPLIT = re.compile(r"\n[ \t\u00a0]*\n+")
_FOOTER = re.compile(
    r"^\s*(categories\s*:|category\s*:|tags\s*:|filed under\b|posted in\b|written by\b|"
    r"leave a (reply|comment)\b|your email address will not be published|share this( article)?\s*:?$|"
    r"related (posts|articles|stories)\s*:?$|about the author\s*$|comments?\s*$|"
    r"required fields are marked|post navigation\s*$)",
    re.I,
)
_BYLINE = re.compile(r"^\s*(?i:written\s+by|by)\s*:?\s*(?P<name>[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3})")
_FINAL_PUNCT = ".!?:;,\"'\u201d\u2019)…-\u2014"
_MAX_HEADING_CHARS = 100
_MAX_HEADING_WORDS = 14


def block_spans(text: str) -> list[Span]:
    """Spans of the blocks between blank lines, without their surrounding whitespace."""
    spans, start = [], 0
    for match in _BLOCK_SPLIT.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    trimmed = []
    for a, b in spans:
        piece = text[a:b]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            trimmed.append((a + lead, a + lead + len(stripped)))
    return trimmed


def is_heading(block: str) -> bool:
    if "\n" in block or len(block) > _MAX_HEADING_CHARS or len(block.split()) > _MAX_HEADING_WORDS:
        return False
    if block[-1] in _FINAL_PUNCT or block[0] in "\"\u201c\u2018'([-*•":
        return False
    return block[0].isupper() or block[0].isdigit()


def footer_start(blocks: list[str]) -> int:
    """Index of the first footer block in the last third of the article (len(blocks) if none)."""
    floor = max(1, (2 * len(blocks)) // 3)
    for i in range(floor, len(blocks)):
        if _FOOTER.match(blocks[i]):
            return i
    return len(blocks)


def find_byline(blocks: list[str]) -> str | None:
    for block in blocks:
        match = _BYLINE.match(block)
        if match:
            name = re.split(r"\s+(?:All|Posts|View|More|See)\b", match.group("name"))[0]
            return name.strip()
    return None


def import_text(text: str, source: str = "") -> Article:
    """The article over ``text`` itself: every span indexes the file's own text."""
    spans = block_spans(text)
    blocks = [text[a:b] for a, b in spans]
    cut = footer_start(blocks)
    body, footer = blocks[:cut], blocks[cut:]
    body_spans = spans[:cut]
    builder = SpanBuilder(text)
    byline = find_byline(footer)
    if body and len(body) > 1 and len(body[0]) <= 300 and "\n" not in body[0]:
        builder.set_title(body_spans[0])
        body, body_spans = body[1:], body_spans[1:]
    date = find_date(body[:3])
    # metadata lines under the title (a byline, a date on its own) are not paragraphs
    while body and len(body[0]) < 80 and (_BYLINE.match(body[0]) or find_date(body[:1])):
        byline = byline or find_byline(body[:1])
        body, body_spans = body[1:], body_spans[1:]
    for i, (block, span) in enumerate(zip(body, body_spans, strict=True)):
        nxt = body[i + 1] if i + 1 < len(body) else None
        if nxt is not None and is_heading(block) and not is_heading(nxt):
            builder.heading(span)
        else:
            builder.paragraph(span)
    return builder.build(byline=byline, date=date, source=source, format="text")
