"""reader.models.download against a local HTTP server that honours (or ignores) Range, drops, stalls."""
from __future__ import annotations

import hashlib
import os
import random
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import reader
import reader.models.download as download_module
from reader.cancel import CancelToken
from reader.errors import Cancelled
from reader.models.download import (
    PROGRESS_INTERVAL,
    DownloadError,
    DownloadProgress,
    download,
    part_path,
    partial_state,
)

PAYLOAD = random.Random(7).randbytes(300_000)
SHA = hashlib.sha256(PAYLOAD).hexdigest()
FAST = {"chunk": 16 * 1024, "backoff": 0.02, "timeout": 10.0}
STALL_GUARD = 120.0     # a stall nobody releases ends after this long: only a hung download waits for that
NEVER = 3 * STALL_GUARD  # a read timeout no test reaches: a download that returns did not time out


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        owner = self.server.owner
        with owner.guard:
            index = len(owner.requests)
            owner.requests.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
        try:
            owner.behave(self, index)
        except OSError:
            pass  # the client went away (a cancel, a timeout): that is what some tests do

    def log_message(self, *args):
        pass


class Server:
    """A ThreadingHTTPServer on 127.0.0.1; ``behave(handler, index)`` answers request ``index``."""

    def __init__(self):
        self.requests: list[dict] = []
        self.guard = threading.Lock()
        self.stalled = threading.Event()     # set when a handler starts stalling
        self.unstalled = threading.Event()   # set when a stall ends (released, or the hang guard)
        self.release = threading.Event()     # ends every stall
        self.behave = lambda h, n: serve(h, self)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.owner = self
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def url(self, path: str = "/model.gguf") -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def stall(self) -> None:
        self.stalled.set()
        self.release.wait(STALL_GUARD)
        self.unstalled.set()

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def serve(h, server: Server, data: bytes = PAYLOAD, *, ranges: bool = True, drop_after: int | None = None,
          stall_after: int | None = None, length: int | None = None, send_length: bool = True) -> None:
    """Answer like a static file server; optionally cut the body short or stall part-way."""
    start = 0
    wanted = h.headers.get("Range")
    if ranges and wanted:
        start = int(re.fullmatch(r"bytes=(\d+)-", wanted).group(1))
        if start >= len(data):
            h.send_response(416)
            h.send_header("Content-Range", f"bytes */{len(data)}")
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        h.send_response(206)
        h.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
    else:
        h.send_response(200)
    body = data[start:]
    if send_length:
        h.send_header("Content-Length", str(length if length is not None else len(body)))
    h.end_headers()
    if stall_after is not None:
        h.wfile.write(body[:stall_after])
        h.wfile.flush()
        server.stall()
        return
    # HTTP/1.0: returning closes the connection, so a shortened body is a dropped connection
    h.wfile.write(body if drop_after is None else body[:drop_after])


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture
def server():
    s = Server()
    yield s
    s.close()


def cancel_later(token: CancelToken, event: threading.Event, delay: float = 0.3) -> None:
    """Cancel ``delay`` seconds after ``event`` (time for the download to block on the silent server)."""
    def run():
        if event.wait(20):
            time.sleep(delay)
            token.cancel()
    threading.Thread(target=run, daemon=True).start()


class SteppingClock:
    """Stands in for the download module's clock: each reading is ``step`` seconds after the last,
    so what depends on time depends only on how often the code looks at the clock."""

    def __init__(self, step: float):
        self.now, self.step = 1000.0, step

    def monotonic(self) -> float:
        self.now += self.step
        return self.now

    sleep = staticmethod(time.sleep)


def leftovers(dest) -> list[str]:
    return sorted(p.name for p in dest.parent.iterdir() if p.name != dest.name)


def make_partial(server: Server, dest, url: str | None = None, **behaviour) -> dict:
    """Leave a partial download behind: the first request is cut short and retries=0 gives up."""
    server.behave = lambda h, n: serve(h, server, **behaviour)
    with pytest.raises(DownloadError) as caught:
        download(url or server.url(), dest, sha256=SHA, **{**FAST, "retries": 0})
    assert caught.value.resumable and "kept" in str(caught.value)
    state = partial_state(dest)
    assert state is not None and not dest.exists()
    server.requests.clear()
    server.behave = lambda h, n: serve(h, server)
    return state


