"""Will a model fit this machine? Memory, CPUs and a model's header decide, before any weight loads.

Estimate of the memory a GGUF model needs in llama.cpp, for a context of ``n_ctx`` tokens:

- **weights**: the file's size (llama.cpp maps the file; to run at speed every page is resident);
- **KV cache**: 2 (K and V) × layers × ``n_ctx`` × KV heads × head size × 2 bytes (f16);
- **working memory**: the attention scores of one batch (``n_batch`` × ``n_ctx`` × heads × 4 bytes),
  one batch of logits (``n_batch`` × vocabulary × 4 bytes) and a fixed 250 MB for the runtime
  (Python, Qt, llama.cpp's own buffers).

It errs on the high side: the embedded 135M model is estimated at 0.66 GB at 8,192 tokens and
measured at 0.48 GB peak RSS. :func:`plan` picks the largest context (up to the model's trained
context, capped at 8,192, never below 2,048) that fits in 90 % of the memory that is free now, and
says plainly when even the smallest does not. :class:`~reader.llm.llamacpp.LlamaCppBackend`
refuses to load a model that does not fit instead of letting the machine swap itself to death.
"""
from __future__ import annotations

import ctypes
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .gguf_header import context_length

GB = 1_000_000_000
RUNTIME_BYTES = 250_000_000
N_BATCH = 256
MAX_CTX, MIN_CTX = 8192, 2048
HEADROOM = 0.9


@dataclass(frozen=True)
class Machine:
    total: int          # bytes of memory
    available: int      # bytes free for a new program now
    cpus: int
    gpu_offload: bool   # the installed llama.cpp was built with a GPU backend


@dataclass(frozen=True)
class Plan:
    fits: bool
    needed: int         # bytes, at ``n_ctx``
    weights: int
    kv_cache: int
    working: int
    n_ctx: int
    threads: int
    gpu_layers: int     # -1: all layers; 0: CPU only
    message: str        # one or two sentences for people


def machine(probe_gpu: bool = True) -> Machine:
    """This machine now; ``probe_gpu=False`` skips importing llama.cpp to ask about GPU support."""
    total, available = _memory()
    return Machine(total=total, available=available, cpus=os.cpu_count() or 1,
                   gpu_offload=_gpu_offload() if probe_gpu else False)


def _memory() -> tuple[int, int]:
    if sys.platform.startswith("linux"):
        info = {}
        try:
            with open("/proc/meminfo", encoding="ascii") as handle:
                for line in handle:
                    key, _, rest = line.partition(":")
                    info[key] = int(rest.split()[0]) * 1024
        except (OSError, ValueError, IndexError):
            pass
        total = info.get("MemTotal", 0)
        available = info.get("MemAvailable", info.get("MemFree", 0))
        limit = _cgroup_room()
        if limit is not None:
            available = min(available, limit)
            total = min(total, limit) if total else limit
        if total:
            return total, available
    if sys.platform == "win32":
        class Status(ctypes.Structure):
            _fields_ = [("length", ctypes.c_ulong), ("load", ctypes.c_ulong), ("total", ctypes.c_ulonglong),
                        ("available", ctypes.c_ulonglong), ("page_total", ctypes.c_ulonglong),
                        ("page_free", ctypes.c_ulonglong), ("virtual_total", ctypes.c_ulonglong),
                        ("virtual_free", ctypes.c_ulonglong), ("extended", ctypes.c_ulonglong)]
        status = Status(length=ctypes.sizeof(Status))
        if ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):  # type: ignore[attr-defined]
            return int(status.total), int(status.available)
    try:  # macOS and other Unixes: the total is known; assume 60 % of it can be had
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        return total, int(total * 0.6)
    except (ValueError, OSError, AttributeError):
        return 8 * GB, 4 * GB


def _cgroup_room() -> int | None:
    """Memory left under a container's cgroup v2 limit, if there is one."""
    base = Path("/sys/fs/cgroup")
    try:
        limit = (base / "memory.max").read_text().strip()
        if limit == "max":
            return None
        return max(0, int(limit) - int((base / "memory.current").read_text().strip()))
    except (OSError, ValueError):
        return None


def _gpu_offload() -> bool:
    try:
        import llama_cpp  # only when GPU support is asked about (its shared library costs 0.3 s)
        return bool(llama_cpp.llama_supports_gpu_offload())
    except Exception:  # not installed, or a build without the function
        return False


