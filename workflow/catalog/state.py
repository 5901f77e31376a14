"""Unit states, kept in the PO files alone and where GNU gettext tools keep them.

* untranslated: empty ``msgstr``
* machine: ``#, fuzzy`` and a translator comment ``# machine: ENGINE DATE``
* outdated: ``#, fuzzy`` and a previous source (``#| msgid``)
* draft: ``#, fuzzy`` with neither (saved by a person, not yet marked translated)
* translated: not fuzzy (``# translated: NAME DATE text:DIGEST`` says who)
* approved: not fuzzy and ``# approved: NAME DATE text:DIGEST``
* changed: not fuzzy, but the text is no longer the one its translated or approved record
  vouches for (edited outside the review tool, in Poedit say): not approved any more

``msgmerge``, ``msgcat`` and ``msgattrib`` drop ``#,`` flags they do not know but keep
translator comments, so the markers are translator comments. ``DIGEST`` is a short hash
of the msgid and msgstr the record vouches for; a record without one (written before
digests existed, or by hand) vouches for no text, so its unit is "changed" until a person
saves or approves it again. ``# accepted: CHECK text:DIGEST DATE "NAME" REASON``
records that a reviewer accepted one check's finding on purpose, for that text only.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import polib

STATES = ("untranslated", "machine", "outdated", "draft", "changed", "translated", "approved")
# What a person may set from the review page or the API.
SAVE_STATES = ("draft", "translated", "approved")
MARKERS = ("machine", "memory", "numbers", "translated", "approved")

_MARKER_NAMES = frozenset(MARKERS)
_RECORD = re.compile(
    r"^(?P<who>.*?) (?P<date>\d{4}-\d{2}-\d{2})(?: text:(?P<digest>[0-9a-f]{12}))?$"
)
_ACCEPTED = re.compile(
    r"^accepted: (?P<check>[\w-]+) text:(?P<digest>[0-9a-f]{12}) (?P<date>\d{4}-\d{2}-\d{2}) "
    r'"(?P<who>[^"]*)" (?P<reason>.*)$'
)


def text_digest(entry: polib.POEntry) -> str:
    """A short hash of the source and translation a record vouches for."""
    return _digest(entry.msgid, entry.msgstr)


@lru_cache(maxsize=64)  # an entry's state asks for it once per record it holds
def _digest(msgid: str, msgstr: str) -> str:
    data = f"{msgid}\x04{msgstr}".encode()
    return hashlib.blake2b(data, digest_size=6).hexdigest()


@dataclass(frozen=True)
class Record:
    """Who translated or approved a unit, when, and for which text (None: an old record)."""

    who: str
    date: str
    digest: str | None

    @property
    def label(self) -> str:
        """``NAME DATE``, as pages show it."""
        return f"{self.who} {self.date}"


def record(entry: polib.POEntry, name: str) -> Record | None:
    """The ``translated`` or ``approved`` record of an entry, parsed."""
    return parse_record(markers(entry).get(name))


def parse_record(value: str | None) -> Record | None:
    """A record's marker value (``NAME DATE text:DIGEST``), parsed."""
    if not value:
        return None
    match = _RECORD.match(value)
    if match is None:
        return Record(value, "", None)
    return Record(match.group("who"), match.group("date"), match.group("digest"))


def _stamp(entry: polib.POEntry, user: str, when: date | str) -> str:
    day = when if isinstance(when, str) else when.isoformat()
    return f"{user} {day} text:{text_digest(entry)}"


@dataclass(frozen=True)
class Acceptance:
    """A finding a reviewer accepted on purpose, for one text of the unit."""

    check: str
    digest: str
    date: str
    who: str
    reason: str


def acceptances(entry: polib.POEntry) -> list[Acceptance]:
    """Every accepted finding recorded on the entry (current or not)."""
    found = []
    for line in (entry.tcomment or "").splitlines():
        match = _ACCEPTED.match(line.strip())
        if match:
            found.append(Acceptance(**match.groupdict()))
    return found


def current_acceptances(entry: polib.POEntry) -> dict[str, Acceptance]:
    """The accepted findings that still stand for the entry's text, by check."""
    digest = text_digest(entry)
    return {item.check: item for item in acceptances(entry) if item.digest == digest}


def accept_finding(entry: polib.POEntry, check: str, user: str, when: date, reason: str) -> None:
    """Record that ``user`` accepted the ``check`` finding of the entry's present text."""
    reason = " ".join(reason.split())
    kept = [
        line
        for line in (entry.tcomment or "").splitlines()
        if not (_ACCEPTED.match(line.strip()) and line.strip().split(" ", 2)[1] == check)
    ]
    kept.append(f'accepted: {check} text:{text_digest(entry)} {when.isoformat()} "{user}" {reason}')
    entry.tcomment = "\n".join(kept)


