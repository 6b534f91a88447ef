"""Training the entity tagger (:mod:`reader.nlp.ner_tagger`): an averaged perceptron over BIO tags,
trained twice for the tagger's two passes. Nothing at run time imports this package.
"""
from __future__ import annotations

import random
from collections import defaultdict

from ..nlp.ner_features import DocTokens, doc_hints, features, scored
from ..nlp.ner_tagger import TaggerModel


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
