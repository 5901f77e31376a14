"""The git merge driver ``statements``: ``python -m workflow.git.mergedriver %O %A %B %P``.

Registered by ``statements setup`` (and by ``statements sync`` for its own merges) for the
files ``translations/.gitattributes`` names, so that a plain ``git pull`` merges catalogs,
statement metadata and the glossary the way ``statements sync`` does. The result is written
to ``%A``; on failure git is told so (exit 1) with the file and the reason on stderr, and
nothing is written.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from ..errors import WorkflowError
from ..fileio import atomic_write_text
from .threeway import MergeStats, merge_file, merge_po_files

DRIVER = "statements"
STATS_ENV = "STATEMENTS_MERGE_STATS"


def driver_command() -> str:
    """The command line git runs for this driver (this Python, so the same installation)."""
    return f"{shlex.quote(sys.executable)} -m workflow.git.mergedriver %O %A %B %P"


def driver_config() -> list[str]:
    """``git -c`` options that register the driver for one command."""
    return [
        "-c",
        f"merge.{DRIVER}.name=statement-workflow: catalogs unit by unit, metadata by key",
        "-c",
        f"merge.{DRIVER}.driver={driver_command()}",
    ]


def _note(name: str, stats: MergeStats) -> None:
    """Tell ``statements sync`` (through a file it names) what the merge did."""
    target = os.environ.get(STATS_ENV)
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"file": name, **asdict(stats)}) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Merge ``%A`` with ``%B`` against ``%O``; ``%P`` names the file in messages."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 4:
        print("usage: python -m workflow.git.mergedriver BASE OURS THEIRS PATH", file=sys.stderr)
        return 2
    base, ours, theirs, name = args
    try:
        if name.endswith(".po"):
            text, stats = merge_po_files(Path(base), Path(ours), Path(theirs))
            _note(name, stats)
        else:
            text = merge_file(Path(base), Path(ours), Path(theirs), name)
    except WorkflowError as exc:
        reason = str(exc)
        for path in (base, ours, theirs):
            reason = reason.replace(f"{path}:", "").replace(path, "")
        print(f"{name}: {reason.strip(' :')}", file=sys.stderr)
        return 1
    atomic_write_text(Path(ours), text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