def test_full_download_reports_progress_and_verifies(server, tmp_path, monkeypatch):
    dest = tmp_path / "models" / "model.gguf"
    clock = SteppingClock(PROGRESS_INTERVAL / 3.5)   # a report is due every fourth look at the clock
    monkeypatch.setattr(download_module, "time", clock)
    seen: list[DownloadProgress] = []
    when: list[float] = []                             # the module's clock at each report

    def progress(report: DownloadProgress) -> None:
        seen.append(report)
        when.append(clock.now)
    started = clock.now
    assert download(server.url(), dest, sha256=SHA, size=len(PAYLOAD), progress=progress, **FAST) == dest
    elapsed = clock.now - started
    assert dest.read_bytes() == PAYLOAD
    assert leftovers(dest) == []  # no .part, sidecar or lock file
    assert seen and seen[-1].done == seen[-1].total == len(PAYLOAD)
    assert all(p.total == len(PAYLOAD) for p in seen)
    assert [p.done for p in seen] == sorted(p.done for p in seen)
    # throttled: between the first report and the last (both forced) they come PROGRESS_INTERVAL apart
    assert all(b - a >= PROGRESS_INTERVAL for a, b in zip(when, when[1:-1], strict=False))
    assert len(seen) <= 3 + elapsed / PROGRESS_INTERVAL
    assert len(seen) < len(PAYLOAD) // FAST["chunk"]   # fewer reports than chunks read
    assert seen[-1].describe().startswith("300.0 kB of 300.0 kB")
    (request,) = server.requests
    assert request["user-agent"] == f"StanceReader/{reader.__version__}"
    assert "range" not in request


def test_describe():
    assert DownloadProgress(412_000_000, 1_900_000_000, 8_400_000.0, 180.0).describe() == \
        "412.0 MB of 1.9 GB · 8.4 MB/s · 3 min left"
    assert DownloadProgress(512, None, 0.0, None).describe() == "512 B"
    assert DownloadProgress(10, 100, 5.0, 18.0).describe() == "10 B of 100 B · 5 B/s · 18 s left"


def test_resume_after_dropped_connection(server, tmp_path):
    dest = tmp_path / "model.gguf"
    server.behave = lambda h, n: serve(h, server, drop_after=100_000 if n == 0 else None)
    download(server.url(), dest, sha256=SHA, size=len(PAYLOAD), **FAST)
    assert dest.read_bytes() == PAYLOAD
    assert len(server.requests) == 2
    assert "range" not in server.requests[0]
    assert server.requests[1]["range"] == "bytes=100000-"
    assert leftovers(dest) == []


def test_resume_after_cancel_in_a_later_call(server, tmp_path):
    dest = tmp_path / "model.gguf"
    server.behave = lambda h, n: serve(h, server, stall_after=100_000)
    token = CancelToken()
    cancel_later(token, server.stalled)
    with pytest.raises(Cancelled):
        download(server.url(), dest, sha256=SHA, cancel=token, **{**FAST, "timeout": NEVER})
    # it returned while the server was still silent, and its read timeout is never reached: the cancel ended it
    assert not server.unstalled.is_set(), "the download hung until the server's stall ended"
    state = partial_state(dest)
    assert state == {"bytes": state["bytes"], "url": server.url(), "size": None, "sha256": SHA}
    assert 0 < state["bytes"] <= 100_000
    assert part_path(dest).stat().st_size == state["bytes"] and not dest.exists()

    server.requests.clear()
    server.behave = lambda h, n: serve(h, server)
    download(server.url(), dest, sha256=SHA, **FAST)
    assert dest.read_bytes() == PAYLOAD
    assert [r.get("range") for r in server.requests] == [f"bytes={state['bytes']}-"]
    assert partial_state(dest) is None and leftovers(dest) == []


def test_server_ignoring_range_restarts_from_zero(server, tmp_path):
    dest = tmp_path / "model.gguf"
    state = make_partial(server, dest, drop_after=50_000)
    assert state["bytes"] == 50_000
    server.behave = lambda h, n: serve(h, server, ranges=False)
    download(server.url(), dest, sha256=SHA, **FAST)
    assert dest.read_bytes() == PAYLOAD
    assert server.requests[0]["range"] == "bytes=50000-"
    assert leftovers(dest) == []


