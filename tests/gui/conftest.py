"""GUI fixtures: a window with its own settings file and, where a test is about timing,
cancellation or errors rather than the model's words, a fake backend (the real one is tested in
tests/llm and tests/analysis)."""
from __future__ import annotations

import json
import time

import pytest
from PySide6.QtCore import QSettings

from reader.llm.backend import Chunk, ModelInfo, Usage
from reader.resources import SAMPLE_ARTICLE, resource_path
from reader.ui.main_window import MainWindow
from reader.ui.model_worker import ModelWorker


class FakeBackend:
    """Streams a fixed sentence slowly, honouring the cancel token between tokens."""

    def __init__(self, delay: float = 0.005):
        self.info = ModelInfo(file="fake.gguf", sha256="f" * 64, n_ctx=4096)
        self.delay = delay
        self.calls = 0

    def count_tokens(self, text: str) -> int:
        return max(1, len(text) // 4)

    def chat(self, messages, *, max_tokens=256, temperature=0.0, schema=None, cancel=None):
        self.calls += 1
        if schema is not None:
            props = schema["properties"]
            answer = json.dumps({"label": props["label"]["enum"][0], "target": props["target"]["enum"][0],
                                 "evidence": props["evidence"]["items"]["enum"][:1],
                                 "note": "The council voted to automate the docks."})
            pieces = [answer]
        else:
            pieces = ["The council ", "voted ", "to automate ", "the docks."]
        for piece in pieces:
            if cancel is not None and cancel.cancelled:
                from reader.errors import Cancelled
                raise Cancelled()
            time.sleep(self.delay)
            yield Chunk(piece)
        yield Chunk("", done=True, usage=Usage(prompt_tokens=10, prefilled_tokens=10, completion_tokens=len(pieces)))

    def close(self):
        pass


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, settings, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))      # the library lives here
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # and the settings file here

    def _make(backend_factory=None):
        worker = ModelWorker(backend_factory=backend_factory or FakeBackend)
        window = MainWindow(worker=worker, settings=settings, library_path=tmp_path / "library.sqlite3")
        qtbot.addWidget(window)
        window.show()
        return window
    return _make


@pytest.fixture
def sample_window(make_window, qtbot):
    window = make_window()
    window.controller.open_path(resource_path(*SAMPLE_ARTICLE))
    qtbot.waitUntil(lambda: window.analysis is not None, timeout=15000)
    return window


@pytest.fixture
def fake_backend():
    return FakeBackend
