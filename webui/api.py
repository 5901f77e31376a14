"""The JSON API (used by the review page itself; documented in README.md).

* ``GET /api/statements``
* ``GET /api/statements/<slug>/<lang>/units``
* ``POST /api/statements/<slug>/<lang>/units/<unit_id>`` with
  ``{"translation", "state", "revision"}``: 200 with the new revision, 409 with the current
  text (and who saved it) on a stale revision, 403, 400, 404; the answer carries the checks'
  ``findings``.
* ``POST /api/statements/<slug>/<lang>/units/<unit_id>/accept`` with
  ``{"check", "reason", "revision"}``: a reviewer accepts one finding on purpose.

Every POST needs ``X-CSRFToken``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, jsonify
from werkzeug.wrappers import Response

from workflow.team.review import (
    NotFound,
    accept,
    findings_for,
    locate,
    save_unit,
    unit_view,
)

from .answers import api_call
from .auth import current_user, editor_required, login_required
from .dashboard import visible_status
from .editor import job_message, job_status
from .i18n import public_findings
from .jsonbody import json_body
from .messages import user_message
from .review import open_language, views_for
from .unitextras import together

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/statements")
@login_required
def statements() -> Response:
    """Every statement with its progress (a user sees the languages they work in)."""
    records = visible_status()
    return jsonify(records)


@bp.get("/statements/<slug>/<lang>/units")
@login_required
def units(slug: str, lang: str) -> Response:
    """Every unit of one language."""
    statement = open_language(slug, lang)
    fields = ("id", "source", "previous_source", "translation", "state", "revision", "suggestion")
    return jsonify(
        [
            {key: view[key] for key in fields} | {"engine": view["engine"]}
            for view in views_for(statement, lang)
        ]
    )


@bp.get("/statements/<slug>/<lang>/units/<unit_id>")
@login_required
def unit(slug: str, lang: str, unit_id: str) -> Response:
    """One unit, as it is now (what a reviewer opens before editing)."""
    statement = open_language(slug, lang)
    try:
        entry, _ = locate(
            statement, lang, unit_id, statement.po_path(lang).read_text(encoding="utf-8")
        )
    except NotFound as exc:
        abort(404, user_message(exc))
    view = unit_view(entry)
    fields = ("id", "source", "previous_source", "translation", "state", "revision", "suggestion")
    return jsonify(
        {key: view[key] for key in fields}
        | {
            "engine": view["engine"],
            "findings": public_findings(findings_for(statement, lang, entry)),
        }
        | together(statement, lang, view)
    )


@bp.post("/statements/<slug>/<lang>/units/<unit_id>")
@login_required
def save(slug: str, lang: str, unit_id: str) -> Any:
    """Save one unit."""
    statement = open_language(slug, lang)
    user = current_user()
    assert user is not None
    payload = json_body()
    return _answer(lambda: save_unit(statement, lang, unit_id, payload, user))


@bp.post("/statements/<slug>/<lang>/units/<unit_id>/accept")
@login_required
def accept_finding(slug: str, lang: str, unit_id: str) -> Any:
    """Accept one finding of a unit on purpose (reviewers of the language and editors)."""
    statement = open_language(slug, lang)
    user = current_user()
    assert user is not None
    payload = json_body()
    return _answer(lambda: accept(statement, lang, unit_id, payload, user))


def _answer(action: Callable[[], dict[str, Any]]) -> Any:
    """Run a save-like action and answer as the API does for saves."""
    view = api_call(action)
    if isinstance(view, tuple):
        return view
    return jsonify(
        {
            "id": view["id"],
            "revision": view["revision"],
            "state": view["state"],
            "findings": public_findings(view["findings"]),
        }
    )


@bp.get("/jobs/<job_id>")
@editor_required
def job(job_id: str) -> Response:
    """Progress of a background job (machine pretranslation)."""
    return jsonify(job_status(job_id) | {"message": job_message(job_status(job_id))})
