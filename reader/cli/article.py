"""``analyze`` (the deterministic analysis as JSON or Markdown) and ``summarize`` (with the model)."""
from __future__ import annotations

import argparse
import json
import sys
import time

from .. import APP_ID
from ..analysis.cache import AnswerCache
from ..analysis.pipeline import Finished, Progress
from ..analysis.runner import run_report
from ..errors import ReaderError
from ..export.markdown import render_markdown, write_markdown
from ..importers import load_article
from ..llm.loader import open_backend
from ..nlp.pipeline import analyze_article
from ..settings import load_settings
from .progress import ProgressLine

SMALL_MODEL_WRITES_HELP = ("let a model under 1B weights write the summaries and stance notes (default: the "
                           "settings' small_model_writes, off); by default such a model shows the article's key "
                           "sentences and the actors' own words, since most of the sentences it writes are wrong. "
                           "Its stance labels stay 'not judged' either way: they are at chance")


def analyze(args: argparse.Namespace) -> int:
    analysis = analyze_article(load_article(args.file))
    if args.json:
        json.dump(analysis.to_dict(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_markdown(analysis))
    return 0


def summarize(args: argparse.Namespace) -> int:
    if args.output and args.output.exists() and not args.force:
        raise ReaderError(f"“{args.output}” already exists; add --force to replace it.")
    settings = load_settings()
    if settings.problem:
        print(f"{APP_ID}: {settings.problem}", file=sys.stderr)
    analysis = analyze_article(load_article(args.file))
    progress = ProgressLine(enabled=not args.quiet)
    progress.show("Loading the model…")
    started = time.perf_counter()
    backend = open_backend(args.model, args.server, n_ctx=args.ctx, n_threads=args.threads)
    load_seconds = time.perf_counter() - started
    report = None
    try:
        for event in run_report(analysis, backend, cache=AnswerCache(enabled=not args.no_cache),
                                max_actors=settings.max_actors if args.max_actors is None else args.max_actors,
                                issue=args.issue, temperature=settings.temperature,
                                small_model_writes=settings.small_model_writes if args.small_model_writes is None
                                else args.small_model_writes):
            if isinstance(event, Progress):
                progress.show(event.label, event.done, event.total)
            elif isinstance(event, Finished):
                report = event.report
    finally:
        backend.close()
        progress.clear()
    report.timings["load_seconds"] = round(load_seconds, 3)
    for error in report.errors:
        print(f"{APP_ID}: {error}", file=sys.stderr)
    if args.json:
        data = analysis.to_dict()
        data.update(report.to_dict())
        json.dump(data, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    markdown = render_markdown(analysis, report)
    if args.output:
        write_markdown(args.output, markdown)
        print(f"{APP_ID}: wrote {args.output}", file=sys.stderr)
    elif not args.json:
        sys.stdout.write(markdown)
    return 0 if not report.errors else 1
