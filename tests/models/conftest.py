"""Fixtures for the models tests: small GGUF files written by the tests themselves."""
from __future__ import annotations

import struct
from pathlib import Path

import pytest


def _string(text: str) -> bytes:
    data = text.encode("utf-8")
    return struct.pack("<Q", len(data)) + data


def _value(value) -> bytes:
    if isinstance(value, bool):
        return struct.pack("<I?", 7, value)
    if isinstance(value, int):
        return struct.pack("<II", 4, value)
    if isinstance(value, float):
        return struct.pack("<If", 6, value)
    return struct.pack("<I", 8) + _string(value)


def write_gguf(path: Path, meta: dict, tensors: list[tuple[str, tuple[int, ...], int]], alignment: int = 32,
               truncate: int = 0) -> Path:
    """A GGUF v3 file with ``meta`` and F32 (type 0) / Q4_1 (type 3) tensors of zeros.

    ``tensors``: (name, dims, ggml type). ``truncate`` cuts that many bytes off the end."""
    blocks = {0: (1, 4), 3: (32, 20)}
    header = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(meta))
    for key, value in meta.items():
        header += _string(key) + _value(value)
    offset, infos, sizes = 0, b"", []
    for name, dims, kind in tensors:
        elements = 1
        for d in dims:
            elements *= d
        block, size = blocks[kind]
        nbytes = -(-elements // block) * size
        infos += _string(name) + struct.pack("<I", len(dims)) + b"".join(struct.pack("<Q", d) for d in dims)
        infos += struct.pack("<IQ", kind, offset)
        sizes.append(nbytes)
        offset += -(-nbytes // alignment) * alignment
    head = header + infos
    head += b"\0" * (-len(head) % alignment)
    data = bytearray()
    for nbytes in sizes:
        data += b"\0" * nbytes
        data += b"\0" * (-len(data) % alignment)
    blob = head + bytes(data[: len(data) - (-sizes[-1] % alignment)] if sizes else b"")
    path.write_bytes(blob[: len(blob) - truncate] if truncate else blob)
    return path


TINY_META = {"general.architecture": "llama", "general.name": "Tiny Test", "general.file_type": 3,
             "llama.context_length": 4096, "llama.block_count": 2, "llama.embedding_length": 64,
             "llama.attention.head_count": 4, "llama.attention.head_count_kv": 2, "llama.vocab_size": 100,
             "tokenizer.chat_template": "{{ messages }}"}
TINY_TENSORS = [("token_embd.weight", (64, 100), 3), ("output_norm.weight", (64,), 0)]


@pytest.fixture
def tiny_gguf(tmp_path):
    def make(name: str = "tiny.gguf", meta: dict | None = None, truncate: int = 0) -> Path:
        return write_gguf(tmp_path / name, {**TINY_META, **(meta or {})}, TINY_TENSORS, truncate=truncate)
    return make
