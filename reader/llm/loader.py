"""Open the backend the user asked for: a local GGUF file (default) or an OpenAI-compatible server."""
from __future__ import annotations

from ..models.discovery import file_sha256, resolve_model
from ..settings import load_settings
from .backend import Backend
from .llamacpp import LlamaCppBackend
from .openai_http import OpenAIHTTPBackend


def open_backend(model: str | None = None, server: str | None = None, *, n_ctx: int | None = None,
                 n_threads: int | None = None, n_gpu_layers: int = 0) -> Backend:
    """Arguments win over the settings file (:mod:`reader.settings`), which wins over defaults."""
    settings = load_settings()
    server = server or (settings.server_url if not model else None)
    n_ctx = n_ctx or settings.context or None
    n_threads = n_threads or settings.threads or None
    if server:
        return OpenAIHTTPBackend(server, model=model, n_ctx=n_ctx)
    path = resolve_model(model)
    return LlamaCppBackend(str(path), n_ctx=n_ctx, n_threads=n_threads, n_gpu_layers=n_gpu_layers,
                           sha256=file_sha256(path))
