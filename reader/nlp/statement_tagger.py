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

Tagging is laid out for speed, and gives what adding every feature's weights one by one gives (the
tests compare the two): the weights are held in thousandths, so that every sum is an exact integer
whatever the order of adding; a word's own features with its tag, and each context value, are summed
once per distinct value into a row of their own; what a word or a tag says as a neighbour comes from
a table by word, indexed for all the tokens of many sentences in one numpy call; and the greedy pass
looks up, for the few pairs of previous tags most tokens have, best tags reckoned for all tokens at once.

The parameters (``resources/nlp/statement-tagger.json.gz``, weights only, no text) are trained by
:mod:`reader.training.statement_tagger` on the development part of PolNeAR
(``docs/EVALUATION.md``).
"""
from __future__ import annotations

import gzip
import json
import math
import threading
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from pathlib import Path

import numpy as np

from ..article import Span
from ..resources import resource_path
from .cues import Tok, cue_word, phrase_kind, tokens
from .pos import batches, pair_rows
from .pos import tagger as pos_tagger
from .reported import lexicon, verb_class

MODEL_FILE = ("nlp", "statement-tagger.json.gz")
TAGS = ("O", "B-C", "I-C", "B-Q", "I-Q", "B-S", "I-S")
QUOTE_MARKS = frozenset("\u201c\u201d\u201e\"")
_TAG_PREFIXES = ("t1=", "t2=", "t1w=")
_MEMO_LIMIT = 1 << 17             # words with tags, context values and words whose rows are kept
_SUM_ROWS = 1 << 12               # rows first made for sums (the matrix grows as more are kept)
_CHUNK_TOKENS = 1 << 14           # tokens whose rows are summed in one numpy call
SCALE = 1000.0                    # weights are multiples of 1 / SCALE
# the two tags before a token that most tokens have (counted on PolNeAR development text: 85 %)
COMMON_STATES = (("I-C", "I-C"), ("O", "O"), ("<s>", "<s>"), ("<s>", "O"), ("B-C", "I-C"), ("I-S", "I-S"))
_COMMON_INDEX = {state: j for j, state in enumerate(COMMON_STATES)}


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
    is_cue, lemma, verb_class_ = _verb_facts(low, tag)
    cue = str(is_cue)
    return (("b", "w=" + low, "p=" + tag, "s3=" + low[-3:], "sh=" + _shape(word)),
            ("cue=" + cue, "cue|p=" + cue + tag),
            ("wn=" + verb_class_, "lem=" + str(lemma),
             "that=" + str(bool(lemma) and bool(lexicon()[1].get(lemma, {}).get("that")))))


@lru_cache(maxsize=1 << 16)
def _verb_facts(low: str, tag: str) -> tuple[bool, str | None, str]:
    """Whether a word with its tag is a cue (:func:`reader.nlp.cues.cue_word` as a verb, or
    "according"), its lemma when it is a verb of the WordNet lexicon, and that verb's class
    ("none" if it is none)."""
    lemma = lexicon()[0].get(low) if tag.startswith("VB") else None
    return (cue_word(low) and (tag.startswith("VB") or low == "according"), lemma,
            verb_class(lemma) if lemma else "none")


def context_keys(words: Sequence[str], lows: Sequence[str], tags: Sequence[str]) -> list[tuple[tuple[str, ...], ...]]:
    """For every token of one sentence, the values its second and third groups of context features
    are made of (:func:`quote_features`, :func:`verb_features`): few different ones in a text, so
    the tagger looks their weights up once per value. The definition, as training reads it; the
    tagger reckons the same values for many sentences at once (:class:`ContextCodes`)."""
    n = len(words)
    facts = list(map(_verb_facts, lows, tags))
    cue = [f[0] for f in facts]
    classes = [f[2] for f in facts]
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
    verb_left, verb_right = _distances([f[1] is not None for f in facts])
    any_cue = str(any(cue)) + str("according" in lows)
    return [((quoted[i], has_quote, _bucket(left[i]), _bucket(right[i]), any_cue,
              "first" if i == 0 else "last" if i == n - 1 else "mid",
              str(i > 0 and cue[i - 1]), str(i + 1 < n and cue[i + 1])),
             (_bucket(verb_left[i]), _bucket(verb_right[i]),
              str(left[i] is not None and commas[i] - commas[i - left[i]] > 0),
              str(right[i] is not None and commas[i + right[i]] - commas[i] > 0),
              _bucket(n - 1 - i), classes[i - 1] if i else "<s>"))
            for i in range(n)]


_BUCKET_NAMES = ("none", "0", "1", "2", "3-5", "6-10", "far")
# bucket number of a distance 0, 1, 2, … 11 and farther (-1, none, is bucket 0)
_BUCKET_OF = np.array([1, 2, 3, 4, 4, 4, 5, 5, 5, 5, 5, 6], dtype=np.int64)
# the fields of a context value, each with how many values it takes (the last: classes of verbs)
_FIELDS = (3, 2, 7, 7, 4, 3, 2, 2, 7, 7, 2, 2, 7, 256)


class ContextCodes:
    """:func:`context_keys` for the tokens of many sentences at once, in numpy: each token's context
    value as one integer (its fields in mixed radix, :data:`_FIELDS`), and back (:meth:`key`)."""

    def __init__(self) -> None:
        self.classes: dict[str, int] = {"<s>": 0}     # a class of verbs (as verb_class names it) -> number
        self.class_names = ["<s>"]

    def codes(self, sentences: Sequence[tuple[Sequence[str], Sequence[str], Sequence[str]]]) -> np.ndarray:
        lengths = np.array([len(words) for words, _, _ in sentences], dtype=np.int64)
        n = int(lengths.sum())
        if not n:
            return np.zeros(0, dtype=np.int64)
        words = [w for sentence in sentences for w in sentence[0]]
        lows = [w for sentence in sentences for w in sentence[1]]
        facts = list(map(_verb_facts, lows, [t for sentence in sentences for t in sentence[2]]))
        cues, verbs, names = [f[0] for f in facts], [f[1] is not None for f in facts], [f[2] for f in facts]
        number = self.classes
        classes = list(map(number.get, names))
        if None in classes:
            new = list(dict.fromkeys(name for name in names if name not in number))
            if len(self.class_names) + len(new) > _FIELDS[-1]:
                raise ValueError("more classes of verbs than a context code holds")
            for name in new:
                number[name] = len(self.class_names)
                self.class_names.append(name)
            classes = list(map(number.get, names))
        cue = np.array(cues, dtype=bool)
        verb = np.array(verbs, dtype=bool)
        classes = np.array(classes, dtype=np.int64)
        mark = np.array(list(map(QUOTE_MARKS.__contains__, words)), dtype=bool)
        comma = np.array(list(map(",".__eq__, words)), dtype=np.int64)
        according = np.array(list(map("according".__eq__, lows)), dtype=bool)

        first = np.zeros(len(lengths), dtype=np.int64)
        first[1:] = np.cumsum(lengths)[:-1]
        nonempty = lengths > 0
        start = np.repeat(first, lengths)
        end = start + np.repeat(lengths, lengths)
        at = np.arange(n, dtype=np.int64)

        def per_sentence(flags: np.ndarray) -> np.ndarray:
            """Whether any token of the token's sentence is flagged."""
            counts = np.zeros(len(lengths), dtype=np.int64)
            counts[nonempty] = np.add.reduceat(flags.astype(np.int64), first[nonempty])
            return np.repeat(counts > 0, lengths)

        def before(flags: np.ndarray) -> np.ndarray:
            """How far back the nearest flagged token of the same sentence is (-1: none)."""
            last = np.maximum.accumulate(np.where(flags, at, -1))
            last = np.concatenate([[-1], last[:-1]])
            return np.where(last >= start, at - last, -1)

        def after(flags: np.ndarray) -> np.ndarray:
            """How far ahead the nearest flagged token of the same sentence is (-1: none)."""
            nxt = np.minimum.accumulate(np.where(flags, at, n)[::-1])[::-1]
            nxt = np.concatenate([nxt[1:], [n]])
            return np.where(nxt < end, nxt - at, -1)

        def bucket(distance: np.ndarray) -> np.ndarray:
            return np.where(distance < 0, 0, _BUCKET_OF[np.clip(distance, 0, len(_BUCKET_OF) - 1)])

        marks = np.cumsum(mark) - mark                 # marks before each token …
        marks = marks - np.repeat(marks[np.minimum(first, n - 1)], lengths)    # … within its sentence
        quoted = np.where(mark, 2, marks % 2)          # out 0, in 1, a mark 2
        left, right = before(cue), after(cue)
        verb_left, verb_right = before(verb), after(verb)
        commas = np.concatenate([[0], np.cumsum(comma)])   # commas before each token (and after the last)
        comma_left = (left > 0) & (commas[at] - commas[np.maximum(at - left, 0)] > 0)
        comma_right = (right > 0) & (commas[np.minimum(at + right, n)] - commas[at] > 0)
        place = np.where(at == start, 0, np.where(at == end - 1, 1, 2))   # first, last, mid
        cue_before = (at > start) & np.concatenate([[False], cue[:-1]])
        cue_after = (at + 1 < end) & np.concatenate([cue[1:], [False]])
        class_before = np.where(at > start, np.concatenate([[0], classes[:-1]]), 0)
        fields = (quoted, per_sentence(mark), bucket(left), bucket(right),
                  2 * per_sentence(cue) + per_sentence(according), place, cue_before, cue_after,
                  bucket(verb_left), bucket(verb_right), comma_left, comma_right, bucket(end - 1 - at), class_before)
        code = np.zeros(n, dtype=np.int64)
        for field, size in zip(fields, _FIELDS, strict=True):
            code = code * size + field
        return code

    def key(self, code: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The :func:`context_keys` value a code stands for."""
        fields = []
        for size in reversed(_FIELDS):
            code, field = divmod(code, size)
            fields.append(field)
        (quoted, has_quote, left, right, any_cue, place, cue_before, cue_after, verb_left, verb_right,
         comma_left, comma_right, end, class_before) = reversed(fields)
        return ((("out", "in", "m")[quoted], str(bool(has_quote)), _BUCKET_NAMES[left], _BUCKET_NAMES[right],
                 str(bool(any_cue & 2)) + str(bool(any_cue & 1)), ("first", "last", "mid")[place],
                 str(bool(cue_before)), str(bool(cue_after))),
                (_BUCKET_NAMES[verb_left], _BUCKET_NAMES[verb_right], str(bool(comma_left)), str(bool(comma_right)),
                 _BUCKET_NAMES[end], self.class_names[class_before]))


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


def _near_word_names(word: str) -> tuple[str, ...]:
    """What :func:`neighbour_features` says of a word as the word before, after, two before, two after."""
    return "w-1=" + word, "w+1=" + word, "w-2=" + word, "w+2=" + word


_BEFORE = ("<s>", *TAGS)


def _word_names(word: str) -> tuple[str, ...]:
    """:func:`_near_word_names`, then the word's "t1w=" feature after each tag (and after "<s>")."""
    return (*_near_word_names(word), *("t1w=" + before + word for before in _BEFORE))


def _near_tag_names(tag: str) -> tuple[str, ...]:
    """The same of a part-of-speech tag."""
    return "p-1=" + tag, "p+1=" + tag, "p-2=" + tag, "p+2=" + tag


def _own_names(key: tuple[str, str]) -> tuple[str, ...]:
    """:func:`own_features` of a word and its tag (``key``: (word, tag)), in one tuple."""
    a, b, c = own_features(*key)
    return a + b + c


def _context_names(key: tuple[tuple[str, ...], tuple[str, ...]]) -> list[str]:
    """:func:`quote_features` and :func:`verb_features` of a token's :func:`context_keys`."""
    return quote_features(key[0]) + verb_features(key[1])


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


class _Neighbours:
    """What each word (or tag) says as the token before, after, two before and two after another
    (and what else ``features`` names), as weight rows: a table by the word's number ("<s>" is 0,
    "</s>" 1; the others numbered as first seen)."""

    def __init__(self, row: dict[str, int], features: Callable[[str], tuple[str, ...]]):
        self.row, self.features = row, features
        self.clear()

    def clear(self) -> None:
        self.index: dict[str, int] = {}
        self.names: list[str] = []               # the words by number
        self._new: list[tuple[int, ...]] = []    # rows of the words not yet in the table
        self._table = np.zeros((64, len(self.features(""))), dtype=np.intp)
        for pad in ("<s>", "</s>"):
            self.word_id(pad)

    def word_id(self, word: str) -> int:
        found = self.index.get(word)
        if found is None:
            found = self.index[word] = len(self.names)
            unknown = len(self.row)
            self._new.append(tuple(self.row.get(f, unknown) for f in self.features(word)))
            self.names.append(word)
        return found

    def word_ids(self, words: Sequence[str]) -> list[int]:
        found = list(map(self.index.get, words))
        if None in found:
            found = [self.word_id(w) if k is None else k for k, w in zip(found, words, strict=True)]
        return found

    def table(self) -> np.ndarray:
        """The rows of every word seen, by its number."""
        if self._new:
            first, end = len(self.names) - len(self._new), len(self.names)
            if end > len(self._table):
                grown = np.zeros((max(end, 2 * len(self._table)), self._table.shape[1]), dtype=np.intp)
                grown[:first] = self._table[:first]
                self._table = grown
            self._table[first:end] = self._new
            self._new = []
        return self._table


class StatementTagger:
    def __init__(self, names: list[str], matrix: np.ndarray, calibration: dict[str, float]):
        """``matrix``: a row of weights (one per tag) for each feature in ``names``."""
        self.names, self.calibration = names, calibration
        self._row = {f: k for k, f in enumerate(names)}
        self._first_sum = len(names) + 1         # rows after the features' and the unknown one: sums
        # weights in thousandths: training rounds them to three decimals, so every sum of them is an
        # exact integer whatever the order of adding (the tags and margins depend on no rounding)
        self._matrix = np.vstack([np.round(matrix * SCALE), np.zeros((1 + _SUM_ROWS, len(TAGS)))])
        self._used = self._first_sum
        self._dynamic = {f: tuple(self._matrix[k].tolist()) for f, k in self._row.items() if f.startswith(_TAG_PREFIXES)}
        self._owns: dict[tuple[str, str], int] = {}       # a word with its tag -> the row of its features' sum
        self._contexts: dict[int, int] = {}              # a context value's code -> the same
        self._codes = ContextCodes()
        self._near = _Neighbours(self._row, _word_names)
        self._tags = _Neighbours(self._row, _near_tag_names)
        self._word_pairs = pair_rows(self._row, "ww=")    # (word before, word) -> its row
        self._pairs: tuple[np.ndarray, np.ndarray] = (np.zeros((0, 0), dtype=np.intp),) * 2
        self._lock = threading.Lock()

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
        return self.tag_sentences([(words, lows, tags)])[0]

    def tag_sentences(self, sentences: Sequence[tuple[Sequence[str], Sequence[str], Sequence[str]]]
                      ) -> list[list[tuple[str, float]]]:
        """A (tag, margin) for every token of each sentence (words, lower-case words, part-of-speech
        tags), as a greedy left-to-right pass over each sentence gives them.

        The tag-free features of many sentences are summed in one numpy call (:meth:`rows`). Most
        tokens follow two tags of a few kinds (:data:`COMMON_STATES`: inside a content after inside
        a content, outside after outside, a sentence's start): for those, every token's best tag and
        margin are reckoned at once in numpy, and the pass looks them up; only the other tokens are
        scored one by one."""
        out: list[list[tuple[str, float]]] = []
        for chunk in batches(sentences, lambda sentence: len(sentence[0]), _CHUNK_TOKENS):
            if not any(words for words, _, _ in chunk):
                out += [[] for _ in chunk]
                continue
            with self._lock:             # the memos and the matrix of sums are shared by every thread
                ids, numbers = self.rows(chunk)
                static = self._matrix.take(ids, 0).sum(1)
                after = self._near.table()[numbers]                # each token's "t1w=" rows by the tag before
                common = [self._best(static, state, after) for state in COMMON_STATES]
            at = 0
            for words, lows, _ in chunk:
                out.append(self._decode(static, at, len(words), lows, common))
                at += len(words)
        return out

    def _best(self, static: np.ndarray, state: tuple[str, str], after: np.ndarray) -> tuple[list[int], list[float]]:
        """Every token's best tag and margin if the two tags before it were ``state``, as
        :meth:`_decode` reckons them (the sums are exact, so the order of adding does not matter)."""
        prev2, prev = state
        row, unknown = self._row, len(self._row)
        scores = static + self._matrix[row.get("t1=" + prev, unknown)]
        scores += self._matrix[row.get("t2=" + prev2 + prev, unknown)]
        scores += self._matrix.take(after[:, 4 + _BEFORE.index(prev)], 0)
        best = scores.argmax(1)
        every = np.arange(len(scores))
        top = scores[every, best]
        scores[every, best] = -math.inf
        return best.tolist(), ((top - scores.max(1)) / SCALE).tolist()

    def _decode(self, static: np.ndarray, at: int, n: int, lows: Sequence[str],
                common: list[tuple[list[int], list[float]]]) -> list[tuple[str, float]]:
        """Greedy left to right over one sentence (tokens ``at`` to ``at + n`` of ``static``, the
        tag-free sums): each token's sum plus the weights of the two tags before it."""
        dynamic, zero = self._dynamic, (0.0,) * len(TAGS)
        known = _COMMON_INDEX
        out: list[tuple[str, float]] = []
        prev = prev2 = "<s>"
        for i in range(n):
            j = known.get((prev2, prev))
            if j is not None:
                k, margin = common[j][0][at + i], common[j][1][at + i]
            else:
                f1, f2, f3 = tag_features(prev, prev2, lows[i])
                scores = [a + b + c + d for a, b, c, d in zip(static[at + i].tolist(), dynamic.get(f1, zero),
                                                              dynamic.get(f2, zero), dynamic.get(f3, zero), strict=True)]
                best = max(scores)
                k = scores.index(best)
                scores[k] = -math.inf
                margin = (best - max(scores)) / SCALE
            out.append((TAGS[k], margin))
            prev2, prev = prev, TAGS[k]
        return out

    def rows(self, sentences: Sequence[tuple[Sequence[str], Sequence[str], Sequence[str]]]
             ) -> tuple[np.ndarray, np.ndarray]:
        """For every token of the sentences in order, 13 rows of the weight
        matrix whose sum is the sum of the rows of all its :func:`sentence_features`, and the number
        of its word in the table of words (whose columns after the four neighbour rows are the rows
        of the word's "t1w=" features after each tag). Called with the tagger's lock held.

        A word's own features with its tag, and its context value (:func:`context_keys`, reckoned
        for all tokens at once by :class:`ContextCodes`) are each summed once per distinct value into
        a row of their own (kept while the memo is not full);
        what a word or a tag says as a neighbour is looked up once per word or tag, and the
        neighbours' rows are taken for all tokens at once."""
        if len(self._owns) + len(self._contexts) + len(self._near.names) > _MEMO_LIMIT:
            self._forget()
        try:
            return self._rows(sentences)
        except BaseException:
            self._forget()               # memo entries may name sums never written
            raise

    def _forget(self) -> None:
        """Forget the remembered sums and words (the memo is full, or was left half-made)."""
        self._owns.clear()
        self._contexts.clear()
        self._near.clear()
        self._used = self._first_sum

    def _rows(self, sentences: Sequence[tuple[Sequence[str], Sequence[str], Sequence[str]]]
              ) -> tuple[np.ndarray, np.ndarray]:
        row, unknown = self._row, len(self._row)
        owns, contexts, near = self._owns, self._contexts, self._near
        pending: list[int] = []                  # the rows of the sums first seen in these sentences
        starts: list[int] = []

        def summed(memo: dict, key, names: Sequence[str]) -> int:
            found = memo[key] = self._used + len(starts)
            starts.append(len(pending))
            pending.extend(row.get(f, unknown) for f in names)
            return found

        def own_row(key: tuple[str, str]) -> int:
            found = owns.get(key)             # a word seen twice in one sentence: summed once
            return found if found is not None else summed(owns, key, _own_names(key))

        word_ids, tag_ids = near.word_ids, self._tags.word_ids
        own: list[int] = []
        pairs: list[int] = []
        padded_words: list[int] = []
        padded_tags: list[int] = []
        at: list[int] = []
        for words, lows, tags in sentences:
            first = len(padded_words) + 2
            at += range(first, first + len(words))
            padded_words += (0, 0, *word_ids(lows), 1, 1)
            padded_tags += (0, 0, *tag_ids(tags), 1, 1)
            keys = list(zip(words, tags, strict=True))
            found = list(map(owns.get, keys))
            if None in found:
                found = [own_row(key) if k is None else k for k, key in zip(found, keys, strict=True)]
            own += found
            pairs += map(self._word_pairs.get, zip(("<s>", *lows)[:len(lows)], lows, strict=True), repeat(unknown))
        codes, where = np.unique(self._codes.codes(sentences), return_inverse=True)
        rows = [contexts.get(code) for code in codes.tolist()]
        for k, code in enumerate(codes.tolist()):
            if rows[k] is None:
                rows[k] = summed(contexts, code, _context_names(self._codes.key(code)))
        context = np.array(rows, dtype=np.intp)[where] if rows else np.zeros(0, dtype=np.intp)
        if starts:
            self._add_sums(np.add.reduceat(self._matrix.take(pending, 0), starts, axis=0))
        index = np.array(at, dtype=np.intp)
        numbers = np.array(padded_words, dtype=np.intp)
        w = near.table()[numbers]
        tag_numbers = np.array(padded_tags, dtype=np.intp)
        t = self._tags.table()[tag_numbers]
        before, here, after = tag_numbers[index - 1], tag_numbers[index], tag_numbers[index + 1]
        tag_pairs = self._tag_pairs()
        ids = np.column_stack([
            own, w[index - 1, 0], w[index + 1, 1], w[index - 2, 2], w[index + 2, 3], pairs, context,
            t[index - 1, 0], t[index + 1, 1], t[index - 2, 2], t[index + 2, 3],
            tag_pairs[0][before, here], tag_pairs[1][here, after]])
        return ids, numbers[index]

    def _tag_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """The rows of "pp=" and "pn=" for every pair of tags seen so far, by the tags' numbers."""
        names = self._tags.names
        if len(self._pairs[0]) != len(names):
            row, unknown = self._row, len(self._row)
            self._pairs = tuple(np.array([[row.get(prefix + a + "|" + b, unknown) for b in names] for a in names],
                                         dtype=np.intp) for prefix in ("pp=", "pn="))
        return self._pairs

    def _add_sums(self, sums: np.ndarray) -> None:
        """Rows of new sums after those already kept, the matrix grown when full."""
        end = self._used + len(sums)
        if end > len(self._matrix):
            grown = np.zeros((max(end, 2 * len(self._matrix) - self._first_sum), len(TAGS)))
            grown[:self._used] = self._matrix[:self._used]
            self._matrix = grown
        self._matrix[self._used:end] = sums
        self._used = end

    def confidence(self, item: Tagged) -> float:
        z = sum(self.calibration.get(f, 0.0) for f in item.calibration_features())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def find(self, text: str, sentences: Iterable[Span],
             parsed: dict[Span, tuple[list[Tok], list[str]]] | None = None) -> list[tuple[Tagged, float]]:
        """Every statement the tagger finds, with its confidence, in text order; each sentence's
        tokens and part-of-speech tags are added to ``parsed`` when given (for
        :func:`reader.nlp.reported.find_reported`)."""
        spans, toks, words = [], [], []
        for s, e in sentences:
            found = tokens(text, s, e)
            if found:
                spans.append((s, e))
                toks.append(found)
                words.append([t.text for t in found])
        tags = pos_tagger().tag_sentences(words)
        if parsed is not None:
            parsed.update(zip(spans, zip(toks, tags, strict=True), strict=True))
        tagged = self.tag_sentences([(w, [x.lower() for x in w], t) for w, t in zip(words, tags, strict=True)])
        out = []
        for sentence_toks, sentence_tags, sentence in zip(toks, tags, tagged, strict=True):
            out += [(item, self.confidence(item)) for item in assemble(sentence_toks, sentence, sentence_tags)]
        return out

    def to_json(self) -> dict:
        """The feature names, then the non-zero weights as three flat lists (row, tag, value): a
        megabyte-sized model loads in a fraction of the time nested objects take."""
        weights = self._matrix[:len(self.names)]
        rows, cols = np.nonzero(weights)
        return {"format": "stance-reader-statements/2", "tags": list(TAGS), "features": self.names,
                "rows": rows.tolist(), "cols": cols.tolist(), "values": (weights[rows, cols] / SCALE).tolist(),
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
    contents = _runs(tagged, "C")
    cues = _runs(tagged, "Q") if contents else []
    if not cues:
        return []                       # most sentences: no statement, the sources never looked for
    sources = _runs(tagged, "S")
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
