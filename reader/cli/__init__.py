"""The command line, ``stance-reader-cli``: ``analyze`` and ``summarize`` (:mod:`.article`),
``models`` (:mod:`.models`) and ``batch`` (:mod:`.library`). A front end like the app's window: it
calls the core and prints; nothing but the entry points (``reader.__main__``, ``reader.launcher``)
imports it.

Errors a user can cause print one sentence on stderr and exit with status 1; usage errors exit 2.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import APP_ID, __version__
from ..errors import ReaderError
from . import article, library, models
from .article import SMALL_MODEL_WRITES_HELP


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"{APP_ID}-cli", description="Stance Reader, headless.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    analyze = commands.add_parser("analyze", help="import an article and print its analysis")
    analyze.add_argument("file", type=Path, help="article file: .txt, .md, .html, .htm, .mhtml")
    analyze.add_argument("--json", action="store_true", help="print the JSON contract instead of Markdown")
    analyze.set_defaults(run=article.analyze)

    summarize = commands.add_parser("summarize", help="summaries and stance notes with the local model")
    summarize.add_argument("file", type=Path)
    summarize.add_argument("-o", "--output", type=Path, help="write the Markdown export here")
    summarize.add_argument("--force", action="store_true", help="replace an existing output file")
    summarize.add_argument("--json", action="store_true", help="print the extended JSON contract")
    summarize.add_argument("--model", help="GGUF model file (default: $STANCE_READER_MODEL, else the embedded model)")
    summarize.add_argument("--server", help="URL of an OpenAI-compatible server to use instead of a local model")
    summarize.add_argument("--ctx", type=int, help="context size in tokens (default: from the model)")
    summarize.add_argument("--threads", type=int, help="CPU threads for llama.cpp")
    summarize.add_argument("--max-actors", type=int, help="stance notes for at most this many actors (default 10)")
    summarize.add_argument("--small-model-writes", action=argparse.BooleanOptionalAction, default=None,
                           help=SMALL_MODEL_WRITES_HELP)
    summarize.add_argument("--issue", help="a proposition (\"Putin wants a peace deal\") every actor's stance is read toward")
    summarize.add_argument("--no-cache", action="store_true", help="ignore and do not store cached answers")
    summarize.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    summarize.set_defaults(run=article.summarize)

    models.add_parser(commands)
    library.add_parser(commands)
    return parser


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
