"""Two live sites against one remote, and the server process's rough edges."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from .conftest import msgfmt_check
from .load_client import free_port, kill, login, project, start_server
from .two_sites import run_two_sites

pytestmark = pytest.mark.slow


def test_two_sites_saving_and_syncing_lose_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STATEMENTS_NO_GIT", raising=False)
    result = run_two_sites(tmp_path, units=30, clients=3, saves=90, sync_pause=0.3)
    assert result.saves.errors == []
    assert result.sync_failures == []
    assert len(result.saves.acknowledged) > 100
    assert result.syncs >= 4, "a sync should have run while volunteers saved"
    assert result.lost == []
    assert result.markers == []
    assert result.identical, "after the final syncs both sites hold the same catalog"
    for po in result.catalogs:
        msgfmt_check(po)


def test_the_login_limit_holds_across_four_workers(tmp_path: Path) -> None:
    root, instance, _ = project(tmp_path, 5, 1)
    server, url = start_server(root, instance, workers=4)
    try:
        codes = []
        for n in range(50):
            # A new connection each time, so that the kernel hands them to every worker.
            codes.append(requests.get(f"{url}/login/bad-{n}", timeout=10).status_code)
        assert codes.count(403) == 10 and codes.count(429) == 40
        session, _ = login(url, instance, "client-0")  # a valid link still logs in
        assert session.get(f"{url}/api/statements", timeout=10).status_code == 200
    finally:
        kill(server)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(n) for n in (task / "children").read_text().split()]
    return found


def test_workers_die_with_their_master(tmp_path: Path) -> None:
    root, instance, _ = project(tmp_path, 5, 1)
    server, url = start_server(root, instance, workers=2)
    try:
        deadline = time.monotonic() + 20
        workers = _children(server.pid)
        while len(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
            workers = _children(server.pid)
        assert len(workers) == 2
        os.kill(server.pid, signal.SIGKILL)  # the master alone, as the OOM killer may
        server.wait(timeout=10)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
            time.sleep(0.1)
        assert not any(Path(f"/proc/{w}").exists() for w in workers), "orphaned workers"
        port = int(url.rsplit(":", 1)[1])
        again, _ = start_server(root, instance, workers=1, port=port)
        kill(again)
    finally:
        kill(server)


def test_a_taken_port_is_one_line(tmp_path: Path) -> None:
    root, instance, _ = project(tmp_path, 5, 1)
    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        result = subprocess.run(
            [
                str(Path(sys.executable).parent / "statements"),
                "serve",
                "--root",
                str(root),
                "--instance",
                str(instance),
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"port {port} is taken by another program" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
