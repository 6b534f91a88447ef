"""The window's controller without a window: opening, the model run, the library, saving, settings.

No widget is created here; the controller's signals are what the window paints.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from reader.analysis.pipeline import Finished, Token
from reader.library import Library
from reader.resources import SAMPLE_ARTICLE, resource_path
from reader.settings import Settings, load_settings
from reader.ui.controller import ArticleController
from reader.ui.model_worker import ModelWorker


@pytest.fixture
def controller(qtbot, settings, tmp_path, monkeypatch, fake_backend):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    made = ArticleController(ModelWorker(backend_factory=fake_backend), settings, tmp_path / "library.sqlite3")
    yield made
    made.close()


def record(signal) -> list:
    seen: list = []
    signal.connect(lambda *args: seen.append(args))
    return seen


def test_opening_runs_the_model_and_records_the_article(controller, qtbot):
    opened, statuses, started = record(controller.opened), record(controller.status), record(controller.model_started)
    sections, stances, finished = record(controller.section_done), record(controller.stance_done), \
        record(controller.finished)
    ended, library = record(controller.work_ended), record(controller.library_changed)
    sample = resource_path(*SAMPLE_ARTICLE)
    controller.open_path(sample)
    qtbot.waitUntil(lambda: bool(finished), timeout=30000)
    analysis, path = opened[0]
    assert path == sample and controller.analysis is analysis
    assert statuses[0][0] == f"Opening {sample.name}…"
    assert any(s[0].startswith(f"{len(analysis.article.sections)} sections · ") for s in statuses)
    assert controller.recent()[0] == str(sample)
    assert started and len(sections) == len(analysis.article.sections) and stances
    report = finished[0][0]
    assert controller.report is report and not report.cancelled
    assert ended[-1][0] == "Summaries and stance notes are ready."
    qtbot.waitUntil(lambda: len(library) >= 2, timeout=15000)   # the article, then its report
    with Library(controller.library_path) as lib:
        assert lib.count() == 1
        assert lib.has_report(analysis.article.content_hash, "f" * 64, report.model["prompt_version"])


def test_a_superseded_run_is_never_passed_on(controller, qtbot):
    finished, tokens = record(controller.finished), record(controller.token)
    controller.open_path(resource_path(*SAMPLE_ARTICLE))
    qtbot.waitUntil(lambda: bool(finished), timeout=30000)
    before = len(tokens)
    stale = controller.generation - 1
    controller._queue_model_event(stale, Token("summary", 0, "from an older request"))
    controller._queue_model_event(stale, Finished(controller.report))
    qtbot.waitUntil(lambda: not controller._events, timeout=15000)    # the queue has been drained
    assert len(tokens) == before and len(finished) == 1


def test_an_unreadable_file_is_a_warning_and_keeps_the_article(controller, qtbot, tmp_path):
    warnings, finished = record(controller.warning), record(controller.finished)
    controller.open_path(resource_path(*SAMPLE_ARTICLE))
    qtbot.waitUntil(lambda: bool(finished), timeout=30000)
    shown = controller.analysis
    controller.open_path(tmp_path / "missing.html")
    qtbot.waitUntil(lambda: bool(warnings), timeout=15000)
    title, message = warnings[0]
    assert title == "Could not open the article" and "missing.html" in message and "Traceback" not in message
    assert controller.analysis is shown


def test_saving_writes_the_export_or_says_why_not(controller, qtbot, tmp_path):
    statuses, warnings, finished = record(controller.status), record(controller.warning), record(controller.finished)
    controller.open_path(resource_path(*SAMPLE_ARTICLE))
    qtbot.waitUntil(lambda: bool(finished), timeout=30000)
    out = tmp_path / "out.md"
    controller.write_markdown(out)
    qtbot.waitUntil(lambda: ("Saved out.md",) in statuses, timeout=15000)
    assert out.read_text(encoding="utf-8").startswith("---\n")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    controller.write_markdown(blocker / "out.md")
    qtbot.waitUntil(lambda: bool(warnings), timeout=15000)
    assert warnings[0][0] == "Could not save" and "out.md" in warnings[0][1]


def test_changed_settings_are_saved_and_free_the_model(controller, qtbot, tmp_path):
    statuses = record(controller.status)
    controller.apply_settings(Settings(model=str(Path(tmp_path / "other.gguf")), max_actors=2))
    qtbot.waitUntil(lambda: any(s[0].startswith("Settings saved; model: other.gguf") for s in statuses),
                    timeout=15000)
    assert load_settings().max_actors == 2
