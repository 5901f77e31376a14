"""Benchmark: how fast the command starts, and the checks on one very long paragraph.

1. ``statements --help`` and ``statements status`` of the bundled statement, as whole
   processes, beside ``python -c pass`` (the interpreter alone). The fastest of several runs,
   as ``timeit`` does: start-up time only grows with noise from other processes.
2. ``statements check`` of one 200 KB paragraph translated into Arabic: the time spent in
   the checks themselves (in this process, median of 3), and the whole command.

    .venv/bin/python bench/cli_bench.py [--runs 7]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from corpus import paragraph  # noqa: E402
from figures import Figure, run_process, table, timed  # noqa: E402

from tests.libre_server import fake_translate  # noqa: E402
from workflow.catalog.state import apply_human  # noqa: E402
from workflow.catalog.statement import Statement, create_statement  # noqa: E402
from workflow.quality.checkcache import CACHE_DIR  # noqa: E402
from workflow.quality.checks import check_statement  # noqa: E402

STATEMENTS = str(Path(sys.executable).parent / "statements")
SEED = REPO.parent / "shared" / "seed" / "statement.txt"


def startup(work: Path, runs: int) -> list[Figure]:
    """``--help`` and ``status`` against the interpreter's own start."""
    section = f"Start-up (whole processes, fastest of {runs})"
    root, instance = work / "translations", work / "instance"
    run_process(
        [
            STATEMENTS,
            "setup",
            "--root",
            str(root),
            "--instance",
            str(instance),
            "--seed",
            str(SEED),
        ]
    )
    bare = timed(runs, [sys.executable, "-c", "pass"], best=True).seconds
    helped = timed(runs, [STATEMENTS, "--help"], best=True).seconds
    status = timed(runs, [STATEMENTS, "--root", str(root), "status"], best=True).seconds
    return [
        Figure(section, "`statements --help`", helped, "s", "python -c pass", bare, max_value=0.15),
        Figure(
            section,
            "`statements status` of the bundled statement",
            status,
            "s",
            "python -c pass",
            bare,
            max_value=0.25,
        ),
    ]


def long_paragraph(work: Path, size: int, runs: int = 5) -> list[Figure]:
    """The checks on one paragraph of ``size`` bytes and its Arabic translation.

    Each run checks a paragraph it has not seen (another seed), with no kept findings:
    nothing read in an earlier run can be reused, as when a volunteer saves a new text.
    """
    section = "Checks"
    times = []
    for run in range(runs):
        root = work / f"long-{run}"
        statement = _long_statement(root, paragraph(random.Random(17 + run), size))
        start = time.perf_counter()
        check_statement(statement, ["ar"])
        times.append(time.perf_counter() - start)
    command = timed(
        3,
        [STATEMENTS, "--root", str(work / "long-0"), "check", "long"],
        lambda: shutil.rmtree(work / "long-0" / CACHE_DIR, ignore_errors=True),
        check=False,
    ).seconds
    return [
        Figure(
            section,
            f"checks of one {size // 1000} KB paragraph (in process)",
            statistics.median(times) * 1000,
            "ms",
            max_value=100,
            also=f"a new paragraph each run, median of {runs}; "
            f"whole `statements check` {command:.3f} s",
        )
    ]


def _long_statement(root: Path, text: str) -> Statement:
    """A one-paragraph statement with its approved Arabic translation."""
    statement = create_statement(root, text.encode(), "long.md", slug="long", languages=["ar"])
    catalog = statement.catalog("ar")
    for entry in catalog:
        apply_human(entry, fake_translate(entry.msgid, "ar"), "approved", "bench", date.today())
    statement.save_catalog("ar", catalog)
    return statement


def figures(runs: int = 7, size: int = 200_000) -> list[Figure]:
    """Start-up and long-paragraph figures."""
    work = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    try:
        return [*startup(work, runs), *long_paragraph(work, size)]
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print("\n".join(table(figures(args.runs))))


if __name__ == "__main__":
    main()
