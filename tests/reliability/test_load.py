"""Load, CI-sized (tests/benchmarks/bench_load.py is the full run with figures): many articles opened
and summarised in one process leak no file descriptors or threads and keep memory flat."""
from __future__ import annotations

import gc
import json
import threading
import time

from reliability_checks import FastBackend, open_fds, rss_mb, serve_models, sse_head, write_articles

from reader.analysis.cache import AnswerCache
from reader.analysis.pipeline import Finished
from reader.analysis.runner import run_report
from reader.export.markdown import render_markdown, write_markdown
from reader.importers import load_article
from reader.llm.openai_http import OpenAIHTTPBackend
from reader.nlp.pipeline import analyze_article

# generous: only a leak of the whole article or analysis each time would pass it
MAX_GROWTH_MB = 40


def settle() -> tuple[int, int, float]:
    gc.collect()
    for _ in range(50):       # threads of finished HTTP handlers end within a moment
        if threading.active_count() <= BASE_THREADS[0]:
            break
        time.sleep(0.05)
    return open_fds(), threading.active_count(), rss_mb()


BASE_THREADS = [threading.active_count()]


def summarise(paths, backend, folder):
    cache = AnswerCache(folder / "cache")
    for path in paths:
        analysis = analyze_article(load_article(path))
        report = next(e.report for e in run_report(analysis, backend, cache=cache, max_actors=2)
                      if isinstance(e, Finished))
        assert not report.errors, report.errors
        write_markdown(folder / "export.md", render_markdown(analysis, report))


def test_two_hundred_articles_opened_one_after_another(tmp_path):
    paths = write_articles(tmp_path, 200)
    for path in paths[:20]:                  # warm: the tagger and importers load once
        analyze_article(load_article(path))
    BASE_THREADS[0] = threading.active_count()
    fds, threads, rss = settle()
    for path in paths[20:]:
        analysis = analyze_article(load_article(path))
        assert analysis.quotes and analysis.entities
    fds_end, threads_end, rss_end = settle()
    print(f"load+nlp: RSS {rss:.0f} -> {rss_end:.0f} MB, fds {fds} -> {fds_end}, threads {threads} -> {threads_end}")
    assert (fds_end, threads_end) == (fds, threads)
    assert rss_end - rss < MAX_GROWTH_MB


def test_summarize_path_over_many_articles(tmp_path):
    paths = write_articles(tmp_path, 80)
    summarise(paths[:10], FastBackend(), tmp_path)
    BASE_THREADS[0] = threading.active_count()
    fds, threads, rss = settle()
    summarise(paths[10:], FastBackend(), tmp_path)
    fds_end, threads_end, rss_end = settle()
    print(f"summarize: RSS {rss:.0f} -> {rss_end:.0f} MB, fds {fds} -> {fds_end}, threads {threads} -> {threads_end}")
    assert (fds_end, threads_end) == (fds, threads)
    assert rss_end - rss < MAX_GROWTH_MB


def test_http_backend_closes_every_connection(tmp_path, server):
    def handler(srv, conn, path, body):
        if serve_models(srv, conn, path, body):
            return
        sse_head(conn)
        schema = ((body or {}).get("response_format") or {}).get("json_schema", {}).get("schema")
        for chunk in FastBackend().chat(body["messages"], schema=schema):
            if chunk.text:
                conn.sendall(b"data: " + json.dumps(
                    {"choices": [{"delta": {"content": chunk.text}, "finish_reason": None}]}).encode() + b"\n\n")
        conn.sendall(b'data: {"choices": [{"delta": {}, "finish_reason": "stop"}]}\n\ndata: [DONE]\n\n')

    url = server(handler).url
    paths = write_articles(tmp_path, 30)
    backend = OpenAIHTTPBackend(url)
    summarise(paths[:5], backend, tmp_path)
    BASE_THREADS[0] = threading.active_count()
    fds, threads, _ = settle()
    summarise(paths[5:], backend, tmp_path)
    fds_end, threads_end, _ = settle()
    assert fds_end == fds, "a socket or file was left open"
    assert threads_end <= threads
