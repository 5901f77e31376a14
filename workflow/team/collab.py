"""Working together on a unit: comments and questions, proposals and votes, moves, versions.

Everything people say about a unit lives in ``translations/<slug>/collab.jsonl`` beside the
catalogs, one JSON event per line, never rewritten, only appended:

* the PO files stay the source of truth for the translations and a unit's revision (which
  hashes the entry's translator comments) is untouched by a comment, so nobody who has the
  unit open gets a false conflict;
* an append-only file merges without conflicts: ``.gitattributes`` beside it asks git for
  its built-in ``union`` merge, so two offices that commented on the same unit both keep
  their lines after ``statements sync``;
* ``statements update`` appends a ``move`` event when it amends a unit's source (its id is
  a hash of the source), so comments and proposals follow their unit; a removed unit's
  notes stay under its old id and come back with it if it returns.

Outside a git work tree the same file keeps each save as a ``version`` event, the unit's
history (inside git, the commits are the history; see :mod:`workflow.team.unithistory`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import secrets
import threading
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polib

from ..catalog.unit import unit_id
from ..errors import WorkflowError
from ..filecache import Key, identity
from ..fileio import ExclusiveLock
from ..git.history import record
from ..i18n import N_
from .notelog import LOG_NAME, ensure_attributes

if TYPE_CHECKING:  # statement.py calls record_moves from update_statement
    from ..catalog.statement import Statement

log = logging.getLogger(__name__)

CLOSED = {
    "accepted": N_("This proposal was already accepted."),
    "dismissed": N_("This proposal was already dismissed."),
}
MAX_TEXT = 20_000  # as long as a translation may be (workflow.team.review.MAX_TRANSLATION)
_ID = re.compile(r"^[0-9a-f]{8}$")
_BUSY = N_("the notes are busy (a sync or another save holds them); try again")
# The log as last replayed, per path (see load_notes).
_REPLAYED: dict[str, _Replayed] = {}
_REPLAYED_LOCK = threading.Lock()
_REPLAYING_LOCK = threading.Lock()


class NoteError(WorkflowError):
    """A comment or proposal that cannot be stored as asked (bad text, unknown id)."""


@dataclass
class Comment:
    """A question, an answer or a remark on one unit in one language."""

    id: str
    lang: str
    unit: str
    author: str
    date: str
    text: str
    question: bool = True
    reply_to: str | None = None
    resolved: bool = False
    resolved_by: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The API's shape of a comment."""
        return {
            "id": self.id,
            "author": self.author,
            "date": self.date,
            "text": self.text,
            "resolved": self.resolved,
            "question": self.question,
            "reply_to": self.reply_to,
            "resolved_by": self.resolved_by,
        }


@dataclass
class Proposal:
    """An alternative translation someone offers instead of overwriting the unit."""

    id: str
    lang: str
    unit: str
    author: str
    date: str
    translation: str
    votes: list[str] = field(default_factory=list)
    status: str = "open"
    closed_by: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The API's shape of a proposal (``votes`` counts the people who voted)."""
        return {
            "id": self.id,
            "author": self.author,
            "date": self.date,
            "translation": self.translation,
            "votes": len(self.votes),
            "voters": list(self.votes),
            "status": self.status,
        }


@dataclass
class Version:
    """One saved version of a unit's translation (the record kept outside git)."""

    lang: str
    unit: str
    author: str
    date: str
    state: str
    translation: str
    approved_by: str = ""  # who approved it, when not its author (an accepted proposal)