def _drop_stale_acceptances(entry: polib.POEntry) -> None:
    digest = text_digest(entry)
    entry.tcomment = "\n".join(
        line
        for line in (entry.tcomment or "").splitlines()
        if not ((found := _ACCEPTED.match(line.strip())) and found.group("digest") != digest)
    )


def markers(entry: polib.POEntry) -> dict[str, str]:
    """The workflow's markers in the entry's translator comment, by name."""
    found: dict[str, str] = {}
    for line in (entry.tcomment or "").splitlines():
        # "NAME: VALUE", NAME one of MARKERS (the spaces after the colon are not the value)
        name, colon, value = line.strip().partition(":")
        if colon and name in _MARKER_NAMES:
            found[name] = value.lstrip()
    return found


def set_marker(entry: polib.POEntry, name: str, value: str | None) -> None:
    """Set (or with ``None`` remove) one marker, keeping every other comment line."""
    kept = [
        line
        for line in (entry.tcomment or "").splitlines()
        if not line.strip().startswith(f"{name}:")
    ]
    if value is not None:
        kept.append(f"{name}: {value}")
    entry.tcomment = "\n".join(kept)


def entry_state(entry: polib.POEntry) -> str:
    """The state of one (non-obsolete) entry."""
    if not entry.msgstr:
        return "untranslated"
    marks = markers(entry)
    if "fuzzy" in entry.flags:
        if entry.previous_msgid:
            return "outdated"
        if "machine" in marks:
            return "machine"
        return "draft"
    approved = marks.get("approved")
    for value in (marks.get("translated"), approved):
        # vouches(entry, parse_record(value)), without making the record
        if value is None:
            continue
        match = _RECORD.match(value)
        digest = match.group("digest") if match is not None else None
        if digest is None or digest != text_digest(entry):
            return "changed"
    return "approved" if approved else "translated"


def _set_fuzzy(entry: polib.POEntry, fuzzy: bool) -> None:
    if fuzzy and "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    if not fuzzy:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]


def apply_machine(entry: polib.POEntry, text: str, engine: str, when: date) -> None:
    """Store a machine suggestion: fuzzy, marked with the engine and the date."""
    entry.msgstr = text
    _set_fuzzy(entry, True)
    entry.previous_msgid = None
    set_marker(entry, "machine", f"{engine} {when.isoformat()}")
    for stale in ("memory", "numbers", "translated", "approved"):
        set_marker(entry, stale, None)


def apply_memory(entry: polib.POEntry, text: str, origin: str, when: date) -> None:
    """Store an exact translation-memory match: reviewed before, still to be confirmed."""
    apply_machine(entry, text, "memory", when)
    set_marker(entry, "memory", origin)


def apply_human(
    entry: polib.POEntry,
    text: str,
    state: str,
    user: str,
    when: date,
    translator: str | None = None,
) -> None:
    """Store a person's save: ``draft``, ``translated`` or ``approved``.

    ``translator`` credits someone else with the text (an accepted proposal's author).
    """
    if state not in SAVE_STATES:
        raise ValueError(f"unknown state {state!r}")
    changed = text != entry.msgstr
    entry.msgstr = text
    _drop_stale_acceptances(entry)
    stamp = _stamp(entry, user, when)
    if state == "draft" or not text:
        _set_fuzzy(entry, bool(text))
        set_marker(entry, "approved", None)
        if changed:
            set_marker(entry, "machine", None)
            set_marker(entry, "memory", None)
        if not text:
            entry.previous_msgid = None
            for name in MARKERS:
                set_marker(entry, name, None)
        return
    _set_fuzzy(entry, False)
    entry.previous_msgid = None
    set_marker(entry, "machine", None)
    set_marker(entry, "memory", None)
    set_marker(entry, "numbers", None)
    translated = record(entry, "translated")
    if translator is not None:
        set_marker(entry, "translated", _stamp(entry, translator, when))
    elif state == "translated" or translated is None or not translated.date:
        set_marker(entry, "translated", stamp)
    else:
        # The approver vouches for the text as it is now; the translator keeps the credit.
        set_marker(entry, "translated", _stamp(entry, translated.who, translated.date))
    set_marker(entry, "approved", stamp if state == "approved" else None)


def mark_outdated(entry: polib.POEntry, previous: str) -> None:
    """Flag a translation whose source changed, keeping the old source for the reviewer."""
    _set_fuzzy(entry, True)
    entry.previous_msgid = previous
    set_marker(entry, "approved", None)
