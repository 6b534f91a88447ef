"""Part-of-speech tags (Penn Treebank: NN, VBD, JJ, …) for the tokens of :func:`reader.nlp.cues.tokens`.

An averaged perceptron whose features look only at the words around a token (the word, its suffixes
and shape, two words either side), never at earlier tags: so a token's tag does not depend on the
order of tagging, and many sentences are tagged in one numpy call (:meth:`PosTagger.tag_sentences`).
Trained by :mod:`reader.training.pos` on the GUM documents whose licence allows it
(``resources/nlp/pos-tagger.json.gz``, with its source and licence inside). Tagging costs about two
microseconds a token.
"""
from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from itertools import repeat
from typing import TypeVar

import numpy as np

from ..resources import resource_path

MODEL_FILE = ("nlp", "pos-tagger.json.gz")
T = TypeVar("T")
_PAD = "<s>"
_END = "</s>"

NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
FINITE_TAGS = frozenset({"VBD", "VBP", "VBZ", "MD"})
PAST_OR_PRESENT_TAGS = frozenset({"VBD", "VBP", "VBZ"})     # a verb with a subject of its own
# a noun phrase can open with these (an object of "criticized", "proposed", "ignored")
NP_START_TAGS = frozenset({"DT", "PDT", "PRP$", "PRP", "JJ", "JJR", "JJS", "CD", "NN", "NNS", "NNP", "NNPS",
                           "VBG", "WP$", "EX"})


@lru_cache(maxsize=1 << 16)
def shape(word: str) -> str:
    """Xx, x, X, d (digits), or p (anything else), squeezed: "McCain" -> "XxXx", "2016" -> "d"."""
    out = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else "p"
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out[:4])


def own_features(low: str, lexicon: dict[str, str]) -> list[str]:
    """The features of a word alone (the same wherever it stands): the word, its suffixes and
    prefix, and the parts of speech WordNet allows it. The tagger looks their weights up once per word."""
    return ["w=" + low, "s3=" + low[-3:], "s2=" + low[-2:], "s1=" + low[-1:], "p2=" + low[:2],
            "wn=" + lexicon.get(low, "-")]


def context_features(words: Sequence[str], i: int, lows: Sequence[str], lexicon: dict[str, str]) -> list[str]:
    """The features of token ``i`` that look at its shape and at the words around it."""
    n = len(words)
    low = lows[i]
    prev = lows[i - 1] if i > 0 else _PAD
    prev2 = lows[i - 2] if i > 1 else _PAD
    nxt = lows[i + 1] if i + 1 < n else _END
    nxt2 = lows[i + 2] if i + 2 < n else _END
    return [
        "b", "sh=" + shape(words[i]) + ("^" if i == 0 else ""), "w-1=" + prev, "w+1=" + nxt, "w-2=" + prev2,
        "w+2=" + nxt2, "s-1=" + prev[-3:], "s+1=" + nxt[-3:], "w-1w=" + prev + "|" + low, "ww+1=" + low + "|" + nxt,
        "sh-1=" + (shape(words[i - 1]) if i > 0 else _PAD), "sh+1=" + (shape(words[i + 1]) if i + 1 < n else _END),
        "wn-1=" + lexicon.get(prev, "-"), "wn+1=" + lexicon.get(nxt, "-"),
        "wn|w-1=" + lexicon.get(low, "-") + "|" + prev,
    ]


def features(words: Sequence[str], i: int, lows: Sequence[str] | None = None,
             lexicon: dict[str, str] | None = None) -> list[str]:
    """The features of token ``i``: built from words only, the same at training and at run time
    (``lows``: the words in lower case, when the caller has them; ``lexicon``: word -> the parts of
    speech WordNet allows it, e.g. "nv" for "plan", so that a verb rare in the training text
    ("grew") is still known to be one)."""
    if lows is None:
        lows = [w.lower() for w in words]
    lexicon = lexicon or {}
    return own_features(lows[i], lexicon) + context_features(words, i, lows, lexicon)


def pair_rows(row: dict[str, int], prefix: str) -> dict[tuple[str, str], int]:
    """The rows of the features named ``prefix + a + "|" + b``, by (a, b): every way of cutting the
    name at a "|" is a key, so that looking up (a, b) finds exactly what looking up the joined
    name would."""
    out: dict[tuple[str, str], int] = {}
    for name, k in row.items():
        if name.startswith(prefix):
            rest = name[len(prefix):]
            cut = rest.find("|")
            while cut >= 0:
                out[rest[:cut], rest[cut + 1:]] = k
                cut = rest.find("|", cut + 1)
    return out


