"""A learnt tagger of attributed statements: every token of a sentence is read as outside, part of a
statement's content (``C``), its cue (``Q``) or its source (``S``), in BIO form, by a greedy
left-to-right averaged perceptron. It finds what the hand-written constructions of
:mod:`.reported` do not cover (cue words outside the lexicon such as "voted for" or "backing",
constructions no rule names); :mod:`.attribution` adds its statements where the rules found none.

Features (:func:`sentence_features`): the word, its part of speech, suffix and shape, a window of two
words and tags either side, whether the word is a reporting verb of the lexicon
(:func:`reader.nlp.cues.cue_word` with a verb tag) and how far the nearest such verb lies on each
side (with a comma between or not), the WordNet lemma, class and that-clause frame of a verb of
speech or thought and how far the nearest lies, whether the word is inside quotation marks, how far
the sentence's end is; and the two tags before it (:func:`tag_features`).

A sentence's content runs are joined to the nearest cue run, and that cue to the nearest source
run (:func:`assemble`); content runs sharing a cue are one statement with several pieces. A
statement's confidence is a logistic calibration of the tagger's margins, learnt on statements the
tagger found in documents it was not trained on (two-fold jackknife), so it is comparable to the
rules' confidences.

The parameters (``resources/nlp/statement-tagger.json.gz``, weights only, no text) are trained by
:mod:`reader.training.statement_tagger` on the development part of PolNeAR
(``docs/EVALUATION.md``).
"""
from __future__ import annotations

import gzip
import json
import math
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..article import Span
from ..resources import resource_path
from .cues import Tok, cue_word, phrase_kind, tokens
from .pos import tagger as pos_tagger
from .reported import lexicon, verb_class

MODEL_FILE = ("nlp", "statement-tagger.json.gz")
TAGS = ("O", "B-C", "I-C", "B-Q", "I-Q", "B-S", "I-S")
QUOTE_MARKS = frozenset("\u201c\u201d\u201e\"")
_TAG_PREFIXES = ("t1=", "t2=", "t1w=")
_MEMO_LIMIT = 1 << 17             # words, tags and context values whose feature rows are kept between sentences


def _bucket(distance: int | None) -> str:
    if distance is None:
        return "none"
    if distance <= 2:
        return str(distance)
    return "3-5" if distance <= 5 else "6-10" if distance <= 10 else "far"


def _shape(word: str) -> str:
    first = word[:1]
    if first.isupper():
        return "X"
    if first.isalpha():
        return "x"
    return "d" if first.isdigit() else first


def _distances(flags: Sequence[bool]) -> tuple[list[int | None], list[int | None]]:
    """For each token, how far back and how far ahead the nearest flagged token is (None: none)."""
    n = len(flags)
    left: list[int | None] = []
    last = None
    for i in range(n):
        left.append(None if last is None else i - last)
        if flags[i]:
            last = i
    right: list[int | None] = [None] * n
    nxt = None
    for i in range(n - 1, -1, -1):
        right[i] = None if nxt is None else nxt - i
        if flags[i]:
            nxt = i
    return left, right


