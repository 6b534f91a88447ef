"""Data safety: exports and cache entries are written atomically, so a process killed at any moment
leaves the old or the new complete file; the cache discards what it cannot trust; a full disk gives
a clear error and leaves the previous export as it was."""
from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from reliability_checks import delta, serve_models, sse_head

from reader.analysis.cache import AnswerCache
from reader.errors import ExportError, ReaderError
from reader.export.markdown import write_markdown
from reader.storage import atomic_write_text

REPO = Path(__file__).resolve().parents[2]

# One single-threaded worker process forks writers and SIGKILLs them at random moments (fork is
# cheap there, and safe: the worker has no other threads). After each kill it checks what a reader
# would find. Every version is self-checking: "sha256 length\n" + payload.
KILL_WORKER = textwrap.dedent(r"""
    import hashlib, json, os, random, signal, sys, time
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    from reader.analysis.cache import AnswerCache
    from reader.export.markdown import write_markdown

    folder, kills, mode = Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    out, cache = folder / "export.md", AnswerCache(folder / "cache")
    key = cache.key(kind="summaries", article="a", item="section-0")

    def version(i):
        payload = (f"version {i} " * random.Random(i).randint(2_000, 40_000)).strip()
        return f"{hashlib.sha256(payload.encode()).hexdigest()} {len(payload)}\n{payload}"

    def intact(text):
        head, _, payload = text.partition("\n")
        digest, _, length = head.partition(" ")
        return hashlib.sha256(payload.encode()).hexdigest() == digest and str(len(payload)) == length

    def writer(seed):
        i = seed
        while True:
            i += 1
            doc = version(i)
            if mode == "naive":          # the control: a plain write is torn by a kill
                with open(out, "w", encoding="utf-8") as handle:
                    handle.write(doc)
            else:
                write_markdown(out, doc)
            cache.put(key, {"text": doc})

    started = time.perf_counter()         # complete first versions, so that every kill has one to keep,
    for i in range(3):                    # and the time a round of writes takes on this machine now
        write_markdown(out, version(i))
        cache.put(key, {"text": version(i)})
    round_time = (time.perf_counter() - started) / 3
    rng = random.Random(1)
    stats = {"kills": 0, "export_checked": 0, "export_torn": 0, "cache_hits": 0, "cache_misses": 0,
             "cache_torn": 0, "temp_files_left": 0, "versions_seen": set()}
    for n in range(kills):
        pid = os.fork()
        if pid == 0:
            try:
                writer(n * 1000)
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0.0, 3 * round_time))   # kills land before, during and between writes
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        stats["kills"] += 1
        if out.exists():
            text = out.read_text(encoding="utf-8", errors="replace")
            stats["export_checked"] += 1
            if intact(text):
                stats["versions_seen"].add(text.partition(" ")[0])
            else:
                stats["export_torn"] += 1
        value = cache.get(key)
        if value is None:
            stats["cache_misses"] += 1
        elif isinstance(value.get("text"), str) and intact(value["text"]):
            stats["cache_hits"] += 1
        else:
            stats["cache_torn"] += 1
        left = [p for p in folder.rglob("*.tmp")]
        stats["temp_files_left"] += len(left)
        for p in left:                  # a kill mid-write leaves its temporary file; never read
            p.unlink()
    stats["versions_seen"] = len(stats["versions_seen"])
    stats["round_ms"] = round(1000 * round_time, 1)
    print(json.dumps(stats))
""")


