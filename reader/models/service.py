"""The model manager as a service: what is installed, what fits this machine, the catalogue,
choosing, downloading and removing models. Both front ends use it — the CLI's ``models`` command
(:mod:`reader.cli.models`, which prints) and the app's Models dialog (which shows) — and nothing
here prints or imports Qt.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelError
from ..settings import Settings, load_settings
from .catalogue import CatalogueEntry, find_entry, load_catalogue
from .discovery import embedded_model, file_sha256, remember_sha256, user_models_dir
from .download import download, format_size, partial_state
from .fit import GB, Machine, machine, plan
from .gguf_header import read_metadata
from .inventory import ModelRecord, find_installed, installed_models, remove_model, validate


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


@dataclass
class Listing:
    """Everything a front end lists: this machine, the installed models with their fit, and the
    catalogue with each entry's fit and any partial download."""
    host: Machine
    settings: Settings
    embedded: Path | None
    chosen: Path | None                                        # the model in use
    installed: list[tuple[ModelRecord, str]]
    catalogue: list[tuple[CatalogueEntry, str, dict | None]]
    problem: str | None                                        # the catalogue could not be read


def listing() -> Listing:
    """Reads headers and folders: call it off the UI thread."""
    settings = load_settings()
    host = machine()
    embedded = embedded_model()
    chosen = Path(settings.model).expanduser().resolve() if settings.model else embedded
    records = installed_models(settings.model or None)
    entries, problem = load_catalogue()
    return Listing(host, settings, embedded, chosen, [(r, record_fit(r, host)) for r in records],
                   [(e, entry_fit(e, host), partial_state(user_models_dir() / e.file)) for e in entries], problem)


def use_model(name: str) -> Path | None:
    """Make ``name`` (installed model, path, or "default") the model in the settings file."""
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


def remove(name: str) -> tuple[Path, bool]:
    """Delete an imported or downloaded model; when it was the model in use, the settings fall
    back to the embedded default. Returns its path and whether it was in use."""
    path = remove_model(name)
    settings = load_settings()
    in_use = bool(settings.model) and Path(settings.model).expanduser().resolve() == path.resolve()
    if in_use:
        settings.model = ""
        settings.save()
    return path, in_use
