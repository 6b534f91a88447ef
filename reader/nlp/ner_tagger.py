"""A greedy left-to-right averaged perceptron over BIO entity tags (B-PER, I-ORG, … and O), run
twice: the second pass also sees how the first typed the same words elsewhere in the document
(:func:`reader.nlp.ner_features.doc_hints`), so one name keeps one type through an article.

The parameters are plain JSON (``resources/nlp/entities.json.gz``): the tag list, the name
lists (places, first names, surnames) and, for each feature, its non-zero weights by tag index. :func:`train` builds them.

Tagging is the costliest step of the NLP pipeline, so inference is laid out for speed (the output is
the same as scoring every feature of every token one by one): only tokens that can be scored are
visited (capitalised ones, and connectors or numbers right after a name); the features that do not
depend on earlier tags are built once per token for both passes, and those of the word itself once
per word; their weights are rows of one matrix, summed for all capitalised tokens in one numpy call;
only the four tag features are looked up as a pass runs.
"""
from __future__ import annotations

import gzip
import json
import math
import random
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..resources import resource_path
from .ner_features import DocTokens, candidates, context_features, doc_hints, features, scored, word_features

MODEL_FILE = ("nlp", "entities.json.gz")
_TAG_FEATURES = ("t1=", "t2=", "t1s=", "t1w=")      # see ner_features.tag_features


class _StaticRows:
    """The weight-matrix rows of each token's tag-free features, computed when first needed and
    shared by both passes; the features of the word itself once per word."""

    def __init__(self, doc: DocTokens, row: dict[str, int]):
        self.doc, self.row = doc, row
        self.unknown = len(row)
        self.by_token: dict[int, list[int]] = {}
        self.by_word: dict[tuple[str, bool], list[int]] = {}
        self.candidates = candidates(doc)

    def ids(self, i: int) -> list[int]:
        got = self.by_token.get(i)
        if got is None:
            row, unknown, doc = self.row, self.unknown, self.doc
            key = (doc.words[i], doc.first[i])
            own = self.by_word.get(key)
            if own is None:
                own = self.by_word[key] = [row.get(f, unknown) for f in word_features(doc, i)]
            got = self.by_token[i] = own + [row.get(f, unknown) for f in context_features(doc, i)]
        return got


