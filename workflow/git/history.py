"""History for free: when ``translations/`` is inside a git work tree, every change is a commit.

Saves, new statements, updates, pretranslation runs and glossary edits each become one
commit with the person (web) or the configured name (CLI) as its author, so ``git log``
says who changed what and when. A commit that fails (a stale ``index.lock``, a full disk)
never undoes the change: the problem is kept where the dashboard shows it, and the next
change commits everything still pending. Sites share their work through a git remote with
:func:`workflow.git.sync.sync`.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import re
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from ..errors import WorkflowError
from ..fileio import atomic_write_text
from ..i18n import N_
from . import may_be_under_git

log = logging.getLogger(__name__)
AUTHOR_ENV = "STATEMENTS_AUTHOR"
TOOL_NAME = "statement-workflow"
IDENTITY = ["-c", f"user.name={TOOL_NAME}", "-c", "user.email=statements@localhost"]
PROBLEM_NAME = "statements-history.json"
# A lock this old with no git process running was left by a killed process.
STALE_LOCK_SECONDS = 60.0
# What the translations folder keeps out of git (locks, caches, half-written files).
IGNORED = ".*.lock\n.cache/\n.new-*/\n.*.tmp\n"
ATTRIBUTES = (
    "*.po merge=statements\nstatement.toml merge=statements\nglossary.csv merge=statements\n"
)
_CONFLICT = re.compile(r"^(<{7}|>{7})( |$)", re.MULTILINE)


class NotReady(WorkflowError):
    """The repository cannot take a change now (a merge in progress, conflict markers, a
    lock that cannot be cleared): HTTP 503."""


def git(cwd: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run git with the tool's identity as committer (authors are given per commit)."""
    return _run_git(cwd, [*IDENTITY, *args], timeout)


def _run_git(cwd: Path, args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
    )


