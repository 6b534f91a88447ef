"""``stance-reader-cli models list|add|download|remove|use``: the model manager on the command line,
printing what :mod:`reader.models.service` finds and does."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..models import service
from ..models.download import format_size
from ..models.inventory import import_model
from .progress import ProgressLine


def list_models(out=None) -> int:
    out = out or sys.stdout
    found = service.listing()
    host = found.host
    print(f"This machine: {host.cpus} CPUs, {format_size(host.available)} of {format_size(host.total)} memory free, "
          f"GPU offload {'available' if host.gpu_offload else 'not available'}.", file=out)
    print("\nInstalled models (* = in use):", file=out)
    for r, fit in found.installed:
        mark = "*" if found.chosen and r.path.resolve() == Path(found.chosen).resolve() else " "
        if r.problem:
            print(f" {mark} {r.path.name}  [{r.origin}] UNUSABLE: {r.problem}", file=out)
            continue
        print(f" {mark} {r.path.name}  [{r.origin}] {r.params_label} params · {r.quant or '?'} · "
              f"{r.context:,} ctx · {format_size(r.size)} · {'chat template' if r.chat_template else 'ChatML fallback'}"
              f" · {fit}", file=out)
    installed = {r.path.name for r, _ in found.installed}
    print("\nCatalogue (download with: models download ID):", file=out)
    for e, fit, part in found.catalogue:
        state = "installed" if e.file in installed else "not installed"
        if part and e.file not in installed:
            state = f"partial download, {format_size(part['bytes'])} (resumable)"
        check = "checksum verified" if e.verified else "checksum unverified"
        print(f"   {e.id:14} {e.name} · {e.params} · {e.quant} · ~{format_size(e.approx_bytes)} · {e.licence} · "
              f"{state} · {check} · {fit}\n   {'':14} {e.note}", file=out)
    if found.problem:
        print(f"\n{found.problem}", file=out)
    return 0


def _use(path: Path) -> None:
    service.use_model(str(path))
    print(f"{path.name} is now the model in use.")


def run(args: argparse.Namespace) -> int:
    """Entry point of ``models``; errors propagate as :class:`~reader.errors.ModelError` to the
    CLI's handler."""
    action = args.models_command
    if action == "list":
        return list_models()
    if action == "add":
        path = import_model(Path(args.path), link=args.link)
        print(f"Installed {path.name} in {path.parent}.")
        if args.use:
            _use(path)
        return 0
    if action == "remove":
        path, in_use = service.remove(args.name)
        if in_use:
            print("It was the model in use; the embedded default is used from now on.")
        print(f"Removed {path.name}.")
        return 0
    if action == "use":
        path = service.use_model(args.name)
        print(f"Using {path.name}." if path else "Using the embedded default model.")
        return 0
    if action == "download":
        line = ProgressLine(enabled=not args.quiet)
        try:
            path, note = service.download_model(args.name, args.sha256, args.size, args.force,
                                                progress=lambda p: line.show(p.describe()))
        except KeyboardInterrupt:
            line.clear()
            print("Download interrupted; the part already downloaded is kept. Run the same command to resume.",
                  file=sys.stderr)
            raise
        finally:
            line.clear()
        print(f"Downloaded {path.name} to {path.parent} ({note}).")
        if args.use:
            _use(path)
        return 0
    raise AssertionError(action)


def add_parser(commands) -> None:
    models = commands.add_parser("models", help="list, add, download, remove or choose GGUF models")
    sub = models.add_subparsers(dest="models_command", required=True, metavar="ACTION")
    sub.add_parser("list", help="installed models (with what fits this machine) and the catalogue")
    add = sub.add_parser("add", help="import a GGUF file into the models folder")
    add.add_argument("path")
    add.add_argument("--link", action="store_true", help="link to the file instead of copying it")
    add.add_argument("--use", action="store_true", help="and make it the model in use")
    download = sub.add_parser("download", help="download a catalogue model (by id) or a GGUF URL; resumable")
    download.add_argument("name", metavar="ID|URL")
    download.add_argument("--sha256", help="expected SHA-256 (for a URL, or to override the catalogue)")
    download.add_argument("--size", type=int, help="expected size in bytes")
    download.add_argument("--force", action="store_true", help="download even if it will not fit this machine")
    download.add_argument("--use", action="store_true", help="and make it the model in use")
    download.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    remove = sub.add_parser("remove", help="delete an imported or downloaded model")
    remove.add_argument("name")
    use = sub.add_parser("use", help="choose the model (a name from “list”, a path, or “default”)")
    use.add_argument("name")
    models.set_defaults(run=run)
