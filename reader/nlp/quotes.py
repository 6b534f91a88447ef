"""Direct quotations: pairing double quote marks into spans, one block (paragraph) at a time.

Curly (“ ”) and straight (") double marks are paired by where they sit, not by their glyph alone
(news text mixes them and sometimes types a closing mark where an opening one belongs): a mark that
starts a block or follows a space and precedes a word opens; a mark after a word followed by a
space or punctuation closes. A quote left open at the end of a block continues into the next block
when that block opens with a quote mark (the news convention for a quote running across
paragraphs); each block's part is a quote of its own, linked by ``group``. A quote left open
without such a continuation runs to the end of its block. Odd marks never raise.

Spans here; :func:`reader.nlp.attribution.find_quotes` is the entry point that adds speakers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..article import Article, Span

OPEN_MARKS = "\u201c\u201e\u00ab"
CLOSE_MARKS = "\u201d\u00bb"
STRAIGHT = '"'
MARKS = OPEN_MARKS + CLOSE_MARKS + STRAIGHT
_OPEN_BEFORE = "([{\u2014\u2013-/\u2018'"      # after these a mark opens
_CLOSE_AFTER = ".,;:!?)]}\u2014\u2013-\u2019'…"  # before these a mark closes
FRAGMENT_MAX_WORDS = 4
# a transcript line: a speaker label in capitals ("WALLACE: …", "SEN. COLLINS: …")
_TRANSCRIPT_LABEL = re.compile(r"[A-Z][A-Z.'\u2019\-]+(?:[ \u00a0][A-Z][A-Z.'\u2019\-]+){0,3}:[ \u00a0]")
# a line introducing an excerpt of someone's writing ("From Ann Lee writing at The Post:")
_EXCERPT_INTRO = re.compile(r"From\s[^\n]{1,80}?(?:\bwriting\b[^\n]{0,60})?:\s*$")


@dataclass
class RawQuote:
    span: Span            # marks included (an unclosed quote runs to the end of its block)
    block: int            # index of the block (title, heading or paragraph) it lies in
    group: int            # parts of one quote running across paragraphs share a group
    closed: bool = True
    fragment: bool = False
    label: Span | None = None  # the speaker label of a transcript line

_TYPEWRITER = re.compile(r"''")


def typewriter_marks(text: str) -> str:
    """``text`` with each pair of apostrophes used as a double quotation mark (``''like this,''``,
    as some archives set quotes) turned into one straight mark and a space, the space on the side
    away from the quoted words: the same length, so every offset still indexes ``text``. A pair
    between two letters (no quote) is left alone."""
    if "''" not in text:
        return text
    chars = list(text)
    for m in _TYPEWRITER.finditer(text):
        i = m.start()
        before = text[i - 1] if i else " "
        after = text[i + 2] if i + 2 < len(text) else " "
        if (before.isalnum() and after.isalnum()) or "'" in (before, after):
            continue
        if after.isalnum() or after in "$(‘":
            chars[i], chars[i + 1] = " ", '"'           # opens: the mark next to the word
        else:
            chars[i], chars[i + 1] = '"', " "           # closes
    return "".join(chars)


def widen_to_pairs(text: str, span: Span) -> Span:
    """A quote span found in :func:`typewriter_marks`' text, widened to take in both apostrophes."""
    s, e = span
    if s > 0 and text[s - 1:s + 1] == "''":
        s -= 1
    if e < len(text) and text[e - 1:e + 1] == "''":
        e += 1
    return s, e


def blocks_of(article: Article) -> list[Span]:
    spans = [article.title_span] if article.title_span else []
    for section in article.sections:
        if section.heading:
            spans.append(section.heading)
        spans.extend(section.paragraphs)
    if not spans and article.text.strip():
        spans = [(0, len(article.text))]
    return _split_lines(article.text, sorted(s for s in spans if s[1] > s[0]))


def _split_lines(text: str, spans: list[Span]) -> list[Span]:
    """A block holding several paragraphs set on single lines (a line that ends a sentence, then a
    line that opens with a quote mark or a dash credit) is split there: quotes pair within a line."""
    out: list[Span] = []
    for start, end in spans:
        pos = start
        nl = text.find("\n", start, end)
        while nl != -1:
            before = text[pos:nl].rstrip()
            after = text[nl + 1:end].lstrip()
            if before and after and (after[0] in MARKS or before[-1] in MARKS + ".!?…") \
                    and before[-1] not in ",;" and (after[0] in MARKS or after[0].isupper()
                                                    or before[-1] in MARKS):
                out.append((pos, pos + len(before)))
                pos = nl + 1 + (len(text[nl + 1:end]) - len(after))
            nl = text.find("\n", nl + 1, end)
        if pos < end:
            out.append((pos, end))
    return out


def _can_open(text: str, i: int, start: int, end: int) -> bool:
    nxt = text[i + 1] if i + 1 < end else " "
    prev = text[i - 1] if i > start else " "
    if i == start:
        return True
    if nxt.isspace():
        return False
    return prev.isspace() or prev in _OPEN_BEFORE or prev in MARKS


def _can_close(text: str, i: int, start: int, end: int) -> bool:
    nxt = text[i + 1] if i + 1 < end else " "
    prev = text[i - 1] if i > start else " "
    if prev.isspace():
        return False
    return nxt.isspace() or nxt in _CLOSE_AFTER or nxt in MARKS


