"""How long big and hostile inputs take (the tests check that they complete and what comes out).

    .venv/bin/python tests/benchmarks/bench_big_inputs.py [--long]

1. ``import_html`` of the 20 MB page of tests/importers/test_html.py (a long article behind a large
   inline script);
2. ``sentence_spans`` of the one 1 MB paragraph of tests/reliability/test_hostile_inputs.py (nltk's
   per-call limit of 5 s is why it is cut into pieces);
3. every case of the hostile-input corpus of tests/reliability/test_hostile_inputs.py, opened with
   ``load_article`` and analysed, as the test does (``--long``: also its 50 MB and 200 000-part cases).

Prints the seconds of each (the targets the tests used to assert, as hang detection only on a loaded
two-core machine: 60 s for the 20 MB page and the long paragraph, 30 s to import and 60 s in all for a
hostile case, 120 s and 150 s for one over 10 MB); asserts nothing about time. The quote finder on
1 MB of text is measured by bench_nlp.py's 1 MB article.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "importers"))
sys.path.insert(0, str(ROOT / "tests" / "reliability"))

import test_hostile_inputs as hostile  # noqa: E402
from test_html import big_page  # noqa: E402

from reader.errors import ArticleError  # noqa: E402
from reader.importers import load_article  # noqa: E402
from reader.importers.html import import_html  # noqa: E402
from reader.nlp.pipeline import analyze_article  # noqa: E402
from reader.nlp.sentences import sentence_spans  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", action="store_true", help="also the 50 MB and 200 000-part hostile cases")
    args = parser.parse_args()

    markup = big_page(20)
    started = time.perf_counter()
    article = import_html(markup)
    print(f"20 MB HTML page ({len(markup) / 1e6:.1f} MB, {len(article.paragraphs):,} paragraphs): "
          f"{time.perf_counter() - started:.2f} s")

    text = "Lee said so. " * 40_000 + "word " * 100_000 + "x" * 50_000
    started = time.perf_counter()
    spans = sentence_spans(text)
    print(f"one paragraph of {len(text):,} chars into {len(spans):,} sentences: {time.perf_counter() - started:.2f} s")

    cases = {**hostile.CASES, **(hostile.LONG_CASES if args.long else {})}
    slowest: list[tuple[float, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        for name, (make, _expected) in sorted(cases.items()):
            path = Path(folder) / name
            path.write_bytes(make())
            started = time.perf_counter()
            try:
                article = load_article(path)
            except ArticleError:
                article = None
            imported = time.perf_counter() - started
            if article is not None:
                analyze_article(article)
            elapsed = time.perf_counter() - started
            path.unlink()
            slowest.append((elapsed, name))
            outcome = "article" if article is not None else "error"
            print(f"  {name}: {outcome} in {elapsed:.2f} s (import {imported:.2f} s)")
    total = sum(seconds for seconds, _ in slowest)
    worst = max(slowest)
    print(f"hostile inputs: {len(slowest)} cases in {total:.1f} s, slowest {worst[1]} ({worst[0]:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
