"""Write ``resources/nlp/attribution-rules.json``: how often each reported-speech construction
(:mod:`reader.nlp.reported`), and each construction with each cue verb, is right on the
development part of PolNeAR. The app uses these precisions as the statements' confidence and leaves
out what is right less often than :data:`reader.nlp.reported.MIN_CONFIDENCE`.

    .venv/bin/python tests/evaluation/splits.py          # makes build/eval/polnear-dev
    python -m reader.training.attribution_rules --data build/eval/polnear-dev [--out PATH]

Only the development part is read (``../shared/eval/SPLITS.md``: the first 100 ``train/`` articles of
each publisher); the lock-box is never. A statement is right when at least half of its content lies
inside the content of one annotated attribution (the first annotator's file), the rule of
``score_attributions.py``. Only counts leave this script: per rule and per family of rules with the
same kind of content (each from at least :data:`MIN_COUNT` statements; a rule seen less often is left
out, and the app does not use it), per rule and class of verb (the WordNet lexicographer files the
verb is in, :func:`reader.nlp.reported.verb_class`: "communication", "cognition+communication", …)
and per rule and verb (from :data:`MIN_VERB_COUNT`), each smoothed toward the level
above (verb -> class -> rule), so no text of the articles is shipped. A verb seen once or twice stays
close to its class's precision, and a verb never seen takes it: "revealed his doubts" is judged by
the verbs of communication, not by every verb that takes an object. Running it again on the same data writes the same bytes.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from ..importers import load_article
from ..nlp import reported
from ..nlp.pipeline import analyze_article
from ..resources import resource_path

MIN_COUNT = 8          # a rule (or a family of rules) is used from this many statements on
PRIOR = 4              # pseudo-counts of the level above added to a verb's or a class's own counts
# a verb or a class is kept from one statement on: smoothed toward its rule, a verb seen once barely
# moves from it, and keeping every verb recalls more at the same held-out precision than keeping only
# verbs seen 8 times (two-fold cross-fitting on the development part, docs/EVALUATION.md)
MIN_VERB_COUNT = 1


def gold_contents(ann: Path) -> list[list[tuple[int, int]]]:
    """The content pieces of every annotated attribution of one brat file."""
    spans: dict[str, list[tuple[int, int]]] = {}
    contents = []
    lines = ann.read_text(encoding="utf-8").splitlines()
    for line in lines:
        cols = line.split("\t")
        if line.startswith("T") and len(cols) > 1:
            ranges = cols[1].partition(" ")[2]
            spans[cols[0]] = [(int(a), int(b)) for a, b in (p.split() for p in ranges.split(";"))]
    for line in lines:
        cols = line.split("\t")
        if line.startswith("E") and len(cols) > 1:
            pieces = [p for item in cols[1].split()[1:] if item.partition(":")[0].rstrip("0123456789") == "Content"
                      for p in spans.get(item.partition(":")[2], [])]
            if pieces:
                contents.append(pieces)
    return contents


def right(content: tuple[tuple[int, int], ...], gold: list[list[tuple[int, int]]]) -> bool:
    size = sum(e - s for s, e in content)
    return any(2 * sum(max(0, min(e, ge) - max(s, gs)) for s, e in content for gs, ge in g) >= size > 0
               for g in gold)


def count(data: Path) -> tuple[Counter, Counter]:
    """(statements, right ones), keyed by rule and by "rule:lemma"."""
    seen, hits = Counter(), Counter()
    reported.rule_confidence.cache_clear()
    for text_file in sorted((data / "text").glob("*.txt")):
        anns = sorted((data / "attributions").glob(text_file.stem + "_*.ann"))
        if not anns:
            continue
        article = load_article(text_file)
        if article.text != text_file.read_text(encoding="utf-8"):
            continue                         # offsets would not line up with the annotation
        gold = gold_contents(anns[0])
        analysis = analyze_article(article)
        quotes = [q.span for q in analysis.quotes]
        for item in reported.find_reported(article.text, analysis.sentences, quotes):
            ok = right(item.content, gold)
            family = reported.complement_family(item.rule)
            for key in {item.rule, family, f"{item.rule}@{reported.verb_class(item.lemma)}",
                        f"{item.rule}:{item.lemma}"}:
                seen[key] += 1
                hits[key] += ok
    return seen, hits


def build(data: Path) -> dict:
    seen, hits = count(data)
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
            "rules": rules}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="a folder with text/ and attributions/")
    parser.add_argument("--out", type=Path, default=resource_path(*reported.RULES_FILE))
    args = parser.parse_args()
    table = build(args.data)
    args.out.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for name, value in table["rules"].items():
        if ":" not in name:
            print(f"{name:16} n={value['n']:5}  precision {value['precision']:.3f}")
    print(f"{len(table['rules'])} entries -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
