"""kill -9 at random points of ``statements update``: the old or the new statement is whole,
or the mismatch is reported and one more update repairs it; nothing mixed is published."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from workflow.catalog.entries import is_unit_entry
from workflow.catalog.pofile import read_catalog
from workflow.catalog.statement import Statement
from workflow.errors import WorkflowError
from workflow.publishing.publish import publish

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench.corpus import edit, markdown_statement  # noqa: E402

KILLS = 10
PARAGRAPHS = 600


def _complete(statement: Statement) -> bool:
    """The template and every catalog hold exactly the units of the source on disk."""
    units = [unit.text for unit in statement.document().units()]
    if [entry.msgid for entry in read_catalog(statement.pot_path)] != units:
        return False
    for lang in statement.meta.languages:
        catalog = read_catalog(statement.po_path(lang))
        if [entry.msgid for entry in catalog if is_unit_entry(entry)] != units:
            return False
    return True


def _statements(*args: str, root: Path) -> subprocess.Popen[str]:
    script = Path(sys.executable).parent / "statements"
    return subprocess.Popen(
        [str(script), *args, "--root", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "STATEMENTS_NO_GIT": "1"},
    )


def _run(*args: str, root: Path) -> subprocess.CompletedProcess[str]:
    process = _statements(*args, root=root)
    out, err = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.mark.slow
def test_kill_9_during_update_never_publishes_a_mixed_statement(tmp_path: Path) -> None:
    v1 = markdown_statement(PARAGRAPHS)
    v2 = edit(v1, 0.10)
    (tmp_path / "v1.md").write_text(v1, encoding="utf-8")
    (tmp_path / "v2.md").write_text(v2, encoding="utf-8")
    pristine = tmp_path / "pristine"
    assert _run("new", str(tmp_path / "v1.md"), "--slug", "big", root=pristine).returncode == 0
    # How long a whole update takes here, to kill at points spread over it.
    trial = tmp_path / "trial"
    subprocess.run(["cp", "-a", str(pristine), str(trial)], check=True)
    start = time.monotonic()
    assert _run("update", "big", str(tmp_path / "v2.md"), root=trial).returncode == 0
    full = time.monotonic() - start

    rng = random.Random(10)
    outcomes: dict[str, int] = {"old": 0, "new": 0, "repaired": 0}
    for attempt in range(KILLS):
        root = tmp_path / f"run{attempt}"
        subprocess.run(["cp", "-a", str(pristine), str(root)], check=True)
        source_path = root / "big" / "source.md"
        before = source_path.stat().st_ino
        process = _statements("update", "big", str(tmp_path / "v2.md"), root=root)
        if attempt % 2 == 0:
            time.sleep(rng.uniform(0.05, full * 1.05))
        else:
            # Reading, splitting and merging take most of the time and the writes come last
            # and fast: every other kill comes right after the new source is in place (an
            # atomic rename gives it a new inode), a few milliseconds apart.
            deadline = time.monotonic() + 120
            while source_path.stat().st_ino == before and time.monotonic() < deadline:
                time.sleep(0.0005)
            time.sleep(rng.uniform(0, 0.02))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        statement = Statement.load(root, "big")
        source = statement.source_path.read_text(encoding="utf-8")
        status: Any = json.loads(_run("status", "big", "--format", "json", root=root).stdout)
        if not statement.needs_update():
            assert _complete(statement), f"kill {attempt}: consistent by digest, yet not whole"
            assert not status["statements"][0]["needs_update"]
            outcomes["new" if source == v2 else "old"] += 1
            assert source in (v1, v2)
            continue
        assert status["statements"][0]["needs_update"] is True
        with pytest.raises(WorkflowError, match="run `statements update big`"):
            publish(statement, tmp_path / f"public{attempt}")
        refused = _run("publish", "big", "--out", str(tmp_path / "out"), root=root)
        assert refused.returncode == 1 and "statements update big" in refused.stderr
        assert _run("update", "big", root=root).returncode == 0
        repaired = Statement.load(root, "big")
        assert not repaired.needs_update() and _complete(repaired)
        assert repaired.source_path.read_text(encoding="utf-8") == v2
        outcomes["repaired"] += 1
    print(f"kill -9 during update, {KILLS} runs: {outcomes}")
    assert sum(outcomes.values()) == KILLS
