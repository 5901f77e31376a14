"""``statements sync``: share this site's history with the others through a git remote.

1. Everything pending under ``translations/`` is committed.
2. The remote branch is fetched.
3. If both sides have new commits they are merged in a temporary work tree, with the
   ``statements`` merge driver for catalogs, metadata and the glossary
   (:mod:`workflow.git.threeway`), while every catalog's lock is held so that no save lands
   in between; only a finished merge is brought into the real work tree (a fast-forward).
   On any failure the temporary tree is thrown away: the work tree is as it was, and the
   message names the file and the reason. No conflict markers, no half-done rebase.
4. The result is pushed; if another site pushed first, the loop runs again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from ..catalog.statement import CatalogLock, list_statements
from ..catalog.unit import unit_id
from ..config import GLOSSARY_NAME
from ..errors import WorkflowError
from ..i18n import N_
from ..team.collab import add_proposal, load_notes
from .history import (
    IDENTITY,
    commit_lock,
    commit_pending,
    email,
    ensure_repo_files,
    git,
    merge_in_progress,
    repository,
)
from .mergedriver import STATS_ENV, driver_config
from .threeway import alternatives, drop_alternatives, parse_alternative

ATTEMPTS = 6


@dataclass
class SyncReport:
    """What one sync did."""

    received: int = 0
    sent: int = 0
    merged_units: int = 0
    both_sides: int = 0
    proposals: int = 0
    attempts: int = 0

    def message(self) -> str:
        """One line for the command line."""
        parts = [f"received {self.received} commit(s)", f"sent {self.sent}"]
        if self.both_sides:
            parts.append(
                f"{self.both_sides} unit(s) changed at both sites merged, "
                f"{self.proposals} other text(s) kept as proposals"
            )
        return "synchronised with the remote: " + ", ".join(parts)


# What git adds to every failure to reach a remote, whatever the reason.
_BOILERPLATE = (
    "fatal: Could not read from remote repository.",
    "Please make sure you have the correct access rights",
    "and the repository exists.",
)


def _line(result: subprocess.CompletedProcess[str]) -> str:
    """git's reason in one line: the first line that says what failed (the address that is
    not a repository, the host that cannot be found), else its last line."""
    lines = [ln.strip() for ln in (result.stderr + "\n" + result.stdout).splitlines()]
    lines = [
        ln
        for ln in lines
        if ln and not ln.startswith(("hint:", "Auto-merging")) and ln not in _BOILERPLATE
    ]
    said = [ln for ln in lines if ln.startswith(("fatal:", "error:", "ssh:"))]
    text = said[0] if said else lines[-1] if lines else f"git exited with {result.returncode}"
    return text.removeprefix("fatal: ").removeprefix("error: ")


def _upstream(top: Path) -> tuple[str, str]:
    """The remote and the branch on it that this work tree follows."""
    head = git(top, "symbolic-ref", "--quiet", "--short", "HEAD")
    if head.returncode:
        raise WorkflowError(
            N_("%(top)s is not on a branch (a detached HEAD): check out a branch"), top=top
        )
    branch = head.stdout.strip()
    remote = git(top, "config", f"branch.{branch}.remote").stdout.strip()
    merge = git(top, "config", f"branch.{branch}.merge").stdout.strip()
    if not remote:
        remotes = git(top, "remote").stdout.split()
        if not remotes:
            raise WorkflowError(
                N_(
                    "%(top)s has no git remote to sync with: add one with "
                    "'git remote add origin URL'"
                ),
                top=top,
            )
        remote = "origin" if "origin" in remotes else remotes[0]
    return remote, merge.removeprefix("refs/heads/") or branch


def _catalog_locks(root: Path) -> list[CatalogLock]:
    """Every writer's lock under ``root``, in one global order (catalogs, then glossary)."""
    statements = sorted(list_statements(root), key=lambda s: s.slug)
    locks = [
        statement.lock(lang)
        for statement in statements
        for lang in sorted(statement.meta.languages)
    ]
    notes = [CatalogLock(statement.dir / ".collab.lock") for statement in statements]
    return [*locks, CatalogLock(root / f".{GLOSSARY_NAME}.lock"), *notes]


