"""A disk cache of model answers, keyed by everything that determines them.

Key = SHA-256 over (kind, article hash, item, model file hash, prompt version, sampling parameters,
the exact input). Entries are JSON files written atomically under the platformdirs cache folder. A
corrupt entry is deleted and treated as a miss.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import platformdirs

from .. import APP_ID
from ..storage import atomic_write_text

CACHE_VERSION = 1


def default_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_ID)) / "llm"


class AnswerCache:
    def __init__(self, folder: Path | None = None, enabled: bool = True):
        self.folder = Path(folder) if folder else default_dir()
        self.enabled = enabled

    @staticmethod
    def key(**parts) -> str:
        blob = json.dumps({"cache": CACHE_VERSION, **parts}, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        if not self.enabled:
            return None
        path = self._path(key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            _discard(path)
            return None
        if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("value"), dict):
            _discard(path)
            return None
        return data["value"]

    def put(self, key: str, value: dict) -> None:
        if not self.enabled:
            return
        try:
            atomic_write_text(self._path(key), json.dumps({"key": key, "value": value}, ensure_ascii=False))
        except OSError:
            pass  # a full or read-only disk costs a recomputation later, nothing else


def _discard(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # not a file, or a read-only cache: it stays a miss
