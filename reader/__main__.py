"""``python -m reader``: the CLI when a subcommand is given, otherwise the desktop app."""
from __future__ import annotations

import sys

CLI_COMMANDS = ("analyze", "summarize", "models", "batch")   # the subcommands of reader.cli


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # one front end is imported, never both: the CLI costs 0.4 s to import, the window 0.5 s
    if argv and (argv[0] in CLI_COMMANDS or argv[0] in ("-h", "--help")):
        from .cli import main as cli_main
        return cli_main(argv)
    from .launcher import main as gui_main
    return gui_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
