"""The README's two commands on a fresh clone: `make run` (twice), then `make test`.

The clone is of this repository's HEAD (committed work only), in a temporary folder with
`shared/` beside it, and the commands run with the `.venv` they create there. The clone's
`make test` checks the packages, lints and collects every test (importing each module with
the fresh venv); running them all a second time would prove nothing the outer run does not.
A new venv takes minutes, so this runs in CI (CI=true) and, elsewhere, with
STATEMENTS_FRESH_CLONE=1.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

from .conftest import REPO
from .load_client import free_port
from .test_running import logs_in

pytestmark = pytest.mark.skipif(
    os.environ.get("CI") != "true" and os.environ.get("STATEMENTS_FRESH_CLONE") != "1",
    reason="builds a new venv (minutes): in CI, or with STATEMENTS_FRESH_CLONE=1",
)

LINK = re.compile(r"^Editor login link \(works once\): (\S+)$", re.M)


def _clone(tmp_path: Path) -> Path:
    clone = tmp_path / "statement-workflow"
    head = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(REPO), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "--quiet", head], check=True)
    shared = REPO.parent / "shared"
    if shared.is_dir():
        (tmp_path / "shared").symlink_to(shared)
    return clone


def _environment() -> dict[str, str]:
    """This environment without the outer run's venv, make and project settings."""
    venv_bin = str(REPO / ".venv" / "bin")
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"VIRTUAL_ENV", "MAKEFLAGS", "MAKELEVEL", "MFLAGS", "PYTHONPATH"}
        and not key.startswith("STATEMENTS_")
    }
    environment["PATH"] = os.pathsep.join(
        entry for entry in environment["PATH"].split(os.pathsep) if entry != venv_bin
    )
    return environment


def _lines(process: subprocess.Popen[str]) -> queue.Queue[str | None]:
    """The process's output, line by line, as it comes (None at the end)."""
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert process.stdout
        for line in process.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _wait_for_server(process: subprocess.Popen[str], port: int) -> str:
    """What `make run` printed until its review UI answers (a fresh venv takes minutes)."""
    lines = _lines(process)
    seen: list[str] = []
    deadline = time.monotonic() + 30 * 60
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        assert line is not None, "make run stopped:\n" + "\n".join(seen)
        seen.append(line)
        if line.startswith("Review UI: "):
            break
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/static/app.js", timeout=1).ok:
                return "\n".join(seen)
        except requests.RequestException:
            time.sleep(0.2)
    raise AssertionError("the review UI did not answer:\n" + "\n".join(seen))


def test_readme_commands_on_a_fresh_clone(tmp_path: Path) -> None:
    clone = _clone(tmp_path)
    environment = _environment()
    port = free_port()
    first = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={port}"],
        cwd=clone,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output = _wait_for_server(first, port)
        assert f"1 statement(s) in {clone / 'translations'}" in output
        link = LINK.search(output)
        assert link and link.group(1).startswith(f"http://127.0.0.1:{port}/login/"), output
        assert logs_in(link.group(1))

        again = subprocess.run(
            ["make", "--no-print-directory", "run", f"PORT={port}"],
            cwd=clone,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert again.returncode == 0, again.stdout + again.stderr
        assert again.stdout.startswith(
            f"The review UI is already running at http://127.0.0.1:{port}/"
        ), again.stdout
        link = LINK.search(again.stdout)
        assert link and logs_in(link.group(1)), again.stdout
        assert "Address already in use" not in again.stdout + again.stderr
    finally:
        os.killpg(first.pid, signal.SIGINT)
        first.wait(timeout=60)

    tests = subprocess.run(
        ["make", "--no-print-directory", "test", "PYTEST_ARGS=--collect-only -q"],
        cwd=clone,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60 * 60,
    )
    assert tests.returncode == 0, tests.stdout[-5000:] + tests.stderr[-5000:]
    collected = re.search(r"^(\d+) tests collected", tests.stdout, re.M)
    assert collected and int(collected.group(1)) > 100, tests.stdout[-2000:]

    leftover = subprocess.run(
        ["git", "-C", str(clone), "status", "--porcelain"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert leftover == "", f"the two commands left files git does not ignore:\n{leftover}"
