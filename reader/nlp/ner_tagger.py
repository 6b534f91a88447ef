"""A greedy left-to-right averaged perceptron over BIO entity tags (B-PER, I-ORG, … and O), run
twice: the second pass also sees how the first typed the same words elsewhere in the document
(:func:`reader.nlp.ner_features.doc_hints`), so one name keeps one type through an article.

The parameters are plain JSON (``resources/nlp/entities.json.gz``): the tag list, the name
lists (places, first names, surnames) and, for each feature, its non-zero weights by tag index.
:mod:`reader.training.perceptron` trains them.

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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..resources import resource_path
from .ner_features import DocTokens, candidates, context_features, doc_hints, scored, word_features

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
        sums = dict(zip(batch, np.add.reduceat(matrix.take(flat, 0), starts, axis=0).tolist(), strict=True)) if batch else {}
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
                own = matrix.take(ids(i), 0).sum(0).tolist()
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


def default_lexicon() -> dict[str, frozenset[str]] | None:
    """The shipped model's word lists (places, first names by sex, surnames, common words)."""
    model = default_model()
    return model.lexicon if model else None
