"""Run every benchmark with its anchors in one run; print figure, anchor, ratio and target.

Exits non-zero when a target is missed. The full run (``make bench``) rewrites the figures in
``bench/README.md`` (between its two markers) from what it printed, so that the README cannot
drift from the code. The quick run (``make bench-quick``) runs each command once, on smaller
inputs except the catalog pipeline's (its targets are for 2,000 paragraphs), prints the ratios
only and writes nothing: run it before you submit a change to the pipeline, the checks or
pretranslation.

    .venv/bin/python bench/run.py [--quick] [--only catalog,cli,pretranslate,load,memory]
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import catalog_bench  # noqa: E402
import cli_bench  # noqa: E402
import load_bench  # noqa: E402
import memory_bench  # noqa: E402
import pretranslate_bench  # noqa: E402
from figures import Figure, table  # noqa: E402

README = BENCH / "README.md"
BEGIN = "<!-- begin: figures written by `make bench` (bench/run.py); do not edit by hand -->"
END = "<!-- end: figures written by `make bench` -->"

FULL: dict[str, Callable[[], list[Figure]]] = {
    "catalog": lambda: catalog_bench.figures(2000, 5),
    "cli": lambda: cli_bench.figures(7, 200_000),
    "pretranslate": lambda: pretranslate_bench.figures(200, 0.1, (8, 16)),
    "load": lambda: load_bench.figures(2000, 50, 300, 100),
    "memory": lambda: memory_bench.figures(50_000, 300),
}
QUICK: dict[str, Callable[[], list[Figure]]] = {
    # The statement the targets are for, run once: on a smaller one both sides' start-up is
    # most of each ratio, and the targets would say nothing.
    "catalog": lambda: catalog_bench.figures(2000, 1),
    "cli": lambda: cli_bench.figures(3, 200_000),
    "pretranslate": lambda: pretranslate_bench.figures(48, 0.1, (8,), plain=False),
    "load": lambda: load_bench.figures(400, 0, 60, 100),
    "memory": lambda: memory_bench.figures(5_000, 60),
}


def sections(figures: list[Figure], ratios_only: bool) -> list[str]:
    """Markdown: one heading and one table per section, in the order measured."""
    lines: list[str] = []
    order = list(dict.fromkeys(fig.section for fig in figures))
    for name in order:
        lines += ["", f"### {name}", ""]
        lines += table([fig for fig in figures if fig.section == name], ratios_only)
    return lines


def machine() -> str:
    """The machine the figures come from, in one line."""
    load = os.getloadavg()[0]
    return (
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {load:.1f} when the run started"
    )


def write_readme(block: list[str], path: Path = README) -> None:
    """Replace the generated part of the README (between its markers) with ``block``."""
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{path}: the markers of the generated part are missing")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(head + BEGIN + "\n" + "\n".join(block) + "\n" + END + tail, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small inputs, ratios only")
    parser.add_argument("--only", help="comma-separated benchmarks (catalog, cli, ...)")
    parser.add_argument("--no-readme", action="store_true", help="do not rewrite bench/README.md")
    args = parser.parse_args()
    suite = QUICK if args.quick else FULL
    chosen = [name.strip() for name in args.only.split(",")] if args.only else list(suite)
    unknown = [name for name in chosen if name not in suite]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(suite)}")
    # Bytecode as an installed copy has it (pip compiles at install): otherwise every
    # command a benchmark starts compiles the project again where bytecode is not written.
    for package in ("workflow", "webui"):
        compileall.compile_dir(str(BENCH.parent / package), quiet=1)
    started = time.perf_counter()
    where = machine()
    figures: list[Figure] = []
    for name in chosen:
        found = suite[name]()
        figures += found
        print("\n".join(sections(found, args.quick)), flush=True)
    took = time.perf_counter() - started
    missed = [fig for fig in figures if fig.ok is False]
    print()
    print(f"{len(figures)} figures in {took:.0f} s on {where}")
    for fig in missed:
        print(f"MISSED: {fig.name}: {fig.target}")
    if not args.quick and not args.no_readme and not args.only:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        block = [
            "",
            "    make bench          # .venv/bin/python bench/run.py",
            "",
            f"Measured {stamp} on {where}; the whole run took {took:.0f} s. "
            f"Targets met: {sum(fig.ok is True for fig in figures)} of "
            f"{sum(fig.ok is not None for fig in figures)}"
            + (f"; **missed: {', '.join(fig.name for fig in missed)}**." if missed else "."),
            *sections(figures, ratios_only=False),
            "",
        ]
        write_readme(block)
        print(f"wrote {README.relative_to(BENCH.parent)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
