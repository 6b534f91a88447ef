"""Read a GGUF file's metadata (key/value header) without touching its weights.

Format (GGUF v2/v3, little-endian): magic ``GGUF``, uint32 version, uint64 tensor count, uint64
key/value count, then each key (uint64 length + UTF-8) with a uint32 value type and the value.
Arrays hold a uint32 element type and a uint64 count. Large arrays (the tokenizer's vocabulary and
merges) are skipped, not decoded. The file is memory-mapped, so only the header pages are read,
and results are remembered per (path, size, modification time).

After the key/value pairs come the tensor infos (name, dimensions, ggml type, offset into the data
section, which starts at the next multiple of ``general.alignment``). From them the reader adds
``gguf.parameter_count`` (elements of all tensors) and ``gguf.expected_size`` (where the last
tensor's bytes end; ``None`` when a tensor has a type this table does not know). A file shorter
than its expected size is truncated: :func:`read_metadata` says so instead of letting llama.cpp
fail later.
"""
from __future__ import annotations

import mmap
import struct
from functools import lru_cache
from pathlib import Path

from ..errors import ModelError

_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9
_MAX_KEYS = 100_000
_U32, _U64 = struct.Struct("<I"), struct.Struct("<Q")
# ggml tensor types: (elements per block, bytes per block)
GGML_BLOCKS = {0: (1, 4), 1: (1, 2), 2: (32, 18), 3: (32, 20), 6: (32, 22), 7: (32, 24), 8: (32, 34),
               9: (32, 36), 10: (256, 84), 11: (256, 110), 12: (256, 144), 13: (256, 176), 14: (256, 210),
               15: (256, 292), 16: (256, 66), 17: (256, 74), 18: (256, 98), 19: (256, 50), 20: (32, 18),
               21: (256, 110), 22: (256, 82), 23: (256, 136), 24: (1, 1), 25: (1, 2), 26: (1, 4), 27: (1, 8),
               28: (1, 8), 29: (256, 56), 30: (1, 2), 34: (256, 54), 35: (256, 66), 39: (32, 17)}
# llama.cpp's file types (``general.file_type``): how the weights were quantised, as people name it
FILE_TYPES = {0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1", 10: "Q2_K",
              11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M", 16: "Q5_K_S",
              17: "Q5_K_M", 18: "Q6_K", 19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S", 22: "IQ3_XS",
              23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL", 26: "IQ3_S", 27: "IQ3_M", 28: "IQ2_S", 29: "IQ2_M",
              30: "IQ4_XS", 31: "IQ1_M", 32: "BF16", 36: "TQ1_0", 37: "TQ2_0", 38: "MXFP4_MOE"}
_MAX_TENSORS = 1_000_000
_MAX_DEPTH = 16   # arrays of arrays: real files nest one level; a damaged or hostile one, thousands


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

    def skip_strings(self, count: int) -> None:
        """Step over ``count`` strings (a vocabulary: tens of thousands) in one tight loop."""
        buffer, pos, end, unpack = self.buffer, self.pos, len(self.buffer), _U64.unpack_from
        for _ in range(count):
            if pos + 8 > end:
                raise _Truncated()
            pos += 8 + unpack(buffer, pos)[0]
        if pos > end:
            raise _Truncated()
        self.pos = pos

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

    def value(self, kind: int, keep_arrays: bool, depth: int = 0):
        if depth > _MAX_DEPTH:
            raise ModelError(f"The model file “{self.path.name}” has a damaged header (arrays nested too deep).")
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
                self.skip_strings(count)
                return None
            return [self.value(inner, keep_arrays, depth + 1) for _ in range(count)]
        raise ModelError(f"The model file “{self.path.name}” has a damaged header (value type {kind}).")


def read_metadata(path: Path, keep_arrays: bool = False) -> dict:
    """The GGUF key/value metadata, plus ``gguf.version`` and ``gguf.tensor_count``."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as error:
        raise ModelError(f"The model file “{path.name}” cannot be read: {error.strerror or error}.") from None
    meta = dict(_read(str(path), stat.st_size, stat.st_mtime_ns, keep_arrays))
    expected = meta.get("gguf.expected_size")
    if expected and stat.st_size < expected:
        raise ModelError(f"The model file “{path.name}” is truncated: it has {stat.st_size:,} bytes of the "
                         f"{expected:,} its header describes (an interrupted download or copy?).")
    return meta


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
        _tensor_infos(reader, meta, tensors)
        return meta
    finally:
        del reader
        buffer.release()


def _tensor_infos(reader: _Reader, meta: dict, tensors: int) -> None:
    if tensors > _MAX_TENSORS:
        raise ModelError(f"The model file “{reader.path.name}” has a damaged header.")
    params, end, known = 0, 0, True
    for _ in range(tensors):
        reader.string()
        n_dims = reader.u32()
        if n_dims > 8:
            raise ModelError(f"The model file “{reader.path.name}” has a damaged header.")
        elements = 1
        for _ in range(n_dims):
            elements *= reader.u64()
        kind, offset = reader.u32(), reader.u64()
        params += elements
        if kind in GGML_BLOCKS:
            block, size = GGML_BLOCKS[kind]
            end = max(end, offset + -(-elements // block) * size)
        else:
            known = False
    alignment = meta.get("general.alignment")
    alignment = alignment if isinstance(alignment, int) and alignment > 0 else 32
    data_start = -(-reader.pos // alignment) * alignment
    meta["gguf.parameter_count"] = params
    meta["gguf.expected_size"] = data_start + end if known and tensors else None


def quantization(meta: dict) -> str:
    """"Q4_K_M", "Q8_0" …, from ``general.file_type``; "" when the file does not say."""
    value = meta.get("general.file_type")
    return FILE_TYPES.get(value, f"type {value}") if isinstance(value, int) else ""


def context_length(meta: dict) -> int | None:
    arch = meta.get("general.architecture")
    value = meta.get(f"{arch}.context_length") if arch else None
    return int(value) if isinstance(value, int) and value > 0 else None


# architectures that llama.cpp loads but that only embed or encode: they cannot write an answer
ENCODER_ONLY = frozenset({"bert", "nomic-bert", "nomic-bert-moe", "jina-bert-v2", "jina-bert-v3", "neo-bert",
                          "modern-bert", "t5encoder", "clip", "wavtokenizer-dec"})


def check_generative(meta: dict, name: str) -> None:
    """Raise :class:`~reader.errors.ModelError` for a GGUF file that is not a text-generation model:
    an adapter or projector, a vocabulary without weights, an embedding (encoder-only) model. Read
    from the header, before llama.cpp sees the file."""
    kind = meta.get("general.type")
    if kind not in (None, "model"):
        raise ModelError(f"“{name}” is a GGUF {kind} file, not a text-generation model. "
                         "Choose an instruct (chat) model.")
    if meta.get("gguf.tensor_count") == 0:
        raise ModelError(f"“{name}” holds no weights (it is a vocabulary-only GGUF file). "
                         "Choose an instruct (chat) model.")
    arch = meta.get("general.architecture")
    if arch in ENCODER_ONLY or (isinstance(arch, str) and f"{arch}.pooling_type" in meta):
        raise ModelError(f"“{name}” is an embedding model ({arch}), not a text-generation model. "
                         "Choose an instruct (chat) model.")
