"""The model stage as one stream of events: :func:`run_report`.

It yields :class:`~.pipeline.Token` events while text streams in, one ``SectionDone`` /
``OverviewDone`` / ``StanceDone`` per finished item, ``Progress`` between items, and a final
``Finished`` carrying the :class:`~.results.Report`. Progress, streaming and cancellation between
items come for free; a cancel inside an item stops the model within a token (or, during a prefill,
through llama.cpp's abort callback). Finished items are kept, and the report says it was cancelled.
A model error (a dropped connection, a prompt too long) ends the run the same way, with the error
in the report; the section being written then is kept with what the model had written, marked
``partial``. Answers come from the cache when the same article, model, prompt and input were seen;
empty and unfinished answers are never cached.
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from ..annotations import Analysis
from ..errors import Cancelled, ModelError
from ..llm.backend import Backend
from .pipeline import Finished, ModelCalls, OverviewDone, Progress, SectionDone, StanceDone, output_version
from .results import Report
from .stance import stance_note
from .summarize import overview, partial_summary, summarize_section


def run_report(analysis: Analysis, backend: Backend, *, max_actors: int = 10, issue: str | None = None,
               **options) -> Iterator:
    """Summaries, overview and stance notes of ``analysis`` (each actor's stance read toward
    ``issue``, a proposition, when given); ``options`` are those of :class:`~.pipeline.ModelCalls`
    (``cache``, ``cancel``, ``temperature``, ``small_model_writes``)."""
    calls = ModelCalls(analysis, backend, **options)
    article = analysis.article
    calls.started = time.perf_counter()
    info = backend.info
    report = Report(model={"file": info.file, "sha256": info.sha256,
                           "prompt_version": output_version(info.parameters, calls.small_model_writes),
                           "n_ctx": info.n_ctx})
    actors = calls.sources.main_actors(max_actors)
    total = len(article.sections) + 1 + len(actors)
    done = 0
    section: int | None = None     # the section being written
    try:
        for section in range(len(article.sections)):
            yield Progress(done, total, f"Summarising section {section + 1} of {len(article.sections)}")
            calls.streamed = []
            yield from _recorded(report, summarize_section(calls, section))
            done += 1
        section = None
        yield Progress(done, total, "Writing the overview")
        yield from _recorded(report, overview(calls, report.summaries))
        done += 1
        for entity_id in actors:
            yield Progress(done, total, f"Stance of {analysis.entity(entity_id).name}")
            yield from _recorded(report, stance_note(calls, entity_id, issue))
            done += 1
    except Cancelled:
        report.cancelled = True
    except ModelError as error:
        report.errors.append(str(error))
        if section is not None and "".join(calls.streamed).strip():
            yield from _recorded(report, [SectionDone(partial_summary(calls, section))])
    report.timings = calls.timings()
    yield Progress(done, total, "Cancelled" if report.cancelled else "Done")
    yield Finished(report)


def _recorded(report: Report, events: Iterable) -> Iterator:
    """Pass events through, keeping each finished item in the report."""
    for event in events:
        if isinstance(event, SectionDone):
            report.summaries.append(event.summary)
        elif isinstance(event, OverviewDone):
            report.overview = event.sentences
        elif isinstance(event, StanceDone):
            report.stances.append(event.note)
        yield event