def default_threads(cpus: int | None = None) -> int:
    """Physical-ish cores: llama.cpp gains nothing from hyper-threads and loses on a busy UI."""
    count = cpus or os.cpu_count() or 2
    return max(1, min(8, count if count <= 4 else count // 2))


def threads_beside(others: float | None, default: int, cpus: int | None = None) -> int:
    """Threads for the next generation when other programs keep ``others`` cores busy: no more than
    the cores they leave free. llama.cpp's threads meet at every step and spin while they wait, so
    one thread on a core another program holds stalls them all (measured on 2 cores: 96 tokens in
    4.3 s alone, 9.8 s with 2 threads beside one busy process, 7.3 s with 1). A quarter of a core
    of background noise is tolerated; None (no measure) keeps ``default``."""
    if others is None:
        return default
    count = cpus or os.cpu_count() or 2
    return max(1, min(default, int(count - others + 0.25)))


class CpuMeter:
    """How many cores other programs kept busy between two readings: the whole machine's CPU time
    (Linux ``/proc/stat``) less this process's own (:func:`os.times`, all its threads). Elsewhere
    :meth:`others` is None and the thread count stays as configured."""

    def __init__(self, stat: Path = Path("/proc/stat")):
        self.stat = stat
        self.last = self._read()

    def _read(self) -> tuple[float, float, float] | None:
        try:
            fields = self.stat.read_text().split("\n", 1)[0].split()
        except OSError:
            return None
        if not fields or fields[0] != "cpu" or len(fields) < 8:
            return None
        user, nice, system, _idle, _iowait, irq, softirq = (int(x) for x in fields[1:8])
        steal = int(fields[8]) if len(fields) > 8 else 0
        busy = (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")
        own = os.times()
        return time.monotonic(), busy, own.user + own.system

    def others(self) -> float | None:
        """Cores busy with other programs since the last call (at least a tenth of a second ago;
        None when too little time has passed or nothing can be read)."""
        now = self._read()
        if now is None or self.last is None or now[0] - self.last[0] < 0.1:
            if self.last is None:
                self.last = now
            return None
        (t0, busy0, own0), (t1, busy1, own1) = self.last, now
        self.last = now
        return max(0.0, ((busy1 - busy0) - (own1 - own0)) / (t1 - t0))


def _int(meta: dict, key: str) -> int | None:
    value = meta.get(key)
    if isinstance(value, list):   # per-layer values in some architectures
        value = max((v for v in value if isinstance(v, int)), default=None)
    return value if isinstance(value, int) and value > 0 else None


def estimate(meta: dict, file_size: int, n_ctx: int) -> tuple[int, int, int]:
    """(weights, KV cache, working memory) in bytes for a context of ``n_ctx`` tokens."""
    arch = meta.get("general.architecture") or ""
    layers = _int(meta, f"{arch}.block_count") or 32
    embd = _int(meta, f"{arch}.embedding_length") or 4096
    heads = _int(meta, f"{arch}.attention.head_count") or max(1, embd // 128)
    kv_heads = _int(meta, f"{arch}.attention.head_count_kv") or heads
    head_dim = _int(meta, f"{arch}.attention.key_length") or max(1, embd // heads)
    vocab = _int(meta, f"{arch}.vocab_size") or 50_000
    kv = 2 * layers * n_ctx * kv_heads * head_dim * 2
    working = N_BATCH * n_ctx * heads * 4 + N_BATCH * vocab * 4 + RUNTIME_BYTES
    return file_size, kv, working


def plan(meta: dict, file_size: int, host: Machine | None = None, n_ctx: int | None = None,
         max_ctx: int = MAX_CTX, label: str = "") -> Plan:
    """The settings to run this model with here, and whether it fits at all; ``label`` names the
    model in the message (default: its ``general.name``)."""
    host = host or machine()
    trained = context_length(meta) or max_ctx
    budget = host.available * HEADROOM
    if n_ctx:
        candidates = [n_ctx]
    else:
        top = min(trained, max_ctx)
        candidates = [top]
        while candidates[-1] // 2 >= min(MIN_CTX, top):
            candidates.append(candidates[-1] // 2)
    for ctx in candidates:
        weights, kv, working = estimate(meta, file_size, ctx)
        if weights + kv + working <= budget:
            break
    needed = weights + kv + working
    fits = needed <= budget
    name = label or meta.get("general.name") or "This model"
    if fits:
        message = f"{name} fits: about {needed / GB:.1f} GB at {ctx:,} tokens of context, " \
                  f"{host.available / GB:.1f} GB free."
    else:
        message = (f"{name} needs about {needed / GB:.1f} GB ({weights / GB:.1f} GB of weights, "
                   f"{kv / GB:.1f} GB for {ctx:,} tokens of context, {working / GB:.1f} GB of working "
                   f"memory), but only {host.available / GB:.1f} GB of {host.total / GB:.1f} GB is free. "
                   "Close other programs or choose a smaller model.")
    return Plan(fits=fits, needed=needed, weights=weights, kv_cache=kv, working=working, n_ctx=ctx,
                threads=default_threads(host.cpus), gpu_layers=-1 if host.gpu_offload else 0, message=message)
