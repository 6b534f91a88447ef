"""A fast replay of the attribution scorer for comparing reported-speech changes on the development
part, without a scorer run per threshold and fold.

    .venv/bin/python tests/evaluation/replay.py dump build/replay.pkl      # every candidate, ~30 s
    .venv/bin/python tests/evaluation/replay.py crossfit build/replay.pkl  # two-fold table, ~2 s

``dump`` analyses every ``polnear-dev`` article with every reported statement kept (threshold 0) and
stores, per article, the annotated statements, what the direct quotes match, and each candidate's
features (:func:`reader.nlp.reported.statement_features`) with the annotated statement it matches
(``score_attributions.py``'s rule: half of its content inside, the most characters wins).
``crossfit`` trains the confidence model (:func:`reader.training.logistic.train_weights`)
on the articles at even positions, scores those at odd positions, and the other way round, and
prints precision and recall per fold at a few thresholds: the protocol ``docs/EVALUATION.md``
describes, replayed. Its figures are not the scorer's (it scores the rules' candidates as they
come, not the attributions the app writes): on 2026-12-06 at 0.64 it gave P 0.868 / 0.879, R 0.644
/ 0.643 where the scorer, one small commit earlier, gave P 0.858 / 0.876, R 0.651 / 0.649. Use it to
compare two versions of the rules or features side by side; report, and choose the threshold, with
the scorer. It leaves out the statement tagger (its statements, and its agreement as a feature of
the confidence, 2026-12-07): it compares the rules alone. Development documents only; exits 0 with
a note without ``../shared``.
"""
from __future__ import annotations

import json
import math
import pickle
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from splits import DEFAULT_OUT, DEFAULT_SHARED, materialise  # noqa: E402

THRESHOLDS = (0.58, 0.60, 0.62, 0.64, 0.66)


def dump(out: Path) -> None:
    sys.path.insert(0, str(DEFAULT_SHARED / "eval"))
    import score_attributions as scorer
    from evalkit import SpanMapper, overlap

    from reader.importers import load_article
    from reader.nlp import attribution, reported
    from reader.nlp.pipeline import analyze_article

    data = materialise(DEFAULT_SHARED, DEFAULT_OUT)["polnear-dev"]
    reported.MIN_CONFIDENCE = -1.0                       # every candidate, with its features
    captured: list = []
    confident = attribution.confident
    attribution.confident = lambda items, text, *rest: (captured.append(items), confident(items, text, *rest))[1]
    articles = []
    try:
        for pos, path in enumerate(sorted((data / "text").glob("*.txt"))):
            anns = sorted((data / "attributions").glob(path.stem + "_*.ann"))
            if not anns:
                continue
            doc = path.read_text(encoding="utf-8")
            article = load_article(path)
            if article.text != doc:
                continue                                 # offsets would not line up
            gold = scorer.parse_ann(anns[0], doc)
            captured.clear()
            result = json.loads(json.dumps(analyze_article(article).to_dict()))
            result["attributions"] = [a for a in result["attributions"] if a["kind"] == "direct"]
            preds = scorer.read_predictions(result, doc, SpanMapper(result["text"], doc))
            scorer.assign(preds, gold)
            candidates = []
            for item in captured[0]:
                size = sum(e - s for s, e in item.content)
                best, match = 0, None
                for gi, g in enumerate(gold):
                    inside = sum(overlap(a, b) for a in item.content for b in g.content)
                    if size and inside * 2 >= size and inside > best:
                        best, match = inside, gi
                candidates.append((reported.statement_features(item, doc), match))
            articles.append({"pos": pos, "gold": len(gold), "candidates": candidates,
                             "direct": len(preds), "direct_right": sum(p.gold is not None for p in preds),
                             "direct_gold": sorted({p.gold for p in preds if p.gold is not None})})
    finally:
        attribution.confident = confident
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pickle.dumps(articles))
    print(f"{len(articles)} articles, {sum(len(a['candidates']) for a in articles)} candidates -> {out}")


def score(articles: list[dict], probabilities: list[list[float]], threshold: float) -> tuple[float, float]:
    """Precision and recall, as the scorer counts them, of the direct quotes and the candidates kept."""
    predicted = right = gold = recalled = 0
    for article, probs in zip(articles, probabilities, strict=True):
        kept = [m for (_, m), p in zip(article["candidates"], probs, strict=True) if p >= threshold]
        predicted += article["direct"] + len(kept)
        right += article["direct_right"] + sum(m is not None for m in kept)
        gold += article["gold"]
        recalled += len(set(article["direct_gold"]) | {m for m in kept if m is not None})
    return right / max(1, predicted), recalled / max(1, gold)


def crossfit(path: Path) -> None:
    from reader.training.logistic import train_weights

    articles = pickle.loads(path.read_bytes())
    folds = [[a for a in articles if a["pos"] % 2 == k] for k in (0, 1)]
    probabilities = []
    for k in (0, 1):
        weights = train_weights([(f, m is not None) for a in folds[1 - k] for f, m in a["candidates"]])
        probabilities.append([[1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, sum(weights.get(x, 0.0) for x in f)))))
                               for f, _ in a["candidates"]] for a in folds[k]])
    for threshold in THRESHOLDS:
        (p0, r0), (p1, r1) = (score(folds[k], probabilities[k], threshold) for k in (0, 1))
        print(f"{threshold:.2f}: held-out P {p0:.3f} / {p1:.3f}  R {r0:.3f} / {r1:.3f}  (even / odd articles)")


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in {"dump", "crossfit"}:
        print(__doc__)
        return 2
    if not (DEFAULT_SHARED / "eval").is_dir():
        print(f"no evaluation data at {DEFAULT_SHARED / 'eval'}: nothing to replay")
        return 0
    (dump if argv[0] == "dump" else crossfit)(Path(argv[1]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
