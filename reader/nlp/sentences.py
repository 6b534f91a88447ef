"""Sentence spans with nltk's Punkt, fed one paragraph (or heading) at a time.

No downloaded data is needed: Punkt runs with parameters built here from a list of abbreviations
common in news ("Mr.", "Dr.", "U.S.", "Gen.", "Jan." …). Headings and the title are sentences of
their own, so a heading without final punctuation never merges into the next sentence.
"""
from __future__ import annotations

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
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans of ``text[start:end]``, as offsets into ``text``."""
    end = len(text) if end is None else end
    block = text[start:end]
    return [(start + s, start + e) for s, e in tokenizer().span_tokenize(block)]


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
