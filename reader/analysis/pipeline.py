"""What the model stage's steps share: the events they yield, and :class:`ModelCalls`, the one way
a step asks the model (through the answer cache, with per-stage accounting and cancellation).

The steps — :mod:`.summarize` (section summaries, the overview) and :mod:`.stance` (stance notes) —
import this module and never each other; :mod:`.runner` runs them in order.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

from ..annotations import Analysis
from ..cancel import CancelToken
from ..llm import prompts
from ..llm.backend import Backend, Usage
from .cache import AnswerCache
from .grounding import Grounded
from .results import SectionSummary, StanceNote
from .sources import SourceIndex

STAGES = ("summaries", "overview", "stances")
# Below this many weights the model's own sentences are not shown where the article's own words do
# better, measured per model size: the embedded 135M model's stance labels are at chance and its
# notes say little (stance notes show the actor's own words), and its overview scored ROUGE-L 0.117
# on the held-back GUM news against 0.191 for the article's first sentence (the overview shows the
# key sentence), and of its section-summary sentences, judged by hand on development GUM documents,
# 0.6 to 0.7 asserted what the section does not say (each section shows its key sentence).
# docs/EVALUATION.md has the figures. A reader may still ask such a model to write
# (``small_model_writes``): its sentences are then grounded and flagged like any model's.
MIN_WRITER_PARAMETERS = 1_000_000_000


def small_model(parameters: int) -> bool:
    """A model known to have fewer than :data:`MIN_WRITER_PARAMETERS` weights (0: not known, as a
    server's: trusted)."""
    return 0 < parameters < MIN_WRITER_PARAMETERS


def output_version(parameters: int, small_model_writes: bool = False) -> str:
    """The prompt version a report is stored under, marked when a model under
    :data:`MIN_WRITER_PARAMETERS` is not asked to write (key sentences for summaries, the actors'
    own words for stance notes), so that a stored report of one kind is never taken for the other
    (``library batch`` skips what it has)."""
    if small_model_writes or not small_model(parameters):
        return prompts.PROMPT_VERSION
    return f"{prompts.PROMPT_VERSION}-own-words"


# -- events ------------------------------------------------------------------------------------
@dataclass
class Token:
    kind: str          # "summary" | "overview" | "stance"
    index: int         # section index (summary) or 0
    text: str


@dataclass
class Progress:
    done: int
    total: int
    label: str


@dataclass
class SectionDone:
    summary: SectionSummary


@dataclass
class OverviewDone:
    sentences: tuple[Grounded, ...]


@dataclass
class StanceDone:
    note: StanceNote


@dataclass
class Finished:
    report: object     # reader.analysis.results.Report


# -- model calls ---------------------------------------------------------------------------------
class StageRecord:
    """Accumulates usage and wall time for one stage (summaries, overview, stances)."""

    def __init__(self) -> None:
        self.usage = Usage()
        self.seconds = 0.0
        self.calls = 0
        self.cached = 0
        self.per_call: list[list[int]] = []   # [prompt, prefilled, generated] of each model call

    def to_dict(self) -> dict:
        u = self.usage
        return {"calls": self.calls, "cached": self.cached, "seconds": round(self.seconds, 3),
                "prompt_tokens": u.prompt_tokens, "prefilled_tokens": u.prefilled_tokens,
                "completion_tokens": u.completion_tokens, "prefill_seconds": round(u.prefill_seconds, 3),
                "generate_seconds": round(u.generate_seconds, 3), "per_call": self.per_call}


class ModelCalls:
    """The context of one run of the model stage over one analysis: the backend, the answer
    cache, the cancel token, the views of the analysis the prompts need, and the accounting."""

    def __init__(self, analysis: Analysis, backend: Backend, cache: AnswerCache | None = None,
                 cancel: CancelToken | None = None, temperature: float = 0.0, small_model_writes: bool = False):
        self.analysis = analysis
        self.article = analysis.article
        self.backend = backend
        self.cache = cache or AnswerCache(enabled=False)
        self.cancel = cancel or CancelToken()
        self.sampling = {"temperature": temperature}   # greedy by default: reproducible answers
        self.sources = SourceIndex(analysis)
        self.stages = {name: StageRecord() for name in STAGES}
        self.first_token: float | None = None
        self.started = time.perf_counter()
        self.streamed: list[str] = []   # what the model wrote for the item in progress
        self.small_model_writes = small_model_writes

    @property
    def writes(self) -> bool:
        """Whether the model is big enough for its own sentences to be shown (a model of unknown
        size, such as a server's, is trusted), or the reader asked a smaller one to write."""
        return self.small_model_writes or not small_model(self.backend.info.parameters)

    def key(self, stage: str, item: str, max_tokens: int, **inputs) -> str:
        """A cache key from what determines the answer, computable without loading the model."""
        info = self.backend.info
        return self.cache.key(kind=stage, article=self.article.content_hash, item=item,
                              model=info.sha256 or info.file, n_ctx=info.n_ctx, prompt=prompts.PROMPT_VERSION,
                              sampling=self.sampling, max_tokens=max_tokens, **inputs)

    def cached(self, stage: str, key: str) -> str | None:
        value = self.cache.get(key)
        if value is not None and isinstance(value.get("text"), str):
            self.stages[stage].cached += 1
            if self.first_token is None:
                self.first_token = time.perf_counter() - self.started
            return value["text"]
        return None

    def generate(self, stage: str, kind: str, index: int, messages: list[dict], max_tokens: int,
                 schema: dict | None = None, key: str | None = None) -> Iterator[Token]:
        """Yield Token events while the model writes; return the answer (served from the cache
        when ``key`` names one)."""
        if key is not None:
            text = self.cached(stage, key)
            if text is not None:
                yield Token(kind, index, text)
                return text
        self.cancel.check()
        record = self.stages[stage]
        t0 = time.perf_counter()
        parts: list[str] = []
        usage = Usage()
        for chunk in self.backend.chat(messages, max_tokens=max_tokens, schema=schema, cancel=self.cancel,
                                       **self.sampling):
            if chunk.done:
                usage = chunk.usage
                break
            if self.first_token is None:
                self.first_token = time.perf_counter() - self.started
            parts.append(chunk.text)
            self.streamed.append(chunk.text)
            yield Token(kind, index, chunk.text)
        record.calls += 1
        record.usage.add(usage)
        record.per_call.append([usage.prompt_tokens, usage.prefilled_tokens, usage.completion_tokens])
        record.seconds += time.perf_counter() - t0
        text = "".join(parts).strip()
        if key is not None and text:
            self.cache.put(key, {"text": text})
        return text

    def timings(self) -> dict:
        timings: dict = {name: stage.to_dict() for name, stage in self.stages.items()}
        timings["total_seconds"] = round(time.perf_counter() - self.started, 3)
        timings["first_token_seconds"] = round(self.first_token, 3) if self.first_token else None
        return timings