@dataclass
class Notes:
    """Every note of one statement, replayed from its log."""

    comments: dict[str, Comment] = field(default_factory=dict)
    proposals: dict[str, Proposal] = field(default_factory=dict)
    versions: list[Version] = field(default_factory=list)
    moved: dict[str, str] = field(default_factory=dict)

    def copy(self) -> Notes:
        """A copy to replay more events onto: new containers, the same notes (an event
        replaces the notes it changes)."""
        return Notes(
            dict(self.comments), dict(self.proposals), list(self.versions), dict(self.moved)
        )

    def unit_comments(self, lang: str, unit: str) -> list[Comment]:
        """The unit's comments, oldest first (answers after the question they answer)."""
        mine = [c for c in self.comments.values() if c.lang == lang and c.unit == unit]
        mine.sort(key=lambda c: c.date)
        threads: dict[str, list[Comment]] = {}
        for comment in mine:
            threads.setdefault(comment.reply_to or comment.id, []).append(comment)
        ordered: list[Comment] = []
        for comment in mine:
            if comment.reply_to is None or comment.reply_to not in threads:
                ordered.extend(threads.pop(comment.reply_to or comment.id, []))
        for rest in threads.values():
            ordered.extend(rest)
        return ordered

    def unit_proposals(self, lang: str, unit: str) -> list[Proposal]:
        """The unit's open proposals, most votes first."""
        found = [
            p
            for p in self.proposals.values()
            if p.lang == lang and p.unit == unit and p.status == "open"
        ]
        return sorted(found, key=lambda p: (-len(p.votes), p.date))

    def open_questions(self, lang: str | None = None) -> list[Comment]:
        """Questions nobody has marked resolved, oldest first."""
        return sorted(
            (
                c
                for c in self.comments.values()
                if c.question and c.reply_to is None and not c.resolved
                if lang is None or c.lang == lang
            ),
            key=lambda c: c.date,
        )

    def unit_versions(self, lang: str, unit: str) -> list[Version]:
        """The recorded versions of one unit, newest first."""
        return [v for v in reversed(self.versions) if v.lang == lang and v.unit == unit]

    def _follow(self, unit: str) -> str:
        seen = {unit}
        while unit in self.moved:
            unit = self.moved[unit]
            if unit in seen:
                break
            seen.add(unit)
        return unit

    def apply(self, event: dict[str, Any]) -> None:
        """Replay one event (unknown or incomplete events are skipped).

        A note an event changes is replaced by a changed copy, never changed in place: the
        notes handed out before (see :func:`load_notes`) stay as they were."""
        kind = event.get("ev")
        if kind == "move":
            old, new = str(event["from"]), str(event["to"])
            self.moved[old] = new
            self.moved.pop(new, None)
            for key, comment in self.comments.items():
                if comment.unit == old:
                    self.comments[key] = replace(comment, unit=new)
            for key, proposal in self.proposals.items():
                if proposal.unit == old:
                    self.proposals[key] = replace(proposal, unit=new)
            self.versions = [
                replace(version, unit=new) if version.unit == old else version
                for version in self.versions
            ]
            return
        if kind == "comment":
            self.comments[event["id"]] = Comment(
                id=event["id"],
                lang=event["lang"],
                unit=self._follow(event["unit"]),
                author=event["author"],
                date=event["date"],
                text=event["text"],
                question=bool(event.get("question", True)),
                reply_to=event.get("reply_to"),
            )
        elif kind in ("resolve", "reopen") and event.get("id") in self.comments:
            self.comments[event["id"]] = replace(
                self.comments[event["id"]],
                resolved=kind == "resolve",
                resolved_by=event.get("by") if kind == "resolve" else None,
            )
        elif kind == "proposal":
            self.proposals[event["id"]] = Proposal(
                id=event["id"],
                lang=event["lang"],
                unit=self._follow(event["unit"]),
                author=event["author"],
                date=event["date"],
                translation=event["translation"],
            )
        elif kind in ("vote", "unvote") and event.get("id") in self.proposals:
            proposal = self.proposals[event["id"]]
            voter = event["by"]
            if kind == "unvote":
                votes = [name for name in proposal.votes if name != voter]
            else:
                votes = proposal.votes if voter in proposal.votes else [*proposal.votes, voter]
            self.proposals[event["id"]] = replace(proposal, votes=votes)
        elif kind in ("accept", "dismiss") and event.get("id") in self.proposals:
            self.proposals[event["id"]] = replace(
                self.proposals[event["id"]],
                status="accepted" if kind == "accept" else "dismissed",
                closed_by=event.get("by"),
            )
        elif kind == "version":
            self.versions.append(
                Version(
                    lang=event["lang"],
                    unit=self._follow(event["unit"]),
                    author=event["author"],
                    date=event["date"],
                    state=event["state"],
                    translation=event["translation"],
                    approved_by=str(event.get("approved_by") or ""),
                )
            )


