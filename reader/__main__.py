"""``python -m reader``: the CLI when a subcommand is given, otherwise the desktop app."""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from .cli import COMMANDS
    if argv and (argv[0] in COMMANDS or argv[0] in ("-h", "--help")):
        from .cli import main as cli_main
        return cli_main(argv)
    from .launcher import main as gui_main
    return gui_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
