"""The backend contract: chat with streaming, JSON-schema constrained output, token counts, cancel.

Two implementations: :class:`reader.llm.llamacpp.LlamaCppBackend` (llama.cpp in process, the
default) and :class:`reader.llm.openai_http.OpenAIHTTPBackend` (any OpenAI-compatible server).
A backend is owned by one thread at a time (llama.cpp objects are not thread-safe); other threads
talk to it through that owner and stop it with a :class:`~reader.cancel.CancelToken`.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from ..cancel import CancelToken


@dataclass(frozen=True)
class ModelInfo:
    file: str                  # file name (or model id for a server)
    sha256: str                # of the file; "" when unknown (a remote server)
    name: str = ""
    context_length: int = 0    # what the model was trained for
    n_ctx: int = 0             # the context this backend runs with
    chat_template: str = ""
    parameters: int = 0        # weights in the model (from the GGUF header); 0 when unknown (a server)


@dataclass
class Usage:
    prompt_tokens: int = 0       # tokens of the prompt
    prefilled_tokens: int = 0    # prompt tokens actually computed (the rest came from the KV cache)
    completion_tokens: int = 0
    prefill_seconds: float = 0.0
    generate_seconds: float = 0.0
    first_token_seconds: float = 0.0   # from the call to the first generated text
    threads: int = 0                   # the threads llama.cpp ran this call with (0: not known)

    def add(self, other: Usage) -> None:
        for name in ("prompt_tokens", "prefilled_tokens", "completion_tokens", "prefill_seconds",
                     "generate_seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Chunk:
    """A piece of streamed output; the last chunk of a call has ``done=True`` and the usage."""
    text: str
    done: bool = False
    usage: Usage = field(default_factory=Usage)


class Backend(Protocol):
    info: ModelInfo

    def count_tokens(self, text: str) -> int: ...

    def chat(self, messages: list[dict], *, max_tokens: int = 256, temperature: float = 0.0,
             schema: dict | None = None, cancel: CancelToken | None = None) -> Iterator[Chunk]: ...

    def close(self) -> None: ...


def complete(backend: Backend, messages: list[dict], **kwargs) -> tuple[str, Usage]:
    """Run a chat call to the end; return the text and its usage."""
    parts, usage = [], Usage()
    for chunk in backend.chat(messages, **kwargs):
        parts.append(chunk.text)
        if chunk.done:
            usage = chunk.usage
    return "".join(parts), usage
