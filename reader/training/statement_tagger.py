"""Training the statement tagger (:mod:`reader.nlp.statement_tagger`) on PolNeAR's development part:

    python -m reader.training.statement_tagger --data build/eval/polnear-dev [--out FILE]

Each annotated attribution (brat ``E`` lines: Content, Source and Cue spans, the first annotator
file of an article, as ``../shared/eval/score_attributions.py`` reads them) labels the tokens of the
article's sentences, a cue before a source before a content where they overlap (nested
attributions). An averaged perceptron is trained on every article, eight passes in a fixed order
per seed, over the features seen on at least :data:`MIN_COUNT` tokens of the articles it learns
from. The calibration of a statement's confidence is a logistic regression
(:func:`reader.training.logistic.train_weights`) over the statements a tagger trained on
one half of the articles finds in the other half (both ways round), labelled right by the scorer's
rule (half of the content inside an annotated content). The same data give the same file, byte for
byte. Weights only ship, never text (the articles carry no licence).
"""
from __future__ import annotations

import argparse
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..nlp.cues import tokens
from ..nlp.pos import tagger as pos_tagger
from ..nlp.sentences import split_sentences
from ..nlp.statement_tagger import MODEL_FILE, TAGS, StatementTagger, Tagged, assemble, sentence_features, tag_features
from ..resources import resource_path
from .logistic import train_weights
from .polnear import annotated_articles, read_ann

EPOCHS = 8
SEED = 7
MIN_WEIGHT = 0.01
# a feature seen on fewer tokens is left out: about half the features (most of them word pairs and
# neighbouring words seen once or twice), the file under 2 MB, the same held-out precision and recall
# within noise (docs/EVALUATION.md, sixteenth session)
MIN_COUNT = 3
ROLE_ORDER = ("Q", "S", "C")        # a token in a cue and a content is the cue's (nested statements)


@dataclass
class Sentence:
    toks: list
    words: list[str]
    lows: list[str]
    tags: list[str]
    feats: list[list[str]]
    gold: list[str]


@dataclass
class Document:
    name: str                                   # the text file's name
    contents: list[list[tuple[int, int]]]
    sentences: list[Sentence]


def token_labels(toks, attributions: list[dict[str, list[tuple[int, int]]]]) -> list[str]:
    """BIO tags of one sentence's tokens; a new span of the same role opens with "B-"."""
    out, prev = [], None
    for t in toks:
        found = None
        for role in ROLE_ORDER:
            for n, a in enumerate(attributions):
                for k, (s, e) in enumerate(a[role]):
                    if s < t.end and t.start < e:
                        found = (role, n, k)
                        break
                if found:
                    break
            if found:
                break
        if found is None:
            out.append("O")
        else:
            out.append(("I-" if prev == found else "B-") + found[0])
        prev = found
    return out


def load_documents(data: Path) -> list[Document]:
    pos = pos_tagger()
    docs = []
    for path, article, ann in annotated_articles(data):
        gold = read_ann(ann)
        sentences = []
        for s, e in split_sentences(article):
            toks = tokens(article.text, s, e)
            if not toks:
                continue
            words = [t.text for t in toks]
            lows = [w.lower() for w in words]
            tags = pos.tag(words)
            sentences.append(Sentence(toks, words, lows, tags, sentence_features(words, lows, tags),
                                      token_labels(toks, gold)))
        docs.append(Document(path.name, [a["C"] for a in gold], sentences))
    return docs


def train(docs: list[Document], epochs: int = EPOCHS, seed: int = SEED,
          min_count: int = MIN_COUNT) -> dict[str, dict[int, float]]:
    """Averaged perceptron weights (feature -> {tag index: weight}). A feature seen on fewer than
    ``min_count`` tokens of ``docs`` is left out, and so is a word's pairing with the tag before it
    when the word is that rare."""
    seen = Counter(f for d in docs for s in d.sentences for feats in s.feats for f in feats)
    ids: dict[str, int] = {}
    static = [[[[ids.setdefault(f, len(ids)) for f in feats if seen[f] >= min_count] for feats in s.feats]
               for s in d.sentences] for d in docs]
    vocabulary = {low for d in docs for s in d.sentences for low in s.lows}
    capacity = len(ids) + (len(TAGS) + 1) * (len(TAGS) + 2) + (len(TAGS) + 1) * len(vocabulary)
    w = np.zeros((capacity, len(TAGS)))
    u = np.zeros((capacity, len(TAGS)))         # sum of step * update, for the average
    index = {t: k for k, t in enumerate(TAGS)}
    order = list(range(len(docs)))
    rng = random.Random(seed)
    step = 0
    for _ in range(epochs):
        rng.shuffle(order)
        for d in order:
            for sentence, rows in zip(docs[d].sentences, static[d], strict=True):
                prev = prev2 = "<s>"
                for i, row in enumerate(rows):
                    step += 1
                    feats = row + [ids.setdefault(f, len(ids)) for f in tag_features(prev, prev2, sentence.lows[i])
                                   if not f.startswith("t1w=") or seen["w=" + sentence.lows[i]] >= min_count]
                    guess = int(np.argmax(w[feats].sum(0)))
                    truth = index[sentence.gold[i]]
                    if guess != truth:
                        w[feats, truth] += 1.0
                        w[feats, guess] -= 1.0
                        u[feats, truth] += step
                        u[feats, guess] -= step
                    prev2, prev = prev, TAGS[guess]
    averaged = w - u / max(1, step)
    weights: dict[str, dict[int, float]] = {}
    for f, k in sorted(ids.items()):
        kept = {t: round(float(v), 3) for t, v in enumerate(averaged[k]) if abs(v) >= MIN_WEIGHT}
        if kept:
            weights[f] = kept
    return weights


def _right(item: Tagged, contents: list[list[tuple[int, int]]]) -> bool:
    """The scorer's rule: at least half of the content's characters inside one annotated content."""
    size = sum(e - s for s, e in item.content)
    for gold in contents:
        inside = sum(max(0, min(e, ge) - max(s, gs)) for s, e in item.content for gs, ge in gold)
        if size and inside * 2 >= size:
            return True
    return False


def found_statements(model: StatementTagger, docs: list[Document]) -> list[tuple[Tagged, bool]]:
    out = []
    for doc in docs:
        for s in doc.sentences:
            for item in assemble(s.toks, model.tag(s.words, s.lows, s.tags), s.tags):
                out.append((item, _right(item, doc.contents)))
    return out


def build(docs: list[Document], epochs: int = EPOCHS) -> StatementTagger:
    """The tagger trained on every document, calibrated on two-fold jackknife statements."""
    halves = [docs[0::2], docs[1::2]]
    examples = []
    for k in (0, 1):
        helper = StatementTagger.from_weights(train(halves[k], epochs), {})
        examples += [(item.calibration_features(), ok) for item, ok in found_statements(helper, halves[1 - k])]
    return StatementTagger.from_weights(train(docs, epochs), train_weights(examples))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="a folder with text/*.txt and attributions/*.ann")
    ap.add_argument("--out", type=Path, default=None, help="default: the shipped resource file")
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    args = ap.parse_args()
    docs = load_documents(args.data)
    if not docs:
        print(f"no annotated articles under {args.data}")
        return 1
    model = build(docs, args.epochs)
    out = args.out or resource_path(*MODEL_FILE)
    model.save(out)
    print(f"{len(docs)} articles, {len(model.names)} features -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
