"""Read a GGUF file's metadata (key/value header) without touching its weights.

Format (GGUF v2/v3, little-endian): magic ``GGUF``, uint32 version, uint64 tensor count, uint64
key/value count, then each key (uint64 length + UTF-8) with a uint32 value type and the value.
Arrays hold a uint32 element type and a uint64 count. Large arrays (the tokenizer's vocabulary) are
skipped, not decoded.
"""
from __future__ import annotations

import struct
from pathlib import Path

from ..llm.backend import ModelError

_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9
_MAX_KEYS = 100_000


class _Reader:
    def __init__(self, handle, path: Path):
        self.handle, self.path = handle, path

    def read(self, n: int) -> bytes:
        data = self.handle.read(n)
        if len(data) != n:
            raise ModelError(f"The model file “{self.path.name}” is truncated or damaged (its header ends early).")
        return data

    def unpack(self, fmt: str):
        return struct.unpack(fmt, self.read(struct.calcsize(fmt)))[0]

    def string(self) -> str:
        length = self.unpack("<Q")
        if length > 1 << 26:
            raise ModelError(f"The model file “{self.path.name}” has a damaged header.")
        return self.read(length).decode("utf-8", "replace")

    def value(self, kind: int, keep_arrays: bool):
        if kind in _SCALARS:
            return self.unpack(_SCALARS[kind])
        if kind == _STRING:
            return self.string()
        if kind == _ARRAY:
            inner, count = self.unpack("<I"), self.unpack("<Q")
            if inner in _SCALARS and not keep_arrays:
                self.handle.seek(struct.calcsize(_SCALARS[inner]) * count, 1)
                return None
            if inner == _STRING and not keep_arrays:
                for _ in range(count):
                    self.handle.seek(self.unpack("<Q"), 1)
                return None
            items = [self.value(inner, keep_arrays) for _ in range(count)]
            return items if keep_arrays else None
        raise ModelError(f"The model file “{self.path.name}” has a damaged header (value type {kind}).")


def read_metadata(path: Path, keep_arrays: bool = False) -> dict:
    """The GGUF key/value metadata, plus ``gguf.version`` and ``gguf.tensor_count``."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            reader = _Reader(handle, path)
            if reader.read(4) != b"GGUF":
                raise ModelError(f"“{path.name}” is not a GGUF model file.")
            version = reader.unpack("<I")
            if version not in (2, 3):
                raise ModelError(f"“{path.name}” uses GGUF version {version}, which is not supported.")
            tensors, count = reader.unpack("<Q"), reader.unpack("<Q")
            if count > _MAX_KEYS:
                raise ModelError(f"The model file “{path.name}” has a damaged header.")
            meta: dict = {"gguf.version": version, "gguf.tensor_count": tensors}
            for _ in range(count):
                key = reader.string()
                meta[key] = reader.value(reader.unpack("<I"), keep_arrays)
            return meta
    except OSError as error:
        raise ModelError(f"The model file “{path.name}” cannot be read: {error.strerror or error}.") from None


def context_length(meta: dict) -> int | None:
    arch = meta.get("general.architecture")
    value = meta.get(f"{arch}.context_length") if arch else None
    return int(value) if isinstance(value, int) and value > 0 else None