def _commit(statement: Statement, author: str, what: str) -> None:
    """One commit per note under git (a no-op elsewhere)."""
    record(statement.root, author, f"{author}: {statement.slug} {what}", [log_path(statement)])


def log_path(statement: Statement) -> Path:
    """The statement's note log."""
    return statement.dir / LOG_NAME


@dataclass
class _Replayed:
    """The notes of a log's first ``length`` bytes (whole lines), and what says they are
    still its first bytes."""

    identity: Key
    length: int
    digest: bytes
    notes: Notes


def _replay(notes: Notes, data: bytes, path: Path, first_line: int) -> None:
    """Apply every line of ``data`` (line ``first_line`` of the log on) to ``notes``."""
    for number, line in enumerate(data.decode("utf-8", errors="replace").split("\n"), first_line):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
            if isinstance(event, dict):
                notes.apply(event)
        except (ValueError, KeyError, TypeError):
            # A line cut short by a crash, or a hand edit: the rest still counts.
            log.warning("%s:%d: unreadable note skipped", path, number)


def load_notes(statement: Statement) -> Notes:
    """The statement's notes. Do not change them.

    The log only grows between syncs (every note is appended to it, a save appends a
    version): when the file still starts with the bytes replayed last time, only the lines
    after them are replayed, onto a copy of the notes. A line not yet ended by a newline
    (being written) waits for its newline."""
    path = log_path(statement)
    notes = _kept(path)
    if notes is None:
        with _REPLAYING_LOCK:  # one replay at a time: each starts from what the last stored
            notes = _kept(path) or _replayed(path)
    return notes


def _kept(path: Path) -> Notes | None:
    """The notes of the log as it is, if they are known (none without a log)."""
    key = identity(path)
    if key is None:
        return Notes()
    with _REPLAYED_LOCK:
        kept = _REPLAYED.get(str(path))
    return kept.notes if kept is not None and kept.identity == key else None


def _replayed(path: Path) -> Notes:
    key = identity(path)
    if key is None:  # removed since (a sync that took it away)
        return Notes()
    with _REPLAYED_LOCK:
        kept = _REPLAYED.get(str(path))
    data = path.read_bytes()
    end = data.rfind(b"\n") + 1
    digest = hashlib.blake2b(digest_size=16)
    notes, start = Notes(), 0
    if kept is not None and kept.length <= end:
        digest.update(data[: kept.length])
        if digest.digest() == kept.digest:
            notes, start = kept.notes.copy(), kept.length
        else:
            digest = hashlib.blake2b(digest_size=16)
    digest.update(data[start:end])
    _replay(notes, data[start:end], path, data.count(b"\n", 0, start) + 1)
    with _REPLAYED_LOCK:
        _REPLAYED[str(path)] = _Replayed(key, end, digest.digest(), notes)
    return notes


def _stamp() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _new_id() -> str:
    return secrets.token_hex(4)


def is_note_id(value: str) -> bool:
    """Whether ``value`` has the shape of a comment or proposal id."""
    return bool(_ID.match(value))


def append_events(statement: Statement, events: list[dict[str, Any]]) -> Path:
    """Append events to the statement's log (written under its lock, then flushed to disk)."""
    _append(statement, events).flush()
    return log_path(statement)


