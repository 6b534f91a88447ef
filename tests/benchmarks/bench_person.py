"""Prints how long selecting a person takes to paint, on the sample article and on a ~1 MB article.

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_person.py

The 1 MB article is the sample article repeated (as in bench_nlp.py), so its most quoted person has
dozens of times the sample's statements. Measured: from the People panel's selection to the end of a
synchronous repaint of the window (person page, article highlights, quotes filter), for the person
with the most statements and for one with few; median and slowest of 15 selections each, after one
warm-up. Target: 1 MB, ≤ 50 ms.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from reader.article import ArticleBuilder  # noqa: E402
from reader.importers import load_article  # noqa: E402
from reader.nlp import pipeline  # noqa: E402
from reader.nlp.statements import by_speaker  # noqa: E402
from reader.resources import SAMPLE_ARTICLE, resource_path  # noqa: E402
from reader.ui.app import create_app  # noqa: E402
from reader.ui.main_window import MainWindow  # noqa: E402


def sample_path() -> Path:
    shared = ROOT.parent / "shared" / "samples" / "hot-mic-trump-putin.txt"
    return shared if shared.is_file() else resource_path(*SAMPLE_ARTICLE)


def repeated(article, size: int):
    paragraphs = [article.span_text(p) for p in article.paragraphs]
    builder = ArticleBuilder()
    builder.set_title(article.title or "Sample")
    used = 0
    while used < size:
        for paragraph in paragraphs:
            builder.paragraph(paragraph)
            used += len(paragraph) + 2
    return builder.build()


def timings(window, entity_id: str, runs: int = 15) -> list[float]:
    app = QApplication.instance()
    other = next(e.id for e in window.analysis.entities if e.id != entity_id)
    out = []
    for n in range(runs + 1):
        window.entities.select(other)
        app.processEvents()
        t0 = time.perf_counter()
        window.entities.select(entity_id)
        window.repaint()                  # paints now, synchronously: the person page included
        if n:                             # the first is a warm-up
            out.append(time.perf_counter() - t0)
    return out


def measure(window, label: str) -> None:
    grouped = by_speaker(window.analysis)
    ranked = sorted(grouped, key=lambda e: -len(grouped[e]))
    few = next((e for e in reversed(ranked) if grouped[e]), ranked[-1])
    for entity_id in (ranked[0], few):
        entity = window.analysis.entity(entity_id)
        runs = timings(window, entity_id)
        print(f"{label}: select {entity.name} ({len(grouped[entity_id])} statements, {len(entity.mentions)} mentions): "
              f"median {statistics.median(runs) * 1000:.1f} ms, slowest {max(runs) * 1000:.1f} ms")


def main() -> int:
    create_app()
    scratch = Path(tempfile.mkdtemp())
    window = MainWindow(settings=QSettings(str(scratch / "s.ini"), QSettings.Format.IniFormat),
                        library_path=scratch / "library.sqlite3")
    window.resize(1366, 768)
    window.show()
    article = load_article(sample_path())
    for label, art in (("sample article", article), ("1 MB article (target <= 50 ms)", repeated(article, 1_000_000))):
        analysis = pipeline.analyze_article(art)
        window.controller.show(None, analysis)
        window.controller._background_timer.stop()   # no model run, no library write: they would share the CPU
        QApplication.instance().processEvents()
        print(f"{label}: {len(art.text):,} chars, {len(analysis.attributions)} attributions")
        measure(window, label)
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
