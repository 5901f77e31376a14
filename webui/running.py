"""Whether the review UI can listen on a port, or this folder's server already does.

``statements serve`` leaves ``server-PORT.pid`` in the instance folder while it runs, so that a
second ``make run`` can tell its own server (say so, give a fresh link) from another program
holding the port (say which port, and how to choose another).
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from workflow.errors import WorkflowError


@dataclass(frozen=True)
class PortState:
    """Who holds a port: nobody (``free``), this folder's server (``pid``) or another program."""

    free: bool
    pid: int | None = None


def pid_path(instance: Path, port: int) -> Path:
    """The file naming the process that serves this instance on ``port``."""
    return Path(instance) / f"server-{port}.pid"


def _alive(pid: int) -> bool:
    """Whether ``pid`` still runs ``statements`` (and not a process that reused the number)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True  # no /proc here (or not ours to read): the live process is all we know
    return b"statements" in command


def _recorded_pid(instance: Path, port: int) -> int | None:
    try:
        text = pid_path(instance, port).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def _can_bind(host: str, port: int) -> bool:
    """Whether gunicorn could bind ``host:port`` now (tried the way it does, SO_REUSEADDR)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror:
        raise WorkflowError(f"{host!r} is not an address of this machine") from None
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return False
            raise WorkflowError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    return True


def port_state(host: str, port: int, instance: Path) -> PortState:
    """Whether ``host:port`` is free, held by this instance's server, or by something else."""
    if _can_bind(host, port):
        return PortState(free=True)
    pid = _recorded_pid(instance, port)
    return PortState(free=False, pid=pid if pid is not None and _alive(pid) else None)


@contextlib.contextmanager
def claimed(instance: Path, port: int) -> Iterator[None]:
    """Record this process as the instance's server on ``port`` while the block runs.

    Only the process that wrote the file removes it: gunicorn's workers are forks of this
    process and leave through the same block when they exit.
    """
    path = pid_path(instance, port)
    path.parent.mkdir(parents=True, exist_ok=True)
    owner = os.getpid()
    path.write_text(f"{owner}\n", encoding="ascii")
    try:
        yield
    finally:
        if os.getpid() == owner:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
