"""Reviewing units: what a translator sees of a unit, and saving it safely.

A save carries the revision of the unit it was made from; under the catalog's lock the
server re-reads the catalog and refuses a save whose revision is stale (a conflict that
shows both versions), so nothing is silently overwritten. Every save is written
atomically and records who translated or approved the unit.
"""

from __future__ import annotations

import hashlib
from typing import Any

import polib

from ..catalog.diff import word_diff
from ..catalog.entries import is_unit_entry, now, po_date
from ..catalog.pofile import read_entry, replace_entry
from ..catalog.state import (
    SAVE_STATES,
    accept_finding,
    apply_human,
    entry_state,
    markers,
    parse_record,
)
from ..catalog.statement import Statement
from ..catalog.unit import is_unit_id, unit_id
from ..config import Config, load_config
from ..errors import WorkflowError
from ..fileio import atomic_write_text, sync_folder
from ..git.history import check_ready, record
from ..i18n import N_, LanguageCode
from ..mt.cache import TranslationCache
from ..quality.checks import check_entry, context_for
from ..textrules import check_translation, check_typed
from .collab import Unflushed, record_version
from .unithistory import git_top, logged_newest
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
        super().__init__(N_("someone else saved this unit in the meantime"))
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
    translated = parse_record(marks.get("translated"))
    approved = parse_record(marks.get("approved"))
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
        "translated_by": translated.label if translated else None,
        "approved_by": approved.label if approved else None,
        "translated_by_name": translated.who if translated else None,
        "approved_by_name": approved.who if approved else None,
        "translated_on": (translated.date or None) if translated else None,
        "approved_on": (approved.date or None) if approved else None,
        "memory": marks.get("memory"),
        "numbers": marks.get("numbers") if state == "outdated" else None,
        "diff": word_diff(entry.previous_msgid, entry.msgid) if entry.previous_msgid else None,
    }


def find_entry(catalog: polib.POFile, wanted: str) -> polib.POEntry:
    """The active entry with unit id ``wanted``."""
    if not is_unit_id(wanted):
        raise NotFound(N_("no unit %(unit)s"), unit=repr(wanted))
    for entry in catalog:
        if is_unit_entry(entry) and unit_id(entry.msgid) == wanted:
            return entry
    raise NotFound(N_("no unit %(unit)s"), unit=repr(wanted))


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


def last_saved(statement: Statement, lang: str, refused: Conflict) -> Conflict:
    """``refused`` with who saved the unit last and when (``saved_by``, ``saved_on``: an ISO
    moment) when the notes log has that version (the history where there is no git): a
    draft carries no record of its own. Looked up once the catalog's lock is let go; with
    git, or a log that cannot be read, the unit's records answer for it."""
    current = refused.current
    try:
        newest = logged_newest(statement, lang, current["id"])
    except (OSError, ValueError, WorkflowError):
        return refused
    if newest is not None and newest.translation == current["translation"]:
        who = newest.approved_by if newest.state == "approved" else ""
        current["saved_by"] = who or newest.author or None
        current["saved_on"] = newest.date or None
    return refused


def load_statement(root: Any, slug: str, lang: str) -> Statement:
    """The statement and language of a review URL, or :class:`NotFound`."""
    try:
        statement = Statement.load(root, slug)
    except WorkflowError:
        raise NotFound(N_("no statement %(slug)s"), slug=repr(slug)) from None
    if lang not in statement.meta.languages:
        raise NotFound(N_("%(slug)s has no language %(language)s"), slug=slug, language=repr(lang))
    return statement


def unit_views(
    statement: Statement, lang: str, cache: TranslationCache | None = None
) -> list[dict[str, Any]]:
    """Every active unit of one language, in document order."""
    catalog = statement.cached_catalog(lang)
    views = []
    for entry in statement.entries_by_unit(lang, catalog).values():
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
    credit: str | None = None,
) -> dict[str, Any]:
    """Apply one save from the page or the API; returns the unit's new view.

    ``payload`` is ``{"translation": str, "state": "draft"|"translated"|"approved",
    "revision": str}``. ``credit`` names the person whose text it is when that is not the
    user (an accepted proposal). Raises :class:`BadInput`, :class:`Forbidden`,
    :class:`NotFound` or :class:`Conflict`.
    """
    if not isinstance(payload, dict):
        raise BadInput(N_("send a JSON object with translation, state and revision"))
    translation, state, seen = (
        payload.get("translation"),
        payload.get("state"),
        payload.get("revision"),
    )
    if not isinstance(translation, str) or not isinstance(seen, str) or not isinstance(state, str):
        raise BadInput(N_("translation, state and revision must be strings"))
    if state not in SAVE_STATES:
        raise BadInput(N_("state must be one of %(states)s"), states=", ".join(SAVE_STATES))
    if len(translation) > MAX_TRANSLATION:
        raise BadInput(
            N_("the translation is longer than %(limit)s characters"),
            limit=MAX_TRANSLATION,
        )
    if not user.can_edit(lang):
        raise Forbidden(
            N_("%(name)s may not change %(language)s translations"),
            name=user.name,
            language=LanguageCode(lang),
        )
    if state == "approved" and not user.can_approve(lang):
        raise Forbidden(
            N_("%(name)s may not approve %(language)s translations"),
            name=user.name,
            language=LanguageCode(lang),
        )
    text = translation.replace("\r\n", "\n").replace("\r", "\n").strip()
    if state != "draft" and not text:
        raise BadInput(N_("an empty translation can only be saved as a draft"))
    source = statement.unit_index().get(wanted, "") if is_unit_id(wanted) else ""
    try:
        check_translation(text, source)
    except WorkflowError as exc:
        raise BadInput(exc.template, **exc.params) from None
    config = load_config(statement.root)
    version: Unflushed | None = None
    wrote = False
    try:
        with statement.lock(lang):
            path = statement.po_path(lang)
            current = path.read_text(encoding="utf-8")
            check_ready(statement.root, current)
            entry, catalog = locate(statement, lang, wanted, current)
            if revision(entry) != seen:
                raise Conflict(unit_view(entry))
            apply_human(entry, text, state, user.name, config.today(), translator=credit)
            _write_entry(statement, lang, current, entry, catalog)
            wrote = True
            view = unit_view(entry)
            author = credit or user.name
            message = save_message(statement, lang, view, author)
            if credit:
                first, rest = message.split("\n", 1)
                message = f"{first} (accepted by {user.name})\n{rest}"
            record(statement.root, author, message, [statement.po_path(lang)])
            if git_top(statement) is None:
                approver = user.name if view["state"] == "approved" and user.name != author else ""
                version = record_version(
                    statement, lang, view["id"], author, view["state"], text, approver
                )
    except Conflict as refused:
        raise last_saved(statement, lang, refused) from None
    finally:
        # The catalog's folder (its rename) and the log: written under the lock, so the log
        # keeps the saves' order; flushed to disk after it, so the next save of this
        # language does not wait for that, and before the answer.
        try:
            if wrote:
                sync_folder(statement.dir)
        finally:
            if version is not None:
                version.flush()
    view["findings"] = findings_for(statement, lang, entry, config)
    return view