@dataclass
class TaggerModel:
    tags: list[str]
    weights: dict[str, dict[int, float]]
    lexicon: dict[str, frozenset[str]]      # place, male, female, surname, common: lower-case words
    second: TaggerModel | None = None       # the second pass (its own weights, same tags and lexicon)

    def __post_init__(self) -> None:
        self._matrix: np.ndarray | None = None      # the inference form, built by _prepare when first needed

    def _prepare(self) -> None:
        """The inference form: feature name -> row of a weight matrix (one index for both passes;
        the extra last row is all zeros, for features the model never saw); the tag features are
        also kept as tuples, looked up token by token as a pass runs."""
        if self._matrix is not None:
            return
        names = dict.fromkeys(self.weights)
        if self.second is not None:
            names.update(dict.fromkeys(self.second.weights))
        row = {f: k for k, f in enumerate(names)}
        if self.second is not None:
            self.second._compile(row)
        self._compile(row)

    def _compile(self, row: dict[str, int]) -> None:
        rows, cols, values = [], [], []
        for f, weights in self.weights.items():
            r = row[f]
            for k, v in weights.items():
                rows.append(r)
                cols.append(k)
                values.append(v)
        matrix = np.zeros((len(row) + 1, len(self.tags)))
        matrix[rows, cols] = values
        self._row = row
        self._dynamic = {f: tuple(matrix[row[f]].tolist()) for f in self.weights if f.startswith(_TAG_FEATURES)}
        self._matrix = matrix

    def tag(self, doc: DocTokens) -> list[tuple[str, float]]:
        """A (tag, margin) for every token of ``doc``."""
        self._prepare()
        static = _StaticRows(doc, self._row)
        first = self._pass(doc, static, None)
        if self.second is None:
            return first
        return self.second._pass(doc, static, doc_hints(doc, first))

    def tag_once(self, doc: DocTokens) -> list[tuple[str, float]]:
        """One greedy pass (features include ``doc.hints`` when set)."""
        self._prepare()
        return self._pass(doc, _StaticRows(doc, self._row), doc.hints)

    def _pass(self, doc: DocTokens, static: _StaticRows, hints: list[list[str]] | None) -> list[tuple[str, float]]:
        """One greedy pass; ``hints`` are the second pass's features."""
        tags, row, dynamic, matrix = self.tags, self._row, self._dynamic, self._matrix
        unknown = len(row)

        def ids(i: int) -> list[int]:
            return static.ids(i) + [row.get(f, unknown) for f in hints[i]] if hints is not None else static.ids(i)

        # capitalised tokens are always scored: their feature sums in one go
        batch = [i for i in static.candidates if doc.upper[i]]
        flat: list[int] = []
        starts: list[int] = []
        for i in batch:
            starts.append(len(flat))
            flat.extend(ids(i))
        sums = dict(zip(batch, np.add.reduceat(matrix[flat], starts, axis=0).tolist(), strict=True)) if batch else {}
        zero = (0.0,) * len(tags)
        shapes, lowers, first = doc.shapes, doc.lowers, doc.first
        pairs: dict[tuple[str, str], list[float]] = {}
        out: list[tuple[str, float]] = [("O", 1.0)] * len(lowers)      # tokens never scored stay outside
        for i in static.candidates:
            # the two tags before token i, "<s>" across the start of its sentence
            if first[i]:
                prev = prev2 = "<s>"
            else:
                prev = out[i - 1][0]
                prev2 = out[i - 2][0] if not first[i - 1] else "<s>"
            if not scored(doc, i, prev if prev != "<s>" else "O"):
                continue
            base = pairs.get((prev2, prev))
            if base is None:
                base = pairs[prev2, prev] = [a + b for a, b in zip(dynamic.get("t1=" + prev, zero),
                                                                  dynamic.get("t2=" + prev2 + prev, zero), strict=True)]
            own = sums.get(i)
            if own is None:
                own = matrix[ids(i)].sum(axis=0).tolist()
            scores = [a + b + c + d for a, b, c, d in zip(own, base,
                                                          dynamic.get("t1s=" + prev + shapes[i], zero),
                                                          dynamic.get("t1w=" + prev + lowers[i], zero), strict=True)]
            best = max(scores)
            k = scores.index(best)          # the first of equal scores, as a stable sort gives
            scores[k] = -math.inf
            out[i] = (tags[k], best - max(scores))
        return out

    def to_json(self) -> dict:
        data = {"format": "stance-reader-ner/2", "tags": self.tags,
                "lexicon": {k: sorted(v) for k, v in self.lexicon.items()},
                "weights": _weights_json(self.weights)}
        if self.second is not None:
            data["weights2"] = _weights_json(self.second.weights)
        return data

    @classmethod
    def from_json(cls, data: dict) -> TaggerModel:
        lexicon = {k: frozenset(v) for k, v in data.get("lexicon", {}).items()}
        second = cls(list(data["tags"]), _weights_from(data["weights2"]), lexicon) if "weights2" in data else None
        return cls(list(data["tags"]), _weights_from(data["weights"]), lexicon, second)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        # no timestamp in the gzip header: retraining the same model writes the same bytes
        path.write_bytes(gzip.compress(raw.encode("utf-8"), compresslevel=9, mtime=0))


def _weights_json(weights: dict[str, dict[int, float]]) -> dict:
    return {f: {str(k): v for k, v in row.items()} for f, row in weights.items()}


def _weights_from(data: dict) -> dict[str, dict[int, float]]:
    return {f: {int(k): v for k, v in row.items()} for f, row in data.items()}


def train_two_pass(examples: list[tuple[DocTokens, list[str]]], tags: list[str], lexicon: dict[str, frozenset[str]],
                   epochs: int = 8, seed: int = 7, runs: int = 1) -> TaggerModel:
    """Both passes. The second is trained on first-pass tags that a model trained on the other
    half of the documents gave (two-fold jackknife), so it learns how far to trust them on unseen text.
    Each pass averages ``runs`` perceptrons trained on different orders of the documents."""
    for doc, _ in examples:
        doc.hints = None
    seeds = [seed + 101 * r for r in range(runs)]
    # a document may be listed more than once (weighted): both copies go to the same half
    unique = list({id(doc): (doc, gold) for doc, gold in examples}.values())
    halves = [unique[0::2], unique[1::2]]
    hints: dict[int, list[list[str]]] = {}
    for k in (0, 1):
        if not halves[1 - k]:
            continue
        other = {id(doc) for doc, _ in halves[1 - k]}
        helper = train_averaged([e for e in examples if id(e[0]) in other], tags, lexicon, epochs=epochs, seeds=seeds)
        for doc, _ in halves[k]:
            hints[id(doc)] = doc_hints(doc, helper.tag_once(doc))
    first = train_averaged(examples, tags, lexicon, epochs=epochs, seeds=seeds)
    for doc, _ in examples:
        doc.hints = hints.get(id(doc)) or doc_hints(doc, first.tag_once(doc))
    try:
        second = train_averaged(examples, tags, lexicon, epochs=epochs, seeds=seeds)
    finally:
        for doc, _ in examples:
            doc.hints = None
    return TaggerModel(tags, first.weights, lexicon, second)


