"""How long a cancel takes to stop the work it cancels (the tests check what happens, not how fast).

    .venv/bin/python tests/benchmarks/bench_cancel.py [--runs 10] [--server URL]

Against loopback fake servers, with the cancel requested from another thread as the UI does:

1. the OpenAI-compatible HTTP backend while the server streams a token every 10 ms: time from the
   cancel to ``Cancelled`` in the caller, chunks the caller still got after it, and when the server
   noticed the closed connection (which is what tells a real server to stop generating);
2. the same backend while the server is silent (the read is blocked): at most one read tick
   (``READ_TICK``, 0.25 s) is expected;
3. a model download blocked on a stalled server: the watcher thread shuts the socket down (it looks
   every 0.1 s);
4. with ``--server URL`` (e.g. ``python -m llama_cpp.server`` running the embedded model): the HTTP
   backend cancelled mid-generation by a real server, as in tests/llm/test_openai_http.py.

The silent and stalled cases cancel at a different moment of the read tick each run.

Prints the median and the slowest of each; asserts nothing about time.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.cancel import CancelToken  # noqa: E402
from reader.errors import Cancelled  # noqa: E402
from reader.llm.openai_http import READ_TICK, OpenAIHTTPBackend  # noqa: E402
from reader.models.download import download  # noqa: E402

ASK = [{"role": "user", "content": "Tell a long story."}]
TOKEN_INTERVAL = 0.01
DOWNLOAD_SIZE = 10_000_000


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    release = threading.Event()           # ends every silence and stall when the benchmark is over
    stalled = threading.Event()           # set when the download server goes silent
    noticed: list[float] = []             # when the streaming server found the client gone

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/v1/models":
            body = json.dumps({"object": "list", "data": [{"id": "fake", "max_model_len": 4096}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/model.gguf":       # 64 kB, then silence
            self.send_response(200)
            self.send_header("Content-Length", str(DOWNLOAD_SIZE))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"\0" * 65536)
            self.wfile.flush()
            Handler.stalled.set()
            Handler.release.wait(600)
        else:
            self.send_error(404)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        event = b'data: {"choices": [{"index": 0, "delta": {"content": " word"}, "finish_reason": null}]}\n\n'
        try:
            if self.path.startswith("/silent/"):
                self.wfile.write(event)
                self.wfile.flush()
                Handler.release.wait(600)
                return
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not Handler.release.is_set():
                self.wfile.write(event)
                self.wfile.flush()
                time.sleep(TOKEN_INTERVAL)
        except OSError:
            Handler.noticed.append(time.perf_counter())


def cancel_from_another_thread(cancel: CancelToken, when: list[float], delay: float = 0.0) -> threading.Thread:
    def run():
        time.sleep(delay)
        when.append(time.perf_counter())
        cancel.cancel()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def http_streaming(url: str, max_tokens: int = 100_000) -> tuple[float, int, float | None]:
    """(seconds from the cancel to Cancelled, chunks after the cancel, seconds until the fake server noticed)."""
    backend = OpenAIHTTPBackend(url)
    cancel, when = CancelToken(), []
    received = after = 0
    Handler.noticed.clear()
    try:
        for _ in backend.chat(ASK, max_tokens=max_tokens, cancel=cancel):
            received += 1
            after += cancel.cancelled
            if received == 5:
                cancel_from_another_thread(cancel, when)
    except Cancelled:
        stopped = time.perf_counter()
    else:
        raise SystemExit("the stream ended before the cancel")
    for _ in range(300):            # the server notices at its next write or two
        if Handler.noticed:
            break
        time.sleep(0.01)
    noticed = Handler.noticed[0] - when[0] if Handler.noticed else None
    return stopped - when[0], after, noticed


def http_silent(base: str, phase: float) -> float:
    backend = OpenAIHTTPBackend(base + "/silent/v1")
    cancel, when = CancelToken(), []
    try:
        for _ in backend.chat(ASK, cancel=cancel):   # after the first chunk the server is silent
            cancel_from_another_thread(cancel, when, delay=0.3 + phase * READ_TICK)
    except Cancelled:
        return time.perf_counter() - when[0]
    raise SystemExit("the silent answer ended without the cancel")


def download_stalled(base: str, folder: Path, run: int, phase: float) -> float:
    cancel, when = CancelToken(), []
    Handler.stalled.clear()

    def cancel_once_stalled():
        if Handler.stalled.wait(60):
            time.sleep(0.3 + phase * 0.1)       # the download is now blocked reading the silent server
            when.append(time.perf_counter())
            cancel.cancel()
    threading.Thread(target=cancel_once_stalled, daemon=True).start()
    try:
        download(base + "/model.gguf", folder / f"model-{run}.gguf", cancel=cancel, timeout=600.0, chunk=16384)
    except Cancelled:
        return time.perf_counter() - when[0]
    raise SystemExit("the download ended without the cancel")


def describe(label: str, seconds: list[float]) -> str:
    return (f"{label}: median {statistics.median(seconds) * 1000:.0f} ms, "
            f"slowest {max(seconds) * 1000:.0f} ms over {len(seconds)} runs")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--server", help="also an OpenAI-compatible server that generates for real")
    args = parser.parse_args()
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        os.environ.pop(name, None)      # the download would go through a proxy from the environment

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    phases = [run / args.runs for run in range(args.runs)]
    try:
        streaming = [http_streaming(base + "/stream/v1") for _ in range(args.runs)]
        print(describe("HTTP backend, server streaming a token every 10 ms", [s for s, _, _ in streaming]))
        print(f"  chunks after the cancel: at most {max(a for _, a, _ in streaming)}; the server noticed the "
              "closed connection after " + ", ".join(f"{n * 1000:.0f}" if n is not None else "never"
                                                     for _, _, n in streaming) + " ms")
        print(describe(f"HTTP backend, server silent (read tick {READ_TICK * 1000:.0f} ms)",
                       [http_silent(base, phase) for phase in phases]))
        with tempfile.TemporaryDirectory() as folder:
            print(describe("model download, server stalled (watcher looks every 100 ms)",
                           [download_stalled(base, Path(folder), run, phase) for run, phase in enumerate(phases)]))
        if args.server:
            real = [http_streaming(args.server, max_tokens=300) for _ in range(args.runs)]
            print(describe(f"HTTP backend, {args.server} generating", [s for s, _, _ in real]))
            print(f"  chunks after the cancel: at most {max(a for _, a, _ in real)}")
    finally:
        Handler.release.set()
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