class Unflushed:
    """Events written to the log, so in its order, but not flushed to disk yet: a writer
    that holds another lock flushes them after letting it go, and before it answers."""

    def __init__(self, fd: int) -> None:
        self._fd: int | None = fd

    def flush(self) -> None:
        """Flush the events to disk (once)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _append(statement: Statement, events: list[dict[str, Any]]) -> Unflushed:
    lines = "".join(
        json.dumps(event, ensure_ascii=False, sort_keys=True) + "\n" for event in events
    )
    fd = -1
    try:
        with ExclusiveLock(statement.dir / ".collab.lock", 30, _BUSY):
            ensure_attributes(statement.dir)
            fd = os.open(log_path(statement), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            os.write(fd, lines.encode("utf-8"))
    except BaseException:
        if fd >= 0:
            os.close(fd)
        raise
    return Unflushed(fd)


# What can be wrong with a comment's or a proposal's text (empty, too long), per kind.
_EMPTY = {
    "comment": N_("Write the text of your comment."),
    "proposal": N_("Write the proposed translation."),
}
_LONG = {
    "comment": N_("The comment is longer than %(limit)s characters."),
    "proposal": N_("The proposed translation is longer than %(limit)s characters."),
}


def _clean_text(text: Any, what: str) -> str:
    if not isinstance(text, str):
        raise NoteError(_EMPTY[what])
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise NoteError(_EMPTY[what])
    if len(text) > MAX_TEXT:
        raise NoteError(_LONG[what], limit=MAX_TEXT)
    if "\x00" in text:
        raise NoteError(N_("The text contains a NUL character."))
    return text


def add_comment(
    statement: Statement,
    lang: str,
    unit: str,
    text: str,
    author: str,
    *,
    reply_to: str | None = None,
    question: bool | None = None,
) -> Comment:
    """Store a comment (a question unless ``question`` is False; an answer with ``reply_to``)."""
    text = _clean_text(text, "comment")
    if reply_to is not None:
        parent = load_notes(statement).comments.get(reply_to)
        if parent is None or parent.lang != lang or parent.unit != unit:
            raise NoteError(N_("The comment to answer is not on this unit."))
    cid = _new_id()
    event: dict[str, Any] = {
        "ev": "comment",
        "id": cid,
        "lang": lang,
        "unit": unit,
        "author": author,
        "date": _stamp(),
        "text": text,
        "question": bool(question if question is not None else reply_to is None),
    }
    if reply_to is not None:
        event["reply_to"] = reply_to
    append_events(statement, [event])
    kind = "answer" if reply_to is not None else "question" if event["question"] else "comment"
    _commit(statement, author, f"{kind} on {lang} {unit}")
    return load_notes(statement).comments[cid]


def find_comment(statement: Statement, lang: str, unit: str, cid: str) -> Comment:
    """The comment ``cid`` of this unit, or :class:`NoteError`."""
    comment = load_notes(statement).comments.get(cid) if is_note_id(cid) else None
    if comment is None or comment.lang != lang or comment.unit != unit:
        raise NoteError(N_("There is no comment %(id)s on this unit."), id=repr(cid))
    return comment


def resolve_comment(
    statement: Statement, lang: str, unit: str, cid: str, by: str, resolved: bool = True
) -> Comment:
    """Mark a comment resolved (or open again)."""
    find_comment(statement, lang, unit, cid)
    event = {"ev": "resolve" if resolved else "reopen", "id": cid, "by": by, "date": _stamp()}
    append_events(statement, [event])
    _commit(statement, by, f"{event['ev']} comment {cid} on {lang} {unit}")
    return load_notes(statement).comments[cid]


def add_proposal(
    statement: Statement,
    lang: str,
    unit: str,
    translation: str,
    author: str,
    commit: bool = True,
) -> Proposal:
    """Store a proposed translation of a unit (no Flask needed: ``statements sync`` keeps the
    losing side of a conflict this way, committing many at once: ``commit=False``)."""
    translation = _clean_text(translation, "proposal")
    pid = _new_id()
    stamp = _stamp()
    append_events(
        statement,
        [
            {
                "ev": "proposal",
                "id": pid,
                "lang": lang,
                "unit": unit,
                "author": author,
                "date": stamp,
                "translation": translation,
            }
        ],
    )
    if commit:
        _commit(statement, author, f"proposal for {lang} {unit}")
    return load_notes(statement).proposals[pid]


def find_proposal(statement: Statement, lang: str, unit: str, pid: str) -> Proposal:
    """The open proposal ``pid`` of this unit, or :class:`NoteError`."""
    proposal = load_notes(statement).proposals.get(pid) if is_note_id(pid) else None
    if proposal is None or proposal.lang != lang or proposal.unit != unit:
        raise NoteError(N_("There is no proposal %(id)s on this unit."), id=repr(pid))
    if proposal.status != "open":
        raise NoteError(CLOSED[proposal.status])
    return proposal


def vote(
    statement: Statement, lang: str, unit: str, pid: str, by: str, undo: bool = False
) -> Proposal:
    """Vote for a proposal (once per person; ``undo`` takes the vote back)."""
    find_proposal(statement, lang, unit, pid)
    append_events(
        statement, [{"ev": "unvote" if undo else "vote", "id": pid, "by": by, "date": _stamp()}]
    )
    _commit(statement, by, f"{'vote taken back' if undo else 'vote'} for {pid} on {lang} {unit}")
    return load_notes(statement).proposals[pid]


def close_proposal(
    statement: Statement, lang: str, unit: str, pid: str, by: str, accepted: bool
) -> Proposal:
    """Record that a proposal was accepted (after its save) or dismissed."""
    find_proposal(statement, lang, unit, pid)
    event = {"ev": "accept" if accepted else "dismiss", "id": pid, "by": by, "date": _stamp()}
    append_events(statement, [event])
    _commit(statement, by, f"proposal {pid} on {lang} {unit} {event['ev']}ed")
    return load_notes(statement).proposals[pid]


def record_version(
    statement: Statement,
    lang: str,
    unit: str,
    author: str,
    state: str,
    translation: str,
    approved_by: str = "",
) -> Unflushed:
    """Keep one saved version in the log (the history where there is no git); the caller
    flushes it to disk once it has let go of the catalog's lock."""
    return _append(
        statement,
        [
            {
                "ev": "version",
                "lang": lang,
                "unit": unit,
                "author": author,
                "date": _stamp(),
                "state": state,
                "translation": translation,
                **({"approved_by": approved_by} if approved_by else {}),
            }
        ],
    )


