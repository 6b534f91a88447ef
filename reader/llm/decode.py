"""Our own token loop over llama.cpp: prefill with prefix reuse, then sample token by token.

Why not llama-cpp-python's ``create_completion``: its sampler chain runs every step over the whole
vocabulary (49k entries for SmolLM2, 150k for Qwen), and with a JSON grammar it checks every one of
them against the grammar before choosing one; it also re-detokenises the whole answer each step to
look for stop strings. That made grammar-constrained stance notes run at a third of llama.cpp's
speed. Here, as llama.cpp's own ``common_sampler`` does:

- the token is chosen from the raw logits first (greedy, or top-k/top-p/temperature sampling), with
  the repeat penalty applied to the few tokens it concerns;
- the grammar is asked about that one token only; only when it refuses is the grammar applied to the
  whole vocabulary and the choice made again among what it allows;
- text is decoded incrementally (UTF-8 safe), and stop strings are looked for in the tail only.

The chosen token is always one the grammar accepts, so accepting it never fails inside llama.cpp.
"""
from __future__ import annotations

import codecs
import ctypes
import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

PENALTY_LAST_N = 64     # llama-cpp-python's default window for the repeat penalty
TOP_K, TOP_P, MIN_P = 40, 0.95, 0.05


@dataclass
class Sampling:
    temperature: float = 0.0
    repeat_penalty: float = 1.1
    seed: int = 0


class Grammar:
    """A llama.cpp grammar sampler, queried lazily (one candidate first, the vocabulary if needed)."""

    def __init__(self, vocab, gbnf: str, root: str = "root"):
        import llama_cpp  # when a model runs, not when the module loads (0.3 s; see llamacpp._load)
        self._lib = llama_cpp
        self._sampler = llama_cpp.llama_sampler_init_grammar(vocab, gbnf.encode("utf-8"), root.encode("utf-8"))
        if not self._sampler:
            raise ValueError("llama.cpp rejected the grammar")
        self._one = (llama_cpp.llama_token_data * 1)()
        self._one_array = llama_cpp.llama_token_data_array(data=self._one, size=1, selected=-1, sorted=False)
        self._all = None

    def allows(self, token: int) -> bool:
        self._one[0].id, self._one[0].logit, self._one[0].p = token, 0.0, 0.0
        self._one_array.size, self._one_array.selected = 1, -1
        self._lib.llama_sampler_apply(self._sampler, ctypes.byref(self._one_array))
        return self._one[0].logit != -math.inf

    def mask(self, logits: np.ndarray) -> np.ndarray:
        """``logits`` with every token the grammar refuses set to -inf (a new array)."""
        lib = self._lib
        n = len(logits)
        if self._all is None or len(self._all[0]) != n:
            data = (lib.llama_token_data * n)()
            view = np.ctypeslib.as_array(data).view(np.dtype([("id", np.int32), ("logit", np.float32),
                                                                ("p", np.float32)]))
            view["id"] = np.arange(n, dtype=np.int32)
            self._all = (view, data, lib.llama_token_data_array(data=data, size=n, selected=-1, sorted=False))
        view, _buffer, array = self._all
        view["logit"] = logits
        view["p"] = 0.0
        array.size, array.selected, array.sorted = n, -1, False
        lib.llama_sampler_apply(self._sampler, ctypes.byref(array))
        return view["logit"].copy()

    def accept(self, token: int) -> None:
        self._lib.llama_sampler_accept(self._sampler, token)

    def close(self) -> None:
        if self._sampler:
            self._lib.llama_sampler_free(self._sampler)
            self._sampler = None


def choose(logits: np.ndarray, sampling: Sampling, rng: np.random.Generator) -> int:
    """One token from (penalised) logits: the argmax at temperature 0, else top-k, top-p, min-p and
    temperature sampling as llama.cpp's default chain does."""
    if sampling.temperature <= 0:
        return int(np.argmax(logits))
    k = min(TOP_K, len(logits))
    top = np.argpartition(logits, -k)[-k:]
    top = top[np.argsort(logits[top])[::-1]]
    values = logits[top].astype(np.float64)
    finite = np.isfinite(values)
    top, values = top[finite], values[finite]
    probs = np.exp((values - values[0]) / sampling.temperature)
    probs /= probs.sum()
    keep = max(1, int(np.searchsorted(np.cumsum(probs), TOP_P) + 1))
    keep = min(keep, int(np.count_nonzero(probs >= MIN_P * probs[0])) or 1)
    probs = probs[:keep] / probs[:keep].sum()
    return int(top[rng.choice(keep, p=probs)])


