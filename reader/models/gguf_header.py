"""Read a GGUF file's metadata (key/value header) without touching its weights.

Format (GGUF v2/v3, little-endian): magic ``GGUF``, uint32 version, uint64 tensor count, uint64
key/value count, then each key (uint64 length + UTF-8) with a uint32 value type and the value.
Arrays hold a uint32 element type and a uint64 count. Large arrays (the tokenizer's vocabulary and
merges) are skipped, not decoded. The file is memory-mapped, so only the header pages are read,
and results are remembered per (path, size, modification time).
"""
from __future__ import annotations

import mmap
import struct
from functools import lru_cache
from pathlib import Path

from ..llm.backend import ModelError

_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9
_MAX_KEYS = 100_000
_U32, _U64 = struct.Struct("<I"), struct.Struct("<Q")


class _Truncated(Exception):
    pass


class _Reader:
    def __init__(self, buffer, path: Path):
        self.buffer, self.path, self.pos = buffer, path, 0

    def take(self, n: int) -> int:
        start = self.pos
        self.pos += n
        if self.pos > len(self.buffer):
            raise _Truncated()
        return start

    def u32(self) -> int:
        return _U32.unpack_from(self.buffer, self.take(4))[0]

    def u64(self) -> int:
        return _U64.unpack_from(self.buffer, self.take(8))[0]

    def string(self) -> str:
        length = self.u64()
        if length > 1 << 26:
            raise ModelError(f"The model file “{self.path.name}” has a damaged header.")
        start = self.take(length)
        return bytes(self.buffer[start:start + length]).decode("utf-8", "replace")

    def value(self, kind: int, keep_arrays: bool):
        if kind in _SCALARS:
            fmt = _SCALARS[kind]
            return struct.unpack_from(fmt, self.buffer, self.take(struct.calcsize(fmt)))[0]
        if kind == _STRING:
            return self.string()
        if kind == _ARRAY:
            inner, count = self.u32(), self.u64()
            if inner in _SCALARS and not keep_arrays:
                self.take(struct.calcsize(_SCALARS[inner]) * count)
                return None
            if inner == _STRING and not keep_arrays:
                for _ in range(count):
                    self.take(_U64.unpack_from(self.buffer, self.take(8))[0])
                return None
            return [self.value(inner, keep_arrays) for _ in range(count)]
        raise ModelError(f"The model file “{self.path.name}” has a damaged header (value type {kind}).")


def read_metadata(path: Path, keep_arrays: bool = False) -> dict:
    """The GGUF key/value metadata, plus ``gguf.version`` and ``gguf.tensor_count``."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as error:
        raise ModelError(f"The model file “{path.name}” cannot be read: {error.strerror or error}.") from None
    return dict(_read(str(path), stat.st_size, stat.st_mtime_ns, keep_arrays))


@lru_cache(maxsize=32)
def _read(path_str: str, size: int, mtime_ns: int, keep_arrays: bool) -> dict:
    path = Path(path_str)
    if size < 24:
        raise ModelError(f"The model file “{path.name}” is truncated or damaged (its header ends early).")
    try:
        with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as buffer:
            return _parse(memoryview(buffer), path, keep_arrays)
    except _Truncated:
        raise ModelError(f"The model file “{path.name}” is truncated or damaged (its header ends early).") from None
    except (OSError, ValueError) as error:
        raise ModelError(f"The model file “{path.name}” cannot be read: {error}.") from None


def _parse(buffer, path: Path, keep_arrays: bool) -> dict:
    reader = _Reader(buffer, path)
    try:
        if bytes(buffer[:4]) != b"GGUF":
            raise ModelError(f"“{path.name}” is not a GGUF model file.")
        reader.take(4)
        version = reader.u32()
        if version not in (2, 3):
            raise ModelError(f"“{path.name}” uses GGUF version {version}, which is not supported.")
        tensors, count = reader.u64(), reader.u64()
        if count > _MAX_KEYS:
            raise ModelError(f"The model file “{path.name}” has a damaged header.")
        meta: dict = {"gguf.version": version, "gguf.tensor_count": tensors}
        for _ in range(count):
            key = reader.string()
            meta[key] = reader.value(reader.u32(), keep_arrays)
        return meta
    finally:
        del reader
        buffer.release()


def context_length(meta: dict) -> int | None:
    arch = meta.get("general.architecture")
    value = meta.get(f"{arch}.context_length") if arch else None
    return int(value) if isinstance(value, int) and value > 0 else None
