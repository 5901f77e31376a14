"""Every version of one unit's translation, newest first, with who saved it and when.

Inside a git work tree the commits are the history (each save is a commit whose author is
the volunteer), read with one ``git log`` and one ``git cat-file --batch``; a unit whose
source was amended is followed back through its previous source (``#| msgid``). Elsewhere
the versions come from the append-only record in :mod:`workflow.team.collab`.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polib

from ..catalog.diff import cached_diff
from ..catalog.pofile import read_entry
from ..catalog.state import entry_state, markers, parse_record
from ..catalog.statement import Statement
from ..catalog.unit import unit_id
from ..filecache import identity
from ..git.history import repository
from .collab import load_notes

MAX_COMMITS = 300


@dataclass
class HistoryVersion:
    """One version of a unit's translation."""

    date: str
    author: str
    state: str
    translation: str
    approved_by: str = ""  # who approved it, when not its author (an accepted proposal)

    @property
    def id(self) -> str:
        """Which version this is, whatever its place in the history (a sync can put
        another office's version before it). Not its date: the oldest commit read gives the
        oldest version's, which moves as the history grows; two versions alike in all else
        restore the same text."""
        data = "\x00".join((self.author, self.state, self.translation))
        return hashlib.blake2b(data.encode("utf-8"), digest_size=6).hexdigest()

    def as_json(self, older: HistoryVersion | None) -> dict[str, Any]:
        """The API's shape, with a word diff against the version before it."""
        return {
            "id": self.id,
            "date": self.date,
            "author": self.author,
            "state": self.state,
            "translation": self.translation,
            "approved_by": self.approved_by,
            "diff": cached_diff(older.translation if older else "", self.translation),
        }


def git_top(statement: Statement) -> Path | None:
    """The git work tree the statement's catalogs are committed to, or None."""
    found = repository(statement.root)
    return found[0] if found else None


def _stamped(entry: polib.POEntry, state: str) -> tuple[str, str, str]:
    """Who last vouched for the entry and when, from its markers ("NAME DATE text:DIGEST",
    a machine's "ENGINE DATE"); of an approved text, who wrote it and who approved it when
    not its author."""
    marks = markers(entry)
    approved, translated, machine = (
        parse_record(marks.get(name)) for name in ("approved", "translated", "machine")
    )
    latest = approved or translated or machine
    if latest is None:
        return "", "", ""
    if state != "approved":
        return latest.who, latest.date, ""
    author = (translated or latest).who
    return author, latest.date, _approver(entry, author)


def _approver(entry: polib.POEntry, author: str) -> str:
    """Who approved the entry's text, when that is not ``author`` (who wrote it)."""
    found = parse_record(markers(entry).get("approved"))
    return found.who if found is not None and found.who != author else ""


_GIT_CACHE: dict[tuple[str, str], tuple[tuple[Any, ...], list[HistoryVersion]]] = {}


def _from_git_cached(top: Path, path: Path, msgid: str) -> list[HistoryVersion]:
    """The git history, read again only when the catalog or git's index changed (every
    commit rewrites the index)."""
    key = (identity(path), identity(top / ".git" / "index"))
    hit = _GIT_CACHE.get((str(path), msgid))
    if hit is not None and hit[0] == key:
        return hit[1]
    versions = _from_git(top, path, msgid)
    if len(_GIT_CACHE) > 1024:
        _GIT_CACHE.clear()
    _GIT_CACHE[(str(path), msgid)] = (key, versions)
    return versions


def _from_git(top: Path, path: Path, msgid: str) -> list[HistoryVersion]:
    relative = str(path.resolve().relative_to(top))
    log = subprocess.run(
        ["git", "log", f"-n{MAX_COMMITS}", "--format=%H%x1f%an%x1f%aI", "--", relative],
        cwd=top,
        capture_output=True,
        text=True,
        timeout=30,
    )
    commits = [line.split("\x1f") for line in log.stdout.splitlines() if line.count("\x1f") == 2]
    if not commits:
        return []
    request = "".join(f"{sha}:{relative}\n" for sha, _, _ in commits)
    blobs = subprocess.run(
        ["git", "cat-file", "--batch"],
        cwd=top,
        input=request.encode(),
        capture_output=True,
        timeout=60,
    ).stdout
    versions: list[HistoryVersion] = []
    last: tuple[str, str] | None = None
    offset = 0
    for _, author, when in commits:
        header_end = blobs.index(b"\n", offset)
        header = blobs[offset:header_end].split()
        if len(header) < 3 or header[1] != b"blob":
            offset = header_end + 1
            continue
        size = int(header[2])
        text = blobs[header_end + 1 : header_end + 1 + size].decode("utf-8", "replace")
        offset = header_end + 1 + size + 1
        entry = read_entry(text, msgid)
        if entry is None:
            continue
        if entry.previous_msgid and read_entry(text, entry.previous_msgid) is None:
            # Older commits know this unit by its previous source.
            msgid = entry.previous_msgid
        key = (entry.msgstr, entry_state(entry))
        if not entry.msgstr:
            last = key
            continue
        if key == last and versions:
            # The same version in an older commit: it was written then.
            versions[-1].date, versions[-1].author = when, author
            continue
        approver = _approver(entry, author) if key[1] == "approved" else ""
        versions.append(HistoryVersion(when, author, key[1], entry.msgstr, approver))
        last = key
    return versions


def unit_history(statement: Statement, lang: str, entry: polib.POEntry) -> list[dict[str, Any]]:
    """Every version of the unit's translation, newest first, each with a word diff to the
    one before it. The current text is first even when it was never committed."""
    top = git_top(statement)
    if top is not None:
        versions = list(_from_git_cached(top, statement.po_path(lang), entry.msgid))
    else:
        versions = _logged(statement, lang, unit_id(entry.msgid))
    state = entry_state(entry)
    if entry.msgstr and (
        not versions or (versions[0].translation, versions[0].state) != (entry.msgstr, state)
    ):
        who, when, approver = _stamped(entry, state)
        versions.insert(0, HistoryVersion(when, who, state, entry.msgstr, approver))
    return [
        version.as_json(versions[index + 1] if index + 1 < len(versions) else None)
        for index, version in enumerate(versions)
    ]


def logged_newest(statement: Statement, lang: str, unit: str) -> HistoryVersion | None:
    """The newest version of unit ``unit`` the notes log holds (None where the history is
    git's, or none is logged): no git, no diff, for a refusal to say who saved last."""
    if git_top(statement) is not None:
        return None
    versions = _logged(statement, lang, unit)
    return versions[0] if versions else None


def _logged(statement: Statement, lang: str, unit: str) -> list[HistoryVersion]:
    """The versions of a unit the notes log holds, newest first."""
    return [
        HistoryVersion(v.date, v.author, v.state, v.translation, v.approved_by)
        for v in load_notes(statement).unit_versions(lang, unit)
    ]