def _write_entry(
    statement: Statement,
    lang: str,
    current: str,
    entry: polib.POEntry,
    catalog: polib.POFile | None,
) -> None:
    """Write one changed entry: in place when the file is laid out as we write it."""
    if catalog is None:
        updated = replace_entry(current, entry, po_date(now()))
        assert updated is not None  # read_entry found the entry in this same text
        atomic_write_text(statement.po_path(lang), updated, folder_later=True)
    else:
        statement.save_catalog(lang, catalog)


def findings_for(
    statement: Statement, lang: str, entry: polib.POEntry, config: Config | None = None
) -> list[dict[str, Any]]:
    """The checks' findings on the unit's text as it is now (``check``, ``severity``,
    ``message``, ``template`` and ``params``, and ``accepted`` where a reviewer accepted one
    for this text); ``config``: the project's settings, when the caller has read them."""
    if not entry.msgstr:
        return []
    settings = config if config is not None else load_config(statement.root)
    ctx = context_for(statement, lang, settings.allowed)
    return check_entry(entry, ctx, with_templates=True)


def blocking(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The errors among ``findings`` that nobody accepted: they hold a language back."""
    return [item for item in findings if item["severity"] == "error" and "accepted" not in item]


MAX_REASON = 500


def accept(
    statement: Statement, lang: str, wanted: str, payload: Any, user: User
) -> dict[str, Any]:
    """Accept one finding of one unit on purpose: ``{"check", "reason", "revision"}``.

    Only reviewers of the language and editors may; the acceptance stands for the text as
    it is now and the finding counts again as soon as the text changes.
    """
    if not isinstance(payload, dict):
        raise BadInput(N_("Send a JSON object with check, reason and revision."))
    check, reason, seen = payload.get("check"), payload.get("reason"), payload.get("revision")
    if not isinstance(check, str) or not isinstance(reason, str) or not isinstance(seen, str):
        raise BadInput(N_("Check, reason and revision must be strings."))
    if not user.can_approve(lang):
        raise Forbidden(
            N_("%(name)s may not accept findings in this language: a reviewer can."),
            name=user.name,
        )
    reason = " ".join(reason.split())
    if not reason:
        raise BadInput(N_("Say why the finding is right to accept: the reason is empty."))
    if len(reason) > MAX_REASON:
        raise BadInput(N_("The reason is longer than %(limit)s characters."), limit=MAX_REASON)
    try:
        check_typed(reason)
    except WorkflowError as exc:
        raise BadInput(exc.template, **exc.params) from None
    config = load_config(statement.root)
    with statement.lock(lang):
        current = statement.po_path(lang).read_text(encoding="utf-8")
        entry, catalog = locate(statement, lang, wanted, current)
        if revision(entry) != seen:
            raise Conflict(unit_view(entry))
        findings = findings_for(statement, lang, entry, config)
        if not any(item["check"] == check for item in findings):
            raise BadInput(N_("This unit has no %(check)s finding to accept."), check=check)
        accept_finding(entry, check, user.name, config.today(), reason)
        _write_entry(statement, lang, current, entry, catalog)
        view = unit_view(entry)
        record(
            statement.root,
            user.name,
            f"{user.name}: {statement.slug} {lang} {check} finding accepted\n\nunit {view['id']}",
            [statement.po_path(lang)],
        )
    view["findings"] = findings_for(statement, lang, entry, config)
    return view


def save_message(statement: Statement, lang: str, view: dict[str, Any], author: str) -> str:
    """The commit message of one save: ``Layla: gaza ar #3 translated`` and the unit id."""
    ids = list(statement.unit_index())
    number = ids.index(view["id"]) + 1 if view["id"] in ids else 0
    return f"{author}: {statement.slug} {lang} #{number} {view['state']}\n\nunit {view['id']}"
