"""``stance-reader-cli batch DIR|FILES…``: analyse many articles into the library (resumable)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import APP_ID
from ..library.batch import BatchOptions, run_batch
from ..library.store import Library
from .article import SMALL_MODEL_WRITES_HELP


def _run(args: argparse.Namespace) -> int:
    if args.concurrency < 1:
        raise SystemExit(f"{APP_ID}-cli batch: --concurrency must be at least 1")
    options = BatchOptions(server=args.server, model=args.model, llm=not args.no_llm, concurrency=args.concurrency,
                           max_actors=args.max_actors, n_ctx=args.ctx, threads=args.threads, cache=not args.no_cache,
                           force=args.force, small_model_writes=args.small_model_writes)

    def say(line: str) -> None:
        if not args.quiet:
            print(f"{APP_ID}: {line}", file=sys.stderr, flush=True)

    with Library(args.library) as library:
        result = run_batch(library, args.paths, options, say)
    if not args.quiet or result.failed:
        print(f"{APP_ID}: {result.analysed} analysed, {result.skipped} skipped, {len(result.failed)} failed in "
              f"{result.seconds:.1f} s ({result.per_minute:.1f} articles/min); library: {library.path}",
              file=sys.stderr)
    return 1 if result.failed else 0


def add_parser(commands) -> None:
    batch = commands.add_parser("batch", help="analyse many articles into the library (resumable)")
    batch.add_argument("paths", nargs="+", type=Path, metavar="DIR|FILE", help="article files and folders")
    batch.add_argument("--server", help="URL of an OpenAI-compatible server (allows --concurrency > 1)")
    batch.add_argument("--model", help="GGUF model file (default: settings, else the embedded model)")
    batch.add_argument("--concurrency", type=int, default=1,
                       help="articles with the server at once (default 1; a local model always uses 1)")
    batch.add_argument("--no-llm", action="store_true", help="entities and quotes only, no model")
    batch.add_argument("--library", type=Path, help="library file (default: the user data folder)")
    batch.add_argument("--max-actors", type=int, help="stance notes for at most this many actors")
    batch.add_argument("--small-model-writes", action=argparse.BooleanOptionalAction, default=None,
                       help=SMALL_MODEL_WRITES_HELP)
    batch.add_argument("--ctx", type=int, help="context size in tokens")
    batch.add_argument("--threads", type=int, help="CPU threads for llama.cpp")
    batch.add_argument("--no-cache", action="store_true", help="ignore and do not store cached answers")
    batch.add_argument("--force", action="store_true", help="analyse again even when already finished")
    batch.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    batch.set_defaults(run=_run)
