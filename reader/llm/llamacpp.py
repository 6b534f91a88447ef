"""llama.cpp in process, through llama-cpp-python: the default backend.

- The chat template comes from the GGUF metadata (``tokenizer.chat_template``), rendered with
  llama-cpp-python's sandboxed Jinja formatter; ChatML when the model has none.
- ``n_ctx`` is chosen from the model's trained context and what the caller needs, never the
  library's 512 default.
- Prompts that share a prefix with the previous call reuse its KV cache (llama-cpp-python keeps the
  evaluated tokens); :class:`Usage` reports how many prompt tokens were actually prefilled.
- Cancel works between generated tokens and, through llama.cpp's abort callback, inside a prefill.
"""
from __future__ import annotations

import ctypes
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

from ..cancel import CancelToken
from ..errors import Cancelled, ModelError
from ..models.fit import CpuMeter, default_threads, machine, plan, threads_beside
from ..models.gguf_header import check_generative, context_length, read_metadata
from .backend import Chunk, ModelInfo, Usage
from .decode import Grammar, Sampling, generate, prefill

CHATML = ("{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n"
          "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")
DEFAULT_MAX_CTX = 8192


class LlamaCppBackend:
    def __init__(self, model_path: str, *, n_ctx: int | None = None, n_threads: int | None = None,
                 n_gpu_layers: int = 0, sha256: str = "", max_ctx: int = DEFAULT_MAX_CTX):
        """Reads the GGUF header now (cheap); the weights load on first use, so that answers
        already in the cache are served without loading the model. Without ``n_ctx``, the context
        is the largest (up to ``max_ctx``) that fits in free memory (:mod:`reader.models.fit`)."""
        self.model_path = str(model_path)
        self.threads = n_threads or default_threads()
        # threads the user did not choose follow the machine: fewer while other programs keep
        # cores busy (reader.models.fit.threads_beside), back to the default when they stop
        self.meter = CpuMeter() if n_threads is None else None
        self.threads_now = self.threads
        self.n_gpu_layers = n_gpu_layers
        meta = read_metadata(Path(self.model_path))
        check_generative(meta, os.path.basename(self.model_path))
        trained = context_length(meta)
        template = meta.get("tokenizer.chat_template")
        self.template = template if isinstance(template, str) and template.strip() else CHATML
        self._meta, self._size = meta, os.path.getsize(self.model_path)
        ctx = n_ctx or plan(meta, self._size, machine(probe_gpu=False), max_ctx=max_ctx).n_ctx
        self.info = ModelInfo(file=os.path.basename(self.model_path), sha256=sha256,
                              name=str(meta.get("general.name") or ""), context_length=trained or 0,
                              n_ctx=ctx, chat_template=self.template,
                              parameters=int(meta.get("gguf.parameter_count") or 0))
        self._llm = None
        self._cancel: CancelToken | None = None

    @property
    def llm(self):
        if self._llm is None:
            self._load()
        return self._llm

    def _load(self) -> None:
        # llama_cpp is imported when a model first loads: its shared library costs about 0.3 s, which
        # answers served from the cache, `analyze` and the window's first paint never pay
        import llama_cpp
        from llama_cpp import Llama
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        name = os.path.basename(self.model_path)
        fit = plan(self._meta, self._size, machine(probe_gpu=False), n_ctx=self.info.n_ctx, label=name)
        if not fit.fits and self.n_gpu_layers == 0:
            raise ModelError(f"The model was not loaded, to keep this computer responsive: {fit.message}")
        try:
            llm = Llama(model_path=self.model_path, n_ctx=self.info.n_ctx, n_threads=self.threads,
                        n_threads_batch=self.threads, n_gpu_layers=self.n_gpu_layers, n_batch=256, verbose=False)
        except (ValueError, RuntimeError, OSError) as error:
            raise ModelError(f"The model “{name}” could not be loaded: it may be truncated, corrupt or not a "
                             f"text-generation model ({error}).") from None
        except MemoryError:
            raise ModelError(f"There is not enough memory to load “{name}”. Try a smaller model.") from None
        meta = llm.metadata or {}
        if meta.get("general.type") not in (None, "model") or llm.n_vocab() <= 0:
            llm.close()
            raise ModelError(f"“{name}” is not a text-generation model.")
        self._llm = llm
        eos, bos = self._token_text(llm.token_eos()), self._token_text(llm.token_bos())
        self.formatter = Jinja2ChatFormatter(template=self.template, eos_token=eos, bos_token=bos)
        self._abort_cb = ctypes.CFUNCTYPE(ctypes.c_bool, ctypes.c_void_p)(self._should_abort)
        llama_cpp.llama_set_abort_callback(llm._ctx.ctx, self._abort_cb, None)

    def _follow_machine(self, llm) -> None:
        """Set the threads of the next call from how busy other programs kept the machine since the
        last one (only when the user chose no thread count)."""
        if self.meter is None:
            return
        wanted = threads_beside(self.meter.others(), self.threads)
        if wanted != self.threads_now:
            import llama_cpp
            llama_cpp.llama_set_n_threads(llm._ctx.ctx, wanted, wanted)
            self.threads_now = wanted

    def _token_text(self, token: int) -> str:
        if token < 0:
            return ""
        try:
            return self.llm.detokenize([token], special=True).decode("utf-8", "ignore")
        except TypeError:  # older llama-cpp-python without ``special``
            return self.llm.detokenize([token]).decode("utf-8", "ignore")

    def _should_abort(self, _data) -> bool:
        return bool(self._cancel and self._cancel.cancelled)

    # -- contract -------------------------------------------------------------------------------
    def count_tokens(self, text: str) -> int:
        return len(self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def format(self, messages: list[dict]) -> tuple[str, list[str]]:
        self.llm  # noqa: B018 (loads the model and its formatter on first use)
        result = self.formatter(messages=messages)
        stops = result.stop if isinstance(result.stop, list) else ([result.stop] if result.stop else [])
        return result.prompt, stops

    def chat(self, messages: list[dict], *, max_tokens: int = 256, temperature: float = 0.0,
             schema: dict | None = None, cancel: CancelToken | None = None) -> Iterator[Chunk]:
        """Stream the answer; with ``schema``, constrained to that JSON schema. The token loop is
        our own (:mod:`reader.llm.decode`): the grammar is consulted lazily, one token at a time."""
        prompt, stops = self.format(messages)
        llm = self.llm
        tokens = llm.tokenize(prompt.encode("utf-8"), add_bos=not prompt.startswith(
            self._token_text(llm.token_bos()) or "\0"), special=True)
        room = llm.n_ctx() - len(tokens) - 1
        if room < 16:
            raise ModelError(f"The prompt ({len(tokens)} tokens) does not fit the model's context "
                             f"({llm.n_ctx()} tokens).")
        grammar = self._grammar(schema) if schema is not None else None
        usage = Usage(prompt_tokens=len(tokens))
        self._cancel = cancel
        cancelled = (lambda: cancel.cancelled) if cancel is not None else (lambda: False)
        self._follow_machine(llm)
        usage.threads = self.threads_now
        started = time.perf_counter()
        first = None
        try:
            usage.prefilled_tokens = len(tokens) - prefill(llm, tokens)
            usage.prefill_seconds = time.perf_counter() - started
            for text, count in generate(llm, min(max_tokens, room), Sampling(temperature=temperature),
                                        grammar, stops, cancelled):
                if first is None:
                    first = time.perf_counter()
                    usage.first_token_seconds = first - started
                usage.completion_tokens += count
                if text:
                    yield Chunk(text)
            if cancelled():
                raise Cancelled()
        except RuntimeError as error:
            if cancelled():
                raise Cancelled() from None
            raise ModelError(f"The model failed while generating ({error}).") from None
        finally:
            self._cancel = None
            if grammar is not None:
                grammar.close()
        if first is not None:
            usage.generate_seconds = time.perf_counter() - first
        yield Chunk("", done=True, usage=usage)

    def _grammar(self, schema: dict):
        from llama_cpp.llama_grammar import LlamaGrammar
        gbnf = LlamaGrammar.from_json_schema(json.dumps(schema), verbose=False)
        try:
            return Grammar(self.llm._model.vocab, gbnf._grammar, gbnf._root)
        except ValueError:
            raise ModelError("The answer's JSON schema could not be turned into a grammar.") from None

    def close(self) -> None:
        llm, self._llm = self._llm, None
        if llm is not None:
            llm.close()