# a height in feet and inches ("6’2”", "5'11\""): the double mark is the inches, not a quotation mark
_INCHES = re.compile(r"(?<![\w.])\d[\u2019']\d{1,2}\Z")


def _inch_mark(text: str, i: int, start: int) -> bool:
    return text[i] in "\u201d\"" and _INCHES.search(text, max(start, i - 5), i) is not None


def pair_marks(text: str, start: int, end: int) -> tuple[list[tuple[int, int, bool]], int | None]:
    """Quote spans ``(open, close_end, closed)`` in ``text[start:end]``; the second value is the
    offset of a quote still open at the end of the block (None when all closed)."""
    spans: list[tuple[int, int, bool]] = []
    opened: int | None = None
    depth = 0
    for i in range(start, end):
        ch = text[i]
        if ch not in MARKS or _inch_mark(text, i, start):
            continue
        can_open, can_close = _can_open(text, i, start, end), _can_close(text, i, start, end)
        if opened is None:
            if can_open or (ch in OPEN_MARKS and not can_close):
                opened, depth = i, 1
            continue
        if can_close and not (can_open and ch in OPEN_MARKS):
            depth -= 1
            if depth <= 0:
                spans.append((opened, i + 1, True))
                opened, depth = None, 0
        elif can_open and ch in OPEN_MARKS and i > opened + 1:
            depth += 1                     # a nested (or mistyped) opening mark
        elif not can_open and not can_close:
            depth -= 1                     # glued to words on both sides: toggles
            if depth <= 0:
                spans.append((opened, i + 1, True))
                opened, depth = None, 0
    return spans, opened


def raw_quotes(text: str, blocks: list[Span]) -> list[RawQuote]:
    quotes: list[RawQuote] = []
    group = 0
    carried: int | None = None        # group of a quote left open in the previous block
    for b, (start, end) in enumerate(blocks):
        spans, left_open = pair_marks(text, start, end)
        first_is_mark = text[start] in MARKS
        for k, (s, e, closed) in enumerate(spans):
            if k == 0 and carried is not None and s == start and first_is_mark:
                quotes.append(RawQuote((s, e), b, carried, closed))
            else:
                group += 1
                quotes.append(RawQuote((s, e), b, group, closed))
        if left_open is not None:
            if not spans and carried is not None and left_open == start:
                g = carried
            else:
                group += 1
                g = group
            quotes.append(RawQuote((left_open, _rstrip(text, left_open, end)), b, g, False))
            nxt = blocks[b + 1][0] if b + 1 < len(blocks) else None
            carried = g if nxt is not None and text[nxt] in MARKS else None
        else:
            carried = None
    for q in quotes:
        q.fragment = is_fragment(text, q.span)
    _mark_transcripts_and_excerpts(text, blocks, quotes)
    return [q for q in quotes if q.span[1] - q.span[0] > 2 or not q.closed]


def transcript_label(text: str, start: int, end: int) -> Span | None:
    """The speaker's name (without its colon) opening a transcript line at ``start``: up to four
    words in capitals, a colon and a space ("JAKE TAPPER: …", "FALLIN: …")."""
    m = _TRANSCRIPT_LABEL.match(text, start, end)
    return (m.start(), m.end() - 2) if m is not None else None


def _mark_transcripts_and_excerpts(text: str, blocks: list[Span], quotes: list[RawQuote]) -> None:
    """Transcript lines (``"PENCE: Well, look …``) and excerpts of someone's writing set off by
    a ``From X writing at Y:`` line are not quotes in the news sense: they become fragments (all
    parts of their quote); a transcript line takes its label as the speaker."""
    marked: set[int] = set()
    for q in quotes:
        s = q.span[0]
        if text[s:s + 1] not in MARKS or s != blocks[q.block][0]:
            continue
        label = transcript_label(text, s + 1, q.span[1])
        if label is not None:
            q.label = label
            marked.add(q.group)
        elif q.block and _EXCERPT_INTRO.fullmatch(text, *blocks[q.block - 1]):
            marked.add(q.group)
    for q in quotes:
        if q.group in marked:
            q.fragment = True


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end


def inner(text: str, span: Span) -> str:
    return text[span[0]:span[1]].strip(MARKS + " \n")


def is_fragment(text: str, span: Span) -> bool:
    """A partial or scare quote: a few words, a title-cased name or title, or words that continue
    the writer's own sentence (a lower-case start glued into running text), not a quoted sentence."""
    body = inner(text, span)
    words = body.split()
    if len(words) <= FRAGMENT_MAX_WORDS:
        return not _short_sentence(text, span, body, words)
    long_words = [w for w in words if len(w) > 3]
    if len(words) <= 8 and long_words and all(w[:1].isupper() for w in long_words):
        return True                    # a title or name in quotes ("Orange Is the New Black")
    first = body[:1]
    prev = _char_before(text, span[0])
    introduced = prev in ",:\n.!?—–-(" or prev in MARKS
    return first.islower() and not introduced


def _short_sentence(text: str, span: Span, body: str, words: list[str]) -> bool:
    """A quoted sentence of a few words, set off as one: it opens a sentence or follows a colon,
    starts with a capital and ends in its own punctuation ("“I loved the room,” Simon said.")."""
    return len(words) >= 2 and body[:1].isupper() and body[-1:] in ",.!?" \
        and _char_before(text, span[0]) in ".!?:\n"


def _char_before(text: str, pos: int) -> str:
    """The last character before ``pos`` that is not a space or tab ("\\n" at the start)."""
    j = pos - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return text[j] if j >= 0 else "\n"

