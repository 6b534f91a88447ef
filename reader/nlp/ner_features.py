"""Features of one token for the entity tagger: the word, its shape, its neighbours, the tags
already given to the tokens before it, gazetteer hits and two document-wide hints (is the word seen
in lower case elsewhere; is it seen capitalised away from a sentence start)."""
from __future__ import annotations

import re
from functools import lru_cache

from .gazetteer import CONNECTORS, ORG_HEADS, PLACE_HEADS, TITLES

_SHAPE_MAP = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "XXXXXXXXXXXXXXXXXXXXXXXXXXxxxxxxxxxxxxxxxxxxxxxxxxxxdddddddddd",
)
_SQUEEZE = re.compile(r"(.)\1+")


_SHAPES: dict[str, str] = {}


def shape(word: str) -> str:
    """Compressed word shape: "Trump" -> "Xx", "NATO" -> "X", "U.S." -> "X.X.", "2009" -> "d"."""
    cached = _SHAPES.get(word)
    if cached is not None:
        return cached
    s = word.translate(_SHAPE_MAP)
    s = "".join("X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c for c in s) \
        if not s.isascii() else s
    s = _SQUEEZE.sub(r"\1", s)[:6]
    if len(_SHAPES) < 200_000:
        _SHAPES[word] = s
    return s


_LETTER_COMPOUND = re.compile(r"[A-Z]-[a-z]{2,}")


def has_upper(word: str) -> bool:
    """Whether ``word`` has a capital, as names do; "T-shirt", "X-ray" and "U-turn" (one capital
    letter, a hyphen, a lower-case word) are common nouns and do not count."""
    return not word.islower() and word != word.lower() and not _LETTER_COMPOUND.fullmatch(word)


class DocTokens:
    """The tokens of one document with what the features need, computed once."""

    __slots__ = ("words", "lowers", "shapes", "first", "upper", "lower_seen", "cap_mid", "place", "org", "lexicon",
                 "run_first", "run_last", "run_pos", "ext_last", "hints")

    def __init__(self, words: list[str], first: list[bool], lexicon: dict[str, frozenset[str]] | None = None):
        lexicon = lexicon or {}
        self.words = words
        self.lowers = [w.lower() for w in words]
        self.shapes = [shape(w) for w in words]
        self.first = first
        self.upper = [has_upper(w) for w in words]
        self.lower_seen = {lw for w, lw in zip(words, self.lowers, strict=True) if w == lw}
        self.cap_mid = {lw for lw, up, f in zip(self.lowers, self.upper, first, strict=True) if up and not f}
        self.place = _marks(self.lowers, self.upper, lexicon.get("place", frozenset()))
        self.org = _marks(self.lowers, self.upper, lexicon.get("org", frozenset()))
        self.lexicon = lexicon
        self.run_first, self.run_last, self.run_pos, self.ext_last = _runs(self.lowers, self.upper, first)
        self.hints: list[list[str]] | None = None      # second-pass features, see doc_hints


def doc_hints(doc: DocTokens, tagged: list[tuple[str, float]]) -> list[list[str]]:
    """Second-pass features from a first tagging of the whole document: this token's own first
    tag, and how the same word was typed elsewhere in the document — anywhere, and inside names of
    two or more words ("Valeska Paris" tells that a later "Paris" is her)."""
    n = len(doc.words)
    upper = [i for i, up in enumerate(doc.upper) if up]
    anywhere: dict[str, dict[str, int]] = {}
    in_long: dict[str, dict[str, int]] = {}
    for i in upper:
        tag = tagged[i][0]
        if tag == "O":
            continue
        code = tag[2:]
        lw = doc.lowers[i]
        d = anywhere.setdefault(lw, {})
        d[code] = d.get(code, 0) + 1
        long = (i > 0 and tagged[i - 1][0] != "O" and not doc.first[i] and tag.startswith("I-")) or \
               (i + 1 < n and tagged[i + 1][0].startswith("I-") and not doc.first[i + 1])
        if long:
            d = in_long.setdefault(lw, {})
            d[code] = d.get(code, 0) + 1
    out: list[list[str]] = [[]] * n         # none for lower-case tokens (one shared empty list, never changed)
    for i in upper:
        tag = tagged[i][0]
        lw = doc.lowers[i]
        code = tag[2:] if tag != "O" else "O"
        f = []
        d = dict(anywhere.get(lw, {}))
        if code != "O":
            d[code] -= 1
        best = max(d, key=d.get) if d and max(d.values()) > 0 else "none"
        f.append("hd=" + best)
        d = in_long.get(lw)
        if d:
            f.append("hl=" + max(d, key=d.get))
        rl = doc.run_last[i]
        if rl and rl != lw:
            d = anywhere.get(rl)
            if d:
                f.append("hr=" + max(d, key=d.get))
        out[i] = f
    return out


_RUN_LINKS = frozenset("of for and & de del der van von la the on".split())


def _runs(lowers: list[str], upper: list[bool], first: list[bool]):
    """For every capitalised token, the first and last word of its run of capitalised tokens
    ("Andy Warhol Foundation"), its place in the run (S, B, I, E) and the last word of the run
    extended over connectors ("… Foundation for the Visual Arts"); '' elsewhere."""
    n = len(lowers)
    rf, rl, pos, ext = [""] * n, [""] * n, [""] * n, [""] * n
    i = 0
    while i < n:
        if not upper[i]:
            i += 1
            continue
        j = i + 1
        while j < n and upper[j] and not first[j]:
            j += 1
        for k in range(i, j):
            rf[k], rl[k] = lowers[i], lowers[j - 1]
            pos[k] = "S" if j - i == 1 else "B" if k == i else "E" if k == j - 1 else "I"
        i = j
    # extended runs: capitalised runs joined by one or two connectors
    i = 0
    while i < n:
        if not upper[i]:
            i += 1
            continue
        j = i
        while True:
            while j + 1 < n and upper[j + 1] and not first[j + 1]:
                j += 1
            k = j + 1
            while k < n and k <= j + 2 and lowers[k] in _RUN_LINKS and not first[k]:
                k += 1
            if k > j + 1 and k < n and upper[k] and not first[k]:
                j = k
                continue
            break
        for k in range(i, j + 1):
            ext[k] = lowers[j]
        i = j + 1
    return rf, rl, pos, ext


def head_class(lower: str) -> str:
    """'org' / 'loc' for a word that heads organisation / place names, else ''."""
    if lower in ORG_HEADS:
        return "org"
    if lower in PLACE_HEADS:
        return "loc"
    return ""


def _marks(lowers: list[str], upper: list[bool], names) -> list[str]:
    """'B'/'I' where a gazetteer name of up to four tokens matches, else ''."""
    marks = [""] * len(lowers)
    starts = _first_words(names)
    n = len(lowers)
    i = 0
    while i < n:
        if not upper[i] or lowers[i] not in starts:
            i += 1
            continue
        hit = 0
        for k in (4, 3, 2, 1):
            if i + k <= n and " ".join(lowers[i:i + k]) in names:
                hit = k
                break
        if hit:
            marks[i] = "B"
            for j in range(i + 1, i + hit):
                marks[j] = "I"
            i += hit
        else:
            i += 1
    return marks


@lru_cache(maxsize=8)
def _first_words(names: frozenset[str]) -> frozenset[str]:
    """The first words of a gazetteer's names: only a token among them can start a match."""
    return frozenset(name.split(" ", 1)[0] for name in names)


def features(doc: DocTokens, i: int, prev: str, prev2: str) -> list[str]:
    """Every feature of token ``i`` given the two tags before it (``doc.hints`` included when set)."""
    f = static_features(doc, i) + tag_features(prev, prev2, doc.shapes[i], doc.lowers[i])
    if doc.hints is not None:
        f.extend(doc.hints[i])
    return f


def tag_features(prev: str, prev2: str, sh: str, lw: str) -> list[str]:
    """The features that depend on the tags already given (the only ones that change as a pass runs)."""
    return ["t1=" + prev, "t2=" + prev2 + prev, "t1s=" + prev + sh, "t1w=" + prev + lw]


def static_features(doc: DocTokens, i: int) -> list[str]:
    """The features of token ``i`` that do not depend on tags: the same in both passes."""
    return word_features(doc, i) + context_features(doc, i)


def word_features(doc: DocTokens, i: int) -> list[str]:
    """The features of the word itself (the same for every token of one word in one document that
    is sentence-initial alike): the tagger computes them once per word."""
    w, lw, sh = doc.words[i], doc.lowers[i], doc.shapes[i]
    first = doc.first[i]
    f = [
        "b", "w=" + w, "l=" + lw, "s=" + sh, "p3=" + lw[:3], "x3=" + lw[-3:], "x2=" + lw[-2:], "x4=" + lw[-4:],
        f"seen={lw in doc.lower_seen:d}{first:d}", f"cm={lw in doc.cap_mid:d}{first:d}",
    ]
    lex = doc.lexicon
    if lex:
        if lw in lex["male"]:
            f.append("fn=m")
        elif lw in lex["female"]:
            f.append("fn=f")
        if lw in lex["surname"]:
            f.append("sn")
        common = lex.get("common")
        if common is not None and lw in common:
            f.append(f"cw{first:d}")           # a word often written in lower case, sentence-initial or not
        if lw not in lex["male"] and lw not in lex["female"] and lw.rstrip(".") not in TITLES:
            # WordNet's nouns say nothing of a first name ("Ada" is also a language) or a title
            # ("Professor"): the lists and the title feature say more (a place that is also a first
            # name, "Georgia", goes without them too: giving them back was measured no better,
            # docs/EVALUATION.md)
            f.extend(wordnet_features(lw, lex, first))
    if first:
        f.append("first")
        f.append("fw=" + lw)
    if lw.rstrip(".") in TITLES:
        f.append("title")
    if lw in CONNECTORS:
        f.append("conn")
    if len(w) > 1 and w.isupper():
        f.append("caps")
    return f


WORDNET_LISTS = ("wn_person", "wn_location", "wn_group", "wn_other")


def wordnet_features(lw: str, lex: dict[str, frozenset[str]], first: bool) -> list[str]:
    """What WordNet's nouns say of the word (a plural by its singular: "Polaroids", "Meteorites"):
    ``wnc`` with whether it opens its sentence, a common noun ("Water", "Hegemony"); ``wnp=`` the
    kinds of its capitalised senses ("person", "location+person"). None for a model without them."""
    common = lex.get("wn_common")
    if common is None:
        return []
    for form in _singulars(lw):
        kinds = [name[3:] for name in WORDNET_LISTS if form in lex[name]]
        if kinds or form in common:
            return ([f"wnc{first:d}"] if form in common else []) + (["wnp=" + "+".join(kinds)] if kinds else [])
    return []


def _singulars(lw: str) -> tuple[str, ...]:
    """The word, then what its singular may be when it ends in -s ("cities" -> "city", "movies" ->
    "movie", "crises" -> "crisis"; not "-ves": "Reeves" would be read as "reef")."""
    if len(lw) < 4 or not lw.endswith("s") or lw.endswith("ss"):
        return (lw,)
    if lw.endswith("ies"):
        return lw, lw[:-3] + "y", lw[:-1]
    if lw.endswith("ses"):
        return lw, lw[:-1], lw[:-2], lw[:-2] + "is"
    if lw.endswith("es"):
        return lw, lw[:-1], lw[:-2]
    return lw, lw[:-1]


def context_features(doc: DocTokens, i: int) -> list[str]:
    """The features of token ``i`` from its neighbours and the name run it is in."""
    lowers, shapes = doc.lowers, doc.shapes
    n = len(lowers)
    lw, sh = lowers[i], shapes[i]
    first = doc.first[i]
    p1 = lowers[i - 1] if i > 0 and not first else "<s>"
    p2 = lowers[i - 2] if i > 1 and not first and not doc.first[i - 1] else "<s>"
    nx = i + 1 < n and not doc.first[i + 1]
    n1 = lowers[i + 1] if nx else "</s>"
    n2 = lowers[i + 2] if nx and i + 2 < n and not doc.first[i + 2] else "</s>"
    s1 = shapes[i - 1] if p1 != "<s>" else "<s>"
    sn = shapes[i + 1] if nx else "</s>"
    f = [
        "-1=" + p1, "+1=" + n1, "-2=" + p2, "+2=" + n2, "-1s=" + s1, "+1s=" + sn,
        "-1s+1s=" + s1 + sn, "s+1s=" + sh + sn, "-1+0=" + p1 + "|" + lw, "0+1=" + lw + "|" + n1,
        "pl=" + doc.place[i], "org=" + doc.org[i],
    ]
    lex = doc.lexicon
    if lex:
        if p1 in lex["male"] or p1 in lex["female"]:
            f.append("after_fn")
        if n1 in lex["male"] or n1 in lex["female"]:
            f.append("+1fn")
        if n1 in lex["surname"]:
            f.append("+1sn")
    if first:
        f.append("fs=" + sh + n1)
    if p1.rstrip(".") in TITLES:
        f.append("after_title")
    rl = doc.run_last[i]
    if rl:
        rp = doc.run_pos[i]
        f.append("rp=" + rp)
        f.append("rl=" + rl)
        f.append("rpl=" + rp + rl)
        f.append("rf=" + doc.run_first[i])
        f.append("rlc=" + head_class(rl))
        ext = doc.ext_last[i]
        if ext != rl:
            f.append("xl=" + ext)
            f.append("xlc=" + head_class(ext))
    return f


def scored(doc: DocTokens, i: int, prev: str) -> bool:
    """Whether the tagger looks at token ``i`` at all: lower-case words outside a name are always
    outside an entity, which keeps tagging fast and the model small."""
    if doc.upper[i]:
        return True
    return prev != "O" and _name_inner(doc.lowers[i])


def candidates(doc: DocTokens) -> list[int]:
    """The tokens :func:`scored` can admit, whatever tag comes before them."""
    return [i for i, (up, lw) in enumerate(zip(doc.upper, doc.lowers, strict=True)) if up or _name_inner(lw)]


def _name_inner(lw: str) -> bool:
    """Lower-case words that can go on a name begun before them: connectors ("of", "de") and numbers."""
    return lw in CONNECTORS or lw[:1].isdigit()