def penalise(logits: np.ndarray, recent: list[int], penalty: float) -> np.ndarray:
    """llama.cpp's repeat penalty over the recent tokens; returns a copy when it changes anything."""
    if penalty == 1.0 or not recent:
        return logits
    ids = np.fromiter(set(recent[-PENALTY_LAST_N:]), dtype=np.int64)
    logits = logits.copy()
    values = logits[ids]
    logits[ids] = np.where(values > 0, values / penalty, values * penalty)
    return logits


class StopFilter:
    """Streams text while holding back a tail that could still turn into a stop string."""

    def __init__(self, stops: list[str]):
        self.stops = [s for s in stops if s]
        self.held = ""
        self.stopped = False

    def feed(self, text: str) -> str:
        self.held += text
        for stop in self.stops:
            at = self.held.find(stop)
            if at >= 0:
                self.held, self.stopped = self.held[:at], True
        if self.stopped:
            out, self.held = self.held, ""
            return out
        keep = 0
        for stop in self.stops:
            for n in range(min(len(stop) - 1, len(self.held)), 0, -1):
                if self.held.endswith(stop[:n]):
                    keep = max(keep, n)
                    break
        out = self.held[: len(self.held) - keep]
        self.held = self.held[len(out):]
        return out

    def flush(self) -> str:
        out, self.held = self.held, ""
        return out


def prefill(llm, tokens: list[int]) -> int:
    """Evaluate ``tokens``, reusing the KV cache of the longest prefix they share with what the
    model holds (at least the last token is evaluated, for fresh logits). Returns the reused count."""
    held = llm.input_ids[: llm.n_tokens].tolist()
    reused = 0
    for a, b in zip(held, tokens, strict=False):
        if a != b:
            break
        reused += 1
    reused = min(reused, len(tokens) - 1)
    recurrent = getattr(llm, "_is_recurrent", False) or getattr(llm, "_is_hybrid", False)
    if reused > 0 and not recurrent and llm._ctx.kv_cache_seq_rm(-1, reused, -1):
        llm.n_tokens = reused
    else:
        llm.reset()
        reused = 0
    llm.eval(tokens[reused:])
    return reused


def generate(llm, max_tokens: int, sampling: Sampling, grammar: Grammar | None = None,
             stops: list[str] | None = None, cancelled=lambda: False) -> Iterator[tuple[str, int]]:
    """After :func:`prefill`, yield ``(text, tokens)`` until an end-of-generation token, a stop
    string, ``max_tokens`` tokens or ``cancelled()``: one piece per sampled token (its text may be
    empty while a multi-byte character or a possible stop string is pending), then what was held
    back, with 0 tokens."""
    import llama_cpp  # when a model runs, not when the module loads (0.3 s; see llamacpp._load)
    vocab = llm._model.vocab
    n_vocab = llm.n_vocab()
    ctx = llm._ctx.ctx
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    stop = StopFilter(stops or [])
    rng = np.random.default_rng(sampling.seed)
    recent: list[int] = []
    for _ in range(max_tokens):
        if cancelled():
            return
        logits = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(ctx, -1), shape=(n_vocab,))
        logits = penalise(logits, recent, sampling.repeat_penalty)
        token = choose(logits, sampling, rng)
        if grammar is not None:
            if not grammar.allows(token):
                allowed = grammar.mask(logits)
                if not np.isfinite(allowed).any():
                    return          # the grammar allows nothing more: the answer is complete
                token = choose(allowed, sampling, rng)
            grammar.accept(token)
        if llama_cpp.llama_vocab_is_eog(vocab, token):
            break
        piece = decoder.decode(llm.detokenize([token]))
        yield stop.feed(piece), 1
        if stop.stopped:
            return
        recent.append(token)
        llm.eval([token])
    tail = decoder.decode(b"", final=True)
    rest = stop.feed(tail) + stop.flush()
    if rest:
        yield rest, 0
