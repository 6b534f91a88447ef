"""The models on this machine: describe, import, remove, choose.

Every description comes from the GGUF header alone (:mod:`reader.models.gguf_header`): size,
quantisation, parameter count, trained context, chat template, architecture; no weights load.
Imported models live in the user data folder (:func:`~reader.models.discovery.user_models_dir`);
an import validates the file first (a GGUF text-generation model holding every byte its header
describes), copies it under a temporary name and renames it into place, so a half-copied file is
never listed. Only imported or downloaded models can be removed; the embedded default and files
elsewhere are the user's own.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelError
from .catalogue import find_entry
from .discovery import check_gguf, embedded_model, file_sha256, local_models, user_models_dir
from .gguf_header import check_generative, context_length, quantization, read_metadata


@dataclass(frozen=True)
class ModelRecord:
    path: Path
    origin: str              # "embedded" | "downloaded" | "repository" | "configured"
    size: int
    name: str = ""
    architecture: str = ""
    quant: str = ""
    params: int = 0
    context: int = 0
    chat_template: bool = False
    problem: str = ""        # why it cannot be used, "" when it can

    @property
    def params_label(self) -> str:
        if not self.params:
            return "?"
        for unit, scale in (("B", 1e9), ("M", 1e6)):
            if self.params >= scale:
                return f"{self.params / scale:.1f}{unit}".replace(".0", "") if unit == "B" else \
                       f"{self.params / scale:.0f}{unit}"
        return str(self.params)


def describe(path: Path, origin: str) -> ModelRecord:
    """What the header says about ``path``; a broken file gives a record with ``problem`` set."""
    path = Path(path)
    size = path.stat().st_size if path.is_file() else 0
    try:
        meta = validate(path)
    except ModelError as error:
        return ModelRecord(path, origin, size, problem=str(error))
    template = meta.get("tokenizer.chat_template")
    return ModelRecord(path, origin, size, name=str(meta.get("general.name") or path.stem),
                       architecture=str(meta.get("general.architecture") or ""), quant=quantization(meta),
                       params=int(meta.get("gguf.parameter_count") or 0), context=context_length(meta) or 0,
                       chat_template=isinstance(template, str) and bool(template.strip()))


def installed_models(configured: str | None = None) -> list[ModelRecord]:
    """Every model on disk (embedded default first), plus the configured path if it is elsewhere."""
    embedded, user = embedded_model(), user_models_dir()
    records, seen = [], set()
    for path in local_models():
        origin = "embedded" if path == embedded else ("downloaded" if path.parent == user else "repository")
        records.append(describe(path, origin))
        seen.add(path.resolve())
    if configured:
        path = Path(configured).expanduser()
        if path.resolve() not in seen:
            records.append(describe(path, "configured") if path.exists() else
                           ModelRecord(path, "configured", 0, problem=f"The model file “{path}” does not exist."))
    return records


def validate(path: Path) -> dict:
    """The header of ``path``; :class:`ModelError` unless it is a complete GGUF text-generation model."""
    check_gguf(path)
    meta = read_metadata(path)
    check_generative(meta, path.name)
    return meta


def import_model(source: Path, link: bool = False, folder: Path | None = None) -> Path:
    """Copy (or, with ``link``, symlink) a GGUF model into the user models folder; return its path."""
    source = Path(source).expanduser().resolve()
    validate(source)
    folder = folder or user_models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    if target.exists() or target.is_symlink():
        if target.resolve() == source or (target.is_file() and _same_file_content(target, source)):
            return target
        raise ModelError(f"A different model named “{source.name}” is already installed; remove it first "
                         "or rename the new file.")
    temporary = folder / f".{source.name}.importing"
    try:
        if link:
            try:
                temporary.symlink_to(source)
            except OSError:   # Windows without the right to make links: copy instead
                shutil.copyfile(source, temporary)
        else:
            shutil.copyfile(source, temporary)
            with open(temporary, "rb") as handle:
                os.fsync(handle.fileno())
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ModelError(f"“{source.name}” could not be copied into {folder}: {error.strerror or error}.") from None
    file_sha256(target)   # hashed now, in the background task that imports, not before the first answer
    return target


def _same_file_content(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and file_sha256(a) == file_sha256(b)


def remove_model(name: str, folder: Path | None = None) -> Path:
    """Delete an imported or downloaded model (by file name, stem or path) from the user folder."""
    folder = folder or user_models_dir()
    candidate = Path(name).expanduser()
    target = candidate if candidate.parent != Path(".") else folder / candidate.name
    if target.suffix != ".gguf":
        target = target.with_name(target.name + ".gguf")
    if target.resolve().parent != folder.resolve() and target.parent.resolve() != folder.resolve():
        raise ModelError(f"Only models in {folder} can be removed; “{name}” is not one of them.")
    if not (target.exists() or target.is_symlink()):
        raise ModelError(f"There is no model “{target.name}” in {folder}.")
    target.unlink()
    return target


def find_installed(name: str, records: list[ModelRecord] | None = None) -> ModelRecord | None:
    """An installed model by file name, stem, header name or catalogue id."""
    records = installed_models() if records is None else records
    lowered = name.lower()
    entry = find_entry(name)
    for record in records:
        if lowered in (record.path.name.lower(), record.path.stem.lower(), record.name.lower()) or \
                (entry and record.path.name == entry.file):
            return record
    return None