def train_averaged(examples: list[tuple[DocTokens, list[str]]], tags: list[str], lexicon: dict[str, frozenset[str]],
                   epochs: int = 8, seeds: list[int] | None = None, min_weight: float = 0.01) -> TaggerModel:
    """The mean of perceptrons trained with each seed: one linear model, steadier than any of them."""
    seeds = seeds or [7]
    if len(seeds) == 1:
        return train(examples, tags, lexicon, epochs=epochs, seed=seeds[0], min_weight=min_weight)
    total: dict[str, dict[int, float]] = defaultdict(dict)
    for sd in seeds:
        for f, row in train(examples, tags, lexicon, epochs=epochs, seed=sd, min_weight=0.0).weights.items():
            acc = total[f]
            for k, v in row.items():
                acc[k] = acc.get(k, 0.0) + v
    weights: dict[str, dict[int, float]] = {}
    for f, row in total.items():
        kept = {k: round(v / len(seeds), 3) for k, v in row.items() if abs(v / len(seeds)) >= min_weight}
        if kept:
            weights[f] = kept
    return TaggerModel(tags, weights, lexicon)


def load_model(path: Path) -> TaggerModel:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        model = TaggerModel.from_json(json.load(fh))
    model._prepare()
    return model


@lru_cache(maxsize=1)
def default_model() -> TaggerModel | None:
    """The shipped model, loaded once; ``None`` when the resource file is missing."""
    path = resource_path(*MODEL_FILE)
    return load_model(path) if path.is_file() else None


def train(examples: list[tuple[DocTokens, list[str]]], tags: list[str], lexicon: dict[str, frozenset[str]],
          epochs: int = 8, seed: int = 7, min_weight: float = 0.01) -> TaggerModel:
    """Averaged perceptron training on (document tokens, gold tag per token) pairs."""
    index = {t: k for k, t in enumerate(tags)}
    n_tags = len(tags)
    w: dict[str, dict[int, float]] = defaultdict(dict)
    totals: dict[tuple[str, int], float] = defaultdict(float)
    stamps: dict[tuple[str, int], int] = defaultdict(int)
    step = 0

    def update(feats: list[str], truth: int, guess: int) -> None:
        for f in feats:
            row = w[f]
            for k, delta in ((truth, 1.0), (guess, -1.0)):
                key = (f, k)
                old = row.get(k, 0.0)
                totals[key] += (step - stamps[key]) * old
                stamps[key] = step
                row[k] = old + delta

    rng = random.Random(seed)
    order = list(range(len(examples)))
    for _ in range(epochs):
        rng.shuffle(order)
        for d in order:
            doc, gold = examples[d]
            prev = prev2 = "O"
            for i in range(len(doc.words)):
                if doc.first[i]:
                    prev = prev2 = "<s>"
                if not scored(doc, i, prev if prev != "<s>" else "O"):
                    guess_tag = "O"
                else:
                    step += 1
                    feats = features(doc, i, prev, prev2)
                    scores = [0.0] * n_tags
                    for f in feats:
                        row = w.get(f)
                        if row:
                            for k, v in row.items():
                                scores[k] += v
                    guess = max(range(n_tags), key=scores.__getitem__)
                    truth = index[gold[i]]
                    if guess != truth:
                        update(feats, truth, guess)
                    guess_tag = tags[guess]
                prev2, prev = prev, guess_tag
    averaged: dict[str, dict[int, float]] = {}
    for f, row in w.items():
        kept = {}
        for k, v in row.items():
            key = (f, k)
            avg = (totals[key] + (step - stamps[key]) * v) / max(1, step)
            if abs(avg) >= min_weight:
                kept[k] = round(avg, 3)
        if kept:
            averaged[f] = kept
    return TaggerModel(tags, averaged, lexicon)
