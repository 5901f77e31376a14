"""Time to check one 200 KB paragraph, realistic and adversarial (issue 10: linear checks).

.venv/bin/python bench/check_bench.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import paragraph
from workflow.checks import Context, check_unit

SIZE = 200_000
TARGET = 0.100


def _realistic() -> tuple[str, str]:
    import random

    rng = random.Random(3)
    source = ""
    while len(source) < SIZE:
        source += paragraph(rng) + " "
    # A translation of the same size, in Arabic words.
    words = ["نحن", "ندعو", "إلى", "وقف", "فوري", "لإطلاق", "النار", "ورفع", "الحصار", "عن", "غزة"]
    target = " ".join(words[i % len(words)] for i in range(SIZE // 6))
    return source[:SIZE], target[:SIZE]


def _time(source: str, target: str, lang: str, runs: int = 5) -> float:
    ctx = Context("en", lang, None)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        check_unit(source, target, ctx)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    source, target = _realistic()
    rows = [("realistic 200 KB paragraph, ar", _time(source, target, "ar"))]
    for name, text in (("ب.ب. × 100,000", "ب." * 100_000), ("@ × 200,000", "@" * SIZE)):
        rows.append((f"adversarial {name}, ar", _time("Over 8000 people.", text, "ar", runs=3)))
    print("| input | time to check | target |")
    print("|---|---|---|")
    for name, took in rows:
        target_text = f"≤ {TARGET * 1000:.0f} ms" if name.startswith("realistic") else "linear"
        print(f"| {name} | {took * 1000:.0f} ms | {target_text} |")
    return 0 if rows[0][1] <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