@lru_cache(maxsize=32)
def _locate(root: str) -> tuple[Path, Path] | None:
    try:
        result = git(Path(root), "rev-parse", "--show-toplevel", "--absolute-git-dir", timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode:
        return None
    top, gitdir = result.stdout.strip().splitlines()
    return Path(top), Path(gitdir)


def repository(root: Path) -> tuple[Path, Path] | None:
    """The work tree's top and its git directory when ``root`` is under git (and git is on)."""
    # Looking for ".git" is cheap and sees a repository made after the server started; git
    # itself is asked (once per folder) only when there is one.
    if not may_be_under_git(root):
        return None
    return _locate(str(Path(root).resolve()))


def configured_name(root: Path) -> str:
    """Who the command line commits as: ``$STATEMENTS_AUTHOR``, git's user.name, the login."""
    name = os.environ.get(AUTHOR_ENV, "").strip()
    if name:
        return name
    found = repository(root)
    if found is not None:
        # Not through git(): its -c user.name (the tool's committer name) would answer.
        result = _run_git(found[0], ["config", "user.name"], 10)
        if result.returncode == 0 and result.stdout.strip():
            return result.stdout.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return TOOL_NAME


def email(name: str) -> str:
    """A placeholder address for an author known only by name."""
    local = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.").lower() or "volunteer"
    return f"{local}@volunteers.invalid"


def has_conflict_markers(text: str) -> bool:
    """Whether text holds git's conflict markers (``<<<<<<<`` / ``>>>>>>>`` lines)."""
    # The substring search is C's and fast; the line-anchored pattern tries every position.
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return False
    return bool(_CONFLICT.search(text))


def _git_running(top: Path) -> bool:
    """Whether a git process works in this repository now (Linux /proc)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return True  # cannot tell: never remove the lock
    mine = str(top)
    for pid in proc.iterdir():
        if not pid.name.isdigit():
            continue
        try:
            if (pid / "comm").read_text().strip() != "git":
                continue
            cwd = os.readlink(pid / "cwd")
        except OSError:
            continue
        if cwd == mine or cwd.startswith(mine + os.sep):
            return True
    return False


def clear_stale_lock(top: Path, gitdir: Path) -> None:
    """Remove ``index.lock`` left by a killed git (older than a minute, no git running).

    Raises :class:`NotReady` when a lock stays that cannot be removed.
    """
    lock = gitdir / "index.lock"
    try:
        age = time.time() - lock.stat().st_mtime
    except FileNotFoundError:
        return
    if age < STALE_LOCK_SECONDS or _git_running(top):
        return
    try:
        lock.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise NotReady(
            N_(
                "Saving is paused: the history is locked by a file git left behind "
                "(%(reason)s). Ask the server's administrator."
            ),
            reason=exc.strerror,
        ) from None
    log.warning("removed a stale %s (%.0f s old)", lock, age)


def merge_in_progress(gitdir: Path) -> str | None:
    """What git operation is half done in this repository, if any."""
    for name, what in (
        ("MERGE_HEAD", "a merge"),
        ("rebase-merge", "a rebase"),
        ("rebase-apply", "a rebase"),
        ("CHERRY_PICK_HEAD", "a cherry-pick"),
        ("REVERT_HEAD", "a revert"),
    ):
        if (gitdir / name).exists():
            return what
    return None


def check_ready(root: Path, text: str | None = None) -> None:
    """Refuse a change while the repository is not ready for it (:class:`NotReady`).

    ``text`` is the current content of the file about to change, checked for markers.
    """
    if text is not None and has_conflict_markers(text):
        raise NotReady(
            N_(
                "Saving is paused: this catalog holds unresolved merge conflicts. "
                "Your text is still here; ask the server's administrator."
            )
        )
    found = repository(root)
    if found is None:
        return
    top, gitdir = found
    if merge_in_progress(gitdir) is not None:
        raise NotReady(
            N_(
                "Saving is paused while a merge is in progress in the history. "
                "Your text is still here; try again in a minute."
            )
        )
    clear_stale_lock(top, gitdir)
    lock = gitdir / "index.lock"
    if lock.exists() and time.time() - lock.stat().st_mtime >= STALE_LOCK_SECONDS:
        raise NotReady(
            N_(
                "Saving is paused: the history is locked by a running git command. "
                "Try again in a minute."
            )
        )


def ensure_repo_files(root: Path) -> list[Path]:
    """Write the translations folder's ``.gitignore`` and ``.gitattributes`` if missing."""
    written = []
    for name, content in ((".gitignore", IGNORED), (".gitattributes", ATTRIBUTES)):
        path = Path(root) / name
        if not path.exists():
            atomic_write_text(path, content)
            written.append(path)
    return written


def keep_out_of_history(root: Path, folders: list[Path]) -> list[str]:
    """Have git ignore ``folders`` that lie in the work tree of ``root``'s repository (the
    users, tokens and secret key; the published files), in this clone only
    (``.git/info/exclude``); returns the patterns added."""
    found = repository(root)
    if found is None:
        return []
    top, gitdir = found
    exclude = gitdir / "info" / "exclude"
    present = exclude.read_text(encoding="utf-8") if exclude.is_file() else ""
    added = []
    for folder in folders:
        try:
            relative = Path(folder).resolve().relative_to(top.resolve())
        except ValueError:  # outside the work tree: git never sees it
            continue
        pattern = f"/{relative.as_posix()}/"
        if relative.parts and pattern not in present.splitlines():
            added.append(pattern)
    if added:
        start = "" if not present or present.endswith("\n") else "\n"
        atomic_write_text(exclude, present + start + "\n".join(added) + "\n")
    return added


@contextmanager
def commit_lock(gitdir: Path, timeout: float = 60) -> Iterator[None]:
    """The lock every writer of the history (commits, sync) takes, across processes."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(gitdir / "statements-commit.lock"), timeout=timeout)
    try:
        lock.acquire(poll_interval=0.005)
    except Timeout:
        raise NotReady("the history is busy (a sync is running); try again") from None
    try:
        yield
    finally:
        lock.release()


def problem(root: Path) -> str | None:
    """Why history is not being recorded, if the last commit failed (for the dashboard)."""
    found = repository(root)
    if found is None:
        return None
    try:
        data = json.loads((found[1] / PROBLEM_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return str(data.get("reason") or "") or None


def _set_problem(gitdir: Path, reason: str | None) -> None:
    path = gitdir / PROBLEM_NAME
    try:
        if reason is None:
            path.unlink(missing_ok=True)
        else:
            atomic_write_text(path, json.dumps({"reason": reason, "since": time.time()}))
    except OSError as exc:
        log.warning("cannot record the history problem: %s", exc)


def _reason(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line.strip() for line in (result.stderr + result.stdout).splitlines()]
    lines = [line for line in lines if line and not line.startswith("hint:")]
    text = lines[0] if lines else f"git exited with {result.returncode}"
    if "index.lock" in text:
        return "the history is locked by a file git left behind (index.lock)"
    if "No space left" in text:
        return "the disk is full"
    return text.removeprefix("fatal: ").removeprefix("error: ")


def commit_pending(top: Path, root: Path, author: str, message: str) -> bool:
    """Commit everything changed under ``root`` (caller holds :func:`commit_lock`).

    Returns whether a commit was made; raises :class:`WorkflowError` with git's reason.
    """
    ensure_repo_files(root)
    relative = os.path.relpath(Path(root).resolve(), top)
    for attempt in range(2):
        added = git(top, "add", "-A", "--", relative)
        if added.returncode == 0:
            break
        if attempt == 0 and "index.lock" in added.stderr:
            found = _locate(str(Path(root).resolve()))
            if found is not None:
                clear_stale_lock(*found)
                continue
        raise WorkflowError(_reason(added))
    return _commit(top, [relative], author, message)


def _commit(top: Path, relative: list[str], author: str, message: str) -> bool:
    committed = git(
        top,
        "commit",
        "-q",
        "--no-verify",
        f"--author={author} <{email(author)}>",
        "-m",
        message,
        "--",
        *relative,
    )
    if committed.returncode == 0:
        return True
    said = committed.stdout + committed.stderr
    # Also "nothing added to commit but untracked files present": files outside the paths
    # committed (an instance folder beside translations/) are none of the commit's business.
    if any(text in said for text in ("nothing to commit", "no changes added", "nothing added")):
        return False
    raise WorkflowError(_reason(committed))


def commit_paths(top: Path, paths: list[Path], author: str, message: str) -> bool:
    """Commit just these files (one git process for a tracked file; new files are added)."""
    relative = [os.path.relpath(Path(path).resolve(), top) for path in paths]
    try:
        return _commit(top, relative, author, message)
    except WorkflowError as exc:
        if "did not match any file" not in str(exc):
            raise
    added = git(top, "add", "--", *relative)
    if added.returncode:
        raise WorkflowError(_reason(added))
    return _commit(top, relative, author, message)


def record(root: Path, author: str, message: str, paths: list[Path] | None = None) -> bool:
    """Commit a change under the translations ``root`` as ``author``: just ``paths`` when
    given (so that another person's save in the same moment is not attributed to this one),
    everything pending otherwise or when an earlier commit failed.

    A no-op outside git. A failure is logged and kept for the dashboard, never raised: the
    change itself is already on disk, and the next call commits it too.
    """
    found = repository(root)
    if found is None:
        return False
    top, gitdir = found
    try:
        with commit_lock(gitdir):
            if paths and not (gitdir / PROBLEM_NAME).exists():
                made = commit_paths(top, paths, author, message)
            else:
                made = commit_pending(top, Path(root), author, message)
    except (WorkflowError, OSError, subprocess.SubprocessError) as exc:
        reason = str(exc)
        log.warning("git commit failed: %s", reason)
        _set_problem(gitdir, reason)
        return False
    _set_problem(gitdir, None)
    return made