@lru_cache(maxsize=1 << 16)
def own_features(word: str, tag: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The features of a word with its tag alone, in three groups (their places among the context
    features are fixed by :func:`sentence_features`)."""
    low = word.lower()
    forms, verbs = lexicon()
    cue = str(cue_word(low) and (tag.startswith("VB") or low == "according"))
    lemma = forms.get(low) if tag.startswith("VB") else None
    return (("b", "w=" + low, "p=" + tag, "s3=" + low[-3:], "sh=" + _shape(word)),
            ("cue=" + cue, "cue|p=" + cue + tag),
            ("wn=" + (verb_class(lemma) if lemma else "none"), "lem=" + str(lemma),
             "that=" + str(bool(lemma) and bool(verbs.get(lemma, {}).get("that")))))


def context_keys(words: Sequence[str], lows: Sequence[str], tags: Sequence[str]) -> list[tuple[tuple[str, ...], ...]]:
    """For every token of one sentence, the values its second and third groups of context features
    are made of (:func:`quote_features`, :func:`verb_features`): few different ones in a text, so
    the tagger looks their weights up once per value."""
    n = len(words)
    cue = [cue_word(low) and (tag.startswith("VB") or low == "according") for low, tag in zip(lows, tags, strict=True)]
    forms = lexicon()[0]
    lemmas = [forms.get(low) if tag.startswith("VB") else None for low, tag in zip(lows, tags, strict=True)]
    classes = [verb_class(lemma) if lemma else "none" for lemma in lemmas]
    commas = [0]
    for word in words:
        commas.append(commas[-1] + (word == ","))
    quoted, inside = [], False
    for word in words:
        if word in QUOTE_MARKS:
            inside = not inside
            quoted.append("m")
        else:
            quoted.append("in" if inside else "out")
    has_quote = str("m" in quoted)
    left, right = _distances(cue)
    verb_left, verb_right = _distances([lemma is not None for lemma in lemmas])
    any_cue = str(any(cue)) + str("according" in lows)
    return [((quoted[i], has_quote, _bucket(left[i]), _bucket(right[i]), any_cue,
              "first" if i == 0 else "last" if i == n - 1 else "mid",
              str(i > 0 and cue[i - 1]), str(i + 1 < n and cue[i + 1])),
             (_bucket(verb_left[i]), _bucket(verb_right[i]),
              str(left[i] is not None and commas[i] - commas[i - left[i]] > 0),
              str(right[i] is not None and commas[i + right[i]] - commas[i] > 0),
              _bucket(n - 1 - i), classes[i - 1] if i else "<s>"))
            for i in range(n)]


def quote_features(key: tuple[str, ...]) -> list[str]:
    """Quotation state, cue-verb distances and place in the sentence (a key of :func:`context_keys`)."""
    q, has_quote, lb, rb, any_cue, place, cue_before, cue_after = key
    return ["q=" + q, "hasq=" + has_quote, "L=" + lb, "R=" + rb, "LR=" + lb + rb, "any=" + any_cue, "pos=" + place,
            "q|L=" + q + lb, "q|R=" + q + rb, "cue-1=" + cue_before, "cue+1=" + cue_after]


def verb_features(key: tuple[str, ...]) -> list[str]:
    """WordNet verb distances, commas between, distance to the end (a key of :func:`context_keys`)."""
    verb_left, verb_right, comma_left, comma_right, end, class_before = key
    return ["WL=" + verb_left, "WR=" + verb_right, "cL=" + comma_left, "cR=" + comma_right, "end=" + end,
            "wn-1=" + class_before]


def neighbour_features(lows: Sequence[str], tags: Sequence[str], i: int) -> list[str]:
    """The words and tags two either side of token ``i``, and its pairs with them."""
    n = len(lows)

    def word(k: int) -> str:
        return lows[k] if 0 <= k < n else ("<s>" if k < 0 else "</s>")

    def tag(k: int) -> str:
        return tags[k] if 0 <= k < n else ("<s>" if k < 0 else "</s>")

    t = tags[i]
    return ["w-1=" + word(i - 1), "w+1=" + word(i + 1), "w-2=" + word(i - 2), "w+2=" + word(i + 2),
            "p-1=" + tag(i - 1), "p+1=" + tag(i + 1), "p-2=" + tag(i - 2), "p+2=" + tag(i + 2),
            "pp=" + tag(i - 1) + "|" + t, "pn=" + t + "|" + tag(i + 1), "ww=" + word(i - 1) + "|" + lows[i]]


def _near_word_names(key: tuple[str, str]) -> tuple[str, ...]:
    """What :func:`neighbour_features` says of a word (``key``: ("w", word)) as the word before,
    after, two before, two after."""
    word = key[1]
    return "w-1=" + word, "w+1=" + word, "w-2=" + word, "w+2=" + word


def _near_tag_names(key: tuple[str, str]) -> tuple[str, ...]:
    """The same of a part-of-speech tag (``key``: ("t", tag))."""
    tag = key[1]
    return "p-1=" + tag, "p+1=" + tag, "p-2=" + tag, "p+2=" + tag


def _own_names(key: tuple[str, str, str]) -> tuple[str, ...]:
    """:func:`own_features` of a word and its tag (``key``: ("own", word, tag)), in one tuple."""
    a, b, c = own_features(key[1], key[2])
    return a + b + c


def context_features(words: Sequence[str], lows: Sequence[str], tags: Sequence[str]) -> list[tuple[list[str], ...]]:
    """For every token of one sentence, the three groups of features that depend on its neighbours
    (to follow each group of :func:`own_features`)."""
    return [(neighbour_features(lows, tags, i), quote_features(k2), verb_features(k3))
            for i, (k2, k3) in enumerate(context_keys(words, lows, tags))]


def sentence_features(words: Sequence[str], lows: Sequence[str], tags: Sequence[str]) -> list[list[str]]:
    """The tag-free features of every token of one sentence: its own and its context's, interleaved
    in one fixed order."""
    out = []
    for w, t, (c1, c2, c3) in zip(words, tags, context_features(words, lows, tags), strict=True):
        a, b, c = own_features(w, t)
        out.append([*a, *c1, *b, *c2, *c, *c3])
    return out


def tag_features(prev: str, prev2: str, low: str) -> list[str]:
    """The features that depend on the tags given to the two tokens before."""
    return ["t1=" + prev, "t2=" + prev2 + prev, "t1w=" + prev + low]


@dataclass(frozen=True)
class Tagged:
    """A statement the tagger found: content pieces, cue, source phrase, and the tagger's margins."""
    content: tuple[Span, ...]
    cue: Span
    source: Span | None
    source_kind: str                  # pronoun | name | descriptor | none (of the antecedent, if any)
    antecedent: Span | None           # the noun phrase a relative pronoun source stands for
    cue_word: str
    margins: tuple[float, ...]        # of every content and cue token

    def calibration_features(self) -> list[str]:
        mean = sum(self.margins) / len(self.margins)
        tokens_ = len(self.margins)
        return ["bias", "mean=" + str(min(12, int(mean // 4))), "min=" + str(min(8, int(min(self.margins) // 2))),
                "source=" + str(self.source is not None), "size=" + _bucket(tokens_ // 3), "cue=" + self.cue_word]


class StatementTagger:
    def __init__(self, names: list[str], matrix: np.ndarray, calibration: dict[str, float]):
        """``matrix``: a row of weights (one per tag) for each feature in ``names``."""
        self.names, self.calibration = names, calibration
        self._row = {f: k for k, f in enumerate(names)}
        self._matrix = np.vstack([matrix, np.zeros((1, len(TAGS)))])     # the last row: features never seen
        self._dynamic = {f: tuple(self._matrix[k].tolist()) for f, k in self._row.items() if f.startswith(_TAG_PREFIXES)}
        self._memo: dict[tuple, tuple[int, ...]] = {}     # a word, tag or context value -> its features' rows

    @classmethod
    def from_weights(cls, weights: dict[str, dict[int, float]], calibration: dict[str, float]) -> StatementTagger:
        """From a training's weights: feature -> {tag index: weight}."""
        names = list(weights)
        matrix = np.zeros((len(names), len(TAGS)))
        for k, f in enumerate(names):
            for t, v in weights[f].items():
                matrix[k, t] = v
        return cls(names, matrix, calibration)

    def tag(self, words: Sequence[str], lows: Sequence[str], tags: Sequence[str]) -> list[tuple[str, float]]:
        """A (tag, margin) for every token of one sentence."""
        if not words:
            return []
        flat, starts = self.rows(words, lows, tags)
        sums = np.add.reduceat(self._matrix.take(flat, 0), starts, axis=0).tolist()
        dynamic, zero = self._dynamic, (0.0,) * len(TAGS)
        out: list[tuple[str, float]] = []
        prev = prev2 = "<s>"
        for i, own in enumerate(sums):
            f1, f2, f3 = tag_features(prev, prev2, lows[i])
            scores = [a + b + c + d for a, b, c, d in zip(own, dynamic.get(f1, zero), dynamic.get(f2, zero),
                                                          dynamic.get(f3, zero), strict=True)]
            best = max(scores)
            k = scores.index(best)
            scores[k] = -math.inf
            out.append((TAGS[k], best - max(scores)))
            prev2, prev = prev, TAGS[k]
        return out

    def rows(self, words: Sequence[str], lows: Sequence[str], tags: Sequence[str]) -> tuple[list[int], list[int]]:
        """The weight rows of :func:`sentence_features` of every token in order, and where each token's
        rows start: the same rows as looking every feature up, but a word's, a tag's and a context
        value's rows are remembered (the rows cost a third of the time)."""
        row, unknown = self._row, len(self._row)
        memo = self._memo
        if len(memo) > _MEMO_LIMIT:
            memo.clear()

        def ids(key: tuple, names: Callable[[tuple], Sequence[str]]) -> tuple[int, ...]:
            """The rows of ``names(key)``, remembered by ``key`` (a word's, a tag's, a context value's)."""
            found = memo.get(key)
            if found is None:
                found = memo[key] = tuple(row.get(f, unknown) for f in names(key))
            return found

        ends = [ids(("w", pad), _near_word_names) for pad in ("<s>", "</s>")]
        near_words = [ends[0], ends[0], *[ids(("w", w), _near_word_names) for w in lows], ends[1], ends[1]]
        ends = [ids(("t", pad), _near_tag_names) for pad in ("<s>", "</s>")]
        near_tags = [ends[0], ends[0], *[ids(("t", t), _near_tag_names) for t in tags], ends[1], ends[1]]
        n = len(words)
        flat: list[int] = []
        starts: list[int] = []
        for i, (w, t, (k2, k3)) in enumerate(zip(words, tags, context_keys(words, lows, tags), strict=True)):
            own = ids(("own", w, t), _own_names)
            before = tags[i - 1] if i else "<s>"
            after = tags[i + 1] if i + 1 < n else "</s>"
            starts.append(len(flat))
            flat += own[:5]
            flat += (near_words[i + 1][0], near_words[i + 3][1], near_words[i][2], near_words[i + 4][3],
                     near_tags[i + 1][0], near_tags[i + 3][1], near_tags[i][2], near_tags[i + 4][3],
                     row.get("pp=" + before + "|" + t, unknown), row.get("pn=" + t + "|" + after, unknown),
                     row.get("ww=" + (lows[i - 1] if i else "<s>") + "|" + lows[i], unknown))
            flat += own[5:7]
            flat += ids(k2, quote_features)
            flat += own[7:]
            flat += ids(k3, verb_features)
        return flat, starts

    def confidence(self, item: Tagged) -> float:
        z = sum(self.calibration.get(f, 0.0) for f in item.calibration_features())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def find(self, text: str, sentences: Iterable[Span],
             parsed: dict[Span, tuple[list[Tok], list[str]]] | None = None) -> list[tuple[Tagged, float]]:
        """Every statement the tagger finds, with its confidence, in text order; each sentence's
        tokens and part-of-speech tags are added to ``parsed`` when given (for
        :func:`reader.nlp.reported.find_reported`)."""
        pos = pos_tagger()
        out = []
        for s, e in sentences:
            toks = tokens(text, s, e)
            if not toks:
                continue
            words = [t.text for t in toks]
            tags = pos.tag(words)
            if parsed is not None:
                parsed[s, e] = (toks, tags)
            found = assemble(toks, self.tag(words, [w.lower() for w in words], tags), tags)
            out += [(item, self.confidence(item)) for item in found]
        return out

    def to_json(self) -> dict:
        """The feature names, then the non-zero weights as three flat lists (row, tag, value): a
        megabyte-sized model loads in a fraction of the time nested objects take."""
        rows, cols = np.nonzero(self._matrix[:-1])
        return {"format": "stance-reader-statements/2", "tags": list(TAGS), "features": self.names,
                "rows": rows.tolist(), "cols": cols.tolist(), "values": self._matrix[rows, cols].tolist(),
                "calibration": self.calibration}

    @classmethod
    def from_json(cls, data: dict) -> StatementTagger:
        if tuple(data.get("tags", ())) != TAGS:
            raise ValueError("statement tagger file has other tags")
        matrix = np.zeros((len(data["features"]), len(TAGS)))
        matrix[data["rows"], data["cols"]] = data["values"]
        return cls(list(data["features"]), matrix, dict(data.get("calibration", {})))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        path.write_bytes(gzip.compress(raw.encode("utf-8"), compresslevel=9, mtime=0))


def _runs(tagged: list[tuple[str, float]], role: str) -> list[tuple[int, int, list[float]]]:
    """Maximal runs of one role's tags: (first token, end token, margins); an "I-" after another
    role or "O" opens a run as a "B-" would."""
    out: list[tuple[int, int, list[float]]] = []
    start, margins = -1, []
    for i, (tag, margin) in enumerate([*tagged, ("O", 0.0)]):
        if tag[2:] == role and (tag[0] == "I" and start >= 0):
            margins.append(margin)
            continue
        if start >= 0:
            out.append((start, i, margins))
            start, margins = -1, []
        if tag[2:] == role:
            start, margins = i, [margin]
    return out


def _gap(a: tuple[int, int, list[float]], b: tuple[int, int, list[float]]) -> int:
    return max(a[0] - b[1], b[0] - a[1], 0)


_NP_TAGS = frozenset({"DT", "PRP$", "JJ", "JJR", "JJS", "CD", "POS", "NN", "NNS", "NNP", "NNPS"})
_RELATIVES = frozenset({"which", "who", "that"})
MAX_SOURCE_TOKENS = 8


def _source_phrase(tagged: list[tuple[str, float]], pos: Sequence[str], a: int, b: int) -> tuple[int, int]:
    """A source run widened to its whole noun phrase over untagged words ("the hot" -> "the hot mic
    revelation", "Democratic" -> "Democratic critics")."""
    while b < len(pos) and tagged[b][0] == "O" and pos[b] in _NP_TAGS - {"DT", "PRP$"} and b - a < MAX_SOURCE_TOKENS:
        b += 1
    while a > 0 and tagged[a - 1][0] == "O" and pos[a - 1] in _NP_TAGS and b - a < MAX_SOURCE_TOKENS:
        a -= 1
    return a, b


def _antecedent(toks: Sequence[Tok], pos: Sequence[str], a: int) -> tuple[int, int] | None:
    """The noun phrase a relative pronoun at token ``a`` stands for ("a memo, which argued …"),
    or None when no noun phrase comes right before it."""
    end = a - 1 if a and toks[a - 1].text == "," else a
    start = end
    while start > 0 and pos[start - 1] in _NP_TAGS and end - start < MAX_SOURCE_TOKENS:
        start -= 1
    return (start, end) if any(pos[k].startswith("NN") for k in range(start, end)) else None


def assemble(toks: Sequence[Tok], tagged: list[tuple[str, float]], pos: Sequence[str]) -> list[Tagged]:
    """The statements of one tagged sentence (``pos``: its part-of-speech tags): each content run
    joined to the nearest cue run, the cue to the nearest source run (:func:`_source_phrase`; a
    relative pronoun also gets its :func:`_antecedent`); content runs sharing a cue are one statement."""
    contents, cues, sources = (_runs(tagged, role) for role in ("C", "Q", "S"))
    if not contents or not cues:
        return []
    by_cue: dict[int, list[tuple[int, int, list[float]]]] = {}
    for run in contents:
        k = min(range(len(cues)), key=lambda j: _gap(cues[j], run))
        by_cue.setdefault(k, []).append(run)
    out = []
    for k, runs in sorted(by_cue.items()):
        cue = cues[k]
        source = min(sources, key=lambda run: _gap(run, cue)) if sources else None
        antecedent = None
        relative = source is not None and source[1] - source[0] == 1 and toks[source[0]].low in _RELATIVES
        if relative:
            antecedent = _antecedent(toks, pos, source[0])
        elif source is not None:
            source = _source_phrase(tagged, pos, source[0], source[1])
        out.append(Tagged(
            content=tuple((toks[a].start, toks[b - 1].end) for a, b, _ in runs),
            cue=(toks[cue[0]].start, toks[cue[1] - 1].end),
            source=(toks[source[0]].start, toks[source[1] - 1].end) if source else None,
            source_kind=phrase_kind(list(toks), *(antecedent or source)) if antecedent or source and not relative
            else "none",
            antecedent=(toks[antecedent[0]].start, toks[antecedent[1] - 1].end) if antecedent else None,
            cue_word=" ".join(t.low for t in toks[cue[0]:cue[1]]),
            margins=tuple(m for _, _, margins in runs for m in margins) + tuple(cue[2])))
    return out


class TaggedIndex:
    """The tagger's statements of an article, looked up by the characters they cover."""

    def __init__(self, found: list[tuple[Tagged, float]]):
        self.found = found
        self.spans = sorted((item.content[0][0], n) for n, (item, _) in enumerate(found))
        self.starts = [s for s, _ in self.spans]
        self.longest = max((item.content[-1][1] - item.content[0][0] for item, _ in found), default=0)

    def agreement(self, content: tuple[Span, ...]) -> str:
        """"same:K" when a tagger statement and ``content`` each have at least half of their
        characters inside the other (K: the tagger's confidence in fifths, 0-4), "part" when one
        overlaps it less, "none" when none overlaps."""
        size = sum(e - s for s, e in content)
        lo = bisect_left(self.starts, content[0][0] - self.longest)
        hi = bisect_left(self.starts, content[-1][1])
        result = "none"
        for _, n in self.spans[lo:hi]:
            item, conf = self.found[n]
            inside = sum(max(0, min(e, f) - max(s, b)) for s, e in content for b, f in item.content)
            if not inside:
                continue
            if 2 * inside >= size and 2 * inside >= sum(e - s for s, e in item.content):
                return f"same:{min(4, int(conf * 5))}"
            result = "part"
        return result


def load(path: Path) -> StatementTagger:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return StatementTagger.from_json(json.load(fh))


@lru_cache(maxsize=1)
def default_tagger() -> StatementTagger | None:
    """The shipped tagger, loaded once; ``None`` when the resource file is missing."""
    path = resource_path(*MODEL_FILE)
    return load(path) if path.is_file() else None