def open_questions(statement: Statement, langs: list[str] | None = None) -> list[Comment]:
    """Unresolved questions on the statement's current units (in ``langs`` if given)."""
    questions = load_notes(statement).open_questions()
    if not questions:
        return []
    active = statement.unit_index()
    return [q for q in questions if q.unit in active and (langs is None or q.lang in langs)]


def unit_moves(old_pot: polib.POFile, new_pot: polib.POFile) -> dict[str, str]:
    """Old unit id → new unit id for every unit whose source an update amended.

    The same matching as the catalogs' merge, over every unit (translated or not), so the
    notes go where the translations go.
    """
    from ..catalog.merge import merge  # rapidfuzz: only when an update runs

    stand_in = polib.POFile(wrapwidth=0)
    for entry in old_pot:
        if not entry.obsolete:
            stand_in.append(polib.POEntry(msgid=entry.msgid, msgstr=entry.msgid))
    merged, _ = merge(stand_in, new_pot)
    return {
        unit_id(entry.previous_msgid): unit_id(entry.msgid)
        for entry in merged
        if not entry.obsolete and entry.previous_msgid and entry.previous_msgid != entry.msgid
    }


def record_moves(statement: Statement, moves: dict[str, str]) -> None:
    """Make the notes of amended units follow them (nothing is written without notes)."""
    if not moves or not log_path(statement).is_file():
        return
    stamp = _stamp()
    events = [{"ev": "move", "from": old, "to": new, "date": stamp} for old, new in moves.items()]
    append_events(statement, events)
