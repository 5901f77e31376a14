"""History for free: when ``translations/`` is inside a git work tree, each save is a commit.

The volunteer is the commit's author, so ``git log`` says who changed what and when, and
sites can share their work through an ordinary git remote (``statements sync``).
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
from functools import lru_cache
from pathlib import Path

from filelock import FileLock

from .errors import WorkflowError
from .i18n import N_

log = logging.getLogger(__name__)
DISABLE_ENV = "STATEMENTS_NO_GIT"
_IDENTITY = ["-c", "user.name=statement-workflow", "-c", "user.email=statements@localhost"]


def _git(cwd: Path, *args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *_IDENTITY, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


@lru_cache(maxsize=32)
def work_tree(root: str) -> Path | None:
    """The top of the git work tree holding ``root``, or None."""
    try:
        result = _git(Path(root), "rev-parse", "--show-toplevel", timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(result.stdout.strip()) if result.returncode == 0 else None


def _email(name: str) -> str:
    local = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.").lower() or "volunteer"
    return f"{local}@volunteers.invalid"


def record_save(root: Path, path: Path, author: str, message: str) -> None:
    """Commit one saved catalog with ``author`` as the author (no-op outside git).

    A failed commit is logged, never raised: the save itself is already on disk.
    """
    if os.environ.get(DISABLE_ENV):
        return
    top = work_tree(str(Path(root).resolve()))
    if top is None:
        return
    lock = FileLock(str(top / ".git" / "statements-commit.lock"), timeout=30)
    try:
        with lock:
            relative = str(Path(path).resolve().relative_to(top))
            added = _git(top, "add", "--", relative)
            committed = _git(
                top,
                "commit",
                "-q",
                "--no-verify",
                f"--author={author} <{_email(author)}>",
                "-m",
                message,
                "--",
                relative,
            )
        if added.returncode or committed.returncode not in (0, 1):
            log.warning("git commit failed: %s", (added.stderr or committed.stderr).strip())
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        log.warning("git commit failed: %s", exc)


def sync(root: Path) -> str:
    """Pull (rebasing local saves) and push the translations' repository."""
    top = work_tree(str(Path(root).resolve()))
    if top is None:
        raise WorkflowError(
            N_("%(root)s is not inside a git repository; nothing to sync"),
            root=root,
        )
    pulled = _git(top, "pull", "--rebase", "--autostash", timeout=120)
    if pulled.returncode:
        raise WorkflowError(N_("git pull failed: %(error)s"), error=_last_line(pulled.stderr))
    pushed = _git(top, "push", timeout=120)
    if pushed.returncode:
        raise WorkflowError(N_("git push failed: %(error)s"), error=_last_line(pushed.stderr))
    return "synchronised with the remote"


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no details"
