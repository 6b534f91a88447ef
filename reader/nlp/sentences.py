"""Sentence spans with nltk's Punkt, fed one paragraph (or heading) at a time.

No downloaded data is needed: Punkt runs with parameters built here from a list of abbreviations
common in news ("Mr.", "Dr.", "U.S.", "Gen.", "Jan." …). Headings and the title are sentences of
their own, so a heading without final punctuation never merges into the next sentence.

Punkt reads at most :data:`MAX_PIECE_CHARS` at a time: nltk runs its patterns under a time limit
(``nltk.redos``, 5 s per call), which one paragraph of megabytes exceeds, so a long paragraph is
cut after a sentence end first. A piece that still times out is kept as one sentence.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..article import Article, Span

ABBREVIATIONS = """
mr mrs ms dr prof sr jr st mt ft gen lt col maj capt cmdr adm sgt cpl pvt gov sen rep rev hon
pres supt det insp messrs mme mlle
jan feb mar apr jun jul aug sep sept oct nov dec
u.s u.k u.n e.u d.c u.s.a n.y l.a p.m a.m i.e e.g etc vs v no nos inc corp co ltd llc bros dept
univ assn est approx fig ed eds vol pp
ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev
okla ore pa tenn tex va vt wash wis wyo
""".split()


@lru_cache(maxsize=1)
def tokenizer():
    # nltk is imported when first needed: importing the nltk package costs about 0.45 s
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


MAX_PIECE_CHARS = 20_000
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")


def _pieces(text: str, start: int, end: int) -> list[Span]:
    """``[start, end)`` in pieces of at most MAX_PIECE_CHARS, cut after a sentence end (else after a
    space, else anywhere)."""
    pieces = []
    while end - start > MAX_PIECE_CHARS:
        limit = start + MAX_PIECE_CHARS
        cut = None
        for match in _SENTENCE_END.finditer(text, start + MAX_PIECE_CHARS // 2, limit):
            cut = match.end()
        if cut is None:
            space = max(text.rfind(" ", start + 1, limit), text.rfind("\n", start + 1, limit))
            cut = space + 1 if space > start else limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


# two or three initials written as one word ("O.J.", "W.E.B."); closing what Punkt took for a sentence
INITIALS = r"(?:[A-Z]\.){2,3}"
_INITIALS_END = re.compile(r"(?<![\w.])" + INITIALS + "$")
# words of closed classes that open a sentence and never a name (determiners, pronouns, wh-words,
# prepositions, conjunctions): after initials they begin a new sentence ("P.S. What a day")
_OPENERS = frozenset("""a an the this that these those what which who whom whose when where why how if
i we you he she it they me us him them my our your his her its their there here in on at to for from of
by with and but or nor so as after before while since because although though then yes no not all some
any each every""".split())
_FIRST_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _rejoin_initials(text: str, spans: list[Span]) -> list[Span]:
    """Punkt ends a sentence at initials written together before a capitalised word ("O.J. Simpson",
    "J.K. Rowling"), which it knows only when they are in :data:`ABBREVIATIONS` ("U.S."); such a
    break is a name's, so the two spans are one. Initials end a sentence so rarely ("… said J.D.")
    that a name is the better reading, as Punkt reads "U.S." before a capital."""
    out: list[Span] = []
    for s, e in spans:
        first = _FIRST_WORD.match(text, s, e)
        if out and _INITIALS_END.search(text, out[-1][0], out[-1][1]) and text[s:s + 1].isupper() \
                and first is not None and first.group().lower() not in _OPENERS \
                and not text[out[-1][1]:s].count("\n"):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans of ``text[start:end]``, as offsets into ``text``."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    for a, b in _pieces(text, start, end):
        block = text[a:b]
        try:
            spans.extend((a + s, a + e) for s, e in tokenizer().span_tokenize(block))
        except TimeoutError:   # nltk gave up on a pathological piece: keep it as one sentence
            stripped = block.strip()
            if stripped:
                lead = a + len(block) - len(block.lstrip())
                spans.append((lead, lead + len(stripped)))
    return _rejoin_initials(text, spans)


def split_sentences(article: Article) -> list[Span]:
    spans: list[Span] = []
    if article.title_span:
        spans.append(article.title_span)
    for section in article.sections:
        if section.heading:
            spans.append(section.heading)
        for start, end in section.paragraphs:
            spans.extend(sentence_spans(article.text, start, end))
    return spans
