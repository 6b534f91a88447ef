"""Load: many articles in one process keep memory flat and leak no threads or file handles.

    .venv/bin/python tests/benchmarks/bench_load.py [--articles 200] [--real 20] [--http]

1. Opens N distinct articles one after another (text, Markdown, HTML and MHTML in turn) through
   ``load_article`` and the NLP pipeline, as the app's worker process does.
2. Runs the summarize path (summaries, overview, stance notes, grounding, the answer cache on disk and
   the Markdown export written atomically) over the same N articles with a fast fake backend.
3. With ``--http``: the same through the OpenAI-compatible HTTP backend against a local fake server
   (a connection per call: sockets must all be closed).
4. With ``--real K``: the summarize path with the embedded llama.cpp model on the first K articles,
   one backend for all (as the app keeps it), then K load/close cycles of the backend.

Prints, per phase: RSS, open file descriptors and threads at the start, after the first tenth (warm)
and at the end, peak RSS, and time per article. See docs/RELIABILITY.md.
"""
from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "reliability"))

from reliability_checks import FastBackend, open_fds, peak_rss_mb, reset_peak_rss, rss_mb, write_articles  # noqa: E402

from reader.analysis.cache import AnswerCache  # noqa: E402
from reader.analysis.pipeline import Finished  # noqa: E402
from reader.analysis.runner import run_report  # noqa: E402
from reader.export.markdown import render_markdown, write_markdown  # noqa: E402
from reader.importers import load_article  # noqa: E402
from reader.nlp.pipeline import analyze_article  # noqa: E402


class Phase:
    def __init__(self, name: str, total: int):
        self.name, self.total = name, total
        gc.collect()
        reset_peak_rss()
        self.fds, self.threads, self.rss = open_fds(), threading.active_count(), rss_mb()
        self.warm_rss, self.warm_fds, self.warm_threads = None, self.fds, self.threads
        self.started = time.perf_counter()

    def step(self, done: int) -> None:
        if done == max(1, self.total // 10):
            gc.collect()
            self.warm_rss, self.warm_fds, self.warm_threads = rss_mb(), open_fds(), threading.active_count()

    def report(self) -> dict:
        seconds = time.perf_counter() - self.started
        gc.collect()
        time.sleep(0.2)    # let finished threads (HTTP handlers) go
        figures = {"phase": self.name, "articles": self.total, "seconds": round(seconds, 1),
                   "ms_per_article": round(1000 * seconds / self.total, 1),
                   "rss_start_mb": round(self.rss, 1), "rss_warm_mb": round(self.warm_rss or 0, 1),
                   "rss_end_mb": round(rss_mb(), 1), "peak_rss_mb": round(peak_rss_mb(), 1),
                   "fds_start": self.fds, "fds_warm": self.warm_fds, "fds_end": open_fds(),
                   "threads_start": self.threads, "threads_warm": self.warm_threads,
                   "threads_end": threading.active_count()}
        figures["rss_growth_after_warm_mb"] = round(figures["rss_end_mb"] - figures["rss_warm_mb"], 1)
        print(json.dumps(figures), flush=True)
        return figures


def open_and_analyse(paths):
    phase = Phase("load+nlp", len(paths))
    for n, path in enumerate(paths, start=1):
        analyze_article(load_article(path))    # kept by nobody: the app drops the previous article too
        phase.step(n)
    return phase.report()


def summarize_all(paths, backend, folder: Path, name: str, limit: int | None = None):
    paths = paths[:limit] if limit else paths
    phase = Phase(name, len(paths))
    cache = AnswerCache(folder / f"cache-{name}")
    for n, path in enumerate(paths, start=1):
        analysis = analyze_article(load_article(path))
        report = next(e.report for e in run_report(analysis, backend, cache=cache, max_actors=3)
                      if isinstance(e, Finished))
        if report.errors:
            raise SystemExit(f"{name}: {path.name}: {report.errors}")
        write_markdown(folder / "export.md", render_markdown(analysis, report))
        phase.step(n)
    return phase.report()


def fake_server():
    """A loopback OpenAI-compatible server: a short summary, or a valid stance for a schema."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def reply(self, status, obj, ctype="application/json"):
            body = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            if self.path.endswith("/v1/models"):
                self.reply(200, {"data": [{"id": "fake", "max_model_len": 4096}]})
            else:
                self.reply(404, {"detail": "Not Found"})

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            if not self.path.endswith("/chat/completions"):
                self.reply(404, {"detail": "Not Found"})
                return
            pieces = list(FastBackend().chat(body["messages"], schema=(body.get("response_format") or {})
                                             .get("json_schema", {}).get("schema")))
            events = b"".join(b"data: " + json.dumps({"choices": [{"delta": {"content": p.text},
                                                                   "finish_reason": None}]}).encode() + b"\n\n"
                              for p in pieces if p.text)
            events += b'data: {"choices": [{"delta": {}, "finish_reason": "stop"}]}\n\ndata: [DONE]\n\n'
            self.reply(200, events, "text/event-stream")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--real", type=int, default=0, help="articles to summarise with the embedded model")
    parser.add_argument("--http", action="store_true", help="also through the HTTP backend and a fake server")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = write_articles(folder, args.articles)
        print(f"{len(paths)} articles, {sum(p.stat().st_size for p in paths) / 1024:.0f} KB in all; "
              f"start RSS {rss_mb():.0f} MB, fds {open_fds()}, threads {threading.active_count()}", flush=True)
        analyze_article(load_article(paths[0]))    # resources (the tagger) load once, before measuring
        results.append(open_and_analyse(paths))
        results.append(summarize_all(paths, FastBackend(), folder, "summarize-fake"))
        if args.http:
            from reader.llm.openai_http import OpenAIHTTPBackend
            server = fake_server()
            backend = OpenAIHTTPBackend(f"http://127.0.0.1:{server.server_address[1]}")
            results.append(summarize_all(paths, backend, folder, "summarize-http"))
            server.shutdown()
            server.server_close()
        if args.real:
            from reader.llm.llamacpp import LlamaCppBackend
            from reader.models.discovery import embedded_model
            model = embedded_model()
            if model is None:
                print("the embedded model is not installed: --real skipped")
            else:
                backend = LlamaCppBackend(str(model), n_ctx=4096)
                try:
                    results.append(summarize_all(paths, backend, folder, "summarize-llama", limit=args.real))
                finally:
                    backend.close()
                phase = Phase("llama-load-close", args.real)
                for n in range(1, args.real + 1):
                    cycle = LlamaCppBackend(str(model), n_ctx=2048)
                    cycle.count_tokens("load the weights")
                    cycle.close()
                    phase.step(n)
                results.append(phase.report())
    # after the first tenth: resources opened once (llama-cpp-python keeps two /dev/null descriptors
    # from its first model load on) are not leaks; growth from there on is
    leaked = [r["phase"] for r in results if r["fds_end"] > r["fds_warm"] or r["threads_end"] > r["threads_warm"]]
    print("leaks:", ", ".join(leaked) if leaked else "none (fds and threads flat after the first tenth)")
    return 1 if leaked else 0


if __name__ == "__main__":
    raise SystemExit(main())
