"""Unit states, kept in the PO files alone and where GNU gettext tools keep them.

* untranslated: empty ``msgstr``
* machine: ``#, fuzzy`` and a translator comment ``# machine: ENGINE DATE``
* outdated: ``#, fuzzy`` and a previous source (``#| msgid``)
* draft: ``#, fuzzy`` with neither (saved by a person, not yet marked translated)
* translated: not fuzzy (``# translated: NAME DATE`` says who)
* approved: not fuzzy and ``# approved: NAME DATE``

``msgmerge``, ``msgcat`` and ``msgattrib`` drop ``#,`` flags they do not know but keep
translator comments, so the markers are translator comments.
"""

from __future__ import annotations

import re
from datetime import date

import polib

STATES = ("untranslated", "machine", "outdated", "draft", "translated", "approved")
# What a person may set from the review page or the API.
SAVE_STATES = ("draft", "translated", "approved")
MARKERS = ("machine", "memory", "numbers", "translated", "approved")

_MARKER = re.compile(r"^(machine|memory|numbers|translated|approved):\s*(.*)$")


def markers(entry: polib.POEntry) -> dict[str, str]:
    """The workflow's markers in the entry's translator comment, by name."""
    found: dict[str, str] = {}
    for line in (entry.tcomment or "").splitlines():
        match = _MARKER.match(line.strip())
        if match:
            found[match.group(1)] = match.group(2)
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
    if "fuzzy" in entry.flags:
        if entry.previous_msgid:
            return "outdated"
        if "machine" in markers(entry):
            return "machine"
        return "draft"
    if "approved" in markers(entry):
        return "approved"
    return "translated"


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
    stamp = f"{user} {when.isoformat()}"
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
    if translator is not None:
        set_marker(entry, "translated", f"{translator} {when.isoformat()}")
    elif state == "translated" or "translated" not in markers(entry):
        set_marker(entry, "translated", stamp)
    set_marker(entry, "approved", stamp if state == "approved" else None)


def mark_outdated(entry: polib.POEntry, previous: str) -> None:
    """Flag a translation whose source changed, keeping the old source for the reviewer."""
    _set_fuzzy(entry, True)
    entry.previous_msgid = previous
    set_marker(entry, "approved", None)
