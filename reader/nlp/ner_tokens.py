"""Word tokens with character offsets, shaped for the entity tagger.

Close to the GUM / Universal Dependencies tokenisation the tagger is trained on: clitics ('s, n't,
're …) are tokens of their own, dotted acronyms (U.S., D.C.) and common abbreviations (Mr., Sen.,
Inc.) keep their full stop, hyphenated words stay whole, any other symbol is a token by itself.
"""
from __future__ import annotations

import re

from ..article import Span

ABBREVIATIONS = frozenset("""
mr mrs ms dr prof sr jr st mt ft gen lt col maj capt cmdr adm sgt cpl pvt gov sen rep rev hon
pres supt det insp messrs mme mlle inc corp co ltd bros dept univ assn no vs ave blvd
jan feb mar apr jun jul aug sep sept oct nov dec
""".split())

_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}"                                   # U.S.  D.C.  U.S.A.
    r"|[^\W_]+(?:[-‐][^\W_]+)*(?:['’](?![sSdDmM]\b|re\b|ve\b|ll\b|RE\b|VE\b|LL\b)[^\W_]+(?:-[^\W_]+)*)*"
    r"|['’](?:[sSdDmM]|re|ve|ll|RE|VE|LL)\b"                 # clitics
    r"|\S"
)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Token spans of ``text[start:end]`` as offsets into ``text``."""
    end = len(text) if end is None else end
    spans = [m.span() for m in _TOKEN.finditer(text, start, end)]
    if text.find(".", start, end) < 0:
        return spans
    out: list[Span] = []
    taken = -1                  # where an abbreviation's full stop ends: the stop's own token is dropped
    for s, e in spans:
        if s < taken:
            continue
        if e < end and text[e] == "." and text[s:e].lower() in ABBREVIATIONS:
            e += 1
            taken = e
        out.append((s, e))
    return out