def test_partial_of_another_url_is_not_resumed(server, tmp_path):
    dest = tmp_path / "model.gguf"
    make_partial(server, dest, url=server.url("/old.gguf"), drop_after=50_000)
    download(server.url("/new.gguf"), dest, sha256=SHA, **FAST)
    assert dest.read_bytes() == PAYLOAD
    assert [r.get("range") for r in server.requests] == [None]


def test_wrong_checksum_installs_nothing(server, tmp_path):
    dest = tmp_path / "model.gguf"
    with pytest.raises(DownloadError) as caught:
        download(server.url(), dest, sha256=hashlib.sha256(b"another file").hexdigest(), **FAST)
    assert not caught.value.resumable
    assert "corrupt" in str(caught.value) and "nothing was installed" in str(caught.value)
    assert not dest.exists() and leftovers(dest) == []


@pytest.mark.parametrize(("size", "send_length"), [(len(PAYLOAD) + 1, True), (len(PAYLOAD) - 1, True),
                                                   (len(PAYLOAD) + 1, False), (len(PAYLOAD) - 1, False)])
def test_wrong_size_installs_nothing(server, tmp_path, size, send_length):
    dest = tmp_path / "model.gguf"
    server.behave = lambda h, n: serve(h, server, send_length=send_length)
    with pytest.raises(DownloadError) as caught:
        download(server.url(), dest, size=size, **FAST)
    assert not caught.value.resumable and "nothing was installed" in str(caught.value)
    assert not dest.exists() and leftovers(dest) == []


def test_not_found_is_a_clear_final_error(server, tmp_path):
    dest = tmp_path / "model.gguf"

    def missing(h, n):
        h.send_error(404)
    server.behave = missing
    with pytest.raises(DownloadError) as caught:
        download(server.url(), dest, **FAST)
    assert "404" in str(caught.value) and "model.gguf" in str(caught.value)
    assert not caught.value.resumable
    assert len(server.requests) == 1  # not retried
    assert leftovers(dest) == []


def test_server_errors_are_retried(server, tmp_path):
    dest = tmp_path / "model.gguf"

    def flaky(h, n):
        if n < 2:
            h.send_error(503)
        else:
            serve(h, server)
    server.behave = flaky
    download(server.url(), dest, sha256=SHA, **FAST)
    assert dest.read_bytes() == PAYLOAD and len(server.requests) == 3


def test_stalled_server_ends_in_resumable_error(server, tmp_path):
    dest = tmp_path / "model.gguf"
    # the first answer sends 10 kB then goes silent; the retry gets headers and then silence
    server.behave = lambda h, n: serve(h, server, stall_after=10_000 if n == 0 else 0)
    with pytest.raises(DownloadError) as caught:
        download(server.url(), dest, sha256=SHA, **{**FAST, "timeout": 1.0, "retries": 1})
    # given up by its own timeout while the server was still silent, not when the server ended the stall
    assert not server.unstalled.is_set(), "the download hung until the server's stall ended"
    assert "stopped sending data" in str(caught.value)
    assert caught.value.resumable
    assert "kept" in str(caught.value) and "resume" in str(caught.value)
    assert len(server.requests) == 2 and server.requests[1]["range"] == "bytes=10000-"
    assert partial_state(dest)["bytes"] == 10_000


@pytest.mark.parametrize("headers_sent", [True, False])
def test_cancel_during_a_stall_returns_before_the_stall_ends(server, tmp_path, headers_sent):
    dest = tmp_path / "model.gguf"
    if headers_sent:
        server.behave = lambda h, n: serve(h, server, stall_after=0)
    else:
        server.behave = lambda h, n: server.stall()
    token = CancelToken()
    cancel_later(token, server.stalled)
    with pytest.raises(Cancelled):
        download(server.url(), dest, sha256=SHA, cancel=token, **{**FAST, "timeout": NEVER})
    # the read blocked on the silent server was interrupted: neither the stall nor the timeout ended it
    assert not server.unstalled.is_set(), "the download hung until the server's stall ended"
    assert part_path(dest).exists() and partial_state(dest)["url"] == server.url()
    assert not dest.exists()


