"""What people do together on a unit, with the same rules for the pages, the API and the CLI.

Accepting a proposal and restoring an old version are saves: they go through
:func:`workflow.team.review.save_unit` (revision check, checks and records, a commit), never a
rewrite of history. Comments and votes go to the statement's note log
(:mod:`workflow.team.collab`) and are committed like translations.
"""

from __future__ import annotations

from typing import Any

import polib

from ..catalog.diff import cached_diff
from ..catalog.pofile import read_catalog
from ..catalog.state import STATES, entry_state
from ..catalog.statement import Statement
from ..filecache import Key, cached_by_identity
from ..i18n import N_, LanguageCode
from . import collab
from .review import BadInput, Forbidden, NotFound, locate, save_unit
from .unithistory import unit_history
from .users import User

_OTHERS: dict[str, tuple[Key, dict[str, tuple[str, str]]]] = {}
# Approved first, then the states closest to it.
_STATE_ORDER = {state: index for index, state in enumerate(reversed(STATES))}


def check_can_work(user: User, lang: str) -> None:
    """Comments, proposals and votes are for people who work in the language."""
    if not user.can_edit(lang):
        raise Forbidden(
            N_("%(name)s does not work on the %(lang)s translation."),
            name=user.name,
            lang=LanguageCode(lang),
        )


def check_can_review(user: User, lang: str) -> None:
    """Accepting and dismissing proposals is for reviewers of the language and editors."""
    if not user.can_approve(lang):
        raise Forbidden(
            N_("Only reviewers of %(lang)s and editors can accept or dismiss proposals."),
            lang=LanguageCode(lang),
        )


def current_entry(statement: Statement, lang: str, unit: str) -> polib.POEntry:
    """The unit's entry as it is on disk now (or :class:`NotFound`)."""
    text = statement.po_path(lang).read_text(encoding="utf-8")
    return locate(statement, lang, unit, text)[0]


def comment(statement: Statement, lang: str, unit: str, payload: Any, user: User) -> collab.Comment:
    """Ask, answer or remark on a unit: ``{"text", "reply_to"?, "question"?}``."""
    check_can_work(user, lang)
    current_entry(statement, lang, unit)
    if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
        raise BadInput(N_("send a JSON object with the comment's text"))
    reply_to = payload.get("reply_to") or None
    question = payload.get("question")
    if reply_to is not None and not isinstance(reply_to, str):
        raise BadInput(N_("reply_to must be a comment id"))
    if question is not None and not isinstance(question, bool):
        raise BadInput(N_("question must be true or false"))
    try:
        made = collab.add_comment(
            statement, lang, unit, payload["text"], user.name, reply_to=reply_to, question=question
        )
    except collab.NoteError as exc:
        raise BadInput(exc.template, **exc.params) from None
    return made


def resolve(
    statement: Statement, lang: str, unit: str, cid: str, user: User, resolved: bool = True
) -> collab.Comment:
    """Mark a question resolved (its author, reviewers and editors) or open it again."""
    check_can_work(user, lang)
    try:
        found = collab.find_comment(statement, lang, unit, cid)
    except collab.NoteError as exc:
        raise NotFound(exc.template, **exc.params) from None
    if found.author != user.name and not user.can_approve(lang):
        raise Forbidden(N_("Only the person who asked, reviewers and editors can resolve it."))
    done = collab.resolve_comment(statement, lang, unit, cid, user.name, resolved)
    return done


def propose(
    statement: Statement, lang: str, unit: str, payload: Any, user: User
) -> collab.Proposal:
    """Offer another translation instead of overwriting: ``{"translation"}``."""
    check_can_work(user, lang)
    entry = current_entry(statement, lang, unit)
    if not isinstance(payload, dict) or not isinstance(payload.get("translation"), str):
        raise BadInput(N_("send a JSON object with the proposed translation"))
    if payload["translation"].strip() == entry.msgstr:
        raise BadInput(N_("The proposal is the same as the current translation."))
    try:
        made = collab.add_proposal(statement, lang, unit, payload["translation"], user.name)
    except collab.NoteError as exc:
        raise BadInput(exc.template, **exc.params) from None
    return made


def _proposal(statement: Statement, lang: str, unit: str, pid: str) -> collab.Proposal:
    found = collab.load_notes(statement).proposals.get(pid) if collab.is_note_id(pid) else None
    if found is None or found.lang != lang or found.unit != unit:
        raise NotFound(N_("There is no proposal %(id)s on this unit."), id=repr(pid))
    if found.status != "open":
        raise BadInput(collab.CLOSED[found.status])
    return found


