"""The Models and Settings dialog: listing off the UI thread, choosing, downloading with progress and
cancel, and switching models in the running app (the old one is freed, nothing re-runs unasked)."""
from __future__ import annotations

import time

from PySide6.QtWidgets import QMessageBox

from reader.errors import Cancelled
from reader.models.download import DownloadProgress
from reader.settings import load_settings
from reader.ui.models_dialog import ModelsDialog


def open_dialog(qtbot):
    dialog = ModelsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=10000)
    return dialog


def test_lists_installed_models_and_the_catalogue(home, qtbot):
    dialog = open_dialog(qtbot)
    names = [dialog.catalogue.topLevelItem(i).text(0) for i in range(dialog.catalogue.topLevelItemCount())]
    assert "Qwen2.5-1.5B-Instruct" in names and len(names) >= 5
    if dialog.data.embedded is not None:
        first = dialog.installed.topLevelItem(0)
        assert first.text(0).startswith("● ") and first.text(1) == "embedded" and first.text(2) == "135M"
    dialog.catalogue.setCurrentItem(dialog.catalogue.topLevelItem(1))
    assert dialog.download_button.isEnabled() and "unverified" in dialog.catalogue.topLevelItem(1).text(5)
    assert "checksum" in dialog.note.text()


def test_the_small_model_choice_is_shown_and_kept(home, qtbot):
    from reader.settings import Settings
    Settings(small_model_writes=True, max_actors=3).save()
    dialog = open_dialog(qtbot)
    assert dialog.small_writes.isChecked() and "1B weights" in dialog.small_writes.text()
    dialog.small_writes.setChecked(False)
    chosen = dialog.result_settings()
    assert chosen.small_model_writes is False and chosen.max_actors == 3


def test_download_shows_progress_and_cancels_at_the_next_step(home, qtbot, monkeypatch):
    after_cancel: list[int] = []     # steps reported once the cancel flag was already set

    def slow_download(name, force=False, progress=None, cancel=None, **_):
        for step in range(1, 10_000):
            if cancel.cancelled:
                raise Cancelled()
            if cancel.cancelled:      # set between the check above and this report: the one in flight
                after_cancel.append(step)
            progress(DownloadProgress(done=step * 1_000_000, total=500_000_000, rate=2e6, eta=200.0))
            time.sleep(0.02)
        raise AssertionError("never cancelled")

    monkeypatch.setattr("reader.models.service.download_model", slow_download)
    dialog = open_dialog(qtbot)
    dialog.catalogue.setCurrentItem(dialog.catalogue.topLevelItem(2))
    dialog.download_button.click()
    qtbot.waitUntil(lambda: "MB/s" in dialog.progress_label.text() or "/s" in dialog.progress_label.text(),
                    timeout=5000)
    assert dialog.progress.isVisible() and dialog.progress.value() > 0
    assert not dialog.download_button.isEnabled()          # one download at a time
    job = dialog.job
    dialog.cancel_download.click()
    assert job.cancel_token.cancelled                       # the click sets the flag at once
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30000)
    assert len(after_cancel) <= 1                           # stopped at the next check: at most the step in flight
    assert "resumes next time" in dialog.progress_label.text()
    assert not dialog.progress.isVisible()


def test_failed_download_is_a_message(home, qtbot, monkeypatch):
    from reader.models.download import DownloadError
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))

    def failing(name, **_):
        raise DownloadError("The download of “x.gguf” failed: the server answered 404.")
    monkeypatch.setattr("reader.models.service.download_model", failing)
    dialog = open_dialog(qtbot)
    dialog.catalogue.setCurrentItem(dialog.catalogue.topLevelItem(2))
    dialog.download_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "404" in shown[0] and dialog.job is None and dialog.download_button.isEnabled()


def test_switching_models_frees_the_old_one_and_reruns_only_when_asked(home, make_window, qtbot, fake_backend):
    from reader.resources import SAMPLE_ARTICLE, resource_path
    from reader.settings import Settings
    closed = []

    class Counting(fake_backend):
        def close(self):
            closed.append(self)

    window = make_window(Counting)
    window.controller.open_path(resource_path(*SAMPLE_ARTICLE))
    qtbot.waitUntil(lambda: window.controller.report is not None, timeout=20000)
    backend = window.controller.model.worker.backend
    calls = backend.calls
    window.controller.apply_settings(Settings(model=str(home / "other.gguf"), temperature=0.3, max_actors=2))
    qtbot.waitUntil(lambda: bool(closed), timeout=5000)
    assert closed == [backend]                              # the old model is freed at once
    qtbot.waitUntil(lambda: "Summarise again" in window.status_label.text(), timeout=5000)
    assert load_settings().model.endswith("other.gguf") and load_settings().max_actors == 2
    qtbot.waitUntil(lambda: window.controller.model.worker.max_actors == 2, timeout=5000)
    assert window.controller.model.worker.small_model_writes is False
    assert window.controller.model.worker.backend is None and backend.calls == calls   # nothing re-ran by itself
    # the label follows the worker's signal, queued to the UI thread: it may come a moment later
    qtbot.waitUntil(lambda: window.model_label.text().startswith("Model: not loaded"), timeout=5000)
