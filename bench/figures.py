"""Figures measured by the benchmarks, each beside its anchor and its target.

A figure is one number of our code (a time, a throughput, a memory peak) measured in the
same run as its anchor (the same job done by another tool, or a bare baseline), so that
the ratio holds on any machine even when the absolute numbers do not.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

# Measure what users run: with compiled bytecode kept in __pycache__ (a development shell may
# say not to write it, and then every process compiles the project's modules again).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


@dataclass
class Figure:
    """One measured figure and what it must meet (a ratio to its anchor, or a bound)."""

    section: str
    name: str
    value: float
    unit: str
    anchor: str = ""
    anchor_value: float | None = None
    max_ratio: float | None = None
    min_ratio: float | None = None
    max_value: float | None = None
    also: str = ""

    @property
    def ratio(self) -> float | None:
        """``value / anchor_value`` (None without an anchor)."""
        if self.anchor_value is None or self.anchor_value == 0:
            return None
        return self.value / self.anchor_value

    @property
    def target(self) -> str:
        """The target in words, or an empty string for a figure that is only reported."""
        if self.max_ratio is not None:
            return f"≤ {self.max_ratio:g}×"
        if self.min_ratio is not None:
            return f"≥ {self.min_ratio:g}×"
        if self.max_value is not None:
            return f"≤ {show(self.max_value, self.unit)}"
        return ""

    @property
    def ok(self) -> bool | None:
        """Whether the target is met (None when there is none)."""
        ratio = self.ratio
        if self.max_ratio is not None:
            return ratio is not None and ratio <= self.max_ratio
        if self.min_ratio is not None:
            return ratio is not None and ratio >= self.min_ratio
        if self.max_value is not None:
            return self.value <= self.max_value
        return None

    @property
    def verdict(self) -> str:
        """``ok``, ``MISSED`` or nothing."""
        return {True: "ok", False: "MISSED", None: ""}[self.ok]


def show(value: float, unit: str) -> str:
    """A value with its unit, rounded for reading."""
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    if unit == "/s":
        return f"{value:.1f}/s"
    return f"{value:g} {unit}".strip()


def table(figures: Sequence[Figure], ratios_only: bool = False) -> list[str]:
    """Markdown table lines, one row per figure."""
    if ratios_only:
        lines = ["| figure | ratio | target | |", "|---|---|---|---|"]
        for fig in figures:
            if fig.ok is None and fig.ratio is None:
                continue
            # A bound on the figure itself: the figure is what to read.
            absolute = fig.ratio is None or fig.max_value is not None
            ratio = show(fig.value, fig.unit) if absolute else f"{fig.ratio:.2f}×"
            lines.append(f"| {fig.name} | {ratio} | {fig.target} | {fig.verdict} |")
        return lines
    lines = [
        "| figure | statement-workflow | anchor (same run) | ratio | target | |",
        "|---|---|---|---|---|---|",
    ]
    for fig in figures:
        anchor = fig.anchor
        if fig.anchor_value is not None:
            anchor = f"{fig.anchor} {show(fig.anchor_value, fig.unit)}".strip()
        if fig.also:
            anchor = f"{anchor}; {fig.also}" if anchor else fig.also
        ratio = f"{fig.ratio:.2f}×" if fig.ratio is not None else ""
        lines.append(
            f"| {fig.name} | {show(fig.value, fig.unit)} | {anchor} | {ratio} | "
            f"{fig.target} | {fig.verdict} |"
        )
    return lines


@dataclass
class Run:
    """One timed process: wall time and peak resident memory (and, when an anchor ran
    alongside, the anchor's wall time)."""

    seconds: float
    peak_mib: float
    anchor_seconds: float | None = None


def run_process(command: Sequence[str], cwd: Path | None = None, check: bool = True) -> Run:
    """Run ``command`` to the end (with ``check``, it must succeed); wall time and peak RSS."""
    start = time.perf_counter()
    process = subprocess.Popen(
        list(command), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    # wait4 gives this child's own resource usage (ru_maxrss in KiB on Linux).
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read() if process.stderr else b""
    if process.stderr:
        process.stderr.close()
    if check and process.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed ({process.returncode}): {stderr.decode()[-500:]}"
        )
    return Run(seconds, usage.ru_maxrss / 1024)


def timed(
    runs: int,
    command: Sequence[str],
    prepare: Callable[[], None] | None = None,
    cwd: Path | None = None,
    best: bool = False,
    check: bool = True,
    alongside: Sequence[str] | None = None,
) -> Run:
    """Median (or with ``best`` the fastest) of ``runs`` runs; the largest memory peak.

    With ``alongside``, that anchor command runs right after each run of ``command`` and
    its median comes back too: both see the same moments of a shared machine, so the
    ratio of the two does not drift with its load."""
    results = []
    anchors = []
    for _ in range(runs):
        if prepare is not None:
            prepare()
        results.append(run_process(command, cwd, check))
        if alongside is not None:
            anchors.append(run_process(alongside, cwd, check).seconds)
    seconds = [r.seconds for r in results]
    pick = min if best else statistics.median
    return Run(
        pick(seconds),
        max(r.peak_mib for r in results),
        pick(anchors) if anchors else None,
    )


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` percentile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)]


def self_peak_mib() -> float:
    """This process's own peak resident memory so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
