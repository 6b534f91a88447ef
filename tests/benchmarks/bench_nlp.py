"""Prints how fast the deterministic NLP pipeline (sentences, entities, quotes) runs.

    python tests/benchmarks/bench_nlp.py

Uses ../shared/samples/hot-mic-trump-putin.txt when present, else the project's sample article in
resources/. Figures: resource loading, the sample article (median and fastest of 21 runs after
loading), a ~1 MB article made of the sample repeated, and — where ../shared/eval is present — the
development articles of PolNeAR concatenated to 125 KB, 250 KB, 500 KB and 1 MB: text with many
different names, so that the growth of the cost with the number of names shows (it should be linear).
For the sample and the 1 MB text it also prints where the time goes, stage by stage.
"""
from __future__ import annotations

import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.article import ArticleBuilder  # noqa: E402
from reader.importers import load_article  # noqa: E402
from reader.nlp import attribution, pipeline, statement_tagger  # noqa: E402
from reader.nlp.ner_tagger import default_model  # noqa: E402
from reader.resources import SAMPLE_ARTICLE, resource_path  # noqa: E402


def sample_path() -> Path:
    shared = ROOT.parent / "shared" / "samples" / "hot-mic-trump-putin.txt"
    return shared if shared.is_file() else resource_path(*SAMPLE_ARTICLE)


def main() -> int:
    path = sample_path()
    article = load_article(path)
    t0 = time.perf_counter()
    default_model()
    pipeline.analyze_article(article)
    print(f"resources loaded and first run: {time.perf_counter() - t0:.2f} s")

    runs = []
    for _ in range(21):       # a shared virtual machine is noisy: many runs, the median and the fastest
        t0 = time.perf_counter()
        analysis = pipeline.analyze_article(article)
        runs.append(time.perf_counter() - t0)
    print(f"sample article ({path.name}, {len(article.text):,} chars, {len(analysis.entities)} entities): "
          f"median {statistics.median(runs) * 1000:.0f} ms, fastest {min(runs) * 1000:.0f} ms (target <= 50 ms)")
    print_stages(article, runs=9)

    paragraphs = [article.span_text(p) for p in article.paragraphs]
    repeats = -(-1_000_000 // sum(len(p) + 2 for p in paragraphs))   # whole copies of the sample, just over 1 MB
    big, analysis, seconds = timed(article.title or "Sample", paragraphs * repeats, 2_000_000)
    print(f"1 MB article ({len(big.text):,} chars, {len(analysis.entities)} entities): {seconds:.2f} s "
          f"(target <= 5 s; {seconds / len(big.text) * 1e6:.2f} µs per char vs "
          f"{statistics.median(runs) / len(article.text) * 1e6:.2f} on the sample)")
    growth()
    return 0


def timed(title: str, paragraphs: list[str], size: int):
    """An article of ``paragraphs`` up to about ``size`` characters, its analysis and the seconds it took."""
    builder = ArticleBuilder()
    builder.set_title(title)
    used = 0
    for paragraph in paragraphs:
        if used >= size:
            break
        builder.paragraph(paragraph)
        used += len(paragraph) + 2
    big = builder.build()
    t0 = time.perf_counter()
    analysis = pipeline.analyze_article(big)
    return big, analysis, time.perf_counter() - t0


def growth() -> None:
    """PolNeAR development articles (the first 100 of each publisher, ../shared/eval/SPLITS.md)
    concatenated, one paragraph per line of theirs, at four sizes."""
    polnear = ROOT.parent / "shared" / "eval" / "polnear"
    if not (polnear / "train" / "text").is_dir():
        print("growth with many names: skipped (no ../shared/eval/polnear)")
        return
    sys.path.insert(0, str(ROOT / "tests" / "evaluation"))
    from splits import polnear_parts  # the one split of SPLITS.md, beside the scorers' tools
    development = polnear_parts(polnear, set())["dev"]
    paragraphs = [line for path in development for line in path.read_text(encoding="utf-8").splitlines()
                  if line.strip()]
    for target in (125_000, 250_000, 500_000, 1_000_000):
        big, analysis, seconds = timed("PolNeAR development articles", paragraphs, target)
        print(f"PolNeAR development text {len(big.text) / 1000:,.0f} KB ({len(analysis.entities):,} entities): "
              f"{seconds:.2f} s ({seconds / len(big.text) * 1e6:.2f} µs per char; target 1 MB <= 2 s)")
    print_stages(big, runs=1)


STAGES = ((pipeline, "split_sentences", "sentences"), (pipeline, "find_entities", "entities"),
          (pipeline, "find_attributions", "attributions, of which:"),
          (statement_tagger.StatementTagger, "find", "  statement tagger (tokens, tags, tagging)"),
          (attribution, "find_reported", "  reported-speech rules"))


@contextmanager
def stage_clock(seconds: dict[str, float]):
    """Wraps the pipeline's stages so that each adds the time it takes to ``seconds``."""
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in STAGES]
    try:
        for (owner, name, label), (_, _, function) in zip(STAGES, saved, strict=True):
            def timed_stage(*args, _function=function, _label=label, **kwargs):
                t0 = time.perf_counter()
                try:
                    return _function(*args, **kwargs)
                finally:
                    seconds[_label] = seconds.get(_label, 0.0) + time.perf_counter() - t0
            setattr(owner, name, timed_stage)
        yield seconds
    finally:
        for owner, name, function in saved:
            setattr(owner, name, function)


def print_stages(article, runs: int) -> None:
    """The median seconds of each stage over ``runs`` analyses of ``article``."""
    per_stage: dict[str, list[float]] = {}
    for _ in range(runs):
        with stage_clock({}) as seconds:
            pipeline.analyze_article(article)
        for label, value in seconds.items():
            per_stage.setdefault(label, []).append(value)
    unit, scale = ("ms", 1000) if runs > 1 else ("s", 1)
    digits = 0 if runs > 1 else 2
    print("  where the time goes: " + "; ".join(
        f"{label.strip()} {statistics.median(per_stage[label]) * scale:.{digits}f} {unit}"
        for _, _, label in STAGES if label in per_stage))


if __name__ == "__main__":
    raise SystemExit(main())
