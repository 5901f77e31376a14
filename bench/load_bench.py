"""Benchmark: the review UI under load, under kill -9, and its dashboard with 300 statements.

1. 16 concurrent clients against `statements serve --workers 4`: 2,000 saves over a
   300-unit catalog, 30% of them racing on 8 hot units, each save after a ``GET`` of the
   unit. Every acknowledged save must be in the PO file (checked as one revision chain per
   unit), every refused one got a 409, and `msgfmt -c` accepts the catalog. Save latency
   p95 against the p95 of the ``GET`` under the same load (target ≤ 1.5×), and ≤ 50 ms.
2. kill -9 of the server (all its processes) in the middle of saves, 50 times: the catalog
   always parses and holds every save acknowledged before the kill.
3. The dashboard with 300 statements × 3 languages: p95 of 100 page loads (target ≤ 100 ms).

    .venv/bin/python bench/load_bench.py [--crashes 50]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from figures import Figure, percentile, table  # noqa: E402

from tests.load_client import (  # noqa: E402
    crash_once,
    kill,
    login,
    project,
    run_clients,
    start_server,
    verify,
)
from workflow.catalog.statement import create_statement  # noqa: E402
from workflow.team.users import UserStore  # noqa: E402

SECTION = "Review UI under load"


def setup(base: Path, units: int, clients: int) -> tuple[Path, Path, Path]:
    root, instance, statement = project(base, units, clients)
    return root, instance, statement.po_path("ar")


def load(work: Path, think: float, saves: int) -> list[Figure]:
    """16 clients, 4 workers: save latency against the latency of opening a unit."""
    root, instance, po = setup(work / f"load-{think}", 300, 16)
    server, url = start_server(root, instance, workers=4)
    try:
        started = time.perf_counter()
        result = run_clients(url, instance, "load", "ar", clients=16, saves=saves, think=think)
        took = time.perf_counter() - started
    finally:
        kill(server)
    problems = verify(result, po)
    msgfmt = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    latencies = [s * 1000 for s in result.latencies()]
    opens = [s * 1000 for s in result.open_latencies()]
    pacing = f"each client pausing ~{think * 1000:.0f} ms" if think else "closed loop"
    summary = (
        f"{len(result.saves)} saves, {len(result.saves) / took:.0f}/s: "
        f"{len(result.acknowledged)} acknowledged, {len(result.refused)} refused (409), "
        f"{len(result.errors)} errors; p50 {statistics.median(latencies):.1f} ms, "
        f"max {max(latencies):.1f} ms"
    )
    section = f"{SECTION} (16 clients, `statements serve --workers 4`, 300 units)"
    return [
        Figure(
            section,
            f"save p95, {pacing}",
            percentile(latencies, 0.95),
            "ms",
            "GET one unit p95",
            percentile(opens, 0.95),
            max_ratio=1.5,
            also=summary,
        ),
        *(
            [
                Figure(
                    section,
                    "save p95, closed loop (absolute)",
                    percentile(latencies, 0.95),
                    "ms",
                    max_value=50,
                )
            ]
            if not think
            else []
        ),
        Figure(
            section,
            f"lost saves or errors, {pacing}",
            len(problems) + len(result.errors),
            "",
            max_value=0,
            also="msgfmt -c " + ("ok" if msgfmt.returncode == 0 else "FAILED"),
        ),
    ]


def crashes(work: Path, count: int) -> list[Figure]:
    """kill -9 during saves: every acknowledged save survives, the catalog parses."""
    root, instance, po = setup(work / "crash", 60, 6)
    rng = random.Random(9)
    failures, acknowledged = 0, 0
    for iteration in range(count):
        count_acked, problems = crash_once(root, instance, po, iteration, rng.uniform(0.3, 0.8))
        acknowledged += count_acked
        failures += bool(problems)
    return [
        Figure(
            SECTION,
            f"kill -9 during saves, {count} times: runs with a lost save or a broken catalog",
            failures,
            "",
            max_value=0,
            also=f"{acknowledged} saves acknowledged before the kills",
        )
    ]


def dashboard(work: Path, statements: int, loads: int) -> list[Figure]:
    """The dashboard's p95 with ``statements`` statements in 3 languages."""
    root, instance = work / "dash" / "translations", work / "dash" / "instance"
    text = "\n\n".join(f"Paragraph {n} of a statement." for n in range(20))
    for number in range(statements):
        create_statement(
            root,
            text.encode(),
            "s.md",
            slug=f"statement-{number:03d}",
            languages=["ar", "ckb", "kmr"],
        )
    UserStore(instance).add("editor", "editor", [])
    server, url = start_server(root, instance, workers=4)
    try:
        session, _ = login(url, instance, "editor")
        times = []
        for _ in range(loads):
            started = time.perf_counter()
            response = session.get(url + "/", timeout=30)
            times.append((time.perf_counter() - started) * 1000)
            assert (
                response.status_code == 200
                and response.text.count('class="card statement"') == statements
            )
    finally:
        kill(server)
    return [
        Figure(
            SECTION,
            f"dashboard p95, {statements} statements × 3 languages, {loads} loads",
            percentile(times, 0.95),
            "ms",
            max_value=100,
            also=f"p50 {statistics.median(times):.1f} ms, first load {times[0]:.0f} ms",
        )
    ]


def figures(
    saves: int = 2000, crash_count: int = 50, statements: int = 300, loads: int = 100
) -> list[Figure]:
    """Every load figure."""
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    try:
        found = load(work, 0.0, saves)
        if saves >= 1000:
            found += load(work, 0.15, saves)
        found += dashboard(work, statements, loads)
        if crash_count:
            found += crashes(work, crash_count)
        return found
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--crashes", type=int, default=50)
    parser.add_argument("--saves", type=int, default=2000)
    args = parser.parse_args()
    print("\n".join(table(figures(args.saves, args.crashes))))


if __name__ == "__main__":
    main()
