"""``stance-reader-cli models list|add|download|remove|use``: the model manager on the command line.

The same functions back the app's Models dialog; nothing here imports Qt.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..llm.backend import ModelError
from .catalogue import CatalogueEntry, find_entry, load_catalogue
from .discovery import embedded_model, user_models_dir
from .download import format_size
from .fit import GB, Machine, machine, plan
from .gguf_header import read_metadata
from .inventory import ModelRecord, find_installed, import_model, installed_models, remove_model, validate


def record_fit(record: ModelRecord, host: Machine) -> str:
    if record.problem:
        return "unusable"
    try:
        p = plan(read_metadata(record.path), record.size, host, label=record.path.name)
    except ModelError:
        return "unusable"
    return f"fits, {p.n_ctx // 1024}k ctx" if p.fits else f"too big ({format_size(p.needed)})"


def entry_fit(entry: CatalogueEntry, host: Machine) -> str:
    """A rough verdict before download, from the catalogue's size (no header to read yet)."""
    needed = entry.approx_bytes * 1.25 + 0.5 * GB
    return "fits" if needed <= host.available * 0.9 else f"too big (~{format_size(int(needed))})"


def list_models(out=None) -> int:
    from ..settings import load_settings
    from .download import partial_state

    out = out or sys.stdout
    settings = load_settings()
    host = machine()
    chosen = Path(settings.model).expanduser().resolve() if settings.model else embedded_model()
    records = installed_models(settings.model or None)
    print(f"This machine: {host.cpus} CPUs, {format_size(host.available)} of {format_size(host.total)} memory free, "
          f"GPU offload {'available' if host.gpu_offload else 'not available'}.", file=out)
    print("\nInstalled models (* = in use):", file=out)
    for r in records:
        mark = "*" if chosen and r.path.resolve() == Path(chosen).resolve() else " "
        if r.problem:
            print(f" {mark} {r.path.name}  [{r.origin}] UNUSABLE: {r.problem}", file=out)
            continue
        print(f" {mark} {r.path.name}  [{r.origin}] {r.params_label} params · {r.quant or '?'} · "
              f"{r.context:,} ctx · {format_size(r.size)} · {'chat template' if r.chat_template else 'ChatML fallback'}"
              f" · {record_fit(r, host)}", file=out)
    entries, problem = load_catalogue()
    installed = {r.path.name for r in records}
    print("\nCatalogue (download with: models download ID):", file=out)
    for e in entries:
        state = "installed" if e.file in installed else "not installed"
        part = partial_state(user_models_dir() / e.file)
        if part and e.file not in installed:
            state = f"partial download, {format_size(part['bytes'])} (resumable)"
        check = "checksum verified" if e.verified else "checksum unverified"
        print(f"   {e.id:14} {e.name} · {e.params} · {e.quant} · ~{format_size(e.approx_bytes)} · {e.licence} · "
              f"{state} · {check} · {entry_fit(e, host)}\n   {'':14} {e.note}", file=out)
    if problem:
        print(f"\n{problem}", file=out)
    return 0


def use_model(name: str) -> Path | None:
    """Make ``name`` (installed model, path, or "default") the model in the settings file."""
    from ..settings import load_settings
    settings = load_settings()
    if name.lower() in ("default", "embedded"):
        settings.model = ""
        settings.save()
        return None
    path = Path(name).expanduser()
    if not path.is_file():
        record = find_installed(name)
        if record is None:
            raise ModelError(f"No installed model is called “{name}”; see “models list”.")
        path = record.path
    validate(path)
    settings.model = str(path.resolve())
    settings.save()
    return path


def download_model(name: str, sha256: str | None = None, size: int | None = None, force: bool = False,
                   progress=None, cancel=None) -> tuple[Path, str]:
    """Download a catalogue entry (by id) or a URL into the user models folder, verify it and check
    it is a usable GGUF model; return its path and a note on how it was verified."""
    from .discovery import file_sha256, remember_sha256
    from .download import download

    entry = find_entry(name)
    if entry is not None:
        if not entry.downloadable:
            raise ModelError(f"“{entry.name}” ships with the app; there is nothing to download.")
        url, file = entry.url, entry.file
        sha256 = sha256 or entry.sha256 or None
        size = size or entry.size or None
        if not force and entry_fit(entry, machine()) != "fits":
            raise ModelError(f"{entry.name} (~{format_size(entry.approx_bytes)}) would not fit this computer's free "
                             "memory; add --force to download it anyway.")
    elif name.startswith(("https://", "http://")):
        url = name
        file = Path(url.split("?", 1)[0]).name
        if not file.endswith(".gguf"):
            raise ModelError("The URL does not name a .gguf file.")
    else:
        raise ModelError(f"“{name}” is neither a catalogue id nor an http(s) URL; see “models list”.")
    dest = user_models_dir() / file
    dest.parent.mkdir(parents=True, exist_ok=True)
    path = download(url, dest, sha256=sha256, size=size, progress=progress, cancel=cancel)
    try:
        validate(path)
    except ModelError as error:
        path.unlink(missing_ok=True)
        raise ModelError(f"The downloaded file is not a usable model and was removed: {error}") from None
    if sha256:
        remember_sha256(path, sha256.lower())
        return path, "size and SHA-256 verified"
    return path, (f"checksum unverified (none published in the catalogue); the GGUF header and length "
                  f"check out; SHA-256 {file_sha256(path)}")


def run(args: argparse.Namespace) -> int:
    """Entry point of ``models``; errors propagate as :class:`ModelError` to the CLI's handler."""
    action = args.models_command
    if action == "list":
        return list_models()
    if action == "add":
        path = import_model(Path(args.path), link=args.link)
        print(f"Installed {path.name} in {path.parent}.")
        if args.use:
            use_model(str(path))
            print(f"{path.name} is now the model in use.")
        return 0
    if action == "remove":
        from ..settings import load_settings
        path = remove_model(args.name)
        settings = load_settings()
        if settings.model and Path(settings.model).expanduser().resolve() == path.resolve():
            settings.model = ""
            settings.save()
            print("It was the model in use; the embedded default is used from now on.")
        print(f"Removed {path.name}.")
        return 0
    if action == "use":
        path = use_model(args.name)
        print(f"Using {path.name}." if path else "Using the embedded default model.")
        return 0
    if action == "download":
        from ..cli import ProgressLine
        line = ProgressLine(enabled=not args.quiet)
        try:
            path, note = download_model(args.name, args.sha256, args.size, args.force,
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
            use_model(str(path))
            print(f"{path.name} is now the model in use.")
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