def test_concurrent_download_of_the_same_file_is_refused(server, tmp_path):
    dest = tmp_path / "model.gguf"
    server.behave = lambda h, n: serve(h, server, stall_after=1000)
    token = CancelToken()
    outcome: list[BaseException] = []

    def first():
        try:
            download(server.url(), dest, cancel=token, **{**FAST, "timeout": 60.0})
        except BaseException as error:  # reported to the test
            outcome.append(error)
    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert server.stalled.wait(20)
        with pytest.raises(DownloadError) as caught:
            download(server.url(), dest, **FAST)
        # refused at once, without waiting for the first: that one is still stalled, nothing ended it
        assert thread.is_alive() and outcome == [] and not server.unstalled.is_set()
        assert "already being downloaded" in str(caught.value) and not caught.value.resumable
        assert len(server.requests) == 1
    finally:
        token.cancel()
        thread.join(20)
    assert isinstance(outcome[0], Cancelled)
    assert partial_state(dest) is not None  # the first download's part survived the refusal


@pytest.mark.skipif(os.name == "nt", reason="fcntl is POSIX")
def test_lock_held_by_another_process_is_respected(server, tmp_path):
    import fcntl
    dest = tmp_path / "model.gguf"
    lock = part_path(dest).with_name("model.gguf.part.lock")
    with open(lock, "wb") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(DownloadError, match="already being downloaded"):
            download(server.url(), dest, **FAST)
    assert server.requests == []
    download(server.url(), dest, sha256=SHA, **FAST)
    assert dest.read_bytes() == PAYLOAD


def test_complete_part_answered_with_416_is_verified_and_installed(server, tmp_path):
    dest = tmp_path / "model.gguf"
    # the server announces 10 bytes more than it sends: the whole file lands in the part
    state = make_partial(server, dest, length=len(PAYLOAD) + 10)
    assert state["bytes"] == len(PAYLOAD)
    download(server.url(), dest, sha256=SHA, **FAST)
    assert dest.read_bytes() == PAYLOAD
    assert [r.get("range") for r in server.requests] == [f"bytes={len(PAYLOAD)}-"]  # answered 416
    assert leftovers(dest) == []


def test_part_larger_than_the_file_starts_over(server, tmp_path):
    dest = tmp_path / "model.gguf"
    state = make_partial(server, dest, data=PAYLOAD + b"junk" * 5, length=len(PAYLOAD) + 100)
    assert state["bytes"] == len(PAYLOAD) + 20
    download(server.url(), dest, sha256=SHA, **FAST)
    assert dest.read_bytes() == PAYLOAD
    assert [r.get("range") for r in server.requests] == [f"bytes={len(PAYLOAD) + 20}-", None]


def test_complete_part_of_known_size_needs_no_request(server, tmp_path):
    dest = tmp_path / "model.gguf"
    make_partial(server, dest, length=len(PAYLOAD) + 10)
    download(server.url(), dest, sha256=SHA, size=len(PAYLOAD), **FAST)
    assert dest.read_bytes() == PAYLOAD and server.requests == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/model.gguf", "model.gguf", "http:///x"])
def test_only_http_urls(tmp_path, url):
    dest = tmp_path / "model.gguf"
    with pytest.raises(DownloadError, match="Only http and https"):
        download(url, dest)
    assert list(tmp_path.iterdir()) == []


def test_redirects_are_followed_to_http_only(server, tmp_path):
    dest = tmp_path / "model.gguf"

    def redirecting(h, n):
        if h.path == "/model.gguf":
            serve(h, server)
            return
        h.send_response(302)
        h.send_header("Location", "/model.gguf" if h.path == "/latest" else "file:///etc/passwd")
        h.send_header("Content-Length", "0")
        h.end_headers()
    server.behave = redirecting
    download(server.url("/latest"), dest, sha256=SHA, **FAST)
    assert dest.read_bytes() == PAYLOAD
    dest.unlink()
    with pytest.raises(DownloadError, match="not an http or https address") as caught:
        download(server.url("/evil"), dest, **FAST)
    assert not caught.value.resumable and leftovers(dest) == [] and not dest.exists()


def test_existing_verified_file_needs_no_request(server, tmp_path):
    dest = tmp_path / "model.gguf"
    dest.write_bytes(PAYLOAD)
    assert download(server.url(), dest, sha256=SHA, size=len(PAYLOAD), **FAST) == dest
    assert server.requests == []
    dest.write_bytes(b"an older model")  # a different file is replaced, atomically, once verified
    download(server.url(), dest, sha256=SHA, **FAST)
    assert dest.read_bytes() == PAYLOAD and len(server.requests) == 1