def vote(
    statement: Statement, lang: str, unit: str, pid: str, user: User, undo: bool = False
) -> collab.Proposal:
    """Vote for a proposal (once each, not its author; ``undo`` takes it back)."""
    check_can_work(user, lang)
    proposal = _proposal(statement, lang, unit, pid)
    if proposal.author == user.name and not undo:
        raise Forbidden(N_("A proposal cannot be voted for by the person who made it."))
    done = collab.vote(statement, lang, unit, pid, user.name, undo)
    return done


def dismiss(statement: Statement, lang: str, unit: str, pid: str, user: User) -> collab.Proposal:
    """Set a proposal aside (reviewers and editors)."""
    check_can_review(user, lang)
    _proposal(statement, lang, unit, pid)
    done = collab.close_proposal(statement, lang, unit, pid, user.name, accepted=False)
    return done


def accept(
    statement: Statement, lang: str, unit: str, pid: str, payload: Any, user: User
) -> dict[str, Any]:
    """Make a proposal the translation (reviewers and editors): ``{"revision", "state"?}``.

    A save through the same path as any other, credited to the proposal's author and
    approved unless ``state`` says ``translated``. Returns the save's unit view.
    """
    check_can_review(user, lang)
    proposal = _proposal(statement, lang, unit, pid)
    if not isinstance(payload, dict) or not isinstance(payload.get("revision"), str):
        raise BadInput(N_("send a JSON object with the revision of the unit you saw"))
    state = payload.get("state", "approved")
    if state not in ("translated", "approved"):
        raise BadInput(N_("an accepted proposal is saved as translated or approved"))
    view = save_unit(
        statement,
        lang,
        unit,
        {"translation": proposal.translation, "state": state, "revision": payload["revision"]},
        user,
        credit=proposal.author,
    )
    collab.close_proposal(statement, lang, unit, pid, user.name, accepted=True)
    return view


def restore(statement: Statement, lang: str, unit: str, payload: Any, user: User) -> dict[str, Any]:
    """Save an earlier version again: ``{"version": n, "revision", "id"?}`` with ``n``
    counted in the history as ``GET …/history`` lists it (0 is the newest) and ``id`` the
    version's there: given, it is the version restored wherever it now stands (a sync may
    have put another office's version before it). Approved versions come back approved
    only for those who may approve; the rest come back as translated."""
    if not isinstance(payload, dict):
        raise BadInput(N_("send a JSON object with the version and the revision"))
    number, seen, wanted = payload.get("version"), payload.get("revision"), payload.get("id")
    if not isinstance(number, int) or isinstance(number, bool) or not isinstance(seen, str):
        raise BadInput(N_("version must be a number and revision a string"))
    if wanted is not None and not isinstance(wanted, str):
        raise BadInput(N_("id must be a string"))
    history = unit_history(statement, lang, current_entry(statement, lang, unit))
    if wanted:
        found = [item for item in history if item["id"] == wanted]
        if not found:
            raise NotFound(
                N_("That version is no longer in this unit's history: open the unit again.")
            )
        chosen = found[0]
    elif 0 <= number < len(history):
        chosen = history[number]
    else:
        raise NotFound(N_("There is no version %(number)s of this unit."), number=number)
    if chosen["state"] == "approved" and user.can_approve(lang):
        state = "approved"
    elif chosen["state"] in ("translated", "approved"):
        state = "translated"
    else:
        state = "draft"
    return save_unit(
        statement,
        lang,
        unit,
        {"translation": chosen["translation"], "state": state, "revision": seen},
        user,
    )


def _language_index(path: Any) -> dict[str, tuple[str, str]]:
    return {
        entry.msgid: (entry.msgstr, entry_state(entry))
        for entry in read_catalog(path)
        if not entry.obsolete
    }


def other_languages(statement: Statement, lang: str, source: str) -> dict[str, dict[str, str]]:
    """The same unit in the statement's other languages, approved ones first."""
    found = {}
    for other in statement.meta.languages:
        if other == lang:
            continue
        index = cached_by_identity(_OTHERS, statement.po_path(other), _language_index)
        translation, state = index.get(source, ("", "untranslated"))
        found[other] = {"translation": translation, "state": state}
    ordered = sorted(found.items(), key=lambda item: _STATE_ORDER[item[1]["state"]])
    return dict(ordered)


def notes_view(statement: Statement, lang: str, unit: str, translation: str) -> dict[str, Any]:
    """The unit's comments and open proposals as the API and the page show them; each
    proposal has a word diff against the current translation."""
    notes = collab.load_notes(statement)
    proposals = []
    for proposal in notes.unit_proposals(lang, unit):
        shown = proposal.as_json()
        shown["diff"] = cached_diff(translation, proposal.translation)
        proposals.append(shown)
    return {
        "comments": [c.as_json() for c in notes.unit_comments(lang, unit)],
        "proposals": proposals,
    }
