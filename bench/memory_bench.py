"""Benchmark: fuzzy translation-memory lookup over 50,000 approved units (target p95 ≤ 25 ms).

.venv/bin/python bench/memory_bench.py [--units 50000] [--queries 300]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import edit, zipf_paragraph, zipf_vocabulary
from figures import Figure, table
from rapidfuzz import fuzz, process

from workflow.mt.memory import MemoryEntry, TranslationMemory


def figures(units: int = 50_000, queries_count: int = 300) -> list[Figure]:
    """Building the memory, lookup percentiles, and recall against a brute-force scan."""
    rng = random.Random(3)
    vocabulary = zipf_vocabulary()
    sources = [
        zipf_paragraph(rng, vocabulary, int(rng.lognormvariate(5.3, 0.6))) for _ in range(units)
    ]
    started = time.perf_counter()
    memory = TranslationMemory(
        [
            MemoryEntry(text, "ترجمة", "ar", f"statement-{i // 50}", "2026-11-01")
            for i, text in enumerate(sources)
        ]
    )
    built = time.perf_counter() - started
    queries = []
    for index in range(queries_count):
        if index % 3 == 0:
            queries.append(zipf_paragraph(rng, vocabulary, 300))  # nothing similar
        else:
            queries.append(edit(rng.choice(sources), share=1.0, seed=index))  # an edited paragraph
    times, hits = [], 0
    for query in queries:
        start = time.perf_counter()
        found = memory.search(query, "ar")
        times.append((time.perf_counter() - start) * 1000)
        hits += bool(found)
    # Recall against a brute-force scan of every entry (what the index could miss).
    missed = 0
    for query in queries[:100]:
        brute = process.extractOne(query, sources, scorer=fuzz.ratio, score_cutoff=75)
        found = memory.search(query, "ar", limit=1)
        if brute is not None and (not found or found[0].score < brute[1] - 1e-9):
            missed += 1
    times.sort()
    p50, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]
    section = f"Translation memory ({units:,} approved units, {queries_count} queries)"
    return [
        Figure(section, "building the memory", built, "s"),
        Figure(
            section,
            "fuzzy lookup p95",
            p95,
            "ms",
            max_value=25,
            also=f"p50 {p50:.1f} ms, max {times[-1]:.1f} ms; {hits} queries with matches",
        ),
        Figure(
            section,
            "best match missed against a brute-force scan (of 100 queries)",
            missed,
            "",
            max_value=0,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    print("\n".join(table(figures(args.units, args.queries))))


if __name__ == "__main__":
    main()