def keep_as_proposals(root: Path) -> int:
    """Turn the texts a merge kept in catalogs (``also saved:`` lines) into proposals on
    their units, where reviewers see and vote on them; returns how many were added."""
    added = 0
    for statement in list_statements(root):
        for lang in statement.meta.languages:
            with statement.lock(lang):
                catalog = statement.catalog(lang)
                found = [(e, alternatives(e)) for e in catalog if not e.obsolete]
                found = [(entry, kept) for entry, kept in found if kept]
                if not found:
                    continue
                for entry, kept in found:
                    unit = unit_id(entry.msgid)
                    known = {
                        p.translation for p in load_notes(statement).unit_proposals(lang, unit)
                    }
                    for line in kept:
                        author, text = parse_alternative(line)
                        if text.strip() and text.strip() not in known:
                            add_proposal(
                                statement, lang, unit, text, author or "another site", commit=False
                            )
                            known.add(text.strip())
                            added += 1
                    drop_alternatives(entry)
                statement.save_catalog(lang, catalog)
    return added


def _rev(top: Path, name: str) -> str | None:
    result = git(top, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}")
    return result.stdout.strip() if result.returncode == 0 else None


def _count(top: Path, spec: str) -> int:
    result = git(top, "rev-list", "--count", spec)
    return int(result.stdout.strip() or 0) if result.returncode == 0 else 0


def _merge_failure(tree: Path, result: subprocess.CompletedProcess[str], relative: str) -> str:
    """One line: which file could not be merged, and why."""
    reasons = {}
    for line in result.stderr.splitlines():
        name, sep, reason = line.partition(": ")
        if sep and not line.startswith(("error", "fatal", "hint", "warning", "CONFLICT")):
            reasons[name.strip()] = reason.strip()
    unmerged = git(tree, "diff", "--name-only", "--diff-filter=U").stdout.split()
    if unmerged:
        name = unmerged[0]
        shown = os.path.relpath(name, relative) if relative != "." else name
        if name in reasons:
            return f"could not merge {shown}: {reasons[name]}"
        more = f" (and {len(unmerged) - 1} more)" if len(unmerged) > 1 else ""
        return (
            f"could not merge {shown}{more}: both sites changed it and it is not a file that "
            "can be merged unit by unit; nothing was changed here"
        )
    return f"could not merge with the remote: {_line(result)}; nothing was changed here"


MERGE_TREE = "statements-merge-"


def _drop_stale_trees(top: Path) -> None:
    """Remove the work trees of merges whose sync was killed (a sync merges under the commit
    lock, so no other one is under way): git would list them for ever."""
    listed = git(top, "worktree", "list", "--porcelain")
    for line in listed.stdout.splitlines():
        path = Path(line.removeprefix("worktree ")) if line.startswith("worktree ") else None
        if path is not None and path.name.startswith(MERGE_TREE) and path != top:
            git(top, "worktree", "remove", "--force", str(path))
            shutil.rmtree(path, ignore_errors=True)
    git(top, "worktree", "prune")


def _merge(
    top: Path, gitdir: Path, relative: str, theirs: str, author: str, stats_path: Path
) -> str:
    """Merge ``theirs`` into HEAD in a throwaway work tree; returns the merge commit."""
    _drop_stale_trees(top)
    tree = Path(tempfile.mkdtemp(prefix=MERGE_TREE))
    added = git(top, "worktree", "add", "--detach", "--quiet", str(tree), "HEAD")
    if added.returncode:
        shutil.rmtree(tree, ignore_errors=True)
        raise WorkflowError(N_("could not prepare the merge: %(error)s"), error=_line(added))
    try:
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": author,
            "GIT_AUTHOR_EMAIL": email(author),
            STATS_ENV: str(stats_path),
            "GIT_TERMINAL_PROMPT": "0",
            "LC_ALL": "C",
        }
        merged = subprocess.run(
            [
                "git",
                *IDENTITY,
                *driver_config(),
                "merge",
                "--no-edit",
                "--no-ff",
                "-m",
                f"{author}: merge the other sites' work (statements sync)",
                theirs,
            ],
            cwd=tree,
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
        )
        if merged.returncode:
            raise WorkflowError(_merge_failure(tree, merged, relative))
        commit = _rev(tree, "HEAD")
        assert commit is not None
        return commit
    finally:
        git(top, "worktree", "remove", "--force", str(tree))
        shutil.rmtree(tree, ignore_errors=True)
        git(top, "worktree", "prune")


