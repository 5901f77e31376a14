"""`make run` twice: this folder's server gets a new link; another program on the port is named."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from .load_client import free_port

SCRIPT = Path(sys.executable).parent / "statements"
LINK = re.compile(r"^Editor login link \(works once\): (http://127\.0\.0\.1:\d+/login/\S+)$")


def _serve(tmp_path: Path, port: int, *extra: str) -> list[str]:
    return [
        str(SCRIPT),
        "serve",
        "--setup",
        "--root",
        str(tmp_path / "translations"),
        "--instance",
        str(tmp_path / "instance"),
        "--port",
        str(port),
        "--workers",
        "1",
        *extra,
    ]


def _start(tmp_path: Path, port: int) -> subprocess.Popen[str]:
    """The first `serve --setup`, once it answers."""
    process = subprocess.Popen(
        _serve(tmp_path, port),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "STATEMENTS_NO_GIT": "1"},
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/static/app.js", timeout=1).ok:
                return process
        except requests.RequestException:
            time.sleep(0.1)
    _stop(process)
    pytest.fail(f"the server did not start: {process.communicate()[0]}")


def _stop(process: subprocess.Popen[str]) -> str:
    """Ctrl+C as a person would, and what the server printed."""
    os.killpg(process.pid, signal.SIGINT)
    return process.communicate(timeout=30)[0]


def _again(tmp_path: Path, port: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_serve(tmp_path, port), capture_output=True, text=True, timeout=120)


def logs_in(link: str) -> bool:
    """Whether a one-time link logs in on the server it names."""
    session = requests.Session()
    page = session.get(link, timeout=10)
    csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', page.text)
    assert page.status_code == 200 and csrf
    answer = session.post(
        link, data={"csrf_token": csrf.group(1)}, timeout=10, allow_redirects=False
    )
    home = session.get(link.split("/login/")[0] + "/", timeout=10, allow_redirects=False)
    return answer.status_code == 302 and home.status_code == 200


def test_running_twice_gives_a_new_link_for_the_running_server(tmp_path: Path) -> None:
    port = free_port()
    first = _start(tmp_path, port)
    try:
        pid_file = tmp_path / "instance" / f"server-{port}.pid"
        assert pid_file.read_text(encoding="ascii").strip() == str(first.pid)
        second = _again(tmp_path, port)
        assert second.returncode == 0, second.stderr
        assert second.stderr == ""
        lines = second.stdout.splitlines()
        assert lines[0] == (
            f"The review UI is already running at http://127.0.0.1:{port}/ (process {first.pid})."
        )
        assert len(lines) == 2
        match = LINK.match(lines[1])
        assert match, lines[1]
        assert match.group(1).startswith(f"http://127.0.0.1:{port}/login/")
        assert logs_in(match.group(1)), "the new link does not log in on the running server"
        assert first.poll() is None, "the first server stopped"
    finally:
        output = _stop(first)
    assert "Address already in use" not in output
    assert not pid_file.exists(), "the pid file outlived the server"


def test_port_taken_by_another_program(tmp_path: Path) -> None:
    """One line naming the port and how to choose another; nothing set up on disk."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        result = _again(tmp_path, port)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"statements: error: port {port} is taken by another program: choose another one, "
        f"e.g. make run PORT={port + 1} (or statements serve --port {port + 1})\n"
    )
    assert not (tmp_path / "translations").exists()
    assert not (tmp_path / "instance").exists()


def test_a_stale_pid_file_is_not_taken_for_a_running_server(tmp_path: Path) -> None:
    """After a crash the pid file may name a dead process, or one that reused its number."""
    instance = tmp_path / "instance"
    instance.mkdir()
    unrelated = subprocess.Popen(["sleep", "60"])
    try:
        with socket.socket() as other:
            other.bind(("127.0.0.1", 0))
            other.listen()
            port = other.getsockname()[1]
            (instance / f"server-{port}.pid").write_text(f"{unrelated.pid}\n", encoding="ascii")
            result = _again(tmp_path, port)
        assert result.returncode == 1
        assert f"port {port} is taken by another program" in result.stderr
    finally:
        unrelated.kill()
        unrelated.wait()
    # The port is free now and the file names a dead process: the server starts as usual.
    server = _start(tmp_path, port)
    try:
        pid_file = instance / f"server-{port}.pid"
        assert pid_file.read_text(encoding="ascii").strip() == str(server.pid)
    finally:
        output = _stop(server)
    assert f"Review UI: http://127.0.0.1:{port}/" in output
    assert "0 statement(s) in" in output
