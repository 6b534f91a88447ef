"""Headless commands: ``analyze`` (JSON or Markdown), ``summarize`` (with the model) and ``models``
(the model manager, :mod:`reader.models.commands`).

Errors a user can cause print one sentence on stderr and exit with status 1; usage errors exit 2.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import APP_ID, __version__
from .errors import ReaderError


def _analyze(args: argparse.Namespace) -> int:
    from .analysis import analyze_article
    from .importers import load_article

    analysis = analyze_article(load_article(args.file))
    if args.json:
        json.dump(analysis.to_dict(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        from .export.markdown import render_markdown
        sys.stdout.write(render_markdown(analysis))
    return 0


def _summarize(args: argparse.Namespace) -> int:
    from .analysis import analyze_article
    from .analysis.cache import AnswerCache
    from .analysis.summarize import Finished, Progress, run_report
    from .export.markdown import render_markdown, write_markdown
    from .importers import load_article
    from .llm.loader import open_backend

    if args.output and args.output.exists() and not args.force:
        raise ReaderError(f"“{args.output}” already exists; add --force to replace it.")
    from .settings import load_settings
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
                                temperature=settings.temperature):
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


class ProgressLine:
    """A one-line progress bar on stderr (only when stderr is a terminal, or always with 'plain')."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self.tty = sys.stderr.isatty()

    def show(self, label: str, done: int = 0, total: int = 0) -> None:
        if not self.enabled:
            return
        bar = ""
        if total:
            filled = int(20 * done / total)
            bar = f"[{'#' * filled}{'.' * (20 - filled)}] {done}/{total} "
        if self.tty:
            sys.stderr.write(f"\r\033[K{bar}{label}")
        else:
            sys.stderr.write(f"{bar}{label}\n")
        sys.stderr.flush()

    def clear(self) -> None:
        if self.enabled and self.tty:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"{APP_ID}-cli", description="Stance Reader, headless.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    analyze = commands.add_parser("analyze", help="import an article and print its analysis")
    analyze.add_argument("file", type=Path, help="article file: .txt, .md, .html, .htm, .mhtml")
    analyze.add_argument("--json", action="store_true", help="print the JSON contract instead of Markdown")
    analyze.set_defaults(run=_analyze)

    summarize = commands.add_parser("summarize", help="summaries and stance notes with the local model")
    summarize.add_argument("file", type=Path)
    summarize.add_argument("-o", "--output", type=Path, help="write the Markdown export here")
    summarize.add_argument("--force", action="store_true", help="replace an existing output file")
    summarize.add_argument("--json", action="store_true", help="print the extended JSON contract")
    summarize.add_argument("--model", help="GGUF model file (default: $STANCE_READER_MODEL, else the embedded model)")
    summarize.add_argument("--server", help="URL of an OpenAI-compatible server to use instead of a local model")
    summarize.add_argument("--ctx", type=int, help="context size in tokens (default: from the model)")
    summarize.add_argument("--threads", type=int, help="CPU threads for llama.cpp")
    summarize.add_argument("--max-actors", type=int, help="stance notes for at most this many actors (default 6)")
    summarize.add_argument("--no-cache", action="store_true", help="ignore and do not store cached answers")
    summarize.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    summarize.set_defaults(run=_summarize)

    from .models.commands import add_parser
    add_parser(commands)
    from .library.commands import add_parser as add_library_parser
    add_library_parser(commands)
    return parser


COMMANDS = ("analyze", "summarize", "models", "batch")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except ReaderError as error:
        print(f"{APP_ID}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{APP_ID}: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
