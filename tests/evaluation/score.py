"""Run one of the shared scorers (``../shared/eval/score_*.py``) over one part of the split, with
the analysis in this process instead of one ``python -m reader analyze`` per document (the same
JSON, about 30 times faster: the scorers' subprocess spends most of its time starting up).

    .venv/bin/python tests/evaluation/score.py SCORER PART [scorer options]
    .venv/bin/python tests/evaluation/score.py attributions dev --show
    .venv/bin/python tests/evaluation/score.py entities lockbox --genre news
    .venv/bin/python tests/evaluation/score.py quotes lockbox --subprocess   # the scorer's own way
    .venv/bin/python tests/evaluation/score.py attributions lockbox --thresholds 0 0

``--thresholds RULES TAGGER`` keeps the reported statements whose confidence reaches RULES (the
shipped ``reported.MIN_CONFIDENCE``) and the statement tagger's that reach TAGGER (the shipped
``attribution.LEARNT_MIN_CONFIDENCE``), in process only: ``0 0`` keeps every candidate, the most
recall the candidates hold; a few pairs trace the precision-recall curve the thresholds move along.

SCORER is quotes, attributions, entities or aeb (the scorers that run ``analyze``); PART is dev,
lockbox or stance (PolNeAR only). The part's folder is made by :mod:`splits`. Exits 0 with a note
when ``../shared`` is absent.
"""
from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from splits import DEFAULT_OUT, DEFAULT_SHARED, materialise  # noqa: E402

DATASET = {"quotes": "polnear", "attributions": "polnear", "entities": "gum", "aeb": "aeb"}


def in_process(cmd: str, path: Path, run, timeout: float = 300) -> dict | None:
    """What ``python -m reader analyze PATH --json`` prints, without the subprocess."""
    from reader.errors import ReaderError
    from reader.importers import load_article
    from reader.nlp.pipeline import analyze_article
    try:
        data = analyze_article(load_article(path)).to_dict()
    except ReaderError as error:
        run.failed.append(f"{Path(path).name}: {error}")
        return None
    run.ok += 1
    return json.loads(json.dumps(data, ensure_ascii=False))


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in DATASET:
        print(__doc__)
        return 2
    scorer_name, part, rest = argv[0], argv[1], argv[2:]
    evaluation = DEFAULT_SHARED / "eval"
    if not evaluation.is_dir():
        print(f"no evaluation data at {evaluation}: nothing to score")
        return 0
    folders = materialise(DEFAULT_SHARED, DEFAULT_OUT)
    data = folders[f"{DATASET[scorer_name]}-{part}"]
    sys.path.insert(0, str(evaluation))
    module = importlib.import_module(f"score_{scorer_name}")
    subprocess = "--subprocess" in rest
    if not subprocess:
        module.analyze = in_process
    rest = [a for a in rest if a != "--subprocess"]
    if "--thresholds" in rest:
        if subprocess:
            print("--thresholds works in process only")
            return 2
        at = rest.index("--thresholds")
        rules, tagger = rest[at + 1:at + 3]
        del rest[at:at + 3]
        from reader.nlp import attribution, reported
        reported.MIN_CONFIDENCE, attribution.LEARNT_MIN_CONFIDENCE = float(rules), float(tagger)
        print(f"thresholds: reported statements {rules}, statement tagger {tagger}")
    sys.argv = [f"score_{scorer_name}.py", "--data", str(data), *rest]
    print(f"{scorer_name} on {DATASET[scorer_name]} {part} ({data}), analysis "
          f"{'by subprocess' if subprocess else 'in process'}")
    return module.main()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
