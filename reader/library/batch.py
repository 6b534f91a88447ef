"""Analyse many articles into the library: ``stance-reader-cli batch DIR|FILES…``.

Each file is imported and analysed (NLP) on the calling thread and its analysis recorded at once;
then the model writes the report. Finished articles are skipped on the next run: with a model,
those whose stored report is complete and came from the same model and prompt version; with
``--no-llm``, those already in the library. So an interrupted batch resumes where it stopped.

Concurrency: with an OpenAI-compatible server, up to N articles are with the model at once, each
on a worker thread with its own :class:`~reader.llm.openai_http.OpenAIHTTPBackend` (the backend
keeps a little mutable state — the schema mode and tokenizer it probed — so it is not shared).
A local llama.cpp model runs one article at a time (llama.cpp objects are not thread-safe). The
library is written from the calling thread only.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from ..analysis.cache import AnswerCache
from ..analysis.pipeline import Finished, output_version
from ..analysis.runner import run_report
from ..cancel import CancelToken
from ..errors import ReaderError
from ..importers import load_article
from ..llm.loader import open_backend
from ..llm.openai_http import OpenAIHTTPBackend
from ..nlp.pipeline import analyze_article
from ..settings import load_settings
from .files import collect_articles
from .records import model_key
from .store import Library


@dataclass
class BatchResult:
    analysed: int = 0          # with a report (or NLP only with no model)
    skipped: int = 0           # already finished
    failed: list[tuple[str, str]] = field(default_factory=list)   # (path, sentence)
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def per_minute(self) -> float:
        return 60.0 * self.analysed / self.seconds if self.seconds else 0.0


@dataclass
class BatchOptions:
    server: str | None = None
    model: str | None = None
    llm: bool = True
    concurrency: int = 1
    max_actors: int | None = None
    small_model_writes: bool | None = None     # None: as the settings say
    n_ctx: int | None = None
    threads: int | None = None
    cache: bool = True
    force: bool = False


Report = Callable[[str], None]


def run_batch(library: Library, inputs: Iterable, options: BatchOptions, say: Report = lambda line: None,
              backend_factory: Callable[[], object] | None = None) -> BatchResult:
    """Analyse ``inputs`` (files and folders) into ``library``; ``say`` gets one progress line per event.
    ``backend_factory`` (tests) makes a backend instead of :func:`reader.llm.loader.open_backend`."""
    files = collect_articles(inputs)
    result = BatchResult()
    started = time.perf_counter()
    total = len(files)
    settings = load_settings()
    max_actors = settings.max_actors if options.max_actors is None else options.max_actors
    small_writes = settings.small_model_writes if options.small_model_writes is None else options.small_model_writes
    cache = AnswerCache(enabled=options.cache)
    cancel = CancelToken()

    factory = backend_factory
    if options.llm and factory is None:
        def factory():
            return open_backend(options.model, options.server, n_ctx=options.n_ctx, n_threads=options.threads)

    backend = None
    key = prompt = None
    workers = 1
    if options.llm:
        say("Loading the model…")
        backend = factory()
        key = model_key({"sha256": backend.info.sha256, "file": backend.info.file})
        prompt = output_version(backend.info.parameters, small_writes)
        workers = max(1, options.concurrency) if isinstance(backend, OpenAIHTTPBackend) or backend_factory else 1
        if options.concurrency > 1 and workers == 1:
            say("A local llama.cpp model analyses one article at a time; --concurrency applies to --server.")
    local = threading.local()
    spare = [backend] if backend is not None else []
    made: list = [backend] if backend is not None else []
    made_lock = threading.Lock()

    def worker_backend():
        if getattr(local, "backend", None) is None:
            with made_lock:
                local.backend = spare.pop() if spare else None
            if local.backend is None:
                local.backend = factory()
                with made_lock:
                    made.append(local.backend)
        return local.backend

    def write_report(analysis):
        report = None
        for event in run_report(analysis, worker_backend(), cache=cache, cancel=cancel, max_actors=max_actors,
                                temperature=settings.temperature, small_model_writes=small_writes):
            if isinstance(event, Finished):
                report = event.report
        return report

    done = 0
    pending: dict[Future, tuple[Path, object, float]] = {}

    def finish(future: Future) -> None:
        nonlocal done
        path, analysis, t0 = pending.pop(future)
        done += 1
        try:
            report = future.result()
        except ReaderError as error:
            result.failed.append((str(path), str(error)))
            say(f"[{done}/{total}] failed {path}: {error}")
            return
        library.add(analysis, path, report=report)
        if report.errors or report.cancelled:
            reason = "; ".join(report.errors) or "cancelled"
            result.failed.append((str(path), reason))
            say(f"[{done}/{total}] partial {path}: {reason}")
        else:
            result.analysed += 1
            say(f"[{done}/{total}] done {path} ({time.perf_counter() - t0:.1f} s)")

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="batch") if options.llm and workers > 1 else None
    try:
        for path in files:
            try:
                article = load_article(path)
            except ReaderError as error:
                done += 1
                result.failed.append((str(path), str(error)))
                say(f"[{done}/{total}] failed {path}: {error}")
                continue
            digest = article.content_hash
            known = library.get(digest)
            if not options.force and known is not None and (
                    not options.llm or library.has_report(digest, key, prompt)):
                done += 1
                result.skipped += 1
                library.add_path(digest, path)
                say(f"[{done}/{total}] skipped {path} (already analysed)")
                continue
            analysis = analyze_article(article)
            library.add(analysis, path)     # recorded now, even if the model run is interrupted
            if not options.llm:
                done += 1
                result.analysed += 1
                say(f"[{done}/{total}] done {path}")
                continue
            t0 = time.perf_counter()
            if pool is None:
                future: Future = Future()
                try:
                    future.set_result(write_report(analysis))
                except ReaderError as error:
                    future.set_exception(error)
                pending[future] = (path, analysis, t0)
                finish(future)
                continue
            while len(pending) >= workers:
                finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                for future in finished:
                    finish(future)
            pending[pool.submit(write_report, analysis)] = (path, analysis, t0)
        while pending:
            finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            for future in finished:
                finish(future)
    except KeyboardInterrupt:
        result.interrupted = True
        cancel.cancel()
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        for b in made:
            b.close()
        result.seconds = time.perf_counter() - started
    return result
