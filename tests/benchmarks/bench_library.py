"""Library search speed on a library of 10,000 articles.

    .venv/bin/python tests/benchmarks/bench_library.py [--articles 10000] [--keep PATH]

Builds a library of synthetic articles (varied vocabulary, 400 people, 80 organisations, 25
sites, three years of dates, two quotes each) through ``Library.add`` in one transaction — the
analysis dicts are built directly (``reader.library.synthetic``), not by the NLP pipeline — then
times each query type 40 times with different arguments and prints the median and 95th percentile.
The target is ≤ 50 ms per query.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.library import Library  # noqa: E402
from reader.library.synthetic import make_analysis  # noqa: E402

SYLLABLES = ["ba", "ko", "ri", "ten", "mar", "lo", "vi", "san", "del", "qua", "po", "ne", "shi", "ter", "gal", "um"]
COMMON = ("the council said port workers plan city vote new year government market report would could after "
          "before people said week data energy price school health court police minister election").split()
FIRST = ["Elena", "Tomás", "Grace", "Henrik", "Samuel", "Amira", "Jonas", "Priya", "Luca", "Mei", "Olga", "Kwame",
         "Sofia", "Diego", "Hannah", "Yusuf", "Ines", "Marek", "Aiko", "Nadia"]
LAST = ["Varga", "Reyes", "Okafor", "Dahl", "Achebe", "Haddad", "Berg", "Sharma", "Rossi", "Chen", "Ivanova",
        "Mensah", "Moreau", "Lopez", "Schmidt", "Demir", "Costa", "Novak", "Tanaka", "Rahimi"]


def build(path: Path, count: int, seed: int = 7) -> tuple[Library, dict]:
    rng = random.Random(seed)
    rare = sorted({"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(6000)})
    people = [f"{f} {ln}" for f in FIRST for ln in LAST]          # 400 full names, 20 surnames
    orgs = [f"{rng.choice(rare).title()} {kind}" for kind in ("Council", "Union", "Authority", "Bank")
            for _ in range(20)]
    sites = [f"{rng.choice(rare)}-news.com" for _ in range(25)]
    library = Library(path)
    started = time.perf_counter()
    with library.transaction():
        for i in range(count):
            cast = rng.sample(people, 3)
            org = rng.choice(orgs)
            paragraphs = []
            for _ in range(6):
                words = [rng.choice(COMMON) if rng.random() < 0.5 else rng.choice(rare) for _ in range(40)]
                if rng.random() < 0.5:
                    words.insert(rng.randrange(40), rng.choice(cast))
                if rng.random() < 0.3:
                    words.insert(rng.randrange(40), org)
                paragraphs.append(" ".join(words).capitalize() + ".")
            quotes = [(rng.choice(cast), " ".join(rng.choice(COMMON + rare) for _ in range(12))) for _ in range(2)]
            year, month, day = 2023 + i % 3, 1 + rng.randrange(12), 1 + rng.randrange(28)
            data = make_analysis(" ".join(rng.choice(rare) for _ in range(6)).title(), paragraphs,
                                 entities=[(p, "person") for p in cast] + [(org, "organization")], quotes=quotes,
                                 date=f"{year}-{month:02d}-{day:02d}",
                                 url=f"https://www.{rng.choice(sites)}/{i}")
            library.add(data, f"/articles/{i}.html")
    seconds = time.perf_counter() - started
    print(f"built {count} articles in {seconds:.1f} s ({1000 * seconds / count:.2f} ms each); "
          f"file {path.stat().st_size / 2**20:.0f} MB + WAL")
    return library, {"rare": rare, "people": people, "orgs": orgs, "sites": sites, "rng": rng}


def timed(fn, runs: int = 40) -> tuple[float, float, float, float, int]:
    """Wall and CPU milliseconds (median, p95): CPU time is what the query costs on an idle core,
    wall time what it took on this machine as loaded as it was."""
    walls, cpus, hits = [], [], 0
    for i in range(runs):
        t0, c0 = time.perf_counter(), time.thread_time()
        hits += len(fn(i))
        walls.append(1000 * (time.perf_counter() - t0))
        cpus.append(1000 * (time.thread_time() - c0))

    def p95(values):
        return sorted(values)[min(len(values) - 1, int(0.95 * len(values)))]
    return statistics.median(walls), p95(walls), statistics.median(cpus), p95(cpus), hits // runs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="build the library at this path and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "library.sqlite3"
        library, v = build(path, args.articles)
        rng, rare, people = v["rng"], v["rare"], v["people"]
        words = [rng.choice(rare) for _ in range(40)]
        surnames = [p.split()[1] for p in people]
        queries = {
            "plain word (rare)": lambda i: library.search(words[i]),
            "plain word (common)": lambda i: library.search(COMMON[i % len(COMMON)]),
            "two words": lambda i: library.search(f"{words[i]} {COMMON[i % len(COMMON)]}"),
            "phrase": lambda i: library.search(f'"{COMMON[i % len(COMMON)]} {COMMON[(i * 7 + 1) % len(COMMON)]}"'),
            "prefix": lambda i: library.search(words[i][:3] + "*"),
            "quotes only": lambda i: library.search(COMMON[i % len(COMMON)], field="quotes"),
            "person filter": lambda i: library.search(person=people[i * 9 % len(people)]),
            "person by surname (ambiguous → none)": lambda i: library.search(person=surnames[i]),
            "organisation filter": lambda i: library.search(organization=v["orgs"][i % len(v["orgs"])]),
            "date range": lambda i: library.search(date_from=f"2024-{1 + i % 12:02d}-01", date_to=f"2024-{1 + i % 12:02d}-28"),
            "source filter": lambda i: library.search(source=v["sites"][i % len(v["sites"])]),
            "combined word+person+dates+source": lambda i: library.search(
                COMMON[i % len(COMMON)], person=people[i * 13 % len(people)], date_from="2023-06-01",
                date_to="2025-06-30", source=v["sites"][i % len(v["sites"])]),
            "combined common word+date": lambda i: library.search(COMMON[i % len(COMMON)], date_from="2024-01-01",
                                                                  date_to="2024-12-31"),
            "person page": lambda i: library.person(people[i * 5 % len(people)]).quotes,
        }
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"{os.cpu_count()} CPUs, load average {load:.1f}")
        print(f"{'query':40} {'wall median':>11} {'wall p95':>9} {'cpu median':>10} {'cpu p95':>8} {'hits':>5}  (ms)")
        worst_wall = worst_cpu = 0.0
        for name, fn in queries.items():
            median, p95, cpu_median, cpu_p95, hits = timed(fn)
            worst_wall, worst_cpu = max(worst_wall, p95), max(worst_cpu, cpu_p95)
            print(f"{name:40} {median:11.2f} {p95:9.2f} {cpu_median:10.2f} {cpu_p95:8.2f} {hits:5d}")
        print(f"worst p95: {worst_wall:.1f} ms wall, {worst_cpu:.1f} ms CPU (target ≤ 50 ms)")
        library.close()


if __name__ == "__main__":
    main()