def register_driver(root: Path) -> bool:
    """Write ``.gitattributes`` and register the merge driver in the repository's config,
    so that a plain ``git pull`` merges catalogs unit by unit; False outside git."""
    found = repository(root)
    if found is None:
        return False
    ensure_repo_files(root)
    top = found[0]
    for key, value in zip(("name", "driver"), driver_config()[1::2], strict=True):
        git(top, "config", f"merge.statements.{key}", value.split("=", 1)[1])
    return True


def sync(root: Path, author: str) -> SyncReport:
    """Commit, fetch, merge (unit by unit) and push; see the module's docstring."""
    root = Path(root)
    found = repository(root)
    if found is None:
        raise WorkflowError(
            N_("%(root)s is not inside a git repository; nothing to sync"), root=root
        )
    top, gitdir = found
    doing = merge_in_progress(gitdir)
    if doing is not None:
        raise WorkflowError(
            N_(
                "%(doing)s is half done in %(top)s (started by hand?): finish it or abort it "
                "(git merge --abort / git rebase --abort), then sync again"
            ),
            doing=doing,
            top=top,
        )
    remote, branch = _upstream(top)
    relative = os.path.relpath(root.resolve(), top)
    register_driver(root)
    report = SyncReport()
    stats_fd, stats_name = tempfile.mkstemp(prefix="statements-merge-stats-")
    os.close(stats_fd)
    stats_path = Path(stats_name)
    try:
        for attempt in range(1, ATTEMPTS + 1):
            report.attempts = attempt
            fetched = git(top, "fetch", "--quiet", remote, branch, timeout=300)
            missing = fetched.returncode and "couldn't find remote ref" in fetched.stderr
            if fetched.returncode and not missing:
                raise WorkflowError(
                    N_("could not fetch from %(remote)s: %(error)s"),
                    remote=remote,
                    error=_line(fetched),
                )
            theirs = None if missing else _rev(top, "FETCH_HEAD")
            with ExitStack() as held:
                for lock in _catalog_locks(root):
                    held.enter_context(lock)
                held.enter_context(commit_lock(gitdir))
                commit_pending(top, root, author, f"{author}: changes not yet in the history")
                ours = _rev(top, "HEAD")
                if theirs is not None and ours is None:
                    raise WorkflowError(N_("%(top)s has no commits yet"), top=top)
                if theirs is not None and ours is not None and theirs != ours:
                    behind = git(top, "merge-base", "--is-ancestor", theirs, ours).returncode != 0
                    if behind:
                        ahead = git(top, "merge-base", "--is-ancestor", ours, theirs).returncode
                        target = (
                            theirs
                            if ahead == 0
                            else _merge(top, gitdir, relative, theirs, author, stats_path)
                        )
                        report.received += _count(top, f"{ours}..{theirs}")
                        moved = git(top, "merge", "--ff-only", "--quiet", target)
                        if moved.returncode:
                            raise WorkflowError(
                                N_("could not bring the merge into %(top)s: %(error)s"),
                                top=top,
                                error=_line(moved),
                            )
            kept = keep_as_proposals(root)
            if kept:
                report.proposals += kept
                with commit_lock(gitdir):
                    commit_pending(
                        top,
                        root,
                        author,
                        f"{author}: {kept} text(s) saved at both sites kept as proposals",
                    )
            head = _rev(top, "HEAD")
            if head is None:
                return report
            if theirs == head:
                break
            pushed = git(top, "push", "--quiet", remote, f"HEAD:refs/heads/{branch}", timeout=300)
            if pushed.returncode == 0:
                report.sent += _count(top, f"{theirs}..{head}") if theirs else _count(top, head)
                break
            rejected = "rejected" in pushed.stderr or "fetch first" in pushed.stderr
            if not rejected or attempt == ATTEMPTS:
                raise WorkflowError(
                    N_("could not push to %(remote)s: %(error)s"),
                    remote=remote,
                    error=_line(pushed),
                )
        for line in stats_path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            report.both_sides += int(record.get("both", 0))
            report.merged_units += int(record.get("theirs", 0))
    finally:
        stats_path.unlink(missing_ok=True)
    return report
