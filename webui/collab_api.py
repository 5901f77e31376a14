"""The JSON API for working together on a unit (documented in README.md).

* ``GET …/units/<id>/history``: every version, newest first
* ``POST …/units/<id>/comments`` ``{"text", "reply_to"?, "question"?}`` → 201
* ``POST …/units/<id>/comments/<cid>/resolve`` (``{"resolved": false}`` opens it again)
* ``POST …/units/<id>/proposals`` ``{"translation"}`` → 201
* ``POST …/proposals/<pid>/vote`` (``{"undo": true}`` takes the vote back)
* ``POST …/proposals/<pid>/accept`` ``{"revision", "state"?}``: 200, or 409 on a stale revision
* ``POST …/proposals/<pid>/dismiss``
* ``POST …/units/<id>/restore`` ``{"version", "revision"}``: 200, or 409
* ``POST …/units/<id>/presence``: "I am typing here" (``{"left": true}`` when leaving)
* ``GET /api/search?q=TEXT&lang=ar``

``…`` is ``/api/statements/<slug>/<lang>``. Every POST needs ``X-CSRFToken``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from werkzeug.wrappers import Response

from workflow.catalog.search import search as find_text
from workflow.team import presence, teamwork
from workflow.team.unithistory import unit_history

from .answers import api_call
from .auth import current_user, login_required
from .jsonbody import json_body
from .review import open_language
from .together import search_languages

bp = Blueprint("collab_api", __name__, url_prefix="/api")
UNIT = "/statements/<slug>/<lang>/units/<unit_id>"


def _run(action: Callable[[], Any]) -> Any:
    """Run a core action, turning its errors into the API's answers."""
    return api_call(action)


def _payload() -> dict[str, Any]:
    payload = json_body(required=False)
    return payload if isinstance(payload, dict) else {}


def _user() -> Any:
    user = current_user()
    assert user is not None
    return user


def saved_answer(view: dict[str, Any]) -> dict[str, Any]:
    """What a save through accept or restore answers."""
    keys = ("id", "revision", "state", "findings", "translation", "translated_by", "approved_by")
    return {key: view[key] for key in keys if key in view}


@bp.get(UNIT + "/history")
@login_required
def history(slug: str, lang: str, unit_id: str) -> Any:
    """Every version of the unit's translation, newest first."""
    statement = open_language(slug, lang)
    entry = _run(lambda: teamwork.current_entry(statement, lang, unit_id))
    return jsonify(unit_history(statement, lang, entry))


@bp.post(UNIT + "/comments")
@login_required
def comment(slug: str, lang: str, unit_id: str) -> Any:
    """Ask a question, answer one (``reply_to``) or leave a remark."""
    statement = open_language(slug, lang)
    payload = json_body()
    made = _run(lambda: teamwork.comment(statement, lang, unit_id, payload, _user()))
    return jsonify(made.as_json()), 201


@bp.post(UNIT + "/comments/<cid>/resolve")
@login_required
def resolve(slug: str, lang: str, unit_id: str, cid: str) -> Any:
    """Mark a comment resolved (``{"resolved": false}`` opens it again)."""
    statement = open_language(slug, lang)
    resolved = _payload().get("resolved", True) is not False
    done = _run(lambda: teamwork.resolve(statement, lang, unit_id, cid, _user(), resolved))
    return jsonify(done.as_json())


@bp.post(UNIT + "/proposals")
@login_required
def propose(slug: str, lang: str, unit_id: str) -> Any:
    """Propose another translation instead of overwriting the current one."""
    statement = open_language(slug, lang)
    payload = json_body()
    made = _run(lambda: teamwork.propose(statement, lang, unit_id, payload, _user()))
    return jsonify(made.as_json()), 201


@bp.post(UNIT + "/proposals/<pid>/vote")
@login_required
def vote(slug: str, lang: str, unit_id: str, pid: str) -> Any:
    """Vote for a proposal (``{"undo": true}`` takes the vote back)."""
    statement = open_language(slug, lang)
    undo = _payload().get("undo") is True
    done = _run(lambda: teamwork.vote(statement, lang, unit_id, pid, _user(), undo))
    return jsonify(done.as_json())


@bp.post(UNIT + "/proposals/<pid>/accept")
@login_required
def accept(slug: str, lang: str, unit_id: str, pid: str) -> Any:
    """Make a proposal the translation (reviewers and editors; revision-checked)."""
    statement = open_language(slug, lang)
    payload = json_body()
    result = _run(lambda: teamwork.accept(statement, lang, unit_id, pid, payload, _user()))
    return result if isinstance(result, tuple) else jsonify(saved_answer(result))


@bp.post(UNIT + "/proposals/<pid>/dismiss")
@login_required
def dismiss(slug: str, lang: str, unit_id: str, pid: str) -> Any:
    """Set a proposal aside (reviewers and editors)."""
    statement = open_language(slug, lang)
    done = _run(lambda: teamwork.dismiss(statement, lang, unit_id, pid, _user()))
    return jsonify(done.as_json())


@bp.post(UNIT + "/restore")
@login_required
def restore(slug: str, lang: str, unit_id: str) -> Any:
    """Save an earlier version of the translation again (revision-checked)."""
    statement = open_language(slug, lang)
    payload = json_body()
    result = _run(lambda: teamwork.restore(statement, lang, unit_id, payload, _user()))
    return result if isinstance(result, tuple) else jsonify(saved_answer(result))


@bp.post(UNIT + "/presence")
@login_required
def here(slug: str, lang: str, unit_id: str) -> Response:
    """The user is typing in this unit (or, with ``{"left": true}``, has left it)."""
    statement = open_language(slug, lang)
    _run(lambda: teamwork.current_entry(statement, lang, unit_id))
    instance = current_app.config["INSTANCE_DIR"]
    name = _user().name
    if _payload().get("left") is True:
        presence.leave(instance, slug, lang, unit_id, name)
    else:
        presence.touch(instance, slug, lang, unit_id, name)
    return jsonify({"working": presence.working_on(instance, slug, lang, unit_id, name)})


@bp.get("/search")
@login_required
def search() -> Response:
    """Units whose source or translation contains ``q``, in the user's languages."""
    query = request.args.get("q", "")
    langs = search_languages(request.args.get("lang", ""))
    hits = find_text(current_app.config["STATEMENTS_ROOT"], query, langs)
    return jsonify([hit.as_json() for hit in hits])