def batches(items: Sequence[T], size: Callable[[T], int], limit: int) -> Iterator[list[T]]:
    """Runs of consecutive ``items`` whose sizes add up to at most ``limit`` (an item bigger than
    ``limit`` is a run of its own)."""
    run: list[T] = []
    total = 0
    for item in items:
        n = size(item)
        if run and total + n > limit:
            yield run
            run, total = [], 0
        run.append(item)
        total += n
    if run:
        yield run


OWN_MEMO = 50_000          # words whose own weight rows are remembered
FEATURE_COUNT = len(features(["x"], 0))
ROWS_PER_TOKEN = 14        # see PosTagger.rows
_CHUNK_TOKENS = 1 << 13    # tokens whose rows are summed in one numpy call


class PosTagger:
    """Tags a sentence's words at once: the rows of their features summed, the best column taken."""

    def __init__(self, tags: list[str], weights: dict[str, dict[str, float]], lexicon: dict[str, str] | None = None):
        self.tags = tags
        self.lexicon = lexicon or {}
        self.row = {f: k for k, f in enumerate(weights)}
        matrix = np.zeros((len(weights) + 1, len(tags)), dtype=np.float32)   # the last row: unknown features
        for f, ws in weights.items():
            r = self.row[f]
            for t, v in ws.items():
                matrix[r, int(t)] = v
        self.matrix = matrix
        self.unknown = len(weights)
        self._own: dict[str, list[int]] = {}
        self._near: dict[str, tuple[int, ...]] = {}
        get = self.row.get
        self._pad_rows = tuple(tuple(get(f, self.unknown) for f in names) for names in (
            ("w-1=" + _PAD, "s-1=" + _PAD[-3:], "sh-1=" + _PAD, "wn-1=-", "", "", "", "", "w-2=" + _PAD, ""),
            ("", "", "", "", "w+1=" + _END, "s+1=" + _END[-3:], "sh+1=" + _END, "wn+1=-", "", "w+2=" + _END)))
        self._lock = threading.Lock()
        self._clear()
        # the rows of the features of pairs of words, by the pair: looked up without joining strings
        self._before_low = pair_rows(self.row, "w-1w=")
        self._low_after = pair_rows(self.row, "ww+1=")
        self._class_before = pair_rows(self.row, "wn|w-1=")

    def tag_one(self, words: Sequence[str], i: int, lows: Sequence[str] | None = None) -> str:
        if lows is None:
            lows = [w.lower() for w in words]
        row, unknown = self.row, self.unknown
        index = self._own_rows(lows[i]) + [row.get(f, unknown) for f in context_features(words, i, lows, self.lexicon)]
        return self.tags[int(self.matrix.take(index, 0).sum(0).argmax())]   # take: a third of indexing's cost

    def _neighbour_rows(self, word: str) -> tuple[int, ...]:
        """The weight rows of what :func:`context_features` says of ``word`` as a neighbour: w-1, s-1,
        sh-1, wn-1, then the same as the next word, then w-2 and w+2; and its own shape, as a sentence's
        later and first word (a bounded memo)."""
        found = self._near.get(word)
        if found is None:
            if len(self._near) >= OWN_MEMO:
                self._near.clear()
            low, get, unknown = word.lower(), self.row.get, self.unknown
            s3, sh, wn = low[-3:], shape(word), self.lexicon.get(low, "-")
            found = self._near[word] = tuple(get(f, unknown) for f in (
                "w-1=" + low, "s-1=" + s3, "sh-1=" + sh, "wn-1=" + wn, "w+1=" + low, "s+1=" + s3, "sh+1=" + sh,
                "wn+1=" + wn, "w-2=" + low, "w+2=" + low, "sh=" + sh, "sh=" + sh + "^"))
        return found

    def _own_rows(self, low: str) -> list[int]:
        """The weight rows of a word's own features, looked up once per word (a bounded memo)."""
        found = self._own.get(low)
        if found is None:
            if len(self._own) >= OWN_MEMO:
                self._own.clear()
            row, unknown = self.row, self.unknown
            found = self._own[low] = [row.get(f, unknown) for f in own_features(low, self.lexicon)]
        return found

    def tag(self, words: Sequence[str]) -> list[str]:
        return self.tag_sentences([words])[0]

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """The tags of the words of each sentence: the rows of many sentences summed at once."""
        out: list[list[str]] = []
        for chunk in batches(sentences, len, _CHUNK_TOKENS):
            if not any(chunk):
                out += [[] for _ in chunk]
                continue
            with self._lock:             # the memo and the matrix of sums are shared by every thread
                rows = self.rows(chunk)
                # the rows added one after another, as a sum along the middle axis does: the same
                # float32 sums in the same order as adding every feature's row one by one
                best = self.matrix.take(rows, 0).sum(axis=1).argmax(axis=1).tolist()
            at = 0
            for words in chunk:
                out.append([self.tags[j] for j in best[at:at + len(words)]])
                at += len(words)
        return out

    def rows(self, sentences: Sequence[Sequence[str]]) -> np.ndarray:
        """For every token of the sentences in order, :data:`ROWS_PER_TOKEN` weight rows whose sum,
        row after row, is the sum of the rows of :func:`features` in their order: the first a row
        holding the sum of the word's own features, the bias and its shape (kept per word); then
        what the words around it say as neighbours, taken from a table of words for all tokens at
        once; the pairs of words are looked up token by token. Called with the tagger's lock held
        (:attr:`matrix` grows as sums are added)."""
        if len(self._sums) + len(self._numbers) >= OWN_MEMO:
            self._clear()
        try:
            return self._rows(sentences)
        except BaseException:
            self._clear()                # memo entries may name sums never written
            raise

    def _rows(self, sentences: Sequence[Sequence[str]]) -> np.ndarray:
        unknown, lexicon = self.unknown, self.lexicon
        numbers, sums = self._numbers, self._sums
        new: list[tuple[int, ...]] = []
        padded: list[int] = []
        at: list[int] = []
        first_rows: list[int] = []
        pairs: tuple[list[int], list[int], list[int]] = ([], [], [])
        for words in sentences:
            first = len(padded) + 2
            at += range(first, first + len(words))
            found = list(map(numbers.get, words))
            if None in found:
                found = [self._number(w) if k is None else k for k, w in zip(found, words, strict=True)]
            padded += (0, 0, *found, 1, 1)
            keys = [(words[0], True), *zip(words[1:], repeat(False))] if words else []
            found = list(map(sums.get, keys))
            if None in found:
                found = [self._own_sum(key, new) if k is None else k for k, key in zip(found, keys, strict=True)]
            first_rows += found
            lows = [w.lower() for w in words]
            befores = (_PAD, *lows)[:len(lows)]
            pairs[0].extend(map(self._before_low.get, zip(befores, lows, strict=True), repeat(unknown)))
            pairs[1].extend(map(self._low_after.get, zip(lows, (*lows[1:], _END)[:len(lows)], strict=True), repeat(unknown)))
            pairs[2].extend(map(self._class_before.get, zip(map(lexicon.get, lows, repeat("-")), befores, strict=True),
                                repeat(unknown)))
        if new:
            self._add_sums(new)
        index = np.array(at, dtype=np.intp)
        near = self._table()[np.array(padded, dtype=np.intp)]
        prev, nxt = near[index - 1], near[index + 1]
        return np.column_stack([first_rows, prev[:, 0], nxt[:, 4], near[index - 2, 8], near[index + 2, 9],
                                prev[:, 1], nxt[:, 5], pairs[0], pairs[1], prev[:, 2], nxt[:, 6],
                                prev[:, 3], nxt[:, 7], pairs[2]])

    def _clear(self) -> None:
        """Forget the words' numbers and sums (the memo is full)."""
        self._numbers: dict[str, int] = {}        # a word -> its row of the table (0 and 1: "<s>", "</s>")
        self._near_rows = [self._pad_rows[0] + (self.unknown,) * 2, self._pad_rows[1] + (self.unknown,) * 2]
        self._near_table = np.array(self._near_rows, dtype=np.intp)
        self._near_filled = len(self._near_rows)    # rows of the table written
        self._sums = {}
        self._used = self.unknown + 1

    def _number(self, word: str) -> int:
        found = self._numbers.get(word)             # a word seen twice in one sentence: numbered once
        if found is None:
            found = self._numbers[word] = len(self._near_rows)
            self._near_rows.append(self._neighbour_rows(word))
        return found

    def _table(self) -> np.ndarray:
        """The neighbour rows of every word numbered so far, by number (grown by doubling)."""
        have, need = self._near_filled, len(self._near_rows)
        if have != need:
            if need > len(self._near_table):
                grown = np.zeros((max(need, 2 * len(self._near_table)), self._near_table.shape[1]), dtype=np.intp)
                grown[:have] = self._near_table[:have]
                self._near_table = grown
            self._near_table[have:need] = self._near_rows[have:need]
            self._near_filled = need
        return self._near_table

    def _own_sum(self, key: tuple[str, bool], new: list[tuple[int, ...]]) -> int:
        """The row that will hold the sum of a word's own rows, the bias and its shape (``key``: the
        word, and whether it opens its sentence)."""
        found = self._sums.get(key)                 # a word seen twice in one sentence: summed once
        if found is not None:
            return found
        word, first = key
        shape_row = self._neighbour_rows(word)[11 if first else 10]
        found = self._sums[key] = self._used + len(new)
        new.append((*self._own_rows(word.lower()), self.row.get("b", self.unknown), shape_row))
        return found

    def _add_sums(self, new: list[tuple[int, ...]]) -> None:
        """Rows for the sums of ``new`` (tuples of rows of the same length), added one row after
        another in float32 as :meth:`tag_sentences` adds them."""
        parts = np.array(new, dtype=np.intp)
        total = self.matrix[parts[:, 0]]
        for j in range(1, parts.shape[1]):
            total += self.matrix[parts[:, j]]
        end = self._used + len(new)
        if end > len(self.matrix):
            grown = np.zeros((max(end, len(self.matrix) + 2 * len(new) + 4096), len(self.tags)), dtype=np.float32)
            grown[:self._used] = self.matrix[:self._used]
            self.matrix = grown
        self.matrix[self._used:end] = total
        self._used = end


