"""The LLM stage: section summaries, an overview and stance notes, as a stream of events.

:func:`run_report` is a generator. It yields :class:`Token` events while text streams in, one
``SectionDone`` / ``OverviewDone`` / ``StanceDone`` per finished item, and a final ``Finished``
carrying the :class:`~reader.analysis.results.Report`. Progress, streaming and cancellation
between items come for free; a cancel inside an item stops the model within a token (or, during a
prefill, through llama.cpp's abort callback). Finished items are kept, and the report says it was
cancelled. A model error (a dropped connection, a prompt too long) ends the run the same way, with
the error in the report; the section being written then is kept with what the model had written,
marked ``partial``. Answers come from the cache when the same article, model, prompt and input were
seen; empty and unfinished answers are never cached.

Token budget: each section is read once. A section longer than the context is split at paragraph
boundaries, each part summarised, and the part summaries reduced to one. The overview reads the
opening paragraphs and the section summaries, and each stance note reads only its actor's own
evidence, so the article is prefilled once in all.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

from ..llm import prompts
from ..llm.backend import Backend, Cancelled, CancelToken, ModelError, Usage
from .cache import AnswerCache
from .grounding import Grounded, split_generated
from .model import Analysis
from .results import Report, SectionSummary, StanceNote
from .sources import SourceIndex

SUMMARY_TOKENS = 120
OVERVIEW_TOKENS = 90
PROMPT_OVERHEAD = 220


@dataclass
class Token:
    kind: str          # "summary" | "overview"
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
    report: Report


class _Stage:
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


class Summarizer:
    def __init__(self, analysis: Analysis, backend: Backend, cache: AnswerCache | None = None,
                 cancel: CancelToken | None = None, max_actors: int = 6, temperature: float = 0.0):
        self.analysis = analysis
        self.article = analysis.article
        self.backend = backend
        self.cache = cache or AnswerCache(enabled=False)
        self.cancel = cancel or CancelToken()
        self.max_actors = max_actors
        self.sampling = {"temperature": temperature}   # greedy by default: reproducible answers
        self.sources = SourceIndex(analysis)
        self.stages = {name: _Stage() for name in ("summaries", "overview", "stances")}
        self.first_token: float | None = None
        self.started = 0.0
        self._streamed: list[str] = []   # what the model wrote for the item in progress

    # -- model calls with cache -----------------------------------------------------------------
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

    def _generate(self, stage: str, kind: str, index: int, messages: list[dict], max_tokens: int,
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
            self._streamed.append(chunk.text)
            yield Token(kind, index, chunk.text)
        record.calls += 1
        record.usage.add(usage)
        record.per_call.append([usage.prompt_tokens, usage.prefilled_tokens, usage.completion_tokens])
        record.seconds += time.perf_counter() - t0
        text = "".join(parts).strip()
        if key is not None and text:
            self.cache.put(key, {"text": text})
        return text

    # -- stages ---------------------------------------------------------------------------------
    def _section_chunks(self, index: int) -> list[str]:
        budget = max(256, self.backend.info.n_ctx - SUMMARY_TOKENS - PROMPT_OVERHEAD)
        chunks, current, used = [], [], 0
        for start, end in self.article.sections[index].paragraphs:
            para = self.article.text[start:end]
            cost = self.backend.count_tokens(para) + 2
            if cost > budget:  # one enormous paragraph: cut it by characters
                para = para[: budget * 3]
                cost = budget
            if current and used + cost > budget:
                chunks.append("\n\n".join(current))
                current, used = [], 0
            current.append(para)
            used += cost
        if current:
            chunks.append("\n\n".join(current))
        return chunks

    def summarize_section(self, index: int) -> Iterator:
        key = self.key("summaries", f"section-{index}", SUMMARY_TOKENS)
        text = self.cached("summaries", key)
        if text is not None:
            yield Token("summary", index, text)
        else:
            text = yield from self._write_section(index)
            if text:
                self.cache.put(key, {"text": text})
        grounder = self.sources.section_grounder(index)
        sentences = tuple(grounder.ground(s) for s in split_generated(text or "")[:3])
        yield SectionDone(SectionSummary(index, sentences))

    def _write_section(self, index: int) -> Iterator:
        """Summarise a section; one longer than the context is summarised in parts, then reduced."""
        heading = self.article.heading_text(index)
        chunks = self._section_chunks(index)
        texts = []
        for chunk in chunks:
            messages = prompts.summary_messages(self.article.title, heading, chunk)
            texts.append((yield from self._generate("summaries", "summary", index, messages, SUMMARY_TOKENS)))
        if len(texts) == 1:
            return texts[0]
        messages = prompts.reduce_messages(self.article.title, heading, texts)
        return (yield from self._generate("summaries", "summary", index, messages, SUMMARY_TOKENS))

    def overview(self, summaries: list[SectionSummary]) -> Iterator:
        points = [s.text for summary in summaries for s in summary.sentences if not s.flag][:12]
        key = self.key("overview", "overview", OVERVIEW_TOKENS, points=points)
        text = self.cached("overview", key)
        if text is not None:
            yield Token("overview", 0, text)
        else:
            lead = self.sources.lead_text(max_tokens=300, count=self.backend.count_tokens)
            messages = prompts.overview_messages(self.article.title, lead, points)
            text = yield from self._generate("overview", "overview", 0, messages, OVERVIEW_TOKENS, key=key)
        grounder = self.sources.article_grounder()
        yield OverviewDone(tuple(grounder.ground(s) for s in split_generated(text)[:3]))

    def _partial_summary(self, index: int) -> SectionSummary:
        """What the model had written for section ``index`` when it failed, grounded, marked partial."""
        grounder = self.sources.section_grounder(index)
        sentences = tuple(grounder.ground(s) for s in split_generated("".join(self._streamed))[:3])
        return SectionSummary(index, sentences, partial=True)

    def stance(self, entity_id: str) -> Iterator:
        from .stance import stance_note
        yield from stance_note(self, entity_id)

    # -- the whole run --------------------------------------------------------------------------
    def run(self) -> Iterator:
        self.started = time.perf_counter()
        info = self.backend.info
        report = Report(model={"file": info.file, "sha256": info.sha256, "prompt_version": prompts.PROMPT_VERSION,
                               "n_ctx": info.n_ctx})
        actors = self.sources.main_actors(self.max_actors)
        total = len(self.article.sections) + 1 + len(actors)
        done = 0
        section: int | None = None     # the section being written
        try:
            for section in range(len(self.article.sections)):
                yield Progress(done, total, f"Summarising section {section + 1} of {len(self.article.sections)}")
                self._streamed = []
                yield from _recorded(report, self.summarize_section(section))
                done += 1
            section = None
            yield Progress(done, total, "Writing the overview")
            yield from _recorded(report, self.overview(report.summaries))
            done += 1
            for entity_id in actors:
                yield Progress(done, total, f"Stance of {self.analysis.entity(entity_id).name}")
                yield from _recorded(report, self.stance(entity_id))
                done += 1
        except Cancelled:
            report.cancelled = True
        except ModelError as error:
            report.errors.append(str(error))
            if section is not None and "".join(self._streamed).strip():
                yield from _recorded(report, [SectionDone(self._partial_summary(section))])
        report.timings = {name: stage.to_dict() for name, stage in self.stages.items()}
        report.timings["total_seconds"] = round(time.perf_counter() - self.started, 3)
        report.timings["first_token_seconds"] = round(self.first_token, 3) if self.first_token else None
        yield Progress(done, total, "Cancelled" if report.cancelled else "Done")
        yield Finished(report)


def _recorded(report: Report, events) -> Iterator:
    """Pass events through, keeping each finished item in the report."""
    for event in events:
        if isinstance(event, SectionDone):
            report.summaries.append(event.summary)
        elif isinstance(event, OverviewDone):
            report.overview = event.sentences
        elif isinstance(event, StanceDone):
            report.stances.append(event.note)
        yield event


def run_report(analysis: Analysis, backend: Backend, **kwargs) -> Iterator:
    return Summarizer(analysis, backend, **kwargs).run()
