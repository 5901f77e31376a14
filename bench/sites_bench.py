"""Benchmark: two offices, one remote, volunteers saving at both while both sync.

Two clones of one bare repository, `statements serve --workers 2` on each (git on: every
save is a commit), 4 clients per site saving into a 60-unit catalog (40% of the saves on 6
hot units both sites race for), and `statements sync` looping at each site with a short
pause. Afterwards: sync until quiet, then every acknowledged save must be at both sites (as
the unit's text or as a proposal / kept text) unless a volunteer saw it and saved over it;
no conflict markers; `msgfmt -c` passes; both sites hold the same catalog.

    .venv/bin/python bench/sites_bench.py [--saves 600]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.two_sites import run_two_sites  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--saves", type=int, default=600, help="saves per site")
    parser.add_argument("--clients", type=int, default=4, help="clients per site")
    parser.add_argument("--pause", type=float, default=0.5, help="seconds between syncs")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-sites-"))
    try:
        result = run_two_sites(
            work, units=60, clients=args.clients, saves=args.saves, sync_pause=args.pause
        )
        saves = result.saves
        latencies = [s * 1000 for s in saves.latencies()]
        checks = [
            subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True)
            for po in result.catalogs
        ]
        print(
            f"two sites, {args.clients} clients each, {len(saves.saves)} saves in "
            f"{result.seconds:.1f} s: {len(saves.acknowledged)} acknowledged, "
            f"{len(saves.refused)} refused with 409, {len(saves.errors)} errors"
        )
        print(
            f"  syncs: {result.syncs} ({len(result.sync_failures)} failed); units changed at "
            f"both sites and merged: {result.both_sides}"
        )
        print(
            f"  save latency (git commit per save, syncs running) p50 "
            f"{statistics.median(latencies):.1f} ms, "
            f"p95 {sorted(latencies)[int(len(latencies) * 0.95) - 1]:.1f} ms"
        )
        print(
            f"  lost: {len(result.lost)}; conflict markers: {len(result.markers)}; "
            f"msgfmt -c: {'ok' if all(c.returncode == 0 for c in checks) else 'FAILED'}; "
            f"sites identical: {result.identical}"
        )
        for line in (result.sync_failures + result.lost)[:10]:
            print("   ", line)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
