"""What a reader sees in the People panel, for development articles picked at random: each article's
people (individuals, then groups), organisations and other sources, with their mention counts.
Reading these lists found the kinds of error no scorer counts (a person split in two, a word that is
no part of a name, a role listed as a person; docs/EVALUATION.md, sixteenth session).

    .venv/bin/python tests/evaluation/people_lists.py [--n 6] [--seed 16] [--part polnear-dev]

Development parts only (``polnear-dev`` or ``gum-dev``, made by :mod:`splits`); exits 0 with a note
without ``../shared``.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from splits import DEFAULT_OUT, DEFAULT_SHARED, materialise  # noqa: E402


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=6)
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--part", default="polnear-dev", choices=("polnear-dev", "gum-dev"))
    args = ap.parse_args(argv)
    if not (DEFAULT_SHARED / "eval").is_dir():
        print("no ../shared evaluation data: nothing to read")
        return 0
    from reader.importers import load_article
    from reader.nlp.pipeline import analyze_article

    folder = materialise(DEFAULT_SHARED, DEFAULT_OUT)[args.part]
    files = sorted((folder / "text").glob("*.txt")) if args.part == "polnear-dev" else []
    if args.part == "gum-dev":
        sys.path.insert(0, str(DEFAULT_SHARED / "eval"))
        import score_entities as scorer
        out = DEFAULT_OUT / "gum-dev-text"
        out.mkdir(parents=True, exist_ok=True)
        for conllu in sorted((folder / "dep").glob("*.conllu")):
            text, _ = scorer.read_conllu(conllu)
            path = out / (conllu.stem + ".txt")
            path.write_text(text + "\n", encoding="utf-8")
            files.append(path)
    for path in random.Random(args.seed).sample(files, min(args.n, len(files))):
        entities = analyze_article(load_article(path)).entities
        print(f"== {path.name}")
        print(f"  people: {_listed(entities, 'person')}")
        print(f"  groups: {_listed(entities, 'person', True)}")
        print(f"  organisations: {_listed(entities, 'organization')}")
        print(f"  other sources: {_listed(entities, 'source')}")
    return 0


def _listed(entities, kind: str, group: bool = False) -> str:
    return "; ".join(f"{e.name} ({len(e.mentions)})" for e in entities if e.type == kind and e.group == group) or "-"


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