@lru_cache(maxsize=1)
def tagger() -> PosTagger:
    data = json.loads(gzip.decompress(resource_path(*MODEL_FILE).read_bytes()).decode("utf-8"))
    return PosTagger(data["tags"], data["weights"], data.get("lexicon"))


class TaggedTokens(list):
    """The tokens (:class:`reader.nlp.cues.Tok`) of one sentence, each tagged when first asked for:
    a rule that looks at three tokens of a sentence pays for three."""

    def __init__(self, toks, tags: Sequence[str] | None = None):
        """``tags``: the sentence's tags when already known (:meth:`PosTagger.tag` of the same words)."""
        super().__init__(toks)
        self._words: list[str] | None = None
        self._lows: list[str] = []
        self._tags: dict[int, str] = dict(enumerate(tags)) if tags is not None else {}

    def tag(self, i: int) -> str:
        found = self._tags.get(i)
        if found is None:
            if self._words is None:
                self._words = [t.text for t in self]
                self._lows = [w.lower() for w in self._words]
            found = self._tags[i] = tagger().tag_one(self._words, i, self._lows)
        return found


# Tags of words that are never a noun phrase's head: prepositions, conjunctions, adverbs.
FUNCTION_TAGS = frozenset({"IN", "CC", "RB", "RBR", "RBS", "WRB", "UH"})


def tag_of(toks, i: int) -> str:
    """The tag of token ``i`` of a sentence: from its :class:`TaggedTokens`, or tagged on the spot."""
    if isinstance(toks, TaggedTokens):
        return toks.tag(i)
    return tagger().tag_one([t.text for t in toks], i)


def can_be(word: str, reading: str) -> bool:
    """WordNet allows ``word`` the reading "n", "v", "a" or "r". A word the lexicon does not hold has
    no verb, adjective or adverb reading there (it is a noun, a name or a function word)."""
    found = tagger().lexicon.get(word.lower())
    return reading == "n" if found is None else reading in found


def is_adverb(toks, i: int) -> bool:
    """Token ``i`` is tagged RB. Asked only of words WordNet gives an adverb reading, so most
    tokens cost no tagging ("officials" never is one)."""
    return can_be(toks[i].text, "r") and tag_of(toks, i) == "RB"


def pos_tags(words: Sequence[str]) -> list[str]:
    """The Penn Treebank tag of each word of one sentence."""
    return tagger().tag(words)
