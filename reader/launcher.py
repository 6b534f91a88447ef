"""The desktop entry point: open the app on a file (the bundled sample when none is given).

Without a display (Linux with neither ``DISPLAY`` nor ``WAYLAND_DISPLAY``, and no explicit
``QT_QPA_PLATFORM``) it says so in one line on stderr and runs the same analysis headless (entities, quotes, the
model's summaries and stance notes), printing the Markdown export, so
``make run`` always shows the main job working.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import APP_ID, __version__
from .resources import SAMPLE_ARTICLE, resource_path


def has_display() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=APP_ID, description="Stance Reader: who said what in a saved article.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("file", nargs="?", type=Path, help="article to open (default: the bundled sample)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    path = args.file or resource_path(*SAMPLE_ARTICLE)
    if not has_display():
        print(f"{APP_ID}: no display found (DISPLAY and WAYLAND_DISPLAY are unset); "
              "printing the analysis as Markdown instead.", file=sys.stderr)
        from .cli import main as cli_main  # one front end is imported, never both (0.4-0.5 s each)
        return cli_main(["summarize", str(path)])
    from .ui.app import run_app
    return run_app(path)


if __name__ == "__main__":
    raise SystemExit(main())
