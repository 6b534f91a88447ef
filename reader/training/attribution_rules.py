"""Write ``resources/nlp/attribution-rules.json``: how often each reported-speech construction
(:mod:`reader.nlp.reported`), and each construction with each cue verb, is right on the
development part of PolNeAR, and a logistic regression over each statement's features
(:func:`reader.nlp.reported.statement_features`) learnt from the same statements. The app takes the
model's probability as a statement's confidence and leaves out what falls below
:data:`reader.nlp.reported.MIN_CONFIDENCE`; the counted precisions stand in where a file has no
model.

    .venv/bin/python tests/evaluation/splits.py          # makes build/eval/polnear-dev
    python -m reader.training.attribution_rules --data build/eval/polnear-dev [--out PATH]

Only the development part is read (``../shared/eval/SPLITS.md``: the first 100 ``train/`` articles of
each publisher); the lock-box is never. A statement is right when at least half of its content lies
inside the content of one annotated attribution (the first annotator's file), the rule of
``score_attributions.py``. Only counts and feature weights leave this script (no text): per rule and per family of rules with the
same kind of content (each from at least :data:`MIN_COUNT` statements; a rule seen less often is left
out, and the app does not use it), per rule and class of verb (the WordNet lexicographer files the
verb is in, :func:`reader.nlp.reported.verb_class`: "communication", "cognition+communication", …)
and per rule and verb (from :data:`MIN_VERB_COUNT`), each smoothed toward the level
above (verb -> class -> rule), so no text of the articles is shipped. A verb seen once or twice stays
close to its class's precision, and a verb never seen takes it: "revealed his doubts" is judged by
the verbs of communication, not by every verb that takes an object. Running it again on the same data writes the same bytes.

The confidence model also weighs whether the statement tagger (:mod:`reader.nlp.statement_tagger`)
found the same statement: for each article, a tagger trained on the other half of the articles
(:func:`jackknife_taggers`), as the shipped tagger meets unseen text in the app.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from ..nlp import reported
from ..nlp.entities import find_entities
from ..nlp.pipeline import analyze_article
from ..nlp.statement_tagger import StatementTagger, TaggedIndex
from ..resources import resource_path
from . import statement_tagger as tagger_training
from .logistic import L2, RATE, ROUNDS, train_weights
from .polnear import annotated_articles, read_ann

MIN_COUNT = 8          # a rule (or a family of rules) is used from this many statements on
PRIOR = 4              # pseudo-counts of the level above added to a verb's or a class's own counts
# a verb or a class is kept from one statement on: smoothed toward its rule, a verb seen once barely
# moves from it, and keeping every verb recalls more at the same held-out precision than keeping only
# verbs seen 8 times (two-fold cross-fitting on the development part, docs/EVALUATION.md)
MIN_VERB_COUNT = 1


def gold_contents(ann: Path) -> list[list[tuple[int, int]]]:
    """The content pieces of every annotated attribution of one brat file."""
    return [attribution["C"] for attribution in read_ann(ann)]


def right(content: tuple[tuple[int, int], ...], gold: list[list[tuple[int, int]]]) -> bool:
    size = sum(e - s for s, e in content)
    return any(2 * sum(max(0, min(e, ge) - max(s, gs)) for s, e in content for gs, ge in g) >= size > 0
               for g in gold)


def count(data: Path, examples: list | None = None,
          taggers: dict[str, StatementTagger] | None = None) -> tuple[Counter, Counter]:
    """(statements, right ones), keyed by rule and by "rule:lemma"; each statement's features and
    whether it is right are added to ``examples`` when given, with what the statement tagger of
    its article (``taggers``: text file name -> a tagger not trained on it) found over it."""
    seen, hits = Counter(), Counter()
    reported._rules_file.cache_clear()
    for text_file, article, ann in annotated_articles(data):
        gold = gold_contents(ann)
        analysis = analyze_article(article)
        quotes = [q.span for q in analysis.quotes]
        helper = (taggers or {}).get(text_file.name)
        index = TaggedIndex(helper.find(article.text, analysis.sentences)) if helper is not None else None
        found = reported.find_reported(article.text, analysis.sentences, quotes)
        # the named mentions the app's attribution step is given: the entities before it adds speakers
        mentions = reported.named_mentions(find_entities(article, list(analysis.sentences)))
        for item, source_type in zip(found, reported.source_types(found, mentions), strict=True):
            ok = right(item.content, gold)
            if examples is not None:
                agreement = index.agreement(item.content) if index is not None else None
                examples.append((reported.statement_features(item, article.text, agreement, source_type), ok))
            family = reported.complement_family(item.rule)
            for key in {item.rule, family, f"{item.rule}@{reported.verb_class(item.lemma)}",
                        f"{item.rule}:{item.lemma}"}:
                seen[key] += 1
                hits[key] += ok
    return seen, hits


def jackknife_taggers(data: Path) -> dict[str, StatementTagger]:
    """For each annotated article, a statement tagger (calibrated) trained on the half of the
    articles it is not in (alternate articles in name order), so the confidence model learns how far
    to trust the tagger's agreement on text it has not seen, as in the app."""
    docs = tagger_training.load_documents(data)
    halves = [docs[0::2], docs[1::2]]
    out = {}
    for k in (0, 1):
        helper = tagger_training.build(halves[1 - k])
        out.update({doc.name: helper for doc in halves[k]})
    return out


def build(data: Path) -> dict:
    examples: list[tuple[list[str], bool]] = []
    seen, hits = count(data, examples, jackknife_taggers(data))
    rules = {}
    def smoothed(key: str, prior: float) -> dict:
        return {"n": seen[key], "precision": round((hits[key] + PRIOR * prior) / (seen[key] + PRIOR), 3)}

    for key in sorted(seen):                          # the rules, then their verb classes, then their verbs
        if ":" not in key and "@" not in key and seen[key] >= MIN_COUNT:
            rules[key] = {"n": seen[key], "precision": round(hits[key] / seen[key], 3)}
    for key in sorted(seen):
        rule = key.partition("@")[0]
        if "@" in key and seen[key] >= MIN_VERB_COUNT and rule in rules:
            rules[key] = smoothed(key, rules[rule]["precision"])
    for key in sorted(seen):
        rule, _, lemma = key.partition(":")
        if lemma and seen[key] >= MIN_VERB_COUNT and rule in rules:
            parent = rules.get(f"{rule}@{reported.verb_class(lemma)}", rules[rule])
            rules[key] = smoothed(key, parent["precision"])
    return {"source": "counts on the development part of PolNeAR (../shared/eval/SPLITS.md), "
                      "reader.training.attribution_rules", "min_count": MIN_COUNT, "min_verb_count": MIN_VERB_COUNT, "prior": PRIOR,
            "rules": rules,
            "model": {"kind": "logistic regression over reader.nlp.reported.statement_features, with the "
                              "agreement of a statement tagger trained on the other half of the articles", "l2": L2,
                      "rounds": ROUNDS, "rate": RATE, "statements": len(examples)},
            "weights": train_weights(examples)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="a folder with text/ and attributions/")
    parser.add_argument("--out", type=Path, default=resource_path(*reported.RULES_FILE))
    args = parser.parse_args()
    table = build(args.data)
    args.out.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(table['weights'])} weights from {table['model']['statements']} statements")
    for name, value in table["rules"].items():
        if ":" not in name:
            print(f"{name:16} n={value['n']:5}  precision {value['precision']:.3f}")
    print(f"{len(table['rules'])} entries -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
