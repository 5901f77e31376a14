"""Reviewing units: what a translator sees of a unit, and saving it safely.

A save carries the revision of the unit it was made from; under the catalog's lock the
server re-reads the catalog and refuses a save whose revision is stale (a conflict that
shows both versions), so nothing is silently overwritten. Every save is written
atomically and records who translated or approved the unit.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import polib

from .catalog import now, po_date
from .diff import word_diff
from .errors import WorkflowError
from .fileio import atomic_write_text
from .history import check_ready, record
from .mtcache import TranslationCache
from .pofile import read_entry, replace_entry
from .state import SAVE_STATES, apply_human, entry_state, markers
from .statement import Statement
from .unit import is_unit_id, unit_id
from .users import User

MAX_TRANSLATION = 20_000


class NotFound(WorkflowError):
    """An unknown statement, language or unit (HTTP 404)."""


class Forbidden(WorkflowError):
    """The user's role does not allow this (HTTP 403)."""


class BadInput(WorkflowError):
    """A malformed request (HTTP 400)."""


class Conflict(WorkflowError):
    """The unit changed since the user opened it (HTTP 409)."""

    def __init__(self, current: dict[str, Any]) -> None:
        super().__init__("someone else saved this unit in the meantime")
        self.current = current


def revision(entry: polib.POEntry) -> str:
    """A short fingerprint of everything a save could change in the entry."""
    parts = (entry.msgstr, ",".join(entry.flags), entry.tcomment or "", entry.previous_msgid or "")
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=6).hexdigest()


def unit_view(entry: polib.POEntry, suggestion: str | None = None) -> dict[str, Any]:
    """The API's view of a unit (plus what the review page shows)."""
    state = entry_state(entry)
    marks = markers(entry)
    if state == "machine":
        suggestion = entry.msgstr
    engine = marks.get("machine", "").split(" ")[0] or None
    return {
        "id": unit_id(entry.msgid),
        "source": entry.msgid,
        "previous_source": entry.previous_msgid,
        "translation": entry.msgstr,
        "state": state,
        "revision": revision(entry),
        "suggestion": suggestion,
        "engine": engine,
        "kind": entry.comment or "paragraph",
        "translated_by": marks.get("translated"),
        "approved_by": marks.get("approved"),
        "memory": marks.get("memory"),
        "numbers": marks.get("numbers") if state == "outdated" else None,
        "diff": word_diff(entry.previous_msgid, entry.msgid) if entry.previous_msgid else None,
    }


def find_entry(catalog: polib.POFile, wanted: str) -> polib.POEntry:
    """The active entry with unit id ``wanted``."""
    if not is_unit_id(wanted):
        raise NotFound(f"no unit {wanted!r}")
    for entry in catalog:
        if not entry.obsolete and unit_id(entry.msgid) == wanted:
            return entry
    raise NotFound(f"no unit {wanted!r}")


def locate(
    statement: Statement, lang: str, wanted: str, text: str
) -> tuple[polib.POEntry, polib.POFile | None]:
    """The entry of unit ``wanted`` in the PO ``text``: read on its own when the file is laid
    out as we write it (the catalog is then None), else from the parsed catalog."""
    msgid = statement.unit_index().get(wanted)
    entry = read_entry(text, msgid) if msgid is not None else None
    if entry is not None:
        return entry, None
    catalog = statement.catalog(lang)
    return find_entry(catalog, wanted), catalog


def load_statement(root: Any, slug: str, lang: str) -> Statement:
    """The statement and language of a review URL, or :class:`NotFound`."""
    try:
        statement = Statement.load(root, slug)
    except WorkflowError:
        raise NotFound(f"no statement {slug!r}") from None
    if lang not in statement.meta.languages:
        raise NotFound(f"{slug} has no language {lang!r}")
    return statement


def unit_views(
    statement: Statement, lang: str, cache: TranslationCache | None = None
) -> list[dict[str, Any]]:
    """Every active unit of one language, in document order."""
    catalog = statement.cached_catalog(lang)
    views = []
    for entry in catalog:
        if entry.obsolete:
            continue
        suggestion = None
        if cache is not None and entry_state(entry) != "machine":
            suggestion = cache.lookup(statement.meta.source_language, lang, entry.msgid)
        views.append(unit_view(entry, suggestion))
    return views


def save_unit(
    statement: Statement,
    lang: str,
    wanted: str,
    payload: Any,
    user: User,
) -> dict[str, Any]:
    """Apply one save from the page or the API; returns the unit's new view.

    ``payload`` is ``{"translation": str, "state": "draft"|"translated"|"approved",
    "revision": str}``. Raises :class:`BadInput`, :class:`Forbidden`, :class:`NotFound` or
    :class:`Conflict`.
    """
    if not isinstance(payload, dict):
        raise BadInput("send a JSON object with translation, state and revision")
    translation, state, seen = (
        payload.get("translation"),
        payload.get("state"),
        payload.get("revision"),
    )
    if not isinstance(translation, str) or not isinstance(seen, str) or not isinstance(state, str):
        raise BadInput("translation, state and revision must be strings")
    if state not in SAVE_STATES:
        raise BadInput(f"state must be one of {', '.join(SAVE_STATES)}")
    if len(translation) > MAX_TRANSLATION:
        raise BadInput(f"the translation is longer than {MAX_TRANSLATION} characters")
    if "\x00" in translation:
        raise BadInput("the translation contains a NUL character")
    if not user.can_edit(lang):
        raise Forbidden(f"{user.name} may not change {lang} translations")
    if state == "approved" and not user.can_approve(lang):
        raise Forbidden(f"{user.name} may not approve {lang} translations")
    text = translation.replace("\r\n", "\n").replace("\r", "\n").strip()
    if state != "draft" and not text:
        raise BadInput("an empty translation can only be saved as a draft")
    with statement.lock(lang):
        path = statement.po_path(lang)
        current = path.read_text(encoding="utf-8")
        check_ready(statement.root, current)
        entry, catalog = locate(statement, lang, wanted, current)
        if revision(entry) != seen:
            raise Conflict(unit_view(entry))
        apply_human(entry, text, state, user.name, date.today())
        if catalog is None:
            updated = replace_entry(current, entry, po_date(now()))
            assert updated is not None  # read_entry found the entry in this same text
            atomic_write_text(path, updated)
        else:
            statement.save_catalog(lang, catalog)
        view = unit_view(entry)
        record(
            statement.root,
            user.name,
            save_message(statement, lang, view, user.name),
            [statement.po_path(lang)],
        )
    return view


def save_message(statement: Statement, lang: str, view: dict[str, Any], author: str) -> str:
    """The commit message of one save: ``Layla: gaza ar #3 translated`` and the unit id."""
    ids = list(statement.unit_index())
    number = ids.index(view["id"]) + 1 if view["id"] in ids else 0
    return f"{author}: {statement.slug} {lang} #{number} {view['state']}\n\nunit {view['id']}"
