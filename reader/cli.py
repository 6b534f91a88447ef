"""Headless commands: ``analyze`` (JSON or Markdown) and, later, ``summarize``.

Errors a user can cause print one sentence on stderr and exit with status 1; usage errors exit 2.
"""
from __future__ import annotations

import argparse
import json
import sys
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"{APP_ID}-cli", description="Stance Reader, headless.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    analyze = commands.add_parser("analyze", help="import an article and print its analysis")
    analyze.add_argument("file", type=Path, help="article file: .txt, .md, .html, .htm, .mhtml")
    analyze.add_argument("--json", action="store_true", help="print the JSON contract instead of Markdown")
    analyze.set_defaults(run=_analyze)
    return parser


COMMANDS = ("analyze",)


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