def run_kills(tmp_path: Path, kills: int, mode: str = "atomic") -> dict:
    script = tmp_path / "kill_worker.py"
    script.write_text(KILL_WORKER)
    result = subprocess.run([sys.executable, str(script), str(REPO), str(tmp_path), str(kills), mode],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_sigkill_during_repeated_writes_never_leaves_a_torn_file(tmp_path):
    stats = run_kills(tmp_path, 100)
    print("SIGKILL figures:", stats)
    assert stats["kills"] == 100
    assert stats["export_torn"] == 0 and stats["cache_torn"] == 0
    assert stats["export_checked"] == 100 and stats["cache_hits"] + stats["cache_misses"] == 100


def test_cache_discards_what_it_cannot_trust(tmp_path):
    cache = AnswerCache(tmp_path)
    key = cache.key(kind="summaries", article="a", item="section-0")
    cache.put(key, {"text": "fine"})
    path = next(tmp_path.rglob("*.json"))
    bad_entries = [b"", b"{", b'{"key": "' + key.encode() + b'", "value": {"text": "cut', b"\x00\xff\xfe" * 10,
                   b"\xed\xa0\x80", json.dumps([1, 2]).encode(), json.dumps({"key": "other", "value": {}}).encode(),
                   json.dumps({"key": key}).encode(), json.dumps({"key": key, "value": "text"}).encode(),
                   json.dumps({"key": key, "value": None}).encode(), b"null", b"1e999999"]
    for data in bad_entries:
        path.write_bytes(data)
        assert cache.get(key) is None, data
        assert not path.exists(), data
    path.mkdir()              # something that is not a file where the entry goes
    assert cache.get(key) is None
    cache.put(key, {"text": "again"})     # cannot replace a folder: a miss next time, no error
    assert cache.get(key) is None


def test_a_cached_value_that_is_not_a_dict_does_not_reach_the_summarizer(tmp_path):
    """Valid JSON with the right key but a string value used to crash ModelCalls.cached()."""
    cache = AnswerCache(tmp_path)
    key = cache.key(x=1)
    cache._path(key).parent.mkdir(parents=True)
    cache._path(key).write_text(json.dumps({"key": key, "value": "a string"}))
    assert cache.get(key) is None


class FullDisk(io.RawIOBase):
    """A file that takes a few bytes, then reports the disk full."""

    def __init__(self, fd: int):
        self.fd, self.room = fd, 100

    def writable(self):
        return True

    def write(self, data):
        if len(data) > self.room:
            os.write(self.fd, bytes(data[: self.room]))
            self.room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return os.write(self.fd, data)

    def close(self):
        if not self.closed:
            os.close(self.fd)
        super().close()


@pytest.fixture
def full_disk(monkeypatch):
    real = os.fdopen

    def fdopen(fd, mode="r", *args, **kwargs):
        if "w" in mode:
            return io.BufferedWriter(FullDisk(fd))
        return real(fd, mode, *args, **kwargs)
    monkeypatch.setattr(os, "fdopen", fdopen)


def test_full_disk_during_export_keeps_the_previous_file(tmp_path, full_disk):
    out = tmp_path / "summary.md"
    out.write_text("previous export\n")
    with pytest.raises(ExportError) as info:
        write_markdown(out, "new export " * 10_000)
    message = str(info.value)
    assert "No space left on device" in message and "unchanged" in message and str(out) in message
    assert isinstance(info.value, ReaderError)
    assert out.read_text() == "previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.md"]     # no temporary file left


def test_full_disk_while_caching_costs_only_the_entry(tmp_path, full_disk):
    cache = AnswerCache(tmp_path)
    cache.put(cache.key(x=1), {"text": "x" * 100_000})       # no exception
    assert cache.get(cache.key(x=1)) is None
    assert not list(tmp_path.rglob("*.tmp"))


def test_full_disk_in_the_cli_is_one_sentence(tmp_path, server, full_disk, capsys, monkeypatch):
    """`summarize -o` against a (fake, local) model server, with the disk full at the export."""
    from reader.cli import main

    def handler(srv, conn, path, body):
        if serve_models(srv, conn, path, body):
            return
        sse_head(conn)
        conn.sendall(delta("The ferry returns in May.", "stop") + b"data: [DONE]\n\n")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    article = tmp_path / "a.md"
    article.write_text("# Ferry\n\nThe city will restart the ferry in May, officials said on Monday.\n")
    out = tmp_path / "out.md"
    out.write_text("previous\n")
    code = main(["summarize", str(article), "--server", server(handler).url, "-o", str(out), "--force",
                 "-q", "--no-cache", "--max-actors", "0"])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err.count("\n") == 0 and "could not be written (No space left on device)" in err, err
    assert out.read_text() == "previous\n"


def test_exports_are_created_with_ordinary_permissions(tmp_path):
    """mkstemp made every export (and the file it replaced) 0600, unreadable to the group."""
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.md"
        atomic_write_text(fresh, "x")
        assert fresh.stat().st_mode & 0o777 == 0o644
        shared = tmp_path / "shared.md"
        shared.write_text("old")
        shared.chmod(0o664)
        atomic_write_text(shared, "new")
        assert shared.stat().st_mode & 0o777 == 0o664 and shared.read_text() == "new"
    finally:
        os.umask(old)
